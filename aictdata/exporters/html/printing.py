"""How the pages print the data: the language-dependent base of every page renderer.

`PageRenderer` holds the Jinja2 environment of one language and prints values exactly as
a template's `{{ value }}` does (French spacing, escaping, `lang` marks for an organiser's
text left in another language), so that the parts written in Python (the programme's
rows, the slots' pages) give the same bytes as the templates.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from datetime import UTC, date, datetime
from importlib import resources

import jinja2
from markupsafe import Markup, escape

from aictdata.exporters.html.views import Alternate, Feed, Meta, Switch
from aictdata.memory import changes as changelog
from aictdata.memory.state import CalendarState, Version
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.slots import Session
from aictdata.model.texts import Text
from aictdata.model.venue import Access
from aictdata.model.vocabularies import Status
from aictdata.output import layout
from aictdata.output.compiled import CompiledTemplates
from aictdata.words import formatting, vocabulary
from aictdata.words import outputs as interface
from aictdata.words.outputs import F_, Words

STYLESHEET = "site.css"


_COMPILED = CompiledTemplates("templates")
"""The pages' templates, compiled once and shared by the renderers of every language: their
environments differ only in what the compiled code looks up when it runs (the finalize,
the filters, the globals, the translations), not in the code
(tests/exporters/test_html_templates.py keeps it so)."""


class PageRenderer:
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
        self.finalize = french_spacing_or_markup if words.french else french_spacing_of_french_texts
        self.colon: str = Markup("&nbsp;:") if words.french else ":"
        self._slot_word_cache: dict[str, Markup] | None = None
        self._google: tuple[Edition, Callable[[Session], str]] | None = None
        self.environment = jinja2.Environment(
            loader=jinja2.PackageLoader("aictdata", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=self.finalize,
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=_COMPILED,
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
            return Markup(
                f'<span lang="{value.lang}">{escape(french_spacing_or_markup(value))}</span>'
            )
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
        return Markup("«&nbsp;{}&nbsp;»").format(french_spacing_or_markup(value))

    def _languages(self, page: str) -> dict[str, object]:
        """The page's alternates in every language (x-default: French, the site's own
        language) and the switch to the others, for the page at French path `page`."""
        series = self.catalog.series
        here = layout.in_language(page, self.lang)
        href = linker(here)
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

    def _google_links(self, edition: Edition) -> Callable[[Session], str]:
        """The « Google Agenda » link of each slot of `edition`
        (`layout.google_calendar_linker`): made once for its row of the edition's page,
        and taken again by its own page, made next (`html.export` makes an edition's
        pages together). Its title is percent-encoded character by character: made twice,
        it cost as much again for every upcoming slot (BENCHMARKS.md)."""
        if self._google is not None and self._google[0] is edition:
            return self._google[1]
        make = layout.google_calendar_linker(self.catalog.series, edition, self.lang)
        made: dict[str, str] = {}

        def link(session: Session) -> str:
            found = made.get(session.id)
            if found is None:
                found = made[session.id] = make(session)
            return found

        self._google = (edition, link)
        return link

    def _print(self, value: object) -> Markup:
        """`value` as a template's `{{ value }}` prints it: finalized, then escaped."""
        return escape(self.finalize(value))

    def _text(self, value: object) -> str:
        """What `_print` prints, as plain text for the f-strings of the rows and the
        slots' pages, which join it with other markup: the same characters, without the
        Markup that `escape` makes of each value (half a million values at 10,000 slots,
        a third of `_print`'s time). tests/exporters/test_html_printing.py holds both to
        the same text."""
        finalized = self.finalize(value)
        if hasattr(finalized, "__html__"):
            return str(finalized.__html__())  # markup (a `lang` span): printed as it is
        return escaped(finalized if type(finalized) is str else str(finalized))

    def _render(self, template: str, **context: object) -> str:
        return self.environment.get_template(template).render(**context)


def escaped(text: str) -> str:
    """`text` escaped as markupsafe escapes it (&amp; &lt; &gt; &#34; &#39;), as a plain
    str: most texts hold none of these, and each is looked for before it is replaced."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&#34;")
    if "'" in text:
        text = text.replace("'", "&#39;")
    return text


def french_spacing_or_markup(value: object) -> object:
    """French spacing on every text the templates print from the data; markup (the
    inlined CSS, the JSON-LD) is left as it is."""
    if isinstance(value, str) and " " in value and not isinstance(value, Markup):
        return formatting.french_spacing(value)
    return value


def french_spacing_of_french_texts(value: object) -> object:
    """In an English page, French spacing only for the organiser's texts left in French."""
    if isinstance(value, Text) and value.lang == "fr":
        return french_spacing_or_markup(value)
    return value


def linker(page: str) -> Callable[[str], str]:
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


def utc_basic(moment: datetime) -> str:
    """An iCalendar UTC DATE-TIME: 20241023T121500Z."""
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%S}Z"


def describe_move(versions: tuple[Version, ...], session: Session, w: Words) -> str | None:
    before = changelog.previous_start(versions, session.id)
    if before is None:
        return None
    if before.date() == session.starts_at.date():
        return w(F_("auparavant {time}")).format(time=w.time(before))
    return w(F_("auparavant le {date} à {time}")).format(
        date=w.date(before.date()), time=w.time(before)
    )
