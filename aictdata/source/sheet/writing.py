"""An edition as the organiser's workbook (`aictdata sheet export`): edit it, import it back.

The workbook is French and made for editing, not for reuse (the data package's
aictdata.xlsx is that): « Programme » has one row per slot, its date and times as real
date and time cells, its kind and status as drop-downs of French labels, its texts
in French with their English versions in the columns beside; « Édition » holds the
edition's own fields; « À lire » says what each column is for. A `.csv` file holds the
« Programme » sheet alone, dates and times as text.

Same edition, same bytes: XlsxWriter's zip entries carry a fixed date and the document's
creation date is the edition's `updated`. XlsxWriter is what the data package's workbook
is written with (exporters/workbook.py); it is imported only when a workbook is written.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aictdata.errors import AictdataError, column_letter
from aictdata.i18n import _
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.slots import Session
from aictdata.model.texts import Text
from aictdata.source.sheet.layout import (
    DATE_FORMAT,
    EDITION_HEADERS,
    EDITION_ROWS,
    EDITION_SHEET,
    LISTS_SHEET,
    PROGRAMME_COLUMNS,
    PROGRAMME_SHEET,
    README_SHEET,
    TIME_FORMAT,
    SheetColumn,
    write_atomically,
)
from aictdata.words.vocabulary import PROGRAMME_STAGE_LABELS, SESSION_KIND_LABELS, STATUS_LABELS

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

SUFFIXES = (".xlsx", ".csv")


def default_name(edition_id: str) -> Path:
    return Path(f"programme-{edition_id}.xlsx")


def find_edition(catalog: Catalog, edition_id: str) -> Edition:
    """`catalog.edition`, its unknown id an error of the library that the CLI prints."""
    try:
        return catalog.edition(edition_id)
    except KeyError as error:
        raise AictdataError(error.args[0]) from None


def export_sheet(edition: Edition, out: Path) -> None:
    """Write `edition` to `out` (.xlsx or .csv), whole or not at all."""
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise AictdataError(_("{file}: write a .xlsx or .csv file").format(file=out))
    content = workbook_bytes(edition) if suffix == ".xlsx" else csv_bytes(edition)
    write_atomically(out, content)


def slot_values(session: Session) -> dict[SheetColumn, Any]:
    """The cells of a slot's row, by column: typed (date, time) or text, "" when empty."""
    values: dict[SheetColumn, Any] = {}
    for column in PROGRAMME_COLUMNS:
        value = getattr(session, column.field)
        if isinstance(value, Text):
            value = (value.en or "") if column.english else value.fr
        elif column.field == "kind":
            value = SESSION_KIND_LABELS[session.kind]
        elif column.field == "status":
            value = STATUS_LABELS[session.status]
        values[column] = "" if value is None else value
    return values


def edition_values(edition: Edition) -> list[tuple[str, Any, str]]:
    """The « Édition » rows: label, value, English version ("" when none)."""
    rows = []
    for row in EDITION_ROWS:
        value = getattr(edition, row.field)
        english = ""
        if isinstance(value, Text):
            value, english = value.fr, value.en or ""
        elif row.field == "programme_stage":
            value = PROGRAMME_STAGE_LABELS[edition.programme_stage]
        rows.append((row.label, "" if value is None else value, english))
    return rows


def csv_bytes(edition: Edition) -> bytes:
    """The « Programme » sheet as CSV: UTF-8 with a BOM and `;`, which is how Excel in
    French opens a CSV file with its accents and columns right; dates 2025-07-04, times
    09:30."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in PROGRAMME_COLUMNS])
    for session in edition.sessions:
        writer.writerow([_as_text(value) for value in slot_values(session).values()])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _as_text(value: Any) -> str:
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def workbook_bytes(edition: Edition) -> bytes:
    import xlsxwriter

    output = io.BytesIO()
    book = xlsxwriter.Workbook(
        output,
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    created = edition.updated.astimezone(UTC).replace(tzinfo=None)
    book.set_properties({"title": f"Programme {edition.id}", "created": created})
    lists = _list_sources()
    _write_programme(book, edition, lists)
    _write_edition(book, edition, lists)
    _write_readme(book)
    _write_lists(book)
    book.close()
    return output.getvalue()


_LISTS = {
    "kind": list(SESSION_KIND_LABELS.values()),
    "status": list(STATUS_LABELS.values()),
    "programme_stage": list(PROGRAMME_STAGE_LABELS.values()),
}


def _list_sources() -> dict[str, str]:
    """Each list's range on the « Listes » sheet: the source of its drop-downs."""
    sources = {}
    for index, (field, labels) in enumerate(_LISTS.items()):
        letter = column_letter(index)
        sources[field] = f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
    return sources


