"""`aictdata publier`: the organiser's routine runs every step in order against a real
deployed copy (a folder served by the real `aictdata serve`), and stops at the first
step that fails, saying what to do, with nothing of the later steps done."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.cli import cli
from tests.conftest import REAL_EDITIONS, edit
from tests.served import serving


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the clone's data, as the organiser's working folder."""
    shutil.copytree(REAL_EDITIONS, tmp_path / "editions")
    (tmp_path / "web").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def settings(project: Path, deploy: str, url: str = "http://127.0.0.1:9/") -> None:
    (project / "aictdata.toml").write_text(
        f'[publier]\ndeploy = "{deploy}"\nurl = "{url}"\n', encoding="utf-8"
    )


def publier(*args: str):
    return CliRunner().invoke(cli, ["--lang", "fr", "publier", *args])


def test_every_step_in_order_up_to_the_deployed_site_checked(project):
    with serving(project / "web", project / "serve.log") as server:
        settings(project, "cp -rT site web", server.url)
        result = publier()
    assert result.exit_code == 0, result.output
    steps = [line for line in result.output.splitlines() if line.startswith("étape ")]
    assert steps == [
        "étape 1 sur 5 : vérification des éditions",
        "étape 2 sur 5 : ce qui change pour les participants",
        "étape 3 sur 5 : construction du site publié",
        "étape 4 sur 5 : déploiement du site",
        "étape 5 sur 5 : vérification du site déployé",
    ]
    assert f"sur {server.url} en " in result.output and ": tout concorde" in result.output
    assert result.output.endswith("publié : toutes les étapes ont réussi\n")
    assert (project / "web" / "2025" / "calendar.ics").read_bytes() == (
        project / "site" / "2025" / "calendar.ics"
    ).read_bytes()


def test_an_invalid_edition_stops_before_anything_is_built_or_deployed(project):
    settings(project, "touch deployed")
    edit(project / "editions" / "2025.yaml", ('    end: "15:00"', '    end: "13:00"'))
    result = publier()
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "étape 1 sur 5 : vérification des éditions"
    assert lines[-1] == (
        "arrêt à l’étape 1 : corrigez les erreurs ci-dessus dans les fichiers d’édition (ou dans"
        " le classeur, puis `aictdata sheet import`), puis relancez `aictdata publier` ; rien"
        " n’a été construit ni déployé"
    )
    assert "doit être après le début (13:00 <= 14:00)" in result.output
    assert not (project / "site").exists() and not (project / "deployed").exists()


def test_a_failed_deploy_stops_before_the_check_and_says_what_to_do(project):
    settings(project, "false")
    result = publier()
    assert result.exit_code == 1
    assert "étape 5" not in result.output
    assert result.output.splitlines()[-2:] == [
        "erreur : la commande de déploiement a échoué (code de sortie 1)",
        "arrêt à l’étape 4 : le site est construit dans site/ mais l’hébergeur n’en a peut-être"
        " qu’une partie : vérifiez la commande de déploiement des réglages, ou la connexion,"
        " puis relancez `aictdata publier` (déployer à nouveau le complète)",
    ]
    assert (project / "site" / "manifest.json").is_file()


def test_a_deploy_command_that_does_not_exist(project):
    settings(project, "rsnyc -a site/ web/")
    result = publier()
    assert result.exit_code == 1
    assert "erreur : la commande de déploiement 'rsnyc' ne peut pas démarrer : " in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "aictdata.toml n’existe pas : écrivez-y une fois pour toutes la commande"),
        ("[publier]\ndeploy = 'true'\nurl = 'x'\n", "aictdata.toml : url doit être l’adresse"),
        (
            "[publier]\ndeploy = 'true'\nurl = 'https://e.org/'\ndeploi = 1\n",
            "aictdata.toml : réglage inconnu 'deploi' (réglages : datagouv, deploy, openagenda,",
        ),
    ],
)
def test_settings_that_cannot_be_used_stop_before_step_one(project, content, message):
    if content is not None:
        (project / "aictdata.toml").write_text(content, encoding="utf-8")
    result = publier()
    assert result.exit_code == 1
    assert result.output.startswith(f"erreur : {message}")
    assert "étape" not in result.output
