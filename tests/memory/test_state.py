"""The calendar memory (editions/calendar-state.json): how it advances, how it is stored,
and how `aictdata validate` and `aictdata build` report it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.cli import cli
from aictdata.errors import DataError
from aictdata.memory.differences import changes, pending_changes
from aictdata.memory.state import SlotRecord, advance, state_path
from aictdata.memory.store import read_state
from aictdata.memory.text import dumps, write_state
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, FIXTURES, ROOT, line_of

CALENDAR = FIXTURES / "calendar"
UID = "2030.{}@example.org"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "editions"
    shutil.copytree(CALENDAR, target)
    return target


def edit(folder: Path, *replacements: tuple[str, str]) -> None:
    path = folder / "2030.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def remove_slot(folder: Path, slot: str) -> None:
    path = folder / "2030.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {slot}\n")
    following = text.find("  - id: ", start + 1)
    path.write_text(text[:start] + (text[following:] if following != -1 else ""), encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- advancing -----------------------------------------------------------------------------


def test_first_build_records_every_slot_at_sequence_0_changed_when_the_edition_was_updated(
    folder,
):
    state = advance(None, load_catalog(folder))
    assert sorted(state.slots) == sorted(
        UID.format(s) for s in ("accueil", "atelier", "pause", "pleniere", "cloture")
    )
    pause = state.slots[UID.format("pause")]
    assert (pause.sequence, pause.changed) == (0, "2030-01-01T00:00:00+01:00")
    assert (pause.start, pause.end) == ("2030-06-12T11:00:00+02:00", "2030-06-12T11:30:00+02:00")
    assert (pause.place, pause.title, pause.status, pause.kind) == (
        "Espace des partenaires",
        "Pause café",
        "scheduled",
        "coffee-break",
    )


@pytest.mark.parametrize(
    ("replacement", "slot", "what"),
    [
        (('start: "09:30"', 'start: "09:45"'), "atelier", ("time",)),
        (('end: "13:00"', 'end: "13:15"'), "pleniere", ("time",)),
        (("place: Espace des partenaires", "place: Hall"), "pause", ("place",)),
        (("title: Accueil", "title: Accueil des participants"), "accueil", ("title",)),
        (("kind: closing", "kind: closing\n    status: cancelled"), "cloture", ("status",)),
        (("kind: closing", "kind: closing\n    status: full"), "cloture", ("status",)),
    ],
)
def test_a_change_participants_act_on_raises_sequence_by_one(folder, replacement, slot, what):
    before = advance(None, load_catalog(folder))
    edit(
        folder,
        replacement,
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-05-01T12:00:00+02:00"),
    )
    after = advance(before, load_catalog(folder))
    found = changes(before, after)
    assert [(c.uid, c.what, c.sequence) for c in found] == [(UID.format(slot), what, 1)]
    assert after.slots[UID.format(slot)].changed == "2030-05-01T12:00:00+02:00"
    untouched = after.slots[UID.format("accueil" if slot != "accueil" else "atelier")]
    assert (untouched.sequence, untouched.changed) == (0, "2030-01-01T00:00:00+01:00")


def test_a_change_of_kind_updates_the_record_without_raising_sequence(folder):
    before = advance(None, load_catalog(folder))
    edit(folder, ("kind: plenary", "kind: other"))
    after = advance(before, load_catalog(folder))
    record = after.slots[UID.format("pleniere")]
    assert (record.kind, record.sequence) == ("other", 0)
    assert [c.what for c in changes(before, after)] == [("kind",)]


def test_advancing_twice_changes_nothing_more(folder):
    before = advance(None, load_catalog(folder))
    edit(folder, ('start: "09:30"', 'start: "09:45"'))
    catalog = load_catalog(folder)
    once = advance(before, catalog)
    assert advance(once, catalog) == once
    assert changes(once, advance(once, catalog)) == []


def test_a_removed_slot_is_kept_cancelled_once_and_comes_back_with_a_higher_sequence(folder):
    first = advance(None, load_catalog(folder))
    remove_slot(folder, "cloture")
    second = advance(first, load_catalog(folder))
    removed = second.slots[UID.format("cloture")]
    assert (removed.removed, removed.sequence, removed.title) == (True, 1, "Clôture")
    assert advance(second, load_catalog(folder)) == second
    shutil.copy(CALENDAR / "2030.yaml", folder / "2030.yaml")
    third = advance(second, load_catalog(folder))
    back = third.slots[UID.format("cloture")]
    assert (back.removed, back.sequence) == (False, 2)


def test_editions_missing_from_a_run_keep_their_records(tmp_path):
    folder = tmp_path / "editions"
    shutil.copytree(EDITIONS, folder)
    state = advance(None, load_catalog(folder))
    only_2025 = advance(state, load_catalog(folder / "2025.yaml"))
    assert only_2025 == state


def test_a_cancelled_edition_cancels_every_slot(folder):
    before = advance(None, load_catalog(folder))
    edit(folder, ("programme_stage: programme", "status: cancelled\nprogramme_stage: programme"))
    after = advance(before, load_catalog(folder))
    assert {r.status for r in after.slots.values()} == {"cancelled"}
    assert {r.sequence for r in after.slots.values()} == {1}


# --- the file --------------------------------------------------------------------------


def test_state_text_is_sorted_indented_utf8_with_a_final_newline(folder):
    text = dumps(advance(None, load_catalog(folder)))
    document = json.loads(text)
    assert list(document["slots"]) == sorted(document["slots"])
    assert text.endswith("}\n") and "Clôture" in text and "\\u" not in text
    assert json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n" == text


def test_write_state_writes_only_when_the_text_changes_and_leaves_no_temporary_file(folder):
    path = state_path(folder)
    state = advance(None, load_catalog(folder))
    assert write_state(path, state) is True
    stamp = path.stat().st_mtime_ns
    assert write_state(path, state) is False
    assert path.stat().st_mtime_ns == stamp
    assert read_state(path) == state
    assert sorted(p.name for p in folder.iterdir()) == [
        "2030.yaml",
        "calendar-state.json",
        "series.yaml",
    ]


def test_the_state_file_is_not_read_as_an_edition(folder):
    write_state(state_path(folder), advance(None, load_catalog(folder)))
    assert [e.id for e in load_catalog(folder).editions] == ["2030"]


def test_damaged_json_is_reported_with_its_line_and_column(folder):
    state_path(folder).write_text('{\n  "format": 1,\n  "slots": {,}\n}\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_state(state_path(folder))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, 13)
    assert "restore it from git" in problem.message


def test_a_record_of_the_wrong_shape_is_reported_at_its_line(folder):
    path = state_path(folder)
    write_state(path, advance(None, load_catalog(folder)))
    text = path.read_text(encoding="utf-8").replace('"sequence": 0', '"sequence": "0"', 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_state(path)
    (problem,) = caught.value.problems
    assert problem.field == UID.format("accueil")
    assert text.splitlines()[problem.line - 1].strip().startswith(f'"{UID.format("accueil")}"')


# --- build and validate ------------------------------------------------------------------


def test_the_committed_state_is_up_to_date_with_the_editions():
    path = state_path(EDITIONS)
    catalog = load_catalog(EDITIONS)
    assert pending_changes(read_state(path), catalog) == []
    assert dumps(advance(read_state(path), catalog)) == path.read_text(encoding="utf-8")


def test_an_edition_that_moves_without_its_slots_is_a_pending_change(tmp_path):
    folder = tmp_path / "editions"
    shutil.copytree(EDITIONS, folder)
    path = folder / "2025.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("end_date: 2025-07-04", "end_date: 2025-07-05"),
        encoding="utf-8",
    )
    pending = [
        str(c) for c in pending_changes(read_state(state_path(folder)), load_catalog(folder))
    ]
    assert pending == ["edition 2025: dates", "edition 2025: programme version 1"]


def test_build_writes_the_state_and_says_so_then_stays_quiet(folder, tmp_path):
    result = run("build", "--published", "--out", str(tmp_path / "site"), str(folder))
    assert result.exit_code == 0, result.output
    assert f"updated {state_path(folder)}: commit it with the editions" in result.output
    assert state_path(folder).exists()
    again = run("build", "--published", "--out", str(tmp_path / "site"), str(folder))
    assert "updated" not in again.output


def test_validate_warns_but_succeeds_when_the_state_is_stale(folder, tmp_path):
    missing = run("validate", str(folder))
    assert missing.exit_code == 0
    assert "warning: no calendar memory yet" in missing.stderr
    run("build", "--published", "--out", str(tmp_path / "site"), str(folder))
    fresh = run("validate", str(folder))
    memory = [line for line in fresh.stderr.splitlines() if "legal notice" not in line]
    assert (fresh.exit_code, memory) == (0, [])
    edit(folder, ('start: "09:30"', 'start: "09:45"'), ("title: Accueil", "title: Bienvenue"))
    stale = run("validate", str(folder))
    assert stale.exit_code == 0
    lines = stale.stderr.splitlines()
    assert lines[0] == (
        f"warning: {state_path(folder)} is out of date (2 slots changed and an edition's"
        " dates, status or programme version since the last build): run `aictdata build`"
        " and commit it"
    )
    assert sorted(line for line in lines[1:] if line.startswith("  ")) == [
        f"  {UID.format('accueil')}: title (SEQUENCE 1)",
        f"  {UID.format('atelier')}: time (SEQUENCE 1)",
        "  edition 2030: programme version 1",
    ]
    others = [x for x in lines[1:] if not x.startswith("  ") and "legal notice" not in x]
    assert others == []  # nothing asks to move `updated`: the build dates the changes


def test_a_preview_build_never_changes_the_memory(folder, tmp_path):
    run("build", "--published", "--out", str(tmp_path / "site"), str(folder))
    before = state_path(folder).read_bytes()
    edit(folder, ('start: "09:30"', 'start: "09:45"'), bump(3))
    preview = run("build", "--out", str(tmp_path / "preview"), str(folder))
    assert preview.exit_code == 0, preview.output
    assert "preview:" in preview.output and "updated" not in preview.output
    assert state_path(folder).read_bytes() == before
    # the preview still shows what the published build will publish: SEQUENCE 1
    feed = (tmp_path / "preview" / "2030" / "sessions" / "atelier.ics").read_text("utf-8")
    assert "SEQUENCE:1" in feed
    published = run("build", "--published", "--out", str(tmp_path / "site"), str(folder))
    assert f"updated {state_path(folder)}" in published.output
    assert state_path(folder).read_bytes() != before


EPOCH = 1_900_000_000  # 2030-03-17T17:46:40Z: after the fixture's `updated`


def test_a_change_is_dated_by_the_build_and_nobody_types_updated(folder, tmp_path, monkeypatch):
    """The organiser edits a slot and builds: no refusal, no `--keep-updated`; the slot's
    SEQUENCE rises and its LAST-MODIFIED is when the build published it
    (SOURCE_DATE_EPOCH here), kept by the memory so that a later build is the same."""
    site = tmp_path / "site"
    run("build", "--published", "--out", str(site), str(folder))
    edit(folder, ('start: "09:30"', 'start: "09:45"'))  # `updated` left as it was
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    built = run("build", "--published", "--out", str(site), str(folder))
    assert built.exit_code == 0, built.output
    feed = (site / "2030" / "sessions" / "atelier.ics").read_text("utf-8")
    assert "SEQUENCE:1\n" in feed
    assert "LAST-MODIFIED:20300317T174640Z\n" in feed
    untouched = (site / "2030" / "sessions" / "accueil.ics").read_text("utf-8")
    assert "LAST-MODIFIED:20300317T174640Z" not in untouched
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 86_400))  # a day later, no change
    run("build", "--published", "--out", str(site), str(folder))
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == first


def test_an_updated_later_than_the_build_dates_the_change(folder, tmp_path, monkeypatch):
    site = tmp_path / "site"
    run("build", "--published", "--out", str(site), str(folder))
    edit(folder, ('start: "09:30"', 'start: "09:45"'), (UPDATED, "updated: 2030-05-04 12:00"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert run("build", "--published", "--out", str(site), str(folder)).exit_code == 0
    feed = (site / "2030" / "sessions" / "atelier.ics").read_text("utf-8")
    # 12:00 in Paris in May, without an offset written: 10:00 UTC.
    assert "LAST-MODIFIED:20300504T100000Z\n" in feed


def test_a_change_is_never_dated_before_the_one_it_follows(folder, tmp_path, monkeypatch):
    """A clock set back (or an older SOURCE_DATE_EPOCH) cannot date a change before the
    previous one: it is dated one second after it, so LAST-MODIFIED and the versions only
    rise."""
    site = tmp_path / "site"
    run("build", "--published", "--out", str(site), str(folder))
    edit(folder, ('start: "09:30"', 'start: "09:45"'))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert run("build", "--published", "--out", str(site), str(folder)).exit_code == 0
    edit(folder, ('start: "09:45"', 'start: "10:00"'))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH - 86_400))  # the clock a day behind
    assert run("build", "--published", "--out", str(site), str(folder)).exit_code == 0
    feed = (site / "2030" / "sessions" / "atelier.ics").read_text("utf-8")
    assert "SEQUENCE:2\n" in feed
    assert "LAST-MODIFIED:20300317T174641Z\n" in feed
    versions = read_state(state_path(folder)).versions_of("2030")
    assert [v.dated for v in versions] == sorted({v.dated for v in versions})


def test_validate_fails_on_a_damaged_state(folder):
    state_path(folder).write_text("not json", encoding="utf-8")
    result = run("validate", str(folder))
    assert result.exit_code == 1
    assert "calendar-state.json:1:1:" in result.stderr


def test_a_failed_build_leaves_the_state_untouched(folder, tmp_path):
    run("build", "--published", "--out", str(tmp_path / "site"), str(folder))
    before = state_path(folder).read_bytes()
    text = (folder / "2030.yaml").read_text(encoding="utf-8").replace("2030-", "1990-")
    (folder / "2030.yaml").unlink()  # an edition of 1990 is 1990.yaml, id "1990"
    (folder / "1990.yaml").write_text(
        text.replace('id: "2030"', 'id: "1990"'), encoding="utf-8"
    )  # before the zone's rules
    result = run("build", "--published", "--out", str(tmp_path / "site"), str(folder))
    assert result.exit_code == 1
    assert state_path(folder).read_bytes() == before


def test_validate_imports_no_heavy_library():
    code = (
        "import sys\n"
        "from aictdata.cli import cli\n"
        "try:\n    cli(['validate', sys.argv[1]], prog_name='aictdata')\nexcept SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('icalendar', 'frictionless', 'jinja2', 'requests')"
        " if m in sys.modules))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(EDITIONS)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert completed.stdout.splitlines()[-1] == "[]"


# --- programme versions ---------------------------------------------------------------

UPDATED = "updated: 2030-01-01T00:00:00+01:00"


def bump(day: int) -> tuple[str, str]:
    """The edition's `updated`, moved to a later day of May 2030 (as an organiser does)."""
    return (UPDATED, f"updated: 2030-05-{day:02d}T12:00:00+02:00")


