"""The bytes of a YAML file to text: UTF-8, printable characters only, nothing that
hides or reorders text.

Checked before libyaml sees the file, so that a wrong byte or a hidden character is
reported at the line and column an editor shows (`_line_column` counts line breaks as
editors do); the builder reuses `HIDDEN_CHARACTER` and `hides_text` for the same
characters written as escapes.
"""

from __future__ import annotations

import re
import unicodedata

from aictdata.errors import HIDDEN_CHARACTERS, DataError, Problem
from aictdata.i18n import _

# What YAML 1.1 calls printable, minus the line breaks that editors do not count as such
# (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR): libyaml would count them, and every line
# number after them would be off by one in the organiser's editor.
_FORBIDDEN_CHARACTER = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
HIDDEN_CHARACTER = re.compile("[" + "".join(map(chr, sorted(HIDDEN_CHARACTERS))) + "]")


_ODD_BREAKS = frozenset("\x85\u2028\u2029")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text (a leading BOM dropped) of printable characters only, or a located error."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8")
        line, column = _line_column(before, len(before))
        message = _("not UTF-8: byte {byte} (save the file as UTF-8)")
        message = message.format(byte=f"0x{raw[error.start]:02x}")
        raise DataError([Problem(name, line, column, "", message)]) from None
    text = text.removeprefix("\ufeff")
    found = [m for m in (_FORBIDDEN_CHARACTER.search(text), HIDDEN_CHARACTER.search(text)) if m]
    if found:
        forbidden = min(found, key=lambda match: match.start())
        character = forbidden.group()
        line, column = _line_column(text, forbidden.start())
        if ord(character) in HIDDEN_CHARACTERS:
            message = hides_text(character)
        else:
            label = unicodedata.name(character, "control character").lower()
            advice = _("use an ordinary line break") if character in _ODD_BREAKS else _("remove it")
            message = _("character {code} ({name}) is not allowed in the file: {advice}").format(
                code=f"U+{ord(character):04X}", name=label, advice=advice
            )
        raise DataError([Problem(name, line, column, "", message)])
    return text


def hides_text(character: str) -> str:
    return _("character {code} ({name}) hides or reorders text: remove it").format(
        code=f"U+{ord(character):04X}", name=unicodedata.name(character).lower()
    )


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `text[index]`, counting CR, LF and CRLF
    as one line break each, as libyaml and editors do."""
    line, start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1
