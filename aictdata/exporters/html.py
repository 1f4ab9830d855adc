"""The public pages: site/index.html (every edition) and site/<edition>/index.html.

Static HTML from Jinja2 templates (aictdata/templates/, autoescaped), with the stylesheet
inlined so that a page saved or printed alone keeps its layout and nothing is fetched
from elsewhere; no JavaScript. Links between built files are relative, so the site works
from any folder of any server and from the disk; only links meant to leave the site
(feeds to subscribe to, Google Calendar, the organisers' sites) are absolute.

The pages embed the same schema.org markup as event.jsonld, built by the jsonld module's
pure functions: one source for the markup, however it is published.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup, escape

from aictdata import changelog, layout, text, timeline, vocab
from aictdata.calendar_state import CalendarState, Version, advance
from aictdata.exporters.jsonld import (
    edition_description,
    edition_event,
    script_element,
    series_markup,
)
from aictdata.model import (
    Catalog,
    Edition,
    Organisation,
    Role,
    Session,
    SocialAccount,
    Status,
)

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.sitewriter import SiteWriter

STYLESHEET = "site.css"


@dataclass(frozen=True)
class Slot:
    """A programme row, with everything the template shows already worded."""

    session: Session
    anchor: str
    starts: str
    ends: str
    start_label: str
    end_label: str
    status: str | None
    ics: str
    google: str
    moved_from: str | None
    """« auparavant 9h30 » when the slot's latest move changed its start."""


@dataclass(frozen=True)
class Day:
    day: date
    label: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Meta:
    """What a page says of itself to search engines and to the apps a link is shared in
    (Open Graph, Twitter cards): its title, description, address and picture."""

    title: str
    description: str
    canonical: str
    card: str
    card_alt: str


@dataclass(frozen=True)
class Feed:
    """A calendar feed and the ways to subscribe to it, one per calendar people use."""

    url: str
    webcal: str
    google: str
    outlook: str
    microsoft365: str
    file: str
    """The feed as a relative link, to download (import) rather than subscribe."""


@dataclass(frozen=True)
class VersionView:
    """A programme version as the page shows it."""

    anchor: str
    title: str
    date: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Apps:
    """The edition's programme for conference apps (Giggity, EventFahrplan, ConfClerk…)."""

    xml_url: str
    xml: str
    """schedule.xml as a relative link; `json` the same for schedule.json."""
    json: str
    giggity: str
    qr_code: Markup


