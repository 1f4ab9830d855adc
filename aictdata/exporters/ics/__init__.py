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

Each VEVENT is serialised once, in the bytes icalendar would write (`events`, `lines`); a
feed is then assembled from bytes (a header, the VTIMEZONEs its events use, their VEVENTs,
the footer), so a slot costs one serialisation however many feeds contain it. The pieces
are whole content lines ending in CRLF, so their concatenation is a valid iCalendar stream
(the tests parse every feed back with ical.js, vobject and ical).

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

from pathlib import Path
from typing import TYPE_CHECKING

from aictdata.exporters.ics.events import Slot, announcement_event, slot_events
from aictdata.exporters.ics.lines import content_line, text
from aictdata.exporters.ics.timezones import vtimezone
from aictdata.memory.state import CalendarState, removed_by_edition
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.series import Series
from aictdata.model.texts import localized
from aictdata.output import layout
from aictdata.output.writer import SiteWriter
from aictdata.words import outputs as interface
from aictdata.words.formatting import capitalise
from aictdata.words.outputs import F_, Words
from aictdata.words.vocabulary import (
    SESSION_FAMILY_LABELS,
    edition_parts,
)

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext

REFRESH_LINE = b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n"
"""How often subscribers should poll (RFC 7986): every 12 hours, since the programme
changes a few times a year at most."""
PUBLISHED_TTL_LINE = b"X-PUBLISHED-TTL:PT12H\r\n"
"""The same for Outlook and Apple, which read X-PUBLISHED-TTL (a text duration)."""
FOOTER = b"END:VCALENDAR\r\n"


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write site/calendar.ics, site/<edition>/calendar.ics and one file per slot, and
    the two feeds again in English under site/en/."""
    state = context.calendar_state
    timezones = {key: vtimezone(key) for key in sorted({e.timezone for e in catalog.editions})}
    for lang in interface.LANGUAGES:
        w = interface.words(lang)
        _export_feeds(localized(catalog, lang), site, state, timezones, w, context.kept)


def _export_feeds(
    catalog: Catalog,
    site: SiteWriter,
    state: CalendarState,
    timezones: dict[str, bytes],
    w: Words,
    kept: frozenset[str] = frozenset(),
) -> None:
    """The feeds of one language (`w`), from the catalog localized to it; the one-slot
    files and the announced editions' files with the French ones only. The events of a
    `kept` edition come from its own feed in the previous site (the same bytes, checked)."""
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
            if edition.id in kept:
                own = layout.in_language(layout.edition_calendar(edition), w.lang)
                everything(_events_of(site.previous.root / own))  # type: ignore[union-attr]
                continue
            slots = list(slot_events(catalog, edition, state, removed.get(edition.id, []), w))
            for slot in slots:
                everything(slot.vevent)
            record = state.editions.get(edition.id)
            announcement = b""
            if record is not None and record.announced:
                announcement = announcement_event(catalog, edition, state, w)
                if w.french:
                    site.write(
                        layout.edition_announcement(edition),
                        b"".join((session_header, announcement, FOOTER)),
                    )
            if not edition.sessions:  # in the feeds only while it stands for the programme
                everything(announcement)
            feed = _assemble(_edition_header(series, edition, w), timezones, slots)
            if not edition.sessions:
                feed = feed.removesuffix(FOOTER) + announcement + FOOTER
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
        everything(FOOTER)


def _events_of(feed: Path) -> bytes:
    """The events of an edition's feed, as the series feed carries them: every line from
    its first event to its end (its VTIMEZONEs come before, in the series feed's head)."""
    data = feed.read_bytes()
    start = data.find(b"\r\nBEGIN:VEVENT\r\n")
    return b"" if start < 0 else data[start + 2 : len(data) - len(FOOTER)]


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
    """VCALENDAR's opening and properties, without its END line.

    Written line by line as icalendar's `Calendar.to_ical` writes them (its canonical
    order: VERSION, PRODID, CALSCALE, METHOD, DESCRIPTION, X-WR-CALDESC, NAME,
    X-WR-CALNAME, then the others by name), TEXT values escaped by `lines.text`, URIs as
    they are. An edition has a header per part and language, 1,600 at 10,000 slots:
    building an icalendar component for each was a third of the feeds' time.
    tests/exporters/test_ics_lines.py compares both on hostile names."""
    lines = [
        b"BEGIN:VCALENDAR\r\n",
        b"VERSION:2.0\r\n",
        content_line(f"PRODID:{text(_prodid(series, lang))}"),
        b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
    ]
    if description is not None:
        escaped = text(description)
        lines += [content_line(f"DESCRIPTION:{escaped}"), content_line(f"X-WR-CALDESC:{escaped}")]
    if name is not None:
        escaped = text(name)
        lines += [content_line(f"NAME:{escaped}"), content_line(f"X-WR-CALNAME:{escaped}")]
    if source is not None:
        lines += [REFRESH_LINE, content_line(f"SOURCE;VALUE=URI:{source}")]
    if url is not None:
        lines.append(content_line(f"URL:{url}"))
    if source is not None:
        lines.append(PUBLISHED_TTL_LINE)
    if timezone is not None:
        lines.append(content_line(f"X-WR-TIMEZONE:{text(timezone)}"))
    return b"".join(lines)


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
    slots: list[Slot],
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


def _assemble(header: bytes, timezones: dict[str, bytes], slots: list[Slot]) -> bytes:
    zones = sorted({slot.zone for slot in slots})
    return b"".join((header, *(timezones[z] for z in zones), *(s.vevent for s in slots), FOOTER))
