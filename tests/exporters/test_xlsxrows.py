"""A whole row written at once gives the bytes of XlsxWriter's own cell-by-cell writing.

Both workbooks are written by XlsxWriter itself (the same options as the build's), one
with `write_string`/`write_number`/`write_datetime` per cell, the other with
`RowSheet.write_cells`; the .xlsx files must be identical, for texts that each need
XlsxWriter's escaping (control characters, its own `_xHHHH_` escapes, markup, spaces at
either end, a rich-string look-alike, a text long enough to be cut) and for numbers and
dates with and without a format of their own.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aictdata.exporters.datapackage.xlsxrows import RowSheet

OPTIONS = {
    "constant_memory": True,
    "remove_timezone": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
AWKWARD_TEXTS = [
    "plain",
    " leading space",
    "trailing tab\t",
    "a\x01control\x1fcharacter",
    "written _x0041_ escape",
    "<b>markup</b> & \"quotes\" > 'more'",
    "<r><t>rich look-alike</t></r>",
    "line\nbreak",
    "\ufffe non-character \uffff",
    "é" * 20_000,  # longer than half the cell limit: checked, not cut
    "😀" * 17_000,  # 34,000 UTF-16 units: XlsxWriter cuts it
    "=1+1",
    "\u00a0no-break space first",
    "line separator last\u2028",
    "ends with a half escape _x00",
    "1F_ starts with its other half",  # next to the text above: one escape once joined
    "&",
]
Row = list[tuple[int, Any]]


def _workbook(
    write_rows: Callable[[Any, dict[str, Any], list[Row]], None],
    rows: list[Row],
    *,
    indices_first: bool = False,
) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, OPTIONS)
    book.set_properties({"created": datetime(2030, 1, 1)})
    formats = {
        "text": book.add_format({"num_format": "@"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "column": book.add_format({"num_format": "0.00"}),
    }
    if indices_first:  # as the package's workbook does, for rows made in another build
        for cell_format in formats.values():
            cell_format._get_xf_index()
    sheet = book.add_worksheet("t", worksheet_class=RowSheet)
    sheet.set_column(3, 3, 10, formats["column"])  # a number without its own format
    sheet.write_string(0, 0, "header", formats["text"])
    write_rows(sheet, formats, rows)
    sheet.autofilter(0, 0, len(rows), 4)
    book.close()
    return output.getvalue()


def _cell_by_cell(sheet: Any, formats: dict[str, Any], rows: list[Row]) -> None:
    for number, row in enumerate(rows, start=1):
        for column, value in row:
            if isinstance(value, str):
                sheet.write_string(number, column, value, formats["text"])
            elif isinstance(value, datetime):
                sheet.write_datetime(number, column, value, formats["date"])
            else:
                sheet.write_number(number, column, value)


def _cells(sheet: Any, formats: dict[str, Any], row: Row) -> list[Any]:
    cells = []
    for column, value in row:
        if isinstance(value, str):
            cells.append((column, True, value, formats["text"]))
        elif isinstance(value, datetime):
            cells.append((column, False, sheet._convert_date_time(value), formats["date"]))
        else:
            cells.append((column, False, value, None))
    return cells


def _whole_rows(sheet: Any, formats: dict[str, Any], rows: list[Row]) -> None:
    for number, row in enumerate(rows, start=1):
        sheet.write_cells(number, _cells(sheet, formats, row))


def _templates_made_elsewhere(sheet: Any, formats: dict[str, Any], rows: list[Row]) -> None:
    """The rows made as templates in another workbook (an earlier build), then written
    three at a time; a row a template cannot hold is written where it goes."""
    elsewhere = xlsxwriter.Workbook(io.BytesIO(), OPTIONS)
    other_formats = {
        "text": elsewhere.add_format({"num_format": "@"}),
        "date": elsewhere.add_format({"num_format": "yyyy-mm-dd"}),
        "column": elsewhere.add_format({"num_format": "0.00"}),
    }
    for cell_format in other_formats.values():
        cell_format._get_xf_index()
    maker = elsewhere.add_worksheet("t", worksheet_class=RowSheet)
    maker.set_column(3, 3, 10, other_formats["column"])
    number = 1
    for start in range(0, len(rows), 3):
        chunk = rows[start : start + 3]
        templates = [maker.row_template(_cells(maker, other_formats, row)) for row in chunk]
        if None in templates or not sheet.write_templates(number, templates):
            for offset, row in enumerate(chunk):
                sheet.write_cells(number + offset, _cells(sheet, formats, row))
        number += len(chunk)


def test_awkward_texts_numbers_and_dates_give_the_same_bytes():
    rows: list[Row] = [
        [(0, text), (1, 7), (2, datetime(2030, 3, 30, 9, 30)), (3, 2.5), (4, text)]
        for text in AWKWARD_TEXTS
    ]
    rows.insert(3, [])  # a row with no cell at all
    rows.insert(5, [(2, datetime(2031, 1, 6)), (4, "only the last columns")])
    assert _workbook(_whole_rows, rows) == _workbook(_cell_by_cell, rows)
    made_elsewhere = _workbook(_templates_made_elsewhere, rows, indices_first=True)
    assert made_elsewhere == _workbook(_cell_by_cell, rows, indices_first=True)


CELL_VALUES = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(datetime(1900, 3, 1), datetime(2100, 1, 1)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 5), CELL_VALUES), max_size=6).map(
            lambda cells: sorted(dict(cells).items())
        ),
        max_size=8,
    )
)
def test_random_rows_give_the_same_bytes(rows):
    assert _workbook(_whole_rows, rows) == _workbook(_cell_by_cell, rows)
    made_elsewhere = _workbook(_templates_made_elsewhere, rows, indices_first=True)
    assert made_elsewhere == _workbook(_cell_by_cell, rows, indices_first=True)
