"""The calendar memory: what each published slot looked like, so that SEQUENCE can rise.

A calendar client keeps the copy of an event it already has unless the new copy carries a
higher SEQUENCE (RFC 5545, 3.8.7.4). The YAML says how a slot is *now*, not how it was
when the feeds were last published, so that memory lives in a small committed file beside
the editions, `editions/calendar-state.json`, like a lock file: `aictdata build` updates
it, `aictdata validate` says when it is out of date, and the organiser commits it with
the YAML.

For each slot UID it records the facts a participant acts on (start, end, place, title,
status, and whether the slot was removed), the slot's SEQUENCE and the data time of its
last change (the edition's `updated` when the change was first built), which becomes
LAST-MODIFIED. Any change to those facts raises SEQUENCE by one; a change of kind updates
the record without raising it (CATEGORIES is not something a participant acts on).

A slot removed from an edition's YAML stays in the memory and in the feeds, cancelled:
a client that already has it would otherwise keep showing it as if nothing happened
(a feed that drops an event says nothing about it). The record keeps the title, times
and place needed to publish it. Editions absent from a run (a build of one edition file,
or a deleted file) leave their records untouched: only a slot missing from an edition
that *is* in the catalog counts as removed.

The records are written in clear rather than hashed so that `git diff` shows what moved.
This module is pure Python (no icalendar): `aictdata validate` uses it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from pathlib import Path

from aictdata.errors import DataError, Problem
from aictdata.layout import session_uid
from aictdata.model import Catalog, Edition, Session, Status
from aictdata.text import rfc3339

STATE_FILE = "calendar-state.json"
FORMAT = 1
_ABOUT = (
    "Calendar memory of `aictdata build` (SEQUENCE and LAST-MODIFIED of every slot)."
    " Written by the build: do not edit; commit it with the editions."
)


@dataclass(frozen=True)
class SlotRecord:
    """One slot as it was last published."""

    edition: str
    session: str
    kind: str
    title: str
    start: str
    """RFC 3339 with the offset of that date: 2025-07-04T09:00:00+02:00."""
    end: str
    place: str | None
    status: str
    removed: bool
    sequence: int
    changed: str
    """RFC 3339 data time of the last change: the edition's `updated` when it was built."""

    @property
    def facts(self) -> tuple[str | bool | None, ...]:
        """What a participant acts on: a change here raises SEQUENCE."""
        return (self.start, self.end, self.place, self.title, self.status, self.removed)

    @property
    def changed_at(self) -> datetime:
        return datetime.fromisoformat(self.changed)

    @property
    def starts_at(self) -> datetime:
        return datetime.fromisoformat(self.start)

    @property
    def ends_at(self) -> datetime:
        return datetime.fromisoformat(self.end)


_FIELDS = {f.name for f in fields(SlotRecord)}
_FACT_NAMES = ("time", "time", "place", "title", "status", "removal")


@dataclass(frozen=True)
class CalendarState:
    slots: Mapping[str, SlotRecord]
    """Records by slot UID."""


@dataclass(frozen=True)
class Change:
    """How one slot's record differs between two states (for `aictdata validate`)."""

    uid: str
    what: tuple[str, ...]
    """Either ("new",) or the facts that changed: time, place, title, status, removal, kind."""
    sequence: int
    """SEQUENCE the slot has in the newer state."""

    def __str__(self) -> str:
        return f"{self.uid}: {', '.join(self.what)} (SEQUENCE {self.sequence})"


def state_path(editions_dir: Path) -> Path:
    return editions_dir / STATE_FILE


def slot_status(edition: Edition, session: Session) -> Status:
    """A slot's status as a participant must see it: a cancelled or postponed edition
    cancels or postpones every slot, whatever each slot says."""
    if edition.status in (Status.CANCELLED, Status.POSTPONED):
        return edition.status
    return session.status


def advance(previous: CalendarState | None, catalog: Catalog) -> CalendarState:
    """The state after publishing `catalog`, given the state of the last build.

    Pure and idempotent: advancing twice with the same catalog changes nothing more,
    which is what makes two builds byte-identical.
    """
    old = dict(previous.slots) if previous else {}
    new: dict[str, SlotRecord] = dict(old)
    by_edition: dict[str, list[str]] = {}
    for uid, record in old.items():
        by_edition.setdefault(record.edition, []).append(uid)
    for edition in catalog.editions:
        changed = rfc3339(edition.updated)
        present: set[str] = set()
        for session in edition.sessions:
            uid = session_uid(catalog.series, edition, session)
            present.add(uid)
            new[uid] = _next_record(old.get(uid), _record_of(edition, session, changed), changed)
        for uid in by_edition.get(edition.id, ()):
            record = old[uid]
            if uid not in present and not record.removed:
                new[uid] = replace(
                    record, removed=True, sequence=record.sequence + 1, changed=changed
                )
    return CalendarState(dict(sorted(new.items())))


