"""`aictdata new` for a series held away from Paris: the new edition takes the time zone
of the edition it follows (and dates its `updated` there), not Europe/Paris."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from aictdata.cli import cli
from aictdata.load import load_catalog


def test_new_takes_the_time_zone_of_the_edition_it_follows(make_series: Callable[..., Path]):
    folder = make_series(
        (
            "updated: 2030-01-01T00:00:00+01:00",
            "updated: 2030-01-01T00:00:00+11:00\ntimezone: Pacific/Noumea",
        )
    )
    result = CliRunner().invoke(cli, ["new", "2031", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = (folder / "2031.yaml").read_text(encoding="utf-8")
    assert re.search(r"^timezone: Pacific/Noumea$", text, flags=re.MULTILINE), text
    assert re.search(r"^updated: \S+\+11:00$", text, flags=re.MULTILINE), text  # Nouméa: no DST
    filled = text.replace("start_date:\n", "start_date: 2031-03-29\n").replace(
        "end_date:\n", "end_date: 2031-03-29\n"
    )
    (folder / "2031.yaml").write_text(filled, encoding="utf-8")
    assert load_catalog(folder).edition("2031").timezone == "Pacific/Noumea"
