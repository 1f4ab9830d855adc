"""The documentation keeps up with the code: every command has help text with an example,
the documentation site builds with `mkdocs build --strict` and its command reference
(generated from the CLI) names every command and option, and every `aictdata` command
written in a shell block of the docs runs as written."""

from __future__ import annotations

import ast
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from aictdata.cli import cli
from tests.conftest import ROOT

DOCS = ROOT / "docs"
BIN = Path(sys.executable).parent


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command by its full name ("publish datagouv"), groups included."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found += _commands(command, prefix + name + " ")
    return found


COMMANDS = _commands(cli)
OPTIONS = [
    (name, param)
    for name, command in [("", cli), *COMMANDS]
    for param in command.params
    if isinstance(param, click.Option)
]


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_help_with_an_example(name, command):
    assert command.help and "Example" in command.help, f"{name}: docstring has no example"


@pytest.mark.parametrize(
    ("name", "param"), OPTIONS, ids=[f"{n or 'aictdata'} {p.opts[0]}" for n, p in OPTIONS]
)
def test_every_option_has_help(name, param):
    assert param.help, f"aictdata {name} {param.opts[0]} has no help text"


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built as CI builds it: strict, so that a broken link, a
    missing page or a page outside the navigation fails."""
    out = tmp_path_factory.mktemp("docs-site")
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def test_the_command_reference_documents_this_checkout_whatever_is_installed(tmp_path):
    """Run from elsewhere, with another `aictdata` first on the path (as an editable
    install of another worktree, or none at all, leaves it), the docs still build from
    this checkout's CLI (docs/hooks/this_checkout.py)."""
    other = tmp_path / "other" / "aictdata"
    other.mkdir(parents=True)
    (other / "__init__.py").write_text('raise ImportError("another checkout\'s aictdata")\n')
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(other.parent)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "aictdata build" in (tmp_path / "site" / "reference" / "cli" / "index.html").read_text()


def test_the_docs_build_strict_and_every_page_is_in_the_navigation(docs_site):
    pages = {p.relative_to(DOCS).with_suffix("") for p in DOCS.rglob("*.md")}
    built = {
        p.parent.relative_to(docs_site) if p.parent != docs_site else Path("index")
        for p in docs_site.rglob("index.html")
        if "assets" not in p.parts and "search" not in p.parts
    }
    expected = {  # a folder's index.md or README.md is the folder's page
        p.parent if p.name in ("index", "README") and p.parent != Path(".") else p for p in pages
    }
    assert expected <= built | {Path("index")}


def test_the_command_reference_is_generated_from_the_cli(docs_site):
    """mkdocs-click writes each command's usage and each option from click itself: a new
    option appears in the reference without anyone writing it."""
    reference = (docs_site / "reference" / "cli" / "index.html").read_text("utf-8")
    for name, _ in COMMANDS:
        assert f"aictdata {name}" in reference, name
    for name, param in OPTIONS:
        assert any(opt in reference for opt in param.opts), (name, param.opts)


# --- every command of the docs runs -------------------------------------------------


@dataclass(frozen=True)
class Example:
    page: str
    line: str
    """A command, or a step a person takes, written as a comment (`# fill in …`)."""


def fill_in_dates(clone: Path) -> None:
    """« fill in start_date and end_date »: what the organiser types into the new file."""
    (new,) = [p for p in (clone / "editions").glob("2027.yaml")]
    text = new.read_text("utf-8")
    text = re.sub(r"^start_date:.*$", "start_date: 2027-06-10", text, flags=re.MULTILINE)
    text = re.sub(r"^end_date:.*$", "end_date: 2027-06-11", text, flags=re.MULTILINE)
    new.write_text(text, "utf-8")


PERSON_STEPS = {"# fill in start_date and end_date": fill_in_dates}
"""The steps of the docs that a person takes between two commands, done as they would."""


