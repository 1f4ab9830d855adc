"""The pages as HTML: parsed as a browser parses them (html5lib), their markup extracted as
a search engine extracts it (extruct), their links followed into the build."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urljoin, urlsplit
from xml.etree.ElementTree import Element

import extruct
import html5lib
import pytest

from aictdata.build.site import build_site
from aictdata.exporters.context import BuildOptions
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, page_language, page_paths
from tests.sitecheck import check_links

HOSTILE = "</script><script>alert(1)</script><!--"
NBSP = "\u00a0"


def parse(path: Path) -> Element:
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)


def text(element: Element | None) -> str:
    """Visible text with French non-breaking spaces read as spaces."""
    assert element is not None
    return " ".join("".join(element.itertext()).replace(NBSP, " ").split())


def by_id(document: Element, element_id: str) -> Element:
    found = document.find(f".//*[@id='{element_id}']")
    assert found is not None, element_id
    return found


def markup(path: Path, url: str) -> list[dict[str, Any]]:
    html = path.read_text(encoding="utf-8")
    return extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]


def build(folder: Path, out: Path) -> Path:
    """The pages and their markup only: what these tests look at."""
    build_site(load_catalog(folder), out, only=["jsonld", "html"])
    return out


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(EDITIONS)


@pytest.fixture(scope="module")
def upcoming_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real editions' pages built for a day before both: upcoming editions, whose
    pages offer to subscribe and to add each slot (a past edition's do not)."""
    out = tmp_path_factory.mktemp("upcoming") / "site"
    context = BuildOptions(today=date(2024, 1, 1))
    build_site(load_catalog(EDITIONS), out, only=["jsonld", "html"], options=context)
    return out


# --- markup found by an extractor ---------------------------------------------------------


@pytest.mark.parametrize("edition", ["2024", "2025"])
def test_each_edition_page_holds_exactly_one_edition_event(built_site, edition):
    items = markup(built_site / edition / "index.html", f"http://raict.org/{edition}/")
    events = [item for item in items if item.get("@type") == "Event"]
    assert len(items) == 1 and len(events) == 1
    (event,) = events
    assert event["@id"] == f"http://raict.org/{edition}/#event"
    # Google's required properties...
    assert event["name"]
    assert event["startDate"].endswith("+02:00")
    address = event["location"]["address"]
    assert {"streetAddress", "postalCode", "addressLocality", "addressCountry"} <= address.keys()
    # ... and the recommended ones the data supports.
    for key in ("endDate", "description", "eventStatus", "eventAttendanceMode", "organizer"):
        assert event[key], key
    assert event["offers"]["validFrom"]


@pytest.mark.parametrize("edition", ["2024", "2025"])
def test_embedded_markup_is_event_jsonld(built_site, edition):
    (embedded,) = markup(built_site / edition / "index.html", f"http://raict.org/{edition}/")
    written = json.loads((built_site / edition / "event.jsonld").read_text(encoding="utf-8"))
    assert embedded == written


def test_index_holds_the_series_with_editions_newest_first(built_site, catalog):
    """The series' markup lists every edition, newest first; the page's headings are the
    editions in the index's order (all past here: newest first too)."""
    (series,) = markup(built_site / "index.html", "http://raict.org/")
    assert series["@type"] == "EventSeries"
    newest_first = sorted(catalog.editions, key=lambda e: e.start_date, reverse=True)
    assert [e["@id"] for e in series["subEvent"]] == [
        f"http://raict.org/{e.id}/#event" for e in newest_first
    ]
    for event, edition in zip(series["subEvent"], newest_first, strict=True):
        if edition.venue:  # an announced edition without a venue has no location yet
            assert event["location"]["address"]["addressCountry"] == "FR"
    headings = [text(h) for h in parse(built_site / "index.html").iter("h3")]
    assert [h.split(" ")[0] for h in headings] == [f"{e.number}e" for e in newest_first]


# --- what a reader finds on an edition page -----------------------------------------------


def test_pages_are_in_their_language_and_need_no_javascript(built_site, catalog):
    for name in page_paths(catalog):
        document = parse(built_site / name)
        assert document.get("lang") == page_language(name)
        scripts = list(document.iter("script"))
        assert [s.get("type") for s in scripts] == ["application/ld+json"]
        for element in document.iter():
            assert not any(attribute.startswith("on") for attribute in element.attrib)
            assert not element.get("href", "").startswith("javascript:")


