"""`aictdata publish openagenda --agenda UID`: every slot upserted as an OpenAgenda event.

The bodies are those of the build's data/openagenda.json
(`aictdata.exporters.openagenda.events`), sent as
they are, with the venue's `locationUid` filled in. The API v2 contract followed
(OpenAgenda/dev-doc):

- docs/authentification.md: the secret key is exchanged for an access token by
  `POST /v2/requestAccessToken` with `{"code": KEY}`; the token (`access_token`, valid
  `expires_in` seconds) goes in the `access-token` header of every request. It is kept in
  memory for the run only, and redacted from every message like the key.
- docs/lieux/creation.md and docs/lieux/lecture.md: a place is upserted by
  `PUT /v2/agendas/{agenda}/locations/ext/{key}/{value}` (JSON body: name, address,
  countryCode…), read by `GET` on the same route; the answer holds it under `location`.
- docs/evenements/creation.md, edition.md and lecture.md: an event is upserted by
  `PUT /v2/agendas/{agenda}/events/ext/{key}/{value}` and read by `GET` on the same route;
  the answer holds it under `event`. The JSON body is the event itself, as in the
  documentation's JSON examples (the `data` key it mentions is the form-data variant).

Idempotent: each place and event is read first and written only when a field we send
differs from what OpenAgenda holds (compared in the forms it answers with: registration as
typed values, the place as an object, timings as instants). The ext routes are upserts,
so a run stopped half-way is completed by the next one, never duplicated. Nothing is ever
deleted: a cancelled or removed slot is the same event with status 6.

There is no demo instance of OpenAgenda: writing to api.openagenda.com takes an explicit
`--production` (or an `--api-url` of another server); rehearse with `--dry-run`, or on a
private test agenda.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import quote

from aictdata.errors import PublishError
from aictdata.exporters.openagenda.events import Document, read_document
from aictdata.i18n import _
from aictdata.net.http import Client, HttpOptions, Secrets, clean_key, fits_a_header
from aictdata.output import layout
from aictdata.publish import Report
from aictdata.publish.site import VerifiedSite

PRODUCTION_API = "https://api.openagenda.com/v2/"
DEFAULT_API = None
"""OpenAgenda has no demo instance: no target unless --production or --api-url."""
KEY_VARIABLE = "AICTDATA_OPENAGENDA_KEY"
REQUIRED = (layout.DATA_OPENAGENDA,)


def publish(
    site: VerifiedSite,
    *,
    agenda: str,
    api_url: str,
    key: str | None,
    options: HttpOptions,
    dry_run: bool,
    edition: str | None = None,
    plan: bool = False,
) -> Report:
    """Upsert the build's places and events into `agenda` on the API at `api_url`: all
    of them, or only `edition`'s events and its venue. With `dry_run`, send nothing; with
    `plan`, read what is online (the key exchanged for a token, then each place and event
    read) and change nothing, so that the report says what a publication would change."""
    document = read_document(site.root / layout.DATA_OPENAGENDA)
    key = clean_key(KEY_VARIABLE, key)
    if edition is not None:
        document = only_edition(document, edition)
    if (plan or not dry_run) and not key:
        message = _("set {variable} to your OpenAgenda secret key (see the README)")
        raise PublishError(message.format(variable=KEY_VARIABLE))
    secrets = Secrets(key)
    token: dict[str, str] = {}
    client = Client(
        platform="OpenAgenda",
        base_url=api_url,
        auth=lambda: {"access-token": token.get("value", "")},
        shown_auth="access-token: <token from the key>",
        secrets=secrets,
        options=options,
        dry_run=dry_run or plan,
        reads_online=plan,
    )
    try:
        answer = client.call(
            "POST",
            "requestAccessToken",
            body={"code": key if plan or not dry_run else f"${KEY_VARIABLE}"},
            authenticated=False,
            idempotent=True,  # asking for a token twice creates nothing
            changes=False,
        )
        if answer is not None:
            value = client.required(
                answer, "access_token", method="POST", path="requestAccessToken"
            )
            secrets.add(str(value))
            token["value"] = _token(str(value))
        return _run(client, document, f"agendas/{quote(agenda, safe='')}/")
    finally:
        client.close()


def only_edition(document: Document, edition: str) -> Document:
    """The part of `document` that is `edition`'s: its events (keyed `<edition>.<slot>`)
    and the places they are at. An edition with no event in the build is an error: a
    typo must not publish nothing and say it succeeded."""
    events = tuple(e for e in document.events if e.ext_id.split(".", 1)[0] == edition)
    if not events:
        known = sorted({e.ext_id.split(".", 1)[0] for e in document.events})
        message = _("no edition {edition} in the build (editions: {known})")
        raise PublishError(message.format(edition=repr(edition), known=", ".join(known)))
    used = {e.location for e in events}
    places = tuple(p for p in document.locations if p.ext_id in used)
    return replace(document, locations=places, events=events)


def _run(client: Client, document: Document, agenda: str) -> Report:
    created: list[str] = []
    updated: list[str] = []
    unchanged = 0
    key = quote(document.ext_key, safe="")
    uids: dict[str, Any] = {}
    for place in document.locations:
        route = f"{agenda}locations/ext/{key}/{quote(place.ext_id, safe='')}"
        held = _unwrap(client.call("GET", route, absent_ok=True), "location")
        if held is not None and not _differs(place.body, held):
            unchanged += 1
        else:
            (created if held is None else updated).append(place.ext_id)
            written = _unwrap(client.call("PUT", route, body=place.body), "location")
            # A dry run sends no PUT: a plan keeps the place's uid (an upsert keeps it)
            held = written if not client.dry_run else held
        if held is None and client.dry_run:  # the placeholder is printed, never sent
            uids[place.ext_id] = "{location-uid}"
        else:
            uids[place.ext_id] = client.required(held, "uid", method="PUT", path=route)
    for event in document.events:
        body = {**event.body, "locationUid": uids[event.location]}
        route = f"{agenda}events/ext/{key}/{quote(event.ext_id, safe='')}"
        held = _unwrap(client.call("GET", route, absent_ok=True), "event")
        if held is not None and not _differs(body, held):
            unchanged += 1
            continue
        client.call("PUT", route, body=body)
        (created if held is None else updated).append(event.ext_id)
    notes = tuple(
        f"{item.ext_id}: {note}"
        for item in (*document.locations, *document.events)
        for note in item.notes
    )
    return Report(
        "OpenAgenda",
        client.shown(agenda),
        tuple(created),
        tuple(updated),
        unchanged,
        notes,
        tuple(client.planned),
    )


def _token(value: str) -> str:
    """The access token as it goes in the `access-token` header: stripped of the whitespace
    around it, and refused (never shown) when it cannot travel in a header."""
    token = value.strip()
    if not fits_a_header(token):
        raise PublishError(
            _(
                "OpenAgenda: requestAccessToken answered a token that cannot be sent in an HTTP"
                " header (its value is not shown)"
            )
        )
    return token


def _unwrap(answer: Any, name: str) -> dict[str, Any] | None:
    """The object of an answer, under its documented key (or the answer itself)."""
    if not isinstance(answer, dict):
        return None
    inner = answer.get(name, answer)
    return inner if isinstance(inner, dict) else None


def _differs(ours: dict[str, Any], held: dict[str, Any]) -> bool:
    """Whether OpenAgenda's copy differs from what we send, on the fields we send."""
    return any(
        _normal(name, value) != _normal(name, _read(held, name)) for name, value in ours.items()
    )


def _read(held: dict[str, Any], name: str) -> Any:
    if name == "locationUid" and "locationUid" not in held:
        return (held.get("location") or {}).get("uid")
    return held.get(name)


def _normal(name: str, value: Any) -> Any:
    """One form for what OpenAgenda reads back differently from what it was sent."""
    if name == "registration" and isinstance(value, list):
        return [v.get("value") if isinstance(v, dict) else v for v in value]
    if name == "timings" and isinstance(value, list):
        return [
            tuple(_instant(t.get(k)) for k in ("begin", "end")) if isinstance(t, dict) else t
            for t in value
        ]
    if name == "locationUid" and value is not None:
        return str(value)
    return value


def _instant(text: Any) -> Any:
    """'2025-07-04T07:00:00.000Z' and '2025-07-04T09:00:00+02:00' are the same instant."""
    if not isinstance(text, str):
        return text
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return text
