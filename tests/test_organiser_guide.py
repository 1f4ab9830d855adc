"""The organiser's guide (docs/organisateur/*.md), followed as written in a copy of the
clone: every command of its ```sh blocks runs, in order, in French, and succeeds.

What the organiser does by hand between two commands (fill in a date in a text editor,
change a cell in the spreadsheet) is written beside the prose as an HTML comment, which
Markdown does not show and this test carries out:

    <!-- test-edit: FILE | TEXT | REPLACEMENT -->     (\\n for a line break)
    <!-- test-cell: WORKBOOK | Sheet!C8 | VALUE -->   (HH:MM is typed as a time)
    <!-- test-setup: deploy-locally -->               (aictdata.toml deploying to a folder
                                                       that the real `aictdata serve` serves)
"""

from __future__ import annotations

import os
import re
import subprocess
from contextlib import ExitStack
from datetime import time
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import ROOT
from tests.served import serving
from tests.test_first_steps import clean_copy

GUIDE = ROOT / "docs" / "organisateur"
STEP = re.compile(
    r"^(?P<indent> *)```sh\n(?P<commands>.*?)^(?P=indent)```$"
    r"|^(?P<tindent> *)```text\n(?P<output>.*?)^(?P=tindent)```$"
    r"|<!-- test-(?P<kind>\w[\w-]*): ?(?P<args>.*?) -->",
    re.MULTILINE | re.DOTALL,
)


def steps(page: Path) -> list[tuple[str, str]]:
    """The page's steps in order: ("sh", command), ("edit"|"cell"|"setup", arguments),
    and ("output", text) for a ```text block right after a ```sh block: what its last
    command prints, exactly. Other ```text blocks are only shown."""
    text = page.read_text(encoding="utf-8")
    found: list[tuple[str, str]] = []
    end_of_commands = -1
    for match in STEP.finditer(text):
        if match["kind"]:
            found.append((match["kind"], match["args"]))
        elif match["commands"] is not None:
            for line in match["commands"].splitlines():
                if line.strip():
                    found.append(("sh", line.strip()))
            end_of_commands = match.end()
        elif end_of_commands >= 0 and not text[end_of_commands : match.start()].strip():
            indent = len(match["tindent"])
            lines = [line[indent:] for line in match["output"].splitlines()]
            found.append(("output", "\n".join(lines) + "\n"))
    return found


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
    env["PATH"] = f"{ROOT / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["LANG"] = "fr_FR.UTF-8"
    return env


def run(command: str, folder: Path) -> str:
    assert command.split()[0] == "aictdata", f"the guide's commands are aictdata's: {command}"
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=folder,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"$ {command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def edit(folder: Path, arguments: str) -> None:
    name, old, new = (part.strip() for part in arguments.split("|"))
    path = folder / name
    text = path.read_text(encoding="utf-8")
    old, new = old.replace("\\n", "\n"), new.replace("\\n", "\n")
    assert old in text, f"{name} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cell(folder: Path, arguments: str) -> None:
    name, where, value = (part.strip() for part in arguments.split("|"))
    sheet, reference = where.split("!")
    book = openpyxl.load_workbook(folder / name)
    typed: object = value
    if re.fullmatch(r"\d{1,2}:\d{2}", value):
        hours, minutes = value.split(":")
        typed = time(int(hours), int(minutes))
    book[sheet][reference] = typed
    book.save(folder / name)


def deploy_locally(folder: Path, stack: ExitStack) -> None:
    (folder / "web").mkdir()
    server = stack.enter_context(serving(folder / "web", folder / "serve.log"))
    (folder / "aictdata.toml").write_text(
        f'[publier]\ndeploy = "cp -rT site web"\nurl = "{server.url}"\n', encoding="utf-8"
    )


@pytest.mark.parametrize("page", sorted(GUIDE.glob("*.md")), ids=lambda p: p.name)
def test_each_page_of_the_guide_runs_as_written(page, tmp_path):
    folder = clean_copy(tmp_path / "clone")
    page_steps = steps(page)
    assert any(kind == "sh" for kind, _ in page_steps), f"{page.name} runs no command"
    printed = ""
    with ExitStack() as stack:
        for kind, arguments in page_steps:
            if kind == "sh":
                printed = run(arguments, folder)
            elif kind == "output":
                assert printed == arguments, f"{page.name}: the guide shows another output"
            elif kind == "edit":
                edit(folder, arguments)
            elif kind == "cell":
                cell(folder, arguments)
            elif kind == "setup" and arguments == "deploy-locally":
                deploy_locally(folder, stack)
            else:
                raise AssertionError(f"{page.name}: unknown test step {kind}: {arguments}")
