"""The calendar memory: what each published slot looked like, so that SEQUENCE can rise.

A calendar client keeps the copy of an event it already has unless the new copy carries a
higher SEQUENCE (RFC 5545, 3.8.7.4). The YAML says how a slot is *now*; the memory
(`editions/calendar-state.json`, committed with the YAML; its file is `calendar_store`'s
job) says what was *published*. What it guarantees: docs/reference/memory-guarantees.md.

For each slot UID it records the facts a participant reads and acts on (start, end, place
and title in both languages, status, removal), the slot's SEQUENCE and the data time of
its last change (LAST-MODIFIED). Any change to those facts raises SEQUENCE by one; a
change of kind updates the record without raising it. A slot removed from an edition's
YAML stays, cancelled. Beside the slots: each edition's dates and status, its programme
versions (one per build that changes what a participant acts on, numbered from 1, each
chained to the one before by a digest; the first publication is not a version, and the
first programme of an announced edition is one change, « published »), and the schedule
ids given to slots whose own was taken. Pure Python (no icalendar): `validate` uses it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from aictdata.errors import BuildError
from aictdata.i18n import _
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.slots import Session
from aictdata.model.vocabularies import Status
from aictdata.output.layout import SESSION_NUMBER_LIMIT, session_number, session_uid
from aictdata.words.formatting import rfc3339

STATE_FILE = "calendar-state.json"
SEQUENCE_MAX = 2**31 - 1

"""RFC 5545 3.8.7.4: SEQUENCE is an INTEGER, whose range (3.3.8) is a signed 32-bit one."""


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
    title_en: str | None = None
    """The English title the English feed shows (None: it shows the French one)."""
    place_en: str | None = None
    """The English place, likewise."""
    details: str | None = None
    """A digest of the other texts the feeds show of the slot: its description in both
    languages and its speakers (`details_digest`). Kept as a digest, since only whether
    they changed matters, and the feeds say it in words (« description ou intervenants
    modifiés »). None in a memory written before it was kept: the next build takes them
    as they are then, without counting it as a change."""

    @property
    def facts(self) -> tuple[str | bool | None, ...]:
        """What a participant reads and acts on, in either feed: a change here raises
        SEQUENCE (both feeds share the UID, so an English retitle raises it too)."""
        return (
            self.start,
            self.end,
            self.place,
            self.title,
            self.status,
            self.removed,
            self.title_en,
            self.place_en,
            self.details,
        )

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

    PUBLISHED = "published"
    """The first programme of an announced edition: one event, not one per slot."""
    ADDED = "added"
    MOVED = "moved"
    RETITLED = "retitled"
    RELOCATED = "relocated"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    DETAILS = "details"
    """The description (in either language) or the speakers."""
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
    title_en: str | None = None
    """The slot's English title (for the English sentences), when it has one."""
    before_en: str | None = None
    """`before` and `after` in English, for a retitle or a relocation in English."""
    after_en: str | None = None


