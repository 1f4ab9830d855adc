"""Read a built data package with the Table Schema v1 libraries, as a portal would.

    .venv/tools/tableschema-v1/bin/python tests/consumers/tableschema_v1_read.py DATAPACKAGE

Runs in the venv of those libraries (tests/consumers/tableschema-v1-requirements.txt):
`datapackage.Package` loads and validates the descriptor against the v1 profiles, then
every tabular resource is read with its Table Schema, cast (`read(keyed=True)`), with
its size and hash checked (`integrity`) and its foreign keys resolved (`relations`).
Prints one JSON object: the descriptor's errors, and for each table its rows, each value
as the library cast it (date-times in ISO 8601 with the offset they were read with), or
the error that stopped the reading.
"""

from __future__ import annotations

import datetime
import decimal
import json
import sys

import datapackage


def plain(value: object) -> object:
    if isinstance(value, datetime.datetime | datetime.date):
        return {"iso": value.isoformat(), "type": type(value).__name__}
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def main(path: str) -> None:
    package = datapackage.Package(path)
    result: dict[str, object] = {"errors": [str(e) for e in package.errors], "tables": {}}
    for resource in package.resources:
        if not resource.tabular or resource.descriptor.get("type") == "file":
            continue
        try:
            rows = resource.read(keyed=True, integrity=True, relations=False)
            resource.check_relations()
            result["tables"][resource.name] = [
                {key: plain(value) for key, value in row.items()} for row in rows
            ]
        except Exception as error:  # reported, and the test fails on it
            result["tables"][resource.name] = {"error": f"{type(error).__name__}: {error}"}
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
