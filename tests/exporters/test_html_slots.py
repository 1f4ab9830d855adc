"""A page per slot (issue 28): what it says, its markup read by an extractor and as RDF,
its place in the programme and in the sitemap; and the states of the edition pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from aictdata.build.site import build_site
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, FIXTURES
from tests.exporters.test_html import by_id, markup, parse, text
from tests.exporters.test_jsonld import as_graph, local_loader, s, walk

BASE = "http://raict.org/"


def slot_page(site: Path, edition: str, slot: str, lang: str = "fr") -> Path:
    """Where the README's site layout puts a slot's page."""
    return site / ("" if lang == "fr" else f"{lang}/") / edition / "sessions" / f"{slot}.html"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(EDITIONS)


def test_every_slot_has_a_page_in_each_language_linked_from_its_row(built_site, catalog):
    for edition in catalog.editions:
        for lang in ("fr", "en"):
            folder = "" if lang == "fr" else "en/"
            programme = parse(built_site / folder / edition.id / "index.html")
            for session in edition.sessions:
                row = by_id(programme, f"s-{session.id}")
                title = row.find(".//a[@class='title']")
                assert title is not None and title.get("href") == f"sessions/{session.id}.html"
                page = parse(slot_page(built_site, edition.id, session.id, lang))
                assert page.get("lang") == lang
                back = [a.get("href") for a in page.iter("a")]
                assert f"../index.html#s-{session.id}" in back


def test_slot_page_says_what_when_in_paris_time_and_where(built_site):
    page = parse(slot_page(built_site, "2024", "pleniere-pays"))
    assert text(page.find(".//h1")) == "Plénière de mise à l’honneur d’un pays"
    when = text(page.find(".//p[@class='when']"))
    assert when == "Mercredi 23 octobre 2024, 18h15–19h00 (heure de Paris)"
    times = [t.get("datetime") for t in page.find(".//p[@class='when']").iter("time")]
    assert times == ["2024-10-23T18:15:00+02:00", "2024-10-23T19:00:00+02:00"]
    facts = text(page.find(".//dl[@class='facts']"))
    assert (
        "Espace des partenaires, Pavillon d’Armenonville, Allée de Longchamp, 75116 Paris" in facts
    )
    assert "Programmé" in facts
    english = parse(slot_page(built_site, "2024", "pleniere-pays", "en"))
    assert text(english.find(".//p[@class='when']")).endswith("18:15–19:00 (Paris time)")


def test_slot_page_markup_is_the_editions_sub_event(built_site, catalog):
    for edition in catalog.editions:
        (whole,) = markup(built_site / edition.id / "index.html", f"{BASE}{edition.id}/")
        sub_events = {event["@id"]: event for event in whole["subEvent"]}
        for session in edition.sessions:
            path = slot_page(built_site, edition.id, session.id)
            (event,) = markup(path, f"{BASE}{edition.id}/sessions/{session.id}.html")
            assert event["@id"] == f"{BASE}{edition.id}/#s-{session.id}"
            assert event["@id"] in sub_events
            assert event["superEvent"]["@id"] == whole["@id"]
            for key in ("name", "startDate", "endDate", "eventStatus", "location"):
                assert event[key] == sub_events[event["@id"]][key], key
            assert event["url"] == f"{BASE}{edition.id}/sessions/{session.id}.html"


def test_slot_page_markup_reads_as_rdf_with_schema_org_terms_only(built_site):
    from pyld import jsonld

    path = slot_page(built_site, "2025", "accueil")
    (event,) = markup(path, f"{BASE}2025/sessions/accueil.html")
    graph = as_graph(event)
    node = URIRef(f"{BASE}2025/#s-accueil")
    assert (node, RDF.type, s("Event")) in graph
    assert (node, s("superEvent"), URIRef(f"{BASE}2025/#event")) in graph
    expanded = jsonld.expand(event, {"documentLoader": local_loader})
    written = {key for item in walk(event) for key in item if not key.startswith("@")}
    kept = {k.removeprefix(str(s(""))) for n in walk(expanded) for k in n if k[0] != "@"}
    assert written == kept


def test_slot_page_has_its_card_canonical_address_and_alternates(built_site):
    page = parse(slot_page(built_site, "2025", "accueil", "en"))
    links = {
        (link.get("rel"), link.get("hreflang")): link.get("href") for link in page.iter("link")
    }
    assert links[("canonical", None)] == f"{BASE}en/2025/sessions/accueil.html"
    assert links[("alternate", "fr")] == f"{BASE}2025/sessions/accueil.html"
    assert links[("alternate", "x-default")] == f"{BASE}2025/sessions/accueil.html"
    metas = {m.get("property") or m.get("name"): m.get("content") for m in page.iter("meta")}
    assert metas["og:url"] == f"{BASE}en/2025/sessions/accueil.html"
    assert metas["og:image"] == f"{BASE}2025/social-card.png"
    assert metas["og:title"].endswith("– Rencontres de l’AICT 2025")


# --- page states ---------------------------------------------------------------------------


def test_past_edition_leads_with_its_programme_without_subscribe_or_add(built_site):
    page = parse(built_site / "2024" / "index.html")  # the data's day is in 2026
    header = page.find(".//header")
    primary = [a.get("href") for a in header.iter("a") if "primary" in a.get("class", "")]
    assert primary == ["#programme"]
    assert "S’abonner" not in text(header)
    assert not list(page.iter("td")) or all(td.get("class") != "add" for td in page.iter("td"))
    assert not [a for a in page.iter("a") if "calendar.google.com" in (a.get("href") or "")]
    assert by_id(page, "abonnement").find(".//a").get("href") == "calendar.ics"
    slot = parse(slot_page(built_site, "2024", "ateliers-1"))
    assert slot.find(".//*[@id='ajouter']") is None
    # Nor does the index offer to subscribe to it.
    index = [a.get("href") for a in parse(built_site / "index.html").iter("a")]
    assert "2024/index.html#abonnement" not in index


def test_upcoming_slot_page_offers_to_add_it(make_series, tmp_path):
    site = tmp_path / "site"
    build_site(load_catalog(make_series()), site, only=["html"])
    page = parse(slot_page(site, "2030", "accueil"))
    links = [a.get("href") for a in by_id(page, "ajouter").iter("a")]
    assert "accueil.ics" in links
    assert any(link.startswith("https://calendar.google.com/") for link in links)


def test_cancelled_slot_page_says_so_and_offers_no_copy(make_series, tmp_path):
    folder = make_series(("    kind: closing", "    kind: closing\n    status: cancelled"))
    site = tmp_path / "site"
    build_site(load_catalog(folder), site, only=["html"])
    page = parse(slot_page(site, "2030", "cloture"))
    assert "Annulé" in text(page.find(".//p[@class='badges']"))
    assert page.find(".//*[@id='ajouter']") is None


def test_upcoming_edition_offers_the_feeds_of_its_parts_with_the_warning(make_series, tmp_path):
    site = tmp_path / "site"
    build_site(load_catalog(make_series()), site, only=["html", "ics"])
    panel = by_id(parse(site / "2030" / "index.html"), "abonnement")
    assert "Ne vous abonnez pas à deux calendriers qui se recoupent" in text(panel)
    files = [a.get("href") for a in panel.find(".//ul[@class='parts']").iter("a")]
    # A welcome and a closing: the plenaries' family and the two days; no workshop nor
    # B2B meeting, so no feed for them (an empty calendar is not a valid iCalendar object).
    expected = [
        "calendars/plenieres.ics",
        "calendars/2030-03-30.ics",
        "calendars/2030-03-31.ics",
    ]
    assert [f for f in files if f.endswith(".ics") and "://" not in f] == expected
    written = sorted(p.relative_to(site / "2030").as_posix() for p in site.glob("2030/calendars/*"))
    assert written == sorted(expected)


def test_announced_edition_shows_no_app_panel_nor_its_qr_code(tmp_path):
    site = tmp_path / "site"
    catalog = load_catalog(FIXTURES / "announced")
    build_site(catalog, site, only=["html"])
    (edition,) = [e for e in catalog.editions if not e.sessions]
    page = parse(site / edition.id / "index.html")
    assert page.find(".//*[@id='applications']") is None
    assert "#applications" not in [a.get("href") for a in page.iter("a")]
    assert page.find(".//*[@id='abonnement']//ul[@class='parts']") is None


# --- legal pages ----------------------------------------------------------------------------

LEGAL = ("mentions-legales.html", "accessibilite.html", "donnees-personnelles.html")


def test_every_page_links_to_the_legal_pages_in_its_language(built_site, catalog):
    # The embeddable programme is framed inside a partner's page, whose own footer rules.
    pages = [p for p in built_site.rglob("*.html") if p.name != "embed.html"]
    assert len(pages) > 2 * (3 + len(catalog.editions))
    for path in pages:
        relative = path.relative_to(built_site).as_posix()
        lang = "en" if relative.startswith("en/") else "fr"
        footer = parse(path).find(".//footer")
        assert footer is not None, relative
        targets = {
            (path.parent / a.get("href")).resolve().relative_to(built_site.resolve()).as_posix()
            for a in footer.iter("a")
            if a.get("href", "").endswith(LEGAL)
        }
        prefix = "" if lang == "fr" else "en/"
        assert targets == {prefix + page for page in LEGAL}, relative


def test_legal_notice_states_the_documented_publisher_and_what_is_missing(built_site):
    page = parse(built_site / "mentions-legales.html")
    body = text(page.find(".//main"))
    assert "Cités Unies France" in body
    assert "+33 1 53 41 81 81" in body and "coop-dec@cites-unies-france.org" in body
    missing = text(page.find(".//section[@aria-labelledby='a-completer']"))
    for item in ("adresse postale", "directeur ou de la directrice", "hébergeur"):
        assert item in missing
    english = text(parse(built_site / "en" / "mentions-legales.html").find(".//main"))
    assert "To be completed by the organiser" in english


def test_legal_notice_shows_the_facts_once_the_organiser_gives_them(make_series, tmp_path):
    folder = make_series()
    series = folder / "series.yaml"
    series.write_text(
        series.read_text(encoding="utf-8")
        + "publication:\n  publisher: org\n  director: Jeanne Martin\n"
        "  address: {street: 1 rue de la Paix, postal_code: '75002', locality: Paris}\n"
        "  host: {name: Hébergeur SA, phone: '+33100000001'}\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build_site(load_catalog(folder), site, only=["html"])
    page = parse(site / "mentions-legales.html")
    assert page.find(".//*[@id='a-completer']") is None
    body = text(page.find(".//main"))
    for fact in (
        "Jeanne Martin",
        "1 rue de la Paix",
        "75002 Paris",
        "Hébergeur SA",
        "+33 1 00 00 00 01",
    ):
        assert fact in body


def test_accessibility_statement_says_partially_compliant_and_the_recourse(built_site):
    for lang, words in (
        ("", ("partiellement conforme", "Défenseur des droits")),
        ("en/", ("partially compliant", "Defender of Rights")),
    ):
        body = text(parse(built_site / f"{lang}accessibilite.html").find(".//main"))
        for word in words:
            assert word in body
        assert "coop-dec@cites-unies-france.org" in body


def test_privacy_page_says_nothing_is_collected(built_site):
    body = text(parse(built_site / "donnees-personnelles.html").find(".//main"))
    assert "ne collecte aucune donnée personnelle" in body
    assert "cookie" in body


def test_a_moved_slots_page_says_where_it_was_and_lists_its_changes(tmp_path):
    from aictdata.exporters.context import BuildOptions
    from aictdata.memory.state import ChangeKind, ProgrammeChange, Version, advance

    catalog = load_catalog(FIXTURES / "bilingual")
    moved = ProgrammeChange(
        "cloture",
        "Clôture des Rencontres",
        ChangeKind.MOVED,
        "2030-03-31T15:00:00+02:00/2030-03-31T16:00:00+02:00",
        "2030-03-31T16:00:00+02:00/2030-03-31T17:00:00+02:00",
    )
    version = Version("2030", 2, "2030-02-01T10:00:00+01:00", (moved,), "2" * 16)
    state = advance(None, catalog)
    state = type(state)(state.slots, state.editions, (version,))
    site = tmp_path / "site"
    context = BuildOptions(calendar_state=state, today=date(2030, 1, 1))
    build_site(catalog, site, only=["html"], options=context)
    page = parse(slot_page(site, "2030", "cloture"))
    badges = text(page.find(".//p[@class='badges']"))
    assert "Déplacé auparavant 15h00" in badges
    history = by_id(page, "modifications")
    (item,) = history.iter("li")
    assert item.find("a").get("href") == "../index.html#version-2"
    assert "Clôture des Rencontres : déplacé de 15h00 à 16h00" in text(item)
    (event,) = markup(slot_page(site, "2030", "cloture"), "https://example.org/")
    assert event["previousStartDate"] == "2030-03-31T15:00:00+02:00"
    assert event["eventStatus"] == "https://schema.org/EventRescheduled"
    english = parse(slot_page(site, "2030", "cloture", "en"))
    assert "Moved" in text(english.find(".//p[@class='badges']"))
