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
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup, escape

from aictdata.errors import BuildError
from aictdata.exporters.jsonld import (
    edition_description,
    edition_event,
    script_element,
    series_markup,
    session_event,
)
from aictdata.memory import changes as changelog
from aictdata.memory.state import (
    CalendarState,
    Version,
    advance,
    removed_by_edition,
    slot_status,
)
from aictdata.model import timeline
from aictdata.model.entities import (
    LOGOS_DIR,
    Access,
    Catalog,
    Edition,
    Organisation,
    Publication,
    Role,
    Session,
    SessionKind,
    SocialAccount,
    Status,
)
from aictdata.model.texts import Text, localized
from aictdata.output import layout
from aictdata.words import formatting, vocabulary
from aictdata.words import outputs as interface
from aictdata.words.outputs import F_, Words

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter

STYLESHEET = "site.css"


@dataclass(frozen=True)
class Day:
    day: date
    label: str
    rows: tuple[Markup, ...]
    """The programme rows of the day, written by `Pages._row`."""


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
class MyProgramme:
    """« Mon programme » on an edition page: its script and what its .ics carries."""

    script: str
    key: str
    """Where the browser keeps the stars (localStorage), one key per edition and site."""
    prodid: str
    stamp: str
    """DTSTAMP: the edition's `updated`, as in the feeds."""
    file: str


@dataclass(frozen=True)
class EmbeddedSlot:
    """A slot as the embeddable programme shows it, with absolute links."""

    session: Session
    start: str
    end: str
    starts: str
    ends: str
    url: str
    status: str | None
    where: str


@dataclass(frozen=True)
class EmbeddedDay:
    label: str
    slots: tuple[EmbeddedSlot, ...]


@dataclass(frozen=True)
class LanguageGroup:
    """The slots held in one language: (when, title, link to its page) of each."""

    anchor: str
    name: str
    slots: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Part:
    """A feed of part of an edition (a family of slots, a day) and its name."""

    label: str
    feed: Feed


@dataclass(frozen=True)
class VersionView:
    """A programme version as the page shows it."""

    anchor: str
    title: str
    date: str
    sentences: tuple[str, ...]


_SLOT_WORDS = {
    "zone": F_("heure de Paris"),
    "moved": F_("Déplacé"),
    "date_time": F_("Date et horaire"),
    "place": F_("Lieu"),
    "status": F_("Statut"),
    "language": F_("Langue"),
    "speakers": F_("Intervenants"),
    "slot": F_("Créneau"),
    "back": F_("Retour au programme"),
    "add": F_("Ajouter à mon agenda"),
    "ics": F_("Fichier .ics"),
    "ics_apps": F_("Outlook, Apple, Thunderbird"),
    "google": F_("Google Agenda"),
    "browser": F_("dans un navigateur"),
    "copy": F_("Une copie ne suit pas les changements du programme&nbsp;: pour les recevoir,"),
    "subscribe": F_("abonnez-vous au calendrier de l’édition"),
    "changes": F_("Modifications"),
    "unchanged": F_("Aucune modification de ce créneau depuis la publication du programme."),
}
"""The words of a slot's page (`Pages._slot_body`), marked here since pybabel reads no
f-string; `_SLOT_MARKUP` are HTML already (their non-breaking spaces)."""
_SLOT_MARKUP = frozenset({"copy"})

_SLOT, _TITLE, _DESCRIPTION, _MARKUP, _BODY = (f"\x00{n}\x00" for n in "STDMB")
"""Markers of a slot's own values in the frame of its page (`Pages.sessions`): NUL never
occurs in the data (the model refuses control characters) nor in the templates."""
_MARKER = re.compile("(\x00[STDMB]\x00)")


@dataclass(frozen=True)
class _SlotContext:
    """What the pages of an edition's slots share, made once per edition and language."""

    edition: Edition
    href: Callable[[str], str]
    index_href: str
    edition_href: str
    google: Callable[[Session], str]
    past: bool
    changes: dict[str, list[SlotChange]]
    versions: tuple[Version, ...]
    venue: str
    suffix: str


@dataclass(frozen=True)
class SlotChange:
    """One change of a slot as its page lists it, linked to its version on the edition page."""

    anchor: str
    title: str
    date: str
    sentence: str


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
class Alternate:
    """The page in one language, for `<link rel="alternate" hreflang>` (and x-default)."""

    hreflang: str
    url: str


@dataclass(frozen=True)
class Switch:
    """A link of the language switch: the same page in another language."""

    lang: str
    name: str
    href: str


