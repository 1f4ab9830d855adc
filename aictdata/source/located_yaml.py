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

The reading is split by job: `yaml_decoding` checks the bytes, `yaml_builder` turns
libyaml's events into data, `yaml_syntax_errors` explains a syntax error, `yaml_limits`
holds the safety limits and `yaml_paths` names a place in the data. This module is the
entry point: `read_yaml` and `parse_yaml`, and the `Located` data they return.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from aictdata.errors import DataError, Problem
from aictdata.i18n import N_, _
from aictdata.source.yaml_builder import Builder, Stop
from aictdata.source.yaml_decoding import decode
from aictdata.source.yaml_limits import MAX_BYTES, MAX_VALUES
from aictdata.source.yaml_paths import Path_, format_path
from aictdata.source.yaml_syntax_errors import syntax_error

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_KINDS = {list: N_("a list"), str: N_("text"), type(None): N_("nothing")}
_SINGLE_VALUE = N_("a single value")


class Located:
    """Plain data from a YAML file and the (line, column) of each path in it, 1-based.

    Read with `parse_yaml(..., only=names)`, it holds the positions of those top-level
    entries only, and the file's text: the first question about any other position
    (a problem to place) reads the text again, recording everything. A valid edition is
    never asked: the load records, for 10,000 slots, the few positions it keeps
    (`narrowed`) rather than 200,000."""

    __slots__ = ("_keys", "_only", "_text", "_values", "_written", "data", "file", "problems")

    def __init__(
        self,
        file: str,
        data: Any,
        values: dict[Path_, tuple[int, int]] | None = None,
        keys: dict[Path_, tuple[int, int]] | None = None,
        problems: list[Problem] | None = None,
        written: dict[Path_, str] | None = None,
        *,
        only: frozenset[str] | None = None,
        text: str | None = None,
    ) -> None:
        self.file = file
        self.data = data
        self.problems = problems or []
        """Problems that do not stop validation (duplicate keys), reported with its errors."""
        self._values = values or {}
        self._keys = keys or {}
        self._written = written or {}
        self._only = only
        """The top-level entries the tables hold alone, until `_text` is read again; None:
        every entry."""
        self._text = text

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        self._complete()
        return self._values

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        self._complete()
        return self._keys

    @property
    def written(self) -> dict[Path_, str]:
        """The text of each value YAML did not read as text (`06000`, `1e3`, `2030-03-30`),
        as written: a hint to quote it shows what the organiser typed, not the number
        YAML made."""
        self._complete()
        return self._written

    def _complete(self) -> None:
        """Every position, read again from the text where only some were recorded."""
        if self._only is None:
            return
        if self._text is not None:
            builder = _built(self._text, self.file, None)
            self._values, self._keys, self._written = builder.values, builder.keys, builder.written
        self._only = self._text = None

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Where `path` was written, or where its nearest written ancestor was."""
        if not (self._only is not None and path and path[0] in self._only):
            self._complete()  # a path whose position may not be recorded yet
        table = self._keys if key else self._values
        for cut in range(len(path), -1, -1):
            prefix = path[:cut]
            if prefix in table:
                return table[prefix]
            if prefix in self._values:
                return self._values[prefix]
        return (1, 1)

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, format_path(path, self.data), message)

    def narrowed(self, names: frozenset[str]) -> Located:
        """Only the top-level entries `names` and where they were written: what a check
        made after every file is read needs of each, without keeping every file's whole
        data and positions alive at once (at 100,000 slots, most of a load's peak)."""

        def wanted(path: Path_) -> bool:
            return not path or path[0] in names

        if self._only is not None and not names <= self._only:
            self._complete()
        data = self.data
        if isinstance(data, dict):
            data = {name: value for name, value in data.items() if name in names}
        return Located(
            self.file,
            data,
            {path: at for path, at in self._values.items() if wanted(path)},
            {path: at for path, at in self._keys.items() if wanted(path)},
        )


def read_yaml(path: Path, *, display_name: str | None = None) -> Located:
    """Read one YAML file; raise DataError with every problem located."""
    name = display_name or str(path)
    return parse_yaml(read_bytes(path, name), name)


def read_bytes(path: Path, name: str) -> bytes:
    """The bytes of one file, never more than one byte beyond the limit; DataError,
    located at `name`, when it cannot be read."""
    try:
        if path.exists() and not path.is_file():  # a folder, a FIFO, a device
            raise DataError([Problem(name, 1, 1, "", _("not a regular file"))])
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # never more: the file may be huge
    except OSError as error:
        message = _("cannot read file: {reason}").format(reason=error.strerror)
        raise DataError([Problem(name, 1, 1, "", message)]) from None
    return raw


def parse_yaml(raw: bytes, name: str, *, only: frozenset[str] | None = None) -> Located:
    """The data of one YAML file and where each part was written; with `only`, the
    positions of those top-level entries alone until another is asked for (`Located`).
    DataError with every problem located."""
    if len(raw) > MAX_BYTES:
        message = _(
            "file is larger than {limit} bytes (an edition file is a few kilobytes)"
        ).format(limit=MAX_BYTES)
        raise DataError([Problem(name, 1, 1, "", message)])
    text = decode(raw, name)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise DataError([Problem(name, 1, 1, "", _("file is empty: expected a YAML mapping"))])
    builder = _built(text, name, only)
    if only is not None and (builder.fatal or builder.duplicates):
        # Placed where nothing was recorded: read again, recording everything.
        builder, only = _built(text, name, None), None
    if builder.fatal:
        raise DataError(builder.problems + _duplicates(name, builder, None))
    if not isinstance(builder.result, dict):
        line, column = builder.values.get((), (1, 1))
        kind = _(_KINDS.get(type(builder.result), _SINGLE_VALUE))
        message = _("expected a YAML mapping ('name: value' lines) at the top, found {kind}")
        message = message.format(kind=kind)
        raise DataError([Problem(name, line, column, "", message)])
    problems = _duplicates(name, builder, builder.result)
    return Located(
        name,
        builder.result,
        builder.values,
        builder.keys,
        problems,
        builder.written,
        only=only,
        text=None if only is None else text,
    )


def _built(text: str, name: str, only: frozenset[str] | None) -> Builder:
    """The builder after reading `text`, with its problems (`Builder.fatal` when the
    reading stopped)."""
    builder = Builder(name, budget=MAX_VALUES, only=only)
    try:
        _parse(text, builder)
    except Stop:
        pass
    except yaml.MarkedYAMLError as error:
        line, column, message = syntax_error(text, error)
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
    return builder


def _parse(text: str, builder: Builder) -> None:
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


def _duplicates(name: str, builder: Builder, data: Any) -> list[Problem]:
    return [
        Problem(name, line, column, format_path(path, data), message)
        for (line, column), path, message in builder.duplicates
    ]
