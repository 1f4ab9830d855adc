"""Shared wording: access directions read as the documents write them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from aictdata.source.load import load_catalog
from aictdata.words.formatting import rfc3339
from aictdata.words.outputs import words
from tests.conftest import EDITIONS

# The pre-programmes' own lines (« Métro : ... »), after the mode, with the PDF's
# separators (« – », « n° ») normalised to commas.
DOCUMENTS = {
    ("2024", "metro-1"): "ligne 1, station Porte Maillot - Palais des Congrès, "
    "sortie 3 Bd André Maurois, 8 min de marche",
    ("2024", "rer-c"): "ligne C, station Avenue Foch, 8 min de marche / "
    "station Neuilly Porte Maillot, 9 min de marche",
    ("2024", "voiture"): "Paris périphérique, N13, sortie Porte Maillot",
    ("2025", "metro-9"): "ligne 9, station Iéna, sortie Musée Guimet",
    ("2025", "bus"): "lignes 32, 63, 82, station Iéna",
    ("2025", "parking-kleber"): "Parking Kléber, 65 avenue Kléber, 75116 Paris",
}


@pytest.mark.parametrize(("edition", "access"), sorted(DOCUMENTS))
def test_access_details_read_like_the_document(edition, access):
    venue = load_catalog(EDITIONS).edition(edition).venue
    (way,) = [a for a in venue.access if a.id == access]
    assert words("fr").access(way) == DOCUMENTS[edition, access]


ENGLISH = {
    ("2024", "metro-1"): "line 1, Porte Maillot - Palais des Congrès station, "
    "exit 3 Bd André Maurois, 8 min walk",
    ("2025", "bus"): "lines 32, 63, 82, Iéna station",
}


@pytest.mark.parametrize(("edition", "access"), sorted(ENGLISH))
def test_access_details_in_english_keep_the_names(edition, access):
    venue = load_catalog(EDITIONS).edition(edition).venue
    (way,) = [a for a in venue.access if a.id == access]
    assert words("en").access(way) == ENGLISH[edition, access]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-07-04", "2025-07-04", "vendredi 4 juillet 2025"),
        ("2024-10-23", "2024-10-24", "du mercredi 23 au jeudi 24 octobre 2024"),
        ("2024-09-30", "2024-10-01", "du lundi 30 septembre au mardi 1er octobre 2024"),
        ("2024-12-31", "2025-01-01", "du mardi 31 décembre 2024 au mercredi 1er janvier 2025"),
    ],
)
def test_edition_dates_read_the_french_way(start, end, expected):
    from datetime import date

    from aictdata.words.formatting import french_dates

    edition = (
        load_catalog(EDITIONS)
        .edition("2024")
        .model_copy(
            update={"start_date": date.fromisoformat(start), "end_date": date.fromisoformat(end)}
        )
    )
    assert french_dates(edition) == expected


def test_each_moment_is_written_with_its_own_offset_whatever_was_written_before():
    """rfc3339 remembers what it wrote: an equal moment in another zone, the other side
    of an ambiguous hour, or a naive time is never given another's text."""
    paris = ZoneInfo("Europe/Paris")
    start = datetime(2030, 3, 30, 9, 0, tzinfo=paris)
    assert rfc3339(start) == "2030-03-30T09:00:00+01:00"
    assert start.astimezone(UTC) == start
    assert rfc3339(start.astimezone(UTC)) == "2030-03-30T08:00:00+00:00"
    # 27 October 2030, 02:30 happens twice in Paris: summer time first (fold 0).
    twice = datetime(2030, 10, 27, 2, 30, tzinfo=paris)
    assert twice == twice.replace(fold=1)
    assert rfc3339(twice) == "2030-10-27T02:30:00+02:00"
    assert rfc3339(twice.replace(fold=1)) == "2030-10-27T02:30:00+01:00"
    with pytest.raises(ValueError, match="naive"):
        rfc3339(start.replace(tzinfo=None))
