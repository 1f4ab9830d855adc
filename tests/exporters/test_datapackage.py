"""The open-data package, checked by the real frictionless 5 and read back independently.

Files are read with the csv module and frictionless, never with the exporter's own code;
expected values come from the fixtures, the source documents and the outside
vocabularies (schema.org, OpenAgenda), not from the program's output.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import frictionless
import pytest
import yaml
from click.testing import CliRunner

from aictdata.build.schemas import stale_schemas
from aictdata.build.site import build_site
from aictdata.cli import cli
from aictdata.errors import BuildError
from aictdata.exporters.context import BuildOptions
from aictdata.exporters.datapackage import files as package_files
from aictdata.exporters.datapackage.package import validate_package
from aictdata.exporters.datapackage.tables import TABLES
from aictdata.model.vocabularies import (
    FormatKind,
    Role,
    SessionKind,
    SocialNetwork,
    Status,
    TransportMode,
)
from aictdata.output import layout
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, FIXTURES, ROOT
from tests.exporters.conftest import RICH, build_data

BILINGUAL = FIXTURES / "bilingual"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(\+[0-9A-Za-z.-]+)?$")


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Path:
    return build_data(EDITIONS, tmp_path_factory.mktemp("real") / "site")


@pytest.fixture
def copy_of(tmp_path):
    def copy(data: Path) -> Path:
        target = tmp_path / "data"
        shutil.copytree(data, target)
        return target

    return copy


def descriptor(data: Path) -> dict[str, Any]:
    return json.loads((data / "datapackage.json").read_text(encoding="utf-8"))


def csv_rows(data: Path, name: str) -> list[dict[str, str]]:
    text = (data / f"{name}.csv").read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def typed_tables(data: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows as frictionless reads them, typed by the package's Table Schemas."""
    package = frictionless.Package(str(data / "datapackage.json"))
    described = {r.name for r in package.resources}
    return {
        table.name: [row.to_dict() for row in package.get_table_resource(table.name).read_rows()]
        if table.name in described
        else header_only(data, table.name)
        for table in TABLES
    }


def header_only(data: Path, name: str) -> list[dict[str, Any]]:
    """The rows of a table that the package leaves undescribed: none, its file says."""
    assert csv_rows(data, name) == [], f"{name} has rows but is not described"
    return []


def frictionless_errors(data: Path) -> list[tuple[str, str, str]]:
    report = frictionless.Package(str(data / "datapackage.json")).validate()
    errors = [("package", e.type, e.message) for e in report.errors]
    return errors + [(t.name, e.type, e.message) for t in report.tasks for e in t.errors]


