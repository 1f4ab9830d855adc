"""The programme table of an edition page: its rows written as the template would print them."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from aictdata.exporters.html.printing import PageRenderer, describe_move, linker, utc_basic
from aictdata.exporters.html.views import Day, LanguageGroup
from aictdata.model import timeline
from aictdata.model.edition import Edition
from aictdata.model.slots import Session
from aictdata.model.vocabularies import Status
from aictdata.output import layout
from aictdata.words import formatting, vocabulary
from aictdata.words.outputs import F_


class ProgrammeRows(PageRenderer):
    """The rows of an edition's programme, by day and by language."""

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
                "start": utc_basic(session.starts_at),
                "end": utc_basic(session.ends_at),
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
        versions = self.state.versions_of(edition.id)
        w = self.words
        href = linker(layout.in_language(layout.edition_page(edition), self.lang))
        google = self._google_links(edition)
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
                    moved_from=describe_move(versions, s, w) if versions else None,
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
        through `_text`, the template's finalize and escaping, so the bytes are the
        same; the tests read the rows as HTML (tests/exporters/test_html.py)."""
        w, out = self.words, self._text
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
