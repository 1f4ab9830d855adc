"""`aictdata publish datagouv`: the dataset of the Rencontres on data.gouv.fr (API v1).

What it sends (API v1, `X-API-KEY` header; facts from udata's source, opendatateam/udata:
udata/api/__init__.py for the key and its 401s, udata/core/user/api.py for
`/me/org_datasets/`, udata/core/dataset/models.py for checksum types and resource
file types, and data.gouv.fr's guide "Gérer un jeu de données par l'API"):

- one dataset: title, description, `license: lov2` (Licence Ouverte 2.0, the package's
  `etalab-2.0`), `frequency: irregular` (the programme changes when it changes, a new
  edition comes yearly), tags (the package's keywords, as slugs), `temporal_coverage`
  (first to last day of the editions) and `extras["aictdata:series"]`, its stable key;
- one *remote* resource per published file, pointing at the deployed site: every file the
  package lists (the CSV tables, editions.json, each edition's JSON), datapackage.json
  itself, data/openagenda.json and the feeds (calendar.ics, <edition>/calendar.ics), each
  with `checksum: {type: sha256, value}` and `filesize` from the build's manifest,
  `extras["aictdata:path"]`, its stable key, and `extras["aictdata:sha256"]`.

Remote rather than uploaded: the site is where the files live and are linked from
(calendars are subscribed to the feeds' own URL, and datapackage.json names its tables by
relative path, which only holds where they sit side by side); an uploaded copy would be a
second address that goes stale between two publications. Deploy the site first, check it
(`aictdata check`), then publish.

Idempotent, and safe to interrupt: "our" dataset is the one of `/me/org_datasets/` whose
extras name the series (the key's own datasets and its organisations', private included),
so a run stopped after creating it finds it again instead of creating another; a resource
is ours by its path in extras, and is written only when what we would send differs (a
changed file: its SHA-256 differs, only its resource is updated). The SHA-256 compared is
the one we keep in extras rather than `checksum` and `filesize`, which the platform's own
analysis of a remote file may rewrite in its forms: a second run must not undo that at
every publication. The dataset is created
private and made public by the run that has completed all its resources. Nothing is ever
deleted: a resource of ours that the build no longer has is reported, left in place.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urljoin

from aictdata.errors import PublishError
from aictdata.i18n import _
from aictdata.net.http import Client, HttpOptions, Secrets, clean_key
from aictdata.output import layout
from aictdata.output.mediatypes import media_type
from aictdata.publish import Report
from aictdata.publish.site import VerifiedSite, verify

DEMO_API = "https://demo.data.gouv.fr/api/1/"
DEFAULT_API = DEMO_API
"""Without --production: the demo instance, whose accounts and data are for trials."""
PRODUCTION_API = "https://www.data.gouv.fr/api/1/"
KEY_VARIABLE = "AICTDATA_DATAGOUV_API_KEY"
LICENSE = "lov2"
FREQUENCY = "irregular"
EXTRAS_SERIES = "aictdata:series"
EXTRAS_PATH = "aictdata:path"
EXTRAS_SHA256 = "aictdata:sha256"
_DATASET_FIELDS = ("title", "description", "license", "frequency", "tags", "temporal_coverage")
_RESOURCE_FIELDS = (
    "title",
    "description",
    "url",
    "filetype",
    "type",
    "format",
    "mime",
    "extras",
)
_TAG_MIN, _TAG_MAX = 3, 96
"""udata's bounds on a tag's length (udata/tags.py)."""


REQUIRED = (layout.DATAPACKAGE, layout.DATA_ALL_EDITIONS)
"""Verified before anything is read: the list of the other files comes from them."""


def publish(
    site: VerifiedSite,
    *,
    api_url: str,
    key: str | None,
    organization: str | None,
    options: HttpOptions,
    dry_run: bool,
    plan: bool = False,
) -> Report:
    """Create or update the dataset of `site` on the data.gouv.fr instance at `api_url`;
    with `dry_run`, send nothing; with `plan`, read what is online (with the key) and
    change nothing, so that the report says what a publication would change."""
    package = site.read_json(layout.DATAPACKAGE)
    editions = site.read_json(layout.DATA_ALL_EDITIONS)
    resources = resource_bodies(site, package, editions)
    verify(site, [r["extras"][EXTRAS_PATH] for r in resources])
    dataset = dataset_body(package, editions)
    key = clean_key(KEY_VARIABLE, key)
    if (plan or not dry_run) and not key:
        message = _("set {variable} to your data.gouv.fr API key (see the README)")
        raise PublishError(message.format(variable=KEY_VARIABLE))
    client = Client(
        platform="data.gouv.fr",
        base_url=api_url,
        auth=lambda: {"X-API-KEY": key or ""},
        shown_auth=f"X-API-KEY: ${KEY_VARIABLE}",
        secrets=Secrets(key),
        options=options,
        dry_run=dry_run or plan,
        reads_online=plan,
    )
    try:
        return _run(client, dataset, resources, organization)
    finally:
        client.close()


def _run(
    client: Client,
    dataset: dict[str, Any],
    resources: list[dict[str, Any]],
    organization: str | None,
) -> Report:
    created: list[str] = []
    updated: list[str] = []
    notes: list[str] = []
    series = dataset["extras"][EXTRAS_SERIES]
    listed = client.call("GET", "me/org_datasets/", expect=list) or []
    mine = [
        d
        for d in _objects(client, listed, "me/org_datasets/")
        if _extras(d).get(EXTRAS_SERIES) == series
    ]
    if len(mine) > 1:
        ids = ", ".join(str(d.get("id")) for d in mine)
        raise PublishError(
            _(
                "data.gouv.fr: {count} datasets carry {key}={series} ({ids}): keep one, delete"
                " the others on the site, and run again"
            ).format(count=len(mine), key=EXTRAS_SERIES, series=series, ids=ids)
        )
    if mine:
        dataset_id = str(client.required(mine[0], "id", method="GET", path="me/org_datasets/"))
        current = client.call("GET", f"datasets/{quote(dataset_id)}/") or {}
    else:
        body = {**dataset, "private": True}
        if organization:
            body["organization"] = organization
        answer = client.call("POST", "datasets/", body=body)
        if client.dry_run:  # the placeholder is printed, never sent
            dataset_id, current = "{dataset-id}", {**body, "resources": []}
        else:
            dataset_id = str(client.required(answer, "id", method="POST", path="datasets/"))
            current = answer
        created.append(_("dataset {title}").format(title=dataset["title"]))
    base = f"datasets/{quote(dataset_id, safe='{}')}/"
    if mine and _differs(dataset, current, _DATASET_FIELDS):
        # `private` as it is: a resumed run must not make the dataset public before its end
        client.call("PUT", base, body={**dataset, "private": current.get("private", False)})
        updated.append(_("dataset metadata"))
    ours: dict[str, dict[str, Any]] = {}
    held = current.get("resources") or []
    for resource in _objects(client, held if isinstance(held, list) else [held], base):
        path = _extras(resource).get(EXTRAS_PATH)
        if path in ours:
            message = _("two resources carry {key}={path}: the second is left alone")
            notes.append(message.format(key=EXTRAS_PATH, path=path))
        elif path:
            ours[path] = resource
    unchanged = 0
    for body in resources:
        path = body["extras"][EXTRAS_PATH]
        existing = ours.pop(path, None)
        if existing is None:
            client.call("POST", base + "resources/", body=body)
            created.append(path)
        elif _differs(body, existing, _RESOURCE_FIELDS):
            rid = str(client.required(existing, "id", method="GET", path=base))
            client.call("PUT", base + f"resources/{quote(rid)}/", body=body)
            updated.append(path)
        else:
            unchanged += 1
    notes += [
        _("{path}: no longer built, its resource is left as it is").format(path=path)
        for path in sorted(ours)
    ]
    if current.get("private", False) is not False:
        client.call("PUT", base, body={"private": False})
        updated.append(_("dataset made public (all its resources are in place)"))
    return Report(
        "data.gouv.fr",
        client.shown(base),
        tuple(created),
        tuple(updated),
        unchanged,
        tuple(notes),
        tuple(client.planned),
    )


def _objects(client: Client, items: list[Any], path: str) -> list[dict[str, Any]]:
    """`items`, each a JSON object as the API documents; else one line, no traceback."""
    if all(isinstance(item, dict) for item in items):
        return items
    raise PublishError(
        client.line(
            _(
                "data.gouv.fr: {path}: a listed item is not a JSON object, as the API documents"
            ).format(path=client.shown(path))
        )
    )


def _extras(item: dict[str, Any]) -> dict[str, Any]:
    extras = item.get("extras")
    return extras if isinstance(extras, dict) else {}


def _differs(ours: dict[str, Any], theirs: dict[str, Any], names: tuple[str, ...]) -> bool:
    """Whether the platform's copy differs from what we would send, field by field, in the
    forms udata answers with (tags in any order, dates possibly as date-times, our own
    keys among other extras)."""
    for name in names:
        mine, other = ours.get(name), theirs.get(name)
        if name == "tags":
            mine, other = sorted(mine or []), sorted(other or [])
        elif name == "temporal_coverage" and isinstance(other, dict):
            other = {k: str(v)[:10] for k, v in other.items() if k in ("start", "end")}
        elif name == "extras":
            other = {k: (other or {}).get(k) for k in mine}
        if mine != other:
            return True
    return False


# --- what is sent -----------------------------------------------------------------------


def dataset_body(package: dict[str, Any], editions: dict[str, Any]) -> dict[str, Any]:
    """The dataset's metadata, from the validated package and the editions' dates."""
    days = [e["start_date"] for e in editions["editions"]] + [
        e["end_date"] for e in editions["editions"]
    ]
    description = (
        f"{package['description']}\n\n"
        f"Site des Rencontres : {package['homepage']}\n\n"
        f"Paquet de données (Frictionless Data Package) : {package['id']}"
    )
    body: dict[str, Any] = {
        "title": package["title"],
        "description": description,
        "license": LICENSE,
        "frequency": FREQUENCY,
        "tags": sorted({t for t in map(tag, package.get("keywords", [])) if t}),
        "extras": {EXTRAS_SERIES: package["name"]},
    }
    if days:
        body["temporal_coverage"] = {"start": min(days), "end": max(days)}
    return body


def resource_bodies(
    site: VerifiedSite, package: dict[str, Any], editions: dict[str, Any]
) -> list[dict[str, Any]]:
    """One remote resource per published file, in a fixed order: the package's own files
    (its order), datapackage.json, openagenda.json, then the feeds."""
    base = package["homepage"]
    entries = [
        (
            f"{layout.DATA_DIR}/{r['path']}",
            f"{r['title']} ({PurePosixPath(r['path']).name})",
            r.get("description", ""),
        )
        for r in package["resources"]
    ]
    entries += [
        (
            layout.DATAPACKAGE,
            "Description du paquet de données (datapackage.json)",
            "Métadonnées Frictionless Data Package : licence, sources, schéma de chaque table.",
        ),
        (
            layout.DATA_OPENAGENDA,
            "Créneaux au format OpenAgenda (openagenda.json)",
            "Les créneaux du programme comme événements OpenAgenda (API v2), annulés compris.",
        ),
        (
            layout.ALL_CALENDAR,
            "Agenda de toutes les éditions (calendar.ics)",
            "Flux iCalendar à suivre dans un agenda : chaque créneau de chaque édition.",
        ),
    ]
    entries += [
        (
            layout.edition_calendar_of(e["id"]),
            f"Agenda de l’édition {e['id']} (calendar.ics)",
            f"Flux iCalendar de l’édition {e['id']}.",
        )
        for e in editions["editions"]
    ]
    bodies = []
    for path, title, description in entries:
        expected = site.files.get(path)
        if expected is None:
            message = _("{site}: the build has no {path}: rebuild the whole site")
            raise PublishError(message.format(site=site.root, path=path))
        bodies.append(
            {
                "title": title,
                "description": description,
                "url": urljoin(base, quote(path)),
                "filetype": "remote",
                "type": "main",
                "format": PurePosixPath(path).suffix.lstrip("."),
                "mime": media_type(path).split(";")[0],
                "filesize": expected.bytes,
                "checksum": {"type": "sha256", "value": expected.sha256},
                "extras": {EXTRAS_PATH: path, EXTRAS_SHA256: expected.sha256},
            }
        )
    return bodies


def tag(keyword: str) -> str:
    """A keyword as a udata tag: lower-case ASCII slug, 3 to 96 characters ('' if shorter)."""
    spaced = "".join(c if c.isalnum() else " " for c in keyword.lower())  # l’AICT: two words
    words = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().split()
    slug = "-".join(words)[:_TAG_MAX].strip("-")
    return slug if len(slug) >= _TAG_MIN else ""