def _write_lists(book: Workbook) -> None:
    """The hidden « Listes » sheet, last: the drop-downs' choices, not the organiser's."""
    sheet = book.add_worksheet(LISTS_SHEET)
    for index, (field, labels) in enumerate(_LISTS.items()):
        sheet.write_string(0, index, field)
        for row, label in enumerate(labels, start=1):
            sheet.write_string(row, index, label)
    sheet.hide()


def _formats(book: Workbook) -> dict[str, Any]:
    return {
        "header": book.add_format({"bold": True, "bg_color": "#DDE6F0", "text_wrap": True}),
        "date": book.add_format({"num_format": DATE_FORMAT}),
        "time": book.add_format({"num_format": TIME_FORMAT}),
        "text": book.add_format({"num_format": "@", "text_wrap": True, "valign": "top"}),
    }


def _write_programme(book: Workbook, edition: Edition, lists: dict[str, str]) -> None:
    sheet = book.add_worksheet(PROGRAMME_SHEET)
    formats = _formats(book)
    for index, column in enumerate(PROGRAMME_COLUMNS):
        sheet.write_string(0, index, column.header, formats["header"])
        sheet.write_comment(0, index, column.help)
        sheet.set_column(index, index, column.width)
    for row, session in enumerate(edition.sessions, start=1):
        for index, value in enumerate(slot_values(session).values()):
            _write_cell(sheet, row, index, value, formats)
    last = max(len(edition.sessions), 1) + 200  # room for new slots
    for index, column in enumerate(PROGRAMME_COLUMNS):
        if column.field in lists and not column.english:
            _drop_down(sheet, (1, index, last, index), lists[column.field])
    sheet.freeze_panes(1, 1)
    sheet.activate()


def _write_cell(
    sheet: Worksheet, row: int, index: int, value: Any, formats: dict[str, Any]
) -> None:
    if isinstance(value, time):
        sheet.write_datetime(row, index, value, formats["time"])
    elif isinstance(value, date):
        sheet.write_datetime(row, index, value, formats["date"])
    else:
        sheet.write_string(row, index, str(value), formats["text"])


def _drop_down(sheet: Worksheet, cells: tuple[int, int, int, int], source: str) -> None:
    sheet.data_validation(
        *cells,
        {
            "validate": "list",
            "source": source,
            "error_title": "Choix de la liste",
            "error_message": "Choisissez une valeur dans la liste.",
        },
    )


def _write_edition(book: Workbook, edition: Edition, lists: dict[str, str]) -> None:
    sheet = book.add_worksheet(EDITION_SHEET)
    formats = _formats(book)
    for index, header in enumerate(EDITION_HEADERS):
        sheet.write_string(0, index, header, formats["header"])
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 2, 60)
    for row, (label, value, english) in enumerate(edition_values(edition), start=1):
        sheet.write_string(row, 0, label, formats["header"])
        _write_cell(sheet, row, 1, value, formats)
        if EDITION_ROWS[row - 1].translatable:
            sheet.write_string(row, 2, english, formats["text"])
        if EDITION_ROWS[row - 1].field in lists:
            _drop_down(sheet, (row, 1, row, 1), lists[EDITION_ROWS[row - 1].field])


README = (
    "Ce classeur est le programme d'une édition, à modifier puis à rapporter dans les"
    " données par la commande : aictdata sheet import <ce fichier>.",
    "Une ligne de la feuille « Programme » est un créneau. Ajoutez une ligne pour un"
    " nouveau créneau ; supprimer une ligne retire le créneau du programme.",
    "Pour déplacer un créneau, changez sa date ou ses heures ; pour l'annuler, choisissez"
    " « Annulé » dans la colonne Statut : les abonnés voient le changement dans leur"
    " calendrier.",
    "L'import vérifie tout le classeur et signale chaque erreur par sa cellule"
    " (Programme!D7) ; tant qu'il reste une erreur, le fichier de l'édition n'est pas"
    " modifié.",
)


def _write_readme(book: Workbook) -> None:
    sheet = book.add_worksheet(README_SHEET)
    formats = _formats(book)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 100)
    row = 0
    for paragraph in README:
        sheet.write_string(row, 0, paragraph)
        row += 1
    row += 1
    for sheet_name, items in (
        (PROGRAMME_SHEET, [(c.header, c.help) for c in PROGRAMME_COLUMNS]),
        (EDITION_SHEET, [(r.label, r.help) for r in EDITION_ROWS]),
    ):
        sheet.write_string(row, 0, f"Feuille « {sheet_name} »", formats["header"])
        sheet.write_string(row, 1, "", formats["header"])
        row += 1
        for name, text in items:
            sheet.write_string(row, 0, name)
            sheet.write_string(row, 1, text, formats["text"])
            row += 1
        row += 1
