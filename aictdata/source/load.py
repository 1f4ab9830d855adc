"""YAML files -> validated `Catalog`, with file:line:column on every error.

An editions folder holds `series.yaml` (what every edition shares) and one file per
edition (`2024.yaml`, `2025.yaml`). Every file is read and validated even when an earlier
one failed, so the organiser sees all the errors of a run at once.
"""

from __future__ import annotations

import gc
import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from aictdata.errors import DataError, Problem
from aictdata.i18n import _, ngettext
from aictdata.model.catalog import Catalog
from aictdata.model.edition import STAGE_FIELDS, Edition, stage_needs
from aictdata.model.organisations import LOGOS_DIR, PUBLICATION_FIELDS, Organisation
from aictdata.model.scalars import PATTERN_MEANINGS, parse_local_time
from aictdata.model.series import Series
from aictdata.model.slots import end_before_start, outside_edition
from aictdata.model.tzrules import TimeZoneRulesError, current_rules
from aictdata.output.forking import Pickled, fork_pays, in_two_processes
from aictdata.source import parsed
from aictdata.source.located_yaml import Located, parse_yaml, read_bytes, read_yaml
from aictdata.source.yaml_paths import shorten

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
_DATETIME_TYPES = frozenset(
    {"datetime_type", "datetime_parsing", "datetime_from_date_parsing", "datetime_object_invalid"}
)
_CHOICE_TYPES = frozenset({"literal_error", "enum"})
_DESCRIBED = (
    _LIST_TYPES | _MAPPING_TYPES | _DATE_TYPES | _DATETIME_TYPES | _INTEGER_TYPES | {"string_type"}
)
"""The kinds whose message (below) says what was written instead: "not {value}"."""


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


def publication_gaps(*paths: Path | str) -> list[Problem]:
    """What the « Mentions légales » need and series.yaml does not say yet (the publisher,
    its address, the director of publication, the host), located where it belongs: a
    warning for `validate`, never an error, since the documents do not give them and the
    site must build meanwhile."""
    series_path, _files = _resolve(paths or (DEFAULT_EDITIONS_DIR,))
    located = read_yaml(series_path, display_name=_display(series_path))
    data = located.data if isinstance(located.data, dict) else {}
    publication = data.get("publication")
    if not isinstance(publication, dict):
        return [located.problem((), _("no publication: the legal notice names no publisher yet"))]
    messages = {
        "address": _("the publisher's postal address is missing from the legal notice"),
        "director": _("the director of publication is missing from the legal notice"),
        "host": _("the host of the site is missing from the legal notice"),
    }
    return [
        located.problem(("publication",), messages[name], key=True)
        for name in PUBLICATION_FIELDS
        if name not in publication
    ]


def missing_logos(
    organisations: tuple[Organisation, ...], located: Located, folder: Path
) -> list[Problem]:
    """Each logo the data names must be a file in editions/logos/: a page never shows a
    broken image, and nothing is fetched."""
    return [
        located.problem(
            ("organisations", index, "logo", "file"),
            _("no such file in {folder}: add the organiser's logo file there").format(
                folder=_display(folder / LOGOS_DIR)
            ),
        )
        for index, organisation in enumerate(organisations)
        if organisation.logo and not (folder / LOGOS_DIR / organisation.logo.file).is_file()
    ]


def _load_catalog(paths: tuple[Path | str, ...]) -> Catalog:
    series_path, files = _resolve(paths or (DEFAULT_EDITIONS_DIR,))
    problems: list[Problem] = []
    series: Series | None = None
    series_raw = b""
    try:
        series_raw = read_bytes(series_path, _display(series_path))
        located_series = parse_yaml(series_raw, _display(series_path))
        series = _validate(Series, located_series)
        problems += missing_logos(series.organisations, located_series, series_path.parent)
    except DataError as error:
        problems += error.problems
    editions: list[Edition] = []
    read: list[tuple[Edition, Located]] = []
    for found, found_problems in _read_editions(files, series, series_raw, series_path.parent):
        problems += found_problems
        if found:
            editions.append(found[0])
            read.append(found)
    problems += across_editions(read)
    if problems or series is None:
        raise DataError(problems)
    ordered = tuple(sorted(editions, key=lambda e: (e.start_date, e.id)))
    return Catalog.model_construct(series=series, editions=ordered)


