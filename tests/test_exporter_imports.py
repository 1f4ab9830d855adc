"""Exporters know nothing of the build: the context they receive is theirs
(aictdata/exporters/context.py), and build.py imports them, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

EXPORTERS = ROOT / "aictdata" / "exporters"


def imported_modules(source: Path) -> set[str]:
    """Every module a file imports, anywhere in it (TYPE_CHECKING blocks and functions
    included): `from aictdata import build` counts as aictdata.build."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text("utf-8"), str(source))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def test_no_exporter_imports_the_build():
    sources = sorted(EXPORTERS.glob("*.py"))
    assert len(sources) >= 8
    offenders = {
        source.name: sorted(m for m in imported_modules(source) if m.startswith("aictdata.build"))
        for source in sources
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_scan_sees_every_form_of_import(tmp_path):
    """Control: each way of writing the import is caught."""
    for line in (
        "from aictdata.build import BuildContext",
        "from aictdata import build",
        "import aictdata.build",
        "if TYPE_CHECKING:\n    from aictdata.build import BuildContext",
    ):
        source = tmp_path / "exporter.py"
        source.write_text(line + "\n", "utf-8")
        assert any(m.startswith("aictdata.build") for m in imported_modules(source)), line
