"""Programme slots as OpenAgenda events: the bodies of `site/data/openagenda.json`, which
`aictdata publish openagenda` sends as they are.

The bodies are built once, here, by pure functions of the catalog and the calendar memory;
the exporter writes them and the publisher reads the written file back (`read_document`),
so what an aggregator downloads and what OpenAgenda receives are the same bytes' data.

OpenAgenda's event and place structures (OpenAgenda/dev-doc, docs/evenements/structure.md
and docs/lieux/structure.md), and how each is met:

- `title` (required, at most 140 characters per language) and `description` (required,
  at most 200): multilingual `{fr: …}`, and `{fr: …, en: …}` for a slot whose data has
  English (`multilingual`): its title, description and place in English, the rest of
  the English version in the outputs' English words; no `en` otherwise, since nothing is
  machine-translated. A title that is too long is cut at a word with « … »,
  its full text opens `longDescription`, and the event carries a `notes` line saying so,
  which `publish openagenda` prints: cut, never silently. A place's name (≤ 100),
  address (≤ 255) or access (≤ 1,000) too long is cut the same way, with a note: a valid
  edition always builds.
- `longDescription` (markdown, at most 10,000): the slot's description, place, speakers,
  its language when the data gives it (OpenAgenda's event has no field for it), the
  edition and a link to the slot on the edition page. Markdown characters of the data
  are escaped: text stays text.
- `timings` `[{begin, end}]` with the offset of that date (RFC 3339); a timing longer than
  24 hours, or ending before it begins, is refused (BuildError): never published wrong.
- `status` 1 programmé … 6 annulé (`vocabulary.OPENAGENDA_STATUS`, the codes of the data
  package); a slot removed from the YAML, known from the calendar memory, is published with
  status 6, never deleted.
- `attendanceMode` 1 (on site): every slot takes place at the venue. A slot moved online
  keeps 1 with status 3, since mode 2 requires an `onlineAccessLink` the data never gives.
- `keywords` `{fr: […]}` (at most 255 characters in all), `registration` (links, e-mails,
  phones, at most 2,000 characters), the venue as a place with `name` (≤ 100),
  `address` (≤ 255), `countryCode`, `postalCode`, `city`, `website`, `access` (≤ 1,000);
  coordinates only when the data has them (OpenAgenda geocodes otherwise).
- Not written: `accessibility` (the documents say nothing of it), `image`, `age`, and the
  agenda's moderation `state`, which belongs to the agenda's administrators.

Each event is keyed by an external id (the `ext` routes): key = the series id, value =
`<edition>.<slot>` (a dot never occurs in a slug, so no two slots share a value); the
venue likewise, per edition (`<edition>.<venue>`), since access directions may differ.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from aictdata.errors import BuildError, UnpublishableSiteError
from aictdata.memory.state import CalendarState, SlotRecord, removed_by_edition
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.slots import Session
from aictdata.model.texts import localized
from aictdata.model.venue import Venue
from aictdata.model.vocabularies import SessionKind, Status
from aictdata.output import layout
from aictdata.words.formatting import one_line_address, rfc3339
from aictdata.words.outputs import F_, Words, words
from aictdata.words.vocabulary import (
    OPENAGENDA_STATUS,
    SESSION_KIND_LABELS,
    STATUS_LABELS,
    TRANSPORT_LABELS,
)

FORMAT = 1
TITLE_MAX = 140
DESCRIPTION_MAX = 200
LONG_DESCRIPTION_MAX = 10_000
KEYWORDS_MAX = 255
REGISTRATION_MAX = 2_000
PLACE_NAME_MAX = 100
ADDRESS_MAX = 255
ACCESS_MAX = 1_000
TIMING_MAX = timedelta(hours=24)
ATTENDANCE_OFFLINE = 1
_ABOUT = (
    "Les créneaux du programme au format des événements OpenAgenda (API v2), tels que"
    " `aictdata publish openagenda` les envoie : `events[].body` est le corps d'un"
    " événement, `locations[].body` celui d'un lieu; `extKey`/`extId` sont leurs"
    " identifiants externes. Un créneau annulé ou retiré garde son identifiant (statut 6)."
)


@dataclass(frozen=True)
class Place:
    ext_id: str
    body: dict[str, Any]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    ext_id: str
    location: str
    """ext_id of its Place: the publisher turns it into the `locationUid` OpenAgenda gave."""
    body: dict[str, Any]
    notes: tuple[str, ...] = ()
    """What was adapted to OpenAgenda's limits (a cut title), to be told to the organiser."""