def recorded(state) -> list[tuple[int, list[tuple[str | None, str, str | None, str | None]]]]:
    return [
        (v.number, [(c.session, c.kind.value, c.before, c.after) for c in v.changes])
        for v in state.versions_of("2030")
    ]


def test_first_publication_records_no_version(folder):
    state = advance(None, load_catalog(folder))
    assert state.versions == ()
    assert advance(state, load_catalog(folder)).versions == ()


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        (
            ('start: "09:30"', 'start: "10:00"'),
            [
                (
                    "atelier",
                    "moved",
                    "2030-06-12T09:30:00+02:00/2030-06-12T11:00:00+02:00",
                    "2030-06-12T10:00:00+02:00/2030-06-12T11:00:00+02:00",
                )
            ],
        ),
        (
            ("title: Atelier", "title: Atelier des territoires"),
            [("atelier", "retitled", "Atelier", "Atelier des territoires")],
        ),
        (
            ("place: Espace des partenaires", "place: Hall"),
            [("pause", "relocated", "Espace des partenaires", "Hall")],
        ),
        (
            ("kind: closing", "kind: closing\n    status: cancelled"),
            [("cloture", "cancelled", "scheduled", "cancelled")],
        ),
        (
            ("kind: closing", "kind: closing\n    status: full"),
            [("cloture", "status", "scheduled", "full")],
        ),
        (
            (
                "start_date: 2030-06-12\nend_date: 2030-06-12",
                "start_date: 2030-06-11\nend_date: 2030-06-12",
            ),
            [(None, "moved", "2030-06-12/2030-06-12", "2030-06-11/2030-06-12")],
        ),
    ],
)
def test_a_change_records_one_version_with_before_and_after(folder, replacement, expected):
    first = advance(None, load_catalog(folder))
    edit(folder, replacement, bump(1))
    state = advance(first, load_catalog(folder))
    assert recorded(state) == [(1, expected)]
    assert state.versions[0].date == "2030-05-01T12:00:00+02:00"  # the data's, not the clock's


