"""ICS calendar feeds: one for every edition together, one per edition, one per slot.

The feeds exist in French, at their published paths, and in English under en/ (every
edition's and each edition's: the one-slot files stay French). An English feed holds
the same events with the same UIDs, worded in English where the data has the English
(`multilingual`): a participant subscribes to one language, not both.

What a participant's calendar needs from a feed, and how each need is met here:

- recognise an event it already has: UID from edition id + slot id + the series' domain
  (`layout.session_uid`), never from a position, a time or randomness;
- replace its copy when a slot moves, is retitled or cancelled: SEQUENCE and LAST-MODIFIED
  come from the calendar memory (`aictdata.memory.state`), and a cancelled or removed
  slot stays in every feed with STATUS:CANCELLED instead of silently vanishing;
- show the right hour in any client: DTSTART/DTEND carry TZID=Europe/Paris and the feed
  carries that zone's VTIMEZONE written with yearly RRULEs (`aictdata.model.tzrules`), which
  Outlook reads correctly, unlike the RDATE lists of icalendar's own generator;
- stay byte-identical from build to build: DTSTAMP is the edition's `updated`, not the
  clock, and every list is in a fixed order.

Each VEVENT is serialised once by icalendar; a feed is then assembled from bytes (a
header, the VTIMEZONEs its events use, their VEVENTs, the footer), so a slot costs one
serialisation however many feeds contain it. The pieces are whole content lines ending
in CRLF, so their concatenation is a valid iCalendar stream (the tests parse every feed
back with ical.js, vobject and ical).

Each edition with a programme also has feeds of part of it (issue 28): one per family of
slots (`vocabulary.SESSION_FAMILIES`: the plenaries, the workshops, the B2B meetings; breaks
and meals make no sense alone and are in none) and one per day, at
<edition>/calendars/<family or day>.ics, in both languages. They hold the very VEVENT bytes
of the edition's feed, so the same UIDs and SEQUENCEs: a calendar subscribed to the whole
edition and to one of its parts shows each slot twice, which the pages say. A removed
slot stays in the parts it belonged to, cancelled. CATEGORIES carries the kind too, for
clients that filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from icalendar import (
    Calendar,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vCategory,
    vRecur,
    vText,
)
from icalendar.parser import Contentline

from aictdata.errors import BuildError
from aictdata.memory import changes
from aictdata.memory.state import CalendarState, SlotRecord, removed_by_edition
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.series import Series
from aictdata.model.texts import localized
from aictdata.model.tzrules import Observance, current_rules
from aictdata.model.vocabularies import Role, SessionKind, Status
from aictdata.output import layout
from aictdata.output.writer import SiteWriter
from aictdata.words import outputs as interface
from aictdata.words.formatting import capitalise, rfc3339, venue_line
from aictdata.words.outputs import F_, Words
from aictdata.words.vocabulary import (
    ICALENDAR_STATUS,
    SESSION_FAMILY_LABELS,
    SESSION_KIND_LABELS,
    STATUS_LABELS,
    edition_parts,
    session_family,
)

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext

REFRESH_INTERVAL = timedelta(hours=12)
"""How often subscribers should poll: the programme changes a few times a year at most."""
PUBLISHED_TTL = "PT12H"
"""The same as X-PUBLISHED-TTL, which Outlook and Apple read; it must be a text duration."""
_FOOTER = b"END:VCALENDAR\r\n"
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


@dataclass(frozen=True)
class _Slot:
    """One VEVENT, serialised, with what the feeds need to place it."""

    uid: str
    edition: str
    session: str
    zone: str
    starts_at: datetime
    family: str | None
    """The slot's family (`vocabulary.session_family`): the part feed that holds it, if any."""
    vevent: bytes


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write site/calendar.ics, site/<edition>/calendar.ics and one file per slot, and
    the two feeds again in English under site/en/."""
    state = context.calendar_state
    timezones = {key: _vtimezone(key) for key in sorted({e.timezone for e in catalog.editions})}
    for lang in interface.LANGUAGES:
        _export_feeds(localized(catalog, lang), site, state, timezones, interface.words(lang))


def _export_feeds(
    catalog: Catalog,
    site: SiteWriter,
    state: CalendarState,
    timezones: dict[str, bytes],
    w: Words,
) -> None:
    """The feeds of one language (`w`), from the catalog localized to it; the one-slot
    files and the announced editions' files with the French ones only."""
    series = catalog.series
    session_header = _session_header(series)
    removed = removed_by_edition(state)
    # calendar.ics is written as the editions go, one edition's events in memory at a
    # time; its VTIMEZONEs come first, so the zones of the editions with a slot are
    # named before any event is made (a slot is in its edition's zone).
    used = sorted({e.timezone for e in catalog.editions if e.sessions or e.id in removed})
    with site.stream(layout.in_language(layout.ALL_CALENDAR, w.lang)) as everything:
        everything(_series_header(catalog, w))
        for zone in used:
            everything(timezones[zone])
        for edition in catalog.editions:
            slots = list(_slots(catalog, edition, state, removed.get(edition.id, []), w))
            for slot in slots:
                everything(slot.vevent)
            record = state.editions.get(edition.id)
            announcement = b""
            if record is not None and record.announced:
                announcement = _announcement(catalog, edition, state, w)
                if w.french:
                    site.write(
                        layout.edition_announcement(edition),
                        b"".join((session_header, announcement, _FOOTER)),
                    )
            if not edition.sessions:  # in the feeds only while it stands for the programme
                everything(announcement)
            feed = _assemble(_edition_header(series, edition, w), timezones, slots)
            if not edition.sessions:
                feed = feed.removesuffix(_FOOTER) + announcement + _FOOTER
            site.write(layout.in_language(layout.edition_calendar(edition), w.lang), feed)
            if slots:
                _export_parts(series, edition, slots, site, timezones, w)
            if not w.french:
                continue
            for slot in slots:
                site.write(
                    layout.session_calendar_of(slot.edition, slot.session),
                    _assemble(session_header, timezones, [slot]),
                )
        everything(_FOOTER)


