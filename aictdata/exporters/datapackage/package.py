"""The open-data package: site/data/, a Frictionless Data Package of every edition.

What a developer downloading a data.gouv.fr dataset expects, and how it is met here:

- `datapackage.json` (Data Package v2, as frictionless 5 reads and validates it): name,
  id, title, description, version, created, keywords, licence (Licence Ouverte 2.0),
  publisher, sources; each resource with its path, format, media type, encoding, size and
  SHA-256, and for each table its Table Schema (the one committed in schemas/).
- One CSV file per table of `aictdata.exporters.datapackage.tables`, written by the csv module
rather than by
  frictionless, whose writer prints offsets as +0200: UTF-8 without BOM, comma, a header
  row, CRLF between records (RFC 4180 and the Table Dialect default; a line break inside
  a quoted cell is the data's own LF). Every cell is the data as it is: a title that
  starts with = + - or @ stays as written, since a data file must not alter values.
- `aictdata.xlsx`: every table in one workbook for spreadsheet users, with typed cells
  (`aictdata.exporters.datapackage.workbook`), listed as a file of the package, not a table.
- `excel/`: the same tables for spreadsheet users, separate and never described as the
  data: BOM (so Excel reads UTF-8), semicolons (what French Excel expects) and text
  cells that a spreadsheet would run as a formula prefixed with an apostrophe.
  Superseded by the workbook: kept at their published paths, with a notice
  (`excel/LISEZMOI.txt`), until the next edition is published.
- A table without rows keeps its CSV file (header only) but is not described (see
  `described`), so that Table Schema v1 validators accept the package.
- `editions.json` (the series and all editions) and `editions/<id>.json`: the model's own
  JSON export (pydantic's, of `Catalog` and `Edition`), for those who prefer one file.
- `README.md`: what the data is, its licence and conventions, how to load each table in
  pandas, DuckDB, R and a spreadsheet (`aictdata.exporters.datapackage.recipes`), a data dictionary.

The version and the creation date come from the data, never from the clock, so two builds
of the same data are byte-identical (see `package_version`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from aictdata.errors import BuildError
from aictdata.exporters.datapackage import workbook
from aictdata.exporters.datapackage.descriptor import about, package_descriptor, package_version
from aictdata.exporters.datapackage.readme import readme
from aictdata.exporters.datapackage.tables import (
    TABLES,
    Table,
    cell,
)
from aictdata.model.catalog import Catalog
from aictdata.output import layout
from aictdata.output.mediatypes import XLSX
from aictdata.words.outputs import words

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.memory.state import CalendarState
    from aictdata.output.writer import SiteWriter

LINE_TERMINATOR = "\r\n"
DIALECT = {
    "header": True,
    "delimiter": ",",
    "lineTerminator": LINE_TERMINATOR,
    "quoteChar": '"',
    "doubleQuote": True,
}
EXCEL_DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection)."""
EXCEL_NOTICE = """\
Les fichiers de ce dossier sont remplacés par le classeur ../aictdata.xlsx : toutes les
tables, une feuille par table, aux cellules typées (dates, nombres, textes) et sans
apostrophe devant les textes. Ils restent publiés à la même adresse jusqu’à la
publication de l’édition suivante, puis seront retirés : utilisez le classeur, ou les
fichiers CSV de ../ (la donnée telle quelle).

The files of this folder are replaced by the workbook ../aictdata.xlsx (every table,
one sheet each, typed cells, no apostrophe before text). They stay at the same address
until the next edition is published, then will be removed: use the workbook, or the CSV
files of ../ (the data as it is).
"""
"""`excel/LISEZMOI.txt`: what replaces the spreadsheet copies, and until when they stay."""


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write site/data/; with `context.validate`, check it with frictionless before the swap.

    The JSON comes first: the package's version is made from it, and the workbook's
    « À lire » sheet, written before its tables, gives that version. Each table is then
    read once from the model and written to its CSV file, its spreadsheet copy and its
    sheet of the workbook together.
    """
    state = context.calendar_state
    json_resources = _write_json(catalog, site)
    fingerprint = site.files[layout.DATA_ALL_EDITIONS].sha256
    version = package_version(catalog, fingerprint=fingerprint)
    book = workbook.Workbook(about(catalog, version))
    counts = {table.name: _write_table(table, catalog, state, site, book) for table in TABLES}
    site.write(layout.DATA_WORKBOOK, book.close())
    kept = described(counts)
    resources = [_table_resource(site, table) for table in TABLES if table.name in kept]
    resources += json_resources
    resources.append(_workbook_resource(site))
    descriptor = package_descriptor(catalog, resources, version=version)
    site.write_text(layout.DATAPACKAGE, _json_text(descriptor))
    site.write_text(layout.DATA_README, readme(catalog, descriptor))
    site.write_text(layout.DATA_README_EN, readme(catalog, descriptor, words("en")))
    site.write_text(layout.DATA_EXCEL_NOTICE, EXCEL_NOTICE)
    if context.validate:
        problems = validate_package(site.root / layout.DATAPACKAGE)
        if problems:
            raise BuildError(
                "the data package is not valid:\n" + "\n".join(f"  {p}" for p in problems)
            )


def described(counts: dict[str, int]) -> set[str]:
    """The tables that datapackage.json describes: those with rows, and those that a
    described table's foreign keys point to (a reference must find its table).

    A table without rows is still written (its CSV file, header only, stays at its
    published path, and its Table Schema in schemas/), but not described: goodtables
    2.5, the Table Schema v1 validator, reads a table through datapackage 1.x, which
    yields its header only with its first row, and so reports every column of a
    header-only file as a missing header.
    """
    kept = {name for name, count in counts.items() if count}
    while True:
        referenced = {
            key.resource for table in TABLES if table.name in kept for key in table.foreign_keys
        }
        if referenced <= kept:
            return kept
        kept |= referenced


# --- files -----------------------------------------------------------------------------


class _Utf8Sink:
    """What csv.writer writes to: each record, encoded, straight into a file being
    streamed, so that a table is never whole in memory (rows, text and bytes of
    sessions.csv were most of the build's peak at 100,000 slots)."""

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self._write = write

    def write(self, text: str) -> None:
        self._write(text.encode("utf-8"))


def neutralise_formula(text: str) -> str:
    """'=HYPERLINK(…)' -> "'=HYPERLINK(…)": shown as text by a spreadsheet, never run."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _write_table(
    table: Table,
    catalog: Catalog,
    state: CalendarState,
    site: SiteWriter,
    book: workbook.Workbook,
) -> int:
    """Write one table as CSV, as its spreadsheet copy and as a sheet; its row count."""
    header = [column.name for column in table.columns]
    textual = [column.type == "string" for column in table.columns]
    count = 0
    with (
        site.stream(layout.data_table(table.name)) as plain_file,
        site.stream(layout.data_table_excel(table.name)) as excel_file,
        book.table(table) as sheet,
    ):
        excel_file("\ufeff".encode())
        # RFC 4180 CSV: CRLF between records, quotes only where needed.
        plain = csv.writer(_Utf8Sink(plain_file), lineterminator=LINE_TERMINATOR)
        excel = csv.writer(
            _Utf8Sink(excel_file), delimiter=EXCEL_DELIMITER, lineterminator=LINE_TERMINATOR
        )
        plain.writerow(header)
        excel.writerow(header)
        for record in table.records(catalog, state):
            count += 1
            row = [cell(record[name]) for name in header]
            plain.writerow(row)
            excel.writerow(
                [neutralise_formula(v) if text else v for v, text in zip(row, textual, strict=True)]
            )
            sheet(record)
    return count


def _table_resource(site: SiteWriter, table: Table) -> dict[str, Any]:
    return {
        "name": table.name,
        "type": "table",
        **_file_properties(site, layout.data_table(table.name), "csv", "text/csv"),
        "title": table.title,
        "description": table.fr,
        "description_en": table.en,
        "dialect": DIALECT,
        "schema": table.schema(),
    }


def _workbook_resource(site: SiteWriter) -> dict[str, Any]:
    """The workbook, listed as a file of the package that is not one of its tables
    (`type: file`: frictionless 5 then reads no sheet of it as a table), with its size
    and SHA-256 like every other resource, so that a reuser can check the download."""
    written = site.files[layout.DATA_WORKBOOK]
    return {
        "name": "workbook",
        "type": "file",
        "path": _in_package(layout.DATA_WORKBOOK),
        "format": "xlsx",
        "mediatype": XLSX,
        "bytes": written.bytes,
        "hash": f"sha256:{written.sha256}",
        "title": "Toutes les tables en un classeur (XLSX)",
        "description": "Les mêmes tables, une feuille par table, pour les tableurs"
        " (LibreOffice, Excel) : cellules typées (dates à l’heure de Paris, nombres, textes),"
        " une première feuille « À lire » avec la licence, les sources, la version et le"
        " dictionnaire des données.",
        "description_en": "The same tables, one sheet each, for spreadsheets: typed cells"
        " (dates in Paris time, numbers, text), and a first sheet « À lire » with the"
        " licence, sources, version and data dictionary.",
    }


def _write_json(catalog: Catalog, site: SiteWriter) -> list[dict[str, Any]]:
    """The model's own export: the whole catalog, and each edition alone.

    pydantic writes each edition's JSON once (compact, in Rust: the files are data, not
    prose) and editions.json reuses those texts, so it is exactly `Catalog`'s own export
    without encoding every edition twice (a test holds both equal to `model_dump`). It is
    streamed, edition by edition, rather than joined whole in memory.
    """
    with site.stream(layout.DATA_ALL_EDITIONS) as whole:
        whole(f'{{"series":{catalog.series.model_dump_json()},"editions":['.encode())
        for number, edition in enumerate(catalog.editions):
            text = edition.model_dump_json()
            whole(f"{',' if number else ''}{text}".encode())
            site.write_text(layout.edition_data(edition), text + "\n")
        whole(b"]}\n")
    resources = [
        {
            "name": "editions-json",
            **_file_properties(site, layout.DATA_ALL_EDITIONS, "json", "application/json"),
            "title": "Toutes les éditions (JSON)",
            "description": "Le modèle complet et imbriqué : la série et toutes ses éditions.",
            "description_en": "The whole nested model: the series and all its editions.",
        }
    ]
    for edition in catalog.editions:
        path = layout.edition_data(edition)
        resources.append(
            {
                "name": f"edition-{edition.id}-json",
                **_file_properties(site, path, "json", "application/json"),
                "title": f"Édition {edition.id} (JSON)",
                "description": f"L’édition {edition.id} seule, imbriquée (sans la série).",
                "description_en": f"Edition {edition.id} alone, nested (without the series).",
            }
        )
    return resources


def _file_properties(site: SiteWriter, path: str, format: str, mediatype: str) -> dict[str, Any]:
    written = site.files[path]
    return {
        "path": _in_package(path),
        "format": format,
        "mediatype": mediatype,
        "encoding": "utf-8",
        "bytes": written.bytes,
        "hash": f"sha256:{written.sha256}",
    }


def _in_package(path: str) -> str:
    """A site path as the package names it: relative to data/."""
    return str(PurePosixPath(path).relative_to(layout.DATA_DIR))


def _json_text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- validation ----------------------------------------------------------------------


def validate_package(path: Path) -> list[str]:
    """Validate a built datapackage.json with frictionless 5; one line per problem.

    Checks the metadata, every file's size and SHA-256, every cell against its Table
    Schema, primary keys and foreign keys. frictionless is imported here only: it is slow
    to import and to run at scale, so builds validate on request (`build --validate`).
    """
    import frictionless

    try:
        report = frictionless.Package(str(path)).validate()
    except frictionless.FrictionlessException as error:  # a descriptor it cannot even read
        return [f"{path.name}: {error.error.type}: {error.error.message}"]
    problems = [f"{path.name}: {error.type}: {error.message}" for error in report.errors]
    for task in report.tasks:
        problems += [f"{task.name}: {error.type}: {error.message}" for error in task.errors]
    return problems
