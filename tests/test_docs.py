"""Every command and option of the CLI is documented, in the README and in its --help."""

from __future__ import annotations

import click
import pytest

from aictdata.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands.items())


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_is_in_the_readme_with_an_example(name, command):
    assert f"aictdata {name}" in README
    assert command.help and "Example" in command.help, f"{name}: docstring has no example"


@pytest.mark.parametrize(
    ("name", "option"),
    [
        (name, opt)
        for name, command in COMMANDS
        for param in command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--")
    ],
)
def test_every_option_is_in_the_readme_and_has_help(name, option):
    command = cli.commands[name]
    (param,) = [p for p in command.params if option in getattr(p, "opts", ())]
    assert param.help, f"aictdata {name} {option} has no help text"
    assert option in README, f"aictdata {name} {option} is not in the README"