# --- events -----------------------------------------------------------------------------


def _announcement(catalog: Catalog, edition: Edition, state: CalendarState, w: Words) -> bytes:
    """The edition as one all-day event while it is only announced (a « save the date »):
    in the feeds, so that someone subscribed early has the days in their calendar, and in
    <edition>/edition.ics, the file its page offers to add. Once the first slots are in,
    it leaves the feeds (a subscribed calendar drops it and shows the slots) and its file
    says it is cancelled, with a higher SEQUENCE (each programme version raises it), so
    that a copy added from that file goes away when the file is opened again."""
    series = catalog.series
    versions = state.versions_of(edition.id)
    status = Status.CANCELLED if edition.sessions else edition.status
    page = layout.url(series, layout.in_language(layout.edition_page(edition), w.lang))
    changed = versions[-1].date if versions else rfc3339(edition.updated)
    if edition.sessions:
        about = w(F_("Remplacé par le programme de l’édition : abonnez-vous à son calendrier."))
    else:
        about = w(F_("Programme à venir : il paraîtra dans le calendrier de l’édition."))
    details = [about, "", edition.title]
    if edition.theme:
        details.append(w(F_("Thème : {theme}")).format(theme=edition.theme))
    details += ["", w(F_("Programme : {url}")).format(url=page)]
    constants = _EditionLines.of(catalog, edition)
    end = edition.end_date + timedelta(days=1)  # DTEND of an all-day event is exclusive
    lines = [
        b"BEGIN:VEVENT\r\n",
        _content_line(f"SUMMARY:{_text(_summary(edition.title, status, w))}"),
        f"DTSTART;VALUE=DATE:{edition.start_date:%Y%m%d}\r\n".encode(),
        f"DTEND;VALUE=DATE:{end:%Y%m%d}\r\n".encode(),
        constants.stamp,
        _content_line(f"UID:{_text(layout.edition_uid(series, edition))}"),
        f"SEQUENCE:{len(versions)}\r\n".encode(),
        _content_line(f"DESCRIPTION:{_text(chr(10).join(details))}"),
        _utc_line("LAST-MODIFIED", changed),
    ]
    if edition.venue is not None:
        lines.append(_location_line(venue_line(edition.venue)))
    lines += [
        constants.organizer,
        _content_line(f"STATUS:{_text(ICALENDAR_STATUS[status])}"),
        b"TRANSP:TRANSPARENT\r\n",  # a banner over the days, not a busy time
        _content_line(f"URL:{page}"),
        b"END:VEVENT\r\n",
    ]
    return b"".join(lines)


