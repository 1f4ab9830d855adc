"""The calendar memory's text: deterministic, sealed, made and written in pieces.

The text is exactly what `json.dumps(document, ensure_ascii=False, indent=2,
sort_keys=True)` writes, with a final newline (every memory written so far is that
text), sealed by the SHA-256 of the text written with an empty seal. But the slot
records, nearly all of it (54 MB at 100,000 slots), are formatted one by one with json's
own C string encoder: an indented dump runs json's pure-Python encoder and holds every
small piece of the whole text at once, 400 MB at 100,000 slots. The seal is computed over
the pieces, and a write streams them; no whole text is kept (`store.read_state` keeps
the seal of a memory it read, `remember`, so a build never makes the same text twice).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path

from aictdata.memory.state import CalendarState, SlotRecord, Version, change_fields

FORMAT = 3
ABOUT = (
    "Calendar memory of `aictdata build` (SEQUENCE and LAST-MODIFIED of every slot, and"
    " the programme versions of each edition). Written by the build: do not edit; commit"
    " it with the editions."
)
SEAL_LINE = '\n  "digest": "{seal}",\n'

_SLOTS_HERE = "\x00slots\x00"
"""Stands for the slots in the small document dumped whole: a memory never holds a
control character (`store` refuses them), so it cannot be a real value."""
_SLOT_LINES = tuple(
    (name, f"      {encode_basestring(name)}: ")
    for name in sorted(field.name for field in fields(SlotRecord))
)
_BATCH = 2_000
"""Slot records per piece: few calls to hash and write, and a small piece."""

_KNOWN: list[tuple[CalendarState, str]] = []
"""The last memories sealed, written or read, each with its seal: a build asks for the
same memory's seal several times (the site's mark, the write, the comparison with the
published site), and making the text costs about a second at 10,000 slots. By identity:
a memory is never changed."""


def remember(state: CalendarState, seal_: str) -> None:
    _KNOWN.insert(0, (state, seal_))
    del _KNOWN[2:]


@dataclass(frozen=True)
class _Text:
    """The memory's text as the part before the slots (with an empty seal), the slot
    records in batches, and the part after them."""

    head: str
    slots: tuple[bytes, ...]
    """UTF-8 already: the largest part is never held twice."""
    tail: str

    def pieces(self, seal_: str) -> Iterator[bytes]:
        sealed = SEAL_LINE.format(seal=seal_)
        yield self.head.replace(SEAL_LINE.format(seal=""), sealed, 1).encode("utf-8")
        yield from self.slots
        yield self.tail.encode("utf-8")

    def seal(self) -> str:
        digest = hashlib.sha256(self.head.encode("utf-8"))
        for piece in self.slots:
            digest.update(piece)
        digest.update(self.tail.encode("utf-8"))
        return digest.hexdigest()


def _text(state: CalendarState) -> _Text:
    document = {
        "about": ABOUT,
        "digest": "",
        "format": FORMAT,
        "slots": _SLOTS_HERE,
        "editions": {eid: dict(vars(record)) for eid, record in state.editions.items()},
        "versions": [_version_fields(version) for version in state.versions],
        "numbers": state.numbers,
    }
    whole = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    head, tail = whole.split(encode_basestring(_SLOTS_HERE))
    if not state.slots:
        return _Text(head + "{}", (), tail)
    ordered = sorted(state.slots.items())
    batches = tuple(
        (
            ("" if start == 0 else ",\n")
            + ",\n".join(_slot(uid, record) for uid, record in ordered[start : start + _BATCH])
        ).encode("utf-8")
        for start in range(0, len(ordered), _BATCH)
    )
    return _Text(head + "{\n", batches, "\n  }" + tail)


def _slot(uid: str, record: SlotRecord) -> str:
    lines = ",\n".join(prefix + _value(getattr(record, name)) for name, prefix in _SLOT_LINES)
    return f"    {encode_basestring(uid)}: {{\n{lines}\n    }}"


def _value(value: str | int | bool | None) -> str:
    """A record's value as json writes it (its C encoder for text)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    return encode_basestring(value)


def _version_fields(version: Version) -> dict[str, object]:
    raw = asdict(version)
    raw["changes"] = [change_fields(change) for change in version.changes]
    return raw


def dumps(state: CalendarState) -> str:
    """The whole text (for a small memory, or a test)."""
    text = _text(state)
    return b"".join(text.pieces(seal(state, text))).decode("utf-8")


def seal(state: CalendarState, text: _Text | None = None) -> str:
    """The seal `dumps` writes for `state`; for a memory read from a sealed file, that
    file's seal (its text is what `dumps` wrote, unless an older aictdata wrote it)."""
    for known, sealed in _KNOWN:
        if known is state:
            return sealed
    sealed = (text or _text(state)).seal()
    remember(state, sealed)
    return sealed


def write_state(path: Path, state: CalendarState) -> bool:
    """Write `state` atomically, only when its text differs; True when written."""
    text = _text(state)
    pieces = list(text.pieces(seal(state, text)))
    if _holds(path, pieces):
        return False
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in pieces:
                stream.write(piece)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _holds(path: Path, pieces: list[bytes]) -> bool:
    """Whether the file at `path` is exactly these bytes (read piece by piece)."""
    try:
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size != sum(len(piece) for piece in pieces):
                return False
            return all(stream.read(len(piece)) == piece for piece in pieces)
    except OSError:
        return False
