"""Every relation of the data package: declared for each reference column, and true in
the data.

The descriptor read here is the one the test's own build just wrote (from
aictdata.exporters.datapackage.tables), never the committed schemas/ files: a table whose
foreign key was
dropped from the code fails here even if nobody regenerated schemas/. The rows are read
with the csv module, not frictionless, so the check does not depend on frictionless
enforcing foreign keys (it skips a relation it cannot resolve).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, edit

EDITION = (("edition_id",), ("editions", ("id",)))
ORGANISATION = ("organisations", ("scope", "id"))

EXPECTED: dict[str, dict[tuple[str, ...], tuple[str, tuple[str, ...]]]] = {
    "series": {},
    "editions": {("series_id",): ("series", ("id",))},
    "sessions": dict([EDITION]),
    "session-speakers": {("edition_id", "session_id"): ("sessions", ("edition_id", "id"))},
    "venues": dict([EDITION]),
    "access": dict([EDITION, (("edition_id", "venue_id"), ("venues", ("edition_id", "id")))]),
    "access-stops": {("edition_id", "access_id"): ("access", ("edition_id", "id"))},
    "organisations": {},
    "organisation-funders": {
        ("scope", "organisation_id"): ORGANISATION,
        ("funder_scope", "funder_id"): ORGANISATION,
    },
    "social-accounts": {("scope", "organisation_id"): ORGANISATION},
    "participations": dict([EDITION, (("organisation_scope", "organisation_id"), ORGANISATION)]),
    "contacts": dict([EDITION, (("organisation_scope", "organisation_id"), ORGANISATION)]),
    "formats": dict([EDITION]),
    "highlights": dict([EDITION]),
    "editorials": dict([EDITION]),
    "editorial-author-titles": {("edition_id",): ("editorials", ("edition_id",))},
    "editorial-paragraphs": {("edition_id",): ("editorials", ("edition_id",))},
    "changes": dict([EDITION]),
    "websites": {("series_id",): ("series", ("id",))},
}
"""Each table's references, written from the model: a slot belongs to an edition, a
speaker to a slot, an organisation is found by (scope, id)..."""

NOT_A_REFERENCE = {
    ("changes", "session_id"): "a removed slot's changes outlive its row in sessions",
}


@pytest.fixture(scope="module")
def package(rich_site: Path) -> dict:
    """The descriptor of the rich fixture's package, where every table has rows: an
    empty table is not described (package.py), so the real editions' package leaves
    out session-speakers, and changes until the programme first changes."""
    return json.loads((rich_site / "data" / "datapackage.json").read_text("utf-8"))


def tables(package: dict) -> dict[str, dict]:
    return {
        r["name"]: r for r in package["resources"] if "schema" in r and r["path"].endswith(".csv")
    }


def declared(resource: dict) -> dict[tuple[str, ...], tuple[str, tuple[str, ...]]]:
    return {
        tuple(key["fields"]): (key["reference"]["resource"], tuple(key["reference"]["fields"]))
        for key in resource["schema"].get("foreignKeys", [])
    }


def rows(built_site: Path, resource: dict) -> list[dict[str, str]]:
    with (built_site / "data" / resource["path"]).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_each_table_declares_exactly_its_references(package):
    found = tables(package)
    assert set(found) == set(EXPECTED)
    for name, resource in found.items():
        assert declared(resource) == EXPECTED[name], name


def test_every_id_column_is_in_a_foreign_key(package):
    """The rule for tables to come: a column naming another row (…_id) is a foreign key,
    unless listed in NOT_A_REFERENCE with its reason."""
    for name, resource in tables(package).items():
        covered = {field for fields in declared(resource) for field in fields}
        for column in (f["name"] for f in resource["schema"]["fields"]):
            if column.endswith("_id") and (name, column) not in NOT_A_REFERENCE:
                assert column in covered, f"{name}.{column} has no foreign key"


def test_each_foreign_key_points_at_the_primary_key_of_its_table(package):
    found = tables(package)
    for name, resource in found.items():
        for fields, (target, reference) in declared(resource).items():
            assert len(fields) == len(reference), (name, fields)
            assert tuple(found[target]["schema"]["primaryKey"]) == reference, (name, target)


@pytest.fixture(scope="module")
def rich_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data-package fixture (speakers, funders, social accounts... that the real
    editions may not have), built a second time after a slot was retitled, so that the
    table of changes has rows too: every relation has rows to check."""
    import shutil

    from aictdata.build.site import build_site
    from aictdata.memory.state import state_path
    from aictdata.source.load import load_catalog

    work = tmp_path_factory.mktemp("keys")
    editions = work / "editions"
    shutil.copytree(FIXTURES / "datapackage", editions)
    build_site(load_catalog(editions), work / "first", state_file=state_path(editions))
    edit(
        editions / "2031.yaml",
        ("title: Atelier complet", "title: Atelier complet (salle 2)"),
        ("updated: 2031-11-20T18:30:00+01:00", "updated: 2031-11-21T18:30:00+01:00"),
    )
    out = work / "site"
    build_site(load_catalog(editions), out, only=["datapackage"], state_file=state_path(editions))
    return out


def test_every_declared_relation_holds_in_the_data(built_site, rich_site):
    exercised: dict[tuple[str, tuple[str, ...]], int] = {}
    for site in (built_site, rich_site):
        found = tables(json.loads((site / "data" / "datapackage.json").read_text("utf-8")))
        for name, resource in found.items():
            for fields, (target, reference) in declared(resource).items():
                keys = {tuple(row[f] for f in reference) for row in rows(site, found[target])}
                exercised.setdefault((name, fields), 0)
                for row in rows(site, resource):
                    value = tuple(row[f] for f in fields)
                    if all(value):  # an empty reference is "none" (missingValues)
                        assert value in keys, f"{name} {value} not in {target}"
                        exercised[(name, fields)] += 1
                    else:
                        assert not any(value), f"{name}: half a reference {value}"
    unexercised = sorted(relation for relation, count in exercised.items() if count == 0)
    assert not unexercised, f"no row to check these relations on: {unexercised}"