def _slots(
    catalog: Catalog,
    edition: Edition,
    state: CalendarState,
    removed: list[tuple[str, SlotRecord]],
    w: Words,
) -> Iterable[_Slot]:
    """The edition's slots in programme order, then its removed slots by time (titled as
    the memory last saw them: in French)."""
    series = catalog.series
    constants = _EditionLines.of(catalog, edition)
    edition_url = layout.url(series, layout.in_language(layout.edition_page(edition), w.lang))
    notes = changes.latest_notes(state.versions_of(edition.id), w) if state.versions else {}
    published: set[str] = set()
    for session in edition.sessions:
        uid = layout.session_uid(series, edition, session)
        published.add(uid)
        event = _event(
            uid=uid,
            record=state.slots[uid],
            status=state.status_of(uid),
            title=session.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            edition=edition,
            constants=constants,
            location=venue_line(edition.venue, place=session.place),
            url=f"{edition_url}#{layout.session_anchor(session)}",
            details=session.description,
            note=notes.get(session.id),
            w=w,
        )
        family = session_family(session.kind)
        yield _Slot(uid, edition.id, session.id, edition.timezone, session.starts_at, family, event)
    gone = [(uid, record) for uid, record in removed if uid not in published]
    for uid, record in sorted(gone, key=lambda item: (item[1].starts_at, item[0])):
        starts_at = record.starts_at.astimezone(edition.zone)
        event = _event(
            uid=uid,
            record=record,
            status=Status.CANCELLED,
            title=record.title,
            starts_at=starts_at,
            ends_at=record.ends_at.astimezone(edition.zone),
            edition=edition,
            constants=constants,
            location=venue_line(edition.venue, place=record.place),
            url=edition_url,
            details=None,
            note=notes.get(record.session),
            w=w,
        )
        family = session_family(SessionKind(record.kind))
        yield _Slot(uid, edition.id, record.session, edition.timezone, starts_at, family, event)


def _event(
    *,
    uid: str,
    record: SlotRecord,
    status: Status,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    edition: Edition,
    constants: _EditionLines,
    location: str,
    url: str,
    details: str | None,
    note: str | None,
    w: Words,
) -> bytes:
    """One VEVENT as bytes, in the property order icalendar's `Event.to_ical()` uses
    (its `canonical_order`, then the other names alphabetically), so a feed reads as if
    icalendar had written it. Every value comes from the data or the memory, none from
    the clock.

    Building an icalendar `Event` per slot cost 2.7x the floor: most of it is generic
    machinery (a Parameters object per property, time-zone lookups, folding every line
    character by character). Here each line is written from its value, with icalendar
    escaping TEXT values as RFC 5545 says (`_text`) and long lines folded as its `Contentline` folds
    them (`_content_line`, checked against it); the per-edition lines are made once
    (`_EditionLines`).
    """
    kind = w(SESSION_KIND_LABELS[SessionKind(record.kind)])
    zone = edition.timezone
    lines = [
        b"BEGIN:VEVENT\r\n",
        _content_line(f"SUMMARY:{_text(_summary(title, status, w))}"),
        _content_line(f"DTSTART;TZID={zone}:{_local_time(starts_at)}"),
        _content_line(f"DTEND;TZID={zone}:{_local_time(ends_at)}"),
        constants.stamp,
        _content_line(f"UID:{_text(uid)}"),
        f"SEQUENCE:{record.sequence}\r\n".encode(),
        _categories(kind),
        _content_line(
            "DESCRIPTION:"
            + _text(_description(edition, kind, status, record, details, url, note, w))
        ),
        _utc_line("LAST-MODIFIED", record.changed),
        _location_line(location),
        constants.organizer,
        _content_line(f"STATUS:{_text(ICALENDAR_STATUS[status])}"),
    ]
    if status is Status.CANCELLED:
        # A cancelled slot no longer makes its participants busy (Thunderbird, Outlook).
        lines.append(b"TRANSP:TRANSPARENT\r\n")
    lines += [_content_line(f"URL:{url}"), b"END:VEVENT\r\n"]
    return b"".join(lines)


