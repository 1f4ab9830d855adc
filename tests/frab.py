"""The frab / c3voc schedule format's own validators, for the tests.

voc/schedule's validator/xsd/schedule.xml.xsd and validator/json/schema.json are not part
of the project: they are read from ../shared/validators/frab/ (with their source and
licence). Without them the validations skip, and fail under CI (`missing_tool`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from lxml import etree

from tests.browser import missing_tool
from tests.conftest import ROOT

VALIDATORS = ROOT.parent / "shared" / "validators" / "frab"
XSD = VALIDATORS / "schedule.xml.xsd"
JSON_SCHEMA = VALIDATORS / "schema.json"


@cache
def _xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


@cache
def _json_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(JSON_SCHEMA.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def xml_schema() -> etree.XMLSchema:
    if not XSD.is_file():
        missing_tool(f"the format's XSD is not at {XSD} (voc/schedule validator/xsd)")
    return _xsd()


def json_validator() -> jsonschema.protocols.Validator:
    if not JSON_SCHEMA.is_file():
        missing_tool(f"the format's JSON Schema is not at {JSON_SCHEMA} (voc/schedule)")
    return _json_validator()


def assert_valid(site: Path, edition: str) -> tuple[etree._ElementTree, dict[str, Any]]:
    """Both files of an edition, parsed, once the format's schemas accept them."""
    document = etree.parse(str(site / edition / "schedule.xml"))
    schema = xml_schema()
    assert schema.validate(document), schema.error_log
    data = json.loads((site / edition / "schedule.json").read_text("utf-8"))
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in json_validator().iter_errors(data)]
    assert problems == []
    return document, data
