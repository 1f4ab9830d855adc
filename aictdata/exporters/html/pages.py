"""The pages themselves: the index, an edition's page and its embeddable programme, the
legal pages; the slots' pages and the programme's rows come from their own modules."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from aictdata.exporters.html.printing import linker, utc_basic
from aictdata.exporters.html.programme import ProgrammeRows
from aictdata.exporters.html.qr import qr_svg
from aictdata.exporters.html.slots import SlotPages
from aictdata.exporters.html.views import (
    Apps,
    EmbeddedDay,
    MyProgramme,
    Part,
    RoleGroup,
    VersionView,
)
from aictdata.exporters.jsonld import (
    edition_description,
    edition_event,
    script_element,
    series_markup,
)
from aictdata.memory import changes as changelog
from aictdata.memory.state import removed_by_edition, slot_status
from aictdata.model import timeline
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.organisations import Organisation, Publication, SocialAccount
from aictdata.model.slots import Session
from aictdata.model.vocabularies import Role, SessionKind, Status
from aictdata.output import layout
from aictdata.words import formatting, vocabulary
from aictdata.words.outputs import F_, Words


class Pages(ProgrammeRows, SlotPages):
    """Every page of one catalog in one language (the renderer's `lang`)."""

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
        href = linker(layout.in_language(page, self.lang))
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
        href = linker(layout.in_language(page, self.lang))
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
            qr_code=Markup(qr_svg(layout.url(series, feed_path))),
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
                        slots=self._slot_events(edition),
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
            sessions = sorted(edition.sessions_on(day), key=lambda s: (s.starts_at, s.ends_at))
            rows = tuple(self._embedded_row(edition, session) for session in sessions)
            if rows:
                days.append(EmbeddedDay(w.date(day), rows))
        return self._render(
            "embed.html",
            href=linker(layout.in_language(page, self.lang)),
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
            href=linker(layout.in_language(page, self.lang)),
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

    def _parts(self, edition: Edition, href: Callable[[str], str]) -> tuple[Part, ...]:
        """The feeds of part of the edition (exporters/ics/), by family then by day:
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

    def _embedded_row(self, edition: Edition, session: Session) -> Markup:
        """One slot of the embeddable programme, as embed.html's markup would print it
        (its links absolute, opening the full site out of the frame). Written here for the
        reason `ProgrammeRows._row` is: Jinja's per-expression work was most of the 200
        embeddable programmes of 10,000 slots; every value goes through `_text`."""
        w, out = self.words, self._text
        status = slot_status(edition, session)
        url = layout.url(
            self.catalog.series,
            layout.in_language(layout.session_page(edition, session), self.lang),
        )
        row = (
            f'<li><span><time datetime="{formatting.rfc3339(session.starts_at)}">'
            f"{out(w.time(session.starts_at))}</time>–<time"
            f' datetime="{formatting.rfc3339(session.ends_at)}">{out(w.time(session.ends_at))}'
            "</time></span>\n"
            f'    <span><a href="{out(url)}" target="_blank" rel="noopener"'
            f"{self._lang_attr(session.title)}>{out(session.title)}</a>"
        )
        if status is not Status.SCHEDULED:
            row += f' <strong class="badge">{out(w(vocabulary.STATUS_LABELS[status]))}</strong>'
        where = ", ".join(str(part) for part in (session.room, session.place) if part)
        if where:
            row += f'<br><span class="muted">{out(where)}</span>'
        return Markup(row + "</span></li>")

    def _apps(self, edition: Edition, href: Callable[[str], str]) -> Apps:
        xml_url = layout.url(self.catalog.series, layout.edition_schedule_xml(edition))
        return Apps(
            xml_url=xml_url,
            xml=href(layout.edition_schedule_xml(edition)),
            json=href(layout.edition_schedule_json(edition)),
            giggity=layout.giggity_link(xml_url),
            qr_code=Markup(
                qr_svg(
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
            stamp=utc_basic(edition.updated),
            file=f"{series.id}-{edition.id}-mon-programme.ics",
            zero_is_singular=self.words.zero_is_singular(),
        )


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
