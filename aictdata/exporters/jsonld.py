"""schema.org `Event` markup (JSON-LD) of each edition: site/<edition>/event.jsonld.

One `Event` per edition, part of the `EventSeries` of the Rencontres, with each programme
slot as a `subEvent`. Only what the documents say is written: a property whose value the
data does not give is left out rather than guessed, because consumers read a default as a
fact (Google shows an `Offer` with `price: 0` as "Free").

The dictionaries are built by pure functions so that the pages (which embed them) and
the `aictdata markup` command print exactly what this exporter writes; `script_element`
is the one place where JSON is made safe inside HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pydantic_core import to_json as to_json_bytes

from aictdata.memory import changes
from aictdata.memory.state import Version, slot_status
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition, Registration
from aictdata.model.organisations import Contact, Organisation
from aictdata.model.series import Series
from aictdata.model.slots import Session
from aictdata.model.vocabularies import Role, Status
from aictdata.output import layout
from aictdata.words import vocabulary
from aictdata.words.formatting import rfc3339
from aictdata.words.outputs import F_, Words, words

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter

JsonObject = dict[str, Any]

SCHEMA_ORG_CONTEXT = "https://schema.org"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
SOLD_OUT = "https://schema.org/SoldOut"

ROLE_PROPERTIES: dict[Role, str] = {
    Role.ORGANIZER: "organizer",
    Role.FUNDER: "funder",
    Role.SUPPORTER: "sponsor",
    Role.PARTNER: "contributor",
}
"""Each role as a property of the Event. « Avec le concours de » (support) is a sponsor;
a partner such as the venue is a contributor (schema.org has no "partner")."""

_HTML_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))
"""Each character and its JSON escape. Replaced one by one: str.translate with a mapping
takes a slow path on non-ASCII text (French), 10x slower here."""


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write each edition's Event as a standalone JSON-LD document."""
    state = context.calendar_state
    for edition in catalog.editions:
        if edition.id in context.kept:
            continue
        versions = state.versions_of(edition.id)
        event = edition_event(catalog, edition, versions=versions)
        site.write_text(layout.edition_jsonld(edition), to_json(event))


def to_json(data: JsonObject) -> str:
    """Readable, stable JSON: key order as built, UTF-8 text rather than \\u escapes."""
    return _indented(data) + "\n"


def _indented(data: JsonObject) -> str:
    """JSON indented by two spaces, written by pydantic's Rust serialiser.

    The builders put an organiser's text in as a plain str (`str(session.title)`): the
    serialiser takes a `Text`, a str subclass, down its slow path, and a slot's three
    texts doubled the time of its page's markup (5 to 9 µs).

    The same text as `json.dumps(data, ensure_ascii=False, indent=2)`, whose indented
    form is pure Python (its C encoder only writes compact JSON) and took a quarter of
    the pages' time. The one difference is the exponent of a float below 1e-4 (1e-7
    rather than 1e-07, the same number): a venue within 11 m of the equator or the
    Greenwich meridian.
    """
    return to_json_bytes(data, indent=2).decode()


def embed(data: JsonObject) -> str:
    """JSON that is safe as the text of an HTML <script> element.

    Inside <script>, the HTML parser ends the element at `</script` and treats `<!--` as
    special, whatever the JSON means; escaping `<`, `>` and `&` as JSON `\\u` escapes (as
    Django's json_script does) makes those sequences impossible while leaving the data
    unchanged for any JSON parser. HTML entities would not be decoded inside <script>
    and would corrupt the data.
    """
    text = _indented(data)
    for character, escape in _HTML_UNSAFE:
        text = text.replace(character, escape)
    return text


def script_element(data: JsonObject) -> str:
    """The ready-to-paste <script type="application/ld+json"> block."""
    return f'<script type="application/ld+json">\n{embed(data)}\n</script>'


def embed_fragment(catalog: Catalog, edition: Edition) -> str:
    """The HTML a partner pastes to show the edition's programme (`aictdata markup
    --embed`): an <iframe> of its embeddable programme, sized by attributes only (a host
    page's Content-Security-Policy may refuse inline styles), and a link to the full page
    for readers whose browser shows no frame. The markup follows it (`script_element`)."""
    series = catalog.series
    w = words("fr")  # the partner's page is French, as the site's own language
    title = w(F_("Programme – {name} {id}")).format(name=series.short_name, id=edition.id)
    frame = html.escape(layout.url(series, layout.edition_embed(edition)))
    page = html.escape(layout.url(series, layout.edition_page(edition)))
    more = w(F_("Programme complet, calendriers et informations pratiques"))
    return (
        f'<iframe src="{frame}" title="{html.escape(title)}" width="100%" height="640"'
        ' loading="lazy"></iframe>\n'
        f'<p><a href="{page}">{html.escape(more)}</a></p>'
    )


