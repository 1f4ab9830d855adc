"""The JSON Schemas of the YAML files, generated from the model and committed in schemas/.

Editors (VS Code's YAML extension, via the `# yaml-language-server: $schema=` line) check
an organiser's file as they type; a test fails when the committed files drift from the model.
The Table Schemas of the data package's tables (`<table>.tableschema.json`, from
`aictdata.exporters.datapackage.tables`) are committed beside them, under the same drift test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aictdata.exporters.datapackage.tables import table_schema_documents
from aictdata.model.edition import Edition
from aictdata.model.series import Series

SCHEMAS_DIR = Path("schemas")
_BASE_ID = "https://raict.org/schemas/"


def _json_schema(model: type[Edition] | type[Series], name: str, title: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _BASE_ID + name,
        **schema,
        "title": title,
    }


def schema_documents() -> dict[str, str]:
    """File name -> text of every generated schema, in a stable form."""
    documents = {
        "edition.schema.json": _json_schema(
            Edition,
            "edition.schema.json",
            "Une édition des Rencontres de l’AICT (editions/<année>.yaml)",
        ),
        "series.schema.json": _json_schema(
            Series, "series.schema.json", "La série des Rencontres de l’AICT (editions/series.yaml)"
        ),
        **table_schema_documents(),
    }
    return {
        name: json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, doc in documents.items()
    }


def write_schemas(folder: Path = SCHEMAS_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(folder: Path = SCHEMAS_DIR) -> list[str]:
    """Names of committed schema files that differ from what the model generates."""
    return [
        name
        for name, text in schema_documents().items()
        if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text
    ]