_Read = tuple[tuple[Edition, Located] | None, list[Problem]]
"""What reading one edition file gives: the edition and where the checks across editions
locate it (None when it has an error of its own), and its problems."""

SPLIT_FROM_BYTES = 256 * 1024
"""From this many bytes of edition files to parse (those not in the cache), a forked
process parses half of them: parsing and validating is about 0.15 s per 1,000 slots
(350 KB), forking and sending the editions back a few milliseconds plus a tenth of that."""


def _read_editions(
    files: list[Path], series: Series | None, series_raw: bytes, folder: Path
) -> list[_Read]:
    """Read every edition file, in order: from the cache where it holds the same bytes
    (`parsed`), else parsed and validated, by two processes when there is enough to parse
    (`SPLIT_FROM_BYTES`, `output.forking`)."""
    results: list[_Read | None] = []
    to_parse: list[tuple[int, Path, bytes, str | None]] = []
    for index, path in enumerate(files):
        try:
            raw = read_bytes(path, _display(path))
        except DataError as error:
            results.append((None, error.problems))
            continue
        entry = parsed.key(series_raw, _display(path), raw) if series else None
        found = parsed.recall(entry) if entry else None
        if found:  # read before without any problem: only the logos may have gone
            results.append((found, missing_logos(found[0].organisations, found[1], folder)))
            continue
        results.append(None)
        to_parse.append((index, path, raw, entry))

    def parse(item: tuple[int, Path, bytes, str | None]) -> _Read:
        _index, path, raw, entry = item
        return _parse_edition(path, raw, entry, series, folder)

    if fork_pays() and sum(len(item[2]) for item in to_parse) >= SPLIT_FROM_BYTES:
        done = in_two_processes(to_parse, parse, weight=lambda item: len(item[2]))
    else:
        done = [parse(item) for item in to_parse]
    for (index, *_rest), result in zip(to_parse, done, strict=True):
        results[index] = result
    return [result for result in results if result is not None]


def _parse_edition(
    path: Path, raw: bytes, entry: str | None, series: Series | None, folder: Path
) -> _Read:
    """Parse and validate one edition file's bytes, and keep it in the cache under
    `entry` when it has no problem."""
    try:
        located = parse_yaml(raw, _display(path), only=KEPT_FIELDS)
        edition = _validate(Edition, located, context={"series": series})
    except DataError as error:
        return None, error.problems
    problems: list[Problem] = []
    if edition.id != path.stem:
        line, column = located.position(("id",))
        problems.append(
            Problem(
                located.file,
                line,
                column,
                "id",
                _("edition id {id} must match the file name ({file})").format(
                    id=repr(edition.id), file=f"{path.stem}.yaml"
                ),
            )
        )
    problems += zone_problems(edition, located)
    narrowed = located.narrowed(KEPT_FIELDS)
    edition.json_digest  # noqa: B018 (made here, in the process that parsed it, and kept)
    read: tuple[Edition, Located] = (edition, narrowed)
    if entry and not problems:  # a forked half sends the pickle kept, not a second one
        read = Pickled(read, parsed.keep(entry, edition, narrowed))  # type: ignore[assignment]
    problems += missing_logos(edition.organisations, located, folder)
    return read, problems


def zone_problems(edition: Edition, located: Located) -> list[Problem]:
    """The one rule set of time zones (aictdata.model.tzrules, what the feeds' VTIMEZONE can
    say), checked here so that `validate` refuses what `build` could not write: a zone
    whose changes yearly rules cannot express, and a slot before the zone's current
    rules."""
    try:
        rules = current_rules(edition.timezone)
    except TimeZoneRulesError as error:
        return [located.problem(("timezone",), str(error))]
    return [
        located.problem(
            ("sessions", index, "date"),
            _(
                "{date} is before the current daylight-saving rules of {zone} (since {year}):"
                " a calendar cannot describe that time zone then"
            ).format(date=session.date, zone=edition.timezone, year=rules.since.year),
        )
        for index, session in enumerate(edition.sessions)
        if not rules.covers(session.starts_at)
    ]


