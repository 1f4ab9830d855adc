"""The package read by the Table Schema v1 libraries that portals and pipelines still run.

tableschema and datapackage 1.x read a date-time without `format` as UTC with a `Z`, and
goodtables 2.5 reports a header-only file as missing its header: the package answers both
(`aictdata.exporters.datapackage.tables.DATETIME_FORMAT`, `datapackage.described`). They live in
a venv of their
own, .venv/tools/tableschema-v1 (tests/consumers/tableschema-v1-requirements.txt says why),
made by scripts/setup-test-tools.sh; without it these tests skip, and fail under CI.
"""

from __future__ import annotations

import csv
import json
import subprocess
from datetime import datetime
from pathlib import Path

from tests.browser import missing_tool
from tests.conftest import ROOT

TOOLS = ROOT / ".venv" / "tools" / "tableschema-v1" / "bin"
READER = ROOT / "tests" / "consumers" / "tableschema_v1_read.py"


def tool(name: str) -> str:
    path = TOOLS / name
    if not path.exists():
        missing_tool(f"{name} is not installed in {TOOLS.parent} (scripts/setup-test-tools.sh)")
    return str(path)


def csv_rows(data: Path, name: str) -> list[dict[str, str]]:
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


WORKBOOK_LIMIT = (
    "source-error",
    'Calculated size "0" and hash "" differ(s) from declared value(s)',
)
"""What goodtables 2.5 says of any .xlsx resource that declares its size and hash: it
takes every .xlsx path for a table (datapackage 1.x, non-strict) and compares the
declared values with the byte statistics of a text stream, which tabulator does not keep
for a workbook (0 and ""). The workbook declares them all the same, as every resource of
the package does (a reuser checks the download with them; frictionless 5 verifies them)."""


def test_goodtables_validates_every_table_of_the_package(data):
    """Must show: `goodtables datapackage.json`, as typed, in the data folder, finds every
    table valid; the only error it reports is its own limit on the workbook."""
    run = subprocess.run(
        [tool("goodtables"), "datapackage.json"], cwd=data, capture_output=True, text=True
    )
    errors = [line for line in run.stdout.splitlines() if line.startswith("[")]
    assert errors == [f"[-,-] [{WORKBOOK_LIMIT[0]}] {WORKBOOK_LIMIT[1]}"], run.stdout[-3000:]
    unlimited = subprocess.run(
        [tool("goodtables"), "--json", "--row-limit", "-1", "--error-limit", "-1",
         "--table-limit", "-1", "datapackage.json"],
        cwd=data, capture_output=True, text=True, check=False,
    )  # fmt: skip
    report = json.loads(unlimited.stdout)
    invalid = {
        t["resource-name"]: [(e["code"], e["message"]) for e in t["errors"]]
        for t in report["tables"]
        if not t["valid"]
    }
    assert invalid == {"workbook": [WORKBOOK_LIMIT]}
    checked = {t["resource-name"] for t in report["tables"]}
    assert {"sessions", "venues", "contacts"} <= checked
    assert report["warnings"] == []


def test_datapackage_v1_reads_every_table_with_offsets_kept(data):
    """Must show: `datapackage.Package(...).get_resource('sessions').read()` succeeds."""
    run = subprocess.run(
        [tool("python"), str(READER), "datapackage.json"],
        cwd=data, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)
    assert result["errors"] == []
    failed = {name: rows for name, rows in result["tables"].items() if isinstance(rows, dict)}
    assert failed == {}
    sessions = result["tables"]["sessions"]
    rows = csv_rows(data, "sessions")
    assert [s["starts_at"] for s in sessions] == [
        {"iso": datetime.fromisoformat(r["starts_at"]).isoformat(), "type": "datetime"}
        for r in rows
    ]
    assert [s["starts_at"]["iso"] for s in sessions] == [r["starts_at"] for r in rows]
    venues = result["tables"]["venues"]
    assert [v["postal_code"] for v in venues] == [
        r["postal_code"] for r in csv_rows(data, "venues")
    ]
    for name, table in result["tables"].items():
        assert len(table) == len(csv_rows(data, name)), name
