"""The data package as one workbook for spreadsheet users: data/aictdata.xlsx.

A spreadsheet user would rather open one file than eighteen CSV files, and a CSV file
cannot tell a spreadsheet that « 75116 » is text or that « +33153418181 » is not a
formula. The workbook says so cell by cell, so nothing changes value on its way into
LibreOffice or Excel and nothing needs a protective apostrophe:

- one sheet per table of `aictdata.exporters.datapackage.tables`, named like its CSV file, with
the same columns
  in the same order, derived from the same `Table` definitions (a column added to a table
  appears here and in the CSV file alike), after a first sheet « À lire »: the licence,
  the sources, the version and the data dictionary;
- typed cells, by the column's Table Schema type: numbers as numbers; dates and
  date-times as real dates, a date-time showing its own wall-clock time (the edition's,
  Paris time) with its UTC offset kept in a text column `<name>_offset` right after it,
  since a spreadsheet date has no offset; every `string` column (postal codes, phone
  numbers, ids, titles) as text cells with the Text number format, written with
  `write_string`, so a title starting with =, +, - or @ is shown as written and never run
  (a cell holds 32,767 characters; the model refuses, where it is written, anything
  longer in one cell: its longest text is 20,000 characters, and the one list a cell
  joins, an access's transit lines, holds at most `model.MAX_LINES`: nothing is cut);
- the header row frozen, and a filter on every column;
- byte-identical on every build: XlsxWriter stamps the zip entries with a fixed date, and
  the document's creation date is the data's (the latest `updated` of an edition), never
  the clock.

XlsxWriter rather than openpyxl (figures in BENCHMARKS.md, 100,000 slots): it wrote the
same tables in 16 s against openpyxl's 26 s, in constant memory (each sheet streamed to
a temporary file as rows come), and its zip timestamps are fixed where openpyxl's are the
clock's. It is imported only when a build writes the workbook. Its sheets are deflated by
zlib-ng rather than zlib (`_deflated_by_zlib_ng`): a smaller file, in less time.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aictdata.exporters.datapackage.rows import Row
from aictdata.exporters.datapackage.tables import TABLES, Column, Table, cell

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from aictdata.exporters.datapackage.xlsxrows import Cell, RowSheet, RowTemplate

    _CellWriter = tuple[int, str, bool, bool, Format | None, Callable[[Any], Any]]
    """(column number, record key, is an offset, is text, format, conversion)."""

README_SHEET = "À lire"
OFFSET_SUFFIX = "_offset"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
"""Excel's and LibreOffice's Text number format: a text cell that looks like a number
(a postal code) stays text when edited, and no apostrophe is shown."""
NO_DATE = datetime(2000, 1, 1, tzinfo=UTC)
"""The document's creation date when no edition has an `updated` stamp."""
WIDTHS = {"datetime": 19, "date": 11, "integer": 9, "number": 10}
TEXT_WIDTH = (12, 40)
"""Column width in characters: by type, text columns by their header's length, bounded."""


@dataclass(frozen=True)
class SheetColumn:
    """One column of a table's sheet: a column of the table, or the offset of one."""

    name: str
    kind: str
    """`string`, `integer`, `number`, `date` or `datetime`: how the cells are written."""
    column: Column
    offset: bool = False
    """The text column holding the UTC offset of the date-time column before it."""

    @property
    def fr(self) -> str:
        if self.offset:
            return (
                f"Décalage horaire de `{self.column.name}` par rapport à UTC (« +02:00 »),"
                " que la cellule date de la colonne précédente ne garde pas."
            )
        return self.column.fr

    @property
    def en(self) -> str:
        if self.offset:
            return (
                f'UTC offset of `{self.column.name}` ("+02:00"), which the date cell of'
                " the previous column does not keep."
            )
        return self.column.en


def sheet_columns(table: Table) -> tuple[SheetColumn, ...]:
    """The columns of a table's sheet: the table's own, each date-time followed by its
    offset. The one definition that both the sheet and the data dictionary read."""
    columns: list[SheetColumn] = []
    for column in table.columns:
        columns.append(SheetColumn(column.name, column.type, column))
        if column.type == "datetime":
            columns.append(SheetColumn(column.name + OFFSET_SUFFIX, "string", column, True))
    return tuple(columns)


@dataclass(frozen=True)
class About:
    """What the « À lire » sheet says of the package, from its descriptor."""

    title: str
    description: str
    version: str
    created: datetime | None
    licence: dict[str, str]
    sources: list[dict[str, str]]
    address: str