def test_pages_use_no_external_asset(built_site, catalog):
    for name in page_paths(catalog):
        document = parse(built_site / name)
        assert not [e for e in document.iter() if e.get("src")]  # no image, script, frame
        for link in document.iter("link"):
            assert link.get("rel") in ("canonical", "alternate", "icon", "apple-touch-icon")
            # The page's own addresses (canonical, its languages) are absolute, as search
            # engines require; icons and the alternate formats are files of the site.
            if link.get("rel") != "canonical" and not link.get("hreflang"):
                assert "://" not in link.get("href"), link.attrib
        for style in document.iter("style"):
            assert "url(" not in style.text and "@import" not in style.text


def test_dates_and_times_read_in_french(built_site):
    page = parse(built_site / "2024" / "index.html")
    assert "du mercredi 23 au jeudi 24 octobre 2024" in text(page.find(".//header"))
    days = [text(h) for h in by_id(page, "programme").iter("h3")]
    assert days == ["Mercredi 23 octobre 2024", "Jeudi 24 octobre 2024"]
    assert text(by_id(page, "s-accueil-24").find("td")) == "8h30–9h00"
    times = [t.get("datetime") for t in by_id(page, "s-accueil-24").iter("time")]
    assert times == ["2024-10-24T08:30:00+02:00", "2024-10-24T09:00:00+02:00"]


def pages_and_feeds(catalog, languages=("fr", "en")) -> list[tuple[str, str, str]]:
    """(page, the feed its panel subscribes to, the calendar name), from the site's
    address in the data and the published layout (README, « Subscribe »): an English
    page subscribes to the English feed, named so in the calendar app."""
    base = catalog.series.base_url
    name = catalog.series.short_name
    rows = []
    for lang in languages:
        folder, suffix = ("", "") if lang == "fr" else (f"{lang}/", " (English)")
        rows += [
            (f"{folder}index.html", f"{base}{folder}calendar.ics", name + suffix),
            *(
                (
                    f"{folder}{e.id}/index.html",
                    f"{base}{folder}{e.id}/calendar.ics",
                    f"{name} {e.id}{suffix}",
                )
                for e in catalog.editions
            ),
        ]
    return rows


DOWNLOAD = {"fr": "Télécharger", "en": "Download"}


def panel_links(page: Element) -> dict[str, str]:
    """The panel's links to the whole feed, by first word (not those of its parts)."""
    panel = by_id(page, "abonnement")
    parts = panel.find(".//ul[@class='parts']")
    in_parts = set() if parts is None else set(parts.iter("a"))
    return {text(a).split(" ")[0]: a.get("href") for a in panel.iter("a") if a not in in_parts}


def test_subscribe_panel_opens_each_calendar_on_the_feed(upcoming_site, catalog):
    for name, feed, calendar in pages_and_feeds(catalog):
        page = parse(upcoming_site / name)
        links = panel_links(page)
        # Apple Calendar (macOS, iOS) and Thunderbird open webcal:// themselves.
        assert links["Apple"] == links["Thunderbird"] == "webcal://" + feed.split("://", 1)[1]
        # Google: its subscribe page, the feed's http(s) address whole in `cid`, encoded.
        google = urlsplit(links["Google"])
        assert (google.scheme, google.netloc, google.path) == (
            "https",
            "calendar.google.com",
            "/calendar/render",
        )
        assert google.query == "cid=" + quote(feed, safe="")
        # Outlook.com and Microsoft 365: « add from web », with the address and a name.
        for label, host in (("Outlook.com", "outlook.live.com"), ("Outlook", "outlook.office.com")):
            outlook = urlsplit(links[label])
            assert (outlook.scheme, outlook.netloc, outlook.path) == (
                "https",
                host,
                "/calendar/0/addfromweb",
            )
            assert parse_qs(outlook.query, strict_parsing=True) == {
                "url": [feed],
                "name": [calendar],
            }
            assert f"url={quote(feed, safe='')}" in outlook.query  # no raw ':' or '/'
        # The file itself, to import once: the same feed, as a relative link.
        download = links[DOWNLOAD[page_language(name)]]
        assert urljoin(urljoin(catalog.series.base_url, name), download) == feed


