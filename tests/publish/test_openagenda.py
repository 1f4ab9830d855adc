"""`aictdata publish openagenda` against an OpenAgenda contract server (openagenda_server.py):
24 events (14 + 10) keyed by slot id, an idempotent second run, a moved, a cancelled and
a removed slot updating the same events, an interrupted run resumed, and the failures."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from aictdata.net.http import HttpOptions
from aictdata.output import layout
from aictdata.publish import openagenda
from aictdata.publish.site import verified_site
from tests.publish.conftest import CANCELLED, FAST, MOVED, REMOVED, run_cli
from tests.publish.contract import Answer
from tests.publish.openagenda_server import AGENDA, SECRET, OpenAgendaServer

ENV = {"AICTDATA_OPENAGENDA_KEY": SECRET}


@pytest.fixture
def server():
    platform = OpenAgendaServer()
    with platform.running() as url:
        platform.url = url
        yield platform


def publish(
    server: OpenAgendaServer, site: Path, *extra: str, agenda: str = AGENDA, env: dict | None = None
):
    return run_cli(
        "publish",
        "openagenda",
        "--agenda",
        agenda,
        "--site",
        str(site),
        "--api-url",
        server.url + "v2/",
        *FAST,
        *extra,
        env=ENV if env is None else env,
    )


def slot_ids(site: Path) -> set[str]:
    sessions = json.loads((site / layout.DATA_ALL_EDITIONS).read_text(encoding="utf-8"))
    return {f"{e['id']}.{s['id']}" for e in sessions["editions"] for s in e["sessions"]}


def test_first_publication_upserts_every_slot_keyed_by_its_id(server, validated_site):
    result = publish(server, validated_site)
    assert result.exit_code == 0, result.output
    events = server.titles()
    assert set(events) == slot_ids(validated_site)
    assert len(events) == 24
    assert sum(1 for key in events if key.startswith("2024.")) == 14
    assert sum(1 for key in events if key.startswith("2025.")) == 10
    assert {key for (_, key, _) in server.events} == {"rencontres-aict"}
    assert len(server.locations) == 2
    places = {value: place["uid"] for (_, _, value), place in server.locations.items()}
    venues = {"2024": "pavillon-armenonville", "2025": "salons-hotel-arts-et-metiers"}
    for value, event in events.items():
        assert event["locationUid"] == places[venues[value.split(".")[0]]]  # one per venue
        assert event["status"] == 1 and event["attendanceMode"] == 1
        assert set(event["title"]) == {"fr"}
    opening = events["2025.ouverture-officielle"]
    assert opening["timings"] == [
        {"begin": "2025-07-04T09:00:00+02:00", "end": "2025-07-04T09:30:00+02:00"}
    ]
    assert "coop-dec@cites-unies-france.org" in opening["registration"]
    assert result.output.splitlines()[-1].endswith("26 created, 0 updated, 0 unchanged")


def test_second_run_changes_nothing(server, validated_site):
    assert publish(server, validated_site).exit_code == 0
    writes = len(server.writes)
    result = publish(server, validated_site)
    assert result.exit_code == 0, result.output
    assert len(server.writes) == writes, "the second run wrote"
    assert result.output.splitlines()[-1].endswith("0 created, 0 updated, 26 unchanged")


def test_moved_cancelled_and_removed_slots_update_the_same_events(
    server, validated_site, changed_site
):
    assert publish(server, validated_site).exit_code == 0
    uids = {value: event["uid"] for value, event in server.titles().items()}
    result = publish(server, changed_site)
    assert result.exit_code == 0, result.output
    events = server.titles()
    assert {value: event["uid"] for value, event in events.items()} == uids
    assert len(events) == 24
    assert events[CANCELLED]["status"] == 6
    assert events[REMOVED]["status"] == 6, "a slot removed from the YAML is cancelled, kept"
    assert events[MOVED]["status"] == 2, "a moved slot is rescheduled (OpenAgenda 2)"
    assert events[MOVED]["timings"][0]["begin"] == "2025-07-04T11:05:00+02:00"
    updated = {
        line.removeprefix("updated ")
        for line in result.output.splitlines()
        if line.startswith("updated ")
    }
    assert updated == {MOVED, CANCELLED, REMOVED}


def test_an_interrupted_run_is_completed_by_the_next_never_duplicated(server, validated_site):
    server.writes_before_crash = 7  # the two places and five events, then the platform goes
    broken = publish(server, validated_site, "--retries", "0")
    assert broken.exit_code == 1
    assert broken.output.startswith("error: cannot reach OpenAgenda")
    assert len(server.events) == 5
    server.recover()
    result = publish(server, validated_site)
    assert result.exit_code == 0, result.output
    assert set(server.titles()) == slot_ids(validated_site)
    assert result.output.splitlines()[-1].endswith("19 created, 0 updated, 7 unchanged")


def test_a_refused_key_is_one_line_and_exit_1(server, validated_site):
    result = publish(server, validated_site, env={"AICTDATA_OPENAGENDA_KEY": "wrong-secret-77"})
    assert result.exit_code == 1
    assert result.output == (
        "error: OpenAgenda: the key was refused (check the key in its environment variable):"
        " HTTP 401 on POST /v2/requestAccessToken: invalid secret key\n"
    )
    assert "wrong-secret-77" not in result.output
    assert server.events == {}


def test_an_unknown_agenda_is_one_line_and_exit_1(server, validated_site):
    result = publish(server, validated_site, agenda="999")
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: OpenAgenda: not found: HTTP 404 on PUT /v2/agendas/999/"
    )
    assert len(result.output.splitlines()) == 1


def test_429_then_success_honours_retry_after(server, validated_site):
    server.faults.append(Answer(429, {"message": "rate limited"}, {"Retry-After": "9"}, when="PUT"))
    waits: list[float] = []  # recorded, not slept
    openagenda.publish(
        verified_site(validated_site, openagenda.REQUIRED),
        agenda=AGENDA,
        api_url=server.url + "v2/",
        key=SECRET,
        options=HttpOptions(timeout=2, retries=2, sleep=waits.append),
        dry_run=False,
    )
    assert waits == [9]
    (limited,) = [i for i, e in enumerate(server.log) if e.status == 429]
    assert server.log[limited + 1].path == server.log[limited].path
    assert len(server.titles()) == 24


def test_500_then_success(server, validated_site):
    server.faults.append(Answer(500, {"message": "oops"}, when="PUT"))
    result = publish(server, validated_site)
    assert result.exit_code == 0, result.output
    assert len(server.titles()) == 24


def test_a_host_that_never_answers_times_out(server, validated_site):
    server.hang = True
    started = time.monotonic()
    result = publish(server, validated_site, "--timeout", "0.3", "--retries", "0")
    assert result.exit_code == 1
    assert "cannot reach OpenAgenda" in result.output and "timed out after 0.3 s" in result.output
    assert time.monotonic() - started < 5


def test_writing_needs_production_or_another_api(validated_site):
    result = run_cli(
        "publish", "openagenda", "--agenda", AGENDA, "--site", str(validated_site), env=ENV
    )
    assert result.exit_code == 2
    assert "OpenAgenda has no demo instance: add --production" in result.output


def test_a_cut_title_is_published_with_a_warning(server, tmp_path, make_series):
    from aictdata.build.site import BuildOptions, build_site
    from aictdata.source.load import load_catalog

    long_title = "Atelier " + "coopération décentralisée " * 7
    folder = make_series(("title: Accueil", f"title: {long_title.strip()}"))
    site = tmp_path / "site"
    build_site(load_catalog(folder), site, options=BuildOptions(validate=True))
    result = publish(server, site)
    assert result.exit_code == 0, result.output
    assert "warning: 2030." in result.output and "title cut to 140 characters" in result.output
    (event,) = [e for e in server.titles().values() if e["title"]["fr"].startswith("Atelier")]
    assert 100 < len(event["title"]["fr"]) <= 140 and event["title"]["fr"].endswith("…")
    assert event["longDescription"]["fr"].startswith(long_title.strip())


def test_one_edition_only(server, validated_site):
    result = publish(server, validated_site, "--edition", "2025")
    assert result.exit_code == 0, result.output
    assert sorted(server.titles()) == sorted(
        i for i in slot_ids(validated_site) if i.startswith("2025.")
    )
    assert [value for (_, _, value) in server.locations] == ["salons-hotel-arts-et-metiers"]
    assert result.output.splitlines()[-1].endswith("11 created, 0 updated, 0 unchanged")


def test_an_unknown_edition_publishes_nothing(server, validated_site):
    result = publish(server, validated_site, "--edition", "2052")
    assert result.exit_code == 1
    assert "no edition '2052' in the build (editions: 2024, 2025)" in result.output
    assert server.writes == []


def test_a_dry_run_says_in_plain_words_what_it_would_do(validated_site):
    result = run_cli(
        "--lang", "fr", "publish", "openagenda", "--agenda", AGENDA, "--site",
        str(validated_site), "--dry-run", "--edition", "2024", env=ENV,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    target = f"https://api.openagenda.com/v2/agendas/{AGENDA}/"
    assert result.output.splitlines() == [
        f"essai à blanc sur OpenAgenda ({target}) : rien n’est envoyé",
        "comme si rien n’y était encore publié : 15 éléments à créer (pavillon-armenonville,"
        " 2024.accueil-23, 2024.ouverture-officielle, 2024.ateliers-1, 2024.pause-cafe-23, …)",
        f"les {1 + 2 * 15} requêtes qui seraient envoyées : ajoutez -v pour les voir",
    ]
