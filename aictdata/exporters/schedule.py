"""The programme for conference apps: site/<edition>/schedule.xml and schedule.json.

Giggity and EventFahrplan (Android), ConfClerk (Linux phones), pyfahrplan (a terminal),
the FOSDEM and Congress apps all read the frab / c3voc « schedule » format, which frab
and pretalx publish; its reference schemas are voc/schedule's
`validator/xsd/schedule.xml.xsd` and `validator/json/schema.json`, which the tests apply
to every file.

How the programme maps to the format:

- `conference`: the edition's title, an acronym (`aict2025`: the XSD wants
  `[a-z0-9_-]{4,}`, the JSON Schema a first character then `[a-z0-9_]{3,}`, so no inner
  hyphen), its dates, its number of days, `Europe/Paris`, and the site's and the page's
  addresses;
- one `day` per date of the edition, from its first slot's start to its last slot's end
  with that date's offset (an empty day spans midnight to midnight);
- rooms: the slot's own room and place as the data gives them (« Espace des
  partenaires »), otherwise the venue; no room is invented;
- one `event` per slot, breaks, lunch and B2B included (as in the feeds): `guid` and `id`
  from the slot's calendar UID (`layout.session_guid`, `CalendarState.number_of`), `type`
  the kind's code, `track` its French label (apps colour and filter by track), `abstract`
  the slot's description, `url` the slot on the edition's page, `persons` only when the
  data names speakers, `language` the slot's own (its codes joined by commas when it is
  interpreted: `fr,en`) or else the series' language;
- the format has no status: a cancelled slot (or one removed from the data, which the
  calendar memory still knows) stays, with « [Annulé] » before its title and its
  abstract opening with what happened, as in the ICS feeds, so that an app shows it
  crossed out in words where it was, rather than letting it vanish from a participant's
  favourites; other statuses (« [Reporté] », « [Complet] »…) are prefixed the same way;
- `version` is `programme_version`: it changes when anything an app shows changes and
  only then, from the data alone (never the clock), so that builds are byte-identical.

Both files are written from strings (no DOM library): a character that XML 1.0 cannot
carry becomes U+FFFD once, as the slot is read (`_safe`), then every text goes through
`_xml` or the JSON encoder, so that no input the model accepts yields a file the schemas
refuse.
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic_core import to_json as to_json_bytes

from aictdata.errors import BuildError
from aictdata.memory.state import CalendarState, SlotRecord, removed_by_edition
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.series import Series
from aictdata.model.slots import Session
from aictdata.model.vocabularies import SessionKind, Status
from aictdata.output import layout
from aictdata.words.formatting import rfc3339, xml_safe
from aictdata.words.vocabulary import SESSION_KIND_LABELS, STATUS_LABELS

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
GENERATOR = "aictdata"
"""No version number in `generator`: upgrading aictdata must not change the bytes."""


@dataclass(frozen=True)
class Event:
    """One slot, every value already worded as the format writes it."""

    guid: str
    number: int
    uid: str
    starts_at: datetime
    ends_at: datetime
    date: str
    """The start, RFC 3339 with that date's offset (made once: isoformat is slow)."""
    end: str
    room: str
    title: str
    kind: str
    track: str
    abstract: str
    slug: str
    url: str
    persons: tuple[tuple[str, str], ...]
    """(name, guid) of each speaker the data names."""
    changed: str
    """RFC 3339 data time of the slot's last change (the calendar memory)."""
    language: str | None
    """The slot's language(s) when the data gives them, else None: the series'."""

    @property
    def start(self) -> str:
        return f"{self.starts_at.hour:02}:{self.starts_at.minute:02}"

    @property
    def duration(self) -> str:
        minutes = int((self.ends_at - self.starts_at).total_seconds()) // 60
        return f"{minutes // 60:02}:{minutes % 60:02}"


