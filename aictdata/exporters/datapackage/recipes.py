"""How each tool a developer opens data with reads the tables right: the code of the data
README's « Charger les tables » section (its prose is in the README's template,
aictdata/templates/data/README.md.j2, printed by `aictdata.exporters.datapackage.readme`).

Every tool guesses a CSV column's type when not told, and guesses wrong here: pandas
reads `postal_code` « 75116 » and `phone` « +33153418181 » as integers (the `+` is lost,
a leading zero too), refuses a column of date-times whose offsets differ (summer and
winter) unless told `utc=True`, and takes a title « NA » for a missing value. So each
recipe below gives the types, derived from the same `Table` definitions as the CSV
files and their Table Schemas (a column added to a table appears in every recipe):

- pandas: one `load(name)` function that reads the types from datapackage.json, and
  `load_sheet(name)` for the workbook (read_excel infers numbers from text cells too);
- DuckDB: one `read_csv` per table with every column's SQL type, no detection;
- R (readr): one `read_csv` per table with its compact `col_types`;
- a spreadsheet: the workbook, whose cells carry their types.

tests/exporters/test_datapackage_readme.py runs the pandas and DuckDB recipes as printed.
"""

from __future__ import annotations

from aictdata.exporters.datapackage.tables import Table
from aictdata.output import layout
from aictdata.words.outputs import F_, Words

DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "date": "DATE",
    "datetime": "TIMESTAMPTZ",
}
READR_TYPES = {"string": "c", "integer": "i", "number": "d", "date": "D", "datetime": "T"}

PANDAS = '''\
import json

import pandas as pd

PACKAGE = json.load(open("datapackage.json", encoding="utf-8"))
RESOURCES = {{r["name"]: r for r in PACKAGE["resources"] if r.get("type") == "table"}}
DTYPES = {{"string": "string", "integer": "Int64", "number": "Float64"}}


def load(name):
    """{load}"""
    if name not in RESOURCES:  # {undescribed}
        return pd.read_csv(f"{{name}}.csv", dtype="string")
    fields = RESOURCES[name]["schema"]["fields"]
    table = pd.read_csv(
        RESOURCES[name]["path"],
        dtype={{f["name"]: DTYPES[f["type"]] for f in fields if f["type"] in DTYPES}},
        parse_dates=[f["name"] for f in fields if f["type"] == "date"],
        keep_default_na=False,  # {na_text}
        na_values=[""],  # {na_empty}
    )
    for f in fields:
        if f["type"] == "datetime":  # {offsets}
            table[f["name"]] = pd.to_datetime(table[f["name"]], utc=True)
    return table


def load_sheet(name):
    """{load_sheet}"""
    fields = RESOURCES[name]["schema"]["fields"] if name in RESOURCES else []
    texts = {{f["name"]: "string" for f in fields if f["type"] == "string"}}
    return pd.read_excel(
        "{workbook}",
        sheet_name=name,
        dtype=texts if fields else "string",
        keep_default_na=False,
        na_values=[""],
    )


sessions = load("sessions")
'''
"""The pandas recipe; its comments in the README's language ({names} from `pandas`)."""


def pandas(w: Words) -> str:
    return PANDAS.format(
        load=w(F_("Une table, chaque colonne du type que dit son Table Schema.")),
        undescribed=w(F_("table sans ligne, non décrite : son en-tête seul")),
        na_text=w(F_("« NA », « null » sont des textes")),
        na_empty=w(F_("seule une cellule vide est une valeur absente")),
        offsets=w(F_("décalages d’été et d’hiver : des instants UTC")),
        load_sheet=w(
            F_(
                "Une feuille du classeur, ses colonnes de texte en textes (sans cela, pandas"
                " lit « +33153418181 » et les codes postaux comme des nombres)."
            )
        ),
        workbook=workbook(),
    )


def duckdb(table: Table) -> str:
    columns = ", ".join(f"'{c.name}': '{DUCKDB_TYPES[c.type]}'" for c in table.columns)
    return (
        f"CREATE TABLE \"{table.name}\" AS SELECT * FROM read_csv('{table.path}',"
        f" header = true, auto_detect = false, columns = {{{columns}}});"
    )


def readr(table: Table) -> str:
    types = "".join(READR_TYPES[column.type] for column in table.columns)
    variable = table.name.replace("-", "_")
    return f'{variable} <- readr::read_csv("{table.path}", col_types = "{types}", na = "")'


def workbook() -> str:
    return layout.DATA_WORKBOOK.removeprefix(f"{layout.DATA_DIR}/")
