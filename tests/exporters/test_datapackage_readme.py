"""The data README's « Charger les tables » recipes, run as printed: pandas and DuckDB.

The code is taken from the built README.md (its ```python and ```sql blocks) and run in
the data folder by the real pandas and the real DuckDB; what they load is compared with
the CSV files read by the csv module and with the source YAML, never with the exporter.
R (readr) is no Python package: its lines are only checked to name every column's type.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from aictdata.build.site import build_site
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES, MINIMAL, ROOT, edit

RICH = FIXTURES / "datapackage"
SCHEMAS = ROOT / "schemas"


def blocks(data: Path, language: str, readme: str = "README.md") -> list[str]:
    text = (data / readme).read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def run_python(data: Path, monkeypatch: pytest.MonkeyPatch, readme: str = "README.md") -> dict:
    """The README's one Python block, run as printed in the data folder (which stays the
    working folder, for the functions it defines): its names."""
    [code] = blocks(data, "python", readme)
    monkeypatch.chdir(data)
    namespace: dict = {}
    exec(compile(code, readme, "exec"), namespace)
    return namespace


def csv_rows(data: Path, name: str) -> list[dict[str, str]]:
    with (data / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def tables() -> list[str]:
    return sorted(
        p.name.removesuffix(".tableschema.json") for p in SCHEMAS.glob("*.tableschema.json")
    )


def instants(rows: list[dict[str, str]], column: str) -> list[datetime]:
    return [datetime.fromisoformat(row[column]) for row in rows]


def test_pandas_recipe_loads_every_table_with_its_types(data, monkeypatch):
    namespace = run_python(data, monkeypatch)
    load = namespace["load"]
    for name in tables():
        frame = load(name)
        assert len(frame) == len(csv_rows(data, name)), name
    venues = load("venues")
    expected = [row["postal_code"] for row in csv_rows(data, "venues")]
    assert list(venues["postal_code"]) == expected and all(len(c) == 5 for c in expected)
    assert str(venues["postal_code"].dtype) == "string"
    phones = [p for p in load("contacts")["phone"] if not pd.isna(p)]
    assert phones and all(p.startswith("+") for p in phones)
    assert phones == [r["phone"] for r in csv_rows(data, "contacts") if r["phone"]]
    sessions = namespace["sessions"]
    rows = csv_rows(data, "sessions")
    assert str(sessions["starts_at"].dtype).endswith(", UTC]")
    assert [t.to_pydatetime() for t in sessions["starts_at"]] == instants(rows, "starts_at")
    assert {row["starts_at"][19:] for row in rows} >= {"+02:00"}
    assert list(sessions["title"]) == [row["title"] for row in rows]  # never a number, "NA"...


def test_pandas_recipe_reads_mixed_summer_and_winter_offsets(monkeypatch, tmp_path):
    build_site(load_catalog(RICH), tmp_path / "site", only=["datapackage"])
    data = tmp_path / "site" / "data"
    namespace = run_python(data, monkeypatch)
    rows = csv_rows(data, "sessions")
    assert {row["starts_at"][19:] for row in rows} == {"+01:00", "+02:00"}
    starts = namespace["sessions"]["starts_at"]
    assert [t.to_pydatetime() for t in starts] == instants(rows, "starts_at")
    paris = starts.dt.tz_convert("Europe/Paris").dt.strftime("%Y-%m-%dT%H:%M:%S")
    assert list(paris) == [row["starts_at"][:19] for row in rows]


def test_duckdb_recipe_loads_every_table_with_its_types(data, monkeypatch):
    [sql] = blocks(data, "sql")
    monkeypatch.chdir(data)
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    statements = [line for line in sql.splitlines() if line.strip()]
    assert len(statements) == len(tables())
    for statement in statements:
        connection.execute(statement)
    for name in tables():
        [(count,)] = connection.execute(f'SELECT count(*) FROM "{name}"').fetchall()
        assert count == len(csv_rows(data, name)), name
    postal = connection.execute('SELECT postal_code FROM "venues"').fetchall()
    assert [p for (p,) in postal] == [row["postal_code"] for row in csv_rows(data, "venues")]
    phones = connection.execute('SELECT phone FROM "contacts" WHERE phone IS NOT NULL').fetchall()
    assert phones and all(p.startswith("+") for (p,) in phones)
    rows = csv_rows(data, "sessions")
    starts = connection.execute('SELECT starts_at, title FROM "sessions"').fetchall()
    assert [s for s, _ in starts] == instants(rows, "starts_at")
    assert [t for _, t in starts] == [row["title"] for row in rows]


def test_readr_recipe_gives_every_column_a_type(data):
    [code] = blocks(data, "r")
    lines = code.splitlines()
    assert len(lines) == len(tables())
    letters = {"string": "c", "integer": "i", "number": "d", "date": "D", "datetime": "T"}
    for line in lines:
        path, types = re.search(
            r'read_csv\("([^"]+)", col_types = "([a-zA-Z]+)", na = ""\)', line
        ).groups()
        schema = json.loads(
            (SCHEMAS / path.replace(".csv", ".tableschema.json")).read_text("utf-8")
        )
        assert types == "".join(letters[f["type"]] for f in schema["fields"]), path
        with (data / path).open(encoding="utf-8", newline="") as handle:
            assert len(next(csv.reader(handle))) == len(types)


def test_pandas_workbook_recipe_keeps_phones_and_postal_codes_as_text(data, monkeypatch):
    namespace = run_python(data, monkeypatch)
    load_sheet = namespace["load_sheet"]
    for name in tables():
        assert len(load_sheet(name)) == len(csv_rows(data, name)), name
    venues = load_sheet("venues")
    assert list(venues["postal_code"]) == [r["postal_code"] for r in csv_rows(data, "venues")]
    phones = [p for p in load_sheet("contacts")["phone"] if not pd.isna(p)]
    assert phones == [r["phone"] for r in csv_rows(data, "contacts") if r["phone"]]
    assert phones and all(p.startswith("+") for p in phones)


def test_the_english_readme_has_its_code_comments_in_english(data, monkeypatch):
    [code] = blocks(data, "python", "README.en.md")
    assert not re.search(r"[éèêàùç]|\b(une|des|sont|seule|feuille)\b", code), code
    assert "only an empty cell is a missing value" in code
    namespace = run_python(data, monkeypatch, "README.en.md")  # the same code, runs alike
    assert len(namespace["sessions"]) == len(csv_rows(data, "sessions"))


def test_an_edition_of_one_slot_says_it_in_the_singular(tmp_path):
    editions = tmp_path / "editions"
    shutil.copytree(MINIMAL, editions)
    edit(
        editions / "2030.yaml",
        (
            '  - id: cloture\n    date: 2030-03-31\n    start: "16:00"\n    end: "17:00"\n'
            "    title: Clôture\n    kind: closing\n",
            "",
        ),
    )
    build_site(load_catalog(editions), tmp_path / "site")
    data = tmp_path / "site" / "data"
    assert re.search(r"^- 2030 : .*, 1 créneau$", (data / "README.md").read_text("utf-8"), re.M)
    english = (data / "README.en.md").read_text("utf-8")
    assert re.search(r"^- 2030: .*, 1 slot$", english, re.M)
