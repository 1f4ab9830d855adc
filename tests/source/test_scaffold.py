"""`aictdata new`: the next edition's file, which validates once its dates are filled in,
and builds an announced edition that the index lists first and people can subscribe to."""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import hypothesis.strategies as st
import pytest
import vobject
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from pydantic import ValidationError

from aictdata.build.site import build_site
from aictdata.cli import cli
from aictdata.memory.state import state_path
from aictdata.model.edition import Edition
from aictdata.source.load import load_catalog
from aictdata.source.scaffold import ScaffoldError, check_edition_id
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


HOSTILE_IDS = [
    "../escape",
    "/tmp/aictdata-escape",
    '2026"\nevil: 1',
    "2026\nevil: 1",
    "..",
    "",
    "*",
    "2026\x1b[2J",
    "\u202e2026",
    "a" * 300,
    "2026/../../x",
    "2026.yaml",
    "Édition",
    "a--b",
    " 2026",
    "2026\n",
]


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("edition_id", HOSTILE_IDS)
def test_new_refuses_a_hostile_id_before_writing_anything(edition_id, folder, tmp_path):
    before = tree(tmp_path)
    result = CliRunner().invoke(cli, ["new", edition_id, str(folder)])
    assert result.exit_code == 2, result.output
    assert "is not an edition id" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert tree(tmp_path) == before
    assert not Path("/tmp/aictdata-escape.yaml").exists()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=90), st.from_regex(r"[a-z0-9-]{1,85}", fullmatch=True)))
def test_new_refuses_exactly_the_ids_that_validate_refuses(edition_id):
    data = yaml.safe_load((REAL_EDITIONS / "2025.yaml").read_text(encoding="utf-8"))
    data["id"] = edition_id
    try:
        Edition.model_validate(data)
        validate_refuses = False
    except ValidationError as error:
        validate_refuses = any(e["loc"][:1] == ("id",) for e in error.errors())
    try:
        check_edition_id(edition_id)
        new_refuses = False
    except ScaffoldError:
        new_refuses = True
    assert new_refuses == validate_refuses


@pytest.mark.parametrize("where", ["missing/editions", "editions/2025.yaml"])
def test_new_into_a_folder_that_is_not_one_is_one_line(where, folder, tmp_path):
    before = tree(tmp_path)
    result = CliRunner().invoke(cli, ["new", "2027", str(tmp_path / where)])
    assert result.exit_code == 2, result.output
    assert "is not a folder of editions" in result.output
    assert tree(tmp_path) == before


def test_a_full_disk_leaves_no_file_behind(folder):
    def small_files() -> None:  # as a full disk: a write past 200 bytes fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    before = tree(folder)
    full = subprocess.run(
        [sys.executable, "-m", "aictdata", "new", "2027", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        check=False,
    )
    assert full.returncode == 1, full.stderr
    assert "Traceback" not in full.stderr and "nothing was written" in full.stderr
    assert len(full.stderr.strip().splitlines()) == 1
    assert tree(folder) == before
    assert aictdata("new", "2027", str(folder)).returncode == 0  # the next try is not blocked


def test_the_new_file_speaks_french_and_lists_the_slot_kinds(tmp_path):
    """The organiser reads the comments: French, git explained, every kind and status
    with the code to write and its French label, and the file still reads as YAML."""
    from aictdata.source.scaffold import new_edition_text

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