def slot_events(
    catalog: Catalog,
    edition: Edition,
    *,
    versions: tuple[Version, ...] = (),
    lang: str = "fr",
) -> dict[str, JsonObject]:
    """Each slot's sub-event, by slot id, in the edition's order: made once for the
    edition's page and its slots' own pages (`edition_event` and `session_event` take
    them), which show the same nodes (at 10,000 slots, making them twice per language
    was a tenth of the pages' time)."""
    series = catalog.series
    return {
        session.id: _sub_event(series, edition, session, versions, lang)
        for session in _in_order(edition)
    }


def edition_event(
    catalog: Catalog,
    edition: Edition,
    *,
    versions: tuple[Version, ...] = (),
    lang: str = "fr",
    slots: Mapping[str, JsonObject] | None = None,
) -> JsonObject:
    """The schema.org Event of one edition, with its slots as sub-events.

    `versions` (the edition's programme versions, from the calendar memory) give a moved
    slot, or a moved edition, its `previousStartDate` and `EventRescheduled`, as
    schema.org asks of a rescheduled event. In English (`lang`, with the catalog
    `texts.localized` to it), the texts are those of the English page and
    `inLanguage` says so; the @ids are the same, since the event is the same. `slots`:
    the `slot_events` of the same edition, versions and language, when already made."""
    series = catalog.series
    w = words(lang)
    event: JsonObject = {
        "@context": SCHEMA_ORG_CONTEXT,
        "@type": "Event",
        "@id": layout.edition_iri(series, edition),
        "name": str(edition.title),
        "description": edition_description(edition, w),
        "url": layout.url(series, layout.in_language(layout.edition_page(edition), lang)),
        **_edition_timing(edition),
        "eventStatus": vocabulary.SCHEMA_ORG_STATUS[edition.status],
        "eventAttendanceMode": _attendance_mode(edition.status),
        "inLanguage": series.language if w.french else lang,
    }
    if edition.venue is not None:  # without it, not eligible for Google's event results
        event["location"] = _place(series, edition, w)
    event.update(_roles(catalog, edition))
    if edition.registration:
        event["offers"] = _offer(edition.registration, edition.status, w)
    event["keywords"] = _keywords(series, edition, w)
    event["superEvent"] = _series_reference(series)
    if slots is None:
        slots = slot_events(catalog, edition, versions=versions, lang=lang)
    event["subEvent"] = list(slots.values())
    if versions and (first_day := changes.previous_edition_start(versions)):
        _rescheduled(event, edition.status, first_day)
    return event


def session_event(
    catalog: Catalog,
    edition: Edition,
    session: Session,
    *,
    versions: tuple[Version, ...] = (),
    lang: str = "fr",
    slot: JsonObject | None = None,
) -> JsonObject:
    """The schema.org Event of one slot, for its own page: the edition's sub-event with
    the same @id (one node for both pages), `superEvent` the edition. `slot`: its
    sub-event from `slot_events`, when already made."""
    series = catalog.series
    if slot is None:
        slot = _sub_event(series, edition, session, versions, lang)
    event: JsonObject = {"@context": SCHEMA_ORG_CONTEXT, **slot}
    event["superEvent"] = {
        "@type": "Event",
        "@id": layout.edition_iri(series, edition),
        "name": str(edition.title),
        "url": layout.url(series, layout.in_language(layout.edition_page(edition), lang)),
    }
    return event


def _sub_event(
    series: Series,
    edition: Edition,
    session: Session,
    versions: tuple[Version, ...],
    lang: str,
) -> JsonObject:
    """A slot as a sub-event, rescheduled when a version moved it."""
    slot = _slot(series, edition, session, lang)
    if versions and (previous := changes.previous_start(versions, session.id)):
        return _rescheduled(slot, slot_status(edition, session), previous)
    return slot


def _rescheduled(event: JsonObject, status: Status, previous: date | datetime) -> JsonObject:
    """schema.org's rescheduled event: the old start in `previousStartDate`, the new in
    `startDate`, and `EventRescheduled` unless the event has a stronger status since
    (cancelled, postponed, online)."""
    event["previousStartDate"] = (
        rfc3339(previous) if isinstance(previous, datetime) else previous.isoformat()
    )
    if status is Status.SCHEDULED:
        event["eventStatus"] = vocabulary.SCHEMA_ORG_STATUS[Status.RESCHEDULED]
    return event


