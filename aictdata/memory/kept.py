"""What the cache keeps of each memory file a build wrote or checked: that its bytes are
sound, which editions it holds settled (`CalendarState.settled`), and the digests of what
it holds of each edition that a build made (`CalendarState.held`, for the fingerprints).

A memory is read at the start of every build (0.17 s at 10,000 slots, most of it the
checks of `store.read_state`) and advanced edition by edition (0.2 s). The bytes a build
wrote, or a read found sound, need neither again: under the SHA-256 of those bytes (and
of this code, `output.caches`), the cache keeps the content digest of each edition they
hold settled, and those digests. The next read of the same bytes parses them without the
checks and hands `advance` that list; any other bytes (edited by hand, merged, restored,
or the same bytes under another version of aictdata) are checked in full, as ever. A
missing or unreadable entry is only a miss.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from aictdata.output import caches

FOLDER = "memory"
_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "tzdata")
"""What the contents digests and the records depend on besides aictdata's code: the
models' JSON, and the zone rules that give each record's offsets."""


def digest(pieces: Iterable[bytes]) -> str:
    """The SHA-256 of a memory file's bytes, given in pieces."""
    found = hashlib.sha256()
    for piece in pieces:
        found.update(piece)
    return found.hexdigest()


def recall(bytes_digest: str) -> tuple[dict[str, str], dict[str, str]] | None:
    """The editions settled in the memory file whose bytes have `bytes_digest` (by id,
    each with its content digest), and the digests of what it holds of each edition it
    recorded (`CalendarState.held`), if a build wrote or checked those bytes; else None."""
    found = caches.recall(FOLDER, "settled", (bytes_digest,), _LIBRARIES)
    if isinstance(found, tuple) and len(found) == 2 and all(map(_names_digests, found)):
        return found
    return None


def _names_digests(found: object) -> bool:
    return isinstance(found, dict) and all(
        type(key) is str and type(value) is str for key, value in found.items()
    )


def keep(bytes_digest: str, settled: Mapping[str, str], recorded: Mapping[str, str]) -> None:
    """Keep that the memory file with `bytes_digest` is sound, holds `settled` and the
    digests `recorded` of what it holds of some editions."""
    caches.keep(FOLDER, "settled", (bytes_digest,), _LIBRARIES, (dict(settled), dict(recorded)))
