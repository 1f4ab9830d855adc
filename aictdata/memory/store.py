"""The calendar memory's file: written and read, sealed, locked, and checked against the
published site, so that nothing already published is ever lost or lowered.

What the memory records, and how it advances, is `calendar_state`'s job; this module is
the file: a deterministic text (`dumps`), an atomic write, a bounded linear read that
refuses anything `dumps` does not write, one lock per memory file, and the mark the
published site keeps of the memory it was built with (`site_mark`, in manifest.json).

Three things make a lost or lowered memory a located error instead of a feed:

- the seal: a SHA-256 of the whole file (every slot record, edition record and version),
  so a hand edit, a merge that kept both sides or a truncated history no longer matches;
- the version chain: each version's digest covers the one before it;
- the published site's mark: a build that records the memory compares it with the mark
  of the site it replaces; a memory missing, or older than that site (fewer versions, a
  lower SEQUENCE in total), is refused: the published site is what subscribers hold.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path

from aictdata.errors import DataError, Problem
from aictdata.i18n import _
from aictdata.memory import kept
from aictdata.memory.state import (
    SEQUENCE_MAX,
    CalendarState,
    ChangeKind,
    EditionRecord,
    ProgrammeChange,
    SlotRecord,
    Version,
    chain_digest,
    settle,
)
from aictdata.memory.text import FORMAT, SEAL_LINE, remember, seal
from aictdata.model.catalog import Catalog
from aictdata.model.edition import YEARS
from aictdata.model.vocabularies import SessionKind, Status

_READABLE_FORMATS = (1, 2, FORMAT)
"""Format 1 had the slots only; format 2 had no seal and no English texts."""


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


MAX_STATE_BYTES = 256 * 1024 * 1024
"""The memory of 10,000 slots is about 5 MB, of 100,000 about 54 MB (measured, before any
version): more than four times that is not a memory aictdata wrote."""
_MAX_DIGITS = 20
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_MAYBE_CONTROL = (
    re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"),
    re.compile(r"\\(?:u00[0189][0-9a-fA-F]|u007[fF]|[bfnrt])"),
)
"""What decodes to a control character inside a JSON text: the character itself (but
the whitespace between tokens, which strict JSON allows nowhere else) or its escape. Two
searches: the same as one alternation, in a third of its time (5 MB at 10,000 slots)."""


class _UnwritableError(ValueError):
    """A value `dumps` never writes (found while parsing: an oversized number, a control
    character, a key twice in one object); `value` is its text as written, `occurrence`
    which of its appearances in the file is meant, to find its line."""

    def __init__(self, message: str, value: str, occurrence: int = 1) -> None:
        super().__init__(message)
        self.value = value
        self.occurrence = occurrence


def read_state(path: Path) -> CalendarState | None:
    """The state in `path`, or None when there is none yet (the first build).

    The file is input like the YAML: it must be a regular file (a FIFO would hang the
    build, a link to /dev/zero fill its memory), of bounded size, with numbers of at most
    20 digits, no control characters, no key twice in an object, bounded nesting, the
    seal of its text, and records of the exact shape `dumps` writes; anything else is a
    located error. Reading is linear in the file's size. Bytes that a build wrote or a
    read found sound are parsed without these checks, and settle what they held settled
    (`memory.kept`).
    """
    try:
        data = _read_regular_file(path)
        text = data.decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        reason = (error.strerror if isinstance(error, OSError) else None) or error
        raise _damaged(path, 1, 1, "", _("cannot be read ({error})").format(error=reason)) from None
    bytes_digest = kept.digest((data,))
    known = kept.recall(bytes_digest)
    sound = known is not None  # bytes a build wrote, or a read found sound (`memory.kept`)
    document = json.loads(text) if sound else _parse(path, text)
    if not isinstance(document, dict) or document.get("format") not in _READABLE_FORMATS:
        raise _damaged(path, 1, 1, "format", _("expected format {format}").format(format=FORMAT))
    slots = document.get("slots")
    if not isinstance(slots, dict):
        raise _damaged(path, 1, 1, "slots", _("expected an object of slot records"))
    records: dict[str, SlotRecord] = {}
    for uid, raw in slots.items():
        if not sound and not _is_record(raw):
            raise _damaged(path, _line_of(text, json.dumps(uid)), 1, uid, _("not a slot record"))
        records[uid] = _slot_record(raw)
    editions = document.get("editions", {})
    if not isinstance(editions, dict):
        raise _damaged(path, 1, 1, "editions", _("expected an object of edition records"))
    edition_records: dict[str, EditionRecord] = {}
    for eid, raw in editions.items():
        if not sound and not _is_edition_record(raw):
            line = _line_of(text, json.dumps(eid))
            raise _damaged(path, line, 1, f"editions.{eid}", _("not an edition record"))
        edition_records[eid] = EditionRecord(**raw)
    versions = _read_versions(path, text, document)
    numbers = _read_numbers(path, text, document, records)
    if document["format"] == FORMAT and not sound:  # last: a wrong record says where it is
        _check_seal(path, text, document)
    state = CalendarState(
        records, edition_records, versions, numbers, english=document["format"] == FORMAT
    )
    if document["format"] == FORMAT:
        remember(state, str(document["digest"]))
    if known is None:
        known = ({}, {})
        kept.keep(bytes_digest, *known)
    return settle(state, *known)


def _slot_record(raw: dict[str, object]) -> SlotRecord:
    """`SlotRecord(**raw)` for a record of the shape `dumps` writes (`_is_record`, or bytes
    a build wrote), without the frozen dataclass's `__init__`, which sets each of its
    fourteen fields through `object.__setattr__`: 10,000 records took 0.035 s, 0.012 s
    so. The same record: equal, same hash, same repr (they read the fields); a field a
    format 2 record lacks reads as its default, the dataclass's class attribute."""
    record = object.__new__(SlotRecord)
    record.__dict__.update(raw)
    return record


