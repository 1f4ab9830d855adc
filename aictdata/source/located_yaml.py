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

from dataclasses import dataclass, field
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

    def narrowed(self, names: frozenset[str]) -> Located:
        """Only the top-level entries `names` and where they were written: what a check
        made after every file is read needs of each, without keeping every file's whole
        data and positions alive at once (at 100,000 slots, most of a load's peak)."""

        def wanted(path: Path_) -> bool:
            return not path or path[0] in names

        data = self.data
        if isinstance(data, dict):
            data = {name: value for name, value in data.items() if name in names}
        return Located(
            self.file,
            data,
            {path: at for path, at in self.values.items() if wanted(path)},
            {path: at for path, at in self.keys.items() if wanted(path)},
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


def parse_yaml(raw: bytes, name: str) -> Located:
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
    builder = Builder(name, budget=MAX_VALUES)
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
