"""The organiser's workbook back into the edition's YAML (`aictdata sheet import`).

The workbook (.xlsx or .ods, as Excel or LibreOffice saved it) or a CSV file of its
« Programme » sheet is read with python-calamine, which reads both workbook formats
(fast, and without evaluating formulas: a formula's cell is read as its last value or
text). Each row is compared with the slot the edition's file holds, and only what
differs is written back, with ruamel.yaml's round trip: comments, key order, quoting
and every untouched value stay as the organiser wrote them, and an import of an
unchanged workbook leaves the file byte for byte as it was (it is not even rewritten).

The result is validated as `aictdata validate` would, with the other editions, before
anything is written: every error is reported at once, located in the workbook
(`programme-2025.xlsx: Programme!D7: …`), and the YAML stays untouched until there is
none. The file is then replaced atomically.
"""

from __future__ import annotations

import io
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from typing import Any

from aictdata.errors import AictdataError, CellProblem, DataError, Problem
from aictdata.i18n import _
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.slots import Session
from aictdata.model.texts import Text
from aictdata.model.vocabularies import Status
from aictdata.source.sheet.cells import Grid, cell_date, cell_text, cell_time, read_sheets
from aictdata.source.sheet.layout import (
    EDITION_ROWS,
    EDITION_SHEET,
    PROGRAMME_COLUMNS,
    PROGRAMME_SHEET,
    SheetColumn,
    kind_labels,
    stage_labels,
    status_labels,
    write_atomically,
)
from aictdata.source.yaml_paths import shorten

SESSION_KEYS = (
    "id",
    "date",
    "start",
    "end",
    "title",
    "kind",
    "status",
    "place",
    "description",
    "room",
    "speakers",
)
"""The order of a slot's keys in a file: a key the import adds goes in its place."""
EDITION_KEYS = ("id", "number", "title", "theme", "status", "programme_stage", "start_date")
_FIELD = re.compile(r"^sessions\[(?P<item>[^\]]+)\](?:\.(?P<field>\w+)(?:\.(?P<lang>fr|en))?)?")
_EDITION_FIELD = re.compile(r"^(?P<field>\w+)(?:\.(?P<lang>fr|en))?$")


@dataclass(frozen=True)
class ImportResult:
    """What an import changed in the edition's file."""

    path: Path
    changed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    edition_changed: bool = False
    warnings: tuple[str, ...] = ()
    """Located lines for the organiser that do not stop the import."""

    @property
    def unchanged(self) -> bool:
        return not (self.changed or self.added or self.removed or self.edition_changed)


