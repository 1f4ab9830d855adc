"""How each tool a developer opens data with reads the tables right: the data README's
« Charger les tables » section.

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

from aictdata.exporters.datapackage.tables import TABLES, Table
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
"""The pandas recipe; its comments in the README's language ({names} from `_pandas`)."""


def _pandas(w: Words) -> str:
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
        workbook=_workbook(),
    )


def section(w: Words) -> list[str]:
    """The README's lines that tell each tool how to load every table (in `w`'s language;
    the recipes themselves are the same code)."""
    return [
        w(F_("## Charger les tables")),
        "",
        w(
            F_(
                "Sans types donnés, les outils devinent, et se trompent : `postal_code` « 75116 »"
                " ou `phone` « +33153418181 » deviennent des nombres (le `+` et les zéros de tête"
                " perdus), des dates et heures de décalages différents (été, hiver) ne sont pas"
                " lues comme des instants, un titre « NA » devient une valeur absente. Chaque"
                " recette ci-dessous donne le type de chaque colonne, celui de son Table Schema."
            )
        ),
        "",
        "### Python (pandas)",
        "",
        w(
            F_(
                "Dans ce dossier : `load(nom)` lit une table avec les types de `datapackage.json`"
                " (textes en `string`, entiers en `Int64`, dates et heures en instants UTC ;"
                ' `sessions.starts_at.dt.tz_convert("Europe/Paris")` les montre à l’heure de'
                " Paris) ; `load_sheet(nom)` lit la même table dans le classeur, ses textes en"
                " textes."
            )
        ),
        "",
        "```python",
        *_pandas(w).splitlines(),
        "```",
        "",
        "### DuckDB",
        "",
        w(
            F_(
                "Une requête par table, chaque colonne de son type SQL (dates et heures en"
                " `TIMESTAMPTZ`, des instants) :"
            )
        ),
        "",
        "```sql",
        *(_duckdb(table) for table in TABLES),
        "```",
        "",
        "### R (readr)",
        "",
        w(
            F_(
                "Une ligne par table ; `col_types` donne le type de chaque colonne dans l’ordre"
                " (`c` texte, `i` entier, `d` nombre, `D` date, `T` date et heure, lue en UTC) :"
            )
        ),
        "",
        "```r",
        *(_readr(table) for table in TABLES),
        "```",
        "",
        w(F_("### Tableur (LibreOffice Calc, Excel)")),
        "",
        w(
            F_(
                "Ouvrir `{workbook}` : une feuille par table, des cellules typées (dates et"
                " heures à l’heure de Paris avec leur décalage dans la colonne `…_offset`,"
                " nombres, textes), une première feuille « À lire » (licence, sources, version,"
                " dictionnaire des données). Ouvrir un fichier CSV dans un tableur le laisse"
                " deviner les types : à éviter."
            )
        ).format(workbook=_workbook()),
        "",
    ]


def _duckdb(table: Table) -> str:
    columns = ", ".join(f"'{c.name}': '{DUCKDB_TYPES[c.type]}'" for c in table.columns)
    return (
        f"CREATE TABLE \"{table.name}\" AS SELECT * FROM read_csv('{table.path}',"
        f" header = true, auto_detect = false, columns = {{{columns}}});"
    )


def _readr(table: Table) -> str:
    types = "".join(READR_TYPES[column.type] for column in table.columns)
    variable = table.name.replace("-", "_")
    return f'{variable} <- readr::read_csv("{table.path}", col_types = "{types}", na = "")'


def _workbook() -> str:
    return layout.DATA_WORKBOOK.removeprefix(f"{layout.DATA_DIR}/")