class Workbook:
    """The workbook being written: « À lire » first, then one sheet per table in turn.

    `constant_memory` streams each sheet's rows to a temporary file as they come, so the
    workbook is never whole in memory before it is packed (rows must then come in order,
    which they do: one table after another, row by row).
    """

    def __init__(self, about: About) -> None:
        import xlsxwriter

        self._output = io.BytesIO()
        self._book = xlsxwriter.Workbook(
            self._output,
            {
                "constant_memory": True,
                "remove_timezone": True,  # a date cell shows the value's own wall clock
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        created = (about.created or NO_DATE).astimezone(UTC).replace(tzinfo=None)
        self._book.set_properties(
            {"title": about.title, "comments": about.version, "created": created}
        )
        self._formats: dict[str, Format] = {
            "datetime": self._book.add_format({"num_format": DATETIME_FORMAT}),
            "date": self._book.add_format({"num_format": DATE_FORMAT}),
            "string": self._book.add_format({"num_format": TEXT_FORMAT}),
            "header": self._book.add_format({"bold": True, "num_format": TEXT_FORMAT}),
        }
        for cell_format in self._formats.values():
            # Each format's index now, not on its first use: a row made in another build
            # (`TableSheet.template`) names its formats by index.
            cell_format._get_xf_index()
        self._readme(about)

    @contextlib.contextmanager
    def table(self, table: Table) -> Iterator[TableSheet]:
        """A new sheet for `table`, with its header row: `with book.table(t) as sheet:`
        gives what writes its records; the filter covers the rows once they are written."""
        from aictdata.exporters.datapackage.xlsxrows import RowSheet

        sheet = self._book.add_worksheet(table.name, worksheet_class=RowSheet)
        columns = sheet_columns(table)
        header = self._formats["header"]
        for number, column in enumerate(columns):
            sheet.set_column(number, number, _width(column), self._formats.get(column.kind))
            sheet.write_string(0, number, column.name, header)
        sheet.freeze_panes(1, 0)
        writers = [
            (number, c.column.name, c.offset, c.kind == "string", *self._writer(sheet, c))
            for number, c in enumerate(columns)
        ]
        written = TableSheet(sheet, writers)
        yield written
        sheet.autofilter(0, 0, written.row, len(columns) - 1)

    def close(self) -> bytes:
        with _deflated_by_zlib_ng():
            self._book.close()
        return self._output.getvalue()

    def _writer(
        self, sheet: Worksheet, column: SheetColumn
    ) -> tuple[Format | None, Callable[[Any], Any]]:
        """How one column's cells are written: by type, never by guessing from the value;
        the cell's format, and what turns a value into the text or number written."""
        kind = column.kind
        if kind in ("integer", "number"):
            return None, _same
        if kind in ("date", "datetime"):
            return self._formats[kind], sheet._convert_date_time
        return self._formats["string"], _text

    def _readme(self, about: About) -> None:
        """« À lire »: what the package is, then the data dictionary, as one table with
        one header row and no blank row, so that it also reads as a table: Table Schema
        v1 readers (datapackage 1.x, goodtables) take an .xlsx resource for a table and
        read its first sheet."""
        sheet = self._book.add_worksheet(README_SHEET)
        for number, width in enumerate(README_WIDTHS):
            sheet.set_column(number, number, width)
        sheet.freeze_panes(1, 0)
        header = self._formats["header"]
        for number, title in enumerate(README_HEADER):
            sheet.write_string(0, number, title, header)
        text = self._formats["string"]
        row = 0
        for row, values in enumerate((*_about_rows(about), *_dictionary_rows()), start=1):
            for number, value in enumerate(values):
                # An empty text still writes a (formatted, blank) cell: a reader that
                # counts a row's cells (goodtables) finds all of them.
                sheet.write_string(row, number, value, text)
        sheet.autofilter(0, 0, row, len(README_HEADER) - 1)


class TableSheet:
    """The sheet of one table being written, a record after another (`write`), or as rows
    made apart (`template`) and written together (`write_templates`): the rows of an
    edition that a rebuild takes from the previous build (`datapackage.parts`)."""

    def __init__(self, sheet: RowSheet, writers: list[_CellWriter]) -> None:
        self._sheet = sheet
        self._writers = writers
        self.row = 0
        """The last row written (the header's is 0)."""

    def write(self, record: Row) -> None:
        self.row += 1
        self._sheet.write_cells(self.row, self._cells(record))

    def template(self, record: Row) -> RowTemplate | None:
        """The record's row made apart from its place; None for a row that can only be
        written cell by cell, where it goes (`RowSheet.row_template`)."""
        return self._sheet.row_template(self._cells(record))

    def write_templates(self, templates: Sequence[RowTemplate]) -> bool:
        """Write rows made by `template` below the last one; False, with nothing written,
        where they cannot go as made (`RowSheet.write_templates`)."""
        if not self._sheet.write_templates(self.row + 1, templates):
            return False
        self.row += len(templates)
        return True

    def _cells(self, record: Row) -> list[Cell]:
        cells = []
        for number, name, offset, is_text, cell_format, convert in self._writers:
            value = record[name]
            if value is None:
                continue
            value = convert(_offset(value) if offset else value)
            if value or not is_text:  # an empty list is no value, as in the CSV file
                cells.append((number, is_text, value, cell_format))
        return cells


README_HEADER = ("feuille", "colonne", "type", "obligatoire", "description", "description_en")
README_WIDTHS = (22, 26, 10, 11, 80, 60)


def _about_rows(about: About) -> list[tuple[str, ...]]:
    """The package's facts and conventions, as rows of « À lire » itself."""
    licence = about.licence
    facts = [
        ("Titre", about.title, ""),
        ("Description", about.description, ""),
        ("Version", about.version, ""),
        ("Données du", about.created.isoformat() if about.created else "", ""),
        ("Licence", f"{licence['title']} ({licence['name']}) : {licence['path']}", ""),
        ("Adresse", about.address, ""),
    ]
    facts += [
        ("Source", source["title"] + (f" : {source['path']}" if "path" in source else ""), "")
        for source in about.sources
    ]
    facts += [
        (
            "Feuilles",
            "Une feuille par table, avec les colonnes du fichier CSV de même nom.",
            "One sheet per table, with the columns of the CSV file of the same name.",
        ),
        (
            "Dates et heures",
            "De vraies dates, à l’heure de Paris (l’heure locale de l’édition) ; le décalage"
            " horaire par rapport à UTC (« +02:00 » en été, « +01:00 » en hiver) est dans la"
            f" colonne de texte qui suit, de même nom suivi de « {OFFSET_SUFFIX} ».",
            "Real dates, in Paris time (the edition's local time); the UTC offset is in the"
            f" text column that follows, of the same name followed by {OFFSET_SUFFIX}.",
        ),
        (
            "Textes",
            "Codes postaux, téléphones, identifiants et libellés sont des cellules de texte :"
            " rien n’y est une formule, quel que soit le premier caractère.",
            "Postal codes, phone numbers, ids and labels are text cells: none is a formula,"
            " whatever its first character.",
        ),
        ("Cellule vide", "Valeur absente.", "Missing value."),
    ]
    return [(README_SHEET, label, "", "", fr, en) for label, fr, en in facts]


def _dictionary_rows() -> Iterator[tuple[str, ...]]:
    for table in TABLES:
        for column in sheet_columns(table):
            required = column.column.required and not column.offset
            kind = "string" if column.offset else column.column.type
            yield (
                table.name,
                column.name,
                kind,
                "oui" if required else "non",
                column.fr,
                column.en,
            )


def _same(value: Any) -> Any:
    return value


def _text(value: Any) -> str:
    """A text cell's text: a list joined as in the CSV file."""
    return value if isinstance(value, str) else cell(value)


def _offset(value: datetime) -> str:
    """+02:00, as RFC 3339 writes it (the model's date-times always carry an offset)."""
    text = value.strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def _width(column: SheetColumn) -> int:
    if column.kind in WIDTHS:
        return WIDTHS[column.kind]
    low, high = TEXT_WIDTH
    return min(max(len(column.name) + 2, low), high)


@contextlib.contextmanager
def _deflated_by_zlib_ng() -> Iterator[None]:
    """While the block runs, the zip files of this process are deflated by zlib-ng.

    XlsxWriter packs the workbook with `zipfile`, at zlib's default level, and offers no
    other compressor; `zipfile` takes its compressor from its module's `zlib` as each
    member is written, so that name is here zlib-ng's module, a drop-in replacement
    whose default level gives a smaller workbook in less time (BENCHMARKS.md): the
    sheets are most of what a rebuild compresses. The stream is standard deflate, which
    any zip reader opens, and the same data gives the same bytes with the same zlib-ng
    (its version is pinned with the others, constraints.txt). Another thread zipping or
    unzipping meanwhile would go through zlib-ng too, to the same effect; two workbooks
    closed at once take turns (`_SWAP`), so the standard module is always put back.
    """
    import zipfile

    from zlib_ng import zlib_ng

    with _SWAP:
        standard = zipfile.zlib
        zipfile.zlib = zlib_ng  # type: ignore[assignment]
        try:
            yield
        finally:
            zipfile.zlib = standard


_SWAP = threading.Lock()
"""Held while `zipfile`'s `zlib` is swapped (`_deflated_by_zlib_ng`)."""