@dataclass(frozen=True)
class _EditionLines:
    """The content lines every VEVENT of an edition shares, serialised once."""

    stamp: bytes
    """DTSTAMP: the edition's `updated`, not the clock, so that builds are identical."""
    organizer: bytes
    """ORGANIZER with its CN, or nothing when no e-mail is known."""

    @classmethod
    def of(cls, catalog: Catalog, edition: Edition) -> _EditionLines:
        organizer = _organizer(catalog, edition)
        return cls(
            stamp=_utc_line("DTSTAMP", rfc3339(edition.updated)),
            organizer=b""
            if organizer is None
            else Contentline.from_parts("ORGANIZER", organizer.params, organizer).to_ical()
            + b"\r\n",
        )


_FOLD_LIMIT = 75
"""icalendar folds a line once it reaches 75 octets; a shorter line is left as it is."""


_CHUNK = _FOLD_LIMIT - 1
"""The most octets icalendar leaves on one line of a fold."""
_ESCAPES = frozenset(b"\\^")
"""Characters icalendar keeps with the one after them across a fold (a TEXT backslash
escape, an RFC 6868 parameter escape): icalendar issue #1501."""


def _content_line(line: str) -> bytes:
    """One content line with its CRLF, folded exactly as icalendar's `Contentline` folds
    it: lines of at most 74 octets, never inside a UTF-8 character, never right after a
    backslash or a caret, each continuation starting with a space.

    icalendar walks the line one character at a time, which was a third of the ICS
    exporter's time on 10,000 slots (the long DESCRIPTION lines); this cuts the encoded
    line at octet offsets instead. The tests compare both on hostile and generated text
    (tests/exporters/test_ics.py), so the bytes stay icalendar's."""
    data = line.encode()
    if len(data) < _FOLD_LIMIT:
        return data + b"\r\n"
    pieces = []
    start, size = 0, len(data)
    while size - start > _CHUNK:
        end = start + _CHUNK
        while data[end] & 0xC0 == 0x80:  # a continuation octet: the character began before
            end -= 1
        if data[end - 1] in _ESCAPES and end - start > 1:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces) + b"\r\n"


_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})
"""RFC 5545 3.3.11: a backslash, a semicolon, a comma and a line break are escaped."""


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says. Not icalendar's vText: icalendar 7.3
    takes a backslash before `N` or `n` for an escape already made (a title `\\N` is
    written `\\n` and read back as a line break: tests/hostile/test_properties.py found
    it), so the four escapes are made here, in one pass. CR never reaches here: the
    model's text types refuse it."""
    return value.translate(_TEXT_ESCAPES)


def _local_time(moment: datetime) -> str:
    """DATE-TIME in local time, for a property that names its TZID."""
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )


@cache
def _utc_line(name: str, rfc3339_time: str) -> bytes:
    """A UTC DATE-TIME property (DTSTAMP, LAST-MODIFIED): few distinct values per build."""
    moment = datetime.fromisoformat(rfc3339_time).astimezone(UTC)
    return _content_line(f"{name}:{_local_time(moment)}Z")


@lru_cache(maxsize=1024)
def _location_line(location: str) -> bytes:
    """LOCATION is the same for every slot in the same place: escaped and folded once."""
    return _content_line(f"LOCATION:{_text(location)}")


@cache
def _categories(kind: str) -> bytes:
    return _content_line(f"CATEGORIES:{vCategory([kind]).to_ical().decode()}")