@dataclass(frozen=True)
class Version:
    """One programme version of an edition: never rewritten once recorded."""

    edition: str
    number: int
    date: str
    """RFC 3339: the edition's `updated` when the change was built."""
    changes: tuple[ProgrammeChange, ...]
    digest: str
    """Chained to the previous version of the edition (`chain_digest`): a history edited by
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
    numbers: Mapping[str, int] = field(default_factory=dict)
    """The schedule `id` of each slot whose own (`layout.session_number`) was already
    taken when it was first published: the next free one, allocated once, kept."""
    english: bool = True
    """False for a memory written before the English texts were kept: the next build
    takes each slot's English as it is then, without counting it as a change."""
    settled: Mapping[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)
    """The editions whose records are what `advance` makes of them, by edition id, each
    with the digest of the content it was advanced with (`edition_contents`): advancing
    this memory again with an edition of that content would change nothing, so `advance`
    skips it. Set by `advance` for every edition of its catalog, and by
    `store.read_state` from the cache (`memory.kept`) for bytes a build wrote; empty
    otherwise. Not an init field: a state made with `dataclasses.replace` (other records)
    settles nothing."""
    recorded: dict[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)
    """The digest of what this memory holds of each edition (`held`), by edition id, for
    the editions already digested: by `held`, by `advance` for the editions it skips
    (their records are the previous memory's), and by `store.read_state` from the cache
    for bytes a build wrote. Not an init field, as `settled`."""

    def status_of(self, uid: str) -> Status:
        """The published slot's status, the one word every format says of it: cancelled
        once removed, rescheduled when its latest move changed its start (and nothing
        stronger happened), otherwise what the data says (`slot_status`)."""
        record = self.slots[uid]
        if record.removed:
            return Status.CANCELLED
        status = Status(record.status)
        if status is Status.SCHEDULED and (record.edition, record.session) in self._rescheduled:
            return Status.RESCHEDULED
        return status

    @cached_property
    def _removed_by_edition(self) -> Mapping[str, list[tuple[str, SlotRecord]]]:
        """`removed_by_edition`, made once."""
        removed: dict[str, list[tuple[str, SlotRecord]]] = {}
        for uid, record in self.slots.items():
            if record.removed:
                removed.setdefault(record.edition, []).append((uid, record))
        return removed

    @cached_property
    def _rescheduled(self) -> frozenset[tuple[str, str]]:
        """(edition, slot) of each slot whose latest move changed its start."""
        latest: dict[tuple[str, str], bool] = {}
        for version in self.versions:
            for change in version.changes:
                if change.session is not None and change.kind is ChangeKind.MOVED:
                    before, after = (
                        datetime.fromisoformat(_start_of(v)) for v in (change.before, change.after)
                    )
                    latest[(version.edition, change.session)] = before != after
        return frozenset(key for key, moved in latest.items() if moved)

    def number_of(self, uid: str) -> int:
        """The slot's schedule `id`: its own, unless it was taken when the slot came."""
        return self.numbers.get(uid) or session_number(uid)

    def versions_of(self, edition_id: str) -> tuple[Version, ...]:
        """The edition's versions, oldest first."""
        return tuple(v for v in self.versions if v.edition == edition_id)

    def held(self, edition_ids: Iterable[str]) -> dict[str, str]:
        """A digest of what this memory holds of each edition, by id: its slots' records
        and schedule ids, its record, its versions (a build's fingerprints start from it,
        `build.fingerprints`). Those not `recorded` yet are made in one pass over the
        slots (a pass per edition would grow with editions x slots), and recorded: a
        rebuild after one change makes one (0.08 s for 10,000 slots otherwise)."""
        wanted = list(edition_ids)
        missing = {eid for eid in wanted if eid not in self.recorded}
        if missing:
            slots: dict[str, list[tuple[str, str, int]]] = {eid: [] for eid in missing}
            for uid, record in self.slots.items():
                if record.edition in missing:
                    slots[record.edition].append((uid, repr(record), self.number_of(uid)))
            for eid in sorted(missing):
                remembered = [
                    repr(self.editions.get(eid)),
                    slots[eid],
                    [repr(version) for version in self.versions_of(eid)],
                ]
                text = json.dumps(remembered).encode()
                self.recorded[eid] = hashlib.sha256(text).hexdigest()
        return {eid: self.recorded[eid] for eid in wanted}


def _start_of(interval: str | None) -> str:
    return (interval or "").partition("/")[0]


def state_path(editions_dir: Path) -> Path:
    return editions_dir / STATE_FILE


def slot_status(edition: Edition, session: Session) -> Status:
    """A slot's status as a participant must see it: a cancelled or postponed edition
    cancels or postpones every slot, whatever each slot says."""
    if edition.status in (Status.CANCELLED, Status.POSTPONED):
        return edition.status
    return session.status


