"""`aictdata new`: the next edition's file, which validates once its dates are filled in,
and builds an announced edition that the index lists first and people can subscribe to."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import vobject

from aictdata.build import build_site
from aictdata.calendar_state import state_path
from aictdata.load import load_catalog
from tests.conftest import REAL_EDITIONS, ROOT, line_of
from tests.exporters.test_ics import icaljs


def aictdata(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aictdata", *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, target)
    return target


def test_new_writes_the_next_edition_which_validates_once_its_dates_are_filled(folder, tmp_path):
    # Written on the day this test runs, the next edition is next year's (the edition of
    # 2026 took place in July: its page would say so).
    made = aictdata("new", "2027", "--from", "2025", str(folder))
    assert made.returncode == 0, made.stderr
    path = folder / "2027.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/edition.schema.json\n")
    assert "\nnumber: 17\n" in text and "\nprogramme_stage: announced\n" in text
    assert '\ntitle: "17e édition des Rencontres de l’action internationale' in text
    unfilled = aictdata("validate", str(folder))
    assert unfilled.returncode == 1
    assert unfilled.stderr.splitlines()[:2] == [
        f"{path}:{line_of(path, 'start_date:')}:12: start_date: must be a date written"
        " YYYY-MM-DD (e.g. 2030-03-30), not an empty value",
        f"{path}:{line_of(path, 'end_date:')}:10: end_date: must be a date written"
        " YYYY-MM-DD (e.g. 2030-03-30), not an empty value",
    ]
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("start_date:\n", "start_date: 2027-07-02\n").replace(
            "end_date:\n", "end_date: 2027-07-02\n"
        ),
        encoding="utf-8",
    )
    assert aictdata("validate", str(folder)).returncode == 0

    site = tmp_path / "site"
    build_site(load_catalog(folder), site, state_file=state_path(folder))
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.index("17e édition") < index.index("16e édition")  # the next one first
    assert "Prochaine édition" in index
    assert "Le programme est à venir" in (site / "2027" / "index.html").read_text("utf-8")
    feed = site / "2027" / "calendar.ics"
    (event,) = icaljs(feed)[str(feed)]["events"]
    assert event["uid"] == "2027@raict.org" and event["start"]["utc"].startswith("2027-07-0")
    calendar = vobject.readOne(feed.read_text(encoding="utf-8"))
    assert [e.uid.value for e in calendar.vevent_list] == ["2027@raict.org"]


def test_new_never_replaces_a_file(folder):
    before = (folder / "2025.yaml").read_bytes()
    refused = aictdata("new", "2025", str(folder))
    assert refused.returncode != 0
    assert "already exists" in refused.stderr
    assert (folder / "2025.yaml").read_bytes() == before


def test_the_new_file_speaks_french_and_lists_the_slot_kinds(tmp_path):
    """The organiser reads the comments: French, git explained, every kind and status
    with the code to write and its French label, and the file still reads as YAML."""
    import yaml

    from aictdata.scaffold import new_edition_text

    text = new_edition_text(
        load_catalog(REAL_EDITIONS),
        "2026",
        previous=None,
        now=datetime.fromisoformat("2026-01-05T10:00:00+00:00"),
    )
    assert "# Édition 17, écrite par `aictdata new` après 2025. Remplissez les dates" in text
    assert "(git : « commit »)" in text
    assert "#   Lieu de 2025 : Salons de l’Hôtel des Arts & Métiers ; copiez-le" in text
    for line in (
        "#     coffee-break (Pause café)",
        "#     workshops (Ateliers, réunions régionales et B2B)",
        "#     other (Autre)",
        "#     cancelled (Annulé)",
    ):
        assert f"\n{line}\n" in text
    assert "Fill in" not in text and " was at " not in text
    assert yaml.safe_load(text)["programme_stage"] == "announced"
