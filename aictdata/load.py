"""YAML files -> validated `Catalog`, with file:line:column on every error.

An editions folder holds `series.yaml` (what every edition shares) and one file per
edition (`2024.yaml`, `2025.yaml`). Every file is read and validated even when an earlier
one failed, so the organiser sees all the errors of a run at once.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from aictdata.errors import DataError, Problem
from aictdata.model import STAGE_FIELDS, Catalog, Edition, Series, stage_needs
from aictdata.types import PATTERN_MEANINGS
from aictdata.yamlsource import Located, read_yaml, shorten

SERIES_FILE = "series.yaml"
DEFAULT_EDITIONS_DIR = Path("editions")
NON_EDITION_FILES = frozenset({SERIES_FILE})
M = TypeVar("M", bound=BaseModel)
_LIST_TYPES = frozenset({"tuple_type", "list_type"})
_MAPPING_TYPES = frozenset({"model_type", "dict_type", "model_attributes_type"})
_INTEGER_TYPES = frozenset({"int_type", "int_parsing", "int_from_float"})
_DATE_TYPES = frozenset(
    {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
)


def edition_files(folder: Path) -> list[Path]:
    """The edition files of a folder: every *.yaml but series.yaml, by name."""
    return sorted(
        p
        for p in folder.glob("*.yaml")
        if p.name not in NON_EDITION_FILES and not p.name.startswith(".")
    )


def load_catalog(*paths: Path | str) -> Catalog:
    """Load and validate a series and its editions.

    Each path is an editions folder (series.yaml + edition files) or an edition file, whose
    series.yaml is the one beside it. With no path, `editions/` is read.
    """
    with _cycle_collector_paused():
        return _load_catalog(paths)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Loading allocates millions of small containers and frees few: each collection the
    allocator triggers walks the growing catalog for nothing (12% of the load of 100,000
    slots). Reference counting still frees what loading drops; the collector resumes after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_catalog(paths: tuple[Path | str, ...]) -> Catalog:
    series_path, files = _resolve(paths or (DEFAULT_EDITIONS_DIR,))
    problems: list[Problem] = []
    series: Series | None = None
    try:
        series = _validate(Series, read_yaml(series_path, display_name=_display(series_path)))
    except DataError as error:
        problems += error.problems
    editions: list[Edition] = []
    read: list[tuple[Edition, Located]] = []
    for path in files:
        try:
            located = read_yaml(path, display_name=_display(path))
            edition = _validate(Edition, located, context={"series": series})
            if edition.id != path.stem:
                line, column = located.position(("id",))
                problems.append(
                    Problem(
                        located.file,
                        line,
                        column,
                        "id",
                        f"edition id {edition.id!r} must match the file name ({path.stem}.yaml)",
                    )
                )
            editions.append(edition)
            read.append((edition, located))
        except DataError as error:
            problems += error.problems
    problems += across_editions(read)
    if problems or series is None:
        raise DataError(problems)
    ordered = tuple(sorted(editions, key=lambda e: (e.start_date, e.id)))
    return Catalog.model_construct(series=series, editions=ordered)


def across_editions(read: list[tuple[Edition, Located]]) -> list[Problem]:
    """The rules between editions, each problem reported in the later file (by name, the
    one usually just added): numbers unique and rising with the dates, dates that do not
    overlap, a year-like id that is the year of the first day, and no hashtag or source
    document shared by two editions."""
    problems: list[Problem] = []
    by_name = sorted(read, key=lambda item: item[1].file)
    for edition, located in by_name:
        if (
            edition.id.isdigit()
            and len(edition.id) == 4
            and int(edition.id) != edition.start_date.year
        ):
            problems.append(
                located.problem(
                    ("id",),
                    f"edition id {edition.id!r} looks like a year but the edition starts in"
                    f" {edition.start_date.year} ({edition.start_date})",
                )
            )
    for index, (edition, located) in enumerate(by_name):
        for other, other_located in by_name[:index]:
            problems += _pair_problems(edition, located, other, other_located)
    chronological = sorted(by_name, key=lambda item: (item[0].start_date, item[0].id))
    for (earlier, _), (later, located) in itertools.pairwise(chronological):
        if later.number < earlier.number:
            problems.append(
                located.problem(
                    ("number",),
                    f"edition {later.id} starts after edition {earlier.id} ({earlier.start_date})"
                    f" but has a lower number ({later.number} < {earlier.number})",
                )
            )
    return problems


def _pair_problems(
    edition: Edition, located: Located, other: Edition, other_located: Located
) -> list[Problem]:
    """What `edition` (the later file) may not share with `other`."""
    found = []
    where = f"edition {other.id} ({other_located.file})"
    if edition.number == other.number:
        found.append(
            located.problem(("number",), f"{edition.number} is already the number of {where}")
        )
    if edition.start_date <= other.end_date and other.start_date <= edition.end_date:
        found.append(
            located.problem(
                ("start_date",),
                f"{edition.start_date} to {edition.end_date} overlaps the dates of {where}:"
                f" {other.start_date} to {other.end_date}",
            )
        )
    if edition.hashtag and edition.hashtag.lower() == (other.hashtag or "").lower():
        found.append(
            located.problem(("hashtag",), f"#{edition.hashtag} is already the hashtag of {where}")
        )
    for name in ("file", "url"):
        mine = getattr(edition.source, name) if edition.source else None
        theirs = getattr(other.source, name) if other.source else None
        if mine and mine == theirs:
            found.append(
                located.problem(
                    ("source", name), f"{mine} is already the source document of {where}"
                )
            )
    return found


def _resolve(paths: Iterable[Path | str]) -> tuple[Path, list[Path]]:
    series_paths: set[Path] = set()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            series_paths.add(path / SERIES_FILE)
            files += edition_files(path)
        elif path.name == SERIES_FILE:
            series_paths.add(path)
        elif path.exists():
            series_paths.add(path.parent / SERIES_FILE)
            files.append(path)
        else:
            raise DataError([Problem(_display(path), 1, 1, "", "no such file or folder")])
    if len(series_paths) != 1:
        names = ", ".join(sorted(_display(p) for p in series_paths))
        raise DataError(
            [Problem(names, 1, 1, "", "editions from several folders: give one series at a time")]
        )
    return series_paths.pop(), sorted(set(files))


def _validate(model: type[M], located: Located, *, context: dict[str, Any] | None = None) -> M:
    try:
        result = model.model_validate(located.data, context=context)
    except ValidationError as error:
        problems = [_problem(located, detail) for detail in _meaningful(error.errors())]
        if model is Edition:  # the stage's rule runs only on valid fields: say it anyway
            problems = _stage_gaps(located) + problems
        raise DataError(located.problems + problems) from None
    if located.problems:
        raise DataError(located.problems)
    return result


def _stage_gaps(located: Located) -> list[Problem]:
    """The fields the edition's programme stage requires and the file leaves out, read
    from the file itself: the model checks them only once every field is valid, and an
    organiser must see every error of a run at once."""
    data = located.data
    stage = data.get("programme_stage") if isinstance(data, dict) else None
    if stage not in ("pre-programme", "programme"):
        return []
    return [located.problem((), stage_needs(f, stage)) for f in STAGE_FIELDS if f not in data]


def _meaningful(details: list[Any]) -> list[Any]:
    """Drop pydantic's "at least 1 item, not 0" when the items themselves were invalid."""

    def has_nested(loc: tuple[Any, ...]) -> bool:
        return any(len(d["loc"]) > len(loc) and d["loc"][: len(loc)] == loc for d in details)

    return [d for d in details if not (d["type"] == "too_short" and has_nested(d["loc"]))]