def series_markup(catalog: Catalog, *, lang: str = "fr") -> JsonObject:
    """The EventSeries of the Rencontres with a summary of each edition, newest first
    (in `lang`, as `edition_event`)."""
    series = catalog.series
    data: JsonObject = {"@context": SCHEMA_ORG_CONTEXT, **_series_reference(series)}
    if series.description:
        data["description"] = series.description
    data["inLanguage"] = series.language if lang == "fr" else lang
    organizers = [
        _organisation(catalog, None, catalog.organisation(p.organisation))
        for p in series.participations
        if p.role is Role.ORGANIZER
    ]
    if organizers:
        data["organizer"] = organizers
    data["subEvent"] = [
        {
            "@type": "Event",
            "@id": layout.edition_iri(series, edition),
            "name": str(edition.title),
            "url": layout.url(series, layout.in_language(layout.edition_page(edition), lang)),
            **_edition_timing(edition),
            "eventStatus": vocabulary.SCHEMA_ORG_STATUS[edition.status],
            "eventAttendanceMode": _attendance_mode(edition.status),
            **({"location": _place_summary(series, edition)} if edition.venue else {}),
        }
        for edition in sorted(catalog.editions, key=lambda e: e.start_date, reverse=True)
    ]
    return data


def edition_description(edition: Edition, w: Words) -> str:
    """The theme, then the formats as the document lists them (also the page's summary)."""
    text = (
        w(F_("Thème : {theme}")).format(theme=edition.theme)
        if edition.theme
        else w(F_("{title}, programme à venir")).format(title=edition.title)
    )
    if edition.formats:
        formats = [
            w(F_("{label} : {description}")).format(label=f.label, description=f.description)
            if f.description
            else f.label
            for f in edition.formats
        ]
        text += w(F_(" — Au programme : ")) + w(F_(" ; ")).join(formats)
    return text


def _in_order(edition: Edition) -> list[Session]:
    return sorted(edition.sessions, key=lambda s: (s.starts_at, s.ends_at, s.id))


def _edition_timing(edition: Edition) -> JsonObject:
    """The slots' span, or the edition's days (dates without a time) before any slot."""
    if edition.sessions:
        return _timing(edition.sessions)
    return {"startDate": edition.start_date.isoformat(), "endDate": edition.end_date.isoformat()}


def _timing(sessions: tuple[Session, ...] | list[Session]) -> JsonObject:
    """Start of the first slot and end of the last, each with the offset of its own date."""
    return {
        "startDate": rfc3339(min(s.starts_at for s in sessions)),
        "endDate": rfc3339(max(s.ends_at for s in sessions)),
    }


def _attendance_mode(status: Status) -> str:
    return ONLINE if status is Status.MOVED_ONLINE else OFFLINE


def _address(series: Series, edition: Edition) -> JsonObject:
    """The venue's address, named so that its every repetition is one node in a graph
    (each slot repeats the venue, with its address, for consumers that read slots alone)."""
    address = edition.venue.address
    return {
        "@type": "PostalAddress",
        "@id": layout.venue_iri(series, edition) + "-adresse",
        "streetAddress": address.street,
        "postalCode": address.postal_code,
        "addressLocality": address.locality,
        "addressCountry": address.country,
    }


def _place_summary(series: Series, edition: Edition) -> JsonObject:
    """The venue with what search engines require (name, full address) and nothing more."""
    return {
        "@type": "Place",
        "@id": layout.venue_iri(series, edition),
        "name": edition.venue.name,
        "address": _address(series, edition),
    }


def _place(series: Series, edition: Edition, w: Words) -> JsonObject:
    """The venue in full: access directions as text (schema.org has no transport property)
    and, mode by mode, as amenity features; coordinates only when the data has them."""
    venue = edition.venue
    place = _place_summary(series, edition)
    if venue.url:
        place["url"] = venue.url
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": venue.latitude,
            "longitude": venue.longitude,
        }
    if venue.access:
        ways = [(w(vocabulary.TRANSPORT_LABELS[a.mode]), w.access(a)) for a in venue.access]
        place["description"] = w(F_("Accès. ")) + " ".join(
            w(F_("{label} : {details}.")).format(label=label, details=details.rstrip("."))
            for label, details in ways
        )
        place["amenityFeature"] = [
            {"@type": "LocationFeatureSpecification", "name": label, "value": details}
            for label, details in ways
        ]
    return place


def _slot_location(series: Series, edition: Edition, session: Session) -> JsonObject:
    """The venue, or the part of it the document names (« Espace des partenaires »)."""
    venue = _place_summary(series, edition)
    where = [part for part in (session.room, session.place) if part]
    if not where:
        return venue
    return {
        "@type": "Place",
        "name": ", ".join(where),
        "address": venue["address"],
        "containedInPlace": venue,
    }


