"""Every command and option of the CLI is documented, in the README and in its --help;
the README's Python example runs as written."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from aictdata.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command by its full name ("publish datagouv"), groups included."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found += _commands(command, prefix + name + " ")
    return found


COMMANDS = _commands(cli)


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
    command = dict(COMMANDS)[name]
    (param,) = [p for p in command.params if option in getattr(p, "opts", ())]
    assert param.help, f"aictdata {name} {option} has no help text"
    assert option in README, f"aictdata {name} {option} is not in the README"
    if " " in name:  # a subcommand's options are told in its group's own section
        section = README.split(f"aictdata {name.split()[0]} ", 1)[1]
        assert option in section, f"aictdata {name} {option} is not in its section"


def test_the_readme_python_example_runs(tmp_path: Path) -> None:
    (example,) = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert 'Path("/tmp/site")' in example
    code = example.replace('Path("/tmp/site")', f"Path({str(tmp_path / 'site')!r})")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2024 ") and lines[1].startswith("2025 ")
    listed = ast.literal_eval(lines[2])
    assert listed[0] == "2024/calendar.ics"
    assert len(listed) == 3 and all(path.endswith(".ics") for path in listed)
    assert all((tmp_path / "site" / path).is_file() for path in listed)