def rewrite(data: Path, name: str, old: str, new: str, *, rehash: bool) -> None:
    """Edit one CSV file; with `rehash`, record its new size and hash so only `new` is wrong."""
    path = data / f"{name}.csv"
    text = path.read_bytes().decode("utf-8")
    assert old in text, f"{old!r} not in {name}.csv"
    raw = text.replace(old, new, 1).encode("utf-8")
    path.write_bytes(raw)
    if rehash:
        package = descriptor(data)
        for resource in package["resources"]:
            if resource["name"] == name:
                resource["bytes"] = len(raw)
                resource["hash"] = "sha256:" + hashlib.sha256(raw).hexdigest()
        (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")


# --- frictionless accepts the package ---------------------------------------------------


def test_frictionless_validates_the_real_package(real):
    assert frictionless_errors(real) == []


def test_frictionless_validates_the_fixture_with_hostile_text(rich):
    assert frictionless_errors(rich) == []


def test_every_table_has_keys_and_foreign_keys_are_declared(real, rich):
    assert {r["name"] for r in descriptor(rich)["resources"] if r.get("type") == "table"} == {
        table.name
        for table in TABLES
        if table.name != "changes"  # built without memory
    }
    resources = {r["name"]: r for r in descriptor(real)["resources"]}
    tables = [r for r in resources.values() if r.get("type") == "table"]
    for resource in tables:
        assert resource["schema"]["primaryKey"], resource["name"]
    sessions = resources["sessions"]["schema"]["foreignKeys"]
    assert {"fields": ["edition_id"], "reference": {"resource": "editions", "fields": ["id"]}} in (
        sessions
    )
    stops = resources["access-stops"]["schema"]["foreignKeys"]
    assert stops == [
        {
            "fields": ["edition_id", "access_id"],
            "reference": {"resource": "access", "fields": ["edition_id", "id"]},
        }
    ]


# --- a corrupted file fails, with a clear message -----------------------------------------


def test_a_table_without_rows_keeps_its_file_but_is_not_described(real):
    """README: a header-only table stays at its path, undescribed (goodtables 2.5 reports
    every column of a header-only file as a missing header)."""
    described = {r["name"] for r in descriptor(real)["resources"] if r.get("type") == "table"}
    empty = set()
    for table in TABLES:
        with (real / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        assert header == [column.name for column in table.columns]
        if rows:
            assert table.name in described
        else:
            empty.add(table.name)
    assert empty  # the real editions name no speaker yet: session-speakers.csv is empty
    references = {k.resource for t in TABLES if t.name in described for k in t.foreign_keys}
    assert described & empty == references & empty
    assert "session-speakers" not in described


def test_a_wrong_type_in_a_cell_fails_validation(real, copy_of):
    data = copy_of(real)
    rewrite(data, "access-stops", ",8\r\n", ",huit\r\n", rehash=True)
    problems = validate_package(data / "datapackage.json")
    assert len(problems) == 1
    assert problems[0].startswith("access-stops: type-error: ")
    assert '"huit"' in problems[0] and "walk_minutes" in problems[0]


def test_a_dangling_foreign_key_fails_validation(real, copy_of):
    data = copy_of(real)
    rewrite(data, "sessions", "\r\n2025,accueil,", "\r\n2099,accueil,", rehash=True)
    problems = validate_package(data / "datapackage.json")
    assert len(problems) == 1
    assert problems[0].startswith("sessions: foreign-key: ")
    assert '"2099"' in problems[0] and '"editions"' in problems[0]


def test_a_changed_byte_under_the_recorded_hash_fails_validation(real, copy_of):
    data = copy_of(real)
    recorded = next(r["hash"] for r in descriptor(data)["resources"] if r["name"] == "sessions")
    rewrite(data, "sessions", "Accueil des participants", "Accueil des participantz", rehash=False)
    problems = validate_package(data / "datapackage.json")
    assert len(problems) == 1
    assert problems[0].startswith("sessions: hash-count: ")
    assert recorded.removeprefix("sha256:") in problems[0]


def test_an_invalid_package_fails_the_build_and_keeps_the_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    catalog = load_catalog(EDITIONS)
    build_site(catalog, out, only=["datapackage"])
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def breaks_integers(value: object) -> str:
        return "x" if isinstance(value, int) else original(value)

    original = package_files.cell
    monkeypatch.setattr(package_files, "cell", breaks_integers)
    with pytest.raises(BuildError, match=r"not valid:\n  .*type-error"):
        build_site(catalog, out, only=["datapackage"], options=BuildOptions(validate=True))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_build_validate_option(make_series, tmp_path):
    folder = make_series()
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "--validate"])
    assert result.exit_code == 0, result.output
    assert frictionless_errors(out / "data") == []


# --- the files themselves ---------------------------------------------------------------


def test_csv_is_utf8_without_bom_comma_crlf_with_a_header(rich):
    for table in TABLES:
        raw = (rich / table.path).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), table.name
        raw.decode("utf-8")
        header = raw.split(b"\r\n", 1)[0].decode()
        assert header.split(",") == [c.name for c in table.columns]
        assert raw.endswith(b"\r\n")
    paragraphs = (rich / "editorial-paragraphs.csv").read_bytes()
    assert b'\r\n2031,1,"Premier paragraphe\nsur deux lignes",\r\n2031,2,Second,\r\n' in paragraphs


