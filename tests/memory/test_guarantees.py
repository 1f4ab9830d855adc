"""Nothing a subscriber follows ever goes backwards (issue 24), through the real CLI on a
copy of the real editions: a one-file build, a deleted, hand-lowered, duplicated or cut
memory, a build waiting for another's lock, an English-only retitle, the first programme
of an announced edition. Feeds are read by vobject and feedparser, not by our code."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest
import vobject
from click.testing import CliRunner, Result

from aictdata.cli import cli
from aictdata.memory.state import state_path
from aictdata.memory.store import read_state
from aictdata.memory.text import write_state
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, ROOT
from tests.test_programme_story import edit

MOVED = "ateliers-1"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "editions"
    shutil.copytree(EDITIONS, target)
    return target


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def publish(folder: Path, site: Path, *paths: Path) -> Result:
    """`aictdata build` of the published site (`--published` into `site`)."""
    return run("build", *(paths or (folder,)), "--out", site, "--published")


def move_a_slot(folder: Path) -> None:
    edit(folder, "2026-12-01T10:00:00+01:00", ('start: "09:30"', 'start: "09:45"'))


def events(path: Path) -> dict[str, vobject.base.Component]:
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    return {event.uid.value: event for event in calendar.vevent_list}


def sequences(site: Path) -> dict[str, int]:
    found = events(site / "calendar.ics").items()
    return {
        uid: int(event.sequence.value) if hasattr(event, "sequence") else 0 for uid, event in found
    }


def test_a_one_file_build_never_empties_the_published_series(folder, tmp_path):
    site = tmp_path / "site"
    assert publish(folder, site).exit_code == 0
    before = (site / "calendar.ics").read_bytes()
    [edition] = load_catalog(folder / "2025.yaml").editions
    assert len(events(site / "calendar.ics")) > len(edition.sessions)
    memory = state_path(folder)
    line = memory.read_text("utf-8").split("\n").index('    "2024": {') + 1

    result = publish(folder, site, folder / "2025.yaml")

    assert result.exit_code == 1, result.output
    assert f"{memory}:{line}:1: editions.2024: " in result.output
    assert (site / "calendar.ics").read_bytes() == before
    preview = run("build", folder / "2025.yaml", "--out", tmp_path / "preview")
    assert preview.exit_code == 0, preview.output
    assert len(events(tmp_path / "preview" / "calendar.ics")) == len(edition.sessions)


def test_a_deleted_memory_is_refused_instead_of_publishing_sequence_0(folder, tmp_path):
    site = tmp_path / "site"
    move_a_slot(folder)
    assert publish(folder, site).exit_code == 0  # the first build: nothing moved yet
    assert publish(folder, site).exit_code == 0
    memory = state_path(folder)
    published = sequences(site)
    memory.unlink()
    edit(folder, "2026-12-02T10:00:00+01:00", ("title: Pause café", "title: Pause"))

    result = publish(folder, site)

    assert result.exit_code == 1, result.output
    assert f"{memory}:1:1: the memory is missing: " in result.output
    assert "delete" not in result.output.replace(str(tmp_path), "")
    assert sequences(site) == published
    assert not memory.exists()


def first_build_then_a_move(folder: Path, site: Path) -> None:
    """Publish, then publish a slot moved: SEQUENCE 1 and version 1 of 2025."""
    assert publish(folder, site).exit_code == 0
    move_a_slot(folder)
    result = publish(folder, site)
    assert result.exit_code == 0, result.output
    assert max(sequences(site).values()) == 1


def test_a_hand_lowered_sequence_is_refused_at_the_seal(folder, tmp_path):
    site = tmp_path / "site"
    first_build_then_a_move(folder, site)
    memory = state_path(folder)
    text = memory.read_text("utf-8")
    assert text.count('"sequence": 1,') == 1
    memory.write_text(text.replace('"sequence": 1,', '"sequence": 0,'), "utf-8")
    line = text.split("\n").index(next(s for s in text.split("\n") if '"digest"' in s)) + 1

    result = publish(folder, site)

    assert result.exit_code == 1, result.output
    assert f"{memory}:{line}:3: digest: the file does not match its seal" in result.output
    assert max(sequences(site).values()) == 1


def test_a_duplicated_slot_key_is_refused_at_its_second_line(folder, tmp_path):
    site = tmp_path / "site"
    first_build_then_a_move(folder, site)
    memory = state_path(folder)
    lines = memory.read_text("utf-8").split("\n")
    start = next(i for i, s in enumerate(lines) if s.startswith(f'    "2025.{MOVED}@'))
    end = lines.index("    },", start)
    record = lines[start : end + 1]
    lines[end + 1 : end + 1] = [s.replace('"sequence": 1', '"sequence": 0') for s in record]

    memory.write_text("\n".join(lines), "utf-8")
    result = publish(folder, site)

    assert result.exit_code == 1, result.output
    assert f"{memory}:{end + 2}:1: " in result.output
    assert "appears twice" in result.output


def test_a_cut_history_resealed_is_refused_by_the_published_site(folder, tmp_path):
    """A memory restored from an older commit, or cut and sealed again: valid in itself,
    but the published site's manifest has version 1 of 2025 and SEQUENCE 1."""
    site = tmp_path / "site"
    first_build_then_a_move(folder, site)
    memory = state_path(folder)
    state = read_state(memory)
    from dataclasses import replace

    write_state(memory, replace(state, versions=()))

    result = publish(folder, site)

    assert result.exit_code == 1, result.output
    assert f"{memory}:1:1: version 1 of edition 2025 is published but not in it" in result.output
    feed = feedparser.parse((site / "2025" / "changes.atom").read_bytes())
    assert len(feed.entries) == 1


