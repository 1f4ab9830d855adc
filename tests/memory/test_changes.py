"""The programme's changes in French, as the page, the Atom feed and the calendar events
say them (the sentences are written here as a reader should read them)."""

from __future__ import annotations

import pytest

from aictdata.memory import changes as changelog
from aictdata.memory.state import ChangeKind, ProgrammeChange, Version

SLOT = "Ateliers / Réunions régionales"


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        (
            ProgrammeChange(
                "ateliers-1",
                SLOT,
                ChangeKind.MOVED,
                "2025-07-04T09:30:00+02:00/2025-07-04T11:00:00+02:00",
                "2025-07-04T10:00:00+02:00/2025-07-04T11:30:00+02:00",
            ),
            f"{SLOT} : déplacé de 9h30 à 10h00",
        ),
        (
            ProgrammeChange(
                "ateliers-1",
                SLOT,
                ChangeKind.MOVED,
                "2024-10-23T14:30:00+02:00/2024-10-23T16:00:00+02:00",
                "2024-10-24T09:00:00+02:00/2024-10-24T10:30:00+02:00",
            ),
            f"{SLOT} : déplacé du mercredi 23 octobre 2024 à 14h30 au jeudi 24 octobre 2024 à 9h00",
        ),
        (
            ProgrammeChange(
                "ateliers-1",
                SLOT,
                ChangeKind.MOVED,
                "2025-07-04T09:30:00+02:00/2025-07-04T11:00:00+02:00",
                "2025-07-04T09:30:00+02:00/2025-07-04T11:15:00+02:00",
            ),
            f"{SLOT} : horaire modifié, 9h30–11h00 devient 9h30–11h15",
        ),
        (
            ProgrammeChange("pleniere", "Plénière", ChangeKind.RETITLED, "Conférence", "Plénière"),
            "« Conférence » s’intitule désormais « Plénière »",
        ),
        (  # a title in guillemets keeps one pair
            ProgrammeChange(
                "cafes",
                "Cafés",
                ChangeKind.RETITLED,
                "« Cafés des Rencontres »",
                "«\u202fCafés\u202f»",
            ),
            "« Cafés des Rencontres » s’intitule désormais « Cafés »",
        ),
        (
            ProgrammeChange("pause", "Pause", ChangeKind.RELOCATED, "Hall", "Salon"),
            "Pause : lieu modifié, Hall devient Salon",
        ),
        (
            ProgrammeChange("pause", "Pause", ChangeKind.RELOCATED, None, "Salon"),
            "Pause : lieu précisé, Salon",
        ),
        (
            ProgrammeChange("cloture", "Clôture", ChangeKind.CANCELLED, "scheduled", "cancelled"),
            "Clôture : annulé",
        ),
        (
            ProgrammeChange("cloture", "Clôture", ChangeKind.RESTORED, "cancelled", "scheduled"),
            "Clôture : rétabli",
        ),
        (
            ProgrammeChange("cloture", "Clôture", ChangeKind.REMOVED, "scheduled", "removed"),
            "Clôture : retiré du programme",
        ),
        (
            ProgrammeChange("cloture", "Clôture", ChangeKind.STATUS, "scheduled", "full"),
            "Clôture : désormais « Complet »",
        ),
        (
            ProgrammeChange(
                "cocktail",
                "Cocktail",
                ChangeKind.ADDED,
                None,
                "2025-07-04T18:00:00+02:00/2025-07-04T19:00:00+02:00",
            ),
            "Cocktail : ajouté (vendredi 4 juillet 2025, 18h00–19h00)",
        ),
        (
            ProgrammeChange(
                None, None, ChangeKind.MOVED, "2025-07-04/2025-07-04", "2025-07-11/2025-07-11"
            ),
            "L’édition change de dates : vendredi 4 juillet 2025 devient vendredi 11 juillet 2025",
        ),
        (
            ProgrammeChange(None, None, ChangeKind.POSTPONED, "scheduled", "postponed"),
            "L’édition est reportée",
        ),
        (
            ProgrammeChange(None, None, ChangeKind.CANCELLED, "scheduled", "cancelled"),
            "L’édition est annulée",
        ),
    ],
)
def test_each_change_reads_as_a_french_sentence(change, sentence):
    assert changelog.sentence(change) == sentence


def version(number: int, *changes: ProgrammeChange) -> Version:
    return Version("2025", number, f"2026-12-0{number}T10:00:00+01:00", changes, "0" * 16)


MOVE = ProgrammeChange(
    "ateliers-1",
    SLOT,
    ChangeKind.MOVED,
    "2025-07-04T09:30:00+02:00/2025-07-04T11:00:00+02:00",
    "2025-07-04T10:00:00+02:00/2025-07-04T11:30:00+02:00",
)


def test_a_calendar_event_tells_its_latest_change_with_its_version():
    cancel = ProgrammeChange("ateliers-1", SLOT, ChangeKind.CANCELLED, "scheduled", "cancelled")
    notes = changelog.latest_notes((version(1, MOVE), version(2, cancel)))
    assert notes == {"ateliers-1": f"Modifié le 2 décembre 2026 (version 2) : {SLOT} : annulé."}


def test_previous_start_is_the_start_before_the_latest_move():
    later = ProgrammeChange(
        "ateliers-1",
        SLOT,
        ChangeKind.MOVED,
        "2025-07-04T10:00:00+02:00/2025-07-04T11:30:00+02:00",
        "2025-07-04T10:30:00+02:00/2025-07-04T12:00:00+02:00",
    )
    start = changelog.previous_start((version(1, MOVE), version(2, later)), "ateliers-1")
    assert start is not None and start.isoformat() == "2025-07-04T10:00:00+02:00"
    longer = ProgrammeChange(
        "pleniere",
        "Plénière",
        ChangeKind.MOVED,
        "2025-07-04T11:30:00+02:00/2025-07-04T13:00:00+02:00",
        "2025-07-04T11:30:00+02:00/2025-07-04T13:30:00+02:00",
    )
    assert changelog.previous_start((version(1, longer),), "pleniere") is None  # same start


def test_a_slot_moved_and_retitled_in_one_version_tells_both():
    retitle = ProgrammeChange(
        "ateliers-1", "Ateliers B to B", ChangeKind.RETITLED, SLOT, "Ateliers B to B"
    )
    notes = changelog.latest_notes((version(1, MOVE, retitle),))
    assert notes["ateliers-1"] == (
        f"Modifié le 1er décembre 2026 (version 1) : {SLOT} : déplacé de 9h30 à 10h00 ;"
        f" « {SLOT} » s’intitule désormais « Ateliers B to B »."
    )