@dataclass
class _Run:
    """One import: the workbook's name for messages, the problems found so far, and
    where each slot of the new file came from (its row)."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    headers: dict[tuple[str, bool], int] = field(default_factory=dict)
    edition_rows: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def fail(self, sheet: str, row: int, column: int, message: str) -> None:
        self.problems.append(CellProblem(self.file, row + 1, column + 1, sheet, message))


def import_sheet(path: Path, editions_dir: Path, *, edition_id: str | None = None) -> ImportResult:
    """Bring the workbook at `path` into `editions_dir/<id>.yaml`; raise DataError with
    every problem, located in the workbook, and leave the file untouched, if any."""
    run = _Run(path.name)
    sheets = read_sheets(path)
    programme = sheets.get(PROGRAMME_SHEET)
    if programme is None:
        raise DataError([CellProblem(run.file, 0, 0, "", _no_sheet(PROGRAMME_SHEET))])
    edition_grid = sheets.get(EDITION_SHEET)
    edition_id = _edition_id(run, edition_grid, edition_id)
    target = editions_dir / f"{edition_id}.yaml"
    if not target.is_file():
        raise AictdataError(
            _("{file} does not exist: create the edition first with `aictdata new {id}`").format(
                file=target, id=edition_id
            )
        )
    from aictdata.source.load import load_catalog

    current = _edition(load_catalog(editions_dir), edition_id)
    yaml = _yaml()
    original = target.read_text(encoding="utf-8")
    data = yaml.load(original)
    result = _apply_programme(run, programme, data, current)
    if edition_grid is not None:
        result = _apply_edition(run, edition_grid, data, current, result)
    text = _dump(yaml, data)
    if text != original:
        run.problems += _validate(run, editions_dir, target, text, data)
    if run.problems:
        raise DataError(run.problems)
    if text == original:
        return ImportResult(target)
    write_atomically(target, text.encode("utf-8"))
    return replace(result, path=target, warnings=tuple(run.warnings))


def _no_sheet(name: str) -> str:
    return _("no sheet {name} in this workbook").format(name=f"« {name} »")


def _edition(catalog: Catalog, edition_id: str) -> Edition:
    from aictdata.source.sheet.writing import find_edition

    return find_edition(catalog, edition_id)


def _edition_id(run: _Run, grid: Grid | None, given: str | None) -> str:
    written = ""
    if grid is not None:
        written = cell_text(grid.cell(1, 1)) or ""
    if given and written and given != written:
        raise DataError(
            [
                CellProblem(
                    run.file,
                    2,
                    2,
                    EDITION_SHEET,
                    _("this workbook is edition {written}, not {given}").format(
                        written=written, given=given
                    ),
                )
            ]
        )
    if not (given or written):
        raise AictdataError(
            _("{file}: which edition? Give it with --edition (e.g. --edition 2025)").format(
                file=run.file
            )
        )
    return given or written


# --- the programme --------------------------------------------------------------------


def _headers(run: _Run, grid: Grid) -> bool:
    """Find each column by its header; False (and a problem each) when some are missing."""
    found = {
        cell_text(value): index for index, value in enumerate(grid.rows[0] if grid.rows else [])
    }
    missing = False
    for column in PROGRAMME_COLUMNS:
        if column.header not in found:
            run.fail(
                grid.name,
                0,
                len(found),
                _("no column {header} in the first row").format(header=f"« {column.header} »"),
            )
            missing = True
        else:
            run.headers[(column.field, column.english)] = found[column.header]
    return not missing


def _apply_programme(run: _Run, grid: Grid, data: Any, current: Edition) -> ImportResult:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not _headers(run, grid):
        return ImportResult(Path())
    sessions = data.get("sessions")
    if not isinstance(sessions, CommentedSeq):
        sessions = CommentedSeq()
        data["sessions"] = sessions
    nodes = {node.get("id"): node for node in sessions if isinstance(node, CommentedMap)}
    models = {session.id: session for session in current.sessions}
    taken = {session.id for session in current.sessions}
    in_sheet: list[tuple[Any, int]] = []
    changed: list[str] = []
    added: list[str] = []
    for row in range(1, len(grid.rows)):
        if all(cell_text(value) is None for value in grid.rows[row]):
            continue
        slot_id = cell_text(grid.cell(row, run.headers[("id", False)]))
        model = models.pop(slot_id, None) if slot_id else None
        node = nodes[slot_id] if model is not None else CommentedMap()
        if model is None:
            slot_id = slot_id or _new_id(grid, run, row, taken)
            taken.add(slot_id)
            node["id"] = slot_id
            added.append(slot_id)
        if _apply_slot(run, grid, row, node, model) and model is not None:
            changed.append(slot_id)
        in_sheet.append((node, row))
    _place_slots(sessions, [node for node, _ in in_sheet])
    row_of = {id(node): row for node, row in in_sheet}
    run.rows[:] = [row_of[id(node)] for node in sessions]
    return ImportResult(Path(), tuple(changed), tuple(added), tuple(models))


def _place_slots(sessions: Any, in_sheet: list[Any]) -> None:
    """Make the file's list of slots the sheet's, without reordering what stays: a
    slot whose row was deleted goes, a new one goes after the slot of the row above it
    (first if none), and the others keep their place in the file, with the comments
    around them (a sheet sorted by another column rewrites nothing)."""
    kept = {id(node) for node in in_sheet}
    for index in reversed(range(len(sessions))):
        if id(sessions[index]) not in kept:
            del sessions[index]
    present = {id(node) for node in sessions}
    previous: Any = None
    for node in in_sheet:
        if id(node) not in present:
            at = next(i for i, n in enumerate(sessions) if n is previous) + 1 if previous else 0
            sessions.insert(at, node)
        previous = node


def _new_id(grid: Grid, run: _Run, row: int, taken: set[str]) -> str:
    """A new slot's id from its title, as the organiser would write it: « Pause café »
    -> `pause-cafe`, `pause-cafe-2` when taken."""
    title = cell_text(grid.cell(row, run.headers[("title", False)])) or "creneau"
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    base = base or "creneau"
    slot_id, number = base, 2
    while slot_id in taken:
        slot_id, number = f"{base}-{number}", number + 1
    return slot_id


def _apply_slot(run: _Run, grid: Grid, row: int, node: Any, model: Session | None) -> bool:
    """Write into `node` each field of the row that differs from `model`; True if any."""
    columns = [c for c in PROGRAMME_COLUMNS if not (c.english or c.field == "id")]
    values = {
        c.field: _slot_value(run, grid, row, c, run.headers[(c.field, False)]) for c in columns
    }
    changes = 0
    for column in columns:
        value = values[column.field]
        if value is _INVALID:
            continue
        old = getattr(model, column.field) if model is not None else None
        if column.field == "status":
            value = value or Status.SCHEDULED
            old = old or Status.SCHEDULED
        if column.field in ("title", "place", "description"):
            english = cell_text(grid.cell(row, run.headers[(column.field, True)]))
            value = None if value is None and english is None else (value or "", english)
            if value is not None and _same_text(old, value):
                continue
            if value is None and old is None:
                continue
            _untranslated(run, grid, row, column.field, old, value)
        elif value == old:
            continue
        changes += 1
        _set(node, column.field, _yaml_value(column.field, value, node.get(column.field)))
    return changes > 0


_INVALID = object()


def _slot_value(run: _Run, grid: Grid, row: int, column: SheetColumn, index: int) -> Any:
    raw = grid.cell(row, index)
    if column.field == "date":
        if cell_text(raw) is None:
            return None
        day = cell_date(raw)
        if day is None:
            run.fail(grid.name, row, index, _not_a_date(raw))
            return _INVALID
        return day
    if column.field in ("start", "end"):
        return cell_time(raw)
    if column.field in ("kind", "status"):
        labels = kind_labels() if column.field == "kind" else status_labels()
        return _choice(run, grid, row, index, labels)
    return cell_text(raw)


def _not_a_date(raw: Any) -> str:
    return _("not a date: {value} (write the day as 04/07/2025)").format(value=repr(cell_text(raw)))


def _choice(run: _Run, grid: Grid, row: int, index: int, labels: dict[str, Any]) -> Any:
    """A drop-down's cell: a French label of the list (its code is accepted too)."""
    text = cell_text(grid.cell(row, index))
    if text is None:
        return None
    for label, value in labels.items():
        if text.casefold() in (label.casefold(), str(value)):
            return value
    run.fail(
        grid.name,
        row,
        index,
        _("{value} is not in the list: choose one of {labels}").format(
            value=f"« {text} »", labels=", ".join(f"« {label} »" for label in labels)
        ),
    )
    return _INVALID