@dataclass(frozen=True)
class Room:
    name: str
    guid: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Day:
    index: int
    day: date
    starts_at: datetime
    ends_at: datetime
    rooms: tuple[Room, ...]


@dataclass(frozen=True)
class Programme:
    """One edition's schedule, before it is written as XML or JSON."""

    version: str
    title: str
    acronym: str
    start: date
    end: date
    timezone: str
    timeslot: str
    base_url: str
    page_url: str
    xml_url: str
    json_url: str
    language: str
    tracks: tuple[tuple[str, str], ...]
    """(name, slug) of each track used, in the vocabulary's order."""
    rooms: tuple[tuple[str, str], ...]
    """(name, guid) of each room, in order of first use."""
    days: tuple[Day, ...]

    @property
    def events(self) -> Iterable[Event]:
        for day in self.days:
            for room in day.rooms:
                yield from room.events


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write schedule.xml and schedule.json for every edition."""
    state = context.calendar_state
    removed = removed_by_edition(state)
    numbers: dict[int, str] = {}
    for edition in catalog.editions:
        if edition.id in context.kept:
            continue
        programme = edition_programme(catalog, edition, state, removed.get(edition.id, ()))
        _check_numbers(programme, numbers)
        site.write_text(layout.edition_schedule_xml(edition), to_xml(programme))
        site.write_text(layout.edition_schedule_json(edition), to_json(programme))


def acronym(series: Series, edition: Edition) -> str:
    """`aict2025`: the letters and digits of the series' id after « rencontres », then
    the edition's id, valid for both schemas' acronym patterns."""
    words = [w for w in series.id.split("-") if w and w != "rencontres"] or ["aict"]
    stem = "_".join(words)
    return re.sub(r"[^a-z0-9_]", "", f"{stem}{edition.id}".replace("-", "_"))


def programme_version(edition: Edition, events: Sequence[Event], number: int) -> str:
    """The schedule's `version`: the programme's version number (`number`, from the
    calendar memory's history, 0 before the first change), the date of the programme's
    last change (the memory's LAST-MODIFIED of its latest slot, else the edition's
    `updated`), then a short hash of every fact an app shows of every slot:
    `1.2026-12-01.260c7603ab`. A slot that moves, is retitled or cancelled raises the
    number; a new description, which makes no programme version, still changes the hash;
    a rebuild of the same data changes nothing."""
    digest = hashlib.sha256()
    for event in sorted(events, key=lambda e: e.guid):
        facts = (
            event.guid,
            event.date,
            event.end,
            event.room,
            event.title,
            event.kind,
            event.track,
            event.abstract,
            event.url,
            *(name for name, _ in event.persons),
        )
        # U+001F (unit separator) and U+001E cannot occur in the model's texts.
        digest.update(("\x1f".join(facts) + "\x1e").encode("utf-8", "surrogatepass"))
    changes = [datetime.fromisoformat(e.changed) for e in events]
    latest = max(changes) if changes else edition.updated
    return f"{number}.{latest.date().isoformat()}.{digest.hexdigest()[:10]}"


def edition_programme(
    catalog: Catalog,
    edition: Edition,
    state: CalendarState,
    removed: Iterable[tuple[str, SlotRecord]] = (),
) -> Programme:
    series = catalog.series
    name = acronym(series, edition)
    events = [
        *_published(catalog, edition, state, name),
        *_removed(series, edition, state, removed, name),
    ]
    days = _days(series, edition, events)
    rooms: dict[str, str] = {}
    for day in days:
        for room in day.rooms:
            rooms.setdefault(room.name, room.guid)
    kinds = {SessionKind(e.kind) for e in events}
    return Programme(
        version=programme_version(edition, events, len(state.versions_of(edition.id))),
        title=xml_safe(edition.title),
        acronym=name,
        start=edition.start_date,
        end=edition.end_date,
        timezone=edition.timezone,
        timeslot=_timeslot(events),
        base_url=layout.url(series),
        page_url=layout.url(series, layout.edition_page(edition)),
        xml_url=layout.url(series, layout.edition_schedule_xml(edition)),
        json_url=layout.url(series, layout.edition_schedule_json(edition)),
        language=series.language,
        tracks=tuple((SESSION_KIND_LABELS[k], k.value) for k in SessionKind if k in kinds),
        rooms=tuple(rooms.items()),
        days=days,
    )


# --- slots -------------------------------------------------------------------------------


def _published(
    catalog: Catalog, edition: Edition, state: CalendarState, name: str
) -> Iterable[Event]:
    series = catalog.series
    venue = _venue_name(edition)
    for session in edition.sessions:
        uid = layout.session_uid(series, edition, session)
        record = state.slots[uid]
        status = Status(record.status)
        yield _event(
            series,
            uid=uid,
            number=state.number_of(uid),
            session_id=session.id,
            acronym=name,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            room=_room_name(session, venue),
            title=session.title,
            kind=session.kind,
            status=status,
            note=None if status is Status.SCHEDULED else f"Statut : {STATUS_LABELS[status]}",
            description=session.description,
            url=layout.session_iri(series, edition, session),
            speakers=session.speakers,
            changed=record.changed,
            language=session.language,
        )


def _removed(
    series: Series,
    edition: Edition,
    state: CalendarState,
    removed: Iterable[tuple[str, SlotRecord]],
    name: str,
) -> Iterable[Event]:
    """Slots removed from the data, as the calendar memory last knew them: cancelled,
    on their day if that day is still the edition's."""
    days = set(edition.days)
    page = layout.url(series, layout.edition_page(edition))
    for uid, record in removed:
        starts_at = record.starts_at.astimezone(edition.zone)
        if starts_at.date() not in days:
            continue
        yield _event(
            series,
            uid=uid,
            number=state.number_of(uid),
            session_id=record.session,
            acronym=name,
            starts_at=starts_at,
            ends_at=record.ends_at.astimezone(edition.zone),
            room=record.place or _venue_name(edition),  # the memory keeps no room
            title=record.title,
            kind=SessionKind(record.kind),
            status=Status.CANCELLED,
            note=f"{STATUS_LABELS[Status.CANCELLED]} : ce créneau a été retiré du programme.",
            description=None,
            url=page,
            speakers=(),
            changed=record.changed,
        )


def _event(
    series: Series,
    *,
    uid: str,
    number: int,
    session_id: str,
    acronym: str,
    starts_at: datetime,
    ends_at: datetime,
    room: str,
    title: str,
    kind: SessionKind,
    status: Status,
    note: str | None,
    description: str | None,
    url: str,
    speakers: Sequence[str],
    changed: str,
    language: Sequence[str] = (),
) -> Event:
    abstract = "\n\n".join(part for part in (note, description) if part)
    if status is not Status.SCHEDULED:
        title = f"[{STATUS_LABELS[status]}] {title}"
    return Event(
        guid=layout.session_guid(series, uid),
        number=number,
        uid=uid,
        starts_at=starts_at,
        ends_at=ends_at,
        date=rfc3339(starts_at),
        end=rfc3339(ends_at),
        room=xml_safe(room),
        title=xml_safe(title),
        kind=kind.value,
        track=SESSION_KIND_LABELS[kind],
        abstract=xml_safe(abstract),
        slug=f"{acronym}-{number}-{session_id}",
        url=url,
        persons=tuple((xml_safe(name), _person_guid(series.uid_domain, name)) for name in speakers),
        changed=changed,
        language=",".join(language) or None,
    )


def _venue_name(edition: Edition) -> str:
    """The venue's name, « Lieu à venir » while an announced edition has none."""
    return edition.venue.name if edition.venue else "Lieu à venir"


def _room_name(session: Session, venue: str) -> str:
    """Where the slot is, as the page says it (room, place), or the venue."""
    return ", ".join(part for part in (session.room, session.place) if part) or venue


@lru_cache(maxsize=4096)
def _person_guid(domain: str, name: str) -> str:
    """The format suggests uuid5 of the person's e-mail; the data gives names only, so
    uuid5 of the name in the series' namespace: one guid per name across editions."""
    return str(uuid.uuid5(layout.schedule_namespace_of(domain), f"person:{name}"))


def _days(series: Series, edition: Edition, events: list[Event]) -> tuple[Day, ...]:
    by_day: dict[date, list[Event]] = {day: [] for day in edition.days}
    for event in events:
        by_day[event.starts_at.date()].append(event)
    namespace = layout.schedule_namespace(series)
    days = []
    for index, (day, held) in enumerate(sorted(by_day.items()), start=1):
        held.sort(key=lambda e: (e.starts_at, e.ends_at, e.slug))
        rooms: dict[str, list[Event]] = {}
        for event in held:
            rooms.setdefault(event.room, []).append(event)
        if held:
            starts_at = held[0].starts_at
            ends_at = max(e.ends_at for e in held)
        else:
            starts_at = datetime.combine(day, time(0), tzinfo=edition.zone)
            ends_at = datetime.combine(day + timedelta(days=1), time(0), tzinfo=edition.zone)
        days.append(
            Day(
                index=index,
                day=day,
                starts_at=starts_at,
                ends_at=ends_at,
                rooms=tuple(
                    Room(name, str(uuid.uuid5(namespace, f"{edition.id}/room/{name}")), tuple(e))
                    for name, e in rooms.items()
                ),
            )
        )
    return tuple(days)


def _timeslot(events: Sequence[Event]) -> str:
    """The grid the programme's times fall on (`timeslot_duration`): the greatest common
    divisor of every start and end, in minutes past the hour, at most an hour."""
    step = 60
    for event in events:
        for moment in (event.starts_at, event.ends_at):
            step = math.gcd(step, moment.minute)
    return f"00:{step:02}" if step < 60 else "01:00"


def _check_numbers(programme: Programme, seen: dict[int, str]) -> None:
    for event in programme.events:
        other = seen.setdefault(event.number, event.uid)
        if other != event.uid:
            raise BuildError(
                f"{event.uid} and {other} would have the same schedule id {event.number}:"
                " give the newer slot another id (published ids never change)"
            )


# --- XML -------------------------------------------------------------------------------

_XML_TEXT = re.compile(r'[&<>"\r\n\t]')
_XML_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\r": "&#13;",
    "\n": "&#10;",
    "\t": "&#9;",
}


