"""Each slot's own page: one frame rendered per edition, filled with each slot's values."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup

from aictdata.exporters.html.printing import PageRenderer, describe_move, linker
from aictdata.exporters.html.views import SlotChange
from aictdata.exporters.jsonld import JsonObject, script_element, session_event, slot_events
from aictdata.memory import changes as changelog
from aictdata.memory.state import Version, slot_status
from aictdata.model import timeline
from aictdata.model.edition import Edition
from aictdata.model.slots import Session
from aictdata.model.vocabularies import Status
from aictdata.output import layout
from aictdata.words import formatting, vocabulary
from aictdata.words.outputs import F_

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
"""The words of a slot's page (`SlotPages._slot_body`), marked here since pybabel reads no
f-string; `_SLOT_MARKUP` are HTML already (their non-breaking spaces)."""
_SLOT_MARKUP = frozenset({"copy"})

_SLOT, _TITLE, _DESCRIPTION, _MARKUP, _BODY = (f"\x00{n}\x00" for n in "STDMB")
"""Markers of a slot's own values in the frame of its page (`SlotPages.sessions`): NUL never
occurs in the data (the model refuses control characters) nor in the templates."""
_MARKER = re.compile("(\x00[STDMB]\x00)")


@dataclass(frozen=True)
class SlotContext:
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


class SlotPages(PageRenderer):
    """The pages of an edition's slots."""

    _kept_slot_events: tuple[str, dict[str, JsonObject]] | None = None
    """The sub-events of the edition being written (`_slot_events`)."""

    def _slot_events(self, edition: Edition) -> dict[str, JsonObject]:
        """The edition's slots as schema.org sub-events (`jsonld.slot_events`), made once
        for its page and its slots' pages, which are written one after the other; only
        the edition being written is kept."""
        kept = self._kept_slot_events
        if kept is None or kept[0] != edition.id:
            versions = self.state.versions_of(edition.id)
            made = slot_events(self.catalog, edition, versions=versions, lang=self.lang)
            kept = self._kept_slot_events = (edition.id, made)
        return kept[1]

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
        href = cache(linker(layout.in_language(frame_page, self.lang)))
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
        # Where each marker is in the frame: a page is the frame with these replaced.
        places = [(index, piece) for index, piece in enumerate(pieces) if _MARKER.fullmatch(piece)]
        slot = SlotContext(
            edition=edition,
            href=href,
            index_href=href(layout.in_language(layout.INDEX, self.lang)),
            edition_href=edition_href,
            google=self._google_links(edition),
            past=timeline.when(edition, self.today) is timeline.When.PAST,
            changes=self._changes_by_slot(edition, versions),
            versions=versions,
            venue=formatting.venue_line(edition.venue) if edition.venue else "",
            suffix=f" – {series.short_name} {edition.id}",
        )
        slot_events = self._slot_events(edition)
        for session in edition.sessions:
            when = f"{w.time(session.starts_at)}–{w.time(session.ends_at)}"
            where = ", ".join(str(part) for part in (session.room, session.place) if part)
            day = formatting.capitalise(w.date(session.date))
            values = {
                _SLOT: session.id,  # a slug: nothing to escape in an address or an attribute
                _TITLE: self._text(session.title + slot.suffix),
                _DESCRIPTION: self._text(
                    ", ".join(part for part in (day, when, where or slot.venue) if part)
                ),
                _MARKUP: script_element(
                    session_event(
                        catalog,
                        edition,
                        session,
                        versions=versions,
                        lang=self.lang,
                        slot=slot_events[session.id],
                    )
                ),
                _BODY: self._slot_body(session, slot, day=day, when=when, where=where),
            }
            page = pieces.copy()
            for index, marker in places:
                page[index] = values[marker]
            html = "".join(page)
            yield layout.session_page(edition, session), html

    def _slot_body(
        self, session: Session, slot: SlotContext, *, day: str, when: str, where: str
    ) -> str:
        """The masthead and main content of a slot's page: what session.html printed."""
        w, out = self.words, self._text
        edition = slot.edition
        status = slot_status(edition, session)
        moved_from = describe_move(slot.versions, session, w) if slot.versions else None
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

    def _add_section(self, session: Session, slot: SlotContext) -> str:
        """« Ajouter à mon agenda » on a slot's page: its .ics and Google Calendar."""
        out, words = self._text, self._slot_words()
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

    def _slot_history(self, session: Session, slot: SlotContext) -> str:
        """The changes of one slot, newest first, each linked to its version."""
        out, words = self._text, self._slot_words()
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
