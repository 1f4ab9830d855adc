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

Beside the slots, the memory keeps each edition's dates and status, and the edition's
programme versions: each build that changes what a participant acts on (a slot added,
moved, retitled, relocated, cancelled, restored or removed; the edition itself moved,
postponed or cancelled) records one new version of that edition, numbered from 1, dated
by the edition's `updated`, listing each change with its value before and after. The
first publication of an edition is not a version: there is nothing to compare it with.
Versions are never rewritten: each carries a digest chained to the previous one, so that
a history edited by hand, or damaged, is refused with its location instead of being
published.

The records are written in clear rather than hashed so that `git diff` shows what moved.
This module is pure Python (no icalendar): `aictdata validate` uses it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from aictdata.errors import DataError, Problem
from aictdata.i18n import _
from aictdata.layout import session_uid
from aictdata.model import YEARS, Catalog, Edition, Session, SessionKind, Status
from aictdata.text import rfc3339

STATE_FILE = "calendar-state.json"
FORMAT = 2
_READABLE_FORMATS = (1, FORMAT)
"""Format 1 had the slots only: read as a memory with no edition records and no versions."""
_ABOUT = (
    "Calendar memory of `aictdata build` (SEQUENCE and LAST-MODIFIED of every slot, and"
    " the programme versions of each edition). Written by the build: do not edit; commit"
    " it with the editions."
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
class EditionRecord:
    """An edition's dates and status as last published."""

    start: str
    """ISO 8601 date of the first day."""
    end: str
    status: str
    announced: bool = False
    """Published once with no slot (an announced edition): its placeholder event then
    stays known, so that a copy of it can be cancelled when the programme comes."""

    @property
    def dates(self) -> str:
        """The edition's days as an ISO 8601 interval: 2025-07-04/2025-07-04."""
        return f"{self.start}/{self.end}"


class ChangeKind(StrEnum):
    """What happened to a slot, or to the edition itself, in a programme version."""

    ADDED = "added"
    MOVED = "moved"
    RETITLED = "retitled"
    RELOCATED = "relocated"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    STATUS = "status"
    """Another change of status (full, moved online, rescheduled)."""
    RESTORED = "restored"
    """Back to taking place after a cancellation, a postponement or a removal."""
    REMOVED = "removed"


@dataclass(frozen=True)
class ProgrammeChange:
    """One change of a version. `session` is the slot's id, None for the edition itself;
    `title` the slot's title after the change (before it, for a removal). `before` and
    `after` are the values as the data package publishes them: a time as an RFC 3339
    interval (`start/end`), the edition's days as a date interval, a title, a place, a
    status; None where there was none (an added slot has no `before`)."""

    session: str | None
    title: str | None
    kind: ChangeKind
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Version:
    """One programme version of an edition: never rewritten once recorded."""

    edition: str
    number: int
    date: str
    """RFC 3339: the edition's `updated` when the change was built."""
    changes: tuple[ProgrammeChange, ...]
    digest: str
    """Chained to the previous version of the edition (`_digest`): a history edited by
    hand no longer matches."""

    @property
    def dated(self) -> datetime:
        return datetime.fromisoformat(self.date)


@dataclass(frozen=True)
class CalendarState:
    slots: Mapping[str, SlotRecord]
    """Records by slot UID."""
    editions: Mapping[str, EditionRecord] = field(default_factory=dict)
    """Records by edition id (none in a memory written before versions existed)."""
    versions: tuple[Version, ...] = ()
    """Every programme version, by edition id then number."""

    def versions_of(self, edition_id: str) -> tuple[Version, ...]:
        """The edition's versions, oldest first."""
        return tuple(v for v in self.versions if v.edition == edition_id)


@dataclass(frozen=True)
class Change:
    """How one slot's record, or an edition's, differs between two states (for
    `aictdata validate`)."""

    uid: str
    """The slot's UID, or « edition 2025 »."""
    what: tuple[str, ...]
    """Either ("new",) or the facts that changed: time, place, title, status, removal,
    kind; for an edition: dates, status, or the programme version it makes."""
    sequence: int | None
    """SEQUENCE the slot has in the newer state (None for an edition)."""

    def __str__(self) -> str:
        after = f" (SEQUENCE {self.sequence})" if self.sequence is not None else ""
        return f"{self.uid}: {', '.join(self.what)}{after}"


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
    old_editions = dict(previous.editions) if previous else {}
    versions = list(previous.versions) if previous else []
    new: dict[str, SlotRecord] = dict(old)
    editions: dict[str, EditionRecord] = dict(old_editions)
    by_edition: dict[str, list[str]] = {}
    for uid, record in old.items():
        by_edition.setdefault(record.edition, []).append(uid)
    for edition in catalog.editions:
        changed = rfc3339(edition.updated)
        present: list[str] = []
        for session in sorted(edition.sessions, key=lambda s: (s.starts_at, s.ends_at, s.id)):
            uid = session_uid(catalog.series, edition, session)
            present.append(uid)
            new[uid] = _next_record(old.get(uid), _record_of(edition, session, changed), changed)
        for uid in by_edition.get(edition.id, ()):
            record = old[uid]
            if uid not in present and not record.removed:
                new[uid] = replace(
                    record, removed=True, sequence=record.sequence + 1, changed=changed
                )
        was = old_editions.get(edition.id)
        editions[edition.id] = EditionRecord(
            start=edition.start_date.isoformat(),
            end=edition.end_date.isoformat(),
            status=edition.status.value,
            announced=(was is not None and was.announced) or not edition.sessions,
        )
        if edition.id in old_editions or edition.id in by_edition:  # published before
            uids = present + sorted(set(by_edition.get(edition.id, ())) - set(present))
            found = list(
                _programme_changes(
                    [(old.get(uid), new[uid]) for uid in uids],
                    old_editions.get(edition.id),
                    editions[edition.id],
                )
            )
            if found:
                versions.append(_version(versions, edition.id, changed, tuple(found)))
    return CalendarState(
        dict(sorted(new.items())),
        dict(sorted(editions.items())),
        tuple(sorted(versions, key=lambda v: (v.edition, v.number))),
    )


_HALTED = (Status.CANCELLED.value, Status.POSTPONED.value)
"""Edition statuses that every slot takes on (`slot_status`)."""


def _programme_changes(
    slots: list[tuple[SlotRecord | None, SlotRecord]],
    before: EditionRecord | None,
    after: EditionRecord,
) -> Iterator[ProgrammeChange]:
    """The changes between two publications of one edition: the edition's own first, then
    each slot's in programme order (removed slots last). A slot status that only follows
    the edition's (every slot of a cancelled edition is cancelled) is the edition's
    change, not one per slot."""
    if before is not None:
        if before.dates != after.dates:
            yield ProgrammeChange(None, None, ChangeKind.MOVED, before.dates, after.dates)
        if before.status != after.status:
            kind = _status_change(before.status, after.status)
            yield ProgrammeChange(None, None, kind, before.status, after.status)
    for old, new in slots:
        if old is None:
            yield ProgrammeChange(new.session, new.title, ChangeKind.ADDED, None, _interval(new))
            continue
        if old.facts == new.facts:
            continue
        if new.removed != old.removed:
            kind = ChangeKind.REMOVED if new.removed else ChangeKind.RESTORED
            title = old.title if new.removed else new.title
            state = ("removed", new.status) if not new.removed else (old.status, "removed")
            yield ProgrammeChange(new.session, title, kind, *state)
            if new.removed:
                continue
        if (old.start, old.end) != (new.start, new.end):
            yield ProgrammeChange(
                new.session, new.title, ChangeKind.MOVED, _interval(old), _interval(new)
            )
        if old.title != new.title:
            yield ProgrammeChange(new.session, new.title, ChangeKind.RETITLED, old.title, new.title)
        if old.place != new.place:
            yield ProgrammeChange(
                new.session, new.title, ChangeKind.RELOCATED, old.place, new.place
            )
        follows_edition = before is not None and (
            (old.status == before.status and before.status in _HALTED)
            or (new.status == after.status and after.status in _HALTED)
        )
        if old.status != new.status and not old.removed and not follows_edition:
            kind = _status_change(old.status, new.status)
            yield ProgrammeChange(new.session, new.title, kind, old.status, new.status)


def _status_change(before: str, after: str) -> ChangeKind:
    if after == Status.CANCELLED.value:
        return ChangeKind.CANCELLED
    if after == Status.POSTPONED.value:
        return ChangeKind.POSTPONED
    if before in _HALTED:
        return ChangeKind.RESTORED
    return ChangeKind.STATUS


def _interval(record: SlotRecord) -> str:
    return f"{record.start}/{record.end}"


def _version(
    versions: list[Version], edition: str, date_: str, changes_: tuple[ProgrammeChange, ...]
) -> Version:
    earlier = [v for v in versions if v.edition == edition]
    number = len(earlier) + 1
    previous = earlier[-1].digest if earlier else ""
    return Version(
        edition, number, date_, changes_, _digest(previous, edition, number, date_, changes_)
    )


def _digest(
    previous: str, edition: str, number: int, date_: str, changes_: tuple[ProgrammeChange, ...]
) -> str:
    """A short SHA-256 of the version and the digest before it: not a security seal (the
    file is in git), a tripwire for hand edits and damaged merges."""
    content = [previous, edition, number, date_, [asdict(change) for change in changes_]]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


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


def edition_changes(previous: CalendarState | None, current: CalendarState) -> list[Change]:
    """Every edition whose dates or status differ, and every programme version that
    `current` records and `previous` did not: what `changes` does not see when no slot's
    own record moves (a day added to an edition, an edition with no slot cancelled)."""
    found = []
    old_editions = previous.editions if previous else {}
    for edition_id, record in current.editions.items():
        was = old_editions.get(edition_id)
        if was != record:
            facts = (
                ("new",)
                if was is None
                else tuple(
                    name
                    for name, a, b in (
                        ("dates", was.dates, record.dates),
                        ("status", was.status, record.status),
                    )
                    if a != b
                )
            )
            found.append(Change(f"edition {edition_id}", facts, None))
    recorded = {(v.edition, v.number) for v in previous.versions} if previous else set()
    for version in current.versions:
        if (version.edition, version.number) not in recorded:
            found.append(
                Change(f"edition {version.edition}", (f"programme version {version.number}",), None)
            )
    return found


@dataclass(frozen=True)
class StaleUpdate:
    """A slot that changed while its edition's `updated` did not move past the slot's
    last change: its LAST-MODIFIED would stay where it was."""

    edition: str
    uid: str
    updated: str
    last_change: str


def stale_updates(previous: CalendarState | None, catalog: Catalog) -> list[StaleUpdate]:
    """The changed slots whose edition's `updated` is not later than their last change.
    Calendars and aggregators compare LAST-MODIFIED (and the Atom feeds' dates): a change
    published under an old date looks older than what they already have."""
    if previous is None:
        return []
    current = advance(previous, catalog)
    stale = []
    for change in changes(previous, current):
        before = previous.slots.get(change.uid)
        after = current.slots[change.uid]
        if before is None or before.facts == after.facts:
            continue
        if datetime.fromisoformat(after.changed) <= before.changed_at:
            stale.append(StaleUpdate(after.edition, change.uid, after.changed, before.changed))
    return stale


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
    current = advance(previous, catalog)
    return changes(previous, current) + edition_changes(previous, current)


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
        "editions": {eid: asdict(record) for eid, record in sorted(state.editions.items())},
        "versions": [asdict(version) for version in state.versions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


MAX_STATE_BYTES = 64 * 1024 * 1024
"""The memory of 10,000 slots is about 4 MB: more is not a memory aictdata wrote."""
_MAX_DIGITS = 20
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_MAYBE_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\\(?:u00[0189][0-9a-fA-F]|u007[fF]|[bfnrt])"
)
"""What decodes to a control character inside a JSON text: the character itself (but
the whitespace between tokens, which strict JSON allows nowhere else) or its escape."""


class _UnwritableError(ValueError):
    """A value `dumps` never writes (found while parsing: an oversized number, a control
    character); `value` is its text, to find its line."""

    def __init__(self, message: str, value: str) -> None:
        super().__init__(message)
        self.value = value


def read_state(path: Path) -> CalendarState | None:
    """The state in `path`, or None when there is none yet (the first build).

    The file is input like the YAML: it must be a regular file (a FIFO would hang the
    build, a link to /dev/zero fill its memory), of bounded size, with numbers of at most
    20 digits, no control characters, bounded nesting, and records of the exact shape
    `dumps` writes; anything else is a located error.
    """
    try:
        text = _read_regular_file(path)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        reason = (error.strerror if isinstance(error, OSError) else None) or error
        raise _damaged(path, 1, 1, "", _("cannot be read ({error})").format(error=reason)) from None
    try:
        # The objects are checked one by one only when the text may hold a control
        # character (raw, or as an escape): a clean 10,000-slot memory then reads at the
        # speed of json's C decoder.
        hook = _clean_object if _MAYBE_CONTROL.search(text) else None
        document = json.loads(text, parse_int=_small_int, object_pairs_hook=hook)
    except json.JSONDecodeError as error:
        raise _damaged(path, error.lineno, error.colno, "", error.msg) from None
    except _UnwritableError as error:
        raise _damaged(path, _line_of(text, error.value), 1, "", str(error)) from None
    except RecursionError:
        raise _damaged(path, 1, 1, "", _("nested too deeply")) from None
    if not isinstance(document, dict) or document.get("format") not in _READABLE_FORMATS:
        raise _damaged(path, 1, 1, "format", _("expected format {format}").format(format=FORMAT))
    slots = document.get("slots")
    if not isinstance(slots, dict):
        raise _damaged(path, 1, 1, "slots", _("expected an object of slot records"))
    records: dict[str, SlotRecord] = {}
    for uid, raw in slots.items():
        if not _is_record(raw):
            raise _damaged(path, _line_of(text, uid), 1, uid, _("not a slot record"))
        records[uid] = SlotRecord(**raw)
    editions = document.get("editions", {})
    if not isinstance(editions, dict):
        raise _damaged(path, 1, 1, "editions", _("expected an object of edition records"))
    edition_records: dict[str, EditionRecord] = {}
    for eid, raw in editions.items():
        if not _is_edition_record(raw):
            line = _line_of(text, eid)
            raise _damaged(path, line, 1, f"editions.{eid}", _("not an edition record"))
        edition_records[eid] = EditionRecord(**raw)
    return CalendarState(records, edition_records, _read_versions(path, text, document))


def _read_regular_file(path: Path) -> str:
    """The text of `path` if it is a regular file of at most MAX_STATE_BYTES.

    Opened without blocking and checked on the open descriptor, so a FIFO (or a file
    swapped for one after a check) never makes the build wait for a writer.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, _("not a regular file"))
        raw = stream.read(MAX_STATE_BYTES + 1)
    if len(raw) > MAX_STATE_BYTES:
        limit = MAX_STATE_BYTES
        raise OSError(errno.EFBIG, _("larger than {limit} bytes").format(limit=limit))
    return raw.decode("utf-8")


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise _UnwritableError(_("a number of {digits} digits").format(digits=len(text)), text)
    return int(text)


def _clean_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object of the file, refused if a key or a text holds a control character."""
    for key, value in pairs:
        for text in (key, value):
            if isinstance(text, str) and _CONTROL.search(text):
                raise _UnwritableError(_("a control character in a text"), text)
    return dict(pairs)


def _read_versions(path: Path, text: str, document: dict[str, object]) -> tuple[Version, ...]:
    """The history, each version checked against its digest and its place in the chain."""
    raw_versions = document.get("versions", [])
    if not isinstance(raw_versions, list):
        raise _damaged(path, 1, 1, "versions", _("expected a list of versions"))
    versions: list[Version] = []
    lines = _version_lines(text)
    for index, raw in enumerate(raw_versions):
        where = f"versions[{index}]"
        line = lines[index] if index < len(lines) else 1
        version = _version_of(raw)
        if version is None:
            raise _damaged(path, line, 1, where, _("not a programme version"))
        expected = _version(versions, version.edition, version.date, version.changes)
        if (version.number, version.digest) != (expected.number, expected.digest):
            raise _damaged(
                path,
                line,
                1,
                where,
                _(
                    "version {number} of edition {edition} does not match its history (edited"
                    " by hand, or a merge kept both sides)"
                ).format(number=version.number, edition=version.edition),
            )
        versions.append(version)
    return tuple(sorted(versions, key=lambda v: (v.edition, v.number)))


def _version_of(raw: object) -> Version | None:
    """A Version from what `dumps` wrote, or None when it is not of that shape."""
    names = {"edition", "number", "date", "changes", "digest"}
    if not isinstance(raw, dict) or set(raw) != names or not isinstance(raw["changes"], list):
        return None
    if not all(isinstance(raw[n], str) for n in ("edition", "date", "digest")):
        return None
    if type(raw["number"]) is not int or not _is_moment(raw["date"]):
        return None
    changes_: list[ProgrammeChange] = []
    change_names = {f.name for f in fields(ProgrammeChange)}
    kinds = {kind.value for kind in ChangeKind}
    for item in raw["changes"]:
        if not isinstance(item, dict) or set(item) != change_names or item["kind"] not in kinds:
            return None
        optional = ("session", "title", "before", "after")
        if not all(item[n] is None or isinstance(item[n], str) for n in optional):
            return None
        changes_.append(ProgrammeChange(**{**item, "kind": ChangeKind(item["kind"])}))
    return Version(raw["edition"], raw["number"], raw["date"], tuple(changes_), raw["digest"])


def _version_lines(text: str) -> list[int]:
    """The line where each version starts in the file `dumps` wrote, for the errors."""
    lines, inside = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith('  "versions": ['):
            inside = True
        elif inside and line == "    {":
            lines.append(number)
    return lines


def _is_moment(value: str) -> bool:
    """An RFC 3339 date-time with its offset, in a year an edition may have."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return False
    return moment.tzinfo is not None and moment.year in YEARS


def _is_day(value: str) -> bool:
    try:
        return date.fromisoformat(value).year in YEARS
    except ValueError:
        return False


def _is_edition_record(raw: object) -> bool:
    names = {f.name for f in fields(EditionRecord)}
    if not isinstance(raw, dict) or set(raw) not in (names, names - {"announced"}):
        return False
    if not all(isinstance(raw[name], str) for name in ("start", "end", "status")):
        return False
    if not isinstance(raw.get("announced", False), bool):
        return False
    if not (_is_day(raw["start"]) and _is_day(raw["end"])):
        return False
    return raw["status"] in {status.value for status in Status}


def _is_record(raw: object) -> bool:
    """The shape `dumps` writes: the exact fields, each of its type, valid date-times."""
    if not isinstance(raw, dict) or set(raw) != _FIELDS:
        return False
    if not all(isinstance(raw[name], str) for name in _TEXTS):
        return False
    if not (raw["place"] is None or isinstance(raw["place"], str)):
        return False
    if not isinstance(raw["removed"], bool) or type(raw["sequence"]) is not int:
        return False
    if raw["kind"] not in _KINDS or raw["status"] not in _STATUSES:
        return False
    return raw["sequence"] >= 0 and all(_is_moment(raw[name]) for name in _MOMENTS)


_TEXTS = ("edition", "session", "kind", "title", "start", "end", "status", "changed")
_MOMENTS = ("start", "end", "changed")
_KINDS = frozenset(kind.value for kind in SessionKind)
_STATUSES = frozenset(status.value for status in Status)


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
                _(
                    "{problem}: the calendar state is damaged; restore it from git, or delete"
                    " it to start SEQUENCE again from 0"
                ).format(problem=message),
            )
        ]
    )