def _xml(value: str, *, attribute: bool = False) -> str:
    """Escaped element text or attribute value (of a text already `_safe`). `>` is
    escaped too, so `]]>` cannot occur; in an attribute, line breaks and tabs are
    character references (a parser would turn them into spaces), and CR everywhere (a
    parser would turn it into LF)."""
    if not _XML_TEXT.search(value):
        return value

    def escape(match: re.Match[str]) -> str:
        character = match.group()
        if character in "\n\t" and not attribute:
            return character
        return _XML_ESCAPES[character]

    return _XML_TEXT.sub(escape, value)


def to_xml(programme: Programme) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<schedule>",
        f'  <generator name="{GENERATOR}"/>',
        f"  <url>{_xml(programme.xml_url)}</url>",
        f"  <version>{_xml(programme.version)}</version>",
        "  <conference>",
        f"    <title>{_xml(programme.title)}</title>",
        f"    <acronym>{programme.acronym}</acronym>",
        f"    <start>{programme.start.isoformat()}</start>",
        f"    <end>{programme.end.isoformat()}</end>",
        f"    <days>{len(programme.days)}</days>",
        f"    <timeslot_duration>{programme.timeslot}</timeslot_duration>",
        f"    <base_url>{_xml(programme.base_url)}</base_url>",
        f"    <url>{_xml(programme.page_url)}</url>",
        f"    <time_zone_name>{_xml(programme.timezone)}</time_zone_name>",
    ]
    lines += [
        f'    <track name="{_xml(name, attribute=True)}" slug="{slug}"/>'
        for name, slug in programme.tracks
    ]
    lines.append("  </conference>")
    for day in programme.days:
        lines.append(
            f'  <day index="{day.index}" date="{day.day.isoformat()}"'
            f' start="{rfc3339(day.starts_at)}" end="{rfc3339(day.ends_at)}">'
        )
        for room in day.rooms:
            lines.append(f'    <room name="{_xml(room.name, attribute=True)}" guid="{room.guid}">')
            lines += [_xml_event(event, programme.language) for event in room.events]
            lines.append("    </room>")
        lines.append("  </day>")
    lines.append("</schedule>")
    return "\n".join(lines) + "\n"


