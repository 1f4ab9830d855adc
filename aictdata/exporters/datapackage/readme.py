"""The data README, README.md in French and README.en.md in English: what the data is,
its licence and conventions, how to load each table in each tool, and the data dictionary.

The document is a template, aictdata/templates/data/README.md.j2, whose every sentence is
one whole message of the outputs' catalogue (`{% trans %}`), translated as a whole: a
variant (with or without the organisers' names, with or without the data's date) is a
message of its own, never a fragment glued to another. This module computes what the
template prints: the descriptor's facts (`aictdata.exporters.datapackage.descriptor`),
the editions, the files, the recipes' code (`aictdata.exporters.datapackage.recipes`) and
each table's dictionary, written for Markdown where they go in a table cell.

Apart from the descriptor, whose facts it prints for a reader, because it is prose rather
than data: the same document in each language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from aictdata.exporters.datapackage import recipes
from aictdata.exporters.datapackage.descriptor import (
    LICENCE,
    description,
    organiser_names,
    title,
)
from aictdata.exporters.datapackage.tables import DATETIME_FORMAT, TABLES, Column, Table
from aictdata.model.catalog import Catalog
from aictdata.output.caches import remembered
from aictdata.output.compiled import CompiledTemplates
from aictdata.words.formatting import french_ordinal
from aictdata.words.outputs import F_, Words, words
from aictdata.words.vocabulary import OPENAGENDA_STATUS, SCHEMA_ORG_STATUS, STATUS_LABELS

TEMPLATE = "data/README.md.j2"
"""In aictdata/templates/, beside the pages' templates (`make messages` reads both)."""


@dataclass(frozen=True)
class _Edition:
    id: str
    ordinal: str
    dates: str
    slots: int


@dataclass(frozen=True)
class _File:
    path: str
    about: str
    """Its description (or a table's title), written for a Markdown table cell."""


@dataclass(frozen=True)
class _Status:
    code: str
    label: str
    schema_org: str
    openagenda: int


@dataclass(frozen=True)
class _ForeignKey:
    fields: str
    resource: str
    target: str


@dataclass(frozen=True)
class _ColumnRow:
    """One row of a table's dictionary, each cell written for Markdown."""

    name: str
    kind: str
    required: str
    constraints: str
    fr: str
    en: str


@dataclass(frozen=True)
class _TableEntry:
    name: str
    title: str
    path: str
    about: str
    english: str | None
    """The table's English description under the French one (README.md only)."""
    primary_key: str
    foreign_keys: tuple[_ForeignKey, ...]
    columns: tuple[_ColumnRow, ...]


@cache
def _template() -> jinja2.Template:
    """The README's template, compiled once per process for every language: plain text,
    nothing escaped, its `{% trans %}` blocks trimmed (so that a long sentence can be
    wrapped in the template and stay one message) and translated by the `gettext` that
    each rendering passes (Jinja looks it up when the template runs)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("aictdata", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=CompiledTemplates("templates-text"),
    )
    environment.policies["ext.i18n.trimmed"] = True
    return environment.get_template(TEMPLATE)


def readme(catalog: Catalog, descriptor: dict[str, Any], w: Words | None = None) -> str:
    """The dataset's README: what it is, its licence, conventions, how to load the tables
    in each tool, and the data dictionary; in French (README.md), or in English
    (README.en.md) with `w`, the same document through the outputs' catalogue."""
    w = w or words("fr")
    described_names = {r["name"] for r in descriptor["resources"]}
    return _template().render(
        gettext=w.translations.gettext,
        ngettext=w.translations.ngettext,
        title=title(catalog, w),
        description=description(catalog, w),
        version=descriptor["version"],
        created=descriptor.get("created"),
        licence=LICENCE,
        organisers=", ".join(organiser_names(catalog)),
        address=descriptor["id"],
        editions=[
            _Edition(e.id, _ordinal(e.number, w), days, len(e.sessions))
            for e, days in zip(catalog.editions, _days(catalog, w), strict=True)
        ],
        resources=[
            _File(r["path"], _cell_md(_resource_about(r, w))) for r in descriptor["resources"]
        ],
        empty_tables=[
            _File(t.path, _cell_md(_table_title(t, w)))
            for t in TABLES
            if t.name not in described_names
        ],
        datetime_format=DATETIME_FORMAT,
        statuses=[
            _Status(status.value, w(label), SCHEMA_ORG_STATUS[status], OPENAGENDA_STATUS[status])
            for status, label in STATUS_LABELS.items()
        ],
        pandas=recipes.pandas(w).removesuffix("\n"),
        duckdb=[recipes.duckdb(table) for table in TABLES],
        readr=[recipes.readr(table) for table in TABLES],
        workbook=recipes.workbook(),
        tables=[_table_dictionary(table, w) for table in TABLES],
    )


def _days(catalog: Catalog, w: Words) -> list[str]:
    """Each edition's days (`Words.dates`), kept between builds for the same days: in
    English, Babel takes half a millisecond a span, 0.05 s for 100 editions in the
    process that ends a rebuild."""
    spans = tuple(f"{e.start_date}/{e.end_date}" for e in catalog.editions)
    return remembered(
        f"edition-days-{w.lang}", spans, ("Babel",), lambda: [w.dates(e) for e in catalog.editions]
    )


def _ordinal(number: int, w: Words) -> str:
    """16 -> '16e' in French, '16th' in English."""
    if w.french:
        return french_ordinal(number)
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10 if number % 100 not in (11, 12, 13) else 0)
    return f"{number}{suffix or 'th'}"


def _table_title(table: Table, w: Words) -> str:
    return table.title if w.french else table.name


def _resource_about(resource: dict[str, Any], w: Words) -> str:
    """A resource's description in the README's language (each has both)."""
    return resource["description"] if w.french else resource["description_en"]


def _table_dictionary(table: Table, w: Words) -> _TableEntry:
    return _TableEntry(
        name=table.name,
        title=_table_title(table, w),
        path=table.path,
        about=table.fr if w.french else table.en,
        english=table.en if w.french else None,
        primary_key=", ".join(f"`{name}`" for name in table.primary_key),
        foreign_keys=tuple(
            _ForeignKey(
                fields=", ".join(f"`{name}`" for name in key.fields),
                resource=key.resource,
                target=", ".join(f"`{name}`" for name in key.reference),
            )
            for key in table.foreign_keys
        ),
        columns=tuple(_column_row(column, w) for column in table.columns),
    )


def _column_row(column: Column, w: Words) -> _ColumnRow:
    constraints = []
    if column.enum:
        constraints.append(" ".join(f"`{value}`" for value in column.enum))
    if column.pattern:
        constraints.append(w(F_("motif `{pattern}`")).format(pattern=column.pattern))
    if column.minimum is not None:
        constraints.append(f"≥ {column.minimum}")
    if column.maximum is not None:
        constraints.append(f"≤ {column.maximum}")
    if column.unique:
        constraints.append("unique")
    kind = column.type + (f" (`{column.schema_format}`)" if column.schema_format else "")
    required = w(F_("oui")) if column.required else w(F_("non"))
    return _ColumnRow(
        name=column.name,
        kind=kind,
        required=required,
        constraints=_cell_md("; ".join(constraints)),
        fr=_cell_md(column.fr),
        en=_cell_md(column.en),
    )


def _cell_md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
