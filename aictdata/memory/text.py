"""The calendar memory's text: deterministic, sealed, made and written in pieces.

The text is exactly what `json.dumps(document, ensure_ascii=False, indent=2,
sort_keys=True)` writes, with a final newline (every memory written so far is that
text), sealed by the SHA-256 of the text written with an empty seal. Its slot records,
nearly all of it (54 MB at 100,000 slots), are made one by one (`output.jsontext`), the
seal is computed over the pieces, and a write streams them: no whole text is kept, and
`store.read_state` keeps the seal of a memory it read (`remember`), so a build never
makes the same text twice.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from operator import attrgetter
from pathlib import Path

from aictdata.memory import kept
from aictdata.memory.state import CalendarState, SlotRecord, Version, change_fields
from aictdata.output.jsontext import around, flat_template, member, scalar

FORMAT = 3
ABOUT = (
    "Calendar memory of `aictdata build` (SEQUENCE and LAST-MODIFIED of every slot, and"
    " the programme versions of each edition). Written by the build: do not edit; commit"
    " it with the editions."
)
SEAL_LINE = '\n  "digest": "{seal}",\n'

_SLOT_FIELDS = tuple(sorted(field.name for field in fields(SlotRecord)))
_INDENT = 2
_RECORD = "    {}: " + flat_template(_SLOT_FIELDS, depth=2, indent=_INDENT)
"""A slot record's line in the memory, its uid and values to fill in (`scalar` each): one
format per record, not a join over its fields (10,000 records 0.072 → 0.050 s)."""
_SLOT_VALUES = attrgetter(*_SLOT_FIELDS)

_KNOWN: list[tuple[CalendarState, str]] = []
"""The last memories sealed, written or read, each with its seal: a build asks for the
same memory's seal several times (the site's mark, the write, the comparison with the
published site), and making the text costs about a second at 10,000 slots. By identity:
a memory is never changed."""


_MADE: list[tuple[CalendarState, _Text]] = []
"""The last text `seal` made, until `write_state` takes it: a build seals its new memory
for the site's mark, then writes it (0.17 s of making at 10,000 slots, not done twice).
One text at most, held only between the two (5 MB at 10,000 slots)."""


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
        "editions": {eid: dict(vars(record)) for eid, record in state.editions.items()},
        "versions": [_version_fields(version) for version in state.versions],
        "numbers": state.numbers,
    }
    head, tail = around(document, "slots", indent=_INDENT, sort_keys=True)
    fill = _RECORD.format
    records = (
        fill(scalar(uid), *map(scalar, _SLOT_VALUES(record)))
        for uid, record in sorted(state.slots.items())
    )
    return _Text(head, tuple(member(records, "{}", indent=_INDENT)), tail)


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
    if text is None:
        text = _text(state)
        _MADE[:] = [(state, text)]
    sealed = text.seal()
    remember(state, sealed)
    return sealed


def _made(state: CalendarState) -> _Text:
    """The text of `state`: the one `seal` made for it, else made now."""
    made = _MADE[0][1] if _MADE and _MADE[0][0] is state else None
    _MADE.clear()
    return made or _text(state)


def write_state(path: Path, state: CalendarState) -> bool:
    """Write `state` atomically, only when its text differs; True when written. The cache
    keeps what these bytes settle (`memory.kept`), for the next build that reads them."""
    text = _made(state)
    pieces = list(text.pieces(seal(state, text)))
    kept.keep(kept.digest(pieces), state.settled, state.recorded)  # before the write
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