NOT_RUN = {
    "aictdata check https://raict.org/": "talks to the deployed site (tests/test_check.py runs "
    "check against a server on 127.0.0.1)",
    "aictdata publish datagouv --site site": "sends to data.gouv.fr with a key "
    "(tests/publish runs it against a local server keeping data.gouv.fr's contract)",
    "aictdata publish openagenda --agenda 12345678 --site site --production": "the same, "
    "for OpenAgenda",
}
"""Commands of the docs that reach a real platform or a deployed site: the test checks
they are still written as here (so the list cannot hide a new one) and runs the rest."""


GUIDE = DOCS / "organisateur"
"""The organiser's guide: its commands run in tests/test_organiser_guide.py, in French,
with the edits and cells the organiser types between them."""


def examples() -> list[Example]:
    """Each `aictdata …` line of a shell block of the docs and the README, in page order,
    without its comment."""
    found = []
    pages = [p for p in DOCS.rglob("*.md") if GUIDE not in p.parents]
    for page in sorted([ROOT / "README.md", *pages]):
        for block in re.findall(r"```sh\n(.*?)```", page.read_text("utf-8"), flags=re.DOTALL):
            for raw in block.splitlines():
                line = raw.split("  #", 1)[0].strip()
                if any(line.startswith(step) for step in PERSON_STEPS) or line.startswith(
                    "aictdata"
                ):
                    found.append(Example(str(page.relative_to(ROOT)), line))
    return found


def not_run(line: str) -> bool:
    return any(line == known or line.startswith(known + " ") for known in NOT_RUN)


def test_every_command_left_out_is_still_in_the_docs():
    lines = {example.line for example in examples()}
    for known in NOT_RUN:
        assert any(line == known or line.startswith(known + " ") for line in lines), known


@pytest.fixture(scope="module")
def first_steps_done(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a reader of the docs has after the README's first steps: the editions and
    the site they build (the README's own commands run in tests/test_first_steps.py)."""
    done = tmp_path_factory.mktemp("first-steps")
    shutil.copytree(ROOT / "editions", done / "editions")
    shutil.copytree(ROOT / "schemas", done / "schemas")
    result = run_example("aictdata build", done)
    assert result.returncode == 0, result.stderr
    return done


def sandbox(first_steps_done: Path, tmp: Path) -> Path:
    """A copy of it per page: the commands of one page cannot change another's."""
    shutil.copytree(first_steps_done, tmp / "clone")
    return tmp / "clone"


def run_example(line: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AICTDATA_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    if line.startswith("aictdata serve"):
        return serve_briefly(line, cwd, env)
    return subprocess.run(
        ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def serve_briefly(line: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`aictdata serve` runs until stopped: on a free port, until it says it serves, then
    Ctrl-C, as a person stops it."""
    if "--port" not in line:
        line = line.replace("aictdata serve", "aictdata serve --port 0", 1)
    server = subprocess.Popen(
        ["bash", "-c", f"exec {line}"], cwd=cwd, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    output = ""
    assert server.stdout is not None
    while "serving" not in output and time.monotonic() < deadline and server.poll() is None:
        output += server.stdout.readline()
    server.send_signal(signal.SIGINT)
    rest, _ = server.communicate(timeout=30)
    output += rest
    code = 0 if "serving" in output and "Traceback" not in output else 1
    return subprocess.CompletedProcess(line, code, output, "")


PAGES = sorted({example.page for example in examples()} - {"README.md"})


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_every_command_of_the_page_runs_as_written(page, first_steps_done, tmp_path):
    """The page's commands, in order, in one sandbox: each exits 0 (a preview build, a
    dry run, a validation…)."""
    cwd = sandbox(first_steps_done, tmp_path)
    ran = 0
    for example in examples():
        if example.page != page or not_run(example.line):
            continue
        step = [do for said, do in PERSON_STEPS.items() if example.line.startswith(said)]
        if step:
            step[0](cwd)
            continue
        result = run_example(example.line, cwd)
        assert result.returncode == 0, f"{page}: {example.line}\n{result.stdout}{result.stderr}"
        assert "Traceback" not in result.stdout + result.stderr
        ran += 1
    assert ran


def test_the_python_example_runs(tmp_path: Path) -> None:
    text = (DOCS / "reference" / "python.md").read_text("utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
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
