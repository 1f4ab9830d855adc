"""schema.org markup: what event.jsonld says, checked against the documents' facts, read
back as RDF by pyld + rdflib (offline, with a local context), and embedded safely."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from aictdata.build.site import build_site
from aictdata.exporters.jsonld import edition_event, embed, script_element
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, FIXTURES

SCHEMA = "https://schema.org/"
OFFSET_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
LOCAL_CONTEXT = FIXTURES / "schemaorg" / "context.jsonld"


def event_of(folder: Path, edition: str) -> dict[str, Any]:
    """Build with the jsonld exporter only and read the edition's file back."""
    out = folder.parent / "site"
    build_site(load_catalog(folder), out, only=["jsonld"])
    return json.loads((out / edition / "event.jsonld").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("jsonld") / "site"
    build_site(load_catalog(EDITIONS), out, only=["jsonld"])
    return {
        edition: json.loads((out / edition / "event.jsonld").read_text(encoding="utf-8"))
        for edition in ("2024", "2025")
    }


def walk(node: Any) -> Any:
    """Every dict in a JSON tree."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def transcribed(edition: str) -> dict[str, Any]:
    """The edition's YAML as the organiser wrote it: the expected values of one edition,
    so that an edition showing the other edition's title or address fails."""
    import yaml

    return yaml.safe_load((EDITIONS / f"{edition}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("edition", ["2024", "2025"])
def test_edition_event_has_what_google_requires(real, edition):
    event = real[edition]
    data = transcribed(edition)
    assert event["@type"] == "Event"
    assert event["@id"] == f"http://raict.org/{edition}/#event"
    assert event["name"] == data["title"]
    assert event["name"].startswith(f"{data['number']}e édition")
    assert OFFSET_DATETIME.match(event["startDate"])
    assert OFFSET_DATETIME.match(event["endDate"])
    assert event["location"]["@type"] == "Place"
    address = event["location"]["address"]
    assert address["@type"] == "PostalAddress"
    assert address["postalCode"] == "75116"
    assert address["addressLocality"] == "Paris"
    assert address["addressCountry"] == "FR"
    assert address["streetAddress"] == data["venue"]["address"]["street"]
    assert address["postalCode"] == data["venue"]["address"]["postal_code"]


@pytest.mark.parametrize("edition", ["2024", "2025"])
def test_edition_event_has_the_recommended_properties_the_data_supports(real, edition):
    event = real[edition]
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["inLanguage"] == "fr"
    assert event["url"] == f"http://raict.org/{edition}/"
    assert event["description"].startswith("Thème : ")
    assert event["organizer"][0]["name"] == "Cités Unies France"
    assert event["organizer"][0]["url"].startswith("https://cites-unies-france.org/")
    assert f"#RencontresAICT{edition}" in event["keywords"]
    assert event["superEvent"]["@type"] == "EventSeries"
    assert event["superEvent"]["@id"] == "http://raict.org/#series"
    assert "image" not in event  # the documents give none
    assert "performer" not in event  # no speaker is named


def test_the_edition_runs_from_its_first_slot_to_its_last(real):
    # 2024-10-23 13:00 to 2024-10-24 17:30, Paris summer time (+02:00 until 27 October).
    assert real["2024"]["startDate"] == "2024-10-23T13:00:00+02:00"
    assert real["2024"]["endDate"] == "2024-10-24T17:30:00+02:00"
    assert real["2025"]["startDate"] == "2025-07-04T08:00:00+02:00"
    assert real["2025"]["endDate"] == "2025-07-04T18:00:00+02:00"


def test_each_date_carries_the_paris_offset_of_that_date(make_series):
    # Clocks go forward in Paris on Sunday 31 March 2030: Saturday is +01:00, Sunday +02:00.
    event = event_of(make_series(), "2030")
    slots = {slot["name"]: slot for slot in event["subEvent"]}
    assert slots["Accueil"]["startDate"] == "2030-03-30T09:00:00+01:00"
    assert slots["Clôture"]["endDate"] == "2030-03-31T17:00:00+02:00"
    assert event["startDate"] == "2030-03-30T09:00:00+01:00"
    assert event["endDate"] == "2030-03-31T17:00:00+02:00"


def test_every_slot_is_a_sub_event_with_its_own_id_and_times(real):
    slots = real["2025"]["subEvent"]
    assert len(slots) == 10  # the ten lines of « Vendredi 4 juillet »
    assert len({slot["@id"] for slot in slots}) == 10
    assert all(slot["@id"].startswith("http://raict.org/2025/#s-") for slot in slots)
    pause = next(slot for slot in slots if slot["name"] == "Pause café")
    assert (pause["startDate"], pause["endDate"]) == (
        "2025-07-04T11:00:00+02:00",
        "2025-07-04T11:30:00+02:00",
    )
    # « Pause café à l'Espace des partenaires »: the part of the venue, within the venue.
    assert pause["location"]["name"] == "Espace des partenaires"
    assert pause["location"]["containedInPlace"]["@id"] == "http://raict.org/2025/#lieu"
    assert pause["location"]["address"]["postalCode"] == "75116"


def test_registration_opening_is_the_offer_and_no_price_is_invented(real):
    assert real["2025"]["offers"]["validFrom"] == "2025-04-15"
    assert real["2024"]["offers"]["validFrom"] == "2024-06-25"
    for event in real.values():
        for node in walk(event):
            assert not {"price", "priceCurrency", "lowPrice", "highPrice"} & node.keys()
        assert "url" not in event["offers"]  # the documents give no registration address


def test_a_known_registration_address_is_offered(make_series):
    folder = make_series(
        ("  opens: 2030-01-15", "  opens: 2030-01-15\n  url: https://example.org/inscription")
    )
    assert event_of(folder, "2030")["offers"]["url"] == "https://example.org/inscription"


def test_no_offer_without_registration(make_series):
    folder = make_series(("registration:\n  opens: 2030-01-15\n", ""))
    assert "offers" not in event_of(folder, "2030")


def test_organizer_can_be_reached(real):
    organizer = real["2025"]["organizer"][0]
    assert organizer["@type"] == "Organization"
    assert organizer["email"] == "coop-dec@cites-unies-france.org"
    assert organizer["telephone"] == "+33153418181"  # « +33(0)1 53 41 81 81 »
    assert set(organizer["sameAs"]) == {
        "https://twitter.com/CitesUniesFR",
        "https://www.linkedin.com/company/cites-unies-france-officiel/",
    }


def test_platforma_supports_and_the_eu_cofunds_platforma(real):
    (sponsor,) = real["2025"]["sponsor"]
    assert sponsor["name"] == "PLATFORMA"
    assert sponsor["funder"][0]["name"] == "Union européenne"
    # « Le projet PLATFORMA est co-financé par l'Union européenne »: not the edition itself.
    assert "funder" not in real["2025"]


def test_the_2024_venue_partner_is_a_contributor(real):
    assert [o["name"] for o in real["2024"]["contributor"]] == ["Pavillon d’Armenonville"]
    assert "contributor" not in real["2025"]


def test_access_directions_are_readable_by_mode(real):
    place = real["2025"]["location"]
    for fact in ("ligne 9", "Iéna", "Musée Guimet", "32", "63", "82", "Parking Kléber"):
        assert fact in place["description"]
    assert [f["name"] for f in place["amenityFeature"]] == ["Métro", "Bus", "Parking public"]
    rer = next(f for f in real["2024"]["location"]["amenityFeature"] if f["name"] == "RER")
    assert "Avenue Foch" in rer["value"] and "Neuilly Porte Maillot" in rer["value"]


def test_coordinates_only_when_the_data_has_them(real, make_series):
    assert all("geo" not in node for event in real.values() for node in walk(event))
    folder = make_series(
        ("  name: Lieu de test\n", "  name: Lieu de test\n  latitude: 48.86\n  longitude: 2.29\n")
    )
    geo = event_of(folder, "2030")["location"]["geo"]
    assert (geo["latitude"], geo["longitude"]) == (48.86, 2.29)


def test_cancelled_slot_stays_with_cancelled_status(make_series):
    folder = make_series(("    kind: closing", "    kind: closing\n    status: cancelled"))
    slots = {slot["name"]: slot for slot in event_of(folder, "2030")["subEvent"]}
    assert slots["Clôture"]["eventStatus"] == "https://schema.org/EventCancelled"
    assert slots["Accueil"]["eventStatus"] == "https://schema.org/EventScheduled"


# --- read as RDF, offline ----------------------------------------------------------------


def local_loader(url: str, options: Any = None) -> dict[str, Any]:
    """Serve the schema.org context from tests/fixtures; refuse everything else (no network)."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"the markup made the JSON-LD processor fetch {url}")
    document = json.loads(LOCAL_CONTEXT.read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def as_graph(document: dict[str, Any]) -> Graph:
    nquads = jsonld.to_rdf(
        document, {"format": "application/n-quads", "documentLoader": local_loader}
    )
    graph = Graph()  # default-graph N-Quads are N-Triples
    graph.parse(data=nquads, format="nt")
    return graph


def s(term: str) -> URIRef:
    return URIRef(SCHEMA + term)


def test_markup_reads_as_the_expected_rdf_triples(real):
    graph = as_graph(real["2025"])
    event = URIRef("http://raict.org/2025/#event")
    series = URIRef("http://raict.org/#series")
    venue = URIRef("http://raict.org/2025/#lieu")
    accueil = URIRef("http://raict.org/2025/#s-accueil")
    platforma = URIRef("http://raict.org/#org-platforma")
    expected = [
        (event, RDF.type, s("Event")),
        (event, s("superEvent"), series),
        (series, RDF.type, s("EventSeries")),
        (event, s("location"), venue),
        (venue, RDF.type, s("Place")),
        (event, s("startDate"), Literal("2025-07-04T08:00:00+02:00")),
        (event, s("eventStatus"), s("EventScheduled")),
        (event, s("eventAttendanceMode"), s("OfflineEventAttendanceMode")),
        (event, s("inLanguage"), Literal("fr")),
        (event, s("subEvent"), accueil),
        (accueil, s("startDate"), Literal("2025-07-04T08:00:00+02:00")),
        (accueil, s("endDate"), Literal("2025-07-04T09:00:00+02:00")),
        (event, s("sponsor"), platforma),
        (platforma, s("funder"), URIRef("http://raict.org/#org-union-europeenne")),
    ]
    for triple in expected:
        assert triple in graph, triple
    assert len(set(graph.objects(event, s("subEvent")))) == 10
    (address,) = set(graph.objects(venue, s("address")))
    assert (address, s("postalCode"), Literal("75116")) in graph
    assert (address, s("addressCountry"), Literal("FR")) in graph
    assert (address, s("streetAddress"), Literal("9bis, avenue d’Iéna")) in graph


def test_every_key_of_the_markup_is_a_schema_org_term(real):
    """A misspelt property would be kept by JSON but mean nothing: expansion keeps only
    terms the context defines, so compare each node's keys before and after."""
    expanded = jsonld.expand(real["2024"], {"documentLoader": local_loader})
    written = {key for node in walk(real["2024"]) for key in node if not key.startswith("@")}
    kept = {
        key.removeprefix(SCHEMA)
        for node in walk(expanded)
        for key in node
        if not key.startswith("@")
    }
    assert written == kept


# --- embedding ----------------------------------------------------------------------------


@given(st.text())
def test_embedded_json_has_no_html_significant_character_and_means_the_same(value):
    data = {"name": value, "nested": [value, {"text": value}]}
    embedded = embed(data)
    assert not {"<", ">", "&"} & set(embedded)
    assert json.loads(embedded) == data


def test_script_element_is_one_ld_json_script():
    block = script_element({"name": "</script><script>alert(1)</script><!--"})
    assert block.startswith('<script type="application/ld+json">\n')
    assert block.endswith("\n</script>")
    assert block.count("</script") == 1
    assert "&lt;" not in block  # entities would corrupt the data: JSON escapes only


def test_pure_function_and_file_agree(real):
    catalog = load_catalog(EDITIONS)
    assert edition_event(catalog, catalog.edition("2025")) == real["2025"]