@dataclass(frozen=True)
class RoleGroup:
    """Organisations sharing one wording (« Avec le concours de »), in order of mention."""

    label: str
    organisations: tuple[Organisation, ...]


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write the index page and one page per edition, in French and in English."""
    state = context.calendar_state or advance(None, catalog)
    today = context.today or timeline.reference_day(catalog)
    for lang in interface.LANGUAGES:
        pages = Pages(localized(catalog, lang), state, today=today, lang=lang)
        site.write_text(layout.in_language(layout.INDEX, lang), pages.index())
        if lang == interface.SOURCE_LANGUAGE:
            script = resources.files("aictdata").joinpath("static", "programme.js")
            site.write_text(layout.PROGRAMME_SCRIPT, script.read_text("utf-8"))
            site.write_text(layout.STYLESHEET, pages.css)
            _copy_logos(catalog, site, context)
        for page in layout.LEGAL_PAGES:
            site.write_text(layout.in_language(page, lang), pages.legal(page))
        for edition in pages.catalog.editions:
            page = layout.in_language(layout.edition_page(edition), lang)
            site.write_text(page, pages.edition(edition))
            embed = layout.in_language(layout.edition_embed(edition), lang)
            site.write_text(embed, pages.embed(edition))
            for path, html in pages.sessions(edition):
                site.write_text(layout.in_language(path, lang), html)


class Pages:
    """Renders the pages of one catalog in one language (`lang`, the catalog localized
    to it); the Jinja2 environment is built once.

    French pages are at their published paths, English ones under en/; each names the
    other as its alternate and links to it. In an English page, an organiser's text that
    has no English stays French and is marked `lang="fr"`, so that a screen reader
    reads it in French and a translating browser offers to translate it."""

    def __init__(
        self, catalog: Catalog, state: CalendarState, *, today: date, lang: str = "fr"
    ) -> None:
        self.catalog = catalog
        self.state = state
        self.today = today
        self.lang = lang
        self.words = words = interface.words(lang)
        self.finalize = _french_spacing if words.french else _french_spacing_of_french_texts
        self.colon: str = Markup("&nbsp;:") if words.french else ":"
        self._slot_word_cache: dict[str, Markup] | None = None
        self.environment = jinja2.Environment(
            loader=jinja2.PackageLoader("aictdata", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=self.finalize,
            extensions=["jinja2.ext.i18n"],
        )
        self.environment.install_gettext_translations(  # type: ignore[attr-defined]
            interface.translations(lang), newstyle=False
        )
        self.environment.filters.update(
            phone=formatting.display_phone,
            capitalise=formatting.capitalise,
            access=self._access,
            lang_attr=self._lang_attr,
            own=self._own,
        )
        self.css = css = (
            resources.files("aictdata").joinpath("static", STYLESHEET).read_text("utf-8")
        )
        self.environment.globals.update(
            css=Markup(css),
            series=catalog.series,
            transport_labels=vocabulary.TRANSPORT_LABELS,
            social_labels=vocabulary.SOCIAL_NETWORK_LABELS,
            stage_labels=vocabulary.PROGRAMME_STAGE_LABELS,
            status_labels=vocabulary.STATUS_LABELS,
            kind_labels=vocabulary.SESSION_KIND_LABELS,
            Status=Status,
            lang=lang,
            words=words,
            colon=self.colon,
            quoted=self._quoted,
            og_locale=interface.OPEN_GRAPH_LOCALES[lang],
            og_other_locales=[
                interface.OPEN_GRAPH_LOCALES[other]
                for other in interface.LANGUAGES
                if other != lang
            ],
            page_of=lambda edition: layout.in_language(layout.edition_page(edition), lang),
            index_path=layout.in_language(layout.INDEX, lang),
            in_lang=lambda path: layout.in_language(path, lang),
        )

    def _lang_attr(self, value: object) -> Markup:
        """` lang="fr"` for an organiser's text in another language than the page's."""
        if isinstance(value, Text) and value.lang != self.lang:
            return Markup(f' lang="{value.lang}"')  # a language code: nothing to escape
        return Markup("")

    def _own(self, value: object) -> object:
        """An organiser's text inside a sentence of the page: in a `<span lang>` when its
        language is not the page's."""
        if isinstance(value, Text) and value.lang != self.lang:
            return Markup(f'<span lang="{value.lang}">{escape(_french_spacing(value))}</span>')
        return value

    def _own_markup(self, value: str) -> Markup:
        """`_own`, escaped and spaced as the template's finalize would print it."""
        own = self._own(value)
        if isinstance(own, Markup):
            return own
        return escape(self.finalize(own))

    def _access(self, access: Access) -> Markup:
        """One way to the venue (`Words.access`), its directions in a `<span lang>` when
        the organiser's text is not in the page's language (they end the line)."""
        line = self.words.access(access)
        directions = access.directions
        if directions is None or self._own(directions) is directions:
            return self._print(line)
        head = line[: len(line) - len(directions)]
        return self._print(head) + self._own_markup(directions)

    def _quoted(self, value: str) -> Markup:
        """A theme between the quotation marks of its language: « … » or “…”."""
        if isinstance(value, Text) and value.lang == "en":
            return Markup("“{}”").format(value)
        return Markup("«&nbsp;{}&nbsp;»").format(_french_spacing(value))

    def _languages(self, page: str) -> dict[str, object]:
        """The page's alternates in every language (x-default: French, the site's own
        language) and the switch to the others, for the page at French path `page`."""
        series = self.catalog.series
        here = layout.in_language(page, self.lang)
        href = _linker(here)
        urls = {
            lang: layout.url(series, layout.in_language(page, lang)) for lang in interface.LANGUAGES
        }
        return {
            "alternates": [
                *(Alternate(lang, url) for lang, url in urls.items()),
                Alternate("x-default", urls[interface.SOURCE_LANGUAGE]),
            ],
            "switches": [
                Switch(lang, interface.LANGUAGE_NAMES[lang], href(layout.in_language(page, lang)))
                for lang in interface.LANGUAGES
                if lang != self.lang
            ],
        }

    def index(self) -> str:
        """Every edition, newest first, with its feeds; the series' markup."""
        catalog = self.catalog
        series = catalog.series
        page = layout.INDEX
        w = self.words
        feed_path = layout.in_language(layout.ALL_CALENDAR, self.lang)
        editions = timeline.in_index_order(catalog.editions, self.today)
        organisers = [
            catalog.organisation(p.organisation)
            for p in series.participations
            if p.role is Role.ORGANIZER
        ]
        href = _linker(layout.in_language(page, self.lang))
        return self._render(
            "index.html",
            href=href,
            meta=self._meta(
                page,
                w(F_("{name} : programmes, calendriers et données")).format(name=series.short_name),
                w(
                    F_(
                        "{name} : le programme de chaque édition, des calendriers à suivre"
                        " et les données ouvertes."
                    )
                ).format(name=series.name),
                layout.SOCIAL_CARD,
                formatting.social_card_lines(series),
            ),
            feed=self._feed(feed_path, series.short_name, href),
            feed_path=feed_path,
            **self._languages(page),
            editions=editions,
            when=lambda edition: timeline.when(edition, self.today).value,
            layout=layout,
            contacts=series.contacts,
            organisation=catalog.organisation,
            organisers=organisers,
            socials=_socials(organisers),
            jsonld=Markup(script_element(series_markup(catalog, lang=self.lang))),
        )

    def edition(self, edition: Edition) -> str:
        """Theme, programme by day, venue and access, contacts, partners, editorial."""
        catalog = self.catalog
        series = catalog.series
        page = layout.edition_page(edition)
        w = self.words
        feed_path = layout.in_language(layout.edition_calendar(edition), self.lang)
        contacts = catalog.contacts(edition)
        organisers = [
            catalog.organisation(p.organisation, edition)
            for p in catalog.participations(edition)
            if p.role is Role.ORGANIZER
        ]
        href = _linker(layout.in_language(page, self.lang))
        return self._render(
            "edition.html",
            href=href,
            meta=self._meta(
                page,
                w(F_("{name} {id} : {what}")).format(
                    name=series.short_name, id=edition.id, what=edition.theme or edition.title
                ),
                edition_description(edition, w),
                layout.edition_social_card(edition),
                formatting.social_card_lines(series, edition),
            ),
            feed=self._feed(feed_path, f"{series.short_name} {edition.id}", href),
            feed_path=feed_path,
            parts=self._parts(edition, href),
            **self._languages(page),
            zone_note=w(F_("Heures de Paris")),
            versions=self._versions(edition),
            page_url=layout.url(series, layout.in_language(page, self.lang)),
            qr_code=Markup(_qr_svg(layout.url(series, feed_path))),
            apps=self._apps(edition, href),
            edition=edition,
            when=timeline.when(edition, self.today).value,
            announcement=(
                href(layout.edition_announcement(edition))
                if (record := self.state.editions.get(edition.id)) and record.announced
                else None
            ),
            days=self._days(edition),
            by_language=self._by_language(edition, href),
            my_programme=self._my_programme(edition, href),
            layout=layout,
            registration_mode=(
                w(vocabulary.REGISTRATION_MODE_LABELS[edition.registration.mode])
                if edition.registration
                else None
            ),
            contacts=contacts,
            organisation=lambda oid: catalog.organisation(oid, edition),
            socials=_socials(organisers),
            roles=_roles(catalog, edition, self.words),
            jsonld=Markup(
                script_element(
                    edition_event(
                        catalog,
                        edition,
                        versions=self.state.versions_of(edition.id),
                        lang=self.lang,
                    )
                )
            ),
        )

    def embed(self, edition: Edition) -> str:
        """The compact programme a partner's site frames (`layout.edition_embed`): every
        link is absolute and opens the full site in a new tab, out of the frame."""
        series = self.catalog.series
        w = self.words
        page = layout.edition_embed(edition)
        days = []
        for day in edition.days:
            slots = []
            for session in sorted(edition.sessions_on(day), key=lambda s: (s.starts_at, s.ends_at)):
                status = slot_status(edition, session)
                slot_path = layout.in_language(layout.session_page(edition, session), self.lang)
                slots.append(
                    EmbeddedSlot(
                        session=session,
                        start=w.time(session.starts_at),
                        end=w.time(session.ends_at),
                        starts=formatting.rfc3339(session.starts_at),
                        ends=formatting.rfc3339(session.ends_at),
                        url=layout.url(series, slot_path),
                        status=None
                        if status is Status.SCHEDULED
                        else w(vocabulary.STATUS_LABELS[status]),
                        where=", ".join(str(p) for p in (session.room, session.place) if p),
                    )
                )
            if slots:
                days.append(EmbeddedDay(w.date(day), tuple(slots)))
        return self._render(
            "embed.html",
            href=_linker(layout.in_language(page, self.lang)),
            layout=layout,
            meta=self._meta(
                page,
                w(F_("Programme – {name} {id}")).format(name=series.short_name, id=edition.id),
                edition_description(edition, w),
                layout.edition_social_card(edition),
                formatting.social_card_lines(series, edition),
            ),
            **self._languages(page),
            edition=edition,
            edition_url=layout.url(
                series, layout.in_language(layout.edition_page(edition), self.lang)
            ),
            zone_note=w(F_("heure de Paris")),
            days=days,
        )

    def legal(self, page: str) -> str:
        """One of the legal pages (`layout.LEGAL_PAGES`), from what series.yaml says of
        the publisher and the host: what it does not say yet is listed as to complete."""
        catalog = self.catalog
        series = catalog.series
        w = self.words
        publication = series.publication or Publication(publisher=_organiser(catalog).id)
        missing = {
            "address": w(F_("l’adresse postale de l’éditeur")),
            "director": w(F_("le nom du directeur ou de la directrice de la publication")),
            "host": w(F_("le nom, l’adresse et le téléphone de l’hébergeur")),
        }
        titles = {
            layout.LEGAL_NOTICE: w(F_("Mentions légales")),
            layout.ACCESSIBILITY: w(F_("Déclaration d’accessibilité")),
            layout.PRIVACY: w(F_("Données personnelles")),
        }
        title = titles[page]
        return self._render(
            page,
            href=_linker(layout.in_language(page, self.lang)),
            layout=layout,
            meta=self._meta(
                page,
                title,
                f"{title} – {series.short_name}",
                layout.SOCIAL_CARD,
                formatting.social_card_lines(series),
            ),
            **self._languages(page),
            publication=publication,
            publisher=catalog.organisation(publication.publisher),
            site_url=layout.url(series),
            missing=[
                words
                for name, words in missing.items()
                if page == layout.LEGAL_NOTICE and getattr(publication, name) is None
            ],
            jsonld=Markup(""),
        )

    def sessions(self, edition: Edition) -> Iterator[tuple[str, str]]:
        """Each slot's own page (`layout.session_page`, French path) and its HTML.

        A 10,000-slot edition makes 10,000 pages in each language, so the template is
        rendered once per edition, with markers where a slot's own values go (its id in
        the addresses, its title and description in the head, its markup, its body):
        each page is then that frame joined with the slot's values, printed as the
        template prints them (`_print`), and its body written as f-strings (`_slot_body`),
        as the programme's rows are. Rendering the template per slot cost 0.5 ms a page."""
        catalog = self.catalog
        series = catalog.series
        w = self.words
        versions = self.state.versions_of(edition.id)
        frame_page = layout.session_page_of(edition.id, _SLOT)
        href = cache(_linker(layout.in_language(frame_page, self.lang)))
        edition_href = href(layout.in_language(layout.edition_page(edition), self.lang))
        frame = self.environment.get_template("session.html").render(
            href=href,
            layout=layout,
            edition=edition,
            edition_href=edition_href,
            meta=self._meta(
                frame_page,
                _TITLE,
                _DESCRIPTION,
                layout.edition_social_card(edition),
                formatting.social_card_lines(series, edition),
            ),
            **self._languages(frame_page),
            body=Markup(_BODY),
            jsonld=Markup(_MARKUP),
            # A file, not inlined as in the other pages: 10,000 slots make 20,000 pages,
            # which would carry 9 kB of the same CSS each (180 MB on the disk).
            stylesheet=href(layout.STYLESHEET),
        )
        pieces = _MARKER.split(frame)
        slot = _SlotContext(
            edition=edition,
            href=href,
            index_href=href(layout.in_language(layout.INDEX, self.lang)),
            edition_href=edition_href,
            google=layout.google_calendar_linker(series, edition, self.lang),
            past=timeline.when(edition, self.today) is timeline.When.PAST,
            changes=self._changes_by_slot(edition, versions),
            versions=versions,
            venue=formatting.venue_line(edition.venue) if edition.venue else "",
            suffix=f" – {series.short_name} {edition.id}",
        )
        for session in edition.sessions:
            when = f"{w.time(session.starts_at)}–{w.time(session.ends_at)}"
            where = ", ".join(str(part) for part in (session.room, session.place) if part)
            day = formatting.capitalise(w.date(session.date))
            values = {
                _SLOT: session.id,  # a slug: nothing to escape in an address or an attribute
                _TITLE: self._print(session.title + slot.suffix),
                _DESCRIPTION: self._print(
                    ", ".join(part for part in (day, when, where or slot.venue) if part)
                ),
                _MARKUP: script_element(
                    session_event(catalog, edition, session, versions=versions, lang=self.lang)
                ),
                _BODY: self._slot_body(session, slot, day=day, when=when, where=where),
            }
            html = "".join(values.get(piece, piece) for piece in pieces)
            yield layout.session_page(edition, session), html

    def _slot_body(
        self, session: Session, slot: _SlotContext, *, day: str, when: str, where: str
    ) -> str:
        """The masthead and main content of a slot's page: what session.html printed."""
        w, out = self.words, self._print
        edition = slot.edition
        status = slot_status(edition, session)
        moved_from = _moved_from(slot.versions, session, w) if slot.versions else None
        words = self._slot_words()
        zone = words["zone"]
        title = out(session.title)
        lang = self._lang_attr(session.title)
        badges = [
            '      <span class="badge">'
            f"{out(w(vocabulary.SESSION_KIND_LABELS[session.kind]))}</span>"
        ]
        if status is not Status.SCHEDULED:
            label = out(w(vocabulary.STATUS_LABELS[status]))
            badges.append(f'      <strong class="badge status-{status.value}">{label}</strong>')
        if moved_from:
            moved = words["moved"]
            badges.append(
                f'      <strong class="badge moved">{moved}</strong>'
                f' <span class="was">{out(moved_from)}</span>'
            )
        languages = [out(w.language(code)) for code in session.language]
        badges += [f'      <span class="badge language">{name}</span>' for name in languages]
        status_text = out(w(vocabulary.STATUS_LABELS[status]))
        if moved_from:
            status_text += f" ({out(moved_from)})"
        facts = [
            f"  <dt>{words['date_time']}</dt>",
            f"  <dd>{out(day)}, {out(when)}, {zone}</dd>",
            f"  <dt>{words['place']}</dt>",
            f"  <dd>{out(where) + ', ' if where else ''}{out(slot.venue)}</dd>",
            f"  <dt>{words['status']}</dt>",
            f"  <dd>{status_text}</dd>",
        ]
        if languages:
            facts += [f"  <dt>{words['language']}</dt>", f"  <dd>{', '.join(languages)}</dd>"]
        if session.speakers:
            speakers = out(", ".join(session.speakers))
            facts += [f"  <dt>{words['speakers']}</dt>", f"  <dd>{speakers}</dd>"]
        parts = [
            '<header class="masthead">\n  <div class="wrap">\n'
            f'    <p class="crumbs"><a href="{slot.index_href}">'
            f"{out(self.catalog.series.short_name)}</a>"
            f' <span aria-hidden="true">›</span> <a href="{slot.edition_href}">{edition.id}</a>'
            f' <span aria-hidden="true">›</span> {words["slot"]}</p>\n'
            f"    <h1{lang}>{title}</h1>\n"
            f'    <p class="when">{out(day)}, '
            f'<time datetime="{formatting.rfc3339(session.starts_at)}">'
            f"{out(w.time(session.starts_at))}</time>–<time"
            f' datetime="{formatting.rfc3339(session.ends_at)}">'
            f"{out(w.time(session.ends_at))}</time>"
            f" ({zone})</p>\n"
            '    <p class="badges">\n' + "\n".join(badges) + "\n    </p>\n  </div>\n</header>\n\n"
            '<main id="contenu" class="wrap">\n<dl class="facts">\n'
            + "\n".join(facts)
            + "\n</dl>\n"
        ]
        if session.description:
            described = self._lang_attr(session.description)
            parts.append(f'<p class="description"{described}>{out(session.description)}</p>\n')
        if not slot.past and status is not Status.CANCELLED:
            parts.append(self._add_section(session, slot))
        parts.append(self._slot_history(session, slot))
        back = words["back"]
        parts.append(
            f'<p><a href="{slot.edition_href}#{layout.session_anchor(session)}">{back}</a></p>\n'
            "</main>"
        )
        return "".join(parts)

    def _slot_words(self) -> dict[str, Markup]:
        """The words of the slots' pages in this language, printed once (`_SLOT_WORDS`)."""
        if self._slot_word_cache is None:
            self._slot_word_cache = {
                key: Markup(self.words(message))
                if key in _SLOT_MARKUP
                else self._print(self.words(message))
                for key, message in _SLOT_WORDS.items()
            }
        return self._slot_word_cache

    def _add_section(self, session: Session, slot: _SlotContext) -> str:
        """« Ajouter à mon agenda » on a slot's page: its .ics and Google Calendar."""
        out, words = self._print, self._slot_words()
        ics = slot.href(layout.session_calendar(slot.edition, session))
        copy, subscribe = words["copy"], words["subscribe"]
        return (
            '<section id="ajouter" class="subscribe" aria-labelledby="ajouter-titre">\n'
            f'  <h2 id="ajouter-titre">{words["add"]}</h2>\n'
            '  <ul class="calendars">\n'
            f'    <li><a href="{out(ics)}">{words["ics"]} <span class="where">'
            f"{words['ics_apps']}</span></a></li>\n"
            f'    <li><a href="{out(slot.google(session))}" rel="nofollow">'
            f'{words["google"]} <span class="where">'
            f"{words['browser']}</span></a></li>\n"
            "  </ul>\n"
            f'  <p class="note">{copy} <a href="{slot.edition_href}#abonnement">'
            f"{subscribe}</a>.</p>\n"
            "</section>\n"
        )

    def _slot_history(self, session: Session, slot: _SlotContext) -> str:
        """The changes of one slot, newest first, each linked to its version."""
        out, words = self._print, self._slot_words()
        changes = slot.changes.get(session.id, ())
        if changes:
            items = "".join(
                f'    <li><a href="{slot.edition_href}#{change.anchor}">{out(change.title)}</a>,'
                f" {out(change.date)}{self.colon} {out(change.sentence)}.</li>\n"
                for change in changes
            )
            listed = f"  <ul>\n{items}  </ul>\n"
        else:
            listed = f"  <p>{words['unchanged']}</p>\n"
        return (
            f'<section id="{layout.CHANGES_ANCHOR}" class="history"'
            ' aria-labelledby="modifications-titre">\n'
            f'  <h2 id="modifications-titre">{words["changes"]}</h2>\n'
            f"{listed}</section>\n"
        )

    def _changes_by_slot(
        self, edition: Edition, versions: tuple[Version, ...]
    ) -> dict[str, list[SlotChange]]:
        """Every change of each slot, newest version first, as its page lists them."""
        by_slot: dict[str, list[SlotChange]] = {}
        for version in reversed(versions):
            title = changelog.version_title(edition.id, version, self.words)
            day = changelog.version_date(version, self.words)
            anchor = layout.version_anchor(version.number)
            for change in version.changes:
                if change.session is not None:
                    sentence = changelog.sentence(change, self.words)
                    by_slot.setdefault(change.session, []).append(
                        SlotChange(anchor, title, day, sentence)
                    )
        return by_slot

    def _meta(
        self, page: str, title: str, description: str, card: str, card_lines: tuple[str, ...]
    ) -> Meta:
        series = self.catalog.series
        return Meta(
            title=title,
            description=description,
            canonical=layout.url(series, layout.in_language(page, self.lang)),
            card=layout.url(series, card),
            card_alt=" – ".join(card_lines),
        )

    def _feed(self, path: str, name: str, href: Callable[[str], str]) -> Feed:
        """The feed at `path`, named in Outlook as the feed names itself (ics)."""
        name = self.words(F_("{name}")).format(name=name)
        url = layout.url(self.catalog.series, path)
        return Feed(
            url=url,
            webcal=layout.webcal(url),
            google=layout.google_subscribe_link(url),
            outlook=layout.outlook_subscribe_link(layout.OUTLOOK_COM, url, name),
            microsoft365=layout.outlook_subscribe_link(layout.MICROSOFT_365, url, name),
            file=href(path),
        )

    def _parts(self, edition: Edition, href: Callable[[str], str]) -> tuple[Part, ...]:
        """The feeds of part of the edition (exporters/ics.py), by family then by day:
        none until it has slots."""
        if not edition.sessions:
            return ()
        w = self.words
        name = f"{self.catalog.series.short_name} {edition.id}"
        removed = [record for _, record in removed_by_edition(self.state).get(edition.id, [])]
        families, days = vocabulary.edition_parts(
            [
                *(vocabulary.session_family(s.kind) for s in edition.sessions),
                *(vocabulary.session_family(SessionKind(r.kind)) for r in removed),
            ],
            [
                *(s.date for s in edition.sessions),
                *(r.starts_at.astimezone(edition.zone).date() for r in removed),
            ],
        )
        labelled = [
            (
                w(vocabulary.SESSION_FAMILY_LABELS[family]),
                layout.edition_family_calendar(edition, family),
            )
            for family in families
        ] + [
            (formatting.capitalise(w.date(day)), layout.edition_day_calendar(edition, day))
            for day in days
        ]
        return tuple(
            Part(label, self._feed(layout.in_language(path, self.lang), f"{name} – {label}", href))
            for label, path in labelled
        )

    def _versions(self, edition: Edition) -> tuple[VersionView, ...]:
        """The edition's programme versions, newest first."""
        return tuple(
            VersionView(
                anchor=layout.version_anchor(version.number),
                title=changelog.version_title(edition.id, version, self.words),
                date=changelog.version_date(version, self.words),
                sentences=tuple(
                    changelog.sentence(change, self.words) for change in version.changes
                ),
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
                _qr_svg(
                    xml_url,
                    label=self.words(
                        F_("Code QR du programme pour les applications : {url}")
                    ).format(url=xml_url),
                )
            ),
        )

    def _my_programme(self, edition: Edition, href: Callable[[str], str]) -> MyProgramme | None:
        """What « Mon programme » needs on the page: none for a past edition or one
        without slots."""
        if not edition.sessions or timeline.when(edition, self.today) is timeline.When.PAST:
            return None
        series = self.catalog.series
        return MyProgramme(
            script=href(layout.PROGRAMME_SCRIPT),
            key=f"{series.uid_domain}/{edition.id}",
            prodid=f"-//{series.uid_domain}//aictdata//{self.lang.upper()}",
            stamp=_utc_basic(edition.updated),
            file=f"{series.id}-{edition.id}-mon-programme.ics",
        )

    def _slot_data(self, edition: Edition) -> Callable[[Session], str]:
        """The `data-*` attributes of a row that « Mon programme » (static/programme.js)
        builds its .ics from: the feeds' UID, SEQUENCE and STATUS, the times in UTC (the
        file then needs no time zone), the place and the slot's page."""
        series = self.catalog.series
        slots = self.state.slots

        def data(session: Session) -> str:
            uid = layout.session_uid(series, edition, session)
            record = slots[uid]
            page_path = layout.in_language(layout.session_page(edition, session), self.lang)
            page = layout.url(series, page_path)
            values = {
                "uid": uid,
                "start": _utc_basic(session.starts_at),
                "end": _utc_basic(session.ends_at),
                "sequence": str(record.sequence),
                "status": vocabulary.ICALENDAR_STATUS[Status(record.status)],
                "location": formatting.venue_line(edition.venue, place=session.place),
                "url": page,
            }
            return "".join(f' data-{name}="{escape(value)}"' for name, value in values.items())

        return data

    def _by_language(
        self, edition: Edition, href: Callable[[str], str]
    ) -> tuple[LanguageGroup, ...]:
        """The slots by the language they are held in, for the programme's filter without
        JavaScript (one anchor per language); none when the data names no language."""
        w = self.words
        groups: dict[str, list[tuple[str, str, str]]] = {}
        for session in sorted(edition.sessions, key=lambda s: (s.starts_at, s.ends_at)):
            when = f"{formatting.capitalise(w.date(session.date))}, {w.time(session.starts_at)}"
            page = href(layout.in_language(layout.session_page(edition, session), self.lang))
            for code in session.language:
                groups.setdefault(code, []).append((when, session.title, page))
        return tuple(
            LanguageGroup(layout.language_anchor(code), w.language(code), tuple(slots))
            for code, slots in sorted(groups.items())
        )

    def _days(self, edition: Edition) -> tuple[Day, ...]:
        series = self.catalog.series
        versions = self.state.versions_of(edition.id)
        w = self.words
        href = _linker(layout.in_language(layout.edition_page(edition), self.lang))
        google = layout.google_calendar_linker(series, edition, self.lang)
        past = timeline.when(edition, self.today) is timeline.When.PAST
        slot_data = None if past else self._slot_data(edition)
        days = []
        for day in edition.days:
            sessions = sorted(edition.sessions_on(day), key=lambda s: (s.starts_at, s.ends_at))
            rows = tuple(
                self._row(
                    s,
                    page=href(layout.in_language(layout.session_page(edition, s), self.lang)),
                    add=None if past else (href(layout.session_calendar(edition, s)), google(s)),
                    moved_from=_moved_from(versions, s, w) if versions else None,
                    data=slot_data(s) if slot_data else "",
                )
                for s in sessions
            )
            if rows:
                days.append(Day(day, w.date(day), rows))
        return tuple(days)

    def _row(
        self,
        session: Session,
        *,
        page: str,
        add: tuple[str, str] | None,
        moved_from: str | None,
        data: str = "",
    ) -> Markup:
        """One row of the programme table, as the template's markup would print it: the
        title links to the slot's page; `add` (its .ics and Google links) is None on a
        past edition's page, whose table has no « add » column.

        Written here rather than in edition.html: a 10,000-slot page spent most of its
        time in Jinja's per-expression work for these rows (escape, finalize, attribute
        lookups), several times what one f-string per row costs. Every value is printed
        through `_print`, the template's finalize and escaping, so the bytes are the
        same; the tests read the rows as HTML (tests/exporters/test_html.py)."""
        w, out = self.words, self._print
        title = self._own_markup(session.title)
        status = session.status
        lines = [
            f'      <tr id="{out(layout.session_anchor(session))}"'
            f' class="kind-{session.kind.value} status-{status.value}"{data}>\n'
            f'        <td class="time"><time datetime="{formatting.rfc3339(session.starts_at)}">'
            f"{out(w.time(session.starts_at))}</time>–<time"
            f' datetime="{formatting.rfc3339(session.ends_at)}">'
            f"{out(w.time(session.ends_at))}</time>"
            "</td>\n"
            '        <td class="slot">\n'
            f'          <a class="title" href="{out(page)}"{self._lang_attr(session.title)}>'
            f"{out(session.title)}</a>\n"
        ]
        if not w.french:
            lines.append(
                f' <span class="kind">{out(w(vocabulary.SESSION_KIND_LABELS[session.kind]))}</span>'
            )
        if status is not Status.SCHEDULED:
            label = out(w(vocabulary.STATUS_LABELS[status]))
            lines.append(f' <strong class="badge status-{status.value}">{label}</strong>')
        if moved_from:
            moved = out(w(F_("Déplacé")))  # outside the f-string: pybabel reads no f-string
            lines.append(
                f' <strong class="badge moved">{moved}</strong>'
                f' <span class="was">{out(moved_from)}</span>'
            )
        if session.place or session.room:
            where = out(session.room) if session.room else ""
            if session.room and session.place:
                where += ", "
            if session.place:
                where += out(self._own(session.place))
            lines.append(f'<span class="place">{where}</span>')
        if session.speakers:
            lines.append(f'<span class="speakers">{out(", ".join(session.speakers))}</span>')
        if session.language:
            names = ", ".join(
                f'<a href="#{layout.language_anchor(code)}">{out(w.language(code))}</a>'
                for code in session.language
            )
            lines.append(f'<span class="language">{names}</span>')
        if session.description:
            lang = self._lang_attr(session.description)
            lines.append(f'<span class="description"{lang}>{out(session.description)}</span>')
        if add is None:
            lines.append("        </td>\n      </tr>")
            return Markup("".join(lines))
        ics, google = add
        lines.append('        </td>\n        <td class="add">\n')
        if status is not Status.CANCELLED:
            colon = escape(self.colon)
            google_calendar = out(w(F_("Google Agenda")))
            lines.append(
                f'          <a href="{out(ics)}">.ics<span class="vh">{colon} {title}</span></a>\n'
                f'          <a href="{out(google)}" rel="nofollow">{google_calendar}'
                f'<span class="vh">{colon} {title}</span></a>\n'
            )
        lines.append("        </td>\n      </tr>")
        return Markup("".join(lines))

    def _print(self, value: object) -> Markup:
        """`value` as a template's `{{ value }}` prints it: finalized, then escaped."""
        return escape(self.finalize(value))

    def _render(self, template: str, **context: object) -> str:
        return self.environment.get_template(template).render(**context)


