"""The site layout and the identifiers derived from the data: one place for both.

Paths under site/ are a contract that users link to, and UIDs are how calendar clients
recognise an event they already have: neither may change once published, so they are
derived only from ids that the model guarantees stable (edition id, session id, the
series' uid_domain), never from a position, a time or randomness.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
from urllib.parse import quote, quote_plus, urlencode, urljoin

from aictdata.model.edition import Edition
from aictdata.model.organisations import Organisation
from aictdata.model.series import Series
from aictdata.model.slots import Session
from aictdata.words.formatting import venue_line

INDEX = "index.html"
ALL_CALENDAR = "calendar.ics"
DATA_DIR = "data"
DATAPACKAGE = f"{DATA_DIR}/datapackage.json"
DATA_README = f"{DATA_DIR}/README.md"
DATA_README_EN = f"{DATA_DIR}/README.en.md"
"""The same document in English."""
DATA_ALL_EDITIONS = f"{DATA_DIR}/editions.json"
DATA_OPENAGENDA = f"{DATA_DIR}/openagenda.json"
DATA_WORKBOOK = f"{DATA_DIR}/aictdata.xlsx"
"""Every table in one workbook, for spreadsheet users (exporters/workbook.py)."""
DATA_EXCEL_NOTICE = f"{DATA_DIR}/excel/LISEZMOI.txt"
"""Says, beside the spreadsheet copies of the tables, that the workbook replaces them."""
MANIFEST = "manifest.json"
FAVICON_SVG = "favicon.svg"
FAVICON_ICO = "favicon.ico"
"""At the site's root, where browsers ask for it when a page names no icon."""
APPLE_TOUCH_ICON = "apple-touch-icon.png"
SOCIAL_CARD = "social-card.png"
"""The picture a shared link shows (Open Graph, Twitter cards): the index's."""
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"
ALL_CHANGES = "changes.atom"
"""The programme versions of every edition, as an Atom feed."""


def logo(file: str) -> str:
    """An organisation's logo, copied from editions/logos/: logos/platforma.png."""
    return f"logos/{file}"


STYLESHEET = "site.css"
"""The pages' stylesheet as a file, for the slots' pages (the others inline it)."""
PROGRAMME_SCRIPT = "programme.js"
"""« Mon programme »: the site's one script, same-origin, progressive enhancement."""
ATOM_STYLESHEET = "changes.xsl"
"""Shows the Atom feeds as a page in a browser (exporters/atom.py)."""
CHANGES_ANCHOR = "modifications"
"""Fragment id of an edition page's history of programme versions."""
LEGAL_NOTICE = "mentions-legales.html"
"""« Mentions légales » (LCEN art. 6): who publishes the site, who hosts it."""
ACCESSIBILITY = "accessibilite.html"
"""« Déclaration d'accessibilité » (RGAA 4.1)."""
PRIVACY = "donnees-personnelles.html"
"""« Données personnelles »: what the site collects (nothing)."""
LEGAL_PAGES = (LEGAL_NOTICE, ACCESSIBILITY, PRIVACY)
MANIFEST_VALIDATED = "validated"
"""manifest.json's proof that the build ran frictionless' validation (`build --validate`):
only such a build may be published to data.gouv.fr or OpenAgenda."""


def data_table(name: str) -> str:
    """One table of the data package, as CSV: data/sessions.csv."""
    return f"{DATA_DIR}/{name}.csv"


def data_table_excel(name: str) -> str:
    """The same table for spreadsheets (BOM, semicolons): data/excel/sessions.csv.
    Superseded by the workbook (`DATA_WORKBOOK`), kept while its notice says so."""
    return f"{DATA_DIR}/excel/{name}.csv"


def edition_data(edition: Edition) -> str:
    """One edition's data as a single JSON file: data/editions/2025.json."""
    return f"{DATA_DIR}/editions/{edition.id}.json"


def edition_dir(edition: Edition) -> str:
    return edition.id


def edition_page(edition: Edition) -> str:
    return f"{edition.id}/{INDEX}"