@dataclass(frozen=True)
class RoleGroup:
    """Organisations sharing one wording (« Avec le concours de »), in order of mention."""

    label: str
    organisations: tuple[Organisation, ...]


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write the index page and one page per edition."""
    pages = Pages(
        catalog,
        context.calendar_state or advance(None, catalog),
        today=context.today or timeline.reference_day(catalog),
    )
    site.write_text(layout.INDEX, pages.index())
    for edition in catalog.editions:
        site.write_text(layout.edition_page(edition), pages.edition(edition))


class Pages:
    """Renders the pages of one catalog; the Jinja2 environment is built once."""

    def __init__(self, catalog: Catalog, state: CalendarState, *, today: date) -> None:
        self.catalog = catalog
        self.state = state
        self.today = today
        self.environment = jinja2.Environment(
            loader=jinja2.PackageLoader("aictdata", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_french_spacing,
        )
        self.environment.filters.update(
            french_date=text.french_date,
            french_dates=text.french_dates,
            phone=text.display_phone,
            access=text.access_details,
        )
        css = resources.files("aictdata").joinpath("static", STYLESHEET).read_text("utf-8")
        self.environment.globals.update(
            css=Markup(css),
            series=catalog.series,
            transport_labels=vocab.TRANSPORT_LABELS,
            social_labels=vocab.SOCIAL_NETWORK_LABELS,
            stage_labels=vocab.PROGRAMME_STAGE_LABELS,
            status_labels=vocab.STATUS_LABELS,
            Status=Status,
        )

    def index(self) -> str:
        """Every edition, newest first, with its feeds; the series' markup."""
        catalog = self.catalog
        series = catalog.series
        page = layout.INDEX
        editions = timeline.in_index_order(catalog.editions, self.today)
        organisers = [
            catalog.organisation(p.organisation)
            for p in series.participations
            if p.role is Role.ORGANIZER
        ]
        href = _linker(page)
        return self._render(
            "index.html",
            href=href,
            meta=self._meta(
                page,
                f"{series.short_name} : programmes, calendriers et données",
                f"{series.name} : le programme de chaque édition, des calendriers à suivre"
                " et les données ouvertes.",
                layout.SOCIAL_CARD,
                text.social_card_lines(series),
            ),
            feed=self._feed(layout.ALL_CALENDAR, series.short_name, href),
            editions=editions,
            when=lambda edition: timeline.when(edition, self.today).value,
            layout=layout,
            contacts=series.contacts,
            organisation=catalog.organisation,
            organisers=organisers,
            socials=_socials(organisers),
            jsonld=Markup(script_element(series_markup(catalog))),
        )

    def edition(self, edition: Edition) -> str:
        """Theme, programme by day, venue and access, contacts, partners, editorial."""
        catalog = self.catalog
        series = catalog.series
        page = layout.edition_page(edition)
        contacts = catalog.contacts(edition)
        organisers = [
            catalog.organisation(p.organisation, edition)
            for p in catalog.participations(edition)
            if p.role is Role.ORGANIZER
        ]
        href = _linker(page)
        return self._render(
            "edition.html",
            href=href,
            meta=self._meta(
                page,
                f"{series.short_name} {edition.id} : {edition.theme or edition.title}",
                edition_description(edition),
                layout.edition_social_card(edition),
                text.social_card_lines(series, edition),
            ),
            feed=self._feed(
                layout.edition_calendar(edition), f"{series.short_name} {edition.id}", href
            ),
            versions=self._versions(edition),
            page_url=layout.url(series, page),
            qr_code=Markup(_qr_svg(layout.url(series, layout.edition_calendar(edition)))),
            apps=self._apps(edition, href),
            edition=edition,
            when=timeline.when(edition, self.today).value,
            announcement=(
                href(layout.edition_announcement(edition))
                if (record := self.state.editions.get(edition.id)) and record.announced
                else None
            ),
            days=self._days(edition),
            layout=layout,
            registration_mode=(
                vocab.REGISTRATION_MODE_LABELS[edition.registration.mode]
                if edition.registration
                else None
            ),
            contacts=contacts,
            organisation=lambda oid: catalog.organisation(oid, edition),
            socials=_socials(organisers),
            roles=_roles(catalog, edition),
            jsonld=Markup(
                script_element(
                    edition_event(catalog, edition, versions=self.state.versions_of(edition.id))
                )
            ),
        )

    def _meta(
        self, page: str, title: str, description: str, card: str, card_lines: tuple[str, ...]
    ) -> Meta:
        series = self.catalog.series
        return Meta(
            title=title,
            description=description,
            canonical=layout.url(series, page),
            card=layout.url(series, card),
            card_alt=" – ".join(card_lines),
        )

    def _feed(self, path: str, name: str, href: Callable[[str], str]) -> Feed:
        url = layout.url(self.catalog.series, path)
        return Feed(
            url=url,
            webcal=layout.webcal(url),
            google=layout.google_subscribe_link(url),
            outlook=layout.outlook_subscribe_link(layout.OUTLOOK_COM, url, name),
            microsoft365=layout.outlook_subscribe_link(layout.MICROSOFT_365, url, name),
            file=href(path),
        )

    def _versions(self, edition: Edition) -> tuple[VersionView, ...]:
        """The edition's programme versions, newest first."""
        return tuple(
            VersionView(
                anchor=layout.version_anchor(version.number),
                title=changelog.version_title(edition.id, version),
                date=changelog.version_date(version),
                sentences=tuple(changelog.sentence(change) for change in version.changes),
            )
            for version in reversed(self.state.versions_of(edition.id))
        )

    def _apps(self, edition: Edition, href: Callable[[str], str]) -> Apps:
        xml_url = layout.url(self.catalog.series, layout.edition_schedule_xml(edition))
        return Apps(
            xml_url=xml_url,
            xml=href(layout.edition_schedule_xml(edition)),
            json=href(layout.edition_schedule_json(edition)),
            giggity=layout.giggity_link(xml_url),
            qr_code=Markup(
                _qr_svg(xml_url, label=f"Code QR du programme pour les applications : {xml_url}")
            ),
        )

    def _days(self, edition: Edition) -> tuple[Day, ...]:
        series = self.catalog.series
        versions = self.state.versions_of(edition.id)
        page = layout.edition_page(edition)
        href = _linker(page)
        google = layout.google_calendar_linker(series, edition)
        days = []
        for day in edition.days:
            sessions = sorted(edition.sessions_on(day), key=lambda s: (s.starts_at, s.ends_at))
            slots = tuple(
                Slot(
                    session=s,
                    anchor=layout.session_anchor(s),
                    starts=text.rfc3339(s.starts_at),
                    ends=text.rfc3339(s.ends_at),
                    start_label=text.french_time(s.starts_at),
                    end_label=text.french_time(s.ends_at),
                    status=None if s.status is Status.SCHEDULED else vocab.STATUS_LABELS[s.status],
                    ics=href(layout.session_calendar(edition, s)),
                    google=google(s),
                    moved_from=_moved_from(versions, s) if versions else None,
                )
                for s in sessions
            )
            if slots:
                days.append(Day(day, text.french_date(day), slots))
        return tuple(days)

    def _render(self, template: str, **context: object) -> str:
        return self.environment.get_template(template).render(**context)