def _read_numbers(
    path: Path, text: str, document: dict[str, object], records: Mapping[str, SlotRecord]
) -> dict[str, int]:
    """The schedule ids allocated to slots whose own was taken: each of a known slot,
    within 1 … 2^31 - 1, and no two slots with the same one."""
    numbers = document.get("numbers", {})
    if not isinstance(numbers, dict):
        raise _damaged(path, 1, 1, "numbers", _("expected an object of schedule ids"))
    used: set[int] = set()
    for uid, number in numbers.items():
        if uid not in records or type(number) is not int or not 0 < number <= SEQUENCE_MAX:
            line = _line_of(text, f"    {json.dumps(uid, ensure_ascii=False)}: {number}")
            raise _damaged(path, line, 1, f"numbers.{uid}", _("not a schedule id of a slot"))
        if number in used:
            line = _line_of(text, f"    {json.dumps(uid, ensure_ascii=False)}: {number}")
            raise _damaged(path, line, 1, f"numbers.{uid}", _("a schedule id given twice"))
        used.add(number)
    return numbers


def _parse(path: Path, text: str) -> object:
    """The JSON document, refusing what `dumps` never writes, located."""
    try:
        # Control characters are looked for object by object only when the text may hold
        # one (raw, or as an escape): a clean memory reads at nearly json's C speed.
        maybe = any(pattern.search(text) for pattern in _MAYBE_CONTROL)
        hook = _clean_object if maybe else _unique_object
        return json.loads(text, parse_int=_small_int, object_pairs_hook=hook)
    except json.JSONDecodeError as error:
        raise _damaged(path, error.lineno, error.colno, "", error.msg) from None
    except _UnwritableError as error:
        line = _line_of(text, error.value, error.occurrence)
        raise _damaged(path, line, 1, "", str(error)) from None
    except RecursionError:
        raise _damaged(path, 1, 1, "", _("nested too deeply")) from None


def _check_seal(path: Path, text: str, document: dict[str, object]) -> None:
    value = document.get("digest")
    if not isinstance(value, str) or SEAL_LINE.format(seal=value) not in text:
        raise _damaged(path, 1, 1, "digest", _("no seal"))
    unsealed = text.replace(SEAL_LINE.format(seal=value), SEAL_LINE.format(seal=""), 1)
    if _sha256(unsealed) != value:
        raise _damaged(
            path,
            _line_of(text, '"digest"'),
            3,
            "digest",
            _(
                "the file does not match its seal (edited by hand, truncated, or a merge kept"
                " both sides)"
            ),
        )


