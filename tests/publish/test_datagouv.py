"""`aictdata publish datagouv` against a data.gouv.fr contract server (datagouv_server.py):
first publication, idempotent second run, one changed file, an interrupted run resumed,
and the failures a platform throws (401, 500 then success, silence); 429 + Retry-After
in test_datagouv_series.py, with its waits injected."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from aictdata.output import layout
from tests.publish.conftest import FAST, published_paths, run_cli
from tests.publish.contract import Answer
from tests.publish.datagouv_server import KEY, DataGouvServer

ENV = {"AICTDATA_DATAGOUV_API_KEY": KEY}


@pytest.fixture
def server():
    platform = DataGouvServer()
    with platform.running() as url:
        platform.url = url
        yield platform


def publish(server: DataGouvServer, site: Path, *extra: str, env: dict | None = None):
    api = server.url + "api/1/"
    return run_cli(
        "publish",
        "datagouv",
        "--site",
        str(site),
        "--api-url",
        api,
        *FAST,
        *extra,
        env=ENV if env is None else env,
    )


def manifest(site: Path) -> dict[str, str]:
    data = json.loads((site / layout.MANIFEST).read_text(encoding="utf-8"))
    return {entry["path"]: entry["sha256"] for entry in data["files"]}


def resources_by_path(server: DataGouvServer) -> dict[str, dict]:
    (dataset,) = server.ours()
    found: dict[str, dict] = {}
    for resource in dataset["resources"]:
        path = resource["extras"]["aictdata:path"]
        assert path not in found, f"two resources for {path}"
        found[path] = resource
    return found


def test_first_publication_creates_the_dataset_with_one_resource_per_file(server, validated_site):
    result = publish(server, validated_site)
    assert result.exit_code == 0, result.output
    (dataset,) = server.ours()
    assert dataset["license"] == "lov2" and dataset["frequency"] == "irregular"
    assert dataset["private"] is False
    days = json.loads((validated_site / layout.DATA_ALL_EDITIONS).read_text("utf-8"))["editions"]
    assert dataset["temporal_coverage"] == {
        "start": min(e["start_date"] for e in days),
        "end": max(e["end_date"] for e in days),
    }
    assert "rencontres-de-l-aict" in dataset["tags"]
    assert dataset["title"].startswith("Rencontres de l’action internationale")
    resources = resources_by_path(server)
    assert set(resources) == published_paths(validated_site)
    hashes = manifest(validated_site)
    for path, resource in resources.items():
        assert resource["checksum"] == {"type": "sha256", "value": hashes[path]}
        assert resource["url"] == "http://raict.org/" + path
        assert resource["filetype"] == "remote" and resource["type"] == "main"
    created = len(resources) + 1  # the dataset and each resource; then it is made public
    assert result.output.splitlines()[-1].endswith(f"{created} created, 1 updated, 0 unchanged")


def test_second_run_with_the_same_build_changes_nothing(server, validated_site):
    assert publish(server, validated_site).exit_code == 0
    writes = len(server.writes)
    before = json.dumps(server.ours(), sort_keys=True)
    result = publish(server, validated_site)
    assert result.exit_code == 0, result.output
    assert len(server.writes) == writes, "the second run wrote"
    assert json.dumps(server.ours(), sort_keys=True) == before
    unchanged = len(published_paths(validated_site))
    assert result.output.splitlines()[-1].endswith(f"0 created, 0 updated, {unchanged} unchanged")


def test_a_changed_file_updates_only_its_resource(server, validated_site, changed_site):
    assert publish(server, validated_site).exit_code == 0
    ids = {path: r["id"] for path, r in resources_by_path(server).items()}
    writes = len(server.writes)
    result = publish(server, changed_site)
    assert result.exit_code == 0, result.output
    old, new = manifest(validated_site), manifest(changed_site)
    before = published_paths(validated_site)
    changed = {p for p in published_paths(changed_site) & before if old[p] != new[p]}
    assert "data/sessions.csv" in changed and "data/series.csv" not in changed
    assert "2024/calendar.ics" not in changed
    # the changes table, without rows (and so undescribed) until the programme changed
    appeared = published_paths(changed_site) - before
    assert appeared == {"data/changes.csv"}
    lines = result.output.splitlines()
    updated = {line.removeprefix("updated ") for line in lines if line.startswith("updated ")}
    assert updated == changed
    assert len(server.writes) - writes == len(changed) + len(appeared)
    after = resources_by_path(server)
    assert {path: r["id"] for path, r in after.items() if path not in appeared} == ids
    assert all(after[p]["checksum"]["value"] == new[p] for p in after)


def test_the_platform_rewriting_checksum_and_size_does_not_make_runs_rewrite(
    server, validated_site
):
    """data.gouv.fr's analysis of a remote file may set its own checksum and size."""
    assert publish(server, validated_site).exit_code == 0
    for resource in server.ours()[0]["resources"]:
        resource["checksum"] = {"type": "sha1", "value": "0" * 40}
        resource["filesize"] += 1
    writes = len(server.writes)
    result = publish(server, validated_site)
    assert result.exit_code == 0, result.output
    assert len(server.writes) == writes


