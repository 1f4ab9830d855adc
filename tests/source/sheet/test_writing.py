"""`aictdata sheet export`: the organiser's French workbook, read back by openpyxl (an
independent reader) cell by cell, and its CSV variant."""

from __future__ import annotations

import csv
import shutil
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from aictdata.cli import cli
from tests.conftest import REAL_EDITIONS


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    folder = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, folder)
    return folder


def export(editions: Path, out: Path, edition: str = "2025") -> Path:
    result = CliRunner().invoke(
        cli,
        [
            "--lang",
            "fr",
            "sheet",
            "export",
            edition,
            "--out",
            str(out),
            "--editions",
            str(editions),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        result.output == f"{out} écrit : modifiez-le, puis lancez `aictdata sheet import {out}`\n"
    )
    return out


def test_the_programme_sheet_has_one_typed_row_per_slot(editions, tmp_path):
    book = openpyxl.load_workbook(export(editions, tmp_path / "p.xlsx"))
    assert book.sheetnames == ["Programme", "Édition", "À lire", "Listes"]
    assert book["Listes"].sheet_state == "hidden"
    sheet = book["Programme"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Identifiant", "Date", "Début", "Fin", "Type", "Statut", "Titre", "Lieu", "Description",
        "Titre (anglais)", "Lieu (anglais)", "Description (anglais)",
    )  # fmt: skip
    pause = next(row for row in rows if row[0] == "pause-cafe")
    assert pause[:8] == (
        "pause-cafe",
        datetime(2025, 7, 4),  # a real date cell (openpyxl reads dates as datetimes)
        time(11, 0),
        time(11, 30),
        "Pause café",  # the kind's French label, not `coffee-break`
        "Programmé",
        "Pause café",
        "Espace des partenaires",
    )
    assert len(rows) == 1 + 10  # the 2025 pre-programme's ten slots
    assert sheet["B2"].number_format == "dd/mm/yyyy" and sheet["C2"].number_format == "hh:mm"


def test_kind_and_status_are_drop_downs_of_french_labels(editions, tmp_path):
    book = openpyxl.load_workbook(export(editions, tmp_path / "p.xlsx"))
    validations = {
        str(v.sqref): v.formula1 for v in book["Programme"].data_validations.dataValidation
    }
    assert validations == {"E2:E211": "'Listes'!$A$2:$A$11", "F2:F211": "'Listes'!$B$2:$B$7"}
    lists = book["Listes"]
    assert [c.value for c in lists["A"][1:11]][:3] == [
        "Accueil",
        "Ouverture",
        "Ateliers, réunions régionales et B2B",
    ]
    assert [c.value for c in lists["B"][1:7]][-1] == "Annulé"


def test_the_edition_sheet_and_the_readme(editions, tmp_path):
    book = openpyxl.load_workbook(export(editions, tmp_path / "p.xlsx"))
    rows = list(book["Édition"].iter_rows(values_only=True))
    assert rows[1][:2] == ("Édition", "2025")
    assert rows[4][:2] == ("Premier jour", datetime(2025, 7, 4))
    assert rows[6][:2] == ("Étape du programme", "Pré-programme")
    readme = "\n".join(str(c) for row in book["À lire"].iter_rows(values_only=True) for c in row)
    assert "aictdata sheet import" in readme and "« Annulé »" in readme
    for header in ("Identifiant", "Début", "Titre (anglais)", "Étape du programme"):
        assert f"\n{header}\n" in readme


def test_the_same_edition_gives_the_same_bytes(editions, tmp_path):
    first = export(editions, tmp_path / "a.xlsx").read_bytes()
    assert export(editions, tmp_path / "b.xlsx").read_bytes() == first


def test_csv_is_the_programme_sheet_for_excel_in_french(editions, tmp_path):
    out = export(editions, tmp_path / "p.csv")
    raw = out.read_bytes()
    assert raw.startswith("\ufeffIdentifiant;Date;Début;Fin;".encode())
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[4][:6] == ["pause-cafe", "2025-07-04", "11:00", "11:30", "Pause café", "Programmé"]


def test_an_unknown_edition_or_format_is_refused(editions, tmp_path):
    runner = CliRunner()
    base = ["--lang", "fr", "sheet", "export", "--editions", str(editions)]
    result = runner.invoke(cli, [*base, "2031"])
    assert result.exit_code == 1
    assert result.output == "erreur : pas d’édition '2031' (connues : 2024, 2025)\n"
    result = runner.invoke(cli, [*base, "2025", "--out", str(tmp_path / "p.pdf")])
    assert result.exit_code == 1 and not (tmp_path / "p.pdf").exists()
    assert "doit finir par .xlsx ou .csv" in result.output