def _slot(series: Series, edition: Edition, session: Session, lang: str) -> JsonObject:
    """A slot as a sub-event, with the status a participant must see: that of a
    cancelled or postponed edition, as in the feeds and on OpenAgenda. Its @id stays
    the anchor of its row on the edition's page (published before the slot had a page);
    its `url` is its own page in `lang`."""
    status = slot_status(edition, session)
    slot: JsonObject = {
        "@type": "Event",
        "@id": layout.session_iri(series, edition, session),
        "name": str(session.title),
        # The site's address and a path of slugs: joined as urljoin would, without its cost.
        "url": layout.url(series) + layout.in_language(layout.session_page(edition, session), lang),
        **_timing([session]),
        "eventStatus": vocabulary.SCHEMA_ORG_STATUS[status],
        "eventAttendanceMode": _attendance_mode(status),
        "location": _slot_location(series, edition, session),
    }
    if session.description:
        slot["description"] = str(session.description)
    if session.language:
        slot["inLanguage"] = (
            list(session.language) if len(session.language) > 1 else session.language[0]
        )
    if session.speakers:
        slot["performer"] = [{"@type": "Person", "name": name} for name in session.speakers]
    return slot


def _roles(catalog: Catalog, edition: Edition) -> JsonObject:
    """organizer, funder, sponsor, contributor: each organisation once per role."""
    roles: JsonObject = {}
    seen: set[tuple[Role, str]] = set()
    for participation in catalog.participations(edition):
        key = (participation.role, participation.organisation)
        if key in seen:
            continue
        seen.add(key)
        organisation = catalog.organisation(participation.organisation, edition)
        roles.setdefault(ROLE_PROPERTIES[participation.role], []).append(
            _organisation(catalog, edition, organisation)
        )
    return {name: roles[name] for name in ROLE_PROPERTIES.values() if name in roles}


def _organisation(
    catalog: Catalog,
    edition: Edition | None,
    organisation: Organisation,
    *,
    within: frozenset[str] = frozenset(),
) -> JsonObject:
    """An Organization with its contacts, social accounts (sameAs) and its own funders
    (PLATFORMA is co-funded by the EU: the EU funds PLATFORMA, not the edition)."""
    node: JsonObject = {
        "@type": "Organization",
        "@id": layout.organisation_iri(catalog.series, organisation),
        "name": organisation.name,
    }
    if organisation.short_name:
        node["alternateName"] = organisation.short_name
    if organisation.description:
        node["description"] = organisation.description
    if organisation.url:
        node["url"] = organisation.url
    if organisation.email:
        node["email"] = organisation.email
    if organisation.phone:
        node["telephone"] = organisation.phone
    if organisation.social:
        node["sameAs"] = [account.url for account in organisation.social]
    contacts = catalog.contacts(edition) if edition else catalog.series.contacts
    points = [_contact_point(c) for c in contacts if c.organisation == organisation.id]
    if points:
        node["contactPoint"] = points
    within = within | {organisation.id}
    funders = [
        _organisation(catalog, edition, catalog.organisation(f, edition), within=within)
        for f in organisation.funders
        if f not in within
    ]
    if funders:
        node["funder"] = funders
    return node


def _contact_point(contact: Contact) -> JsonObject:
    point: JsonObject = {"@type": "ContactPoint"}
    if contact.purpose:
        point["contactType"] = contact.purpose
    if contact.phone:
        point["telephone"] = contact.phone
    if contact.email:
        point["email"] = contact.email
    return point


def _offer(registration: Registration, status: Status, w: Words) -> JsonObject:
    """Registration as an Offer: when it opens, where (if known), never a price."""
    mode = w(vocabulary.REGISTRATION_MODE_LABELS[registration.mode])
    offer: JsonObject = {
        "@type": "Offer",
        "name": w(F_("Inscriptions {mode}")).format(mode=mode),
        "validFrom": registration.opens.isoformat(),
    }
    if registration.url:
        offer["url"] = registration.url
    if status is Status.FULL:
        offer["availability"] = SOLD_OUT
    return offer


def _keywords(series: Series, edition: Edition, w: Words) -> list[str]:
    keywords = [f"#{edition.hashtag}"] if edition.hashtag else []
    keywords.append(series.short_name)
    keywords += [w(vocabulary.FORMAT_LABELS[f.kind]) for f in edition.formats]
    return list(dict.fromkeys(keywords))


def _series_reference(series: Series) -> JsonObject:
    return {
        "@type": "EventSeries",
        "@id": layout.series_iri(series),
        "name": series.name,
        "alternateName": series.short_name,
        "url": layout.url(series),
    }
