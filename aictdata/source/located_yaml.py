"""Read a YAML file into plain data while remembering where every value was written.

PyYAML's loaders lose positions, keep the last of two duplicate keys and expand aliases
without limit. This reader walks libyaml's event stream itself (no recursion, so deep
nesting cannot crash it) and:

- records the line and column of every key and value, so a validation error points at
  `file:line:column`;
- rejects duplicate keys, multi-document files, alias "bombs", excessive nesting, tags
  other than plain data, keys that are not text, and oversized files or numbers, so that
  hostile input costs bounded time and memory and always ends in a located message;
- reads `13:00` as text, not as YAML 1.1's base-60 integer 780;
- supports YAML merge keys as YAML 1.1 defines them: a plain `<<: *anchor` (or a list
  of anchors) merges, the mapping's own keys win wherever they are written, earlier
  sources win over later ones; a quoted `"<<"` is an ordinary key (then unknown).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from aictdata.errors import HIDDEN_CHARACTERS, DataError, Problem
from aictdata.i18n import N_, _
from aictdata.model.scalars import SLUG_PATTERN

Path_ = tuple[str | int, ...]
MAX_BYTES = 8 * 1024 * 1024
"""An edition file is a few kilobytes; 8 MiB leaves room for a festival's or a city's
agenda of 10,000 slots (about 3.6 MB in the benchmarks' series, twice that with longer
texts)."""
MAX_VALUES = 400_000
"""Values once aliases are expanded: an edition holds a few hundred, a 10,000-slot one
about 115,000 (11 a slot), 250,000 with speakers and links on every slot."""
MAX_CHARACTERS = 2 * MAX_BYTES
"""Characters of text once aliases are expanded: twice what the largest file may hold.
Counting values alone let 5,000 aliases of one 20,000-character paragraph (a 70 KB file)
become 100 million characters, and a site of 495 MB."""
MAX_DEPTH = 64
MAX_INTEGER = 10**15
"""Larger integers are typos or attacks (Python refuses to print ints of 4300+ digits)."""
MERGE_KEY = "<<"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors
_COLLECTION_TAGS = frozenset({None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_VALUE_TAG = "tag:yaml.org,2002:value"
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# What YAML 1.1 calls printable, minus the line breaks that editors do not count as such
# (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR): libyaml would count them, and every line
# number after them would be off by one in the organiser's editor.
_FORBIDDEN_CHARACTER = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_HIDDEN_CHARACTER = re.compile("[" + "".join(map(chr, sorted(HIDDEN_CHARACTERS))) + "]")
_KINDS = {list: N_("a list"), str: N_("text"), type(None): N_("nothing")}
_SINGLE_VALUE = N_("a single value")
_ODD_BREAKS = frozenset("\x85\u2028\u2029")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ID = re.compile(SLUG_PATTERN)
_RESOLVED_LENGTH = 32
"""Plain scalars up to this length have their tag remembered (at most the file's size)."""


@dataclass
class Located:
    """Plain data from a YAML file and the (line, column) of each path in it, 1-based."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Problems that do not stop validation (duplicate keys), reported with its errors."""
    written: dict[Path_, str] = field(default_factory=dict)
    """The text of each value YAML did not read as text (`06000`, `1e3`, `2030-03-30`), as
    written: a hint to quote it shows what the organiser typed, not the number YAML made."""

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where `path` was written, or where its nearest written ancestor was."""
        table = self.keys if key else self.values
        for cut in range(len(path), -1, -1):
            prefix = path[:cut]
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, format_path(path, self.data), message)


def format_path(path: Path_, data: Any = None) -> str:
    """('sessions', 3, 'end') -> 'sessions[ateliers-1].end': an item of a list is named by
    its id, the name the organiser knows it by; by its index from 0 ('sessions[3].end')
    only when it has no valid id (an invalid one may be anything) or shares it with
    another item, or without `data`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            item = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
            name = item.get("id") if isinstance(item, dict) else None
            text += f"[{name}]" if _names_one(data, name) else f"[{part}]"
            data = item
        else:
            text += f".{shorten(part)}" if text else shorten(part)
            data = data.get(part) if isinstance(data, dict) else None
    return text


def _names_one(items: list[Any], name: object) -> bool:
    """Whether `name` is a valid id that exactly one item of `items` has."""
    if not isinstance(name, str) or not _ID.match(name):
        return False
    return sum(isinstance(i, dict) and i.get("id") == name for i in items) == 1


def shorten(text: str, limit: int = 60) -> str:
    """Text echoed in a message, cut so that a hostile value cannot flood the terminal."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def read_yaml(path: Path, *, display_name: str | None = None) -> Located:
    """Read one YAML file; raise DataError with every problem located."""
    name = display_name or str(path)
    try:
        if path.exists() and not path.is_file():  # a folder, a FIFO, a device
            raise DataError([Problem(name, 1, 1, "", _("not a regular file"))])
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # never more: the file may be huge
    except OSError as error:
        message = _("cannot read file: {reason}").format(reason=error.strerror)
        raise DataError([Problem(name, 1, 1, "", message)]) from None
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> Located:
    if len(raw) > MAX_BYTES:
        message = _(
            "file is larger than {limit} bytes (an edition file is a few kilobytes)"
        ).format(limit=MAX_BYTES)
        raise DataError([Problem(name, 1, 1, "", message)])
    text = _decode(raw, name)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise DataError([Problem(name, 1, 1, "", _("file is empty: expected a YAML mapping"))])
    builder = _Builder(name, budget=MAX_VALUES)
    try:
        _parse(text, builder)
    except _Stop:
        pass
    except yaml.MarkedYAMLError as error:
        line, column, message = _syntax_error(text, error)
        builder.problems.append(
            Problem(name, line, column, "", _("YAML syntax: {problem}").format(problem=message))
        )
        builder.fatal = True
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        builder.problems.append(
            Problem(name, 1, 1, "", _("YAML syntax: {problem}").format(problem=message))
        )
        builder.fatal = True
    if builder.fatal:
        raise DataError(builder.problems + _duplicates(name, builder, None))
    if not isinstance(builder.result, dict):
        line, column = builder.values.get((), (1, 1))
        kind = _(_KINDS.get(type(builder.result), _SINGLE_VALUE))
        message = _("expected a YAML mapping ('name: value' lines) at the top, found {kind}")
        message = message.format(kind=kind)
        raise DataError([Problem(name, line, column, "", message)])
    problems = _duplicates(name, builder, builder.result)
    return Located(name, builder.result, builder.values, builder.keys, problems, builder.written)


def _parse(text: str, builder: _Builder) -> None:
    """Feed libyaml's events to `builder`, taking each from the parser itself (yaml.parse
    wraps each in two more calls and a generator: a tenth of the reading time)."""
    loader = _Loader(text)
    try:
        feed = builder.feed
        event = loader.get_event()
        while event is not None:
            feed(event)
            event = loader.get_event()
    finally:
        loader.dispose()


def _duplicates(name: str, builder: _Builder, data: Any) -> list[Problem]:
    return [
        Problem(name, line, column, format_path(path, data), message)
        for (line, column), path, message in builder.duplicates
    ]


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


def _syntax_error(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int, str]:
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


def _decode(raw: bytes, name: str) -> str:
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
    found = [m for m in (_FORBIDDEN_CHARACTER.search(text), _HIDDEN_CHARACTER.search(text)) if m]
    if found:
        forbidden = min(found, key=lambda match: match.start())
        character = forbidden.group()
        line, column = _line_column(text, forbidden.start())
        if ord(character) in HIDDEN_CHARACTERS:
            message = _hides_text(character)
        else:
            label = unicodedata.name(character, "control character").lower()
            advice = _("use an ordinary line break") if character in _ODD_BREAKS else _("remove it")
            message = _("character {code} ({name}) is not allowed in the file: {advice}").format(
                code=f"U+{ord(character):04X}", name=label, advice=advice
            )
        raise DataError([Problem(name, line, column, "", message)])
    return text


def _hides_text(character: str) -> str:
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


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path_
    anchor: str | None
    size: int = 1
    characters: int = 0
    pending_key: str | None = None
    pending_key_mark: tuple[int, int] | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    merging: bool = False
    """The pending key is a plain `<<`: its value is merged, not stored."""
    merged: set[str] = field(default_factory=set)
    """Keys that came from a merge: a key of the mapping's own replaces them."""


