"""A programme's changes told the same way everywhere, on a copy of the real editions:
four builds (a slot moved, a plenary retitled, the closing cancelled, then restored), and
after each one the memory's versions, the page, the Atom feeds (read by feedparser), the
data package's `changes` table (read by frictionless), the JSON-LD and the ICS feed (read
by vobject) say the same thing. The expected values are written here from the edits."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import feedparser
import frictionless
import html5lib
import pytest
import vobject

from aictdata.build.site import build_site
from aictdata.memory.state import state_path
from aictdata.memory.store import read_state
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS

PAGE = "http://raict.org/2025/"
SLOT_MOVED = "Ateliers / Réunions régionales / Rencontres B to B"


def edit(folder: Path, updated: str, *replacements: tuple[str, str]) -> None:
    """Change 2025.yaml as an organiser does: the edits, and `updated` set to a later time."""
    path = folder / "2025.yaml"
    text, count = re.subn(r"(?m)^updated: .*$", f"updated: {updated}", path.read_text("utf-8"))
    assert count == 1
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def build(folder: Path, out: Path) -> Path:
    build_site(load_catalog(folder), out, state_file=state_path(folder))
    return out


def fingerprint(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def page_text(site: Path, element_id: str) -> str:
    document = html5lib.parse(
        (site / "2025" / "index.html").read_bytes(),
        treebuilder="etree",
        namespaceHTMLElements=False,
    )
    found = document.find(f".//*[@id='{element_id}']")
    assert found is not None, element_id
    return " ".join("".join(found.itertext()).replace("\u00a0", " ").split())


def feed(site: Path, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def entry_xml(site: Path, path: str, entry_id: str) -> str:
    text = (site / path).read_text(encoding="utf-8")
    (match,) = re.findall(
        rf"  <entry>\n    <id>{re.escape(entry_id)}</id>.*?</entry>\n", text, re.S
    )
    return match


def change_rows(site: Path) -> list[dict[str, object]]:
    package = frictionless.Package(str(site / "data" / "datapackage.json"))
    report = frictionless.validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return package.get_resource("changes").read_rows()


def ics_event(site: Path, slot: str) -> vobject.base.Component:
    text = (site / "2025" / "sessions" / f"{slot}.ics").read_text(encoding="utf-8")
    return vobject.readOne(text).vevent


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "editions"
    shutil.copytree(EDITIONS, target)
    return target


def test_the_real_editions_have_no_version_yet_and_valid_empty_feeds(built_site):
    assert read_state(state_path(EDITIONS)).versions == ()
    for path in ("changes.atom", "2024/changes.atom", "2025/changes.atom"):
        parsed = feed(built_site, path)
        assert parsed.entries == []
        assert parsed.feed.id == f"http://raict.org/{path}"
        assert parsed.feed.links[0].rel == "self"


def test_a_programme_story_is_told_the_same_in_every_format(folder, tmp_path):
    # 1. A workshop moves from 9h30 to 10h00.
    edit(folder, "2026-12-01T10:00:00+01:00", ('start: "09:30"', 'start: "10:00"'))
    first = build(folder, tmp_path / "one")
    versions = read_state(state_path(folder)).versions_of("2025")
    assert [(v.number, v.date) for v in versions] == [(1, "2026-12-01T10:00:00+01:00")]
    moved = f"{SLOT_MOVED} : déplacé de 9h30 à 10h00"
    assert moved in page_text(first, "dernieres-modifications")
    assert "Déplacé auparavant 9h30" in page_text(first, "s-ateliers-1")
    parsed = feed(first, "2025/changes.atom")
    assert [e.title for e in parsed.entries] == ["Programme 2025, version 1"]
    (entry,) = parsed.entries
    assert entry.id == "tag:raict.org,2026-12-01:programme/2025/1"
    assert entry.link == PAGE + "#version-1"
    assert moved in entry.content[0].value.replace("\u00a0", " ")
    assert [e.id for e in feed(first, "changes.atom").entries] == [entry.id]
    rows = change_rows(first)
    assert [
        (r["version"], r["session_id"], r["change"], r["before"], r["after"]) for r in rows
    ] == [
        (
            1,
            "ateliers-1",
            "moved",
            "2025-07-04T09:30:00+02:00/2025-07-04T11:00:00+02:00",
            "2025-07-04T10:00:00+02:00/2025-07-04T11:00:00+02:00",
        )
    ]
    event = ics_event(first, "ateliers-1")
    assert (event.sequence.value, event.dtstart.value.hour, event.dtstart.value.minute) == (
        "1",
        10,
        0,
    )
    assert "déplacé de 9h30 à 10h00" in event.description.value
    markup = json.loads((first / "2025" / "event.jsonld").read_text(encoding="utf-8"))
    slot = next(s for s in markup["subEvent"] if s["@id"] == PAGE + "#s-ateliers-1")
    assert slot["startDate"] == "2025-07-04T10:00:00+02:00"
    assert slot["previousStartDate"] == "2025-07-04T09:30:00+02:00"
    assert slot["eventStatus"] == "https://schema.org/EventRescheduled"

    # Rebuilding the same data records nothing and writes the same bytes.
    again = build(folder, tmp_path / "again")
    assert fingerprint(again) == fingerprint(first)
    assert len(read_state(state_path(folder)).versions) == 1
    first_entry = entry_xml(first, "2025/changes.atom", entry.id)

    # 2. The plenary is retitled.
    edit(
        folder,
        "2026-12-02T10:00:00+01:00",
        ("title: Conférence plénière", "title: Conférence plénière des territoires"),
    )
    second = build(folder, tmp_path / "two")
    parsed = feed(second, "2025/changes.atom")
    assert [e.title for e in parsed.entries] == [
        "Programme 2025, version 2",
        "Programme 2025, version 1",
    ]
    assert entry_xml(second, "2025/changes.atom", entry.id) == first_entry  # id and bytes kept
    assert "s’intitule désormais « Conférence plénière des territoires »" in page_text(
        second, "dernieres-modifications"
    )

    # 3. The closing is cancelled; 4. it is restored.
    edit(
        folder,
        "2026-12-03T10:00:00+01:00",
        ("kind: closing", "kind: closing\n    status: cancelled"),
    )
    third = build(folder, tmp_path / "three")
    event = ics_event(third, "cloture")
    assert (event.status.value, event.sequence.value) == ("CANCELLED", "1")
    assert "Modifié le 3 décembre 2026 (version 3)" in event.description.value
    assert "annulé" in page_text(third, "dernieres-modifications")
    edit(
        folder,
        "2026-12-04T10:00:00+01:00",
        ("kind: closing\n    status: cancelled", "kind: closing"),
    )
    fourth = build(folder, tmp_path / "four")
    event = ics_event(fourth, "cloture")
    assert (event.status.value, event.sequence.value) == ("CONFIRMED", "2")
    assert "rétabli" in event.description.value

    history = read_state(state_path(folder)).versions_of("2025")
    assert [(v.number, [c.kind.value for c in v.changes]) for v in history] == [
        (1, ["moved"]),
        (2, ["retitled"]),
        (3, ["cancelled"]),
        (4, ["restored"]),
    ]
    parsed = feed(fourth, "2025/changes.atom")
    assert [e.id for e in parsed.entries] == [
        f"tag:raict.org,2026-12-0{n}:programme/2025/{n}" for n in (4, 3, 2, 1)
    ]
    for item in parsed.entries:  # each entry's link lands on its version in the history
        anchor = item.link.removeprefix(PAGE + "#")
        assert item.title.rsplit(" ", 1)[1] in page_text(fourth, anchor)
    rows = change_rows(fourth)
    assert [(r["version"], r["change"]) for r in rows] == [
        (1, "moved"),
        (2, "retitled"),
        (3, "cancelled"),
        (4, "restored"),
    ]
    assert [r["description"] for r in rows][2] == "Clôture des Rencontres - Verre d’amitié : annulé"