def _read_regular_file(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file of at most MAX_STATE_BYTES.

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
    return raw


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise _UnwritableError(_("a number of {digits} digits").format(digits=len(text)), text)
    return int(text)


def _unique_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object of the file, refused if a key appears twice: a merge that kept both
    sides (the last one would silently win)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                message = _("{key} appears twice (a merge kept both sides)").format(key=key)
                raise _UnwritableError(message, json.dumps(key, ensure_ascii=False) + ":", 2)
            seen.add(key)
    return result


def _clean_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """`_unique_object`, also refused if a key or a text holds a control character."""
    for key, value in pairs:
        for text in (key, value):
            if isinstance(text, str) and _CONTROL.search(text):
                needle = json.dumps(text, ensure_ascii=False)
                raise _UnwritableError(_("a control character in a text"), needle)
    return _unique_object(pairs)


def _read_versions(path: Path, text: str, document: dict[str, object]) -> tuple[Version, ...]:
    """The history, each version checked against its digest and its place in the chain
    (in one pass: the last number and digest of each edition are kept as it goes)."""
    raw_versions = document.get("versions", [])
    if not isinstance(raw_versions, list):
        raise _damaged(path, 1, 1, "versions", _("expected a list of versions"))
    versions: list[Version] = []
    heads: dict[str, tuple[int, str]] = {}

    def line(index: int) -> int:  # looked for on an error only: a scan of the whole text
        lines = _version_lines(text)
        return lines[index] if index < len(lines) else 1

    for index, raw in enumerate(raw_versions):
        where = f"versions[{index}]"
        version = _version_of(raw)
        if version is None:
            raise _damaged(path, line(index), 1, where, _("not a programme version"))
        number, previous = heads.get(version.edition, (0, ""))
        number += 1
        expected = chain_digest(previous, version.edition, number, version.date, version.changes)
        if (version.number, version.digest) != (number, expected):
            raise _damaged(
                path,
                line(index),
                1,
                where,
                _(
                    "version {number} of edition {edition} does not match its history (edited"
                    " by hand, or a merge kept both sides)"
                ).format(number=version.number, edition=version.edition),
            )
        heads[version.edition] = (number, version.digest)
        versions.append(version)
    return tuple(sorted(versions, key=lambda v: (v.edition, v.number)))


_CHANGE_NAMES = frozenset(f.name for f in fields(ProgrammeChange))
_CHANGE_REQUIRED = frozenset({"session", "title", "kind", "before", "after"})
_CHANGE_KINDS = frozenset(kind.value for kind in ChangeKind)


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
    for item in raw["changes"]:
        if not isinstance(item, dict) or not _CHANGE_REQUIRED <= set(item) <= _CHANGE_NAMES:
            return None
        if item["kind"] not in _CHANGE_KINDS:
            return None
        if not all(value is None or isinstance(value, str) for value in item.values()):
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


_FIELDS = frozenset(f.name for f in fields(SlotRecord))
_ENGLISH = frozenset({"title_en", "place_en"})
_DETAILS = frozenset({"details"})
_SHAPES = (_FIELDS, _FIELDS - _DETAILS, _FIELDS - _ENGLISH - _DETAILS)
"""The fields of a record: all of them, none of its details' digest (written before it was
kept), neither that nor the English texts (format 2)."""


def _is_record(raw: object) -> bool:
    """The shape `dumps` writes: the exact fields, each of its type, valid date-times, a
    SEQUENCE within RFC 5545's INTEGER range. A record of format 2 has no English."""
    if not isinstance(raw, dict) or set(raw) not in _SHAPES:
        return False
    if not all(isinstance(raw[name], str) for name in _TEXTS):
        return False
    optional = ("place", *((_ENGLISH | _DETAILS) & set(raw)))
    if not all(raw[name] is None or isinstance(raw[name], str) for name in optional):
        return False
    if not isinstance(raw["removed"], bool) or type(raw["sequence"]) is not int:
        return False
    if raw["kind"] not in _KINDS or raw["status"] not in _STATUSES:
        return False
    return 0 <= raw["sequence"] <= SEQUENCE_MAX and all(_is_moment(raw[n]) for n in _MOMENTS)


_TEXTS = ("edition", "session", "kind", "title", "start", "end", "status", "changed")
_MOMENTS = ("start", "end", "changed")
_KINDS = frozenset(kind.value for kind in SessionKind)
_STATUSES = frozenset(status.value for status in Status)


@contextlib.contextmanager
def memory_lock(path: Path) -> Iterator[None]:
    """One build at a time records the memory at `path`, whatever folder it builds into:
    an advisory lock on a file beside it (the memory itself is replaced by each write, so
    a lock on it would not be shared), waited for rather than refused, since a second
    build must read the memory the first one wrote. The kernel releases it when the
    process ends however it ends."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    lock = path.with_name(f".{path.name}.lock")
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


# --- the published site's mark ------------------------------------------------------


def site_mark(state: CalendarState) -> dict[str, object]:
    """What the published site keeps of the memory it was built with (in manifest.json):
    its seal, its number of slots, the sum of their SEQUENCE values (each only rises),
    and each edition's latest version (number and digest)."""
    heads: dict[str, list[object]] = {}
    for version in state.versions:
        heads[version.edition] = [version.number, version.digest]
    return {
        "digest": seal(state),
        "slots": len(state.slots),
        "sequences": sum(record.sequence for record in state.slots.values()),
        "versions": heads,
    }


def check_against_site(path: Path, state: CalendarState | None, mark: object) -> None:
    """Refuse a memory that has less than the published site it would replace: missing,
    restored from an older commit, or cut. The same memory, or one further on (another
    published folder built since, or a build killed between writing the memory and
    swapping in its site), is trusted. `mark` is what `site_mark` wrote (None: a site
    built before the mark existed, or a preview)."""
    if not isinstance(mark, Mapping):
        return
    if state is None:
        raise DataError([_behind(path, 1, _("the memory is missing"))])
    if mark.get("digest") == seal(state):
        return
    found = _what_is_missing(state, mark)
    if found:
        raise DataError([_behind(path, 1, found)])


def _what_is_missing(state: CalendarState, mark: Mapping[str, object]) -> str | None:
    """The first thing the published site has that `state` has not, in words."""
    if len(state.slots) < _number(mark.get("slots")):
        return _("fewer slots than the published site")
    if sum(record.sequence for record in state.slots.values()) < _number(mark.get("sequences")):
        return _("a lower SEQUENCE than the published site")
    heads = mark.get("versions")
    chains = {(v.edition, v.number): v.digest for v in state.versions}
    for edition, head in (heads if isinstance(heads, Mapping) else {}).items():
        number, digest = head if isinstance(head, list) and len(head) == 2 else (None, None)
        if chains.get((edition, number)) != digest:
            message = _("version {number} of edition {edition} is published but not in it")
            return message.format(number=number, edition=edition)
    return None


def _number(value: object) -> int:
    return value if type(value) is int else 0


def _behind(path: Path, line: int, what: str) -> Problem:
    return Problem(
        str(path),
        line,
        1,
        "",
        _(
            "{what}: the calendar memory has less than the published site, whose feeds"
            " subscribers hold (a SEQUENCE would go down, a version vanish): restore the"
            " file from git as committed with the last build of the published site"
            " (git log -- {path}), then build again"
        ).format(what=what, path=path),
    )


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The line of the `occurrence`-th appearance of `needle` in `text` (1 if none)."""
    position = -1
    for _count in range(occurrence):
        position = text.find(needle, position + 1)
        if position < 0:
            return 1
    return text.count("\n", 0, position) + 1


def _damaged(path: Path, line: int, column: int, field: str, message: str) -> DataError:
    return DataError(
        [
            Problem(
                str(path),
                line,
                column,
                field,
                _(
                    "{problem}: the calendar memory is damaged, and the build publishes"
                    " nothing from it: restore it from git as committed with the last build"
                    " of the published site (git log -- {path}), then build again"
                ).format(problem=message, path=path),
            )
        ]
    )


def check_whole_series(path: Path, state: CalendarState | None, catalog: Catalog) -> None:
    """Refuse to record a build that lacks an edition already published: the published
    site is the whole series, and swapping in a site without that edition would take its
    slots out of every feed without a CANCELLED (a build of one edition file, or a file
    deleted). A preview of one file into another folder records nothing and stays free."""
    if state is None:
        return
    present = {edition.id for edition in catalog.editions}
    published = set(state.editions) | {record.edition for record in state.slots.values()}
    missing = sorted(published - present)
    if not missing:
        return
    text = path.read_text(encoding="utf-8")
    problems = [
        Problem(
            str(path),
            _line_of(text, f"    {json.dumps(edition)}: {{"),
            1,
            f"editions.{edition}",
            _(
                "edition {edition} is published but not in this build: the published site"
                " is the whole series, so build the editions folder (aictdata build"
                " {folder}); to see one file alone, build it into another folder (--out)."
                " An edition that will not take place stays in its file with"
                " `status: cancelled`"
            ).format(edition=edition, folder=path.parent),
        )
        for edition in missing
    ]
    raise DataError(problems)
