"""An unchanged edition's rows of the largest tables, and its JSON, as the previous build
wrote them.

The tables whose rows come edition by edition (`rows.BY_EDITION`: the slots and their
speakers, nine rows in ten of the package at 10,000 slots) are written one edition's part
after another. A part is the edition's CSV text, its spreadsheet copy's and its sheet rows
made apart from their place (`xlsxrows.RowSheet.row_template`); it is kept in the user's
cache folder (`output.caches`) under the edition's fingerprint, which covers all that its
rows are made of (`build.fingerprints`: the code, the series, the edition, what the
calendar memory holds of it), and XlsxWriter's version. A rebuild after a change in one
edition makes that edition's parts and copies the others': the package is the same bytes
as a full build's (`tests/exporters/test_datapackage_parts.py`). A part with a row that
can only be written cell by cell is made each time; a missing, damaged or unwritable entry
is only made again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aictdata.output import caches

if TYPE_CHECKING:
    from aictdata.exporters.datapackage.xlsxrows import RowTemplate
    from aictdata.model.edition import Edition

FOLDER = "data-parts"
LIBRARIES = ("XlsxWriter",)
"""Besides aictdata's code (`caches.code_digest`), what writes a part's bytes."""


@dataclass(frozen=True, slots=True)
class Part:
    """One edition's rows of one table, written."""

    count: int
    plain: bytes
    """The CSV file's rows (UTF-8, CRLF)."""
    excel: bytes
    """The spreadsheet copy's rows."""
    rows: tuple[RowTemplate, ...] | None
    """The sheet's rows, numbered where they are written; None when one of them can only
    be written cell by cell (such a part is not kept)."""


def kept(fingerprint: str, table: str) -> Part | None:
    """The part the previous build kept for this fingerprint and table, or None."""
    part = caches.recall(FOLDER, "part", (fingerprint, table), LIBRARIES)
    return part if isinstance(part, Part) else None


def keep(fingerprint: str, table: str, part: Part) -> None:
    """Keep `part` for the next build."""
    caches.keep(FOLDER, "part", (fingerprint, table), LIBRARIES, part)


JSON_FOLDER = "data-json"
_JSON_LIBRARIES = ("pydantic", "pydantic-core")


def edition_json(edition: Edition, fingerprint: str | None) -> str:
    """The edition's own JSON (`Edition.model_dump_json`), kept under its fingerprint
    as its rows are: 0.05 s of pydantic at 10,000 slots, in the process that ends a
    rebuild, for the editions a change left alone."""
    if fingerprint is None:
        return edition.model_dump_json()
    text = caches.recall(JSON_FOLDER, "json", (fingerprint,), _JSON_LIBRARIES)
    if isinstance(text, str):
        return text
    text = edition.model_dump_json()
    caches.keep(JSON_FOLDER, "json", (fingerprint,), _JSON_LIBRARIES, text)
    return text
