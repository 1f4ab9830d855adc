"""The command line in French: every command's help, and click's own words (usage,
errors), under a French locale or --lang fr; English again with --lang en."""

from __future__ import annotations

import io
import os
import subprocess

import click
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from aictdata.cli import cli
from tests.conftest import ROOT
from tests.test_i18n import _run

CLICK_PO = ROOT / "aictdata" / "locale" / "fr" / "LC_MESSAGES" / "click.po"


def commands(group: click.Group = cli, path: tuple[str, ...] = ()):
    yield path
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name)


def aictdata(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    """`aictdata ARGS` in a child with only the given locale variables."""
    return _run(ROOT / "editions", *args, **environ)


def test_build_help_under_a_french_locale():
    result = aictdata("build", "--help", LANG="fr_FR.UTF-8")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Utilisation : aictdata build [OPTIONS] [PATHS]..."
    assert lines[2] == "  Construire le site : calendriers, données ouvertes, balisage et pages."
    assert [line.split() for line in lines if "--help" in line] == [
        ["-h,", "--help", "Afficher", "cette", "aide", "et", "quitter."]
    ]
    assert "[par défaut : site]" in result.stdout


def test_a_usage_error_under_a_french_locale():
    result = aictdata("publish", "openagenda", "--site", "site", LANG="fr_FR.UTF-8")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Utilisation : aictdata publish openagenda [OPTIONS]",
        "Essayez « aictdata publish openagenda --help » pour l’aide.",
        "",
        "Erreur : Option manquante '--agenda'.",
    ]


def test_a_usage_error_of_an_argument_in_french():
    result = CliRunner().invoke(cli, ["--lang", "fr", "sheet", "export"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Erreur : Argument manquant 'EDITION'."


@pytest.mark.parametrize("path", list(commands()), ids=lambda p: " ".join(p) or "aictdata")
def test_every_help_is_in_french_then_english_again(path):
    runner = CliRunner()
    french = runner.invoke(cli, ["--lang", "fr", *path, "--help"])
    english = runner.invoke(cli, ["--lang", "en", *path, "--help"])
    assert french.exit_code == english.exit_code == 0
    assert french.output.startswith("Utilisation : ") and english.output.startswith("Usage: ")
    french_lines, english_lines = french.output.splitlines(), english.output.splitlines()
    assert french_lines[2] != english_lines[2]  # the command's first line, translated
    command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    for option in command.params:
        if isinstance(option, click.Option) and option.help:
            words = " ".join(option.help.split()[:4])  # the original text again, rewrapped
            assert words in " ".join(english.output.split())


def test_click_catalogue_holds_clicks_own_messages_all_translated():
    with CLICK_PO.open("rb") as stream:
        catalogue = read_po(stream)
    in_click = {
        message if isinstance(message, str) else message[0]
        for *_, message, _comments, _context in extract_from_dir(
            os.path.dirname(click.__file__), method_map=[("**.py", "python")]
        )
    }
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
    assert ids and ids <= in_click, ids - in_click
    assert all(m.string and not m.fuzzy for m in catalogue if m.id)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    assert CLICK_PO.with_suffix(".mo").read_bytes() == compiled.getvalue(), "run `make messages`"


def test_a_french_run_leaves_the_commands_in_english():
    """The command objects outlive a run: the next reader of their help (a test, a
    program calling the CLI) finds the English originals."""
    assert CliRunner().invoke(cli, ["--lang", "fr", "build", "--help"]).exit_code == 0
    assert cli.commands["build"].help.startswith("Build the site:")
    assert click.core._("Usage:") == "Usage:"  # type: ignore[attr-defined]
