"""The model as normalised tables: the columns of each, their keys and Table Schema.

The open-data package (`aictdata.exporters.datapackage.package`) writes one CSV file per
table, and `aictdata schema` writes each table's Table Schema to schemas/: both come from
the data dictionary (dictionary.yaml: the tables, their columns, keys, constraints and
prose in French and English), read here into `TABLES`, and from each table's row function
(`aictdata.exporters.datapackage.rows`), so the published files and their schemas cannot
disagree.

Choices that a developer downloading the data relies on:

- Keys are the model's own ids, never row numbers; an organisation is keyed by
  (scope, id) (`aictdata.exporters.datapackage.rows` says how rows carry them).
- Patterns come from the model's own JSON Schema, without the ^...$ anchors (a Table
  Schema pattern must match the whole value already) and with plain groups, as XML
  Schema regular expressions require.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from aictdata.exporters.datapackage.rows import BY_EDITION, HISTORY, ROWS, Row
from aictdata.memory.state import CalendarState, ChangeKind
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition, Registration, Source
from aictdata.model.organisations import Address, Contact
from aictdata.model.scalars import LANGUAGE_PATTERN, SLUG_PATTERN
from aictdata.model.series import Series
from aictdata.model.texts import Text
from aictdata.model.venue import Access
from aictdata.model.vocabularies import (
    FormatKind,
    ProgrammeStage,
    Role,
    SessionKind,
    SocialNetwork,
    Status,
    TransportMode,
)
from aictdata.output.caches import remembered
from aictdata.words.formatting import rfc3339
from aictdata.words.vocabulary import OPENAGENDA_STATUS, SCHEMA_ORG_STATUS

TABLES_MAJOR_VERSION = 1
"""Major version of the tables' structure: raise it when a column or table is renamed,
removed or changes type (the package's version starts with it)."""


def _table_pattern(pattern: str) -> str:
    """A Python pattern of the model as a Table Schema (XML Schema) pattern."""
    return pattern.removeprefix("^").removesuffix("$").replace("(?:", "(")


_PATTERN_MODELS: dict[str, type[BaseModel]] = {
    model.__name__: model
    for model in (Access, Address, Contact, Edition, Registration, Series, Source)
}
"""The models whose fields' patterns the dictionary names (`Model.field`)."""


def _model_patterns() -> dict[str, str]:
    """`Model.field` -> the pattern the model puts on that field, read from its JSON
    Schema: the serialisation schema describes values as they are stored (phones in
    E.164), which is what the tables hold. Making the schemas is most of the time it
    takes to import the tables, so the result is kept between runs (`remembered`)."""
    patterns = {}
    for model_name, model in _PATTERN_MODELS.items():
        for name, schema in model.model_json_schema(mode="serialization")["properties"].items():
            for candidate in (schema, *schema.get("anyOf", ()), schema.get("items", {})):
                if "pattern" in candidate:
                    patterns[f"{model_name}.{name}"] = _table_pattern(candidate["pattern"])
                    break
    return patterns


_MODEL_PATTERNS = remembered("table-patterns", (), ("pydantic", "pydantic-core"), _model_patterns)


DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
"""The `format` of every date-time field: how `cell` writes them (RFC 3339, with the
offset of their date), as a strptime pattern. Table Schema v1 reads a date-time without
a format as UTC with a `Z` (« default: YYYY-MM-DDThh:mm:ssZ in UTC time ») and allows
« <PATTERN>: values in this field can be parsed according to <PATTERN> », a Python /
C strptime pattern; whose %z reads « +02:00 ». So v1 readers (tableschema, datapackage,
goodtables) accept the offsets and keep them, and so does frictionless 5, which also
reads the pattern with strptime, and which then refuses a date-time without offset."""

SLUG = _table_pattern(SLUG_PATTERN)
LINE = _MODEL_PATTERNS["Access.lines"]
LINES = f"{LINE}(,{LINE})*"
LANGUAGE = _table_pattern(LANGUAGE_PATTERN)
LANGUAGES = f"{LANGUAGE}(,{LANGUAGE})*"
"""Several ISO 639-1 codes, as a cell holds them (« fr,en »)."""


@dataclass(frozen=True)
class Column:
    """One column: its Table Schema field, described in French and in English."""

    name: str
    type: str
    title: str
    fr: str
    en: str
    required: bool = False
    unique: bool = False
    enum: tuple[str | int, ...] | None = None
    pattern: str | None = None
    format: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None

    @property
    def schema_format(self) -> str | None:
        """The field's Table Schema `format`: its own, or `DATETIME_FORMAT` for a date-time."""
        if self.format is None and self.type == "datetime":
            return DATETIME_FORMAT
        return self.format

    def descriptor(self) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.schema_format:
            field["format"] = self.schema_format
        field.update(title=self.title, description=self.fr, description_en=self.en)
        constraints: dict[str, Any] = {}
        for key, value in (
            ("required", self.required or None),
            ("unique", self.unique or None),
            ("enum", list(self.enum) if self.enum else None),
            ("pattern", self.pattern),
            ("minimum", self.minimum),
            ("maximum", self.maximum),
        ):
            if value is not None:
                constraints[key] = value
        if constraints:
            field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A resource of the package: its columns, keys and how to read its rows from the model."""

    name: str
    title: str
    fr: str
    en: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[Catalog], Iterator[Row]]
    """The rows, from the model."""
    foreign_keys: tuple[ForeignKey, ...] = field(default=())
    history: Callable[[Catalog, CalendarState], Iterator[Row]] | None = None
    """For a table of what was published (the programme's changes): its rows from the
    calendar memory; `rows` then gives those of a catalog built for the first time."""
    translated: tuple[str, ...] = ()
    """Its columns of the organiser's text: each has its English in `<name>_en`, a column
    after the others (`in_english`), empty when the data gives no English."""
    by_edition: Callable[[Catalog, Edition, CalendarState | None], Iterator[Row]] | None = None
    """For a table whose rows come edition by edition (`rows.BY_EDITION`): one edition's."""

    def records(self, catalog: Catalog, state: CalendarState) -> Iterator[Row]:
        """The rows the build publishes: from the memory when the table needs it."""
        rows = self.history(catalog, state) if self.history is not None else self.rows(catalog)
        return _with_english(rows, self.translated) if self.translated else rows

    def records_of(self, catalog: Catalog, edition: Edition, state: CalendarState) -> Iterator[Row]:
        """`records` of one edition, for a table whose rows come edition by edition."""
        if self.by_edition is None:
            raise ValueError(f"the rows of {self.name} do not come edition by edition")
        rows = self.by_edition(catalog, edition, state if self.history is not None else None)
        return _with_english(rows, self.translated) if self.translated else rows

    @property
    def path(self) -> str:
        """File name inside data/ (and inside data/excel/)."""
        return f"{self.name}.csv"

    def schema(self) -> dict[str, Any]:
        """The Table Schema: what schemas/<name>.tableschema.json holds."""
        schema: dict[str, Any] = {
            "fields": [column.descriptor() for column in self.columns],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": list(key.fields),
                    "reference": {"resource": key.resource, "fields": list(key.reference)},
                }
                for key in self.foreign_keys
            ]
        return schema


def _codes(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def in_english(table: Table, *names: str) -> Table:
    """`table` with, after its columns, the English of its columns `names` (the
    organiser's texts: `texts.Text`): `title` has `title_en` beside it. One column
    per language rather than a table of translations, so that a spreadsheet or a data
    frame shows a row's two languages side by side; at the end, so that the columns
    published before keep their places."""
    columns = {column.name: column for column in table.columns}
    english = tuple(
        Column(
            f"{name}_en",
            "string",
            f"{columns[name].title} (anglais)",
            f"La colonne {name} en anglais, quand les données la donnent (vide sinon).",
            f"Column {name} in English, when the data gives it (empty otherwise).",
        )
        for name in names
    )
    return replace(table, columns=(*table.columns, *english), translated=names)


def _with_english(rows: Iterator[Row], names: tuple[str, ...]) -> Iterator[Row]:
    for row in rows:
        for name in names:
            value = row[name]
            row[f"{name}_en"] = value.en if isinstance(value, Text) else None
        yield row


DICTIONARY = Path(__file__).with_name("dictionary.yaml")
"""The data dictionary: tables, columns, their prose in French and English, types, keys
and constraints (a data file, so that translators and reviewers read whole sentences)."""

_ENUMS: dict[str, type[StrEnum]] = {
    enum.__name__: enum
    for enum in (
        ChangeKind,
        FormatKind,
        ProgrammeStage,
        Role,
        SessionKind,
        SocialNetwork,
        Status,
        TransportMode,
    )
}
_VALUES: dict[str, dict[Any, Any]] = {
    "SCHEMA_ORG_STATUS": SCHEMA_ORG_STATUS,
    "OPENAGENDA_STATUS": OPENAGENDA_STATUS,
}


def _pattern(name: str) -> str:
    """`slug`, `line`, `lines`, `languages` or `Model.field`: the model's own pattern,
    never restated."""
    named = {"slug": SLUG, "line": LINE, "lines": LINES, "languages": LANGUAGES}
    if name in named:
        return named[name]
    return _MODEL_PATTERNS[name]


def _enum(reference: dict[str, str]) -> tuple[str | int, ...]:
    """`{codes: Status}`: the vocabulary's codes; `{values: OPENAGENDA_STATUS}`: the codes
    of an outside vocabulary that the model's vocabulary maps to."""
    if "codes" in reference:
        return _codes(_ENUMS[reference["codes"]])
    return tuple(sorted(set(_VALUES[reference["values"]].values())))


def _column(entry: dict[str, Any]) -> Column:
    fields = dict(entry)
    if "pattern" in fields:
        fields["pattern"] = _pattern(fields["pattern"])
    if "enum" in fields:
        fields["enum"] = _enum(fields["enum"])
    return Column(**fields)


def _table(entry: dict[str, Any]) -> Table:
    name = entry["name"]
    table = Table(
        name,
        entry["title"],
        entry["fr"],
        entry["en"],
        tuple(_column(column) for column in entry["columns"]),
        tuple(entry["primary_key"]),
        ROWS[name],
        foreign_keys=tuple(
            ForeignKey(tuple(key["fields"]), key["resource"], tuple(key["reference"]))
            for key in entry.get("foreign_keys", ())
        ),
        history=HISTORY.get(name),
        by_edition=BY_EDITION.get(name),
    )
    translated = tuple(entry.get("translated", ()))
    return in_english(table, *translated) if translated else table


def _dictionary_entries() -> list[dict[str, Any]]:
    """The dictionary's tables as YAML reads them: a part of the code, so parsed once and
    kept between builds (`remembered`; parsing it is 30 ms of every build otherwise)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(DICTIONARY.read_text("utf-8"), Loader=loader)["tables"]  # type: ignore[no-any-return]


def _read_dictionary() -> tuple[Table, ...]:
    entries = remembered("dictionary", (), ("pyyaml",), _dictionary_entries)
    names = [entry["name"] for entry in entries]
    if sorted(names) != sorted(ROWS):
        raise RuntimeError(f"{DICTIONARY.name} and ROWS name different tables: {names}")
    return tuple(_table(entry) for entry in entries)


TABLES: tuple[Table, ...] = _read_dictionary()


def table(name: str) -> Table:
    for candidate in TABLES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def table_schema_documents() -> dict[str, dict[str, Any]]:
    """File name in schemas/ -> Table Schema, for every table."""
    return {f"{t.name}.tableschema.json": t.schema() for t in TABLES}


def cell(value: object) -> str:
    """A value as CSV text: datetimes in RFC 3339 with their own offset, lists comma-joined."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ",".join(value)
    if isinstance(value, bool):
        raise TypeError("no boolean column is defined")
    return str(value)