@pytest.mark.parametrize("value", ["100000000000000000000", "2147483648"])
def test_a_sequence_outside_rfc_5545_is_refused_at_its_line(folder, tmp_path, value):
    site = tmp_path / "site"
    assert publish(folder, site).exit_code == 0
    memory = state_path(folder)
    lines = memory.read_text("utf-8").split("\n")
    index = next(i for i, s in enumerate(lines) if '"sequence": 0' in s)
    lines[index] = lines[index].replace('"sequence": 0', f'"sequence": {value}')
    memory.write_text("\n".join(lines), "utf-8")

    result = publish(folder, site)

    assert result.exit_code == 1, result.output
    record = max(i for i in range(index) if lines[i].startswith('    "')) + 1
    assert re.search(rf"{re.escape(str(memory))}:({index + 1}|{record}):1: ", result.output)
    assert value not in (site / "calendar.ics").read_text("utf-8")


def test_a_published_build_waits_for_the_memory_lock_of_another_folder(folder, tmp_path):
    """Two published folders share one memory: the second build reads it only once the
    first has written it, so both versions are kept."""
    assert publish(folder, tmp_path / "one").exit_code == 0
    lock = state_path(folder).with_name(".calendar-state.json.lock")
    move_a_slot(folder)
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        build = subprocess.Popen(
            [sys.executable, "-m", "aictdata", "build", str(folder), "--out", "two", "--published"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        time.sleep(3)
        assert build.poll() is None, build.communicate()[0]
    output, _ = build.communicate(timeout=120)
    assert build.returncode == 0, output
    assert len(read_state(state_path(folder)).versions_of("2025")) == 1


def test_an_english_only_retitle_raises_the_sequence_in_both_feeds(folder, tmp_path):
    site = tmp_path / "site"
    assert publish(folder, site).exit_code == 0
    edit(
        folder,
        "2026-12-01T10:00:00+01:00",
        (
            "    title: Pause café\n",
            "    title:\n      fr: Pause café\n      en: Coffee break\n",
        ),
    )
    result = publish(folder, site)
    assert result.exit_code == 0, result.output
    uid = next(u for u in events(site / "2025" / "calendar.ics") if "pause-cafe" in u)

    english = events(site / "en" / "2025" / "calendar.ics")[uid]
    assert english.summary.value == "Coffee break"
    assert english.sequence.value == "1"
    assert events(site / "2025" / "calendar.ics")[uid].sequence.value == "1"
    feed = feedparser.parse((site / "en" / "2025" / "changes.atom").read_bytes())
    assert "Coffee break" in feed.entries[0].content[0].value
    french = feedparser.parse((site / "2025" / "changes.atom").read_bytes())
    assert "titre anglais modifié" in french.entries[0].content[0].value


def test_a_description_or_speakers_change_raises_the_sequence_in_both_feeds(folder, tmp_path):
    """Every text an event shows counts, not only its title and place: the description in
    either language and the speakers (issue 24)."""
    site = tmp_path / "site"
    assert publish(folder, site).exit_code == 0
    uid = next(u for u in events(site / "2025" / "calendar.ics") if "pause-cafe" in u)
    steps = [
        ("    title: Pause café\n", "    title: Pause café\n    description: Au foyer\n"),
        (
            "    description: Au foyer\n",
            "    description:\n      fr: Au foyer\n      en: In the foyer\n",
        ),
        ("      en: In the foyer\n", "      en: In the foyer\n    speakers: [Jeanne Martin]\n"),
    ]
    for sequence, (day, step) in enumerate(zip(("02", "03", "04"), steps, strict=True), 1):
        edit(folder, f"2026-12-{day}T10:00:00+01:00", step)
        result = publish(folder, site)
        assert result.exit_code == 0, result.output
        for feed in (site / "2025" / "calendar.ics", site / "en" / "2025" / "calendar.ics"):
            assert events(feed)[uid].sequence.value == str(sequence), (feed, step)
    english = events(site / "en" / "2025" / "calendar.ics")[uid]
    assert "In the foyer" in english.description.value
    assert "Speakers: Jeanne Martin" in english.description.value
    french = feedparser.parse((site / "2025" / "changes.atom").read_bytes())
    assert len(french.entries) == 3
    assert "description ou intervenants modifiés" in french.entries[0].content[0].value
    in_english = feedparser.parse((site / "en" / "2025" / "changes.atom").read_bytes())
    assert "description or speakers changed" in in_english.entries[0].content[0].value


NEW_SLOTS = """programme_stage: pre-programme
theme: Un thème
source:
  title: Pré-programme 2027
venue:
  id: lieu
  name: Lieu
  address:
    street: 1 rue de Test
    postal_code: "75001"
    locality: Paris
sessions:
  - id: accueil
    date: 2027-07-01
    start: "09:00"
    end: "10:00"
    title: Accueil
    kind: welcome
  - id: cloture
    date: 2027-07-01
    start: "17:00"
    end: "18:00"
    title: Clôture
    kind: closing
    status: cancelled
"""


def test_the_first_programme_of_a_new_edition_is_one_event_programme_publie(folder, tmp_path):
    site = tmp_path / "site"
    year = str(max(int(edition.id) for edition in load_catalog(folder).editions) + 1)
    assert run("new", year, folder).exit_code == 0
    path = folder / f"{year}.yaml"
    text = path.read_text("utf-8")
    text = re.sub(r"(?m)^start_date:$", f"start_date: {year}-07-01", text)
    text = re.sub(r"(?m)^end_date:$", f"end_date: {year}-07-01", text)
    text = re.sub(r"(?m)^updated: .*$", "updated: 2026-12-01T10:00:00+01:00", text)
    path.write_text(text, "utf-8")
    assert publish(folder, site).exit_code == 0
    text = text.replace("programme_stage: announced\n", "")
    text = re.sub(r"(?m)^updated: .*$", "updated: 2026-12-02T10:00:00+01:00", text)
    path.write_text(text + NEW_SLOTS.replace("2027-", f"{year}-"), "utf-8")

    result = publish(folder, site)

    assert result.exit_code == 0, result.output
    feed = feedparser.parse((site / year / "changes.atom").read_bytes())
    [entry] = feed.entries
    assert "Programme publié" in entry.content[0].value
    page = (site / year / "index.html").read_text("utf-8")
    assert "ajouté" not in page and "ajouté" not in entry.content[0].value
    for event in events(site / year / "calendar.ics").values():
        assert "Modifié" not in event.description.value


def reading_time(memory: Path, count: int) -> float:
    """The best of three reads of the memory with `count` chained versions of 2025.

    The collector is off while timing: its passes over a growing heap, and a busy machine,
    are what the ratio must not measure."""
    import gc
    from dataclasses import replace

    from aictdata.memory.state import ChangeKind, ProgrammeChange, Version, chain_digest

    change = (ProgrammeChange("accueil", "Accueil", ChangeKind.RETITLED, "A", "B"),)
    versions, previous, day = [], "", "2026-01-01T00:00:00+01:00"
    for number in range(1, count + 1):
        previous = chain_digest(previous, "2025", number, day, change)
        versions.append(Version("2025", number, day, change, previous))
    write_state(memory, replace(read_state(memory), versions=tuple(versions)))
    times = []
    gc.disable()
    try:
        for _ in range(3):
            started = time.perf_counter()
            assert len(read_state(memory).versions) == count
            times.append(time.perf_counter() - started)
    finally:
        gc.enable()
    return min(times)


def test_the_memory_of_16000_versions_reads_in_linear_time(folder):
    """Reading was quadratic in the versions (16,000: 11 s): eight times the versions now
    take about eight times as long (sixty-four times when quadratic). The bound, 24 times,
    leaves a busy machine three times the linear ratio (a CI run once measured 8.7 times
    for four times the versions) and still fails the quadratic reading by far."""
    memory = state_path(folder)
    base = read_state(memory)
    small = reading_time(memory, 2_000)
    write_state(memory, base)
    large = reading_time(memory, 16_000)
    assert large < 24 * small, (small, large)
    assert json.loads(memory.read_text("utf-8"))["format"] == 3


def test_a_moved_slot_reads_rescheduled_in_every_format(folder, tmp_path):
    """JSON-LD, data/sessions.csv, the OpenAgenda body and the ICS feed say one status."""
    import csv

    site = tmp_path / "site"
    assert publish(folder, site).exit_code == 0
    move_a_slot(folder)
    assert publish(folder, site).exit_code == 0
    markup = json.loads((site / "2025" / "event.jsonld").read_text("utf-8"))
    [slot] = [e for e in markup["subEvent"] if e["@id"].endswith(f"#s-{MOVED}")]
    assert slot["eventStatus"] == "https://schema.org/EventRescheduled"
    with (site / "data" / "sessions.csv").open(encoding="utf-8", newline="") as stream:
        [row] = [r for r in csv.DictReader(stream) if (r["edition_id"], r["id"]) == ("2025", MOVED)]
    assert row["status_schema_org"] == "https://schema.org/EventRescheduled"
    assert row["status_openagenda"] == "2"
    body = json.loads((site / "data" / "openagenda.json").read_text("utf-8"))
    [event] = [e for e in body["events"] if e["extId"] == f"2025.{MOVED}"]
    assert event["body"]["status"] == 2
    [vevent] = [e for u, e in events(site / "2025" / "calendar.ics").items() if MOVED in u]
    assert vevent.status.value == "CONFIRMED"
    assert "Reprogrammé" in vevent.summary.value