def test_feed_address_can_be_copied_without_javascript(upcoming_site, catalog):
    for name, feed, _ in pages_and_feeds(catalog, ("fr",)):
        panel = by_id(parse(upcoming_site / name), "abonnement")
        field = panel.find(".//input")
        assert field is not None and field.get("readonly") is not None
        assert field.get("value") == feed
        label = panel.find(f".//label[@for='{field.get('id')}']")
        assert label is not None and text(label) == "Adresse du calendrier"
        explained = text(panel)
        assert "suit alors le programme" in explained  # subscribing follows changes
        assert "n’en fait qu’une copie" in explained  # adding a slot does not


def test_header_sends_to_the_panel_and_tools_for_developers_stand_apart(upcoming_site, catalog):
    for name, _, _ in pages_and_feeds(catalog):
        page = parse(upcoming_site / name)
        header = page.find(".//header")
        assert [a.get("href") for a in header.iter("a") if "primary" in a.get("class", "")] == [
            "#abonnement"
        ]
        assert not [a for a in header.iter("a") if "datapackage" in a.get("href")]
        reuse = by_id(page, "reutiliser")
        assert any(a.get("href").endswith("data/datapackage.json") for a in reuse.iter("a"))
    for edition in catalog.editions:
        reuse = by_id(parse(upcoming_site / edition.id / "index.html"), "reutiliser")
        assert "event.jsonld" in [a.get("href") for a in reuse.iter("a")]


def test_every_slot_can_be_added_to_a_calendar(upcoming_site, catalog):
    for edition in catalog.editions:
        page = parse(upcoming_site / edition.id / "index.html")
        for session in edition.sessions:
            row = by_id(page, f"s-{session.id}")
            links = [a.get("href") for a in row.iter("a")]
            assert f"sessions/{session.id}.ics" in links
            google = next(link for link in links if link.startswith("https://calendar.google"))
            query = parse_qs(urlsplit(google).query)
            assert query["ctz"] == ["Europe/Paris"]
            assert query["dates"][0].startswith(f"{session.date:%Y%m%d}T{session.start:%H%M}00/")


def test_google_link_carries_wall_clock_times(upcoming_site):
    row = by_id(parse(upcoming_site / "2025" / "index.html"), "s-accueil")
    google = next(a.get("href") for a in row.iter("a") if "google" in a.get("href"))
    # « 8h00-9h00 », Paris time, left for Google to place with ctz.
    assert parse_qs(urlsplit(google).query)["dates"] == ["20250704T080000/20250704T090000"]


def test_venue_and_access_by_mode(built_site):
    place = by_id(parse(built_site / "2024" / "index.html"), "lieu")
    assert "Allée de Longchamp" in text(place.find(".//address"))
    modes = [text(dt) for dt in place.iter("dt")]
    assert modes == ["Métro", "Bus", "RER", "Voiture", "Vélo"]
    assert "Neuilly Porte Maillot, 9 min de marche" in text(place)


def test_contact_can_be_called_and_written_to(built_site):
    contact = by_id(parse(built_site / "2025" / "index.html"), "contact")
    phone = next(a for a in contact.iter("a") if a.get("href", "").startswith("tel:"))
    assert phone.get("href") == "tel:+33153418181"
    assert text(phone) == "+33 1 53 41 81 81"
    mail = [a.get("href") for a in contact.iter("a") if a.get("href", "").startswith("mailto:")]
    assert mail == ["mailto:coop-dec@cites-unies-france.org"]


def test_partners_with_the_documents_wording(built_site):
    roles_2024 = by_id(parse(built_site / "2024" / "index.html"), "partenaires")
    words = text(roles_2024)
    assert "Avec le concours de PLATFORMA" in words
    assert "co-financé par l’Union européenne" in words
    assert "En partenariat avec Pavillon d’Armenonville" in words


def test_editorial_formats_and_highlights(built_site):
    page = parse(built_site / "2025" / "index.html")
    assert "Michaël Delafosse" in text(by_id(page, "editorial"))
    whole = text(page.find(".//main"))
    assert "Les 50 ans de Cités Unies France" in whole
    assert "Espace des Partenaires : networking - animations - rencontres B2B..." in whole


