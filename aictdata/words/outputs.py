"""The words the published outputs use around the data, in French and in English.

Headings, buttons, the vocabularies' labels (« Pause café »), the sentences of the
changes, the dates: whatever a page, a feed or the data dictionary says that is not the
organiser's own text. French is their source language, as it is the site's: the
messages are French strings marked `F_()` in the code and written in the templates'
`{% trans %}` blocks, and the gettext catalogue `locale/en/LC_MESSAGES/site.mo` gives
their English (tests/test_i18n.py fails when one has none). The organiser's own texts
never pass through here: their English comes from the data (`multilingual`), or they
stay French.

`Words(lang)` is what an exporter holds: the messages, dates and times of one language.
French dates are the documents' own style (`text.french_date`); English ones follow the
CLDR conventions of British English through Babel, which is imported only when English
is written.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from aictdata.words import formatting

if TYPE_CHECKING:
    from aictdata.model.edition import Edition
    from aictdata.model.venue import Access

DOMAIN = "site"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "fr"
LANGUAGES = ("fr", "en")
ENGLISH_LOCALE = "en_GB"
"""Day before month and a 24-hour clock, as Europe and Africa read English."""

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
"""Each language in its own words: what a language switch shows."""
OPEN_GRAPH_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def F_(message: str) -> str:  # noqa: N802 (a marker, as gettext's N_)
    """Mark a French message of the outputs for extraction (`make messages`); `Words`
    translates it where it is used."""
    return message


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.NullTranslations:
    """The outputs' catalogue for `lang`: none for French, the source language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])


class Words:
    """The messages, dates and times of the outputs in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.translations = translations(lang)
        self.french = lang == "fr"
        self._dates: dict[tuple[date, bool], str] = {}
        self._spans: dict[tuple[date, date], str] = {}

    def __call__(self, message: str) -> str:
        """`message` (French, as marked in the code) in this language."""
        return message if self.french else self.translations.gettext(message)

    def date(self, day: date, *, weekday: bool = True) -> str:
        """'vendredi 4 juillet 2025' / 'Friday, 4 July 2025', remembered: an edition has a
        few days and thousands of slots that print theirs (Babel takes 40 µs a date)."""
        key = (day, weekday)
        if (known := self._dates.get(key)) is not None:
            return known
        if self.french:
            text = formatting.french_date(day, weekday=weekday)
        else:
            from babel.dates import format_date

            text = format_date(day, "full" if weekday else "long", locale=ENGLISH_LOCALE)
        self._dates[key] = text
        return text

    def dates(self, edition: Edition) -> str:
        """The edition's days: 'du mercredi 23 au jeudi 24 octobre 2024' /
        'Wednesday 23 October – Thursday 24 October 2024'; remembered, as `date` (Babel
        takes 3 ms an interval, and each feed, page and table of an edition prints it)."""
        if self.french:
            return formatting.french_dates(edition)
        if edition.start_date == edition.end_date:
            return self.date(edition.start_date)
        key = (edition.start_date, edition.end_date)
        if (known := self._spans.get(key)) is not None:
            return known
        from babel.dates import format_interval

        text = format_interval(*key, "yMMMMEEEEd", locale=ENGLISH_LOCALE)
        self._spans[key] = text
        return text

    def time(self, moment: datetime) -> str:
        """'9h30' / '09:30'."""
        if self.french:
            return formatting.french_time(moment)
        return f"{moment.hour:02d}:{moment.minute:02d}"  # strftime took 2 µs

    def access(self, access: Access) -> str:
        """One way to the venue in the documents' own style, without the mode's label.

        'ligne 1, station Porte Maillot - Palais des Congrès, sortie 3 Bd André Maurois,
        8 min de marche': the page shows it after the mode ('Métro'), and the schema.org
        Place carries it as text, since schema.org has no property for public transport.
        """
        parts: list[str] = []
        if access.lines:
            lines = ", ".join(access.lines)
            many = len(access.lines) > 1
            parts.append(
                (self(F_("lignes {lines}")) if many else self(F_("ligne {lines}"))).format(
                    lines=lines
                )
            )
        stops = []
        for stop in access.stops:
            words = [self(F_("station {name}")).format(name=stop.name)]
            if stop.exit:
                words.append(self(F_("sortie {exit}")).format(exit=stop.exit))
            if stop.walk_minutes is not None:
                words.append(self(F_("{minutes} min de marche")).format(minutes=stop.walk_minutes))
            stops.append(", ".join(words))
        if stops:
            parts.append(" / ".join(stops))
        if access.name:
            parts.append(access.name)
        if access.address:
            parts.append(formatting.one_line_address(access.address))
        if access.directions:
            parts.append(access.directions)
        return ", ".join(parts)

    def language(self, code: str) -> str:
        """A language's name from its ISO 639-1 code, in this language: 'anglais' /
        'English' (CLDR through Babel, imported only when a slot names its language)."""
        from babel import Locale

        name = Locale.parse(self._locale).languages.get(code)
        return name or code

    def zero_is_singular(self) -> bool:
        """Whether this language counts « 0 » in the singular: French does (« 0 créneau
        choisi »), English does not (« 0 slots chosen »): CLDR's plural rule, through Babel."""
        return _zero_is_singular(self._locale)

    @property
    def _locale(self) -> str:
        """This language's CLDR locale, as Babel names it."""
        return "fr" if self.french else ENGLISH_LOCALE

    def spacing(self, value: str) -> str:
        """French typography's non-breaking spaces in French, the text as it is otherwise."""
        return formatting.french_spacing(value) if self.french else value


@lru_cache(maxsize=len(LANGUAGES))
def _zero_is_singular(locale: str) -> bool:
    from babel import Locale

    return Locale.parse(locale).plural_form(0) == "one"


@lru_cache(maxsize=len(LANGUAGES))
def words(lang: str) -> Words:
    return Words(lang)