def edition_embed(edition: Edition) -> str:
    """The programme to frame in a partner's page: 2025/embed.html (`EMBED_PAGE`)."""
    return f"{edition.id}/{EMBED_PAGE}"


EMBED_PAGE = "embed.html"
"""The one page another site may frame (`serve` allows it: CSP frame-ancestors *)."""


def edition_announcement(edition: Edition) -> str:
    """The announced edition as one all-day event, to add: 2026/edition.ics."""
    return f"{edition.id}/edition.ics"


def edition_calendar(edition: Edition) -> str:
    return edition_calendar_of(edition.id)


def edition_calendar_of(edition_id: str) -> str:
    """The same path from the id alone (the publishers read ids from the built data)."""
    return f"{edition_id}/calendar.ics"


def session_calendar(edition: Edition, session: Session) -> str:
    return session_calendar_of(edition.id, session.id)


def session_calendar_of(edition_id: str, session_id: str) -> str:
    """The same path from ids alone: a slot removed from the data keeps its published
    file (cancelled), and only the calendar memory still knows its id."""
    return f"{edition_id}/sessions/{session_id}.ics"


def session_page(edition: Edition, session: Session) -> str:
    """A slot's own page, beside its .ics: 2025/sessions/ouverture-officielle.html."""
    return session_page_of(edition.id, session.id)


def session_page_of(edition_id: str, session_id: str) -> str:
    return f"{edition_id}/sessions/{session_id}.html"


CALENDARS_DIR = "calendars"
"""An edition's feeds of part of its programme: 2025/calendars/…ics."""


def edition_family_calendar(edition: Edition, family: str) -> str:
    """The feed of one family of slots (`vocabulary.SESSION_FAMILIES`):
    2025/calendars/plenieres.ics."""
    return f"{edition.id}/{CALENDARS_DIR}/{family}.ics"


def edition_day_calendar(edition: Edition, day: date) -> str:
    """The feed of one day of an edition: 2025/calendars/2025-07-04.ics."""
    return f"{edition.id}/{CALENDARS_DIR}/{day.isoformat()}.ics"


def edition_jsonld(edition: Edition) -> str:
    return f"{edition.id}/event.jsonld"


def edition_changes(edition: Edition) -> str:
    """The edition's programme versions as an Atom feed: 2025/changes.atom."""
    return f"{edition.id}/{ALL_CHANGES}"


def version_anchor(number: int) -> str:
    """Fragment id of one version in the page's history (#version-3)."""
    return f"version-{number}"


def version_tag(series: Series, edition_id: str, number: int, day: date, lang: str = "fr") -> str:
    """The Atom id of a programme version, a tag URI (RFC 4151) that never changes: the
    series' UID domain, the day the version was recorded, the edition and the number:
    tag:raict.org,2026-12-01:programme/2025/3; its English entry's, with /en after it."""
    suffix = "" if lang == "fr" else f"/{lang}"
    return f"tag:{series.uid_domain},{day.isoformat()}:programme/{edition_id}/{number}{suffix}"


def edition_schedule_xml(edition: Edition) -> str:
    """The frab / c3voc schedule of an edition, for conference apps: 2025/schedule.xml."""
    return f"{edition.id}/schedule.xml"


def edition_schedule_json(edition: Edition) -> str:
    """The same schedule in the format's JSON form: 2025/schedule.json."""
    return f"{edition.id}/schedule.json"


def edition_social_card(edition: Edition) -> str:
    """The picture a shared link to the edition's page shows: 2025/social-card.png."""
    return f"{edition.id}/{SOCIAL_CARD}"


ENGLISH_DIR = "en"
"""The English pages and feeds: the same tree as the French one, under site/en/."""


def in_language(path: str, lang: str) -> str:
    """Where the output at `path` is published in `lang`: French outputs at their
    published paths, English ones in the same place under en/ (en/2025/index.html)."""
    return path if lang == "fr" else f"{ENGLISH_DIR}/{path}"


