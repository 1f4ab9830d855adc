"""The transcribed editions against their source documents, kept with the data in
editions/sources/ (each edition's `source.file`), so that any clone checks them.

The documents are read independently here (regular expressions over the text), so a slot,
a time, an address or a link missing from editions/ fails a test. The copies must be the
documents received (../shared/seeds/, where a clone has it beside).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

import pytest

from aictdata import load_catalog
from tests.conftest import REAL_EDITIONS, SEEDS

SOURCES = REAL_EDITIONS / "sources"
SEED_OF = {"2024": "000_23f55eb4c5f032f0.txt", "2025": "001_bac82b4ff7f31f5a.txt"}
"""The documents of the two transcribed editions (the fidelity tests pin their facts)."""
RANGE = re.compile(r"(\d{1,2})h(\d{2})\s*-\s*(\d{1,2})h(\d{2})")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REAL_EDITIONS)


def seed(edition_id: str) -> str:
    path = SOURCES / SEED_OF[edition_id]
    if not path.exists():
        pytest.fail(f"source document missing: {path}")
    return path.read_text(encoding="utf-8")


def test_each_edition_names_a_source_document_kept_with_the_data(catalog):
    for edition in catalog.editions:
        assert edition.source.file, f"{edition.id}: source.file names no document"
        assert (SOURCES / edition.source.file).is_file(), edition.source.file
    assert {e.id: e.source.file for e in catalog.editions if e.id in SEED_OF} == SEED_OF


@pytest.mark.parametrize("name", sorted(SEED_OF.values()))
def test_kept_documents_are_the_documents_received(name):
    received = SEEDS / name
    if not received.exists():  # a bare clone: nothing beside it
        message = f"{received} is not beside this clone"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert (SOURCES / name).read_bytes() == received.read_bytes()


@pytest.mark.parametrize("edition_id", ["2024", "2025"])
def test_every_time_range_of_the_document_is_a_slot(catalog, edition_id):
    in_document = sorted(
        (int(a), int(b), int(c), int(d)) for a, b, c, d in RANGE.findall(seed(edition_id))
    )
    edition = catalog.edition(edition_id)
    in_data = sorted(
        (s.start.hour, s.start.minute, s.end.hour, s.end.minute) for s in edition.sessions
    )
    assert in_data == in_document


def test_2025_opening_is_0900_paris_0700_utc(catalog):
    opening = next(s for s in catalog.edition("2025").sessions if s.kind == "opening")
    assert opening.starts_at.astimezone(UTC) == datetime(2025, 7, 4, 7, 0, tzinfo=UTC)


def test_2024_slots_are_in_summer_time(catalog):
    offsets = {s.starts_at.utcoffset().total_seconds() for s in catalog.edition("2024").sessions}
    assert offsets == {7200}


@pytest.mark.parametrize("edition_id", ["2024", "2025"])
def test_every_link_and_contact_of_the_document_is_in_the_data(catalog, edition_id):
    text = seed(edition_id)
    data = (REAL_EDITIONS / "series.yaml").read_text(encoding="utf-8") + (
        REAL_EDITIONS / f"{edition_id}.yaml"
    ).read_text(encoding="utf-8")
    for link in re.findall(r"https?://[^\s]+", text):
        if link.startswith("mailto:"):
            continue
        assert link.rstrip("/") in data, link
    assert "coop-dec@cites-unies-france.org" in data
    # "Tél. : +33(0)1 53 41 81 81" in the document; E.164 in the data
    written = re.search(r"Tél\. : (\+33\(0\)[\d ]+\d)", text)[1]
    assert catalog.series.contacts[0].phone == re.sub(r"\(0\)| ", "", written)
    hashtag = re.search(r"#(RencontresAICT\d{4})", text)[1]
    assert catalog.edition(edition_id).hashtag == hashtag


@pytest.mark.parametrize(
    ("edition_id", "opens", "venue", "street", "number"),
    [
        ("2024", "2024-06-25", "Pavillon d’Armenonville", "Allée de Longchamp", 15),
        ("2025", "2025-04-15", "Salons de l’Hôtel des Arts & Métiers", "9bis, avenue d’Iéna", 16),
    ],
)
def test_facts_of_each_edition(catalog, edition_id, opens, venue, street, number):
    edition = catalog.edition(edition_id)
    text = seed(edition_id)
    assert f"{number}e édition" in text
    assert edition.number == number
    assert str(edition.registration.opens) == opens
    assert edition.venue.name == venue and venue in text
    assert edition.venue.address.street == street and street in text
    assert re.search(rf"{re.escape(street)}, (\d{{5}}) Paris", text)[1] == (
        edition.venue.address.postal_code
    )
    assert edition.theme in " ".join(text.split())
    assert edition.editorial.author in text
    for title in edition.editorial.author_titles:
        assert title in text
    assert edition.programme_stage == "pre-programme"


@pytest.mark.parametrize("edition_id", ["2024", "2025"])
def test_editorial_is_complete_and_dehyphenated(catalog, edition_id):
    editorial = catalog.edition(edition_id).editorial
    ours = re.sub(r"\s+", " ", " ".join(editorial.paragraphs))
    text = seed(edition_id)
    # Rejoin the PDF's hyphenated line breaks ("par-\ntenaires") and compare words.
    # Hyphens inside words are removed on both sides, as the PDF also breaks words
    # mid-line ("la hau-teur").
    theirs = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    theirs = re.sub(r"(\w)-(\w)", r"\1\2", re.sub(r"\s+", " ", theirs))
    ours = re.sub(r"(\w)-(\w)", r"\1\2", ours)
    first_words = " ".join(ours.split()[:6])
    last_words = " ".join(ours.split()[-6:])
    assert first_words in theirs and last_words in theirs
    assert ours in theirs
    assert not re.search(r"\w- \w", ours.replace(" - ", " "))


def test_no_invented_facts(catalog):
    for edition in catalog.editions:
        assert edition.venue.latitude is None and edition.venue.longitude is None
        assert edition.registration.url is None
        for session in edition.sessions:
            assert session.room is None and not session.speakers


def test_places_given_by_the_document(catalog):
    places = {(e.id, s.id): s.place for e, s in catalog.sessions() if s.place}
    assert places == {
        ("2024", "pleniere-pays"): "Espace des partenaires",
        ("2025", "pause-cafe"): "Espace des partenaires",
    }


def _comparable(text: str) -> str:
    """Whitespace collapsed and spacing around slashes dropped: the documents write
    « Ateliers /Réunions régionales/ Rencontres », the data « Ateliers / Réunions… »."""
    return re.sub(r"\s*/\s*", "/", " ".join(text.split()))


@pytest.mark.parametrize("edition_id", ["2024", "2025"])
def test_every_slot_title_and_place_is_the_document_s(catalog, edition_id):
    text = _comparable(seed(edition_id))
    for session in catalog.edition(edition_id).sessions:
        assert _comparable(session.title) in text, session.title
        if session.place:
            assert f"à l’{session.place}" in text, session.place
