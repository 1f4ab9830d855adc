"""The pages as HTML: parsed as a browser parses them (html5lib), their markup extracted as
a search engine extracts it (extruct), their links followed into the build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit
from xml.etree.ElementTree import Element

import extruct
import html5lib
import pytest

from aictdata.build import build_site
from aictdata.load import load_catalog
from tests.conftest import EDITIONS
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


def test_index_holds_the_series_with_editions_newest_first(built_site):
    (series,) = markup(built_site / "index.html", "http://raict.org/")
    assert series["@type"] == "EventSeries"
    assert [e["@id"] for e in series["subEvent"]] == [
        "http://raict.org/2025/#event",
        "http://raict.org/2024/#event",
    ]
    for event in series["subEvent"]:
        assert event["location"]["address"]["addressCountry"] == "FR"
    headings = [text(h) for h in parse(built_site / "index.html").iter("h3")]
    assert [h[:12] for h in headings] == ["16e édition ", "15e édition "]


# --- what a reader finds on an edition page -----------------------------------------------


def test_pages_are_french_and_need_no_javascript(built_site, catalog):
    for name in ["index.html", *(f"{e.id}/index.html" for e in catalog.editions)]:
        document = parse(built_site / name)
        assert document.get("lang") == "fr"
        scripts = list(document.iter("script"))
        assert [s.get("type") for s in scripts] == ["application/ld+json"]
        for element in document.iter():
            assert not any(attribute.startswith("on") for attribute in element.attrib)
            assert not element.get("href", "").startswith("javascript:")


def test_pages_use_no_external_asset(built_site, catalog):
    for name in ["index.html", *(f"{e.id}/index.html" for e in catalog.editions)]:
        document = parse(built_site / name)
        assert not [e for e in document.iter() if e.get("src")]  # no image, script, frame
        for link in document.iter("link"):
            assert link.get("rel") in ("canonical", "alternate"), link.attrib
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


def test_subscribe_and_download_come_first(built_site):
    page = parse(built_site / "2025" / "index.html")
    actions = page.find(".//header//nav")
    hrefs = [a.get("href") for a in actions.iter("a")]
    assert hrefs[0] == "webcal://raict.org/2025/calendar.ics"
    assert "calendar.ics" in hrefs
    assert "../data/datapackage.json" in hrefs


def test_every_slot_can_be_added_to_a_calendar(built_site, catalog):
    for edition in catalog.editions:
        page = parse(built_site / edition.id / "index.html")
        for session in edition.sessions:
            row = by_id(page, f"s-{session.id}")
            links = [a.get("href") for a in row.iter("a")]
            assert f"sessions/{session.id}.ics" in links
            google = next(link for link in links if link.startswith("https://calendar.google"))
            query = parse_qs(urlsplit(google).query)
            assert query["ctz"] == ["Europe/Paris"]
            assert query["dates"][0].startswith(f"{session.date:%Y%m%d}T{session.start:%H%M}00/")


def test_google_link_carries_wall_clock_times(built_site):
    row = by_id(parse(built_site / "2025" / "index.html"), "s-accueil")
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
    assert len(list(document.iter("script"))) == 1
    (event,) = markup(page, "https://example.org/2030/")
    assert HOSTILE in [slot["name"] for slot in event["subEvent"]]
    assert text(by_id(document, "s-accueil").find(".//span")) == HOSTILE
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
    for name in ["index.html", *(f"{e.id}/index.html" for e in catalog.editions)]:
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
    for name in ("index.html", "2024/index.html", "2025/index.html", "2025/event.jsonld"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