def test_resources_record_the_true_size_and_sha256(real):
    for resource in descriptor(real)["resources"]:
        raw = (real / resource["path"]).read_bytes()
        assert resource["bytes"] == len(raw)
        assert resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        if resource["name"] == "workbook":  # a file of the package, not a table, not text
            assert resource["type"] == "file" and "encoding" not in resource
            continue
        assert resource["encoding"] == "utf-8"
        expected = {"csv": "text/csv", "json": "application/json"}[resource["format"]]
        assert resource["mediatype"] == expected
        assert re.fullmatch(r"[a-z0-9._/-]+", resource["name"])


def test_session_times_carry_the_offset_of_their_date(real, rich):
    summer = csv_rows(real, "sessions")
    assert summer and all(RFC3339.match(r["starts_at"]) for r in summer)
    assert {r["starts_at"][-6:] for r in summer} == {"+02:00"}
    opening = next(r for r in summer if r["edition_id"] == "2025" and r["id"] == "accueil")
    assert (opening["starts_at"], opening["ends_at"]) == (
        "2025-07-04T08:00:00+02:00",
        "2025-07-04T09:00:00+02:00",
    )
    winter = {r["id"]: r for r in csv_rows(rich, "sessions") if r["edition_id"] == "2031"}
    assert winter["accueil"]["starts_at"] == "2031-12-04T09:00:00+01:00"
    assert winter["complet"]["ends_at"] == "2031-12-05T11:00:00+01:00"
    edition = next(r for r in csv_rows(rich, "editions") if r["id"] == "2031")
    assert edition["updated"] == "2031-11-20T18:30:00+01:00"


def test_frictionless_reads_the_times_as_aware_datetimes(rich):
    sessions = typed_tables(rich)["sessions"]
    rows = {r["id"]: r for r in sessions if r["edition_id"] == "2031"}
    assert rows["accueil"]["starts_at"].utcoffset() == timedelta(hours=1)
    summer = next(r for r in sessions if r["edition_id"] == "2032")
    assert summer["starts_at"].utcoffset() == timedelta(hours=2)


def test_status_is_mapped_to_schema_org_and_openagenda(rich):
    rows = {r["id"]: r for r in csv_rows(rich, "sessions") if r["edition_id"] == "2031"}
    observed = {
        key: (rows[key]["status"], rows[key]["status_schema_org"], rows[key]["status_openagenda"])
        for key in ("accueil", "annule", "complet")
    }
    assert observed == {
        "accueil": ("scheduled", "https://schema.org/EventScheduled", "1"),
        "annule": ("cancelled", "https://schema.org/EventCancelled", "6"),
        "complet": ("full", "https://schema.org/EventScheduled", "5"),
    }
    edition = next(r for r in csv_rows(rich, "editions") if r["id"] == "2032")
    assert (edition["status_schema_org"], edition["status_openagenda"]) == (
        "https://schema.org/EventPostponed",
        "4",
    )


def test_formula_like_cells_stay_as_written_in_the_canonical_csv(rich):
    sessions = {r["id"]: r for r in csv_rows(rich, "sessions") if r["edition_id"] == "2031"}
    assert sessions["accueil"]["title"] == "=1+1"
    edition = next(r for r in csv_rows(rich, "editions") if r["id"] == "2031")
    assert edition["title"] == '=HYPERLINK("http://evil.example/","clic")'
    assert edition["theme"] == '-1+1, un thème ; avec « guillemets » et "doubles"'


