"""The rows of each table, read from the model (and, for what was published, from the
calendar memory): one function per table, by the table's name in `ROWS` and `HISTORY`.

Apart from the table definitions (`aictdata.exporters.datapackage.tables`, which reads the
data dictionary and joins each table to its function here) so that what a row holds can be
read, and changed, in one place. Choices that a developer downloading the data relies on:

- Keys are the model's own ids, never row numbers: (edition_id, id) for a slot, a venue or
  an access; lists without ids (stops, formats, highlights...) are keyed by their
  `position` in the source document, from 1.
- An organisation declared in editions/series.yaml has the scope « series »; one declared
  in an edition file has that edition's id as scope. The model allows two editions to
  declare the same id differently, so (scope, id) is the key, and references to an
  organisation carry both.
- Roles and contacts are given per edition, as they apply (the series' roles plus the
  edition's own; the edition's contacts, or the series' when it gives none), with a
  `scope` column saying where each was declared. (Series contacts that every edition
  replaces apply to nothing, so no row shows them; editions.json still has them.)
- Vocabularies are codes (`status`: « cancelled ») with their French label, and the
  status also as schema.org `eventStatus` and OpenAgenda status code, so nobody guesses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from aictdata.memory import changes as changelog
from aictdata.memory.state import CalendarState
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.organisations import Address, Organisation
from aictdata.model.series import Series
from aictdata.model.vocabularies import Status
from aictdata.output import layout
from aictdata.words.vocabulary import (
    FORMAT_LABELS,
    OPENAGENDA_STATUS,
    PROGRAMME_STAGE_LABELS,
    ROLE_LABELS,
    SCHEMA_ORG_STATUS,
    SESSION_KIND_LABELS,
    STATUS_LABELS,
    TRANSPORT_LABELS,
)

SERIES_SCOPE = "series"
"""The `scope` of what editions/series.yaml declares for every edition."""

Row = dict[str, Any]


def _status_values(status: Status) -> Row:
    return {
        "status": status.value,
        "status_label": STATUS_LABELS[status],
        "status_schema_org": SCHEMA_ORG_STATUS[status],
        "status_openagenda": OPENAGENDA_STATUS[status],
    }


def _address_values(address: Address | None) -> Row:
    if address is None:
        return {"street": None, "postal_code": None, "locality": None, "country": None}
    return {
        "street": address.street,
        "postal_code": address.postal_code,
        "locality": address.locality,
        "country": address.country,
    }


def _series_rows(catalog: Catalog) -> Iterator[Row]:
    series = catalog.series
    yield {
        "id": series.id,
        "name": series.name,
        "short_name": series.short_name,
        "description": series.description,
        "uid_domain": series.uid_domain,
        "base_url": series.base_url,
        "language": series.language,
    }


def _website_rows(catalog: Catalog) -> Iterator[Row]:
    for position, website in enumerate(catalog.series.websites, start=1):
        yield {
            "series_id": catalog.series.id,
            "position": position,
            "label": website.label,
            "url": website.url,
        }


def _edition_rows(catalog: Catalog) -> Iterator[Row]:
    series = catalog.series
    for edition in catalog.editions:
        registration = edition.registration
        yield {
            "id": edition.id,
            "series_id": series.id,
            "number": edition.number,
            "title": edition.title,
            "theme": edition.theme,
            **_status_values(edition.status),
            "programme_stage": edition.programme_stage.value,
            "programme_stage_label": PROGRAMME_STAGE_LABELS[edition.programme_stage],
            "start_date": edition.start_date,
            "end_date": edition.end_date,
            "timezone": edition.timezone,
            "updated": edition.updated,
            "registration_opens": registration.opens if registration else None,
            "registration_mode": registration.mode if registration else None,
            "registration_url": registration.url if registration else None,
            "hashtag": edition.hashtag,
            "source_title": edition.source.title if edition.source else None,
            "source_file": edition.source.file if edition.source else None,
            "source_url": edition.source.url if edition.source else None,
            "url": layout.url(series, layout.edition_page(edition)),
            "calendar_url": layout.url(series, layout.edition_calendar(edition)),
            "uid": layout.edition_uid(series, edition),
        }


def _session_rows(catalog: Catalog, state: CalendarState | None = None) -> Iterator[Row]:
    for edition in catalog.editions:
        yield from _edition_session_rows(catalog, edition, state)


def _edition_session_rows(
    catalog: Catalog, edition: Edition, state: CalendarState | None = None
) -> Iterator[Row]:
    """An edition's slots in time order; their addresses are `layout.session_iri` and
    `layout.url(series, layout.session_calendar(...))`, composed from the edition's own
    addresses (urljoin once per slot was most of the cost of this table). With the
    calendar memory, a moved slot is rescheduled, as every format says it
    (`CalendarState.status_of`)."""
    series = catalog.series
    root = layout.url(series)
    page = layout.url(series, layout.edition_page(edition))
    timed = sorted(((s.starts_at, s.ends_at, s) for s in edition.sessions), key=lambda t: t[:2])
    for starts_at, ends_at, session in timed:
        uid = layout.session_uid(series, edition, session)
        status = session.status  # as written: the package reads back into the model
        if state is not None and state.status_of(uid) is Status.RESCHEDULED:
            status = Status.RESCHEDULED
        yield {
            "edition_id": edition.id,
            "id": session.id,
            "uid": uid,
            "date": session.date,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "title": session.title,
            "kind": session.kind.value,
            "kind_label": SESSION_KIND_LABELS[session.kind],
            **_status_values(status),
            "place": session.place,
            "room": session.room,
            "description": session.description,
            "language": ",".join(session.language) or None,
            "url": f"{page}#{layout.session_anchor(session)}",
            "calendar_url": root + layout.session_calendar(edition, session),
        }


def _speaker_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        yield from _edition_speaker_rows(catalog, edition)


def _edition_speaker_rows(
    catalog: Catalog, edition: Edition, state: CalendarState | None = None
) -> Iterator[Row]:
    for session in edition.sessions:
        for position, name in enumerate(session.speakers, start=1):
            yield {
                "edition_id": edition.id,
                "session_id": session.id,
                "position": position,
                "name": name,
            }


def _venue_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        venue = edition.venue
        if venue is None:  # announced, the venue not known yet
            continue
        yield {
            "edition_id": edition.id,
            "id": venue.id,
            "name": venue.name,
            **_address_values(venue.address),
            "url": venue.url,
            "latitude": venue.latitude,
            "longitude": venue.longitude,
        }


def _access_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        if edition.venue is None:
            continue
        for position, access in enumerate(edition.venue.access, start=1):
            yield {
                "edition_id": edition.id,
                "venue_id": edition.venue.id,
                "id": access.id,
                "position": position,
                "mode": access.mode.value,
                "mode_label": TRANSPORT_LABELS[access.mode],
                "lines": access.lines,
                "name": access.name,
                **_address_values(access.address),
                "directions": access.directions,
            }


def _stop_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        for access in edition.venue.access if edition.venue else ():
            for position, stop in enumerate(access.stops, start=1):
                yield {
                    "edition_id": edition.id,
                    "access_id": access.id,
                    "position": position,
                    "name": stop.name,
                    "exit": stop.exit,
                    "walk_minutes": stop.walk_minutes,
                }


def _declared_organisations(catalog: Catalog) -> Iterator[tuple[str, Edition | None, Organisation]]:
    """(scope, edition or None, organisation) for every organisation, as declared."""
    for organisation in catalog.series.organisations:
        yield SERIES_SCOPE, None, organisation
    for edition in catalog.editions:
        for organisation in edition.organisations:
            yield edition.id, edition, organisation


def _scope_of(series: Series, edition: Edition | None, organisation_id: str) -> str:
    """Where a reference made in `edition` (None: in the series) finds its organisation.

    The model looks in the series first, then in the edition (`Catalog.organisation`).
    """
    if edition is None or any(o.id == organisation_id for o in series.organisations):
        return SERIES_SCOPE
    return edition.id


def _organisation_rows(catalog: Catalog) -> Iterator[Row]:
    for scope, _, organisation in _declared_organisations(catalog):
        yield {
            "scope": scope,
            "id": organisation.id,
            "name": organisation.name,
            "short_name": organisation.short_name,
            "description": organisation.description,
            "url": organisation.url,
            "email": organisation.email,
            "phone": organisation.phone,
        }


def _funder_rows(catalog: Catalog) -> Iterator[Row]:
    for scope, edition, organisation in _declared_organisations(catalog):
        for position, funder in enumerate(organisation.funders, start=1):
            yield {
                "scope": scope,
                "organisation_id": organisation.id,
                "position": position,
                "funder_scope": _scope_of(catalog.series, edition, funder),
                "funder_id": funder,
            }


def _social_rows(catalog: Catalog) -> Iterator[Row]:
    for scope, _, organisation in _declared_organisations(catalog):
        for position, account in enumerate(organisation.social, start=1):
            yield {
                "scope": scope,
                "organisation_id": organisation.id,
                "position": position,
                "network": account.network.value,
                "url": account.url,
                "handle": account.handle,
            }


def _participation_rows(catalog: Catalog) -> Iterator[Row]:
    series = catalog.series
    for edition in catalog.editions:
        declared = [(SERIES_SCOPE, p) for p in series.participations]
        declared += [(edition.id, p) for p in edition.participations]
        for position, (scope, participation) in enumerate(declared, start=1):
            yield {
                "edition_id": edition.id,
                "position": position,
                "scope": scope,
                "organisation_scope": _scope_of(series, edition, participation.organisation),
                "organisation_id": participation.organisation,
                "role": participation.role.value,
                "role_label": ROLE_LABELS[participation.role],
                "label": participation.label,
            }


def _contact_rows(catalog: Catalog) -> Iterator[Row]:
    series = catalog.series
    for edition in catalog.editions:
        scope = SERIES_SCOPE if edition.contacts is None else edition.id
        for position, contact in enumerate(catalog.contacts(edition), start=1):
            yield {
                "edition_id": edition.id,
                "position": position,
                "scope": scope,
                "organisation_scope": _scope_of(series, edition, contact.organisation),
                "organisation_id": contact.organisation,
                "purpose": contact.purpose,
                "phone": contact.phone,
                "email": contact.email,
            }


def _format_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        for position, offer in enumerate(edition.formats, start=1):
            yield {
                "edition_id": edition.id,
                "position": position,
                "kind": offer.kind.value,
                "kind_label": FORMAT_LABELS[offer.kind],
                "label": offer.label,
                "description": offer.description,
            }


def _highlight_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        for position, text in enumerate(edition.highlights, start=1):
            yield {"edition_id": edition.id, "position": position, "text": text}


def _editorial_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        if edition.editorial:
            yield {
                "edition_id": edition.id,
                "label": edition.editorial.label,
                "author": edition.editorial.author,
                "heading": edition.editorial.heading,
            }


def _author_title_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        if edition.editorial:
            for position, title in enumerate(edition.editorial.author_titles, start=1):
                yield {"edition_id": edition.id, "position": position, "title": title}


def _paragraph_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        if edition.editorial:
            for position, text in enumerate(edition.editorial.paragraphs, start=1):
                yield {"edition_id": edition.id, "position": position, "text": text}


def _no_change_yet(catalog: Catalog) -> Iterator[Row]:
    """A catalog published for the first time has no programme version."""
    return iter(())


def _change_rows(catalog: Catalog, state: CalendarState) -> Iterator[Row]:
    """Every change of every version of the catalog's editions, oldest version first."""
    for edition in catalog.editions:
        for version in state.versions_of(edition.id):
            for position, change in enumerate(version.changes, start=1):
                yield {
                    "edition_id": edition.id,
                    "version": version.number,
                    "date": version.dated,
                    "position": position,
                    "session_id": change.session,
                    "title": change.title,
                    "change": change.kind.value,
                    "before": change.before,
                    "after": change.after,
                    "description": changelog.sentence(change),
                }