def _summary(title: str, status: Status, w: Words) -> str:
    """The title, prefixed with the status when it is not the usual one: Google and
    Outlook show STATUS:CANCELLED no differently, so the title must say it."""
    return title if status is Status.SCHEDULED else f"[{w(STATUS_LABELS[status])}] {title}"


def _description(
    edition: Edition,
    kind: str,
    status: Status,
    record: SlotRecord,
    details: str | None,
    page: str,
    note: str | None,
    w: Words,
) -> str:
    """What the event is, and first, when it changed, what changed (the programme's
    latest version that touched it, in the page's words)."""
    lines = []
    if record.removed:
        lines.append(
            w(F_("{status} : ce créneau a été retiré du programme.")).format(
                status=w(STATUS_LABELS[Status.CANCELLED])
            )
        )
    elif status is not Status.SCHEDULED:
        lines.append(w(F_("Statut : {status}")).format(status=w(STATUS_LABELS[status])))
    if note:
        lines.append(note)
    lines.append(kind)
    if details:
        lines += ["", details]
    lines += ["", edition.title]
    if edition.theme:
        lines.append(w(F_("Thème : {theme}")).format(theme=edition.theme))
    lines += ["", w(F_("Programme : {url}")).format(url=page)]
    return "\n".join(lines)


def _organizer(catalog: Catalog, edition: Edition) -> vCalAddress | None:
    """The edition's organiser as CN + mailto, from the first organiser role that has an
    e-mail (the organisation's own, or its contact's). None when no e-mail is known:
    ORGANIZER must be an address, and none is invented."""
    contacts = catalog.contacts(edition)
    for participation in catalog.participations(edition):
        if participation.role is not Role.ORGANIZER:
            continue
        organisation = catalog.organisation(participation.organisation, edition)
        emails = [organisation.email] + [
            c.email for c in contacts if c.organisation == organisation.id
        ]
        email = next((e for e in emails if e), None)
        if email:
            address = vCalAddress(f"mailto:{email}")
            address.params["CN"] = organisation.name
            return address
    return None


# --- time zones ----------------------------------------------------------------------


def _vtimezone(key: str) -> bytes:
    """The zone as one STANDARD and one DAYLIGHT observance with yearly RRULEs."""
    timezone = Timezone()
    timezone.add("tzid", key)
    for observance in current_rules(key).observances:
        timezone.add_component(_observance(observance))
    return timezone.to_ical()


def _observance(observance: Observance) -> TimezoneStandard | TimezoneDaylight:
    component = TimezoneDaylight() if observance.daylight else TimezoneStandard()
    component.add("dtstart", observance.starts)
    component.add("tzoffsetfrom", observance.offset_from)
    component.add("tzoffsetto", observance.offset_to)
    component.add("tzname", observance.name)
    if observance.rule is not None:
        rule = observance.rule
        component.add(
            "rrule",
            vRecur(
                freq="YEARLY",
                bymonth=rule.month,
                byday=f"{rule.week}{_WEEKDAYS[rule.weekday]}",
            ),
        )
    return component


# --- calendars ---------------------------------------------------------------------------


def _prodid(series: Series, lang: str) -> str:
    """Stable across versions: clients use PRODID to recognise a feed's producer."""
    language = series.language if lang == interface.SOURCE_LANGUAGE else lang
    return f"-//{series.uid_domain}//aictdata//{language.upper()}"


def _header(
    series: Series,
    *,
    lang: str = interface.SOURCE_LANGUAGE,
    name: str | None = None,
    description: str | None = None,
    timezone: str | None = None,
    url: str | None = None,
    source: str | None = None,
) -> bytes:
    """VCALENDAR's opening and properties, without its END line."""
    calendar = Calendar()
    calendar.add("prodid", _prodid(series, lang))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name is not None:
        # vText explicitly: icalendar 7 writes NAME and X-WR-* unescaped otherwise.
        calendar.add("name", vText(name))
        calendar.add("x-wr-calname", vText(name))
    if description is not None:
        calendar.add("description", vText(description))
        calendar.add("x-wr-caldesc", vText(description))
    if timezone is not None:
        calendar.add("x-wr-timezone", timezone)
    if source is not None:
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", PUBLISHED_TTL)
        calendar.add("source", source, parameters={"VALUE": "URI"})
    if url is not None:
        calendar.add("url", url)
    text = calendar.to_ical()
    if not text.endswith(_FOOTER):
        raise BuildError("icalendar wrote a calendar that does not end with END:VCALENDAR")
    return text[: -len(_FOOTER)]