@dataclass(frozen=True)
class Document:
    ext_key: str
    locations: tuple[Place, ...]
    events: tuple[Event, ...]


# --- building --------------------------------------------------------------------------


def build_document(catalog: Catalog, state: CalendarState) -> Document:
    """Every slot of every edition (programme order, then the edition's removed slots by
    time, as in the feeds) and each edition's venue; in English too where the data is."""
    return Document(
        catalog.series.id, document_places(catalog), tuple(document_events(catalog, state))
    )


def _venue_editions(catalog: Catalog) -> Iterator[tuple[Edition, Edition]]:
    """Each edition with a venue, in French and in English (an announced edition has no
    slot yet, and OpenAgenda needs a place)."""
    in_english = localized(catalog, "en")
    for edition, edition_en in zip(catalog.editions, in_english.editions, strict=True):
        if edition.venue is not None:
            yield edition, edition_en


def _edition_place(edition: Edition, edition_en: Edition) -> Place:
    place = _place(edition.venue, words("fr"))  # type: ignore[arg-type]
    if edition_en.venue is not edition.venue:
        place = _bilingual(place, _place(edition_en.venue, words("en")))  # type: ignore[arg-type]
    return place


def document_places(catalog: Catalog) -> tuple[Place, ...]:
    """One place per venue, whatever the editions held there: the latest edition's
    description of it (editions are in date order), under the venue's own id."""
    places = {
        place.ext_id: place
        for place in (_edition_place(*pair) for pair in _venue_editions(catalog))
    }
    return tuple(places.values())


def document_events(catalog: Catalog, state: CalendarState) -> Iterator[Event]:
    """The events, one edition at a time: the file is written as they come, never whole
    in memory (100,000 slots)."""
    for _edition, events in events_by_edition(catalog, state):
        yield from events


def events_by_edition(
    catalog: Catalog, state: CalendarState
) -> Iterator[tuple[Edition, Iterator[Event]]]:
    """Each edition with a venue and its events (its slots in programme order, then its
    removed slots by time, as in the feeds), made only when read: the exporter skips
    those of an edition whose lines it kept (`export`)."""
    removed = removed_by_edition(state)
    in_english = localized(catalog, "en")
    for edition, edition_en in _venue_editions(catalog):
        gone = removed.get(edition.id, [])
        yield edition, _edition_events(catalog, in_english, edition, edition_en, state, gone)


def _edition_events(
    catalog: Catalog,
    in_english: Catalog,
    edition: Edition,
    edition_en: Edition,
    state: CalendarState,
    removed: list[tuple[str, SlotRecord]],
) -> Iterator[Event]:
    french, english = words("fr"), words("en")
    place = edition.venue.id  # type: ignore[union-attr]
    shared = _EditionParts.of(catalog, edition, place, french)
    shared_en = _EditionParts.of(in_english, edition_en, place, english)
    for session, session_en in zip(edition.sessions, edition_en.sessions, strict=True):
        status = state.status_of(layout.session_uid(catalog.series, edition, session))
        event = _session_event(shared, session, french, status)
        if session_en is not session:
            english_event = _session_event(shared_en, session_en, english, status)
            event = _bilingual(event, english_event)
        yield event
    present = {s.id for s in edition.sessions}
    gone = [r for _, r in removed if r.session not in present]
    for record in sorted(gone, key=lambda r: (r.starts_at, r.session)):
        yield _removed_event(shared, record)


_Item = TypeVar("_Item", Place, Event)
_MULTILINGUAL = ("title", "description", "longDescription", "keywords", "access")


def _bilingual(french: _Item, english: _Item) -> _Item:
    """The French item with its multilingual fields' English added ({fr, en})."""
    body = {
        key: value | english.body[key] if key in _MULTILINGUAL else value
        for key, value in french.body.items()
    }
    notes = tuple(dict.fromkeys((*french.notes, *english.notes)))
    return replace(french, body=body, notes=notes)


def dumps(document: Document) -> str:
    """The document as text (see `document_text`)."""
    return "".join(document_text(document.ext_key, document.locations, document.events))


def document_text(
    ext_key: str, locations: Iterable[Place], events: Iterable[Event]
) -> Iterator[str]:
    """Deterministic text, in pieces: fixed key order, UTF-8 as is, final newline; one
    place or event per line (json's C encoder writes them: an indented dump takes its
    pure-Python path, several times slower on 10,000 slots)."""
    return document_lines(ext_key, locations, (entry_line(event) for event in events))


