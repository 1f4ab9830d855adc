"""`aictdata publish … --plan`: the read-only comparison with what is online (issue 27).

Against the contract servers, which keep their state: a plan reads the platform with the
key, reports what a publication would create, update and leave alone, and changes
nothing (no write reaches the server); a publication then does exactly what it said."""

from __future__ import annotations

import re

from tests.publish import test_datagouv, test_openagenda
from tests.publish.conftest import CANCELLED, MOVED, REMOVED, published_paths
from tests.publish.test_datagouv import server as datagouv  # noqa: F401 (fixture)
from tests.publish.test_openagenda import server as openagenda  # noqa: F401 (fixture)

COUNTS = re.compile(r"(\d+) (?:à créer|to create), (\d+) (?:à mettre à jour|to update), (\d+)")


def counts(output: str) -> tuple[int, int, int]:
    found = COUNTS.search(output)
    assert found, output
    created, updated, unchanged = found.groups()
    return int(created), int(updated), int(unchanged)


def test_a_plan_on_an_empty_dataset_lists_every_file_to_create_and_writes_nothing(
    datagouv,  # noqa: F811
    validated_site,
):
    result = test_datagouv.publish(datagouv, validated_site, "--plan")
    assert result.exit_code == 0, result.output
    assert datagouv.writes == []
    assert any(entry.method == "GET" for entry in datagouv.log)  # it did read
    created, updated, unchanged = counts(result.output)
    # the dataset itself, one resource per published file, and the dataset made public
    assert (created, updated, unchanged) == (1 + len(published_paths(validated_site)), 1, 0)
    assert "made public" in result.output


def test_a_plan_after_a_change_names_what_a_publication_updates(
    datagouv,  # noqa: F811
    validated_site,
    changed_site,
):
    assert test_datagouv.publish(datagouv, validated_site).exit_code == 0
    before = len(datagouv.writes)
    plan = test_datagouv.publish(datagouv, changed_site, "--plan", "-v")
    assert plan.exit_code == 0, plan.output
    assert len(datagouv.writes) == before
    created, updated, unchanged = counts(plan.output)
    assert updated > 0 and unchanged > 0
    requests = [line.split()[0] for line in plan.output.splitlines() if line.startswith("  ")]
    assert requests.count("POST") == created and requests.count("PUT") == updated
    published = test_datagouv.publish(datagouv, changed_site)
    assert published.exit_code == 0, published.output
    said = f"{created} created, {updated} updated, {unchanged} unchanged"
    assert said in published.output


def test_an_openagenda_plan_names_the_moved_cancelled_and_removed_slots(
    openagenda,  # noqa: F811
    validated_site,
    changed_site,
):
    assert test_openagenda.publish(openagenda, validated_site).exit_code == 0
    before = len(openagenda.writes)
    plan = test_openagenda.publish(openagenda, changed_site, "--plan")
    assert plan.exit_code == 0, plan.output
    assert len(openagenda.writes) == before
    created, updated, unchanged = counts(plan.output)
    assert (created, updated) == (0, 3)
    for slot in (MOVED, CANCELLED, REMOVED):
        assert slot in plan.output
    assert test_openagenda.publish(openagenda, changed_site).exit_code == 0
    again = test_openagenda.publish(openagenda, changed_site, "--plan")
    assert counts(again.output) == (0, 0, created + updated + unchanged)


def test_a_plan_needs_the_key_since_it_reads_the_platform(datagouv, validated_site):  # noqa: F811
    result = test_datagouv.publish(datagouv, validated_site, "--plan", env={})
    assert result.exit_code == 1
    assert "AICTDATA_DATAGOUV_API_KEY" in result.output
    assert datagouv.log == []


def test_a_plan_and_a_dry_run_together_are_refused(validated_site):
    result = test_datagouv.run_cli(
        "publish", "datagouv", "--site", str(validated_site), "--plan", "--dry-run"
    )
    assert result.exit_code == 2
    assert "--dry-run" in result.output and "--plan" in result.output