def test_excel_variant_has_bom_semicolons_and_neutralised_formulas(rich):
    raw = (rich / "excel" / "sessions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    accueil = next(r for r in rows if r["edition_id"] == "2031" and r["id"] == "accueil")
    assert accueil["title"] == "'=1+1"
    assert accueil["starts_at"] == "2031-12-04T09:00:00+01:00"
    assert accueil["status_openagenda"] == "1"
    venue = next(
        r
        for r in csv.DictReader(
            io.StringIO((rich / "excel" / "venues.csv").read_text("utf-8-sig"), newline=""),
            delimiter=";",
        )
        if r["edition_id"] == "2031"
    )
    assert venue["longitude"] == "-2.3522"
    excel_paths = {r["path"] for r in descriptor(rich)["resources"]}
    assert not any(path.startswith("excel/") for path in excel_paths)
    notice = (rich / "excel" / "LISEZMOI.txt").read_text(encoding="utf-8")
    assert "../aictdata.xlsx" in notice and (rich / "aictdata.xlsx").is_file()


def test_two_builds_are_byte_identical(tmp_path):
    first = build_data(RICH, tmp_path / "one")
    second = build_data(RICH, tmp_path / "two")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for path in files:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path


def test_session_rows_are_in_time_order_whatever_the_yaml_order(make_series, tmp_path):
    folder = make_series()
    edition = folder / "2030.yaml"
    text = edition.read_text(encoding="utf-8")
    head, sessions = text.split("sessions:\n")
    first, second = sessions.split("  - id: cloture\n")
    edition.write_text(f"{head}sessions:\n  - id: cloture\n{second}{first}", encoding="utf-8")
    assert [s.id for s in load_catalog(folder).editions[0].sessions] == ["cloture", "accueil"]
    rows = csv_rows(build_data(folder, tmp_path / "site"), "sessions")
    assert [r["id"] for r in rows] == ["accueil", "cloture"]
    assert [r["starts_at"][-6:] for r in rows] == ["+01:00", "+02:00"]  # 31 March 2030: DST


# --- the JSON is the model's own export ------------------------------------------------------


def test_json_equals_the_models_own_export(real, rich):
    for data, folder in ((real, EDITIONS), (rich, RICH)):
        catalog = load_catalog(folder)
        whole = json.loads((data / "editions.json").read_text(encoding="utf-8"))
        assert whole == catalog.model_dump(mode="json")
        for edition in catalog.editions:
            alone = json.loads((data / "editions" / f"{edition.id}.json").read_text("utf-8"))
            assert alone == edition.model_dump(mode="json")


def test_json_datetimes_keep_their_offsets(rich):
    whole = json.loads((rich / "editions.json").read_text(encoding="utf-8"))
    winter, summer = whole["editions"]
    assert winter["sessions"][0]["starts_at"] == "2031-12-04T09:00:00+01:00"
    assert summer["sessions"][0]["starts_at"] == "2032-06-10T08:30:00+02:00"
    assert summer["updated"] == "2032-01-15T09:00:00+01:00"


# --- round trip: the CSV files rebuild the model -----------------------------------------


def _blank_to_none(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if v == "" else v) for k, v in row.items()}


def _with_english(row: dict[str, Any]) -> dict[str, Any]:
    """A row with each `<name>_en` column folded into `<name>` as the YAML writes a text
    that has its English: `{fr, en}` (the model's export does the same)."""
    folded = {k: v for k, v in row.items() if not k.endswith("_en")}
    for key, english in row.items():
        if key.endswith("_en") and english is not None:
            folded[key[:-3]] = {"fr": row[key[:-3]], "en": english}
    return folded


