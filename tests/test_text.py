"""Shared wording: access directions read as the documents write them."""

from __future__ import annotations

import pytest

from aictdata.load import load_catalog
from aictdata.text import access_details
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
    assert access_details(way) == DOCUMENTS[edition, access]