def changes(previous: CalendarState | None, current: CalendarState) -> list[Change]:
    """Every slot whose record differs between `previous` and `current`, by UID."""
    old = previous.slots if previous else {}
    found = []
    for uid, record in current.slots.items():
        before = old.get(uid)
        if before == record:
            continue
        if before is None:
            what: tuple[str, ...] = ("new",)
        else:
            what = tuple(
                dict.fromkeys(
                    name
                    for name, a, b in zip(_FACT_NAMES, before.facts, record.facts, strict=True)
                    if a != b
                )
            ) or ("kind",)
        found.append(Change(uid, what, record.sequence))
    return found


def removed_by_edition(state: CalendarState) -> dict[str, list[tuple[str, SlotRecord]]]:
    """The removed slots of each edition, (UID, record) in UID order, grouped in one pass
    over the memory (a pass per edition would grow with editions x slots). Every format
    that publishes slots keeps these, cancelled."""
    removed: dict[str, list[tuple[str, SlotRecord]]] = {}
    for uid, record in state.slots.items():
        if record.removed:
            removed.setdefault(record.edition, []).append((uid, record))
    return removed


def pending_changes(path: Path, catalog: Catalog) -> list[Change] | None:
    """What `aictdata build` would change in the memory at `path` for `catalog`; None
    when there is no memory yet. An empty list means the memory is up to date."""
    previous = read_state(path)
    if previous is None:
        return None
    return changes(previous, advance(previous, catalog))


def _record_of(edition: Edition, session: Session, changed: str) -> SlotRecord:
    return SlotRecord(
        edition=edition.id,
        session=session.id,
        kind=session.kind.value,
        title=session.title,
        start=rfc3339(session.starts_at),
        end=rfc3339(session.ends_at),
        place=session.place,
        status=slot_status(edition, session).value,
        removed=False,
        sequence=0,
        changed=changed,
    )


def _next_record(before: SlotRecord | None, now: SlotRecord, changed: str) -> SlotRecord:
    if before is None:
        return now
    if before.facts != now.facts:
        return replace(now, sequence=before.sequence + 1, changed=changed)
    return replace(now, sequence=before.sequence, changed=before.changed)


# --- the file -----------------------------------------------------------------------


def dumps(state: CalendarState) -> str:
    """Deterministic text: sorted keys, two-space indent, UTF-8 as is, final newline."""
    document = {
        "about": _ABOUT,
        "format": FORMAT,
        "slots": {uid: asdict(record) for uid, record in sorted(state.slots.items())},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_state(path: Path) -> CalendarState | None:
    """The state in `path`, or None when there is none yet (the first build)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise _damaged(path, 1, 1, "", f"cannot be read ({error})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _damaged(path, error.lineno, error.colno, "", error.msg) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _damaged(path, 1, 1, "format", f"expected format {FORMAT}")
    slots = document.get("slots")
    if not isinstance(slots, dict):
        raise _damaged(path, 1, 1, "slots", "expected an object of slot records")
    records: dict[str, SlotRecord] = {}
    for uid, raw in slots.items():
        if not _is_record(raw):
            raise _damaged(path, _line_of(text, uid), 1, uid, "not a slot record")
        records[uid] = SlotRecord(**raw)
    return CalendarState(records)


def _is_record(raw: object) -> bool:
    """The shape `dumps` writes: the exact fields, each of its type, valid date-times."""
    if not isinstance(raw, dict) or set(raw) != _FIELDS:
        return False
    texts = ("edition", "session", "kind", "title", "start", "end", "status", "changed")
    if not all(isinstance(raw[name], str) for name in texts):
        return False
    if not (raw["place"] is None or isinstance(raw["place"], str)):
        return False
    if not isinstance(raw["removed"], bool) or type(raw["sequence"]) is not int:
        return False
    try:
        moments = [datetime.fromisoformat(raw[name]) for name in ("start", "end", "changed")]
    except ValueError:
        return False
    return raw["sequence"] >= 0 and all(m.tzinfo is not None for m in moments)


def write_state(path: Path, state: CalendarState) -> bool:
    """Write `state` atomically, only when its text differs; True when written."""
    text = dumps(state)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _line_of(text: str, uid: str) -> int:
    needle = json.dumps(uid, ensure_ascii=False)
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


def _damaged(path: Path, line: int, column: int, field: str, message: str) -> DataError:
    return DataError(
        [
            Problem(
                str(path),
                line,
                column,
                field,
                f"{message}: the calendar state is damaged; restore it from git,"
                " or delete it to start SEQUENCE again from 0",
            )
        ]
    )