def document_lines(ext_key: str, locations: Iterable[Place], lines: Iterable[str]) -> Iterator[str]:
    """`document_text` from its events' lines already written (`entry_line`)."""
    yield _line({"about": _ABOUT, "format": FORMAT, "extKey": ext_key})[:-1]
    yield ',\n"locations":[\n'
    yield ",\n".join(entry_line(p) for p in locations)
    yield '\n],\n"events":[\n'
    separator = ""
    for line in lines:
        yield separator + line
        separator = ",\n"
    yield "\n]}\n"


def entry_line(item: Place | Event) -> str:
    """One place or event of the document, as its line."""
    notes = {"notes": list(item.notes)} if item.notes else {}
    location = {"location": item.location} if isinstance(item, Event) else {}
    return _line({"extId": item.ext_id, **location, "body": item.body, **notes})


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _place(venue: Venue, w: Words) -> Place:
    notes: list[str] = []
    body: dict[str, Any] = {
        "name": _fit("name", venue.name, PLACE_NAME_MAX, notes),
        "address": _fit("address", one_line_address(venue.address), ADDRESS_MAX, notes),
        "postalCode": venue.address.postal_code,
        "city": venue.address.locality,
        "countryCode": venue.address.country,
    }
    if venue.url:
        body["website"] = venue.url
    if venue.access:
        ways = "\n".join(
            w(F_("{label} : {details}")).format(
                label=w(TRANSPORT_LABELS[a.mode]), details=w.access(a)
            )
            for a in venue.access
        )
        body["access"] = {w.lang: _fit("access", ways, ACCESS_MAX, notes)}
    if venue.latitude is not None and venue.longitude is not None:
        body["latitude"] = venue.latitude
        body["longitude"] = venue.longitude
    return Place(venue.id, body, tuple(notes))


@dataclass(frozen=True)
class _EditionParts:
    """What every event of an edition shares, made once per edition rather than per slot."""

    edition: Edition
    place: str
    page: str
    description_suffix: str
    tail: str
    """The end of every long description: the edition, its theme (markdown-escaped)."""
    registration: tuple[str, ...]
    hashtag: tuple[str, ...]
    series_name: str
    words: Words

    @classmethod
    def of(cls, catalog: Catalog, edition: Edition, place: str, w: Words) -> _EditionParts:
        series = catalog.series
        theme = [w(F_("Thème : {theme}")).format(theme=edition.theme)] if edition.theme else []
        return cls(
            edition=edition,
            place=place,
            page=layout.url(series, layout.in_language(layout.edition_page(edition), w.lang)),
            description_suffix=f" – {series.short_name} {edition.id}",
            tail="\n\n".join(_markdown_text(t) for t in (edition.title, *theme)),
            registration=tuple(_registration(catalog, edition)),
            hashtag=(edition.hashtag,) if edition.hashtag else (),
            series_name=series.short_name,
            words=w,
        )


def _session_event(shared: _EditionParts, session: Session, w: Words, status: Status) -> Event:
    details = [session.description] if session.description else []
    if session.speakers:
        details.append(w(F_("Intervenants : {names}")).format(names=", ".join(session.speakers)))
    if session.language:
        details.append(language_line(session, w))
    return _event(
        shared,
        session_id=session.id,
        title=session.title,
        kind=session.kind,
        status=status,
        begin=session.starts_at,
        end=session.ends_at,
        where=session.place,
        details=details,
    )


def language_line(session: Session, w: Words) -> str:
    """« Langue : anglais », or « Langues : français, anglais » for an interpreted slot:
    OpenAgenda's event has no language field, so its long description says it."""
    names = ", ".join(w.language(code) for code in session.language)
    if len(session.language) > 1:
        return w(F_("Langues : {names}")).format(names=names)
    return w(F_("Langue : {names}")).format(names=names)


def _removed_event(shared: _EditionParts, record: SlotRecord) -> Event:
    zone = shared.edition.zone
    return _event(
        shared,
        session_id=record.session,
        title=record.title,
        kind=SessionKind(record.kind),
        status=Status.CANCELLED,
        begin=record.starts_at.astimezone(zone),
        end=record.ends_at.astimezone(zone),
        where=record.place,
        details=[
            shared.words(F_("{status} : ce créneau a été retiré du programme.")).format(
                status=shared.words(STATUS_LABELS[Status.CANCELLED])
            )
        ],
    )


