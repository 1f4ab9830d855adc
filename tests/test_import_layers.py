"""The import rule: the package is layered, lowest first, and a module imports only from
its own layer and those below (ARCHITECTURE in docs/contributors/architecture.md).

The layers are the folders of aictdata/ (and a few top-level modules); the order is the
flow of the data: model -> words -> output -> source -> memory -> exporters -> build ->
net -> check -> publish -> serve -> cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "aictdata"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("aictdata.errors", "aictdata.i18n"),
    ("aictdata.model",),
    ("aictdata.words",),
    ("aictdata.output",),
    ("aictdata.source",),
    ("aictdata.memory",),
    ("aictdata.exporters",),
    ("aictdata.build",),
    ("aictdata.net",),
    ("aictdata.check",),
    ("aictdata.publish",),
    ("aictdata.serve",),
    ("aictdata.cli", "aictdata.clihelp", "aictdata.routine", "aictdata.__main__"),
)
"""Lowest first. `aictdata` itself (its __init__ re-exports the public API and holds
`__version__`) sits above all of them and is not counted as an import of a layer."""


def layer_of(module: str) -> int | None:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    return None


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: Path) -> set[str]:
    """Every aictdata module a file imports, anywhere in it (TYPE_CHECKING blocks and
    functions included): `from aictdata.output import layout` counts as
    aictdata.output.layout."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text("utf-8"), str(source))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {m for m in modules if m.startswith("aictdata.")}


def upward_imports(path: Path) -> list[str]:
    own = layer_of(module_name(path))
    assert own is not None, f"{path}: in no layer; add its folder to LAYERS"
    found = []
    for module in sorted(imported_modules(path)):
        rank = layer_of(module)
        if rank is not None and rank > own:
            found.append(module)
    return found


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_layer_above_its_own(path):
    assert upward_imports(path) == []


def test_every_folder_of_the_package_is_a_layer():
    folders = {p.parent for p in SOURCES if p.parent != PACKAGE}
    assert all(layer_of(module_name(f / "x.py")) is not None for f in folders)


def test_the_top_level_holds_at_most_ten_modules():
    assert len(list(PACKAGE.glob("*.py"))) <= 10


@pytest.mark.parametrize(
    "line",
    [
        "from aictdata.build.site import build_site",
        "from aictdata import build",
        "import aictdata.build.site",
        "if TYPE_CHECKING:\n    from aictdata.build.site import BuildContext",
        "def f():\n    from aictdata.exporters import ics",
    ],
)
def test_the_rule_sees_every_form_of_upward_import(line, tmp_path):
    """Control: a model module importing a higher layer, written each way, is caught."""
    probe = tmp_path / "probe.py"
    probe.write_text(line + "\n", "utf-8")
    model = layer_of("aictdata.model")
    assert any((layer_of(m) or 0) > model for m in imported_modules(probe)), line


def format_of(module: str) -> str | None:
    """`aictdata.exporters.datapackage.tables` -> `datapackage`; the shared context and the
    registry belong to no format."""
    parts = module.split(".")
    if parts[:2] != ["aictdata", "exporters"] or len(parts) < 3:
        return None
    return None if parts[2] in ("context", "__init__") else parts[2]


EXPORTER_SOURCES = [p for p in SOURCES if format_of(module_name(p))]

EMBEDS = {"html": {"jsonld"}}
"""The one exception: each page embeds, byte for byte, the schema.org markup of its
`.jsonld` file (Google reads it there), so the pages call the markup's builders."""


@pytest.mark.parametrize("path", EXPORTER_SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_exporter_imports_another_format(path):
    """Exporters never talk to each other: shared logic lives below them (words, output)."""
    own = format_of(module_name(path))
    others = {format_of(m) for m in imported_modules(path)} - {None, own}
    assert others <= EMBEDS.get(own, set())


def test_the_format_rule_sees_a_sibling_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from aictdata.exporters.jsonld import edition_event\n", "utf-8")
    assert {format_of(m) for m in imported_modules(probe)} - {None, "html"} == {"jsonld"}
