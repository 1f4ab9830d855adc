"""`aictdata changes`: what the next published build would change for participants,
in plain French, per edition, with nothing written."""

from __future__ import annotations

import shutil
from datetime import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.cli import cli
from aictdata.memory.state import STATE_FILE
from tests.conftest import REAL_EDITIONS, edit
from tests.exporters.test_workbook import libreoffice
from tests.source.sheet.test_reading import edit as edit_sheet


def changes(editions: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["--lang", "fr", "changes", str(editions)])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_nothing_changes_when_the_data_is_what_was_published(tmp_path):
    editions = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, editions)
    assert changes(editions) == [
        "2024 : rien ne change pour les participants",
        "2025 : rien ne change pour les participants",
    ]


def test_a_moved_and_a_cancelled_slot_in_plain_french_and_nothing_written(tmp_path):
    editions = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, editions)
    edit(
        editions / "2025.yaml",
        ('    start: "14:00"\n    end: "15:00"', '    start: "15:00"\n    end: "16:00"'),
        ("kind: country-honour\n", "kind: country-honour\n    status: cancelled\n"),
    )
    memory = (editions / "calendar-state.json").read_bytes()
    before = sorted(p.name for p in editions.iterdir())
    assert changes(editions) == [
        "2024 : rien ne change pour les participants",
        "2025 : 2 créneaux changent",
        "  « Cafés des Rencontres » : déplacé de 14h00 à 15h00",
        "  Plénière de mise à l’honneur d’un pays : annulé",
    ]
    assert (editions / "calendar-state.json").read_bytes() == memory
    assert sorted(p.name for p in editions.iterdir()) == before


def test_a_workbook_saved_by_libreoffice_shows_its_changes_and_is_published(tmp_path, monkeypatch):
    """The organiser's path: export, edit in a spreadsheet, import, see what changes."""
    editions = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, editions)
    runner = CliRunner()
    workbook = tmp_path / "programme-2025.xlsx"
    runner.invoke(
        cli, ["sheet", "export", "2025", "--out", str(workbook), "--editions", str(editions)]
    )
    edit_sheet(
        workbook,
        {
            ("cafes-des-rencontres", "Début"): time(15, 0),
            ("cafes-des-rencontres", "Fin"): time(16, 0),
            ("pleniere-pays", "Statut"): "Annulé",
            ("cloture", "Titre (anglais)"): "Closing",
        },
    )
    saved = libreoffice(workbook, "ods", tmp_path / "ods")[0]
    imported = runner.invoke(cli, ["sheet", "import", str(saved), "--editions", str(editions)])
    assert imported.exit_code == 0, imported.output
    assert "# Vendredi 4 juillet\n" in (editions / "2025.yaml").read_text(encoding="utf-8")
    assert changes(editions)[1:] == [
        "2025 : 3 créneaux changent",
        "  « Cafés des Rencontres » : déplacé de 14h00 à 15h00",
        "  Plénière de mise à l’honneur d’un pays : annulé",
        # What English subscribers saw (the French title, no English one) and will see:
        "  Clôture des Rencontres - Verre d’amitié : titre anglais modifié,"
        " « Clôture des Rencontres - Verre d’amitié » devient « Closing »",
    ]
    # Published without anyone typing `updated`: the build dates the change itself.
    site = tmp_path / "site"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796000000")  # 2026-11-30T00:53:20Z
    built = runner.invoke(cli, ["build", "--published", "--out", str(site), str(editions)])
    assert built.exit_code == 0, built.output
    feed = (site / "2025" / "sessions" / "cafes-des-rencontres.ics").read_bytes()
    assert b"SEQUENCE:1\r\n" in feed and b"LAST-MODIFIED:20261130T005320Z\r\n" in feed
    english = (site / "en" / "2025" / "calendar.ics").read_bytes().split(b"BEGIN:VEVENT")
    (closing,) = [event for event in english if b"SUMMARY:Closing\r\n" in event]
    assert b"SEQUENCE:1\r\n" in closing and b"LAST-MODIFIED:20261130T005320Z\r\n" in closing


def test_what_was_published_is_not_shown_again(tmp_path):
    """Once the change is in the memory (a published build), only newer changes show."""
    from aictdata.memory.state import advance
    from aictdata.memory.store import read_state
    from aictdata.memory.text import write_state
    from aictdata.source.load import load_catalog

    editions = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, editions)
    edit(
        editions / "2025.yaml",
        ("kind: country-honour\n", "kind: country-honour\n    status: cancelled\n"),
    )
    memory = editions / "calendar-state.json"
    write_state(memory, advance(read_state(memory), load_catalog(editions)))  # published
    assert changes(editions)[1] == "2025 : rien ne change pour les participants"
    edit(
        editions / "2025.yaml",
        ('    start: "14:00"\n    end: "15:00"', '    start: "15:00"\n    end: "16:00"'),
    )
    assert changes(editions)[1:] == [
        "2025 : 1 créneau change",
        "  « Cafés des Rencontres » : déplacé de 14h00 à 15h00",
    ]


COLLIDING = """  - id: c20979
    date: 2025-07-04
    start: "16:00"
    end: "16:30"
    title: Premier créneau
    kind: workshops
  - id: c72481
    date: 2025-07-04
    start: "16:30"
    end: "17:00"
    title: Second créneau
    kind: workshops
"""
"""Two slots whose schedule ids hash alike (`layout.session_number` of their UIDs)."""


@pytest.mark.parametrize("memory", ["kept", "not yet built"])
def test_validate_names_a_schedule_id_taken_at_the_slot_that_gets_another(tmp_path, memory):
    editions = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, editions)
    if memory == "not yet built":  # the ids a first build gives, without `advance`
        (editions / STATE_FILE).unlink()
    path = editions / "2025.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "  - id: pause-cafe\n"
    path.write_text(text.replace(anchor, COLLIDING + anchor, 1), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("  - id: c72481") + 1
    result = CliRunner().invoke(cli, ["validate", str(editions)])
    assert result.exit_code == 0, result.output
    notes = [x for x in result.stderr.splitlines() if x.startswith(("note", "remarque"))]
    assert len(notes) == 1, result.stderr
    assert f"2025.yaml:{line}:9: sessions[c72481].id: " in notes[0]
    assert "1401288413" in notes[0] and "c20979 (2025)" in notes[0]
    assert "1401288414" in notes[0]
