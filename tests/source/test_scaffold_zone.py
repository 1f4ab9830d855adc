"""`aictdata new` for a series held away from Paris: the new edition follows the latest
edition (unless told another), takes its time zone (and dates its `updated` there), not
Europe/Paris; and the library never makes the file of an edition that exists."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.cli import cli
from aictdata.source.load import load_catalog
from aictdata.source.scaffold import ScaffoldError, new_edition_text
from tests.conftest import FIXTURES, edit

NOW = datetime(2031, 9, 1, 8, 0, tzinfo=UTC)
ANNOUNCED = FIXTURES / "announced-2029.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three editions, the latest (2031, the 23rd) held in Nouméa, the others in Paris."""
    target = tmp_path / "editions"
    shutil.copytree(FIXTURES / "two-editions", target)
    shutil.copy(ANNOUNCED, target / "2029.yaml")
    edit(
        target / "2031.yaml",
        ("number: 22", "number: 23"),
        (
            "updated: 2031-01-01T00:00:00+01:00",
            "updated: 2031-01-01T00:00:00+11:00\ntimezone: Pacific/Noumea",
        ),
    )
    return target


def test_new_takes_the_time_zone_of_the_edition_it_follows(folder):
    result = CliRunner().invoke(cli, ["new", "2032", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = (folder / "2032.yaml").read_text(encoding="utf-8")
    assert "écrite par `aictdata new` après 2031." in text  # the latest edition
    assert "\nnumber: 24\n" in text
    assert re.search(r"^timezone: Pacific/Noumea$", text, flags=re.MULTILINE), text
    assert re.search(r"^updated: \S+\+11:00$", text, flags=re.MULTILINE), text  # no DST there
    filled = text.replace("start_date:\n", "start_date: 2032-03-29\n").replace(
        "end_date:\n", "end_date: 2032-03-29\n"
    )
    (folder / "2032.yaml").write_text(filled, encoding="utf-8")
    assert load_catalog(folder).edition("2032").timezone == "Pacific/Noumea"


def test_the_file_of_an_existing_edition_is_never_made_another_id_is(folder):
    catalog = load_catalog(folder)
    with pytest.raises(ScaffoldError, match="edition '2031' already exists"):
        new_edition_text(catalog, "".join(["20", "31"]), previous=None, now=NOW)
    earlier = new_edition_text(catalog, "2028", previous=None, now=NOW)
    assert '\nid: "2028"\n' in earlier and "\nnumber: 24\n" in earlier