def _french_spacing(value: object) -> object:
    """French spacing on every text the templates print from the data; markup (the
    inlined CSS, the JSON-LD) is left as it is."""
    if isinstance(value, str) and " " in value and not isinstance(value, Markup):
        return formatting.french_spacing(value)
    return value


def _french_spacing_of_french_texts(value: object) -> object:
    """In an English page, French spacing only for the organiser's texts left in French."""
    if isinstance(value, Text) and value.lang == "fr":
        return _french_spacing(value)
    return value


def _linker(page: str) -> Callable[[str], str]:
    """Relative link from `page` to another site path (index.html kept, so the pages also
    work from the disk, where a folder does not open its index). A path inside the page's
    own folder (every slot's .ics) is cut rather than computed, and so is a path that
    shares no folder with the page (an English page's link to a French slot's .ics): up
    to the root, then down. relpath is slow."""
    folder = posixpath.dirname(page) or "."
    inside = "" if folder == "." else folder + "/"
    top = folder.split("/", 1)[0] + "/"
    up = "../" * (0 if folder == "." else folder.count("/") + 1)

    def href(path: str) -> str:
        if ".." not in path:
            if path.startswith(inside):
                return path[len(inside) :]
            if not path.startswith(top):
                return up + path
        return posixpath.relpath(path, folder)

    return href


