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
bytes.

A row's XML can also be made apart from its place (`row_template`, with a stand-in for its
row number) and written later, in this sheet or in another build's
(`write_templates`): a rebuild writes an unchanged edition's rows of the largest tables
as the previous build made them (`aictdata.exporters.datapackage.parts`).
Imported only when a build writes the workbook.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

if TYPE_CHECKING:
    from xlsxwriter.format import Format

Cell = tuple[int, bool, "str | float", "Format | None"]
"""(column, is text, value, format): a text, or a number (a date already converted)."""
RowTemplate = tuple[str, int, int]
"""A row's XML with `NUMBER` for its row number, and its first and last columns: the
empty text (and -1, -1) for a row without cells, which is not written."""
NUMBER = "\x00"
"""The row number's place in a template: a character no cell's XML holds (XlsxWriter
writes a text's control characters as `_x0000_`)."""

_ROW_START = f'<row r="{NUMBER}">'
_XML_ENTITIES = re.compile("[&<>]")
"""What XlsxWriter's `_escape_data` replaces."""
_NEEDS_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")
"""What XlsxWriter's `_escape_control_characters` changes: most texts have none of it."""


class RowSheet(Worksheet):
    """A worksheet (in `constant_memory` mode) that also writes a whole row at once."""

    def __init__(self) -> None:
        super().__init__()
        self._starts: dict[tuple[int, int], tuple[str, str]] = {}

    def write_cells(self, row: int, cells: list[Cell]) -> None:
        """Write `cells` (in column order) as row `row`, below every row written so far."""
        if not cells:
            return
        if not self._follows(row):
            self._cell_by_cell(row, cells)
            return
        # The row before, if written cell by cell, goes out first, as in XlsxWriter: a
        # format's index is given on first use.
        self._write_single_row(row)
        template = self.row_template(cells)
        if template is None:
            self._cell_by_cell(row, cells)
        else:
            self._place(row, [template])

    def row_template(self, cells: list[Cell]) -> RowTemplate | None:
        """The row of `cells` as XML with `NUMBER` for its row number, as `write_templates`
        writes it wherever it goes (its first and last columns with it): None for a row
        XlsxWriter would write otherwise, cell by cell (a text long enough to be cut, a
        text that looks like a rich string, a number that is not finite)."""
        if not cells:
            return ("", -1, -1)
        if cells[-1][0] >= self.xls_colmax:
            return None
        longest = self.xls_strmax // 2
        texts = []
        for _, is_text, value, _ in cells:
            if is_text:
                text = str(value)
                if len(text) > longest or (text.startswith("<r>") and text.endswith("</r>")):
                    return None
                texts.append(text)
            elif not math.isfinite(value):
                return None
        # One search over the row's texts for what few of them need (an escape, an
        # entity) rather than one per text: a line feed between them is neither a
        # character XlsxWriter escapes, nor part of an `_xHHHH_` sequence or an entity.
        joined = "\n".join(texts)
        controls = _NEEDS_ESCAPE.search(joined) is not None
        entities = _XML_ENTITIES.search(joined) is not None
        starts, parts, next_text = self._starts, [_ROW_START], iter(texts).__next__
        for column, is_text, value, cell_format in cells:
            opening, closing = starts.get((column, id(cell_format))) or self._cell_start(
                column, cell_format
            )
            if is_text:
                text = next_text()
                if controls and _NEEDS_ESCAPE.search(text):
                    text = self._escape_control_characters(text)
                # XlsxWriter's test (^\s|\s$): re's \s is what str.isspace() accepts
                space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
                if entities:
                    text = self._escape_data(text)
                parts.append(
                    f'{opening}{NUMBER}{closing} t="inlineStr"><is><t{space}>{text}</t></is></c>'
                )
            else:
                parts.append(f"{opening}{NUMBER}{closing}><v>{value:.16G}</v></c>")
        parts.append("</row>")
        return ("".join(parts), cells[0][0], cells[-1][0])

    def write_templates(self, first: int, templates: Sequence[RowTemplate]) -> bool:
        """Write rows made by `row_template` (in this process or an earlier one) as rows
        `first`, `first + 1`…, leaving the sheet as `write_cells` of each would have (its
        dimensions, its last row written). False, with nothing written, where they
        cannot go as made: a row at or above one written, below the sheet's last, or
        with its own format or height. The formats they use must have their index
        already (`Format._get_xf_index`), as the workbook gives them when it starts."""
        filled = [number for number, (xml, _, _) in enumerate(templates, first) if xml]
        if not filled:
            return True
        top, bottom = filled[0], filled[-1]
        if not self._follows(top) or bottom >= self.xls_rowmax:
            return False
        if any(top <= number <= bottom for number in self.row_info):
            return False
        self._write_single_row(top)  # the row before, if written cell by cell
        self._place(first, templates)
        return True

    def _follows(self, row: int) -> bool:
        """Whether a row written at once can be row `row`, as XlsxWriter would write it:
        below every row written, inside the sheet, with no format or height of its own."""
        return (
            self.constant_memory
            and self.previous_row < row < self.xls_rowmax
            and row not in self.row_info
            and self.default_row_height == self.original_row_height
            and self.excel_version != 2010
        )

    def _place(self, first: int, templates: Sequence[RowTemplate]) -> None:
        """Write `templates` from row `first` on, once checked, and update the sheet's
        dimensions and last row as each row's `write_cells` would."""
        numbered = [
            (number, xml, low, high)
            for number, (xml, low, high) in enumerate(templates, first)
            if xml
        ]
        self._check_dimensions(numbered[0][0], min(low for _, _, low, _ in numbered))
        self._check_dimensions(numbered[-1][0], max(high for _, _, _, high in numbered))
        self.fh.write(
            "".join(xml.replace(NUMBER, str(number + 1)) for number, xml, _, _ in numbered)
        )
        self.previous_row = numbered[-1][0]

    def _cell_by_cell(self, row: int, cells: list[Cell]) -> None:
        for column, is_text, value, cell_format in cells:
            if is_text:
                self._write_string(row, column, value, cell_format)
            else:
                self._write_number(row, column, value, cell_format)

    def _cell_start(self, column: int, cell_format: Format | None) -> tuple[str, str]:
        """What a cell of `column` in `cell_format` starts with, around its row number:
        `<c r="B` and `" s="3"` (its own format, else its column's, as XlsxWriter
        chooses; the format's index is given on first use, as there). Remembered per
        sheet, column and format: a table has a few dozen columns."""
        key = (column, id(cell_format))
        known = self._starts.get(key)
        if known is None:
            if cell_format is None and column in self.col_info:
                cell_format = self.col_info[column].column_format
            style = f' s="{cell_format._get_xf_index()}"' if cell_format else ""
            known = self._starts[key] = (f'<c r="{xl_col_to_name(column)}', f'"{style}')
        return known