def _event(
    shared: _EditionParts,
    *,
    session_id: str,
    title: str,
    kind: SessionKind,
    status: Status,
    begin: datetime,
    end: datetime,
    where: str | None,
    details: list[str],
) -> Event:
    ext_id = f"{shared.edition.id}.{session_id}"
    if not timedelta(0) < end - begin <= TIMING_MAX:
        raise BuildError(
            f"{ext_id}: OpenAgenda refuses a timing of {end - begin} (more than 0, at most 24 h)"
        )
    w = shared.words
    label = w(SESSION_KIND_LABELS[kind])
    notes: list[str] = []
    short_title = _fit("title", title, TITLE_MAX, notes)
    paragraphs = []
    if short_title != title:
        notes[-1] += "; the full title opens longDescription"
        paragraphs.append(title)
    paragraphs += details
    if where:
        paragraphs.append(w(F_("Lieu : {where}")).format(where=where))
    anchor = layout.session_anchor_of(session_id)
    link = _markdown_text(w(F_("Programme : {url}")).format(url=f"{shared.page}#{anchor}"))
    long_description = "\n\n".join([*map(_markdown_text, paragraphs), shared.tail, link])
    lang = w.lang
    body: dict[str, Any] = {
        "title": {lang: short_title},
        "description": {
            lang: _fit("description", label + shared.description_suffix, DESCRIPTION_MAX, notes)
        },
        "longDescription": {
            lang: _fit("longDescription", long_description, LONG_DESCRIPTION_MAX, notes)
        },
        "keywords": {lang: _keywords(label, shared)},
        "timings": [{"begin": rfc3339(begin), "end": rfc3339(end)}],
        "attendanceMode": ATTENDANCE_OFFLINE,
        "status": OPENAGENDA_STATUS[status],
    }
    if shared.registration:
        body["registration"] = list(shared.registration)
    return Event(ext_id, shared.place, body, tuple(notes))


def _keywords(label: str, shared: _EditionParts) -> list[str]:
    words = list(dict.fromkeys([label, shared.series_name, *shared.hashtag]))
    while sum(len(w) for w in words) > KEYWORDS_MAX:
        words.pop()
    return words


def _registration(catalog: Catalog, edition: Edition) -> list[str]:
    """How to register, as OpenAgenda's write format takes it: links, e-mails, phones."""
    values: list[str] = []
    if edition.registration and edition.registration.url:
        values.append(edition.registration.url)
    for contact in catalog.contacts(edition):
        values += [v for v in (contact.email, contact.phone) if v]
    kept: list[str] = []
    for value in dict.fromkeys(values):
        if sum(len(v) for v in kept) + len(value) <= REGISTRATION_MAX:
            kept.append(value)
    return kept


def _cut(text: str, limit: int) -> str:
    """`text`, or its start cut at a word boundary and ended by « … », within `limit`."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:–-") + "…"


def _fit(field: str, text: str, limit: int, notes: list[str]) -> str:
    """`text` within OpenAgenda's `limit` for `field`, a note added when it had to be cut."""
    cut = _cut(text, limit)
    if cut != text:
        notes.append(f"{field} cut to {limit} characters (OpenAgenda's limit)")
    return cut


_MARKDOWN = re.compile(r"([\\`*_\[\]<>])")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-]|\d+[.)])", re.MULTILINE)


@lru_cache(maxsize=4096)
def _markdown_text(text: str) -> str:
    """Plain text that markdown shows as written: emphasis, links, HTML and block markers
    from the data are escaped with a backslash (CommonMark's backslash escapes, which
    apply to punctuation only: « 1. » becomes « 1\\. », since « \\1. » shows its backslash)."""
    escaped = _MARKDOWN.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped)


# --- reading ---------------------------------------------------------------------------


def read_document(path: Path) -> Document:
    """The file a build wrote, for the publisher: refused whole if its shape is not ours."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] != FORMAT:
            raise ValueError(f"format {data['format']!r}")
        places = tuple(
            Place(p["extId"], p["body"], tuple(p.get("notes", ()))) for p in data["locations"]
        )
        events = tuple(
            Event(e["extId"], e["location"], e["body"], tuple(e.get("notes", ())))
            for e in data["events"]
        )
        ext_key = data["extKey"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UnpublishableSiteError(
            f"{path}: not an OpenAgenda file written by `aictdata build` ({error})"
        ) from error
    known = {p.ext_id for p in places}
    for event in events:
        if event.location not in known:
            raise UnpublishableSiteError(f"{path}: {event.ext_id} names no known location")
    return Document(ext_key, places, events)