def rebuild(data: Path) -> dict[str, Any]:
    """The model's JSON export, rebuilt from the typed CSV rows alone."""
    t = {
        name: [_with_english(_blank_to_none(r)) for r in rows]
        for name, rows in typed_tables(data).items()
    }

    def where(name: str, **match: Any) -> list[dict[str, Any]]:
        return [r for r in t[name] if all(r[k] == v for k, v in match.items())]

    def address(row: dict[str, Any]) -> dict[str, Any] | None:
        if row["street"] is None:
            return None
        return {k: row[k] for k in ("street", "postal_code", "locality", "country")}

    def organisations(scope: str) -> list[dict[str, Any]]:
        return [
            {
                **{k: o[k] for k in ("id", "name", "short_name", "description", "url")},
                "email": o["email"],
                "phone": o["phone"],
                "funders": [
                    f["funder_id"]
                    for f in where("organisation-funders", scope=scope, organisation_id=o["id"])
                ],
                "social": [
                    {"network": s["network"], "url": s["url"], "handle": s["handle"]}
                    for s in where("social-accounts", scope=scope, organisation_id=o["id"])
                ],
            }
            for o in where("organisations", scope=scope)
        ]

    def participation(row: dict[str, Any]) -> dict[str, Any]:
        return {"organisation": row["organisation_id"], "role": row["role"], "label": row["label"]}

    def contact(row: dict[str, Any]) -> dict[str, Any]:
        return {
            "organisation": row["organisation_id"],
            **{k: row[k] for k in ("purpose", "phone", "email")},
        }

    def declared_by_series(name: str) -> list[dict[str, Any]]:
        """Rows the series declares, as the first edition they apply to lists them."""
        for edition in t["editions"]:
            if rows := where(name, edition_id=edition["id"], scope="series"):
                return rows
        return []

    (series_row,) = t["series"]
    series = {
        **series_row,
        "organisations": organisations("series"),
        "participations": [participation(p) for p in declared_by_series("participations")],
        "contacts": [contact(c) for c in declared_by_series("contacts")],
        "websites": [{"label": w["label"], "url": w["url"]} for w in t["websites"]],
    }
    editions = []

    def number(value: object) -> float | None:
        return None if value is None else float(value)

    for e in t["editions"]:
        key = e["id"]
        venues = where("venues", edition_id=key)  # none while an edition is only announced
        editorial = where("editorials", edition_id=key)
        contacts = where("contacts", edition_id=key)
        editions.append(
            {
                "id": key,
                "number": e["number"],
                "title": e["title"],
                "theme": e["theme"],
                "status": e["status"],
                "programme_stage": e["programme_stage"],
                "start_date": e["start_date"].isoformat(),
                "end_date": e["end_date"].isoformat(),
                "timezone": e["timezone"],
                "updated": e["updated"].isoformat(),
                "source": None
                if e["source_title"] is None
                else {
                    "title": e["source_title"],
                    "file": e["source_file"],
                    "url": e["source_url"],
                },
                "venue": None
                if not venues
                else {
                    "id": venues[0]["id"],
                    "name": venues[0]["name"],
                    "address": address(venues[0]),
                    "url": venues[0]["url"],
                    "latitude": None
                    if venues[0]["latitude"] is None
                    else float(venues[0]["latitude"]),
                    "longitude": None
                    if venues[0]["longitude"] is None
                    else float(venues[0]["longitude"]),
                    "access": [
                        {
                            "id": a["id"],
                            "mode": a["mode"],
                            "lines": a["lines"].split(",") if a["lines"] else [],
                            "stops": [
                                {k: s[k] for k in ("name", "exit", "walk_minutes")}
                                for s in where("access-stops", edition_id=key, access_id=a["id"])
                            ],
                            "name": a["name"],
                            "address": address(a),
                            "directions": a["directions"],
                        }
                        for a in where("access", edition_id=key)
                    ],
                },
                "registration": None
                if e["registration_opens"] is None
                else {
                    "opens": e["registration_opens"].isoformat(),
                    "mode": e["registration_mode"],
                    "url": e["registration_url"],
                },
                "hashtag": e["hashtag"],
                "organisations": organisations(key),
                "participations": [
                    participation(p) for p in where("participations", edition_id=key, scope=key)
                ],
                "contacts": [contact(c) for c in contacts if c["scope"] == key]
                if any(c["scope"] == key for c in contacts)
                else None,
                "editorial": {
                    "label": editorial[0]["label"],
                    "author": editorial[0]["author"],
                    "author_titles": [
                        r["title"] for r in where("editorial-author-titles", edition_id=key)
                    ],
                    "heading": editorial[0]["heading"],
                    "paragraphs": [
                        r["text"] for r in where("editorial-paragraphs", edition_id=key)
                    ],
                }
                if editorial
                else None,
                "formats": [
                    {k: f[k] for k in ("kind", "label", "description")}
                    for f in where("formats", edition_id=key)
                ],
                "highlights": [h["text"] for h in where("highlights", edition_id=key)],
                "sessions": [
                    {
                        "id": s["id"],
                        "date": s["date"].isoformat(),
                        "start": s["starts_at"].time().isoformat(),
                        "end": s["ends_at"].time().isoformat(),
                        **{k: s[k] for k in ("title", "kind", "status", "place", "description")},
                        "room": s["room"],
                        "language": s["language"].split(",") if s["language"] else [],
                        "speakers": [
                            p["name"]
                            for p in where("session-speakers", edition_id=key, session_id=s["id"])
                        ],
                        "starts_at": s["starts_at"].isoformat(),
                        "ends_at": s["ends_at"].isoformat(),
                    }
                    for s in where("sessions", edition_id=key)
                ],
            }
        )
    return {"series": series, "editions": editions}


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory) -> Path:
    return build_data(BILINGUAL, tmp_path_factory.mktemp("bilingual") / "site")


