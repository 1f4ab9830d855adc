"""The values the page templates print: what each part of a page needs, made once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from aictdata.model.organisations import Organisation


@dataclass(frozen=True)
class Day:
    day: date
    label: str
    rows: tuple[Markup, ...]
    """The programme rows of the day, written by `ProgrammeRows._row`."""


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
    zero_is_singular: bool
    """Whether the page's language counts « 0 » in the singular (`Words.zero_is_singular`)."""


@dataclass(frozen=True)
class EmbeddedDay:
    """A day of the embeddable programme: its label and its slots' rows, printed."""

    label: str
    rows: tuple[Markup, ...]


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