class _Builder:
    """Turns libyaml events into plain data, recording positions; never recurses."""

    def __init__(self, name: str, *, budget: int) -> None:
        self.name = name
        self.budget = budget
        self.expanded = 0
        self.characters = 0
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        """Each anchor's value, with its count of values and of characters."""
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.written: dict[Path_, str] = {}
        self.duplicates: list[tuple[tuple[int, int], Path_, str]] = []
        """Duplicate keys, not fatal: placed once the data is read, so that their path can
        name a slot by its id."""
        self.result: Any = None
        self.resolved: dict[str, str] = {}
        self.documents = 0
        self.fatal = False

    def feed(self, event: yaml.Event) -> None:
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        kind = type(event)
        if kind is yaml.ScalarEvent:
            # Four events in five are scalars: the one branch tested first, its key or path
            # worked out once.
            is_key = self._expecting_key()
            if is_key and _is_merge_key(event):
                self._take_key(MERGE_KEY, mark, merging=True)
                return
            path = () if is_key else self._child_path(mark)
            value = self._scalar(event, mark, path)
            if is_key:
                # `yes:` or `1:` is still the name the organiser wrote, not True or 1.
                self._take_key(value if isinstance(value, str) else event.value, mark)
                return
            self.values[path] = mark
            if not isinstance(value, str):
                self.written[path] = event.value
            if event.anchor:
                self.anchors[event.anchor] = (value, 1, len(event.value))
            self._place(value, 1, mark, len(event.value))
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self._fail(mark, _("only one YAML document per file (remove the extra '---')"))
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if self._expecting_key():
                self._fail(mark, _("a key must be a name such as 'title', not a list or a mapping"))
            if event.tag not in _COLLECTION_TAGS:
                message = _("unsupported YAML tag {tag} (plain data only)").format(
                    tag=_tag(event.tag)
                )
                self._fail(mark, message, path=self._child_path(mark))
            if len(self.stack) >= MAX_DEPTH:
                self._fail(mark, _("nested deeper than {limit} levels").format(limit=MAX_DEPTH))
            container: dict[str, Any] | list[Any] = {} if kind is yaml.MappingStartEvent else []
            path = self._child_path(mark)
            self.values[path] = mark
            self.stack.append(_Frame(container, path, event.anchor))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self.stack.pop()
            if frame.anchor:
                self.anchors[frame.anchor] = (frame.container, frame.size, frame.characters)
            # Its characters were counted as its scalars and aliases were placed.
            self._place(frame.container, frame.size, mark, frame.characters, new_text=False)
        elif kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                path = () if self._expecting_key() else self._child_path(mark)
                message = _("unknown alias *{name}").format(name=shorten(event.anchor))
                self._fail(mark, message, path=path)
            value, size, characters = self.anchors[event.anchor]
            if self._expecting_key():
                self._fail(mark, _("an alias cannot be a mapping key"))
            self.values[self._child_path(mark)] = mark
            self._place(value, size, mark, characters)

    def _fail(self, mark: tuple[int, int], message: str, *, path: Path_ = ()) -> None:
        self.problems.append(Problem(self.name, mark[0], mark[1], format_path(path), message))
        self.fatal = True
        raise _Stop(message)

    def _expecting_key(self) -> bool:
        return (
            bool(self.stack)
            and isinstance(self.stack[-1].container, dict)
            and (self.stack[-1].pending_key is None)
        )

    def _take_key(self, key: str, mark: tuple[int, int], *, merging: bool = False) -> None:
        frame = self.stack[-1]
        assert isinstance(frame.container, dict)
        frame.merging = merging
        if key in frame.key_lines and not merging:
            message = _("duplicate key {key} (first written on line {line})").format(
                key=repr(shorten(key)), line=frame.key_lines[key]
            )
            self.duplicates.append((mark, (*frame.path, key), message))
        frame.key_lines.setdefault(key, mark[0])
        frame.pending_key = key
        frame.pending_key_mark = mark
        self.keys[(*frame.path, key)] = mark

    def _child_path(self, mark: tuple[int, int]) -> Path_:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, dict):
            return (*frame.path, frame.pending_key or "")
        return (*frame.path, len(frame.container))

    def _place(
        self,
        value: Any,
        size: int,
        mark: tuple[int, int],
        characters: int,
        *,
        new_text: bool = True,
    ) -> None:
        """Add `value` (`size` values, `characters` characters of text) where the
        document is; `new_text` when its text is not counted yet (a scalar, an alias)."""
        self.expanded += size
        self.characters += characters if new_text else 0
        if self.characters > MAX_CHARACTERS:
            self._fail(
                mark,
                _(
                    "more than {limit} characters of text once aliases are expanded"
                    " (an edition holds a few thousand: aliases used as a bomb?)"
                ).format(limit=MAX_CHARACTERS),
            )
        if self.expanded > self.budget:
            self._fail(
                mark,
                _(
                    "more than {limit} values once aliases are expanded"
                    " (an edition holds a few hundred: aliases used as a bomb?)"
                ).format(limit=self.budget),
            )
        if not self.stack:
            self.result = value
            return
        frame = self.stack[-1]
        frame.size += size
        frame.characters += characters
        if isinstance(frame.container, list):
            frame.container.append(value)
            return
        key = frame.pending_key
        frame.pending_key = None
        if frame.merging:
            frame.merging = False
            self._merge(frame, value, mark)
        elif key is not None and (key not in frame.container or key in frame.merged):
            frame.container[key] = value  # a duplicate keeps the first (and is reported)
            frame.merged.discard(key)

    def _merge(self, frame: _Frame, value: Any, mark: tuple[int, int]) -> None:
        """Merge `value` (a mapping, or a list of them) into the frame's mapping."""
        target = frame.container
        assert isinstance(target, dict)
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                self._fail(mark, _("'<<' merges mappings only"))
            for key, item in source.items():
                if key not in target:
                    target[key] = item
                    frame.merged.add(key)

    def _resolve(self, value: str) -> str:
        """The tag YAML gives a plain scalar, remembered for short ones: an edition
        repeats its times, dates, kinds and ids thousands of times."""
        if len(value) > _RESOLVED_LENGTH:
            return _resolver.resolve(yaml.ScalarNode, value, (True, False))
        tag = self.resolved.get(value)
        if tag is None:
            tag = self.resolved[value] = _resolver.resolve(yaml.ScalarNode, value, (True, False))
        return tag

    def _scalar(self, event: yaml.ScalarEvent, mark: tuple[int, int], path: Path_) -> Any:
        # Only a double-quoted text has escapes; the file itself holds no such character.
        hidden = event.style == '"' and _HIDDEN_CHARACTER.search(event.value)
        if hidden:  # written as an escape ("\u202e")
            self._fail(mark, _hides_text(hidden.group()), path=path)
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return event.value  # quoted or "!": text, whatever it looks like
            tag = self._resolve(event.value)
            if tag in (_STR_TAG, _VALUE_TAG, _MERGE_TAG):
                return event.value  # text; a lone "=" or "<<" too (YAML 1.1 gave them roles)
        elif tag not in _SCALAR_TAGS:
            message = _("unsupported YAML tag {tag} (plain data only)").format(tag=_tag(tag))
            self._fail(mark, message, path=path)
        elif tag == _STR_TAG:
            return event.value
        elif _resolver.resolve(yaml.ScalarNode, event.value, (True, False)) != tag:
            # PyYAML's constructors assume the text already matched the tag's pattern:
            # `!!bool x`, `!!timestamp x`, `!!int ''` would raise KeyError, AttributeError
            # or IndexError from inside them.
            message = _("{value} cannot be read as {tag}").format(
                value=repr(shorten(event.value)), tag=_tag(tag)
            )
            self._fail(mark, message, path=path)
        if tag.endswith((":int", ":float")) and ":" in event.value:
            return event.value  # "13:00" is a time written by a person, not base-60
        if tag.endswith(":int") and len(event.value) > 20:
            self._fail(mark, _too_large(event.value), path=path)  # before int()
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        construct = _CONSTRUCTORS.get(tag, yaml.constructor.SafeConstructor.construct_undefined)
        try:
            value = construct(_constructor, node)
        except yaml.constructor.ConstructorError as error:
            message = _("cannot read value: {reason}").format(reason=error.problem)
            self._fail(mark, message, path=path)
        except ValueError as error:
            message = _("cannot read value {value}: {reason}").format(
                value=repr(shorten(event.value)), reason=error
            )
            self._fail(mark, message, path=path)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            self._fail(mark, _too_large(event.value), path=path)
        return value


def _is_merge_key(event: yaml.ScalarEvent) -> bool:
    """A plain `<<` (or one tagged !!merge), which YAML resolves to a merge; a quoted
    `"<<"` is text."""
    if event.value != MERGE_KEY:
        return False
    if event.tag is None:
        return event.implicit[0]
    return event.tag == _MERGE_TAG


def _too_large(written: str) -> str:
    return _("number {number} is too large").format(number=shorten(written))


def _tag(tag: str) -> str:
    """How the organiser wrote the tag: !!binary rather than tag:yaml.org,2002:binary."""
    return shorten(tag.replace("tag:yaml.org,2002:", "!!", 1))


class _Stop(yaml.YAMLError):
    """Internal: stop reading after a fatal problem (already recorded)."""