ROWS: dict[str, Callable[[Catalog], Iterator[Row]]] = {
    "series": _series_rows,
    "editions": _edition_rows,
    "sessions": _session_rows,
    "session-speakers": _speaker_rows,
    "venues": _venue_rows,
    "access": _access_rows,
    "access-stops": _stop_rows,
    "organisations": _organisation_rows,
    "organisation-funders": _funder_rows,
    "social-accounts": _social_rows,
    "participations": _participation_rows,
    "contacts": _contact_rows,
    "formats": _format_rows,
    "highlights": _highlight_rows,
    "editorials": _editorial_rows,
    "editorial-author-titles": _author_title_rows,
    "editorial-paragraphs": _paragraph_rows,
    "changes": _no_change_yet,
    "websites": _website_rows,
}
"""Each table's rows, from the model, by the table's name in the dictionary."""

HISTORY: dict[str, Callable[[Catalog, CalendarState], Iterator[Row]]] = {
    "sessions": _session_rows,
    "changes": _change_rows,
}
"""The tables of what was published, whose rows come from the calendar memory."""

BY_EDITION: dict[str, Callable[[Catalog, Edition, CalendarState | None], Iterator[Row]]] = {
    "sessions": _edition_session_rows,
    "session-speakers": _edition_speaker_rows,
}
"""The largest tables (a row per slot, per speaker), whose rows come edition by edition
in the catalog's order, each edition's made of the series, the edition and what the
memory holds of it alone: what the edition's fingerprint covers (`build.fingerprints`),
so that a rebuild takes an unchanged edition's rows as the previous build wrote them
(`aictdata.exporters.datapackage.parts`). The memory is given to a table of `HISTORY`."""
