"""Text shared by the exporters: dates and times in French, phone numbers, addresses.

One place for wording, so that a feed, a CSV file and a page never disagree.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from functools import lru_cache

from aictdata.model.edition import Edition
from aictdata.model.organisations import Address
from aictdata.model.series import Series
from aictdata.model.slots import Session
from aictdata.model.venue import Venue

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 cannot carry (C0 controls, lone surrogates, U+FFFE and U+FFFF)."""


def xml_safe(value: str) -> str:
    """Text that XML 1.0 can carry, for every XML output (a schedule, an Atom feed): what
    it cannot becomes U+FFFD. The model accepts U+FFFE and U+FFFF (YAML escapes them), and
    one such character would make a feed reader reject the whole feed."""
    return _NOT_XML.sub("\ufffd", value) if _NOT_XML.search(value) else value


_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: date, *, weekday: bool = True) -> str:
    """2025-07-04 -> 'vendredi 4 juillet 2025' (1er for the first of the month)."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def french_time(moment: datetime) -> str:
    """09:30 -> '9h30', 14:00 -> '14h00' (the documents' own style)."""
    return f"{moment.hour}h{moment.minute:02d}"


def french_dates(edition: Edition) -> str:
    """'vendredi 4 juillet 2025', 'du mercredi 23 au jeudi 24 octobre 2024', or with both
    months (and years) when they differ: 'du lundi 30 septembre au mardi 1er octobre 2024'."""
    first, last = edition.start_date, edition.end_date
    if first == last:
        return french_date(first)
    start = f"{_WEEKDAYS[first.weekday()]} {'1er' if first.day == 1 else first.day}"
    if first.year != last.year:
        start = french_date(first)
    elif first.month != last.month:
        start += f" {_MONTHS[first.month - 1]}"
    return f"du {start} au {french_date(last)}"


def session_time_range(session: Session) -> str:
    return f"{french_time(session.starts_at)}-{french_time(session.ends_at)}"


def display_phone(e164: str) -> str:
    """'+33153418181' -> '+33 1 53 41 81 81'; other countries are left in E.164."""
    if e164.startswith("+33") and len(e164) == 12:
        rest = e164[3:]
        return "+33 " + rest[0] + " " + " ".join(rest[i : i + 2] for i in range(1, 9, 2))
    return e164


def one_line_address(address: Address) -> str:
    return f"{address.street}, {address.postal_code} {address.locality}"


def venue_line(venue: Venue | None, *, place: str | None = None) -> str:
    """'Espace des partenaires, Pavillon d’Armenonville, Allée de Longchamp, 75116 Paris';
    the place alone, or nothing, while the venue is not known (an announced edition)."""
    parts = [place] if place else []
    if venue is not None:
        parts += [venue.name, one_line_address(venue.address)]
    return ", ".join(parts)


def rfc3339(moment: datetime) -> str:
    """An aware datetime with its own offset: 2025-07-04T09:00:00+02:00 (never +0200, never Z).

    Remembered: every format writes each slot's start and end several times, in each
    language (about nine times a slot in the pages, 181,000 calls at 10,000 slots, 1 µs
    each). By the wall time, zone and fold: two datetimes of one zone are equal when
    their wall times are, whatever their fold, and an ambiguous time's offset is its fold's."""
    key = (moment, moment.tzinfo, moment.fold)
    known = _RFC3339.get(key)
    if known is None:
        if moment.tzinfo is None:
            raise ValueError("naive datetime: every time in aictdata carries its zone")
        if len(_RFC3339) >= _RFC3339_KEPT:
            _RFC3339.clear()
        known = _RFC3339[key] = moment.isoformat(timespec="seconds")
    return known


_RFC3339: dict[tuple[datetime, tzinfo | None, int], str] = {}
_RFC3339_KEPT = 65_536
"""Enough for the starts and ends of 10,000 slots over a series; bounded beyond."""


_SPACE_BEFORE = re.compile(r" ([:;!?»])")
_SPACE_AFTER = re.compile(r"(«) ")
_NUMBER_UNIT = re.compile(r"(\d) (min)\b")
_ANY_SPACING = re.compile(rf"{_SPACE_BEFORE.pattern}|{_SPACE_AFTER.pattern}|{_NUMBER_UNIT.pattern}")
"""Any of the three: most printed values have none, and one search costs less than three
substitutions."""


@lru_cache(maxsize=8192)
def french_spacing(value: str) -> str:
    """Non-breaking spaces where French typography puts them, so that no line starts
    with « : », « ! » or « » » and « 8 min » stays together (the pages, the social card).
    Remembered: the pages print the same labels, places and titles again and again."""
    if not _ANY_SPACING.search(value):
        return value
    value = _SPACE_BEFORE.sub("\u00a0\\1", value)
    value = _SPACE_AFTER.sub("\\1\u00a0", value)
    return _NUMBER_UNIT.sub("\\1\u00a0\\2", value)


def social_card_lines(series: Series, edition: Edition | None = None) -> tuple[str, ...]:
    """What the social card of a page says, line by line: the series and edition, the
    theme, the dates, the venue (the index's card: the series and what the site offers).
    The pages use the same lines as the picture's alternative text."""
    if edition is None:
        return (
            series.short_name,
            series.name,
            "Programmes, calendriers à suivre et données ouvertes",
        )
    venue = edition.venue
    return (
        f"{series.short_name} {edition.id} · {french_ordinal(edition.number)} édition",
        french_spacing(f"« {edition.theme} »") if edition.theme else edition.title,
        capitalise(french_dates(edition)),
        f"{venue.name}, {venue.address.locality}" if venue else "Lieu à venir",
    )


def french_ordinal(number: int) -> str:
    """1 -> '1re' (édition is feminine), 16 -> '16e'."""
    return "1re" if number == 1 else f"{number}e"


def capitalise(text: str) -> str:
    """First letter in capitals, the rest untouched (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]
