"""A data.gouv.fr (udata) API v1 that keeps its datasets in memory, for the publisher's tests.

Only the routes the publisher uses, as udata documents and implements them:

- Authentication, udata/api/__init__.py (opendatateam/udata): the key travels in the
  `X-API-KEY` header; an unknown key is answered 401 `{"message": "Invalid API Key"}`
  on any route, a secured route without a key 401 with flask-restx's message; a write on
  an object the user does not own is 403 `{"message": "You do not have the permission to
  modify that object.", "status": 403}`.
- `GET /api/1/me/org_datasets/`, udata/core/user/api.py: "List all datasets related to me
  and my organizations", private ones included, as a JSON list.
- `POST /api/1/datasets/` (title and description required: 400 `{"errors": {field:
  [...]}, "message": "Validation error"}`), `GET|PUT /api/1/datasets/{id}/` (404 for an
  unknown id, and for a private dataset seen by another user), `POST
  /api/1/datasets/{id}/resources/` (title, url and filetype required; filetype `file` or
  `remote`), `PUT /api/1/datasets/{id}/resources/{rid}/`: data.gouv.fr's guide "Gérer un
  jeu de données par l'API" (guides.data.gouv.fr) and udata/core/dataset/api.py.
- Vocabularies refused when unknown (400): licences (`GET /api/1/datasets/licenses/`,
  `lov2` is the Licence Ouverte 2.0), frequencies (`/datasets/frequencies/`), resource
  types and checksum types (`sha1 sha2 sha256 md5 crc`, udata/core/dataset/models.py);
  tags of 3 to 96 characters (udata/tags.py).
"""

from __future__ import annotations

import itertools
import re

from tests.publish.contract import Answer, ContractServer, Request

KEY = "dg-key-7f3a9c2e51b84d06a1e2"
OTHER_KEY = "dg-key-of-someone-else-0042"
PREFIX = "/api/1/"
LICENSES = frozenset({"lov2", "odc-odbl", "cc-by", "notspecified"})
FREQUENCIES = frozenset({"unknown", "punctual", "continuous", "daily", "annual", "irregular"})
RESOURCE_TYPES = frozenset({"main", "documentation", "update", "api", "code", "other"})
FILETYPES = frozenset({"file", "remote"})
CHECKSUM_TYPES = frozenset({"sha1", "sha2", "sha256", "md5", "crc"})
UNAUTHORIZED = (
    "The server could not verify that you are authorized to access the URL requested. You"
    " either supplied the wrong credentials (e.g. a bad password), or your browser doesn't"
    " understand how to supply the credentials required."
)
FORBIDDEN = {"message": "You do not have the permission to modify that object.", "status": 403}