def _french_spacing(value: object) -> object:
    """French spacing on every text the templates print from the data; markup (the
    inlined CSS, the JSON-LD) is left as it is."""
    if isinstance(value, str) and " " in value and not isinstance(value, Markup):
        return text.french_spacing(value)
    return value


def _linker(page: str) -> Callable[[str], str]:
    """Relative link from `page` to another site path (index.html kept, so the pages also
    work from the disk, where a folder does not open its index). A path inside the page's
    own folder (every slot's .ics) is cut rather than computed: relpath is slow."""
    folder = posixpath.dirname(page) or "."
    inside = "" if folder == "." else folder + "/"

    def href(path: str) -> str:
        if path.startswith(inside) and ".." not in path:
            return path[len(inside) :]
        return posixpath.relpath(path, folder)

    return href


def _moved_from(versions: tuple[Version, ...], session: Session) -> str | None:
    before = changelog.previous_start(versions, session.id)
    if before is None:
        return None
    if before.date() == session.starts_at.date():
        return f"auparavant {text.french_time(before)}"
    return f"auparavant le {text.french_date(before.date())} à {text.french_time(before)}"


def _qr_svg(address: str, *, label: str | None = None) -> str:
    """A QR code of `address` as inline SVG (segno: deterministic, no image file, no
    network): on the printed page, a phone's camera opens the feed from paper.

    With a `label`, for a code shown on screen: an image with that accessible name
    (`role="img"`, `aria-label`) and a white background with the standard quiet zone of
    four modules, so that a camera reads it in the dark colour scheme too."""
    import segno

    # A fixed mask: choosing the best of the eight costs 3.5 times the rest of the code
    # (0.7 against 2.5 ms), and the first one reads as well from a page (zbar in the tests).
    code = segno.make(address, error="m", mask=0)
    if label is None:
        return code.svg_inline(scale=3, border=2, title=address)
    svg = code.svg_inline(scale=3, border=4, title=address, light="#fff", dark="#000")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def _socials(organisations: list[Organisation]) -> list[SocialAccount]:
    return [account for organisation in organisations for account in organisation.social]


def _roles(catalog: Catalog, edition: Edition) -> tuple[RoleGroup, ...]:
    """Participations grouped by their wording, organisations once per wording."""
    groups: dict[str, list[Organisation]] = {}
    for participation in catalog.participations(edition):
        label = participation.label or vocab.ROLE_LABELS[participation.role]
        organisation = catalog.organisation(participation.organisation, edition)
        members = groups.setdefault(label, [])
        if organisation not in members:
            members.append(organisation)
    return tuple(RoleGroup(label, tuple(members)) for label, members in groups.items())
