"""`aictdata sheet import`: a workbook saved by openpyxl or by real LibreOffice comes back
into the edition's YAML, changing only what the organiser changed, or not at all."""

from __future__ import annotations

import shutil
from datetime import date, time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from aictdata.cli import cli
from aictdata.source.sheet.reading import _dump, _yaml
from tests.conftest import REAL_EDITIONS
from tests.exporters.test_workbook import libreoffice


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    folder = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, folder)
    return folder


def run(*arguments: str):
    return CliRunner().invoke(cli, ["--lang", "fr", "sheet", *arguments])


def export(editions: Path, out: Path) -> Path:
    assert run("export", "2025", "--out", str(out), "--editions", str(editions)).exit_code == 0
    return out


def import_(editions: Path, path: Path, *more: str):
    return run("import", str(path), "--editions", str(editions), *more)


def edit(path: Path, changes: dict[tuple[str, str], object], *, new_rows=()) -> Path:
    """Set cells of « Programme » by (slot id, header) with openpyxl, as a library saves."""
    book = openpyxl.load_workbook(path)
    sheet = book["Programme"]
    headers = {cell.value: cell.column for cell in sheet[1]}
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2)}
    for (slot, header), value in changes.items():
        sheet.cell(rows[slot], headers[header], value)
    for row in new_rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("name", ["2024.yaml", "2025.yaml", "series.yaml"])
def test_the_yaml_round_trip_gives_every_file_back_byte_for_byte(name):
    text = (REAL_EDITIONS / name).read_text(encoding="utf-8")
    yaml = _yaml()
    assert _dump(yaml, yaml.load(text)) == text


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_unedited_export_changes_nothing(editions, tmp_path, suffix):
    target = editions / "2025.yaml"
    before = target.read_bytes()
    stamp = target.stat().st_mtime_ns
    out = export(editions, tmp_path / f"programme-2025{suffix}")
    more = ("--edition", "2025") if suffix == ".csv" else ()
    result = import_(editions, out, *more)
    assert result.exit_code == 0, result.output
    assert result.output == f"{target} : rien n’a changé\n"
    assert target.read_bytes() == before and target.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("target", ["ods", "xlsx"])
def test_a_workbook_saved_by_libreoffice_changes_nothing(editions, tmp_path, target):
    before = (editions / "2025.yaml").read_bytes()
    saved = libreoffice(export(editions, tmp_path / "p.xlsx"), target, tmp_path / target)
    result = import_(editions, saved[0])
    assert result.exit_code == 0, result.output
    assert (editions / "2025.yaml").read_bytes() == before


def test_a_programme_edited_and_saved_by_libreoffice_comes_back(editions, tmp_path):
    """Moved, cancelled, translated, one slot added: only those lines of the file change;
    its comments, quoting and every other value stay as written."""
    path = edit(
        export(editions, tmp_path / "p.xlsx"),
        {
            ("cafes-des-rencontres", "Début"): time(15, 0),
            ("cafes-des-rencontres", "Fin"): time(16, 0),
            ("cafes-des-rencontres", "Titre (anglais)"): "Rencontres Cafés",
            ("pleniere-pays", "Statut"): "Annulé",
        },
        new_rows=[
            (
                "",
                date(2025, 7, 4),
                "18h",
                "19h30",
                "Autre",
                "",
                "Dîner",
                "",
                "Au jardin\nPuis au salon",
            )
        ],
    )
    saved = libreoffice(path, "ods", tmp_path / "ods")[0]
    before = (editions / "2025.yaml").read_text(encoding="utf-8")
    result = import_(editions, saved)
    assert result.exit_code == 0, result.output
    assert result.output == f"{editions / '2025.yaml'}: 2 créneaux modifiés, 1 ajouté, 0 retiré\n"
    expected = (
        before.replace(
            '    start: "14:00"\n    end: "15:00"\n    title: « Cafés des Rencontres »\n',
            '    start: "15:00"\n    end: "16:00"\n    title:\n'
            "      fr: « Cafés des Rencontres »\n      en: Rencontres Cafés\n",
        )
        .replace("    kind: country-honour\n", "    kind: country-honour\n    status: cancelled\n")
        .replace(
            "    kind: closing\n",
            "    kind: closing\n  - id: diner\n    date: 2025-07-04\n"
            '    start: "18:00"\n    end: "19:30"\n    title: Dîner\n    kind: other\n'
            "    description: |-\n      Au jardin\n      Puis au salon\n",
        )
    )
    assert expected != before
    assert (editions / "2025.yaml").read_text(encoding="utf-8") == expected
    assert "# Vendredi 4 juillet\n" in expected
    validated = CliRunner().invoke(cli, ["validate", str(editions)])
    assert validated.exit_code == 0, validated.output
    # Translated: the English title is a change too (both feeds share the UID).
    for slot, what in (("cafes-des-rencontres", "time, title"), ("pleniere-pays", "status")):
        assert f"2025.{slot}@raict.org: {what} (SEQUENCE 1)" in validated.output


