"""The organiser's usual mistakes (issue 27), each reported at once, located, in French,
with advice that fixes it: following the advice makes the file valid."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from aictdata.cli import cli
from tests.conftest import REAL_EDITIONS, edit, line_of

SLOT = '  - id: accueil\n    date: 2025-07-04\n    start: "08:00"\n'


@pytest.fixture
def editions(tmp_path) -> Path:
    folder = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, folder)
    return folder


def validate(editions: Path) -> list[str]:
    """The lines of `validate`, without the legal notice's missing facts (series.yaml: the
    documents do not give them; tests/source/test_load_publication.py has those warnings)."""
    output = CliRunner().invoke(cli, ["--lang", "fr", "validate", str(editions)]).output
    return [line for line in output.splitlines() if "mentions légales" not in line]


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ('  - id: accueil\n     date: 2025-07-04\n    start: "08:00"\n', 6),  # one space too many
        ('  - id: accueil\n   date: 2025-07-04\n    start: "08:00"\n', 4),  # one too few
    ],
)
def test_a_misaligned_key_says_the_column_to_align_it_with(editions, written, found):
    path = editions / "2025.yaml"
    edit(path, (SLOT, written))
    line = line_of(path, "id: accueil") + 1
    assert validate(editions) == [
        f"{path}:{line}:{found}: syntaxe YAML : date: n’est pas aligné avec id: sur la ligne du"
        f" dessus : commencez-le à la colonne 5, sous id (il commence à la colonne {found})",
        "1 erreur",
    ]
    edit(path, (written, SLOT))  # following the advice
    assert validate(editions)[-1].startswith("2025  16e édition")


def test_three_mistakes_in_one_run(editions):
    """A wrong kind used to hide the slots' cross-field rules until it was fixed."""
    path = editions / "2025.yaml"
    edit(
        path,
        ('    start: "14:00"\n    end: "15:00"', '    start: "14:00"\n    end: "13:00"'),
        ("kind: coffee-break", "kind: pause-cafe"),
        ('    date: 2025-07-04\n    start: "16:30"', '    date: 2025-07-05\n    start: "16:30"'),
    )
    lines = validate(editions)
    assert lines[-1] == "3 erreurs"
    end = line_of(path, 'start: "14:00"') + 1
    assert f"{path}:{end}:10: sessions[cafes-des-rencontres].end:" in lines[1]
    assert lines[1].endswith("doit être après le début (13:00 <= 14:00)")
    assert lines[2] == (
        f"{path}:{line_of(path, '2025-07-05')}:11: sessions[pleniere-pays].date: 2025-07-05 est"
        " en dehors de l’édition (du 2025-07-04 au 2025-07-04)"
    )
    assert "sessions[pause-cafe].kind:" in lines[0]


def test_a_french_title_changed_without_its_english_is_pointed_out(editions, tmp_path):
    edit(
        editions / "2025.yaml",
        ("    title: Pause café\n", "    title:\n      fr: Pause café\n      en: Coffee break\n"),
    )
    workbook = tmp_path / "programme-2025.xlsx"
    runner = CliRunner()
    args = ["--lang", "fr", "sheet"]
    runner.invoke(
        cli, [*args, "export", "2025", "--out", str(workbook), "--editions", str(editions)]
    )
    book = openpyxl.load_workbook(workbook)
    book["Programme"]["G5"] = "Pause café et thé"  # the French title of `pause-cafe`
    book.save(workbook)
    result = runner.invoke(cli, [*args, "import", str(workbook), "--editions", str(editions)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "avertissement : programme-2025.xlsx: Programme!J5: le français a changé mais pas"
        " l’anglais (« Coffee break ») : traduisez-le à nouveau"
    )


def test_git_is_explained_where_the_organiser_is_told_to_commit(editions):
    (editions / "calendar-state.json").unlink()
    lines = validate(editions)
    assert lines[-1] == (
        f"avertissement : pas encore de mémoire des calendriers ({editions}/calendar-state.json)"
        " : `aictdata build` la crée ; enregistrez-la avec les éditions dans l’historique du"
        " projet (git : « commit »)"
    )
    assert not any("validez" in line for line in lines)


def test_validate_names_what_changed_in_french(editions):
    edit(
        editions / "2025.yaml",
        ("kind: country-honour\n", "kind: country-honour\n    status: cancelled\n"),
    )
    lines = validate(editions)
    assert (
        "  2025.pleniere-pays@raict.org : statut (version 1 dans les calendriers : SEQUENCE 1)"
        in lines
    )
    assert "  édition 2025 : version 1 du programme" in lines