def _utc_basic(moment: datetime) -> str:
    """An iCalendar UTC DATE-TIME: 20241023T121500Z."""
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%S}Z"


def _moved_from(versions: tuple[Version, ...], session: Session, w: Words) -> str | None:
    before = changelog.previous_start(versions, session.id)
    if before is None:
        return None
    if before.date() == session.starts_at.date():
        return w(F_("auparavant {time}")).format(time=w.time(before))
    return w(F_("auparavant le {date} à {time}")).format(
        date=w.date(before.date()), time=w.time(before)
    )


def _qr_svg(address: str, *, label: str | None = None) -> str:
    """A QR code of `address` as inline SVG (segno: deterministic, no image file, no
    network): on the printed page, a phone's camera opens the feed from paper.

    With a `label`, for a code shown on screen: an image with that accessible name
    (`role="img"`, `aria-label`) and a white background with the standard quiet zone of
    four modules, so that a camera reads it in the dark colour scheme too."""
    if label is None:
        return _qr_code(address, framed=False)
    svg = _qr_code(address, framed=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


@lru_cache(maxsize=256)
def _qr_code(address: str, *, framed: bool) -> str:
    """The SVG of `address`'s code, remembered: the French and English pages of an
    edition show the same conference-app address."""
    import segno

    # A fixed mask: choosing the best of the eight costs 3.5 times the rest of the code
    # (0.7 against 2.5 ms), and the first one reads as well from a page (zbar in the tests).
    code = segno.make(address, error="m", mask=0)
    if not framed:
        return code.svg_inline(scale=3, border=2, title=address)
    return code.svg_inline(scale=3, border=4, title=address, light="#fff", dark="#000")


def _copy_logos(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """The organisers' logo files, from editions/logos/ (checked by `load`) to logos/."""
    organisations = [
        *catalog.series.organisations,
        *(o for edition in catalog.editions for o in edition.organisations),
    ]
    files = sorted({o.logo.file for o in organisations if o.logo})
    if files and context.editions_dir is None:
        raise BuildError("the logos are in the editions folder: build with its path")
    for file in files:
        assert context.editions_dir is not None
        source = context.editions_dir / LOGOS_DIR / file
        site.write(layout.logo(file), source.read_bytes())


def _organiser(catalog: Catalog) -> Organisation:
    """The series' organiser: the publisher when series.yaml names none."""
    series = catalog.series
    ids = [p.organisation for p in series.participations if p.role is Role.ORGANIZER]
    return catalog.organisation(ids[0] if ids else series.organisations[0].id)


def _socials(organisations: list[Organisation]) -> list[SocialAccount]:
    return [account for organisation in organisations for account in organisation.social]


def _roles(catalog: Catalog, edition: Edition, w: Words) -> tuple[RoleGroup, ...]:
    """Participations grouped by their wording, organisations once per wording."""
    groups: dict[str, list[Organisation]] = {}
    for participation in catalog.participations(edition):
        label = participation.label or w(vocabulary.ROLE_LABELS[participation.role])
        organisation = catalog.organisation(participation.organisation, edition)
        members = groups.setdefault(label, [])
        if organisation not in members:
            members.append(organisation)
    return tuple(RoleGroup(label, tuple(members)) for label, members in groups.items())