def test_french_spacing_keeps_punctuation_with_its_word(built_site):
    body = parse(built_site / "2025" / "index.html").find("body")
    shown = "".join(body.itertext())
    assert "demain !" not in shown and f"demain{NBSP}!" in shown
    assert "« Cafés des Rencontres »" not in shown
    assert f"«{NBSP}Cafés des Rencontres{NBSP}»" in shown
    # The markup keeps the data's own text.
    (event,) = markup(built_site / "2025" / "index.html", "http://raict.org/2025/")
    assert "« Cafés des Rencontres »" in [slot["name"] for slot in event["subEvent"]]


# --- hostile text ---------------------------------------------------------------------------


def test_hostile_slot_title_extracts_unchanged_and_injects_nothing(make_series, tmp_path):
    site = build(make_series(("title: Accueil", f"title: '{HOSTILE}'")), tmp_path / "site")
    page = site / "2030" / "index.html"
    document = parse(page)
    scripts = list(document.iter("script"))
    # The markup, and « Mon programme »'s own file (an upcoming edition): nothing injected.
    assert [(e.get("type"), e.get("src")) for e in scripts] == [
        (None, "../programme.js"),
        ("application/ld+json", None),
    ]
    slot = parse(site / "2030" / "sessions" / "accueil.html")
    assert [e.get("type") for e in slot.iter("script")] == ["application/ld+json"]
    assert text(slot.find(".//h1")) == HOSTILE
    (slot_event,) = markup(site / "2030" / "sessions" / "accueil.html", "https://example.org/")
    assert slot_event["name"] == HOSTILE
    (event,) = markup(page, "https://example.org/2030/")
    assert HOSTILE in [slot["name"] for slot in event["subEvent"]]
    assert text(by_id(document, "s-accueil").find(".//a[@class='title']")) == HOSTILE
    slots = [tr.get("id") for tr in document.iter("tr") if tr.get("id")]
    assert slots == ["s-accueil", "s-cloture"]  # nothing swallowed by the title


def test_markup_like_text_in_the_data_is_shown_as_text(make_series, tmp_path):
    theme = "<b>gras</b> & <i>co</i>"
    site = build(make_series(("theme: Un thème", f"theme: '{theme}'")), tmp_path / "site")
    document = parse(site / "2030" / "index.html")
    assert not list(document.iter("b")) and not list(document.iter("i"))
    assert theme in text(document.find(".//header"))


def test_cancelled_slot_stays_and_says_so(make_series, tmp_path):
    folder = make_series(("    kind: closing", "    kind: closing\n    status: cancelled"))
    row = by_id(parse(build(folder, tmp_path / "site") / "2030" / "index.html"), "s-cloture")
    assert "Annulé" in text(row)
    assert "status-cancelled" in row.get("class")


# --- links and determinism --------------------------------------------------------------------


def test_every_link_resolves_without_a_browser(built_site, catalog):
    for name in page_paths(catalog):
        page_url = (built_site / name).resolve().as_uri()
        hrefs = [e.get("href") for e in parse(built_site / name).iter() if e.get("href")]
        report = check_links(built_site, name, [urljoin(page_url, h) for h in hrefs], catalog)
        assert report.problems == []
        assert report.checked == len(hrefs) > 10


def test_link_check_reports_a_missing_file_and_an_unknown_address(built_site, catalog):
    root = built_site.resolve().as_uri()
    report = check_links(
        built_site,
        "2025/index.html",
        [
            f"{root}/2025/nothing.html",
            f"{root}/2025/index.html#no-such-section",
            "https://example.com/invented",
            "mailto:someone@example.com",
        ],
        catalog,
    )
    assert len(report.problems) == 4


