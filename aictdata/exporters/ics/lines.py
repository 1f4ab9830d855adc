"""How a feed's content lines are written: escaped, folded at 75 octets on the bytes
(RFC 5545 3.1), as icalendar would, but without its character walk, and the lines that
repeat from slot to slot remembered."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache, lru_cache

_FOLD_LIMIT = 75
"""icalendar folds a line once it reaches 75 octets; a shorter line is left as it is."""


_CHUNK = _FOLD_LIMIT - 1
"""The most octets icalendar leaves on one line of a fold."""
_ESCAPES = frozenset(b"\\^")
"""Characters icalendar keeps with the one after them across a fold (a TEXT backslash
escape, an RFC 6868 parameter escape): icalendar issue #1501."""


def content_line(line: str) -> bytes:
    """One content line with its CRLF, folded exactly as icalendar's `Contentline` folds
    it: lines of at most 74 octets, never inside a UTF-8 character, never right after a
    backslash or a caret, each continuation starting with a space.

    icalendar walks the line one character at a time, which was a third of the ICS
    exporter's time on 10,000 slots (the long DESCRIPTION lines); this cuts the encoded
    line at octet offsets instead. The tests compare both on hostile and generated text
    (tests/exporters/test_ics.py), so the bytes stay icalendar's."""
    data = line.encode()
    if len(data) < _FOLD_LIMIT:
        return data + b"\r\n"
    pieces = []
    start, size = 0, len(data)
    while size - start > _CHUNK:
        end = start + _CHUNK
        while data[end] & 0xC0 == 0x80:  # a continuation octet: the character began before
            end -= 1
        if data[end - 1] in _ESCAPES and end - start > 1:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces) + b"\r\n"


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says. Not icalendar's vText: icalendar 7.3
    takes a backslash before `N` or `n` for an escape already made (a title `\\N` is
    written `\\n` and read back as a line break: tests/hostile/test_properties.py found
    it), so the four escapes (backslash, semicolon, comma, line break) are made here,
    the backslash first so that the others' backslashes are not escaped again. Four
    `str.replace` passes rather than one `str.translate`, which looks every character up
    in a dict: several times slower on the long descriptions. CR never reaches here:
    the model's text types refuse it."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def local_time(moment: datetime) -> str:
    """DATE-TIME in local time, for a property that names its TZID."""
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )


@cache
def utc_line(name: str, rfc3339_time: str) -> bytes:
    """A UTC DATE-TIME property (DTSTAMP, LAST-MODIFIED): few distinct values per build."""
    moment = datetime.fromisoformat(rfc3339_time).astimezone(UTC)
    return content_line(f"{name}:{local_time(moment)}Z")


@lru_cache(maxsize=1024)
def location_line(location: str) -> bytes:
    """LOCATION is the same for every slot in the same place: escaped and folded once."""
    return content_line(f"LOCATION:{text(location)}")


@cache
def categories(kind: str) -> bytes:
    """CATEGORIES with the one category `kind` (its label): a TEXT value escaped as
    icalendar's vCategory escapes each one (a comma in a label is not a separator)."""
    return content_line(f"CATEGORIES:{text(kind)}")
