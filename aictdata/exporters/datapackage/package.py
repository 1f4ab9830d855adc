"""The open-data package: site/data/, a Frictionless Data Package of every edition.

What a developer downloading a data.gouv.fr dataset expects, and how it is met here:

- `datapackage.json` (Data Package v2, as frictionless 5 reads and validates it): name,
  id, title, description, version, created, keywords, licence (Licence Ouverte 2.0),
  publisher, sources; each resource with its path, format, media type, encoding, size and
  SHA-256, and for each table its Table Schema (the one committed in schemas/)
  (`aictdata.exporters.datapackage.descriptor`).
- One CSV file per table of `aictdata.exporters.datapackage.tables`, written by the csv
  module rather than by frictionless, whose writer prints offsets as +0200: UTF-8 without
  BOM, comma, a header row, CRLF between records (RFC 4180 and the Table Dialect default;
  a line break inside a quoted cell is the data's own LF). Every cell is the data as it
  is: a title that starts with = + - or @ stays as written, since a data file must not
  alter values (`aictdata.exporters.datapackage.files`).
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
  pandas, DuckDB, R and a spreadsheet (`aictdata.exporters.datapackage.recipes`), a data
  dictionary (`aictdata.exporters.datapackage.readme`).

This module runs the export in that order and validates the result on request; the
modules named above make each part.

The version and the creation date come from the data, never from the clock, so two builds
of the same data are byte-identical (see `descriptor.package_version`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aictdata.errors import BuildError
from aictdata.exporters.datapackage import workbook
from aictdata.exporters.datapackage.descriptor import (
    about,
    package_descriptor,
    package_version,
    table_resource,
    workbook_resource,
)
from aictdata.exporters.datapackage.files import EXCEL_NOTICE, json_text, write_json, write_table
from aictdata.exporters.datapackage.readme import readme
from aictdata.exporters.datapackage.tables import TABLES
from aictdata.model.catalog import Catalog
from aictdata.output import layout
from aictdata.words.outputs import words

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write site/data/; with `context.validate`, check it with frictionless before the swap.

    The JSON comes first: the package's version is made from it, and the workbook's
    « À lire » sheet, written before its tables, gives that version. Each table is then
    read once from the model and written to its CSV file, its spreadsheet copy and its
    sheet of the workbook together.
    """
    state = context.calendar_state
    json_resources = write_json(catalog, site, context.fingerprints)
    fingerprint = site.files[layout.DATA_ALL_EDITIONS].sha256
    version = package_version(catalog, fingerprint=fingerprint)
    book = workbook.Workbook(about(catalog, version))
    counts = {
        table.name: write_table(table, catalog, state, site, book, context.fingerprints)
        for table in TABLES
    }
    site.write(layout.DATA_WORKBOOK, book.close())
    kept = described(counts)
    resources = [table_resource(site, table) for table in TABLES if table.name in kept]
    resources += json_resources
    resources.append(workbook_resource(site))
    descriptor = package_descriptor(catalog, resources, version=version)
    site.write_text(layout.DATAPACKAGE, json_text(descriptor))
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