KEPT_FIELDS = frozenset({"id", "number", "start_date", "hashtag", "source", "organisations"})
"""Where the fields that are checked once every file is read were written: those that
`across_editions` locates its problems at, and the organisations, whose logos are
looked for each time (a kept edition's logo file may be gone since)."""


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
                    _(
                        "edition id {id} looks like a year but the edition starts in {year}"
                        " ({date})"
                    ).format(
                        id=repr(edition.id),
                        year=edition.start_date.year,
                        date=edition.start_date,
                    ),
                )
            )
    for index, (edition, located) in enumerate(by_name):
        for other, other_located in by_name[:index]:
            problems += _pair_problems(edition, located, other, other_located)
    chronological = sorted(by_name, key=lambda item: (item[0].start_date, item[0].id))
    for (earlier, _earlier_file), (later, located) in itertools.pairwise(chronological):
        if later.number < earlier.number:
            problems.append(
                located.problem(
                    ("number",),
                    _(
                        "edition {later} starts after edition {earlier} ({date}) but has a"
                        " lower number ({number} < {earlier_number})"
                    ).format(
                        later=later.id,
                        earlier=earlier.id,
                        date=earlier.start_date,
                        number=later.number,
                        earlier_number=earlier.number,
                    ),
                )
            )
    return problems


