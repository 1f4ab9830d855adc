"""Shared fixtures: the real editions, and variants of a small valid fixture series."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from aictdata import i18n

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = Path(os.environ.get("AICTDATA_TEST_EDITIONS") or ROOT / "editions")
"""The editions the tests run on: editions/, or another series folder named by
AICTDATA_TEST_EDITIONS (e.g. a copy with a third edition made by `aictdata new`), so that
a test over the editions can be checked to iterate over the editions present."""
REAL_EDITIONS = ROOT / "editions"
"""The two transcribed editions: what the fidelity tests pin."""
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
SEEDS = ROOT.parent / "shared" / "seeds"

#: Text that tests want a reader of the run to see whatever pytest's options (scores seen,
#: say): title -> text, printed by pytest_terminal_summary below, passing or failing.
TERMINAL_SECTIONS = pytest.StashKey[dict[str, str]]()


def run_python(
    arguments: list[str], folder: Path, *, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python ARGUMENTS` run in `folder` by this interpreter, with this checkout
    importable (`PYTHONPATH`), its output captured as text; never raises on failure."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def show_at_the_end(config: pytest.Config, title: str, text: str) -> None:
    """Have `text` printed under `title` in pytest's terminal summary."""
    config.stash.setdefault(TERMINAL_SECTIONS, {})[title] = text


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for title, text in terminalreporter.config.stash.get(TERMINAL_SECTIONS, {}).items():
        terminalreporter.write_sep("-", title)
        terminalreporter.write_line(text)


def pytest_configure(config: pytest.Config) -> None:
    """The suite asserts English wording: on a French machine (or a CI run with a French
    locale), the commands the tests start, in this process or in a child, speak English.
    tests/test_i18n.py sets the language explicitly where it wants French.

    And what aictdata keeps between runs (validated editions, compiled templates:
    aictdata/output/caches.py) goes to a folder of this run's own, for this process and
    every child: the suite neither reads the developer's cache nor fills it."""
    if i18n.language_from_environment() != "en":
        os.environ["LC_ALL"] = "C.UTF-8"
    cache = tempfile.mkdtemp(prefix="aictdata-test-cache-")
    os.environ["XDG_CACHE_HOME"] = cache
    config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A test that ran the CLI with --lang fr in this process leaves no French behind."""
    yield
    i18n.activate("en")


PAGE_LANGUAGES = ("fr", "en")
"""The languages of the pages: French at the published paths, English under en/."""


def page_paths(catalog: Any, languages: tuple[str, ...] = PAGE_LANGUAGES) -> list[str]:
    """Every page of the site in `languages`, as the README lays them out: the index and
    each edition's page, French first, then the same under en/."""
    french = ["index.html", *(f"{e.id}/index.html" for e in catalog.editions)]
    return [("" if lang == "fr" else f"{lang}/") + path for lang in languages for path in french]


def page_language(path: str) -> str:
    return "en" if path.startswith("en/") else "fr"


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `needle` (expected positions are
    computed from the fixture text, never copied from the program's output)."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {path}")


def load_problems(folder: Path) -> list[str]:
    """The located problems of a folder that must not load, as the CLI prints them."""
    from aictdata.errors import DataError
    from aictdata.source.load import load_catalog

    with pytest.raises(DataError) as caught:
        load_catalog(folder)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, *replacements: tuple[str, str]) -> None:
    """Apply text replacements to a copied data file, each once, failing when one is not
    there (a fixture that changed must not turn a test into a no-op)."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"{path.name} has no {old!r}"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def make_series(tmp_path: Path) -> Callable[..., Path]:
    """Copy the minimal series into a temp folder, applying text replacements to 2030.yaml."""

    def make(
        *replacements: tuple[str, str], edition: str = "2030.yaml", text: str | None = None
    ) -> Path:
        folder = tmp_path / "editions"
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(MINIMAL, folder)
        target = folder / edition
        content = text if text is not None else target.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in content, f"fixture has no {old!r}"
            content = content.replace(old, new, 1)
        target.write_text(content, encoding="utf-8")
        return folder

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real editions built once with every registered exporter; tests only read it."""
    from aictdata.build.site import build_site
    from aictdata.source.load import load_catalog

    out = tmp_path_factory.mktemp("built") / "site"
    build_site(load_catalog(EDITIONS), out)
    return out
