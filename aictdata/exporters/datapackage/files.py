"""The data package's files: each table as CSV and as its spreadsheet copy, the model's
JSON, and what the descriptor says of a written file (its path in the package, size and
SHA-256).

Apart from the descriptor (`aictdata.exporters.datapackage.descriptor`) and the README
(`aictdata.exporters.datapackage.readme`), which only describe what is written here: the
bytes of the package are made in this module and in the workbook's
(`aictdata.exporters.datapackage.workbook`), each table read once from the model and
streamed to its three outputs together.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from aictdata.exporters.datapackage import parts, workbook
from aictdata.exporters.datapackage.rows import Row
from aictdata.exporters.datapackage.tables import Table, cell
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.output import layout

if TYPE_CHECKING:
    from aictdata.exporters.datapackage.xlsxrows import RowTemplate
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


def write_table(
    table: Table,
    catalog: Catalog,
    state: CalendarState,
    site: SiteWriter,
    book: workbook.Workbook,
    fingerprints: Mapping[str, str],
) -> int:
    """Write one table as CSV, as its spreadsheet copy and as a sheet; its row count.

    A table whose rows come edition by edition is written one edition's part after
    another, each taken from the previous build when the edition's fingerprint is the
    same (`parts`); the others, record by record."""
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
        if table.by_edition is None:
            for record in table.records(catalog, state):
                count += 1
                _write_record(record, header, textual, plain, excel)
                sheet.write(record)
            return count
        for edition in catalog.editions:
            fingerprint = fingerprints.get(edition.id)
            part = parts.kept(fingerprint, table.name) if fingerprint else None
            if part is None:
                part = _part(table, catalog, edition, state, sheet, header, textual)
                if fingerprint and part.rows is not None:
                    parts.keep(fingerprint, table.name, part)
            plain_file(part.plain)
            excel_file(part.excel)
            if part.rows is None or not sheet.write_templates(part.rows):
                for record in table.records_of(catalog, edition, state):
                    sheet.write(record)
            count += part.count
    return count


def _write_record(
    record: Row, header: list[str], textual: list[bool], plain: Any, excel: Any
) -> None:
    """One record as a CSV row and as a row of the spreadsheet copy."""
    row = [cell(record[name]) for name in header]
    plain.writerow(row)
    excel.writerow(
        [neutralise_formula(v) if text else v for v, text in zip(row, textual, strict=True)]
    )


def _part(
    table: Table,
    catalog: Catalog,
    edition: Edition,
    state: CalendarState,
    sheet: workbook.TableSheet,
    header: list[str],
    textual: list[bool],
) -> parts.Part:
    """An edition's part of a table whose rows come edition by edition: its CSV text,
    its spreadsheet copy's and its sheet rows made apart from their place (none when a
    row can only be written cell by cell, where it goes)."""
    plain_text, excel_text = io.StringIO(), io.StringIO()
    plain = csv.writer(plain_text, lineterminator=LINE_TERMINATOR)
    excel = csv.writer(excel_text, delimiter=EXCEL_DELIMITER, lineterminator=LINE_TERMINATOR)
    rows: list[RowTemplate] | None = []
    count = 0
    for record in table.records_of(catalog, edition, state):
        count += 1
        _write_record(record, header, textual, plain, excel)
        if rows is not None:
            template = sheet.template(record)
            if template is None:
                rows = None
            else:
                rows.append(template)
    return parts.Part(
        count,
        plain_text.getvalue().encode(),
        excel_text.getvalue().encode(),
        None if rows is None else tuple(rows),
    )


def write_json(
    catalog: Catalog, site: SiteWriter, fingerprints: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The model's own export: the whole catalog, and each edition alone.

    pydantic writes each edition's JSON once (compact, in Rust: the files are data, not
    prose) and editions.json reuses those texts, so it is exactly `Catalog`'s own export
    without encoding every edition twice (a test holds both equal to `model_dump`); an
    edition with a `fingerprint` has its text from the last build (`parts.edition_json`).
    It is streamed, edition by edition, rather than joined whole in memory.
    """
    with site.stream(layout.DATA_ALL_EDITIONS) as whole:
        whole(f'{{"series":{catalog.series.model_dump_json()},"editions":['.encode())
        for number, edition in enumerate(catalog.editions):
            text = parts.edition_json(edition, fingerprints.get(edition.id))
            whole(f"{',' if number else ''}{text}".encode())
            site.write_text(layout.edition_data(edition), text + "\n")
        whole(b"]}\n")
    resources = [
        {
            "name": "editions-json",
            **file_properties(site, layout.DATA_ALL_EDITIONS, "json", "application/json"),
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
                **file_properties(site, path, "json", "application/json"),
                "title": f"Édition {edition.id} (JSON)",
                "description": f"L’édition {edition.id} seule, imbriquée (sans la série).",
                "description_en": f"Edition {edition.id} alone, nested (without the series).",
            }
        )
    return resources


def file_properties(site: SiteWriter, path: str, format: str, mediatype: str) -> dict[str, Any]:
    written = site.files[path]
    return {
        "path": in_package(path),
        "format": format,
        "mediatype": mediatype,
        "encoding": "utf-8",
        "bytes": written.bytes,
        "hash": f"sha256:{written.sha256}",
    }


def in_package(path: str) -> str:
    """A site path as the package names it: relative to data/."""
    return str(PurePosixPath(path).relative_to(layout.DATA_DIR))


def json_text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
