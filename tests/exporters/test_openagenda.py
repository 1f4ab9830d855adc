"""site/data/openagenda.json: the slots as OpenAgenda event bodies
(aictdata.exporters.openagenda.events)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from aictdata.build.site import build_site
from aictdata.errors import BuildError
from aictdata.exporters.openagenda.events import build_document, read_document
from aictdata.memory.state import advance, state_path
from aictdata.output import layout
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, REAL_EDITIONS, edit


def document(site: Path) -> dict:
    return json.loads((site / layout.DATA_OPENAGENDA).read_text(encoding="utf-8"))


def test_every_slot_is_an_event_with_its_status_code_from_the_data_package(built_site):
    events = {e["extId"]: e for e in document(built_site)["events"]}
    assert len(events) == 24
    with (built_site / "data" / "sessions.csv").open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    assert len(rows) == 24
    for row in rows:
        event = events[f"{row['edition_id']}.{row['id']}"]
        assert str(event["body"]["status"]) == row["status_openagenda"]
        assert event["body"]["timings"] == [{"begin": row["starts_at"], "end": row["ends_at"]}]


def test_timings_carry_the_offset_of_their_date(built_site):
    events = {e["extId"]: e["body"] for e in document(built_site)["events"]}
    assert events["2025.accueil"]["timings"][0]["begin"] == "2025-07-04T08:00:00+02:00"
    assert all(
        t["begin"][-6:] in ("+01:00", "+02:00") for e in events.values() for t in e["timings"]
    )


def test_events_name_their_edition_venue_and_the_file_reads_back(built_site):
    data = document(built_site)
    places = {p["extId"] for p in data["locations"]}
    assert places == {"pavillon-armenonville", "salons-hotel-arts-et-metiers"}
    venues = {"2024": "pavillon-armenonville", "2025": "salons-hotel-arts-et-metiers"}
    assert all(e["location"] == venues[e["extId"].split(".")[0]] for e in data["events"])
    parsed = read_document(built_site / layout.DATA_OPENAGENDA)
    assert len(parsed.events) == 24 and parsed.ext_key == "rencontres-aict"


def test_the_file_is_in_the_manifest_as_json(built_site):
    manifest = json.loads((built_site / layout.MANIFEST).read_text(encoding="utf-8"))
    (entry,) = [f for f in manifest["files"] if f["path"] == layout.DATA_OPENAGENDA]
    assert entry["content_type"] == "application/json"


def test_a_removed_slot_stays_cancelled(make_series, tmp_path):
    folder = make_series()
    build_site(load_catalog(folder), tmp_path / "one", state_file=state_path(folder))
    edition = folder / "2030.yaml"
    text = edition.read_text(encoding="utf-8")
    start = text.index("  - id: cloture")
    edition.write_text(text[:start], encoding="utf-8")
    build_site(load_catalog(folder), tmp_path / "two", state_file=state_path(folder))
    events = {e["extId"]: e["body"] for e in document(tmp_path / "two")["events"]}
    assert set(events) == {"2030.accueil", "2030.cloture"}
    assert events["2030.cloture"]["status"] == 6 and events["2030.accueil"]["status"] == 1
    assert "retiré du programme" in events["2030.cloture"]["longDescription"]["fr"]


def test_markdown_in_the_data_stays_text(make_series, tmp_path):
    folder = make_series(
        ("title: Accueil", "title: Accueil\n    description: '*gras* <b>x</b> [lien](http://x)'")
    )
    build_site(load_catalog(folder), tmp_path / "site", only=["openagenda"])
    (event,) = [e for e in document(tmp_path / "site")["events"] if e["extId"] == "2030.accueil"]
    text = event["body"]["longDescription"]["fr"]
    assert r"\*gras\* \<b\>x\</b\> \[lien\](http://x)" in text


def test_builds_are_byte_identical(make_series, tmp_path):
    folder = make_series()
    outputs = []
    for name in ("a", "b"):
        build_site(load_catalog(folder), tmp_path / name, only=["openagenda"])
        outputs.append((tmp_path / name / layout.DATA_OPENAGENDA).read_bytes())
    assert outputs[0] == outputs[1]


def test_a_timing_over_24_hours_is_refused(monkeypatch, make_series, tmp_path):
    import aictdata.exporters.openagenda.events as module

    monkeypatch.setattr(module, "TIMING_MAX", module.timedelta(minutes=30))
    with pytest.raises(BuildError, match=r"2030\.accueil: OpenAgenda refuses a timing of 1:00:00"):
        build_site(load_catalog(make_series()), tmp_path / "site", only=["openagenda"])


def test_the_real_editions_need_no_cut(built_site):
    assert all("notes" not in e for e in document(built_site)["events"])
    catalog = load_catalog(EDITIONS)
    assert all(len(s.title) <= 140 for _, s in catalog.sessions())


def test_one_place_per_venue_whatever_the_editions_held_there(tmp_path):
    """Two editions at the same venue make one OpenAgenda place, described as the latest
    edition describes it, and both editions' events are at it."""
    folder = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, folder)
    edit(
        folder / "2025.yaml",
        ("  id: salons-hotel-arts-et-metiers\n", "  id: pavillon-armenonville\n"),
    )
    catalog = load_catalog(folder)
    document = build_document(catalog, advance(None, catalog))
    (place,) = document.locations
    assert place.ext_id == "pavillon-armenonville"
    assert place.body["name"] == catalog.editions[-1].venue.name  # 2025's description
    assert {event.location for event in document.events} == {"pavillon-armenonville"}