def advance(
    previous: CalendarState | None, catalog: Catalog, stamp: datetime | None = None
) -> CalendarState:
    """The state after publishing `catalog`, given the state of the last build.

    Pure and idempotent: advancing twice with the same catalog changes nothing more,
    which is what makes two builds byte-identical. So an edition that `previous` has
    already `settled` with the same content (`edition_contents`) is skipped: a rebuild
    after one change advances that one edition, not the whole series (0.2 s at 10,000
    slots). tests/memory/test_settled.py holds the skip to the full advance.

    `stamp` is when the build publishes (`publication_time()`): a slot that changed, or
    left the programme, is dated by it (in its edition's zone, never before the edition's
    `updated`), and so is the version recording it, so nobody types a time. Without it,
    and for what was never published, the edition's `updated` dates the change. Once
    recorded, the date is read back from the memory: the next build is the same bytes.
    """
    contents = edition_contents(catalog)
    settled = previous.settled if previous else {}
    old = dict(previous.slots) if previous else {}
    old_editions = dict(previous.editions) if previous else {}
    versions = list(previous.versions) if previous else []
    english = previous.english if previous else True
    new: dict[str, SlotRecord] = dict(old)
    editions: dict[str, EditionRecord] = dict(old_editions)
    by_edition: dict[str, list[str]] = {}
    for uid, record in old.items():
        by_edition.setdefault(record.edition, []).append(uid)
    skipped = []
    for edition in catalog.editions:
        if settled.get(edition.id) == contents[edition.id] and edition.id in old_editions:
            skipped.append(edition.id)
            continue  # advanced with this very content: its records stay as they are
        published = edition.id in old_editions or edition.id in by_edition
        changed = rfc3339(edition.updated) if stamp is None else _stamped(edition, stamp)
        changed = _after(changed, _latest_change(edition.id, by_edition, old, versions))
        # A first publication is not a change: the edition's `updated` dates its slots.
        added = changed if published else rfc3339(edition.updated)
        present: list[str] = []
        for session in sorted(edition.sessions, key=lambda s: (s.starts_at, s.ends_at, s.id)):
            uid = session_uid(catalog.series, edition, session)
            present.append(uid)
            now = _record_of(edition, session, added)
            new[uid] = _next_record(old.get(uid), now, changed, english=english)
        for uid in by_edition.get(edition.id, ()):
            record = old[uid]
            if uid not in present and not record.removed:
                new[uid] = replace(record, removed=True, sequence=_raised(record), changed=changed)
        was = old_editions.get(edition.id)
        editions[edition.id] = EditionRecord(
            start=edition.start_date.isoformat(),
            end=edition.end_date.isoformat(),
            status=edition.status.value,
            announced=(was is not None and was.announced) or not edition.sessions,
        )
        if published:
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
    numbers = dict(previous.numbers) if previous else {}
    _allocate_numbers(numbers, old, [uid for uid in new if uid not in old])
    # What a skipped edition holds is the previous memory's: the numbers of its slots too
    # (only arriving slots are given one).
    recorded = previous.recorded if previous else {}
    return settle(
        CalendarState(
            dict(sorted(new.items())),
            dict(sorted(editions.items())),
            tuple(sorted(versions, key=lambda v: (v.edition, v.number))),
            dict(sorted(numbers.items())),
        ),
        contents,
        {eid: recorded[eid] for eid in skipped if eid in recorded},
    )


def settle(
    state: CalendarState, contents: Mapping[str, str], recorded: Mapping[str, str] | None = None
) -> CalendarState:
    """`state`, known to hold what `advance` makes of each edition of `contents`, and
    the `recorded` digests of what it holds of some editions (`CalendarState.held`)."""
    object.__setattr__(state, "settled", contents)  # not init fields: see `settled`
    object.__setattr__(state, "recorded", dict(recorded or {}))
    return state


def edition_contents(catalog: Catalog) -> dict[str, str]:
    """A digest of everything `advance` reads of each edition, by edition id: the
    edition and its series, as their JSON (`Edition.json_digest`, remembered with the
    edition; the build's fingerprints start from it too, `build.fingerprints`)."""
    series = hashlib.sha256(catalog.series.model_dump_json().encode()).hexdigest()
    return {
        edition.id: hashlib.sha256(f"{series}\0{edition.json_digest}".encode()).hexdigest()
        for edition in catalog.editions
    }


def publication_time() -> datetime:
    """When a build publishes: `SOURCE_DATE_EPOCH` when set (the reproducible-builds.org
    convention, so a release job or a test fixes it), otherwise the clock. Only changes
    are dated by it, and the memory keeps the date: rebuilding what is committed never
    reads the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def _stamped(edition: Edition, stamp: datetime) -> str:
    """The date of a change published at `stamp`, in the edition's zone: never before the
    edition's own `updated` (an organiser who dates the change keeps that date)."""
    local = stamp.astimezone(ZoneInfo(edition.timezone))
    return rfc3339(max(local, edition.updated))