def test_every_error_is_reported_at_once_by_its_cell_and_nothing_is_written(editions, tmp_path):
    path = edit(
        export(editions, tmp_path / "programme-2025.xlsx"),
        {
            ("accueil", "Type"): "Bidule",  # row 2
            ("pause-cafe", "Date"): "le 4 juillet",  # row 5
            ("cloture", "Fin"): time(17, 0),  # row 11: before its start, 17:30
            ("cocktail-dejeuner", "Début"): "midi",  # row 7
        },
    )
    before = (editions / "2025.yaml").read_bytes()
    result = import_(editions, path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "programme-2025.xlsx: Programme!E2: « Bidule » n’est pas dans la liste : choisissez parmi"
        " « Accueil », « Ouverture », « Ateliers, réunions régionales et B2B », « Pause café »,"
        " « Conférence plénière », « Déjeuner », « Cafés des Rencontres »,"
        " « Plénière de mise à l’honneur d’un pays », « Clôture », « Autre »",
        "programme-2025.xlsx: Programme!B5: 'le 4 juillet' n’est pas une date (écrivez le jour"
        " ainsi : 04/07/2025)",
        'programme-2025.xlsx: Programme!C7: doit être une heure locale comme "09:30" ou'
        " \"9h30\", pas 'midi'",
        "programme-2025.xlsx: Programme!D11: doit être après le début (17:00 <= 17:30)",
        "4 erreurs",
    ]
    assert (editions / "2025.yaml").read_bytes() == before


def test_a_csv_file_with_text_times_and_a_deleted_row(editions, tmp_path):
    out = export(editions, tmp_path / "p.csv")
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    lines = [line.replace(";11:00;11:30;", ";11h15;11h45;") for line in lines]
    out.write_text("\n".join(line for line in lines if not line.startswith("cloture;")), "utf-8")
    result = import_(editions, out, "--edition", "2025")
    assert result.exit_code == 0, result.output
    text = (editions / "2025.yaml").read_text(encoding="utf-8")
    assert '    start: "11:15"\n    end: "11:45"\n    title: Pause café\n' in text
    assert "id: cloture" not in text and result.output.endswith(
        "1 créneau modifié, 0 ajouté, 1 retiré\n"
    )


def test_a_csv_file_must_name_its_edition(editions, tmp_path):
    result = import_(editions, export(editions, tmp_path / "p.csv"))
    assert result.exit_code == 1
    assert result.output == (
        "erreur : p.csv : quelle édition ? Précisez-la avec --edition (par ex. --edition 2025)\n"
    )


def test_the_edition_sheet_changes_the_edition(editions, tmp_path):
    path = export(editions, tmp_path / "p.xlsx")
    book = openpyxl.load_workbook(path)
    book["Édition"]["C3"] = "16th Rencontres"  # the title's English version
    book.save(path)
    result = import_(editions, path)
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 retiré, et les champs de l’édition elle-même\n")
    text = (editions / "2025.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        (REAL_EDITIONS / "2025.yaml").read_text(encoding="utf-8").split("title:")[0]
        + "title:\n  fr: 16e édition des Rencontres"
    )
    assert "\n  en: 16th Rencontres\ntheme:" in text


def test_a_rule_the_model_checks_too_is_said_once(editions, tmp_path):
    path = edit(export(editions, tmp_path / "p.xlsx"), {("cloture", "Fin"): time(17, 0)})
    result = import_(editions, path)
    assert result.output.splitlines() == [
        "p.xlsx: Programme!D11: doit être après le début (17:00 <= 17:30)",
        "1 erreur",
    ]


def test_a_sorted_sheet_rewrites_nothing_and_a_new_row_goes_after_the_one_above(editions, tmp_path):
    """The file's order and its comments are the organiser's: sorting the sheet by
    another column changes nothing; a new slot goes after the slot of the row above."""
    path = export(editions, tmp_path / "p.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Programme"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    rows.reverse()  # sorted from the last slot to the first
    rows.insert(
        3, ["", date(2025, 7, 4), time(13, 30), time(13, 45), "Autre", "", "Photo", *[None] * 5]
    )
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(number, column).value = value
    book.save(path)
    before = (editions / "2025.yaml").read_text(encoding="utf-8")
    result = import_(editions, path)
    assert result.exit_code == 0, result.output
    above = rows[2][0]  # the slot of the row above the new one
    assert above == "ateliers-2"
    new_slot = (
        '  - id: photo\n    date: 2025-07-04\n    start: "13:30"\n    end: "13:45"\n'
        "    title: Photo\n    kind: other\n"
    )
    following = "  - id: pleniere-pays\n"
    assert (editions / "2025.yaml").read_text(encoding="utf-8") == before.replace(
        following, new_slot + following
    )