def _series_header(catalog: Catalog, w: Words) -> bytes:
    series = catalog.series
    latest = catalog.editions[-1] if catalog.editions else None
    return _header(
        series,
        lang=w.lang,
        name=w(F_("{name}")).format(name=series.short_name),
        description=w(F_("{name} : le programme de toutes les éditions.")).format(name=series.name),
        timezone=latest.timezone if latest else None,
        url=layout.url(series, layout.in_language(layout.INDEX, w.lang)),
        source=layout.url(series, layout.in_language(layout.ALL_CALENDAR, w.lang)),
    )


def _edition_header(series: Series, edition: Edition, w: Words) -> bytes:
    venue = [edition.venue.name] if edition.venue else []
    theme = w(F_(" Thème : {theme}")).format(theme=edition.theme) if edition.theme else ""
    return _header(
        series,
        lang=w.lang,
        name=w(F_("{name}")).format(name=f"{series.short_name} {edition.id}"),
        description=", ".join([edition.title, w.dates(edition), *venue]) + "." + theme,
        timezone=edition.timezone,
        url=layout.url(series, layout.in_language(layout.edition_page(edition), w.lang)),
        source=layout.url(series, layout.in_language(layout.edition_calendar(edition), w.lang)),
    )


def _export_parts(
    series: Series,
    edition: Edition,
    slots: list[_Slot],
    site: SiteWriter,
    timezones: dict[str, bytes],
    w: Words,
) -> None:
    """The edition's feed of each family of slots and of each day that has one
    (`vocabulary.edition_parts`): the edition feed's own events (`slots`), filtered, under a
    header that names the part."""
    families, days = edition_parts(
        (slot.family for slot in slots), (slot.starts_at.date() for slot in slots)
    )
    for family in families:
        part = [slot for slot in slots if slot.family == family]
        path = layout.edition_family_calendar(edition, family)
        header = _part_header(series, edition, w(SESSION_FAMILY_LABELS[family]), path, w)
        site.write(layout.in_language(path, w.lang), _assemble(header, timezones, part))
    for day in days:
        part = [slot for slot in slots if slot.starts_at.date() == day]
        path = layout.edition_day_calendar(edition, day)
        header = _part_header(series, edition, capitalise(w.date(day)), path, w)
        site.write(layout.in_language(path, w.lang), _assemble(header, timezones, part))


def _part_header(series: Series, edition: Edition, part: str, path: str, w: Words) -> bytes:
    """The header of a feed of part of an edition: its name says which part, its
    description that it is a part of the edition's feed."""
    name = f"{series.short_name} {edition.id} – {part}"
    return _header(
        series,
        lang=w.lang,
        name=name,
        description=w(F_("{part} : une partie du calendrier de l’édition {id} ({title}).")).format(
            part=part, id=edition.id, title=edition.title
        ),
        timezone=edition.timezone,
        url=layout.url(series, layout.in_language(layout.edition_page(edition), w.lang)),
        source=layout.url(series, layout.in_language(path, w.lang)),
    )


def _session_header(series: Series) -> bytes:
    """A one-slot file is for "add to my calendar": no name, no refresh, so that clients
    offer to add the event rather than to subscribe to a new calendar."""
    return _header(series)


def _assemble(header: bytes, timezones: dict[str, bytes], slots: list[_Slot]) -> bytes:
    zones = sorted({slot.zone for slot in slots})
    return b"".join((header, *(timezones[z] for z in zones), *(s.vevent for s in slots), _FOOTER))