def _latest_change(
    edition: str,
    by_edition: Mapping[str, list[str]],
    old: Mapping[str, SlotRecord],
    versions: list[Version],
) -> datetime | None:
    """When the edition last changed: its latest version, or its latest slot change."""
    moments = [old[uid].changed_at for uid in by_edition.get(edition, ())]
    moments += [version.dated for version in versions if version.edition == edition]
    return max(moments, default=None)


def _after(changed: str, latest: datetime | None) -> str:
    """`changed`, or one second after `latest` when it is not later: a change is never
    dated before the one it follows (a clock set back, an older SOURCE_DATE_EPOCH, an
    `updated` moved back by hand), so LAST-MODIFIED and the versions' dates only rise."""
    moment = datetime.fromisoformat(changed)
    if latest is None or moment > latest:
        return changed
    return rfc3339((latest + timedelta(seconds=1)).astimezone(moment.tzinfo))


def _allocate_numbers(
    numbers: dict[str, int], published: Mapping[str, SlotRecord], arriving: list[str]
) -> None:
    """Give each arriving slot its own schedule id, or, when a slot published before (or
    one arriving before it, in UID order) has it, the next free one (wrapping within
    1 … 2^31 - 1), recorded in `numbers`: an id once published never changes, and two
    slots never share one, whatever the hash gives."""
    if not arriving:  # a rebuild that adds no slot hashes none of the 10,000 published
        return
    taken = {numbers.get(uid) or session_number(uid) for uid in published}
    for uid in sorted(arriving):
        own = number = session_number(uid)
        while number in taken:
            number = number % SESSION_NUMBER_LIMIT + 1
        if number != own:
            numbers[uid] = number
        taken.add(number)


def first_numbers(catalog: Catalog) -> dict[str, int]:
    """The schedule ids a first build gives the slots whose own id another slot has:
    what `advance(None, catalog)` records in `numbers`, without making every slot's
    record (0.15 s at 10,000 slots), for `validate` of a series never built."""
    numbers: dict[str, int] = {}
    uids = [
        session_uid(catalog.series, edition, session)
        for edition in catalog.editions
        for session in edition.sessions
    ]
    _allocate_numbers(numbers, {}, uids)
    return numbers


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
    change, not one per slot. The first programme of an announced edition is one change,
    « published »: none of its slots was ever published, so none was added to anything."""
    if before is not None:
        if before.dates != after.dates:
            yield ProgrammeChange(None, None, ChangeKind.MOVED, before.dates, after.dates)
        if before.status != after.status:
            kind = _status_change(before.status, after.status)
            yield ProgrammeChange(None, None, kind, before.status, after.status)
        if before.announced and slots and all(old is None for old, _new in slots):
            yield ProgrammeChange(None, None, ChangeKind.PUBLISHED, None, None)
            return
    for old, new in slots:
        if old is None:
            yield _slot_change(new, ChangeKind.ADDED, None, _interval(new))
        elif old.facts != new.facts:
            yield from _slot_changes(old, new, before, after)


def _slot_change(
    record: SlotRecord,
    kind: ChangeKind,
    before: str | None,
    after: str | None,
    english: tuple[str | None, str | None] = (None, None),
) -> ProgrammeChange:
    """One change of the slot `record`, with its titles in both languages."""
    return ProgrammeChange(
        record.session, record.title, kind, before, after, record.title_en, *english
    )


def _slot_changes(
    old: SlotRecord, new: SlotRecord, before: EditionRecord | None, after: EditionRecord
) -> Iterator[ProgrammeChange]:
    """What changed in one slot that was published before."""
    if new.removed != old.removed:
        if new.removed:
            yield _slot_change(old, ChangeKind.REMOVED, old.status, "removed")
            return
        yield _slot_change(new, ChangeKind.RESTORED, "removed", new.status)
    if (old.start, old.end) != (new.start, new.end):
        yield _slot_change(new, ChangeKind.MOVED, _interval(old), _interval(new))
    if (old.title, old.title_en) != (new.title, new.title_en):
        english = _english(old.title, old.title_en, new.title, new.title_en)
        yield _slot_change(new, ChangeKind.RETITLED, old.title, new.title, english)
    if (old.place, old.place_en) != (new.place, new.place_en):
        english = _english(old.place, old.place_en, new.place, new.place_en)
        yield _slot_change(new, ChangeKind.RELOCATED, old.place, new.place, english)
    if old.details is not None and old.details != new.details:  # None: not kept yet
        yield _slot_change(new, ChangeKind.DETAILS, None, None)
    follows_edition = before is not None and (
        (old.status == before.status and before.status in _HALTED)
        or (new.status == after.status and after.status in _HALTED)
    )
    if old.status != new.status and not old.removed and not follows_edition:
        kind = _status_change(old.status, new.status)
        yield _slot_change(new, kind, old.status, new.status)


def _english(
    before: str | None, before_en: str | None, after: str | None, after_en: str | None
) -> tuple[str | None, str | None]:
    """A text's values before and after in English, when either has an English one."""
    if before_en is None and after_en is None:
        return (None, None)
    return (before_en or before, after_en or after)


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
        edition, number, date_, changes_, chain_digest(previous, edition, number, date_, changes_)
    )