def _xml_event(event: Event, language: str) -> str:
    parts = [
        f'      <event guid="{event.guid}" id="{event.number}">',
        f"        <date>{event.date}</date>",
        f"        <start>{event.start}</start>",
        f"        <duration>{event.duration}</duration>",
        f"        <room>{_xml(event.room)}</room>",
        f"        <slug>{event.slug}</slug>",
        f"        <url>{_xml(event.url)}</url>",
        f"        <title>{_xml(event.title)}</title>",
        f"        <language>{_xml(event.language or language)}</language>",
        f"        <track>{_xml(event.track)}</track>",
        f"        <type>{event.kind}</type>",
        f"        <abstract>{_xml(event.abstract)}</abstract>",
    ]
    if event.persons:
        parts.append("        <persons>")
        parts += [
            f'          <person guid="{guid}">{_xml(name)}</person>' for name, guid in event.persons
        ]
        parts.append("        </persons>")
    parts.append("      </event>")
    return "\n".join(parts)


# --- JSON ------------------------------------------------------------------------------


def to_json(programme: Programme) -> str:
    """The JSON form, key order as the format's examples write it, indented by one
    space. pydantic's Rust serialiser escapes every text (quotes, backslashes, control
    characters) and writes UTF-8 as is, like `json.dumps(..., ensure_ascii=False)`,
    whose indented form is pure Python and took most of this exporter's time."""
    document: dict[str, Any] = {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR},
        "schedule": {
            "url": programme.json_url,
            "version": programme.version,
            "base_url": programme.base_url,
            "conference": {
                "acronym": programme.acronym,
                "title": programme.title,
                "start": programme.start.isoformat(),
                "end": programme.end.isoformat(),
                "daysCount": len(programme.days),
                "timeslot_duration": programme.timeslot,
                "time_zone_name": programme.timezone,
                "url": programme.page_url,
                "tracks": [{"name": n, "slug": s} for n, s in programme.tracks],
                "rooms": [{"name": n, "guid": g} for n, g in programme.rooms],
                "days": [_json_day(day, programme.language) for day in programme.days],
            },
        },
    }
    return to_json_bytes(document, indent=1).decode() + "\n"


def _json_day(day: Day, language: str) -> dict[str, Any]:
    return {
        "index": day.index,
        "date": day.day.isoformat(),
        "day_start": rfc3339(day.starts_at),
        "day_end": rfc3339(day.ends_at),
        "rooms": {room.name: [_json_event(e, language) for e in room.events] for room in day.rooms},
    }


def _json_event(event: Event, language: str) -> dict[str, Any]:
    return {
        "guid": event.guid,
        "id": event.number,
        "date": event.date,
        "start": event.start,
        "end": event.end,
        "duration": event.duration,
        "room": event.room,
        "slug": event.slug,
        "url": event.url,
        "title": event.title,
        "subtitle": None,
        "track": event.track,
        "type": event.kind,
        "language": event.language or language,
        "abstract": event.abstract,
        "description": None,
        "persons": [
            {"name": name, "public_name": name, "guid": guid} for name, guid in event.persons
        ],
        "links": [],
    }