def _problem(located: Located, detail: Any) -> Problem:
    path = tuple(part for part in detail["loc"] if isinstance(part, str | int))
    path = _strip_validator_names(located, path)
    kind = detail["type"]
    message = detail["msg"].removeprefix("Value error, ")
    value = detail.get("input")
    if kind == "extra_forbidden":
        message = f"unknown field {shorten(str(path[-1]))!r} (a typo?)"
        return located.problem(path, message, key=True)
    if kind == "missing":
        message = f"required field {path[-1]!r} is missing"
        return located.problem(path[:-1], message)
    if kind in _LIST_TYPES:
        message = f"must be a list (one '- ' line per item), not {_describe(value)}"
    elif kind in _MAPPING_TYPES:
        message = f"must be a mapping (indented 'name: value' lines), not {_describe(value)}"
    elif kind in _DATE_TYPES:
        message = f"must be a date written YYYY-MM-DD (e.g. 2030-03-30), not {_describe(value)}"
    elif kind in _INTEGER_TYPES:
        message = f"must be a whole number, not {_describe(value)}"
    elif kind == "string_type":
        message = f"must be text, not {_describe(value)}"
    elif kind == "string_too_long" and isinstance(value, str):
        limit = (detail.get("ctx") or {}).get("max_length")
        message = f"is {len(value)} characters long: at most {limit}"
    if kind in ("string_type", "string_pattern_mismatch") and isinstance(value, int | float | date):
        message += (
            f' (write it as text in quotes: "{value}")'
            if not isinstance(value, bool)
            else (" (YAML read yes/no/on/off as true/false: put the text in quotes)")
        )
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        shown = shorten(value)
        meaning = PATTERN_MEANINGS.get((detail.get("ctx") or {}).get("pattern"))
        if meaning:
            message = f"{shown!r} {meaning}"
        else:
            message = f"{shown!r} is not valid here: {message[0].lower()}{message[1:]}"
    return located.problem(path, message)


def _describe(value: object) -> str:
    """What the organiser wrote, in their terms: "an empty value", "a list"..."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {shorten(str(value))!r}"


def _strip_validator_names(located: Located, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Drop the names pydantic inserts for union members and validator functions."""
    kept: list[str | int] = []
    for part in path:
        written = (*kept, part) in located.values or (*kept, part) in located.keys
        inserted = isinstance(part, str) and any(c in part for c in "[]()")
        if written or isinstance(part, int) or not inserted:
            kept.append(part)
    return tuple(kept)


def _display(path: Path) -> str:
    """Paths relative to the working directory when possible: what the organiser typed."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