def edition_folders(edition_id: str) -> tuple[str, ...]:
    """The folders of an edition's own files, in every language (2025/, en/2025/): what an
    incremental build links from the previous site when the edition did not change.
    Everything else the site holds is series-wide."""
    return (f"{edition_id}/", f"{ENGLISH_DIR}/{edition_id}/")


def all_pages(
    editions: Iterable[Edition], lang: str = "fr"
) -> Iterator[tuple[str, Edition | None]]:
    """Every page of the site in `lang`, each with the edition whose data it shows (None
    for the pages of the whole site): the index, each edition's page then its slots'
    pages, the legal pages. What the sitemap lists."""
    yield in_language(INDEX, lang), None
    for edition in editions:
        yield in_language(edition_page(edition), lang), edition
        for session in edition.sessions:
            yield in_language(session_page(edition, session), lang), edition
    for page in LEGAL_PAGES:
        yield in_language(page, lang), None


def url(series: Series, path: str = "") -> str:
    """Absolute URL of a site path; `edition_page` paths are linked as their folder."""
    return _absolute(series.base_url, path)


@lru_cache(maxsize=4096)
def _absolute(base_url: str, path: str) -> str:
    """`url`, remembered: every slot links to its edition's page, and urljoin is slow. A
    site path made of plain names (all of `layout`'s) is simply appended to the base, as
    urljoin would; anything else goes through urljoin."""
    if path.endswith(INDEX):
        path = path[: -len(INDEX)]
    base = base_url if base_url.endswith("/") else base_url + "/"
    if _PLAIN_PATH.fullmatch(path) and ".." not in path and not path.startswith("."):
        return base + path
    return urljoin(base, path)


_PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_\-][A-Za-z0-9_.\-]*/)*(?:[A-Za-z0-9_\-][A-Za-z0-9_.\-]*)?")
"""Relative paths of plain names (no scheme, query, fragment or dot segment)."""


def webcal(https_or_http_url: str) -> str:
    """The subscribe link that calendar apps open: webcal://host/path."""
    return "webcal://" + https_or_http_url.split("://", 1)[1]


def session_anchor(session: Session) -> str:
    """Fragment id of a slot on its edition page (#s-ouverture-officielle)."""
    return session_anchor_of(session.id)


def session_anchor_of(session_id: str) -> str:
    """The same from the id alone: a removed slot still links to where it was."""
    return f"s-{session_id}"


def session_uid(series: Series, edition: Edition, session: Session) -> str:
    """Globally unique, stable UID: 2025.ouverture-officielle@raict.org.

    The dot cannot occur in a slug, so no (edition, session) pair can collide with another.
    """
    return f"{edition.id}.{session.id}@{series.uid_domain}"


def schedule_namespace(series: Series) -> uuid.UUID:
    """The UUID namespace of the series' schedule guids: uuid5 of its uid_domain."""
    return schedule_namespace_of(series.uid_domain)


@lru_cache(maxsize=16)
def schedule_namespace_of(domain: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_DNS, domain)


def session_guid(series: Series, uid: str) -> str:
    """A slot's `guid` in the conference schedule: uuid5 of its calendar UID in the
    series' namespace (c3voc also derives guids with uuid5). The UID never changes, so
    neither does the guid: apps keep a participant's favourites and reminders on it."""
    return str(uuid.uuid5(schedule_namespace(series), uid))


SESSION_NUMBER_LIMIT = 2**31 - 1
"""Ids stay below 2^31: apps written in Java and C++ read them into 32-bit integers."""


def session_number(uid: str) -> int:
    """A slot's integer `id` in the conference schedule, 1 to 2^31 - 1: the first eight
    bytes of the SHA-256 of its calendar UID, reduced. It depends on the UID alone, never
    on a position, an order or the other slots, so it never changes once published. A
    slot arriving with a number already taken gets the next free one from the calendar
    memory (`CalendarState.number_of`), which keeps it from then on."""
    digest = hashlib.sha256(uid.encode()).digest()
    return int.from_bytes(digest[:8], "big") % SESSION_NUMBER_LIMIT + 1


