"""An OpenAgenda API v2 that keeps its agendas in memory, for the publisher's tests.

The routes and rules of OpenAgenda's documentation (OpenAgenda/dev-doc):

- docs/authentification.md: `POST /v2/requestAccessToken` with `{"code": SECRET_KEY}`
  answers `{access_token, expires_in}`; writes need that token in the `access-token`
  header (reads take it too). The documentation gives no error body: this server answers
  401 `{"message": …}` and the publisher relies on the status alone.
- docs/lieux/creation.md, docs/lieux/lecture.md, docs/lieux/structure.md:
  `PUT|GET /v2/agendas/{agenda}/locations/ext/{key}/{value}`; `name` (≤ 100 characters),
  `address` (≤ 255) and `countryCode` (ISO 3166-1 alpha-2) are required; the answer holds
  the place under `location`, with the `uid` OpenAgenda gives it.
- docs/evenements/creation.md, edition.md, lecture.md, structure.md:
  `PUT|GET /v2/agendas/{agenda}/events/ext/{key}/{value}` (an upsert: created when the
  ext id is unknown, updated otherwise; the answer holds the event under `event`);
  `title` (≤ 140 per language) and `description` (≤ 200) required and multilingual,
  `longDescription` ≤ 10,000, `keywords` ≤ 255 characters per language, `timings`
  required (at most 800, each with an offset, ≤ 24 h, not overlapping), `attendanceMode`
  1|2|3 with `locationUid` required for 1 and 3 (a place of the agenda), `status` 1 to 6,
  `registration` ≤ 2,000 characters. Read back, registration values are typed
  (`{type, value}`), the place is a `location` object and timings are UTC instants.
- An unknown agenda is 404.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

from tests.publish.contract import Answer, ContractServer, Request

SECRET = "oa-secret-5be19d0c77a2f4e8"
AGENDA = "54321678"
MAX_TIMINGS = 800


class OpenAgendaServer(ContractServer):
    def __init__(self) -> None:
        super().__init__()
        self.tokens: set[str] = set()
        self.events: dict[tuple[str, str, str], dict] = {}
        """(agenda, ext key, ext value) -> the event as stored."""
        self.locations: dict[tuple[str, str, str], dict] = {}
        self.agendas = {AGENDA}
        self.echo_key = False
        self.echo_token = False
        """A hostile platform that refuses writes, quoting the token they carried."""
        self._uids = itertools.count(90_000_001)

    def is_session_request(self, path: str) -> bool:
        return path == "/v2/requestAccessToken"

    def route(self, request: Request) -> Answer:
        if request.path == "/v2/requestAccessToken" and request.method == "POST":
            code = (request.body or {}).get("code")
            if code != SECRET:
                shown = f" {code}" if self.echo_key else ""
                return Answer(401, {"message": f"invalid secret key{shown}"})
            token = f"tok-{next(self._uids)}-a41f"
            self.tokens.add(token)
            return Answer(200, {"access_token": token, "expires_in": 3600})
        if request.headers.get("access-token") not in self.tokens:
            return Answer(401, {"message": "access token missing, invalid or expired"})
        if self.echo_token and request.method == "PUT":
            token = request.headers["access-token"]
            return Answer(403, {"message": f"token {token} may not write to this agenda"})
        match = re.fullmatch(
            r"/v2/agendas/([^/]+)/(events|locations)/ext/([^/]+)/([^/]+)", request.path
        )
        if match is None:
            return Answer(404, {"message": "not found"})
        agenda, kind, key, value = match.groups()
        if agenda not in self.agendas:
            return Answer(404, {"message": f"agenda {agenda} not found"})
        store = self.events if kind == "events" else self.locations
        name = "event" if kind == "events" else "location"
        held = store.get((agenda, key, value))
        if request.method == "GET":
            if held is None:
                return Answer(404, {"message": f"{name} not found"})
            return Answer(200, {name: self._read(held, agenda)})
        if request.method != "PUT":
            return Answer(405, {"message": "method not allowed"})
        body = request.body
        if not isinstance(body, dict):
            return Answer(400, {"message": "a JSON object is expected"})
        errors = self._event_errors(agenda, body) if kind == "events" else _location_errors(body)
        if errors:
            return Answer(400, {"message": "validation error", "errors": errors})
        now = datetime.now(UTC).isoformat()
        stored = {
            **(held or {"uid": next(self._uids), "createdAt": now}),
            **body,
            "extIds": [{"key": key, "value": value}],
            "updatedAt": now,
        }
        store[(agenda, key, value)] = stored
        return Answer(200, {name: self._read(stored, agenda)})

    def _read(self, stored: dict, agenda: str) -> dict:
        """The read shape: typed registration, a location object, timings in UTC."""
        shown = dict(stored)
        if "registration" in shown:
            shown["registration"] = [{"type": _kind(v), "value": v} for v in shown["registration"]]
        if "timings" in shown:
            shown["timings"] = [{k: _utc(t[k]) for k in ("begin", "end")} for t in shown["timings"]]
        uid = shown.pop("locationUid", None)
        if uid is not None:
            place = next(
                p for (a, _, _), p in self.locations.items() if a == agenda and p["uid"] == uid
            )
            shown["location"] = {"uid": uid, "name": place["name"], "address": place["address"]}
        return shown

    def _event_errors(self, agenda: str, body: dict) -> list[str]:
        errors = []
        for name, limit, required in (
            ("title", 140, True),
            ("description", 200, True),
            ("longDescription", 10_000, False),
        ):
            value = body.get(name)
            if value is None:
                if required:
                    errors.append(f"{name} is required")
                continue
            if not isinstance(value, dict) or not value:
                errors.append(f"{name} must be multilingual ({{fr: …}})")
                continue
            errors += [
                f"{name}.{lang} exceeds {limit}" for lang, t in value.items() if len(t) > limit
            ]
        for lang, words in (body.get("keywords") or {}).items():
            if sum(len(w) for w in words) > 255:
                errors.append(f"keywords.{lang} exceeds 255")
        errors += _timing_errors(body.get("timings"))
        mode = body.get("attendanceMode", 1)
        if mode not in (1, 2, 3):
            errors.append("attendanceMode must be 1, 2 or 3")
        if mode in (1, 3):
            uid = body.get("locationUid")
            if not any(a == agenda and p["uid"] == uid for (a, _, _), p in self.locations.items()):
                errors.append(
                    "locationUid: a place of the agenda is required for attendanceMode 1|3"
                )
        if mode in (2, 3) and not body.get("onlineAccessLink"):
            errors.append("onlineAccessLink is required for attendanceMode 2|3")
        if body.get("status", 1) not in range(1, 7):
            errors.append("status must be 1 to 6")
        registration = body.get("registration", [])
        if sum(len(v) for v in registration) > 2000:
            errors.append("registration exceeds 2000")
        return errors

    def titles(self) -> dict[str, dict]:
        """The stored events by ext value, for the tests."""
        return {value: event for (_, _, value), event in self.events.items()}


def _location_errors(body: dict) -> list[str]:
    errors = []
    for name, limit in (("name", 100), ("address", 255)):
        if not body.get(name):
            errors.append(f"{name} is required")
        elif len(body[name]) > limit:
            errors.append(f"{name} exceeds {limit}")
    if not re.fullmatch(r"[A-Z]{2}", str(body.get("countryCode", ""))):
        errors.append("countryCode is required (ISO 3166-1 alpha-2)")
    return errors


def _timing_errors(timings: object) -> list[str]:
    if not isinstance(timings, list) or not timings:
        return ["timings is required"]
    if len(timings) > MAX_TIMINGS:
        return [f"at most {MAX_TIMINGS} timings"]
    spans = []
    for timing in timings:
        try:
            begin, end = (datetime.fromisoformat(timing[k]) for k in ("begin", "end"))
        except (KeyError, TypeError, ValueError):
            return ["each timing needs begin and end dates"]
        if begin.tzinfo is None or end.tzinfo is None:
            return ["timings need an offset"]
        if not timedelta(0) < end - begin <= timedelta(hours=24):
            return ["a timing lasts more than 0 and at most 24 hours"]
        spans.append((begin, end))
    spans.sort()
    if any(a[1] > b[0] for a, b in itertools.pairwise(spans)):
        return ["timings overlap"]
    return []


def _kind(value: str) -> str:
    if "@" in value:
        return "email"
    if re.fullmatch(r"\+?[0-9 .]+", value):
        return "phone"
    return "link"


def _utc(text: str) -> str:
    moment = datetime.fromisoformat(text).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
