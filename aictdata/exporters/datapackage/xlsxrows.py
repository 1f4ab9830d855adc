"""An XlsxWriter worksheet that takes a whole row at once, for the workbook's tables.

XlsxWriter's own per-cell work (a decorated call, a dimension check, a cell tuple stored
then read back, an attribute list and its escaping) was most of the workbook's time: about
5 µs a cell, 256,000 cells at 10,000 slots. In `constant_memory` mode a row is written out
as XML when the next one starts; `write_cells` writes the same XML at once, from values
already typed, with the same escaping, and leaves the sheet in the state the per-cell calls
would have left it (dimensions, last row written). A row it cannot write exactly as
XlsxWriter would (a row with its own format or height, a text long enough to be cut, a
text that looks like a rich string, a number that is not finite) goes through the
per-cell calls instead. `tests/exporters/test_workbook.py` checks both ways give the same
bytes. Imported only when a build writes the workbook.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

if TYPE_CHECKING:
    from xlsxwriter.format import Format

Cell = tuple[int, bool, "str | float", "Format | None"]
"""(column, is text, value, format): a text, or a number (a date already converted)."""

_NEEDS_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")
"""What XlsxWriter's `_escape_control_characters` changes: most texts have none of it."""


class RowSheet(Worksheet):
    """A worksheet (in `constant_memory` mode) that also writes a whole row at once."""

    def write_cells(self, row: int, cells: list[Cell]) -> None:
        """Write `cells` (in column order) as row `row`, below every row written so far."""
        if not cells:
            return
        if not self._exact(row, cells):
            for column, is_text, value, cell_format in cells:
                if is_text:
                    self._write_string(row, column, value, cell_format)
                else:
                    self._write_number(row, column, value, cell_format)
            return
        self._check_dimensions(row, cells[0][0])
        self._check_dimensions(row, cells[-1][0])
        self._write_single_row(row)  # the row before, if written cell by cell
        self._write_row(row, None)
        number = str(row + 1)
        parts = []
        for column, is_text, value, cell_format in cells:
            style = self._style(column, cell_format)
            reference = _column_name(column) + number
            if is_text:
                text = str(value)
                if _NEEDS_ESCAPE.search(text):
                    text = self._escape_control_characters(text)
                space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
                parts.append(
                    f'<c r="{reference}"{style} t="inlineStr"><is><t{space}>'
                    f"{self._escape_data(text)}</t></is></c>"
                )
            else:
                parts.append(f'<c r="{reference}"{style}><v>{value:.16G}</v></c>')
        self.fh.write("".join(parts))
        self._xml_end_tag("row")

    def _exact(self, row: int, cells: list[Cell]) -> bool:
        """Whether `write_cells` writes this row as the per-cell calls would."""
        if not self.constant_memory or row <= self.previous_row or row >= self.xls_rowmax:
            return False
        if row in self.row_info or cells[-1][0] >= self.xls_colmax:
            return False
        for _, is_text, value, _ in cells:
            if is_text:
                text = str(value)
                if len(text) > self.xls_strmax // 2 or (
                    text.startswith("<r>") and text.endswith("</r>")
                ):
                    return False
            elif not math.isfinite(value):
                return False
        return True

    def _style(self, column: int, cell_format: Format | None) -> str:
        """The cell's ` s="n"` attribute: its own format, else its column's, as
        XlsxWriter chooses (the format's index is given on first use, as there)."""
        if cell_format is None and column in self.col_info:
            cell_format = self.col_info[column].column_format
        return f' s="{cell_format._get_xf_index()}"' if cell_format else ""


_NAMES: dict[int, str] = {}


def _column_name(column: int) -> str:
    """A, B, ... AA: remembered, as a table has a few dozen columns."""
    name = _NAMES.get(column)
    if name is None:
        name = _NAMES[column] = xl_col_to_name(column)
    return name