def edition_uid(series: Series, edition: Edition) -> str:
    return f"{edition.id}@{series.uid_domain}"


def edition_iri(series: Series, edition: Edition) -> str:
    """The @id of the edition's schema.org Event."""
    return url(series, edition_page(edition)) + "#event"


def session_iri(series: Series, edition: Edition, session: Session) -> str:
    return url(series, edition_page(edition)) + "#" + session_anchor(session)


def series_iri(series: Series) -> str:
    return url(series) + "#series"


def language_anchor(code: str) -> str:
    """Fragment id of the slots held in one language on an edition page (#langue-en)."""
    return f"langue-{code}"


VENUE_ANCHOR = "lieu"
"""Fragment id of the « Lieu et accès » section of an edition page."""


def venue_iri(series: Series, edition: Edition) -> str:
    """@id of the edition's venue: per edition, since access directions may differ."""
    return url(series, edition_page(edition)) + "#" + VENUE_ANCHOR


def organisation_iri(series: Series, organisation: Organisation) -> str:
    """@id of an organisation: site-wide, so every edition's markup names the same node."""
    return url(series) + "#org-" + organisation.id


def google_subscribe_link(feed_url: str) -> str:
    """Google Calendar's subscribe link for a feed: it opens « Add calendar » with the
    address filled in. The address goes whole in `cid`, percent-encoded, and as http(s):
    Google keeps a `webcal://` address as it is and then fetches nothing."""
    return f"{_GOOGLE_CALENDAR}?{_query(cid=feed_url)}"


OUTLOOK_COM = "outlook.live.com"
MICROSOFT_365 = "outlook.office.com"


def outlook_subscribe_link(host: str, feed_url: str, name: str) -> str:
    """Outlook on the web's « add from web » link: Outlook.com (`OUTLOOK_COM`) or
    Microsoft 365 (`MICROSOFT_365`), with the calendar's name filled in."""
    return f"https://{host}/calendar/0/addfromweb?{_query(url=feed_url, name=name)}"


def google_calendar_link(series: Series, edition: Edition, session: Session) -> str:
    """The "Add to Google Calendar" link of one slot, in the edition's wall-clock time.

    Google reads `dates` as local times of `ctz` when they carry no Z, so the link shows
    9h00 in Paris whatever the zone of the person who clicks.
    """
    return google_calendar_linker(series, edition)(session)


def google_calendar_linker(
    series: Series, edition: Edition, lang: str = "fr"
) -> Callable[[Session], str]:
    """`google_calendar_link` for the slots of one edition, with what they share (zone,
    details, the venue line of each place) encoded once rather than once per slot; the
    details link to the edition's page in `lang`.

    The query is urlencode's: each key and value through quote_plus, in this order.
    """
    shared = _query(
        ctz=edition.timezone,
        details=f"{edition.title}\n{url(series, in_language(edition_page(edition), lang))}",
    )
    suffix = f" – {series.short_name} {edition.id}"
    locations: dict[str | None, str] = {}

    def link(session: Session) -> str:
        place = session.place
        location = locations.get(place)
        if location is None:
            location = locations[place] = _query(location=venue_line(edition.venue, place=place))
        dates = f"{session.starts_at:%Y%m%dT%H%M%S}%2F{session.ends_at:%Y%m%dT%H%M%S}"
        title = quote_plus(session.title + suffix)  # what urlencode does, without its checks
        return f"{_GOOGLE_CALENDAR}?action=TEMPLATE&text={title}&dates={dates}&{shared}&{location}"

    return link


def giggity_link(schedule_url: str) -> str:
    """Giggity's deep link: on Android it opens the schedule in the app (or offers to
    install it); the schedule's address goes whole, percent-encoded, after `#url=`."""
    return f"{GIGGITY}#url={quote(schedule_url, safe='')}"


GIGGITY = "https://ggt.gaa.st/"
_GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


def _query(**parameters: str) -> str:
    return urlencode(parameters)