def _untranslated(run: _Run, grid: Grid, row: int, name: str, old: Any, new: Any) -> None:
    """Warn when a text's French changes and its English, kept, still says the old one."""
    if not (isinstance(old, Text) and old.en and isinstance(new, tuple)):
        return
    if new[0] != old.fr and new[1] == old.en:
        cell = CellProblem(
            run.file,
            row + 1,
            run.headers[(name, True)] + 1,
            grid.name,
            _("the French changed but not the English ({english}): translate it again").format(
                english=f"« {shorten(old.en)} »"
            ),
        )
        run.warnings.append(str(cell))


def _same_text(old: Any, new: tuple[str, str | None]) -> bool:
    if not isinstance(old, Text):
        return False
    return (old.fr, old.en) == new


def _yaml_value(name: str, value: Any, current: Any) -> Any:
    """`value` as the file writes it: times as quoted text ("09:30"), a text with an
    English version as `{fr, en}` (in the mapping already there, if any), a text of
    several lines as a literal block."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, time):
        return DoubleQuotedScalarString(f"{value:%H:%M}")
    if isinstance(value, tuple):
        french, english = (LiteralScalarString(t) if t and "\n" in t else t for t in value)
        if english is None:
            return french
        mapping = current if isinstance(current, CommentedMap) else CommentedMap()
        mapping["fr"], mapping["en"] = french, english
        return mapping
    if name in ("kind", "status") and value is not None:
        return str(value)
    return value


def _set(node: Any, key: str, value: Any, order: tuple[str, ...] = SESSION_KEYS) -> None:
    """Set `key` in a YAML mapping, deleting it for None; a new key goes after the keys
    that come before it in `order`, not at the end."""
    if value is None:
        node.pop(key, None)
        return
    if key in node:
        node[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = sum(1 for k in node if k in order and order.index(k) < rank)
    node.insert(position, key, value)


# --- the edition ----------------------------------------------------------------------


def _apply_edition(
    run: _Run, grid: Grid, data: Any, current: Edition, result: ImportResult
) -> ImportResult:
    labels = {row.label: row for row in EDITION_ROWS}
    stages = stage_labels()
    changed = False
    for index in range(1, len(grid.rows)):
        row = labels.get(cell_text(grid.cell(index, 0)) or "")
        if row is None or row.field == "id":
            continue
        run.edition_rows[row.field] = index
        raw = grid.cell(index, 1)
        old = getattr(current, row.field)
        value: Any
        if row.translatable:
            french, english = cell_text(raw), cell_text(grid.cell(index, 2))
            value = None if french is None and english is None else (french or "", english)
            if (value is None and old is None) or (value is not None and _same_text(old, value)):
                continue
        elif row.field == "programme_stage":
            value = _choice(run, grid, index, 1, stages)
            if value is _INVALID or value == old:
                continue
            value = str(value)
        else:
            value = cell_date(raw)
            if value is None:
                run.fail(grid.name, index, 1, _not_a_date(raw))
                continue
            if value == old:
                continue
        changed = True
        _set(data, row.field, _yaml_value(row.field, value, data.get(row.field)), EDITION_KEYS)
    return replace(result, edition_changed=changed)


# --- writing --------------------------------------------------------------------------


def _yaml() -> Any:
    """ruamel.yaml's round trip, set to this project's layout (2 spaces, list items
    indented under their key, no line folding): an edition file read and dumped again
    comes back byte for byte (a test keeps it)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(yaml: Any, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _validate(run: _Run, editions_dir: Path, target: Path, text: str, data: Any) -> list[Problem]:
    """The new file validated with the rest of the series, its problems located in the
    workbook: a slot's by its row and column, an edition field's by its row."""
    from aictdata.source.load import load_catalog

    with _series_with(editions_dir, target.name, text) as folder:
        try:
            load_catalog(folder)
        except DataError as error:
            return [_locate(run, problem, target.name, data) for problem in error.problems]
    return []


@contextmanager
def _series_with(editions_dir: Path, name: str, text: str) -> Iterator[Path]:
    """A folder where `name` reads `text` and everything else is the editions folder's."""
    with tempfile.TemporaryDirectory(prefix="aictdata-sheet-") as temporary:
        folder = Path(temporary)
        for entry in editions_dir.iterdir():
            if entry.name != name:
                (folder / entry.name).symlink_to(entry.resolve())
        (folder / name).write_text(text, encoding="utf-8")
        yield folder


def _locate(run: _Run, problem: Problem, name: str, data: Any) -> Problem:
    if Path(problem.file).name != name:  # another file of the series
        return CellProblem(problem.file, 0, 0, "", str(problem).split(": ", 1)[-1])
    slot = _FIELD.match(problem.field)
    if slot:
        return _slot_problem(run, problem, slot, data)
    match = _EDITION_FIELD.match(problem.field)
    if match and match["field"] in run.edition_rows:
        column = 2 if match["lang"] == "en" else 1
        row = run.edition_rows[match["field"]]
        return CellProblem(run.file, row + 1, column + 1, EDITION_SHEET, problem.message)
    where = f"{problem.field}: " if problem.field else ""
    return CellProblem(run.file, 0, 0, "", f"{where}{problem.message}")


def _slot_problem(run: _Run, problem: Problem, slot: re.Match[str], data: Any) -> Problem:
    item = slot["item"]
    sessions = data.get("sessions") or []
    if item.isdigit():
        index = int(item)
    else:
        index = next(i for i, node in enumerate(sessions) if node.get("id") == item)
    row = run.rows[index] if index < len(run.rows) else 0
    field_name = slot["field"] or "id"
    column = run.headers.get((field_name, slot["lang"] == "en"), run.headers.get(("id", False)))
    return CellProblem(run.file, row + 1, (column or 0) + 1, PROGRAMME_SHEET, problem.message)