@pytest.mark.parametrize("which", ["real", "rich", "bilingual"])
def test_reading_the_csv_back_reproduces_the_model(which, request):
    data = request.getfixturevalue(which)
    catalog = load_catalog({"real": EDITIONS, "rich": RICH, "bilingual": BILINGUAL}[which])
    model = catalog.model_dump(mode="json")
    # Who publishes and hosts the site (the legal notice) and the organisations' logo files
    # are the site's, not data about the events: the package leaves them out.
    del model["series"]["publication"]
    for holder in (model["series"], *model["editions"]):
        for organisation in holder["organisations"]:
            del organisation["logo"]
    assert rebuild(data) == model


def test_real_facts_read_back_from_the_csv(real):
    """A few facts of the documents, checked against the CSV with no help from the model."""
    venues = {r["edition_id"]: r for r in csv_rows(real, "venues")}
    assert venues["2024"]["name"] == "Pavillon d’Armenonville"
    assert venues["2025"]["postal_code"] == "75116"
    lines = {(r["edition_id"], r["id"]): r["lines"] for r in csv_rows(real, "access")}
    assert lines[("2024", "bus")] == "73,82,244"
    stops = [r for r in csv_rows(real, "access-stops") if r["access_id"] == "rer-c"]
    assert [(s["name"], s["walk_minutes"]) for s in stops] == [
        ("Avenue Foch", "8"),
        ("Neuilly Porte Maillot", "9"),
    ]
    roles = {
        (r["edition_id"], r["organisation_id"], r["role"]) for r in csv_rows(real, "participations")
    }
    assert ("2025", "cites-unies-france", "organizer") in roles
    assert ("2024", "pavillon-armenonville", "partner") in roles
    assert ("2025", "pavillon-armenonville", "partner") not in roles


# --- metadata ------------------------------------------------------------------------------


def test_package_metadata(real):
    package = descriptor(real)
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["name"] == "rencontres-aict"
    assert package["id"] == "http://raict.org/data/datapackage.json"
    assert package["homepage"] == "http://raict.org/"
    assert package["licenses"] == [
        {
            "name": "etalab-2.0",
            "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            "title": "Licence Ouverte / Open Licence 2.0",
        }
    ]
    assert package["contributors"][0]["title"] == "Cités Unies France"
    assert package["contributors"][0]["roles"] == ["publisher"]
    files = sorted(p for p in EDITIONS.glob("*.yaml") if p.name != "series.yaml")
    documents = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]
    by_date = sorted(documents, key=lambda d: d["start_date"])
    assert [s["title"] for s in package["sources"]] == [
        d["source"]["title"] for d in by_date if d.get("source")
    ]
    latest = max(d["updated"] for d in documents)
    assert package["created"] == latest.isoformat()  # the editions' latest `updated`
    assert SEMVER.match(package["version"])
    assert "AICT" in package["keywords"]
    assert package["title"] and package["description"]


def _version(data: Path) -> tuple[int, int, int]:
    match = SEMVER.match(descriptor(data)["version"])
    assert match
    return int(match[1]), int(match[2]), int(match[3])


def test_version_rises_when_an_edition_is_revised_or_added(make_series, tmp_path):
    base = _version(build_data(make_series(), tmp_path / "a"))
    revised = make_series(
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-02-01T10:00:00+01:00")
    )
    assert _version(build_data(revised, tmp_path / "b")) > base
    added = make_series()
    shutil.copy(RICH / "2032.yaml", added / "2032.yaml")
    assert _version(build_data(added, tmp_path / "c")) > base