class DataGouvServer(ContractServer):
    def __init__(self) -> None:
        super().__init__()
        self.users = {KEY: "user-cuf", OTHER_KEY: "user-other"}
        self.organizations = {"user-cuf": {"org-cuf"}, "user-other": set()}
        self.datasets: dict[str, dict] = {}
        self.echo_key = False
        """A hostile platform that repeats the key it received in its 401 body."""
        self._ids = itertools.count(1)

    def route(self, request: Request) -> Answer:
        if not request.path.startswith(PREFIX):
            return Answer(404, {"message": "Not found"})
        key = request.headers.get("x-api-key")
        user = self.users.get(key) if key else None
        if key and user is None:
            message = "Invalid API Key" + (f" {key}" if self.echo_key else "")
            return Answer(401, {"message": message})
        parts = request.path[len(PREFIX) :].strip("/").split("/")
        secured = request.method != "GET" or parts[:1] == ["me"]
        if secured and user is None:
            return Answer(401, {"message": UNAUTHORIZED})
        match request.method, parts:
            case "GET", ["me", "org_datasets"]:
                owners = {user, *self.organizations[user]}
                return Answer(200, [d for d in self.datasets.values() if d["owner"] in owners])
            case "POST", ["datasets"]:
                return self._create_dataset(user, request.body)
            case "GET", ["datasets", ident]:
                dataset = self._visible(ident, user)
                return Answer(200, dataset) if dataset else _not_found()
            case "PUT", ["datasets", ident]:
                return self._update_dataset(user, ident, request.body)
            case "POST", ["datasets", ident, "resources"]:
                return self._create_resource(user, ident, request.body)
            case "PUT", ["datasets", ident, "resources", rid]:
                return self._update_resource(user, ident, rid, request.body)
        return Answer(405, {"message": "The method is not allowed for the requested URL."})

    # --- datasets -------------------------------------------------------------------

    def _create_dataset(self, user: str, body: object) -> Answer:
        if not isinstance(body, dict):
            return _invalid({"title": ["This field is required."]})
        errors = _dataset_errors(body, creating=True)
        owner = body.get("organization") or user
        if owner != user and owner not in self.organizations[user]:
            return Answer(403, FORBIDDEN)
        if errors:
            return _invalid(errors)
        ident = f"{next(self._ids):024x}"
        dataset = {
            "id": ident,
            "slug": _slug(body["title"]),
            "owner": owner,
            "private": bool(body.get("private", False)),
            "resources": [],
            "extras": {},
            "tags": [],
            **{k: v for k, v in body.items() if k not in ("organization",)},
        }
        self.datasets[ident] = dataset
        return Answer(201, dataset)

    def _visible(self, ident: str, user: str | None) -> dict | None:
        dataset = self.datasets.get(ident) or next(
            (d for d in self.datasets.values() if d["slug"] == ident), None
        )
        if dataset is None:
            return None
        owners = {user, *self.organizations.get(user or "", set())}
        if dataset["private"] and dataset["owner"] not in owners:
            return None
        return dataset

    def _owned(self, user: str, ident: str) -> tuple[dict | None, Answer | None]:
        dataset = self._visible(ident, user)
        if dataset is None:
            return None, _not_found()
        if dataset["owner"] not in {user, *self.organizations[user]}:
            return None, Answer(403, FORBIDDEN)
        return dataset, None

    def _update_dataset(self, user: str, ident: str, body: object) -> Answer:
        dataset, refusal = self._owned(user, ident)
        if refusal:
            return refusal
        assert dataset is not None
        if not isinstance(body, dict):
            return _invalid({"": ["expected a JSON object"]})
        errors = _dataset_errors(body, creating=False)
        if errors:
            return _invalid(errors)
        dataset.update({k: v for k, v in body.items() if k not in ("id", "owner", "resources")})
        return Answer(200, dataset)

    # --- resources -----------------------------------------------------------------

    def _create_resource(self, user: str, ident: str, body: object) -> Answer:
        dataset, refusal = self._owned(user, ident)
        if refusal:
            return refusal
        assert dataset is not None
        errors = _resource_errors(body)
        if errors:
            return _invalid(errors)
        assert isinstance(body, dict)
        resource = {"id": f"res-{next(self._ids)}", "extras": {}, **body}
        dataset["resources"].append(resource)
        return Answer(201, resource)

    def _update_resource(self, user: str, ident: str, rid: str, body: object) -> Answer:
        dataset, refusal = self._owned(user, ident)
        if refusal:
            return refusal
        assert dataset is not None
        resource = next((r for r in dataset["resources"] if r["id"] == rid), None)
        if resource is None:
            return _not_found()
        errors = _resource_errors(body)
        if errors:
            return _invalid(errors)
        assert isinstance(body, dict)
        resource.update({k: v for k, v in body.items() if k != "id"})
        return Answer(200, resource)

    def ours(self) -> list[dict]:
        """The datasets of the CUF user, for the tests' assertions."""
        return [d for d in self.datasets.values() if d["owner"] in ("user-cuf", "org-cuf")]


def _dataset_errors(body: dict, *, creating: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("title", "description"):
        if (creating or name in body) and not body.get(name):
            errors[name] = ["This field is required."]
    if "license" in body and body["license"] not in LICENSES:
        errors["license"] = ["Not a valid choice"]
    if "frequency" in body and body["frequency"] not in FREQUENCIES:
        errors["frequency"] = ["Not a valid choice"]
    for tag in body.get("tags", []):
        if not 3 <= len(tag) <= 96:
            errors["tags"] = [f"Tag '{tag}' must be between 3 and 96 characters long."]
    coverage = body.get("temporal_coverage")
    if coverage is not None and not (
        isinstance(coverage, dict) and coverage.get("start") and coverage.get("end")
    ):
        errors["temporal_coverage"] = ["start and end are required"]
    return errors


def _resource_errors(body: object) -> dict[str, list[str]]:
    if not isinstance(body, dict):
        return {"title": ["This field is required."]}
    errors: dict[str, list[str]] = {}
    for name in ("title", "url", "filetype"):
        if not body.get(name):
            errors[name] = ["This field is required."]
    if body.get("filetype") and body["filetype"] not in FILETYPES:
        errors["filetype"] = ["Not a valid choice"]
    if body.get("type", "main") not in RESOURCE_TYPES:
        errors["type"] = ["Not a valid choice"]
    if body.get("url") and not re.match(r"https?://", body["url"]):
        errors["url"] = ["Invalid URL"]
    checksum = body.get("checksum")
    if checksum is not None and (
        not isinstance(checksum, dict) or checksum.get("type") not in CHECKSUM_TYPES
    ):
        errors["checksum"] = ["Not a valid choice"]
    return errors


def _invalid(errors: dict[str, list[str]]) -> Answer:
    return Answer(400, {"errors": errors, "message": "Validation error"})


def _not_found() -> Answer:
    return Answer(404, {"message": "Not found", "status": 404})


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