def chain_digest(
    previous: str, edition: str, number: int, date_: str, changes_: tuple[ProgrammeChange, ...]
) -> str:
    """A short SHA-256 of the version and the digest before it: not a security seal (the
    file is in git), a tripwire for hand edits and damaged merges."""
    content = [previous, edition, number, date_, [change_fields(change) for change in changes_]]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def change_fields(change: ProgrammeChange) -> dict[str, object]:
    """The change as recorded, without the English fields it does not have: the digests of
    versions recorded before English was remembered stay what they were."""
    return {
        name: value
        for name, value in asdict(change).items()
        if value is not None or name not in _ENGLISH_CHANGE_FIELDS
    }


_ENGLISH_CHANGE_FIELDS = frozenset({"title_en", "before_en", "after_en"})


def removed_by_edition(state: CalendarState) -> Mapping[str, list[tuple[str, SlotRecord]]]:
    """The removed slots of each edition, (UID, record) in UID order, grouped in one pass
    over the memory (a pass per edition would grow with editions x slots), once per
    memory. Every format that publishes slots keeps these, cancelled."""
    return state._removed_by_edition


def _record_of(edition: Edition, session: Session, changed: str) -> SlotRecord:
    return SlotRecord(
        edition=edition.id,
        session=session.id,
        kind=session.kind.value,
        title=str(session.title),
        start=rfc3339(session.starts_at),
        end=rfc3339(session.ends_at),
        place=None if session.place is None else str(session.place),
        status=slot_status(edition, session).value,
        removed=False,
        sequence=0,
        changed=changed,
        title_en=getattr(session.title, "en", None),
        place_en=getattr(session.place, "en", None),
        details=details_digest(session),
    )


def details_digest(session: Session) -> str:
    """The first 16 hex digits of the SHA-256 of the slot's description, in French and in
    English, and of its speakers: the texts of a feed's event besides its title, place and
    times (`SlotRecord.details`)."""
    description = session.description
    texts = [
        "" if description is None else str(description),
        getattr(description, "en", None) or "",
        *session.speakers,
    ]
    return hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()[:16]


def _next_record(
    before: SlotRecord | None, now: SlotRecord, changed: str, *, english: bool
) -> SlotRecord:
    if before is None:
        return now
    if not english:
        before = replace(before, title_en=now.title_en, place_en=now.place_en)
    if before.details is None:
        before = replace(before, details=now.details)
    if before.facts != now.facts:
        return replace(now, sequence=_raised(before), changed=changed)
    if (before.edition, before.session, before.kind) == (now.edition, now.session, now.kind):
        # Every field but the two carried over is the same: the record itself (a record
        # is frozen), without `replace`, which was 0.15 s of 10,000 unchanged slots.
        return before
    return replace(now, sequence=before.sequence, changed=before.changed)


def _raised(record: SlotRecord) -> int:
    """The next SEQUENCE of a slot; past RFC 5545's INTEGER range no feed can carry it."""
    if record.sequence >= SEQUENCE_MAX:
        message = _("{slot}: SEQUENCE {sequence} cannot rise any more (RFC 5545 INTEGER)")
        raise BuildError(message.format(slot=record.session, sequence=record.sequence))
    return record.sequence + 1