def test_a_cancelled_edition_is_one_change_not_one_per_slot(folder):
    first = advance(None, load_catalog(folder))
    cancel = ("programme_stage: programme", "status: cancelled\nprogramme_stage: programme")
    edit(folder, cancel, bump(1))
    cancelled = advance(first, load_catalog(folder))
    assert recorded(cancelled) == [(1, [(None, "cancelled", "scheduled", "cancelled")])]
    edit(folder, ("status: cancelled\n", ""), ("2030-05-01T12", "2030-05-02T12"))
    restored = advance(cancelled, load_catalog(folder))
    assert recorded(restored)[1] == (2, [(None, "restored", "cancelled", "scheduled")])


def test_added_removed_and_restored_slots_are_versions_too(folder):
    first = advance(None, load_catalog(folder))
    remove_slot(folder, "cloture")
    edit(folder, bump(1))
    second = advance(first, load_catalog(folder))
    shutil.copy(CALENDAR / "2030.yaml", folder / "2030.yaml")
    edit(
        folder,
        bump(2),
        (
            "  - id: cloture",
            '  - id: cocktail\n    date: 2030-06-12\n    start: "18:00"\n'
            '    end: "19:00"\n    title: Cocktail\n    kind: other\n  - id: cloture',
        ),
    )
    third = advance(second, load_catalog(folder))
    assert recorded(third) == [
        (1, [("cloture", "removed", "scheduled", "removed")]),
        (
            2,
            [
                ("cloture", "restored", "removed", "scheduled"),
                ("cocktail", "added", None, "2030-06-12T18:00:00+02:00/2030-06-12T19:00:00+02:00"),
            ],
        ),
    ]


