"""The events of the feeds: one VEVENT per slot (removed slots kept, cancelled), and the
edition's « save the date » while it has no programme, each serialised once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from aictdata.exporters.ics.lines import (
    categories,
    content_line,
    local_time,
    location_line,
    text,
    utc_line,
)
from aictdata.memory import changes
from aictdata.memory.state import CalendarState, SlotRecord
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.slots import Session
from aictdata.model.vocabularies import Role, SessionKind, Status
from aictdata.output import layout
from aictdata.output.caches import remembered
from aictdata.words.formatting import rfc3339, venue_line
from aictdata.words.outputs import F_, Words
from aictdata.words.vocabulary import (
    ICALENDAR_STATUS,
    SESSION_KIND_LABELS,
    STATUS_LABELS,
    session_family,
)


@dataclass(frozen=True)
class Slot:
    """One VEVENT, serialised, with what the feeds need to place it."""

    uid: str
    edition: str
    session: str
    zone: str
    starts_at: datetime
    family: str | None
    """The slot's family (`vocabulary.session_family`): the part feed that holds it, if any."""
    vevent: bytes


# --- events -----------------------------------------------------------------------------


def announcement_event(catalog: Catalog, edition: Edition, state: CalendarState, w: Words) -> bytes:
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
    constants = EditionLines.of(catalog, edition)
    end = edition.end_date + timedelta(days=1)  # DTEND of an all-day event is exclusive
    lines = [
        b"BEGIN:VEVENT\r\n",
        content_line(f"SUMMARY:{text(summary(edition.title, status, w))}"),
        f"DTSTART;VALUE=DATE:{edition.start_date:%Y%m%d}\r\n".encode(),
        f"DTEND;VALUE=DATE:{end:%Y%m%d}\r\n".encode(),
        constants.stamp,
        content_line(f"UID:{text(layout.edition_uid(series, edition))}"),
        f"SEQUENCE:{len(versions)}\r\n".encode(),
        content_line(f"DESCRIPTION:{text(chr(10).join(details))}"),
        utc_line("LAST-MODIFIED", changed),
    ]
    if edition.venue is not None:
        lines.append(location_line(venue_line(edition.venue)))
    lines += [
        constants.organizer,
        content_line(f"STATUS:{text(ICALENDAR_STATUS[status])}"),
        b"TRANSP:TRANSPARENT\r\n",  # a banner over the days, not a busy time
        content_line(f"URL:{page}"),
        b"END:VEVENT\r\n",
    ]
    return b"".join(lines)


def slot_events(
    catalog: Catalog,
    edition: Edition,
    state: CalendarState,
    removed: list[tuple[str, SlotRecord]],
    w: Words,
) -> Iterable[Slot]:
    """The edition's slots in programme order, then its removed slots by time (titled as
    the memory last saw them: in French)."""
    series = catalog.series
    constants = EditionLines.of(catalog, edition)
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
            details=_details(session, w),
            note=notes.get(session.id),
            w=w,
        )
        family = session_family(session.kind)
        yield Slot(uid, edition.id, session.id, edition.timezone, session.starts_at, family, event)
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
        yield Slot(uid, edition.id, record.session, edition.timezone, starts_at, family, event)


def _event(
    *,
    uid: str,
    record: SlotRecord,
    status: Status,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    edition: Edition,
    constants: EditionLines,
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
    escaping TEXT values as RFC 5545 says (`text`) and long lines folded as its `Contentline` folds
    them (`content_line`, checked against it); the per-edition lines are made once
    (`EditionLines`).
    """
    kind = w(SESSION_KIND_LABELS[SessionKind(record.kind)])
    zone = edition.timezone
    lines = [
        b"BEGIN:VEVENT\r\n",
        content_line(f"SUMMARY:{text(summary(title, status, w))}"),
        content_line(f"DTSTART;TZID={zone}:{local_time(starts_at)}"),
        content_line(f"DTEND;TZID={zone}:{local_time(ends_at)}"),
        constants.stamp,
        content_line(f"UID:{text(uid)}"),
        f"SEQUENCE:{record.sequence}\r\n".encode(),
        categories(kind),
        content_line(
            "DESCRIPTION:"
            + text(_description(edition, kind, status, record, details, url, note, w))
        ),
        utc_line("LAST-MODIFIED", record.changed),
        location_line(location),
        constants.organizer,
        content_line(f"STATUS:{text(ICALENDAR_STATUS[status])}"),
    ]
    if status is Status.CANCELLED:
        # A cancelled slot no longer makes its participants busy (Thunderbird, Outlook).
        lines.append(b"TRANSP:TRANSPARENT\r\n")
    lines += [content_line(f"URL:{url}"), b"END:VEVENT\r\n"]
    return b"".join(lines)


@dataclass(frozen=True)
class EditionLines:
    """The content lines every VEVENT of an edition shares, serialised once."""

    stamp: bytes
    """DTSTAMP: the edition's `updated`, not the clock, so that builds are identical."""
    organizer: bytes
    """ORGANIZER with its CN, or nothing when no e-mail is known."""

    @classmethod
    def of(cls, catalog: Catalog, edition: Edition) -> EditionLines:
        organizer = _organizer(catalog, edition)
        return cls(
            stamp=utc_line("DTSTAMP", rfc3339(edition.updated)),
            organizer=b"" if organizer is None else organizer_line(*organizer),
        )


def summary(title: str, status: Status, w: Words) -> str:
    """The title, prefixed with the status when it is not the usual one: Google and
    Outlook show STATUS:CANCELLED no differently, so the title must say it."""
    return title if status is Status.SCHEDULED else f"[{w(STATUS_LABELS[status])}] {title}"


def _details(session: Session, w: Words) -> str | None:
    """What the data says of the slot besides its title, place and times: its description,
    then its speakers (both count as a change of the slot in the calendar memory)."""
    parts = [str(session.description)] if session.description else []
    if session.speakers:
        names = ", ".join(session.speakers)
        parts.append(w(F_("Intervenants : {names}")).format(names=names))
    return "\n\n".join(parts) or None


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


def _organizer(catalog: Catalog, edition: Edition) -> tuple[str, str] | None:
    """The edition's organiser's name and e-mail, from the first organiser role that has
    an e-mail (the organisation's own, or its contact's). None when no e-mail is known:
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
            return str(organisation.name), email
    return None


@cache
def organizer_line(name: str, email: str) -> bytes:
    """ORGANIZER;CN=…:mailto:… as icalendar writes it (its quoting of the name, RFC 6868),
    kept between builds (`caches.remembered`): a rebuild whose organisers are as before
    does not import icalendar for them."""
    return remembered("organizer", (name, email), ("icalendar",), lambda: _written(name, email))


def _written(name: str, email: str) -> bytes:
    from icalendar import vCalAddress
    from icalendar.parser import Contentline

    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = name
    return Contentline.from_parts("ORGANIZER", address.params, address).to_ical() + b"\r\n"
