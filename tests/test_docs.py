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


def _mentions(name: str) -> re.Pattern[str]:
    """How the README names a command: `aictdata build`, or `build` in backquotes; the
    root command by an option written right after it (`aictdata --lang fr`)."""
    if not name:
        return re.compile(r"aictdata(?= --)")
    return re.compile(rf"aictdata {re.escape(name)}(?![\w-])|`{re.escape(name)}`")


def passages_about(name: str) -> list[str]:
    """The parts of the README about one command, and nothing else: in code blocks, what
    follows `aictdata NAME` on its line (before a comment); in prose, each paragraph that
    names the command, and each paragraph of a section whose heading names it, or that
    follows a bold lead-in naming it (« **Both commands** (`publish datagouv`…): »)."""
    mention = _mentions(name)
    found: list[str] = []
    in_code, in_section, led, paragraph = False, False, False, []
    for line in [*README.splitlines(), ""]:
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            for match in mention.finditer(line):
                found.append(line[match.end() :].split(" #", 1)[0])
        elif line.startswith("#"):
            in_section, led = bool(mention.search(line)), False
        elif line.strip():
            paragraph.append(line)
        else:
            text = "\n".join(paragraph)
            if text.startswith("**"):
                led = bool(mention.search(text.split("\n", 1)[0]))
            if in_section or led or mention.search(text):
                found.append(text)
            paragraph = []
    return found


def _option_pattern(option: str) -> re.Pattern[str]:
    """`-v` as an option of its own, not the inside of `--verbose` or of `-vv`."""
    return re.compile(rf"(?<![\w-]){re.escape(option)}(?![\w-])")


OPTIONS = [
    (name, opt)
    for name, command in [("", cli), *COMMANDS]
    for param in command.params
    if isinstance(param, click.Option)
    for opt in [*param.opts, *param.secondary_opts]
]


@pytest.mark.parametrize(
    ("name", "option"), OPTIONS, ids=[f"{name or 'aictdata'} {opt}" for name, opt in OPTIONS]
)
def test_every_option_is_documented_under_its_own_command(name, option):
    command = cli if not name else dict(COMMANDS)[name]
    (param,) = [p for p in command.params if option in (*getattr(p, "opts", ()), *p.secondary_opts)]
    assert param.help, f"aictdata {name} {option} has no help text"
    pattern = _option_pattern(option)
    assert any(pattern.search(passage) for passage in passages_about(name)), (
        f"aictdata {name} {option} is not documented where the README speaks of aictdata {name}"
    )


def test_an_option_of_another_command_does_not_count():
    """The rule itself: `--check` is `aictdata schema`'s, not `aictdata build`'s, though
    both are on lines of the same code block; `-v` is not found inside `--verbose`."""
    assert any(_option_pattern("--check").search(p) for p in passages_about("schema"))
    assert not any(_option_pattern("--check").search(p) for p in passages_about("build"))
    assert not _option_pattern("-v").search("aictdata check URL --verbose")


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