def test_versions_are_kept_as_recorded_and_read_back_the_same(folder):
    first = advance(None, load_catalog(folder))
    edit(folder, ('start: "09:30"', 'start: "10:00"'), bump(1))
    second = advance(first, load_catalog(folder))
    edit(
        folder,
        ("title: Atelier", "title: Atelier des territoires"),
        ("2030-05-01T12", "2030-05-02T12"),
    )
    third = advance(second, load_catalog(folder))
    assert third.versions[0] == second.versions[0]  # never rewritten
    path = state_path(folder)
    write_state(path, third)
    assert read_state(path) == third


def test_a_memory_written_before_the_english_texts_reads_as_its_fields_make_it(folder):
    """Format 2 had no English nor details: its records read with those empty, the very
    records the dataclass makes of the same fields (equal, same repr and hash), and the
    next build takes the English as it is then."""
    path = state_path(folder)
    write_state(path, advance(None, load_catalog(folder)))
    document = json.loads(path.read_text(encoding="utf-8"))
    for record in document["slots"].values():
        for name in ("title_en", "place_en", "details"):
            del record[name]
    del document["digest"]
    document["format"] = 2
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    read = read_state(path)
    assert read is not None and not read.english
    for uid, raw in document["slots"].items():
        made = SlotRecord(**raw)
        assert read.slots[uid] == made and repr(read.slots[uid]) == repr(made)
        assert hash(read.slots[uid]) == hash(made)
        assert read.slots[uid].title_en is None and read.slots[uid].details is None
    advanced = advance(read, load_catalog(folder))
    assert all(record.sequence == 0 for record in advanced.slots.values())


def test_a_hand_edited_version_is_a_located_error(folder):
    first = advance(None, load_catalog(folder))
    edit(folder, ('start: "09:30"', 'start: "10:00"'), bump(1))
    path = state_path(folder)
    write_state(path, advance(first, load_catalog(folder)))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"after": "2030-06-12T10:00', '"after": "2030-06-12T10:15'), "utf-8"
    )
    line = line_of(path, '"versions": [') + 1  # the version's opening brace
    result = subprocess.run(
        [sys.executable, "-m", "aictdata", "validate", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"{path}:{line}:1: versions[0]: version 1 of edition 2030 does not match its history"
    ), result.stderr