def test_an_interrupted_run_is_completed_by_the_next_never_duplicated(server, validated_site):
    server.writes_before_crash = 6  # the dataset and five resources, then the platform goes
    broken = publish(server, validated_site, "--retries", "0")
    assert broken.exit_code == 1
    assert len(broken.output.strip().splitlines()) == 1
    assert broken.output.startswith("error: cannot reach data.gouv.fr")
    (dataset,) = server.ours()
    assert dataset["private"] is True and len(dataset["resources"]) == 5
    server.recover()
    result = publish(server, validated_site)
    assert result.exit_code == 0, result.output
    (dataset,) = server.ours()
    assert dataset["private"] is False
    assert set(resources_by_path(server)) == published_paths(validated_site)


def test_a_refused_key_is_one_line_and_exit_1(server, validated_site):
    result = publish(server, validated_site, env={"AICTDATA_DATAGOUV_API_KEY": "not-the-key-9"})
    assert result.exit_code == 1
    assert result.output == (
        "error: data.gouv.fr: the key was refused (check the key in its environment variable):"
        " HTTP 401 on GET /api/1/me/org_datasets/: Invalid API Key\n"
    )
    assert "not-the-key-9" not in result.output
    assert server.datasets == {}


def test_a_server_error_then_success_is_retried(server, validated_site):
    server.faults.append(Answer(500, {"message": "Internal Server Error"}))
    result = publish(server, validated_site)
    assert result.exit_code == 0, result.output
    assert [e.status for e in server.log[:2]] == [500, 200]
    assert len(server.ours()) == 1


def test_a_failed_creation_is_not_retried_and_the_next_run_creates_one(server, validated_site):
    """A POST answered 500 may have created something: it is not sent twice."""
    server.faults.append(Answer(500, {"message": "Internal Server Error"}, when="POST"))
    result = publish(server, validated_site)
    assert result.exit_code == 1
    assert "server error" in result.output and "HTTP 500 on POST /api/1/datasets/" in result.output
    assert [e.method for e in server.log].count("POST") == 1
    assert publish(server, validated_site).exit_code == 0
    assert len(server.ours()) == 1


def test_errors_that_persist_are_given_up_on(server, validated_site):
    server.faults += [Answer(503, {"message": "maintenance"}) for _ in range(3)]
    result = publish(server, validated_site, "--max-wait", "0.1")
    assert result.exit_code == 1
    assert result.output.strip().endswith("HTTP 503 on GET /api/1/me/org_datasets/: maintenance")


def test_a_host_that_accepts_but_never_answers_times_out(server, validated_site):
    server.hang = True
    started = time.monotonic()
    result = publish(
        server, validated_site, "--timeout", "0.3", "--retries", "1", "--max-wait", "0.1"
    )
    assert result.exit_code == 1
    assert (
        "timed out after 0.3 s" in result.output
        and "(GET /api/1/me/org_datasets/, 2 attempts)" in result.output
    )
    assert time.monotonic() - started < 5


def test_the_default_target_is_the_demo_instance(validated_site):
    result = run_cli("publish", "datagouv", "--site", str(validated_site), "--dry-run", "-v")
    assert result.exit_code == 0, result.output
    urls = [line.split()[1] for line in result.output.splitlines() if line.startswith("  ")]
    assert urls and all(u.startswith("https://demo.data.gouv.fr/api/1/") for u in urls)
    production = run_cli(
        "publish", "datagouv", "--site", str(validated_site), "--dry-run", "-v", "--production"
    )
    assert "https://www.data.gouv.fr/api/1/me/org_datasets/" in production.output


def test_an_unvalidated_build_is_not_published(server, unvalidated_site):
    result = publish(server, unvalidated_site)
    assert result.exit_code == 1
    assert "this build was not validated: run `aictdata build --validate" in result.output
    assert server.log == []


def test_a_file_changed_after_the_build_is_not_published(server, validated_site, tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(validated_site, site)
    (site / "data" / "sessions.csv").write_text("id\r\nhand-edited\r\n", encoding="utf-8")
    result = publish(server, site)
    assert result.exit_code == 1
    assert "sessions.csv changed since the build" in result.output
    assert server.log == []


def test_a_missing_key_is_a_clear_error(server, validated_site):
    result = publish(server, validated_site, env={"AICTDATA_DATAGOUV_API_KEY": None})
    assert result.exit_code == 1
    assert "set AICTDATA_DATAGOUV_API_KEY" in result.output
    assert server.log == []
