"""The workbook, data/aictdata.xlsx, read back by openpyxl and by LibreOffice itself.

openpyxl reads every cell with its type; LibreOffice Calc (Debian's headless
libreoffice-calc-nogui) opens the file as a spreadsheet user's would, converts each sheet
back to CSV (the values it shows) and to flat OpenDocument (the types it gave each cell).
Expected values come from the package's CSV files read with the csv module, the committed
Table Schemas in schemas/ and the YAML sources, never from the exporter's code.
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import yaml
from lxml import etree
from zlib_ng import zlib_ng

from aictdata.model.venue import MAX_LINES
from tests.browser import command_or_skip
from tests.conftest import REAL_EDITIONS, ROOT, line_of, load_problems
from tests.exporters.conftest import build_data

SCHEMAS = ROOT / "schemas"
PARIS = ZoneInfo("Europe/Paris")
README_SHEET = "À lire"
FORMULA_TITLES = {
    "=1+1": ("2030.yaml", "    title: Accueil", "    title: '=1+1'"),
    "+33 1 00 00 00 00": ("2030.yaml", "    title: Clôture", "    title: '+33 1 00 00 00 00'"),
    "-1+1, un thème": ("2030.yaml", "theme: Un thème", "theme: '-1+1, un thème'"),
    "@SUM(A1:A9)": ("2030.yaml", "title: Édition de test", "title: '@SUM(A1:A9)'"),
}
"""Text starting with each character that makes a spreadsheet run a cell as a formula."""
ODF = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Path:
    return build_data(REAL_EDITIONS, tmp_path_factory.mktemp("real") / "site")


@pytest.fixture
def formulas(make_series, tmp_path) -> Path:
    folder = make_series(*((old, new) for _, old, new in FORMULA_TITLES.values()))
    return build_data(folder, tmp_path / "site")


def schema_types(name: str) -> dict[str, str]:
    """Column -> Table Schema type, from the committed schema of the table."""
    schema = json.loads((SCHEMAS / f"{name}.tableschema.json").read_text(encoding="utf-8"))
    return {field["name"]: field["type"] for field in schema["fields"]}


def table_names() -> list[str]:
    return sorted(
        path.name.removesuffix(".tableschema.json") for path in SCHEMAS.glob("*.tableschema.json")
    )


def csv_table(data: Path, name: str) -> tuple[list[str], list[list[str]]]:
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def sheet_header(header: list[str], types: dict[str, str]) -> list[str]:
    """The CSV header with, after each date-time column, its offset column."""
    columns: list[str] = []
    for name in header:
        columns += [name, f"{name}_offset"] if types[name] == "datetime" else [name]
    return columns


def expected_cells(name: str, text: str, kind: str) -> list[tuple[Any, str]]:
    """(value, openpyxl data type) of the cell(s) a CSV value becomes, from its type."""
    if text == "":
        return [(None, "n")] * (2 if kind == "datetime" else 1)
    if kind == "integer":
        return [(int(text), "n")]
    if kind == "number":
        return [(float(text), "n")]
    if kind == "date":
        return [(datetime.combine(date.fromisoformat(text), datetime.min.time()), "d")]
    if kind == "datetime":
        instant = datetime.fromisoformat(text)
        return [(instant.replace(tzinfo=None), "d"), (text[19:], "s")]
    return [(text, "s")]


# --- openpyxl: sheets, columns and the type of every cell --------------------------------


def test_one_sheet_per_table_after_the_readme_with_the_csv_columns(real, rich):
    for data in (real, rich):
        book = openpyxl.load_workbook(data / "aictdata.xlsx", read_only=True)
        assert book.sheetnames[0] == README_SHEET
        assert sorted(book.sheetnames[1:]) == table_names()
        for name in table_names():
            header, _ = csv_table(data, name)
            first = next(book[name].iter_rows(max_row=1, values_only=True))
            assert list(first) == sheet_header(header, schema_types(name)), name


@pytest.mark.parametrize("which", ["real", "rich"])
def test_every_cell_has_the_type_of_its_column_and_the_csv_value(which, request):
    data = request.getfixturevalue(which)
    book = openpyxl.load_workbook(data / "aictdata.xlsx")
    checked = set()
    for name in table_names():
        header, rows = csv_table(data, name)
        types = schema_types(name)
        sheet = book[name]
        assert sheet.max_row == len(rows) + 1, name
        for number, row in enumerate(rows, start=2):
            expected = [
                cell
                for column, text in zip(header, row, strict=True)
                for cell in expected_cells(column, text, types[column])
            ]
            cells = next(sheet.iter_rows(min_row=number, max_row=number))
            seen = [(c.value, c.data_type) for c in cells][: len(expected)]
            seen += [(None, "n")] * (len(expected) - len(seen))
            assert seen == expected, f"{name} row {number}"
            checked |= {kind for kind, cell in zip(types.values(), row, strict=False) if cell}
    assert {"string", "integer", "date", "datetime"} <= checked
    if which == "rich":
        assert "number" in checked


def test_postal_codes_and_phones_are_text_and_times_are_paris_time(real, rich):
    book = openpyxl.load_workbook(real / "aictdata.xlsx")
    venues = book["venues"]
    header = [c.value for c in venues[1]]
    postal = venues.cell(row=2, column=header.index("postal_code") + 1)
    assert (postal.value, postal.data_type, postal.number_format) == ("75116", "s", "@")
    contacts = openpyxl.load_workbook(rich / "aictdata.xlsx")["contacts"]
    header = [c.value for c in contacts[1]]
    phones = [row[header.index("phone")] for row in contacts.iter_rows(min_row=2)]
    assert phones and all(c.value.startswith("+") and c.data_type == "s" for c in phones if c.value)
    sessions = book["sessions"]
    header = [c.value for c in sessions[1]]
    for row in sessions.iter_rows(min_row=2):
        starts = row[header.index("starts_at")]
        offset = row[header.index("starts_at_offset")].value
        instant = datetime.fromisoformat(starts.value.isoformat() + offset)
        assert starts.value == instant.astimezone(PARIS).replace(tzinfo=None)
        assert starts.number_format == "yyyy-mm-dd hh:mm:ss"


def test_formula_like_text_stays_text_exactly_as_written(formulas):
    book = openpyxl.load_workbook(formulas / "aictdata.xlsx")
    texts = {
        cell.value: cell.data_type
        for name in ("sessions", "editions")
        for row in book[name].iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str)
    }
    for title in FORMULA_TITLES:
        assert texts.get(title) == "s", title
    with zipfile.ZipFile(formulas / "aictdata.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(
            b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets
        )


def test_header_rows_are_frozen_and_filtered(real):
    book = openpyxl.load_workbook(real / "aictdata.xlsx")
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title


def test_readme_sheet_gives_licence_sources_version_and_every_column(real):
    book = openpyxl.load_workbook(real / "aictdata.xlsx")
    rows = list(book[README_SHEET].iter_rows(values_only=True))
    about = {row[1]: row[4] for row in rows[1:] if row[0] == README_SHEET}
    package = json.loads((real / "datapackage.json").read_text(encoding="utf-8"))
    assert about["Version"] == package["version"]
    assert "etalab-2.0" in about["Licence"] and "Licence Ouverte" in about["Licence"]
    sources = [row[4] for row in rows if row[1] == "Source"]
    for edition in ("2024", "2025"):
        source = yaml.safe_load((REAL_EDITIONS / f"{edition}.yaml").read_text("utf-8"))["source"]
        assert any(text.startswith(source["title"]) for text in sources), edition
    dictionary = {(row[0], row[1]): row for row in rows[1:] if row[0] != README_SHEET}
    for name in table_names():
        header = next(book[name].iter_rows(max_row=1, values_only=True))
        for column in header:
            entry = dictionary[(name, column)]
            assert entry[4] and entry[5], (name, column)  # described in French and English


def test_the_workbook_is_listed_as_a_file_of_the_package(real):
    package = json.loads((real / "datapackage.json").read_text(encoding="utf-8"))
    workbook = next(r for r in package["resources"] if r["name"] == "workbook")
    assert workbook["path"] == "aictdata.xlsx" and workbook["type"] == "file"
    assert workbook["mediatype"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "schema" not in workbook


# --- the same bytes on every build -------------------------------------------------------


def test_two_builds_write_the_same_bytes_with_fixed_dates(tmp_path):
    first = build_data(REAL_EDITIONS, tmp_path / "one") / "aictdata.xlsx"
    second = build_data(REAL_EDITIONS, tmp_path / "two") / "aictdata.xlsx"
    assert (
        hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    )
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time[:3] for info in archive.infolist()} <= {(1980, 1, 1), (1980, 1, 31)}
        core = archive.read("docProps/core.xml").decode()
    updated = max(
        yaml.safe_load((REAL_EDITIONS / f"{e}.yaml").read_text("utf-8"))["updated"]
        for e in ("2024", "2025")
    )
    stamp = updated.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f">{stamp}</dcterms:created>" in core and f">{stamp}</dcterms:modified>" in core


def test_each_member_is_deflated_by_zlib_ng_and_zipfile_keeps_its_own_zlib(real):
    """The sheets are compressed by zlib-ng, which the standard zip reader opens (each
    CRC checked), and the build leaves `zipfile` with the standard zlib."""
    with zipfile.ZipFile(real / "aictdata.xlsx") as archive:
        assert archive.testzip() is None
        members = [(info, archive.read(info)) for info in archive.infolist()]
    assert zipfile.zlib is zlib
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info, _ in members)
    by = {"zlib-ng": zlib_ng, "zlib": zlib}
    sizes = {
        name: sum(len(_deflated(module, data)) for _, data in members)
        for name, module in by.items()
    }
    assert sum(info.compress_size for info, _ in members) == sizes["zlib-ng"] < sizes["zlib"]


def _deflated(module: Any, data: bytes) -> bytes:
    """`data` as `ZipFile.write` deflates a member from XlsxWriter's temporary file, at
    the default level, with `module`: 8 KiB at a time (zlib-ng's output depends on it)."""
    compressor = module.compressobj(module.Z_DEFAULT_COMPRESSION, module.DEFLATED, -15)
    pieces = [compressor.compress(data[at : at + 8192]) for at in range(0, len(data), 8192)]
    return b"".join(pieces) + compressor.flush()


# --- LibreOffice opens it -------------------------------------------------------------------


def libreoffice(workbook: Path, target: str, out: Path) -> list[Path]:
    """Convert the workbook with headless LibreOffice Calc; the files it wrote."""
    soffice = command_or_skip("soffice", "libreoffice-calc-nogui")
    out.mkdir()
    profile = out.parent / f"profile-{out.name}"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    return sorted(out.iterdir())


CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
"""Comma, double quote, UTF-8, from line 1; cells as shown; every sheet to its own file."""


@pytest.fixture(scope="module")
def shown(real, tmp_path_factory) -> dict[str, list[list[str]]]:
    """Each sheet as LibreOffice shows it, exported to CSV: sheet name -> rows."""
    out = tmp_path_factory.mktemp("libreoffice") / "csv"
    sheets = {}
    for path in libreoffice(real / "aictdata.xlsx", CSV_EVERY_SHEET, out):
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[path.stem.removeprefix("aictdata-")] = list(csv.reader(handle))
    return sheets


def shown_value(text: str, kind: str) -> list[str]:
    """What LibreOffice shows for a CSV value of the package, from its type."""
    if kind == "datetime":
        return [text[:19].replace("T", " "), text[19:]] if text else ["", ""]
    return [text]


def test_libreoffice_shows_every_sheet_with_the_same_values(real, shown):
    assert set(shown) == {README_SHEET, *table_names()}
    for name in table_names():
        header, rows = csv_table(real, name)
        types = schema_types(name)
        expected = [sheet_header(header, types)] + [
            [
                v
                for column, text in zip(header, row, strict=True)
                for v in shown_value(text, types[column])
            ]
            for row in rows
        ]
        assert shown[name] == expected, name
    assert not any(
        value.startswith("'") for rows in shown.values() for row in rows for value in row
    )


def test_libreoffice_reads_2025_sessions_as_dates_and_the_postal_code_as_text(real, tmp_path):
    """Must show: the 2025 sessions, Paris times as dates, 75116 as text, no apostrophe."""
    [flat] = libreoffice(real / "aictdata.xlsx", "fods", tmp_path / "fods")
    tree = etree.parse(str(flat))

    def rows(sheet: str) -> list[list[etree._Element]]:
        table = tree.find(f".//table:table[@table:name='{sheet}']", ODF)
        result = []
        for row in table.iterfind(".//table:table-row", ODF):
            cells = []
            for cell in row.iterfind("table:table-cell", ODF):
                repeat = int(cell.get(f"{{{ODF['table']}}}number-columns-repeated", "1"))
                cells += [cell] * min(repeat, 64)
            if any(c.get(f"{{{ODF['office']}}}value-type") for c in cells):
                result.append(cells)
        return result

    def kind(cell: etree._Element) -> str | None:
        return cell.get(f"{{{ODF['office']}}}value-type")

    def text(cell: etree._Element) -> str:
        return "\n".join("".join(p.itertext()) for p in cell.iterfind("text:p", ODF))

    header, *sessions = rows("sessions")
    names = [text(c) for c in header]
    of_2025 = [r for r in sessions if text(r[names.index("edition_id")]) == "2025"]
    source = yaml.safe_load((REAL_EDITIONS / "2025.yaml").read_text(encoding="utf-8"))
    assert len(of_2025) == len(source["sessions"]) == 10
    for row in of_2025:
        starts = row[names.index("starts_at")]
        assert kind(starts) == "date"
        shown_date = datetime.fromisoformat(starts.get(f"{{{ODF['office']}}}date-value"))
        offset = text(row[names.index("starts_at_offset")])
        assert offset == "+02:00"  # 4 July, summer time
        instant = datetime.fromisoformat(shown_date.isoformat() + offset)
        assert instant.astimezone(PARIS).replace(tzinfo=None) == shown_date
        assert text(starts) == shown_date.strftime("%Y-%m-%d %H:%M:%S")
    venue_header, *venues = rows("venues")
    postal = venues[0][[text(c) for c in venue_header].index("postal_code")]
    assert (kind(postal), text(postal)) == ("string", "75116")
    every_text = [
        text(c)
        for table in tree.iterfind(".//table:table", ODF)
        for c in table.iter(f"{{{ODF['table']}}}table-cell")
    ]
    assert every_text and not any(t.startswith("'") for t in every_text)


def test_libreoffice_shows_formula_like_titles_as_text(formulas, tmp_path):
    [flat] = libreoffice(formulas / "aictdata.xlsx", "fods", tmp_path / "fods")
    tree = etree.parse(str(flat))
    cells = {}
    for cell in tree.iter(f"{{{ODF['table']}}}table-cell"):
        shown_text = "".join("".join(p.itertext()) for p in cell.iterfind("text:p", ODF))
        cells[shown_text] = (
            cell.get(f"{{{ODF['office']}}}value-type"),
            cell.get(f"{{{ODF['table']}}}formula"),
        )
    for title in FORMULA_TITLES:
        assert cells.get(title) == ("string", None), title


def _access(lines: int) -> tuple[str, str]:
    """The minimal venue given one access with `lines` lines of 10 characters (the
    longest a line may be) and directions of 20,000 characters (the longest text)."""
    numbers = ", ".join(f'"{n:010d}"' for n in range(lines))
    directions = json.dumps("à pied " * 2856 + "fin!", ensure_ascii=False)  # 19,996
    return (
        "    locality: Paris\n",
        "    locality: Paris\n  access:\n    - id: metro\n      mode: metro\n"
        f"      lines: [{numbers}]\n      directions: {directions}\n",
    )


def test_the_longest_cells_the_model_accepts_are_whole_in_the_workbook(make_series, tmp_path):
    data = build_data(make_series(_access(MAX_LINES)), tmp_path / "site")
    book = openpyxl.load_workbook(data / "aictdata.xlsx", read_only=True)
    sheet = book["access"]
    header, row = ([c.value for c in r] for r in sheet.iter_rows(max_row=2))
    with (data / "access.csv").open(encoding="utf-8", newline="") as handle:
        (expected,) = list(csv.DictReader(handle))
    for name in ("lines", "directions"):
        shown = row[header.index(name)]
        assert shown == expected[name], name
    assert len(expected["lines"]) == MAX_LINES * 11 - 1
    assert len(expected["directions"]) >= 19_990


def test_more_lines_than_a_cell_may_join_are_refused_where_they_are_written(make_series):
    folder = make_series(_access(MAX_LINES + 1))
    problems = load_problems(folder)
    assert len(problems) == 1, problems
    path = folder / "2030.yaml"
    assert problems[0].startswith(
        f"{path}:{line_of(path, 'lines:')}:14: venue.access[metro].lines:"
    )