def test_build_metadata_of_the_version_follows_the_facts(make_series, tmp_path):
    one = descriptor(build_data(make_series(), tmp_path / "a"))["version"]
    other = descriptor(
        build_data(make_series(("title: Accueil", "title: Bienvenue")), tmp_path / "b")
    )
    assert other["version"].split("+")[0] == one.split("+")[0]
    assert other["version"] != one


# --- Table Schemas -------------------------------------------------------------------------


def test_published_table_schemas_are_the_committed_ones(real):
    assert stale_schemas(ROOT / "schemas") == []
    for resource in descriptor(real)["resources"]:
        if resource.get("type") == "table":
            committed = ROOT / "schemas" / f"{resource['name']}.tableschema.json"
            assert resource["schema"] == json.loads(committed.read_text(encoding="utf-8"))


def test_every_field_is_described_in_french_and_english():
    for table in TABLES:
        for field in table.schema()["fields"]:
            assert field["description"].strip() and field["description_en"].strip(), field
            assert field["title"].strip()


def test_vocabularies_are_enum_constraints():
    def enum(table: str, column: str) -> set[Any]:
        fields = next(t for t in TABLES if t.name == table).schema()["fields"]
        return set(next(f for f in fields if f["name"] == column)["constraints"]["enum"])

    assert enum("sessions", "kind") == {k.value for k in SessionKind}
    assert enum("sessions", "status") == {s.value for s in Status}
    assert enum("sessions", "status_openagenda") == {1, 2, 3, 4, 5, 6}
    assert enum("access", "mode") == {m.value for m in TransportMode}
    assert enum("participations", "role") == {r.value for r in Role}
    assert enum("formats", "kind") == {k.value for k in FormatKind}
    assert enum("social-accounts", "network") == {n.value for n in SocialNetwork}


def test_postal_codes_are_text_with_a_pattern():
    fields = next(t for t in TABLES if t.name == "venues").schema()["fields"]
    postal = next(f for f in fields if f["name"] == "postal_code")
    assert postal["type"] == "string"
    pattern = re.compile(postal["constraints"]["pattern"])
    assert pattern.fullmatch("01000") and pattern.fullmatch("75116")
    assert not pattern.fullmatch("7511") and not pattern.fullmatch("75116a")


def test_a_postal_code_that_is_not_five_digits_fails_validation(rich, copy_of):
    data = copy_of(rich)
    rewrite(data, "venues", ",01000,", ",1000,", rehash=True)
    problems = validate_package(data / "datapackage.json")
    assert len(problems) == 1 and "constraint-error" in problems[0] and "pattern" in problems[0]


# --- README and imports -------------------------------------------------------------------


def test_readme_documents_the_licence_and_every_column(real):
    readme = (real / "README.md").read_text(encoding="utf-8")
    assert "Licence Ouverte / Open Licence 2.0" in readme
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in readme
    for table in TABLES:
        assert f"### {table.name} — " in readme
        for column in table.columns:
            assert f"| `{column.name}` |" in readme, (table.name, column.name)


def test_frictionless_is_imported_only_to_validate():
    code = (
        "import sys\n"
        "import aictdata.exporters.datapackage.package, aictdata.build.schemas\n"
        "print('frictionless' in sys.modules)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert completed.stdout.strip() == "False"


def test_slot_addresses_are_those_of_the_site_layout(rich):
    catalog = load_catalog(RICH)
    rows = {(r["edition_id"], r["id"]): r for r in csv_rows(rich, "sessions")}
    for edition, session in catalog.sessions():
        row = rows[(edition.id, session.id)]
        assert row["url"] == layout.session_iri(catalog.series, edition, session)
        path = layout.session_calendar(edition, session)
        assert row["calendar_url"] == layout.url(catalog.series, path)
    assert rows[("2031", "accueil")]["calendar_url"] == (
        "https://example.org/rencontres/2031/sessions/accueil.ics"
    )


def test_an_unreadable_descriptor_is_a_problem_not_a_crash(real, copy_of):
    data = copy_of(real)
    (data / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    problems = validate_package(data / "datapackage.json")
    assert len(problems) == 1 and problems[0].startswith("datapackage.json: ")
