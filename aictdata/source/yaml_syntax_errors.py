"""libyaml's syntax errors told in the organiser's terms, placed where the mistake is.

A quote left open is reported on the line where it opened, a misaligned key with the
column it belongs at, a tab in the indentation as such; any other error is shown as
libyaml gives it. This only runs on a file that already failed to read.
"""

from __future__ import annotations

import re

import yaml

from aictdata.i18n import N_, _

_TAB_INDENT = N_("a tab in the indentation: YAML indents with spaces only")
_PLAIN_SYNTAX = {
    "did not find expected key": N_(
        "this line does not line up with the keys above it (check its indentation, or put"
        " a value holding ': ' or '#' in quotes)"
    ),
    "did not find expected '-' indicator": N_(
        "this line does not line up with the list items above it (check its indentation)"
    ),
    "mapping values are not allowed here": N_(
        "a ': ' inside a value: put the whole value in quotes"
    ),
    "mapping values are not allowed in this context": N_(
        "a ': ' inside a value: put the whole value in quotes"
    ),
    "found a tab character that violates indentation": _TAB_INDENT,
    "found character that cannot start any token": N_(
        "a value cannot start with this character (@, ` or a tab): put the value in quotes"
    ),
}
"""libyaml's wording of the usual mistakes, told in the organiser's terms; any other is
shown as libyaml gives it."""
_KEY_LINE = re.compile(r"\n[ \t]*(?:- )?[A-Za-z_][\w-]*:(?:[ \t]|$)", re.MULTILINE)
"""A line inside a quoted text that looks like a `name:` line: the quote was not closed."""


def syntax_error(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Line, column and plain words for a YAML syntax error, placed where the mistake
    starts rather than where libyaml noticed it: a quote left open is reported on the line
    where it opened, not lines later where the text stops making sense."""
    opened = _unclosed_quote(text, error)
    if opened is not None:
        line, column, quote = opened
        message = _(
            "the quote {quote} opened here is never closed on its line, so YAML reads the"
            " next lines as part of the text: add the closing {quote}"
        ).format(quote=quote)
        return line, column, message
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or error.context or "invalid YAML"
    written = _line(text, line)
    if "\t" in written[: len(written) - len(written.lstrip())]:
        return line, column, _(_TAB_INDENT)
    if problem in _PLAIN_SYNTAX:
        misaligned = _misaligned(text, line)
        if misaligned is not None:
            return line, misaligned[0], misaligned[1]
        return line, column, _(_PLAIN_SYNTAX[problem])
    if "\t" in written:
        problem += _(" (a tab: YAML indents with spaces only)")
    return line, column, problem


_KEY_AT = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?:[ \t]|$)")
"""A `name:` line (perhaps a list item's first), its key's column given by what precedes."""


def _misaligned(text: str, number: int) -> tuple[int, str] | None:
    """When line `number` is a `name:` line whose key does not start where the key of the
    line above does (a space too many or too few), the column of the key and a message
    that says where to put it. Not when the line above opens a block (`venue:` with no
    value), whose keys are rightly further right."""
    lines = text.splitlines()
    here = _KEY_AT.match(lines[number - 1]) if 0 < number <= len(lines) else None
    if here is None:
        return None
    found = len(here["indent"]) + len(here["dash"] or "") + 1
    for previous in reversed(lines[: number - 1]):
        if not previous.strip() or previous.lstrip().startswith("#"):
            continue
        above = _KEY_AT.match(previous)
        if above is None:
            return None
        expected = len(above["indent"]) + len(above["dash"] or "") + 1
        opens_block = not previous[above.end() :].strip()
        if found == expected or (opens_block and found > expected):
            return None
        message = _(
            "{key}: is not aligned with {above}: on the line above: start it at column"
            " {expected}, under {above} (it starts at column {found})"
        ).format(key=here["key"], above=above["key"], expected=expected, found=found)
        return found, message
    return None


def _unclosed_quote(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """Where a quote that was never closed opened, with the quote, if that explains the
    error: a quoted text that runs to the end of the file, or one that swallowed a line
    looking like `name: value` and ends where libyaml gave up (a legitimate quoted text on
    several lines, earlier in the file, is not blamed for a later mistake). The pure-Python
    scanner is used for its exact marks; it only runs on a file that already failed."""
    if error.context == "while scanning a quoted scalar" and error.context_mark:
        mark = error.context_mark
        return mark.line + 1, mark.column + 1, text[mark.index] if mark.index < len(text) else '"'
    noticed_at = error.problem_mark or error.context_mark
    noticed = noticed_at.line if noticed_at else 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line
                and token.end_mark.line >= noticed - 1  # the text ran up to the error
                and _KEY_LINE.search(text, token.start_mark.index, token.end_mark.index)
            ):
                mark = token.start_mark
                return mark.line + 1, mark.column + 1, token.style
    except yaml.YAMLError:
        pass
    return None


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""
