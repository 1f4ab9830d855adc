"""libyaml's events turned into plain data, with the position of every key and value
(or, when asked, only of some top-level entries: `Builder.only`).

The builder walks the event stream without recursion, so deep nesting cannot crash it,
and enforces the limits of `yaml_limits` as it goes: it refuses duplicate keys (reported,
not fatal), multi-document files, alias bombs, tags other than plain data, keys that are
not text and oversized numbers; it reads `13:00` as text and applies YAML 1.1 merge keys.
A fatal problem is recorded and ends the reading (`Stop`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from aictdata.errors import Problem
from aictdata.i18n import _
from aictdata.source.yaml_decoding import HIDDEN_CHARACTER, hides_text
from aictdata.source.yaml_limits import MAX_CHARACTERS, MAX_DEPTH, MAX_INTEGER
from aictdata.source.yaml_paths import Path_, format_path, shorten

MERGE_KEY = "<<"


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
_TEXT_TAGS = frozenset({_STR_TAG, _VALUE_TAG, _MERGE_TAG})
"""Tags under which a plain scalar stays the text written (`Builder._scalar`)."""


_RESOLVED_LENGTH = 32
"""Plain scalars up to this length have their tag remembered (at most the file's size)."""


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path_
    anchor: str | None
    size: int = 1
    characters: int = 0
    pending_key: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    merging: bool = False
    """The pending key is a plain `<<`: its value is merged, not stored."""
    merged: set[str] = field(default_factory=set)
    """Keys that came from a merge: a key of the mapping's own replaces them."""
    record: bool = True
    """Whether the positions inside it are recorded (`Builder.only`); when not, its `path`
    is not worked out either."""
    mapping: bool = True
    """Whether `container` is a mapping (a list otherwise): asked of every scalar."""


class Builder:
    """Turns libyaml events into plain data, recording positions; never recurses."""

    def __init__(self, name: str, *, budget: int, only: frozenset[str] | None = None) -> None:
        self.name = name
        self.budget = budget
        self.only = only
        """The top-level entries whose positions are recorded (their keys, values and what
        they hold); None: all. The top-level keys are always recorded. Where positions are
        not recorded, neither are paths, so a problem found there (a fatal one, a
        duplicate key) is placed only by a reading that records everything."""
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
        start = event.start_mark
        mark = (start.line + 1, start.column + 1)
        kind = type(event)
        if kind is yaml.ScalarEvent:
            # Four events in five are scalars: this branch is the reading's inner loop,
            # so it asks the frame itself what `_expecting_key`, `_recording` and
            # `_child_path` would answer, and takes a text as written without `_scalar`
            # when it is quoted, or plain and already resolved as text (most keys and
            # values): a tenth of the time of reading an edition, events included.
            text = event.value
            as_written = event.tag is None and (
                self.resolved.get(text) in _TEXT_TAGS if event.implicit[0] else event.style != '"'
            )
            stack = self.stack
            frame = stack[-1] if stack else None
            if frame is not None and frame.mapping and frame.pending_key is None:
                if text == MERGE_KEY and _is_merge_key(event):
                    self._take_key(MERGE_KEY, mark, merging=True)
                    return
                value = text if as_written else self._scalar(event, mark, ())
                # `yes:` or `1:` is still the name the organiser wrote, not True or 1.
                self._take_key(value if isinstance(value, str) else text, mark)
                return
            path: Path_ = ()
            if frame is None:
                recording = True
            else:
                only = self.only
                recording = (
                    frame.record if only is None or len(stack) > 1 else frame.pending_key in only
                )
                if recording:
                    path = (
                        *frame.path,
                        frame.pending_key if frame.mapping else len(frame.container),
                    )
            value = text if as_written else self._scalar(event, mark, path)
            if recording:
                self.values[path] = mark
                if not isinstance(value, str):
                    self.written[path] = text
            if event.anchor:
                self.anchors[event.anchor] = (value, 1, len(text))
            self._place(value, 1, mark, len(text))
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
            recording = self._recording()
            path = self._child_path(mark) if recording else ()
            if recording:
                self.values[path] = mark
            mapping = kind is yaml.MappingStartEvent
            self.stack.append(
                _Frame(container, path, event.anchor, record=recording, mapping=mapping)
            )
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
            if self._recording():
                self.values[self._child_path(mark)] = mark
            self._place(value, size, mark, characters)

    def _fail(self, mark: tuple[int, int], message: str, *, path: Path_ = ()) -> None:
        self.problems.append(Problem(self.name, mark[0], mark[1], format_path(path), message))
        self.fatal = True
        raise Stop(message)

    def _recording(self) -> bool:
        """Whether the position of the value that comes next is recorded (`only`)."""
        stack = self.stack
        if not stack:
            return True
        frame = stack[-1]
        if len(stack) > 1 or self.only is None:
            return frame.record
        return frame.pending_key in self.only

    def _expecting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].mapping and self.stack[-1].pending_key is None

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
        if frame.record:
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
        hidden = event.style == '"' and HIDDEN_CHARACTER.search(event.value)
        if hidden:  # written as an escape ("\u202e")
            self._fail(mark, hides_text(hidden.group()), path=path)
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return event.value  # quoted or "!": text, whatever it looks like
            tag = self._resolve(event.value)
            if tag in _TEXT_TAGS:
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


class Stop(yaml.YAMLError):
    """Internal: stop reading after a fatal problem (already recorded)."""