def test_pages_are_byte_identical_from_one_build_to_the_next(tmp_path):
    first = build(EDITIONS, tmp_path / "one")
    second = build(EDITIONS, tmp_path / "two")
    for name in (*page_paths(load_catalog(EDITIONS)), "2025/event.jsonld"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


# --- what a page says of itself: search engines, shared links, icons ---------------------


def meta(page: Element) -> dict[str, str]:
    found = {}
    for element in page.iter("meta"):
        key = element.get("property") or element.get("name")
        if key:
            found[key] = element.get("content")
    return found


def test_each_page_describes_itself_for_search_and_shared_links(built_site, catalog):
    base = catalog.series.base_url
    for name, _, _ in pages_and_feeds(catalog):
        page = parse(built_site / name)
        tags = meta(page)
        own_url = urljoin(base, name.removesuffix("index.html"))
        canonical = [
            link.get("href") for link in page.iter("link") if link.get("rel") == "canonical"
        ]
        assert canonical == [own_url]
        title = text(page.find(".//title"))
        description = tags["description"].replace(NBSP, " ")
        assert len(title) > 10 and len(description) > 50
        assert (
            tags["og:title"].replace(NBSP, " ") == tags["twitter:title"].replace(NBSP, " ") == title
        )
        assert tags["og:description"].replace(NBSP, " ") == description
        assert tags["og:url"] == own_url
        locale = {"fr": "fr_FR", "en": "en_GB"}[page_language(name)]
        assert (tags["og:type"], tags["og:locale"]) == ("website", locale)
        assert tags["twitter:card"] == "summary_large_image"
        image = tags["og:image"]
        assert image == tags["twitter:image"] and image.startswith(base)
        card = built_site / image[len(base) :]
        assert card.suffix == ".png" and card.is_file()
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert tags["og:image:alt"] == tags["twitter:image:alt"] and tags["og:image:alt"]
    for edition in catalog.editions:
        tags = meta(parse(built_site / edition.id / "index.html"))
        assert tags["og:image"] == f"{base}{edition.id}/social-card.png"
        assert (edition.theme or edition.title) in tags["og:image:alt"].replace(NBSP, " ")


def test_icons_are_named_and_built(built_site, catalog):
    for name, _, _ in pages_and_feeds(catalog):
        links = {
            (link.get("rel"), link.get("type")): link.get("href")
            for link in parse(built_site / name).iter("link")
            if link.get("rel") in ("icon", "apple-touch-icon")
        }
        assert set(links) == {("icon", None), ("icon", "image/svg+xml"), ("apple-touch-icon", None)}
        folder = (built_site / name).parent
        targets = {
            (folder / href).resolve().relative_to(built_site.resolve()).as_posix()
            for href in links.values()
        }
        assert targets == {"favicon.ico", "favicon.svg", "apple-touch-icon.png"}


# --- conference apps ----------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["2024", "2025"])
def test_edition_page_opens_the_programme_in_conference_apps(built_site, edition):
    document = parse(built_site / edition / "index.html")
    section = by_id(document, "applications")
    assert text(section.find("h2")) == "Ouvrir dans une application de programme"
    links = {text(a): a.get("href") for a in section.iter("a")}
    schedule = f"http://raict.org/{edition}/schedule.xml"
    assert links == {
        "Giggity ouvre le programme sur Android": "https://ggt.gaa.st/#url="
        + quote(schedule, safe=""),
        "schedule.xml EventFahrplan, ConfClerk, Giggity": "schedule.xml",
        "schedule.json pyfahrplan et autres": "schedule.json",
    }
    assert by_id(document, "adresse-programme").get("value") == schedule
    (svg,) = section.iter("{http://www.w3.org/2000/svg}svg")
    assert svg.get("role") == "img"
    assert schedule in svg.get("aria-label")
    assert "Annulé" in text(section)
    assert document.find(".//nav//a[@href='#applications']") is not None
    alternates = [
        e.get("href") for e in document.iter("link") if e.get("type") == "application/xml"
    ]
    assert alternates == ["schedule.xml"]


def test_link_check_refuses_a_giggity_link_to_anything_but_a_schedule_of_the_site(
    built_site, catalog
):
    good = "https://ggt.gaa.st/#url=" + quote("http://raict.org/2025/schedule.xml", safe="")
    bad = [
        "https://ggt.gaa.st/#url=http://raict.org/2025/schedule.xml",  # not encoded
        "https://ggt.gaa.st/#url=" + quote("https://example.com/schedule.xml", safe=""),
        "https://ggt.gaa.st/#url=" + quote("http://raict.org/2025/calendar.ics", safe=""),
        "https://ggt.gaa.st/#url=" + quote("http://raict.org/2031/schedule.xml", safe=""),
    ]
    assert check_links(built_site, "2025/index.html", [good], catalog).problems == []
    report = check_links(built_site, "2025/index.html", bad, catalog)
    assert len(report.problems) == len(bad)
