"""The cells of an organiser's workbook, read from its file (`.xlsx` with openpyxl, `.ods`
with python-calamine's reader, `.csv` with the csv module) into one grid per sheet, and
the values a cell may hold as the import understands them: text, a date, a time."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from aictdata.errors import AictdataError
from aictdata.i18n import _
from aictdata.source.sheet.layout import (
    PROGRAMME_SHEET,
)

SUFFIXES = (".xlsx", ".ods", ".csv")
_TIME_TEXT = re.compile(r"^\s*(?P<h>[01]?\d|2[0-3])\s*(?:[:hH]\s*(?P<m>[0-5]\d)?)\s*$")
_DATE_TEXT = re.compile(r"^\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\s*$")


@dataclass(frozen=True)
class Grid:
    """The cells of one sheet, row by row from A1 (empty cells are "")."""

    name: str
    rows: list[list[Any]]

    def cell(self, row: int, column: int) -> Any:
        line = self.rows[row] if row < len(self.rows) else []
        return line[column] if column < len(line) else ""


def read_sheets(path: Path) -> dict[str, Grid]:
    """Every sheet of the workbook (or the CSV file, as « Programme »), by name."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise AictdataError(_("{file}: read a .xlsx, .ods or .csv file").format(file=path))
    if not path.is_file():
        raise AictdataError(_("{file}: no such file").format(file=path))
    if suffix == ".csv":
        return {PROGRAMME_SHEET: Grid(PROGRAMME_SHEET, _read_csv(path))}
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        return {
            name: Grid(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in book.sheet_names
        }
    except Exception as error:  # calamine's errors have no common base class
        raise AictdataError(
            _("{file}: not a workbook that can be read ({error})").format(file=path, error=error)
        ) from None


def _read_csv(path: Path) -> list[list[Any]]:
    """A CSV file as Excel in French writes it (`;`, perhaps a BOM) or with commas."""
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def cell_text(value: Any) -> str | None:
    """A cell as text: None when empty; a whole number typed in a cell without its
    decimal point; line breaks as `\\n`."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def cell_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value) or ""
    match = _DATE_TEXT.match(text)
    try:
        if match:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def cell_time(value: Any) -> time | str | None:
    """A time cell, or a time typed as text (« 9h30 », « 09:30 », « 14h »); other text
    comes back as written, for the model to refuse with its own message."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return time(minutes // 60 % 24, minutes % 60)
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    text = cell_text(value)
    if text is None:
        return None
    match = _TIME_TEXT.match(text)
    return time(int(match["h"]), int(match["m"] or 0)) if match else text
