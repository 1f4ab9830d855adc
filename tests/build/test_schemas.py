"""The committed JSON Schemas are exactly what the model generates."""

from __future__ import annotations

import json

from aictdata.build.schemas import schema_documents, stale_schemas
from tests.conftest import EDITIONS, ROOT


def test_committed_schemas_match_the_model():
    assert stale_schemas(ROOT / "schemas") == [], "run `aictdata schema` and commit schemas/"


def test_drift_is_detected(tmp_path):
    for name, text in schema_documents().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "edition.schema.json").write_text("{}", encoding="utf-8")
    assert stale_schemas(tmp_path) == ["edition.schema.json"]


def test_every_data_file_names_its_schema_on_the_first_line():
    for path in EDITIONS.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        expected = "series" if path.name == "series.yaml" else "edition"
        assert first == f"# yaml-language-server: $schema=../schemas/{expected}.schema.json"


def test_edition_schema_forbids_unknown_fields_and_describes_times():
    schema = json.loads(schema_documents()["edition.schema.json"])
    assert schema["additionalProperties"] is False
    start = schema["$defs"]["Session"]["properties"]["start"]
    assert start["type"] == "string" and "format" not in start