def _pair_problems(
    edition: Edition, located: Located, other: Edition, other_located: Located
) -> list[Problem]:
    """What `edition` (the later file) may not share with `other`. Called for every pair
    of editions (4,950 at 100): the other edition is named only for a problem found."""
    found: list[Problem] = []
    sources = (
        (name, getattr(edition.source, name), getattr(other.source, name))
        for name in ("file", "url")
        if edition.source and other.source
    )
    shared_source = [(name, mine) for name, mine, theirs in sources if mine and mine == theirs]
    if not (
        edition.number == other.number
        or (edition.start_date <= other.end_date and other.start_date <= edition.end_date)
        or (edition.hashtag and edition.hashtag.lower() == (other.hashtag or "").lower())
        or shared_source
    ):
        return found
    where = _("edition {id} ({file})").format(id=other.id, file=other_located.file)
    if edition.number == other.number:
        message = _("{number} is already the number of {edition}")
        found.append(
            located.problem(("number",), message.format(number=edition.number, edition=where))
        )
    if edition.start_date <= other.end_date and other.start_date <= edition.end_date:
        found.append(
            located.problem(
                ("start_date",),
                _(
                    "{start} to {end} overlaps the dates of {edition}: {other_start} to {other_end}"
                ).format(
                    start=edition.start_date,
                    end=edition.end_date,
                    edition=where,
                    other_start=other.start_date,
                    other_end=other.end_date,
                ),
            )
        )
    if edition.hashtag and edition.hashtag.lower() == (other.hashtag or "").lower():
        found.append(
            located.problem(
                ("hashtag",),
                _("#{hashtag} is already the hashtag of {edition}").format(
                    hashtag=edition.hashtag, edition=where
                ),
            )
        )
    for name, mine in shared_source:
        found.append(
            located.problem(
                ("source", name),
                _("{source} is already the source document of {edition}").format(
                    source=mine, edition=where
                ),
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
            raise DataError([Problem(_display(path), 1, 1, "", _("no such file or folder"))])
    if len(series_paths) != 1:
        names = ", ".join(sorted(_display(p) for p in series_paths))
        raise DataError(
            [
                Problem(
                    names, 1, 1, "", _("editions from several folders: give one series at a time")
                )
            ]
        )
    return series_paths.pop(), sorted(set(files))


def _validate(model: type[M], located: Located, *, context: dict[str, Any] | None = None) -> M:
    try:
        result = model.model_validate(located.data, context=context)
    except ValidationError as error:
        problems = [_problem(located, detail) for detail in _meaningful(error.errors())]
        if model is Edition:  # the edition's rules run only on valid fields: say them anyway
            problems = _stage_gaps(located) + problems + _slot_rule_gaps(located)
        raise DataError(list(dict.fromkeys(located.problems + problems))) from None
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


def _slot_rule_gaps(located: Located) -> list[Problem]:
    """The slots' cross-field rules (ends after it starts, within the edition's days),
    checked on the file itself wherever the values they compare can be read: the model
    checks them only once every field is valid, and an organiser must see every error of
    a run at once. The same words as the model's; a problem said twice is said once."""
    data = located.data
    sessions = data.get("sessions") if isinstance(data, dict) else None
    if not isinstance(sessions, list):
        return []
    first, last = data.get("start_date"), data.get("end_date")
    problems = []
    for index, item in enumerate(sessions):
        if not isinstance(item, dict):
            continue
        start, end = _time_or_none(item.get("start")), _time_or_none(item.get("end"))
        if start is not None and end is not None and end <= start:
            problems.append(
                located.problem(("sessions", index, "end"), end_before_start(start, end))
            )
        day = item.get("date")
        if all(type(value) is date for value in (day, first, last)) and not first <= day <= last:
            problems.append(
                located.problem(("sessions", index, "date"), outside_edition(day, first, last))
            )
    return problems


def _time_or_none(value: object) -> time | None:
    try:
        parsed = parse_local_time(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, time) else None


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
        message = _("unknown field {name} (a typo?)").format(name=repr(shorten(str(path[-1]))))
        return located.problem(path, message, key=True)
    if kind == "missing":
        message = _("required field {name} is missing").format(name=repr(path[-1]))
        return located.problem(path[:-1], message)
    if kind in _LIST_TYPES:
        message = _("must be a list (one '- ' line per item), not {value}")
    elif kind in _MAPPING_TYPES:
        message = _("must be a mapping (indented 'name: value' lines), not {value}")
    elif kind in _DATE_TYPES:
        message = _("must be a date written YYYY-MM-DD (e.g. 2030-03-30), not {value}")
    elif kind in _INTEGER_TYPES:
        message = _("must be a whole number, not {value}")
    elif kind in _DATETIME_TYPES:
        message = _(
            "must be a date and time with its offset, written YYYY-MM-DDTHH:MM:SS+01:00"
            " (e.g. 2030-01-15T10:00:00+01:00), not {value}"
        )
    elif kind == "string_type":
        message = _("must be text, not {value}")
    elif kind == "string_too_short":
        message = _("must not be empty")
    elif kind in _CHOICE_TYPES:
        choices = re.findall(r"'[^']*'", (detail.get("ctx") or {}).get("expected", ""))
        message = _("must be one of {choices}, not {value}").format(
            choices=", ".join(choices), value=_describe(value)
        )
    elif kind == "too_short":
        count = (detail.get("ctx") or {}).get("min_length", 1)
        message = ngettext(
            "must hold at least {count} item", "must hold at least {count} items", count
        ).format(count=count)
    elif kind in ("greater_than_equal", "less_than_equal"):
        bound = (detail.get("ctx") or {}).get("ge" if kind == "greater_than_equal" else "le")
        message = (
            _("must be {bound} or more, not {value}")
            if kind == "greater_than_equal"
            else _("must be {bound} or less, not {value}")
        ).format(bound=bound, value=_describe(value))
    elif kind == "string_too_long" and isinstance(value, str):
        limit = (detail.get("ctx") or {}).get("max_length")
        message = _("is {length} characters long: at most {limit}").format(
            length=len(value), limit=limit
        )
    if kind in _DESCRIBED:
        message = message.format(value=_describe(value))
    if kind in ("string_type", "string_pattern_mismatch") and isinstance(value, int | float | date):
        message += _quote_hint(located.written.get(path), value)
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        shown = repr(shorten(value))
        meaning = PATTERN_MEANINGS.get((detail.get("ctx") or {}).get("pattern"))
        if meaning:
            message = f"{shown} {_(meaning)}"
        else:
            reason = f"{message[0].lower()}{message[1:]}"
            message = _("{value} is not valid here: {reason}").format(value=shown, reason=reason)
    return located.problem(path, message)


def _quote_hint(written: str | None, value: object) -> str:
    """How to make YAML keep a value as text, showing what the organiser typed: `06000`,
    which YAML 1.1 reads as the octal number 3072, must become "06000", not "3072"."""
    if isinstance(value, bool):
        return _(" (YAML read yes/no/on/off as true/false: put the text in quotes)")
    text = shorten(written if written is not None else str(value))
    if isinstance(value, int | float) and text != str(value):
        return _(
            ' (YAML reads {written} as the number {value}: write it as text in quotes: "{written}")'
        ).format(written=text, value=value)
    return _(' (write it as text in quotes: "{written}")').format(written=text)


def _describe(value: object) -> str:
    """What the organiser wrote, in their terms: "an empty value", "a list"..."""
    if value is None:
        return _("an empty value")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("the number {number}").format(number=value)
    if isinstance(value, datetime):
        return _("a date-time")
    if isinstance(value, date):
        return _("a date")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return _("the text {text}").format(text=repr(shorten(str(value))))


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
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return str(path)
