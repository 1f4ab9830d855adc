"""A real conference app reads the schedules through the real server: pyfahrplan (PyPI),
run as its command line against `aictdata serve` on 127.0.0.1, lists every slot of each
edition at the same Paris time, for the same duration, as the edition's ICS feed.

pyfahrplan lives in a venv of its own (tests/consumers/pyfahrplan-requirements.txt says
why), made by scripts/setup-test-tools.sh; without it this skips, and fails under CI.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from aictdata.source.load import load_catalog
from tests.browser import missing_tool
from tests.conftest import EDITIONS, ROOT
from tests.served import ServeProcess, serving

PYFAHRPLAN = ROOT / ".venv" / "tools" / "pyfahrplan" / "bin" / "python"
LAUNCHER = ROOT / "tests" / "consumers" / "pyfahrplan_cli.py"
PARIS_TIME = "%H:%M"


@pytest.fixture(scope="module")
def server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    with serving(built_site, tmp_path_factory.mktemp("serve") / "serve.log") as running:
        yield running


def pyfahrplan(urls: list[str], *options: str, home: Path) -> list[list[str]]:
    """pyfahrplan's table, one list of cells per slot (Conference, Day, Talk Start,
    Duration, Room, Title, Speaker(s), Track)."""
    if not PYFAHRPLAN.exists():
        missing_tool(
            f"pyfahrplan is not installed in {PYFAHRPLAN.parent.parent}"
            " (scripts/setup-test-tools.sh)"
        )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.lower().endswith("_proxy")  # 127.0.0.1 only, never through a proxy
    }
    environment.update(COLUMNS="2000", HOME=str(home), XDG_CACHE_HOME=str(home / "cache"))
    completed = subprocess.run(
        [str(PYFAHRPLAN), str(LAUNCHER), *urls, "--", *options],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        cwd=home,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    rows = [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in completed.stdout.splitlines()
        if line.startswith("│")
    ]
    assert rows, completed.stdout + completed.stderr
    return rows


def feed_slots(site: Path, edition_id: str) -> list[tuple[str, str, str, str]]:
    """(day index, Paris start, duration, title) of every event of the edition's feed."""
    edition = load_catalog(EDITIONS).edition(edition_id)
    index = {day: str(number) for number, day in enumerate(edition.days, start=1)}
    calendar = Calendar.from_ical((site / edition_id / "calendar.ics").read_bytes())
    slots = []
    for event in calendar.walk("VEVENT"):
        start: datetime = event.decoded("DTSTART")
        end: datetime = event.decoded("DTEND")
        assert str(start.tzinfo) == "Europe/Paris"
        minutes = int((end - start).total_seconds()) // 60
        slots.append(
            (
                index[start.date()],
                start.strftime(PARIS_TIME),
                f"{minutes // 60:02}:{minutes % 60:02}",
                str(event["SUMMARY"]),
            )
        )
    return sorted(slots)


@pytest.mark.parametrize(("edition", "count"), [("2024", 14), ("2025", 10)])
def test_pyfahrplan_lists_every_slot_at_its_paris_time(
    server, built_site, tmp_path, edition, count
):
    rows = pyfahrplan(
        [f"{server.url}{edition}/schedule.json"],
        *("--conference", f"aict{edition}", "--sort", "talk_start"),
        home=tmp_path,
    )
    listed = sorted((day, start, duration, title) for _, day, start, duration, _, title, *_ in rows)
    assert len(listed) == count
    assert listed == feed_slots(built_site, edition)
    catalog = load_catalog(EDITIONS)
    assert {row[0] for row in rows} == {catalog.edition(edition).title}


def test_pyfahrplan_reads_both_editions_at_once_and_filters_by_track(server, tmp_path):
    urls = [f"{server.url}{edition}/schedule.json" for edition in ("2024", "2025")]
    everything = pyfahrplan(urls, "--conference", "all", home=tmp_path)
    assert len(everything) == 24
    breaks = pyfahrplan(urls, "--conference", "all", "--track", "Pause café", home=tmp_path)
    assert breaks and all(row[7] == "Pause café" for row in breaks)
    catalog = load_catalog(EDITIONS)
    expected = sorted(
        (session.title, session.place or edition.venue.name)
        for edition, session in catalog.sessions()
        if session.kind.value == "coffee-break"
    )
    assert sorted((row[5], row[4]) for row in breaks) == expected
