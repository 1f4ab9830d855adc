"""French labels of the model's vocabularies and their codes in outside vocabularies.

The labels are marked `F_()`: `outputs.Words` gives them in English.

Shared by every exporter so that a kind of slot or a status reads the same in a feed,
a CSV file and a page, and maps the same way to schema.org and OpenAgenda.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from aictdata.model.vocabularies import (
    FormatKind,
    ProgrammeStage,
    Role,
    SessionKind,
    SocialNetwork,
    Status,
    TransportMode,
)
from aictdata.words.outputs import F_

SESSION_KIND_LABELS: dict[SessionKind, str] = {
    SessionKind.WELCOME: F_("Accueil"),
    SessionKind.OPENING: F_("Ouverture"),
    SessionKind.WORKSHOPS: F_("Ateliers, réunions régionales et B2B"),
    SessionKind.COFFEE_BREAK: F_("Pause café"),
    SessionKind.PLENARY: F_("Conférence plénière"),
    SessionKind.LUNCH: F_("Déjeuner"),
    SessionKind.CAFES: F_("Cafés des Rencontres"),
    SessionKind.COUNTRY_HONOUR: F_("Plénière de mise à l’honneur d’un pays"),
    SessionKind.CLOSING: F_("Clôture"),
    SessionKind.OTHER: F_("Autre"),
}

SESSION_FAMILIES: dict[str, tuple[SessionKind, ...]] = {
    "plenieres": (
        SessionKind.OPENING,
        SessionKind.PLENARY,
        SessionKind.COUNTRY_HONOUR,
        SessionKind.CLOSING,
    ),
    "ateliers": (SessionKind.WORKSHOPS,),
    "rendez-vous": (SessionKind.CAFES,),
}
"""The parts of a programme a participant follows on its own, each a feed of its own
(`layout.edition_family_calendar`): the keys are published paths, never renamed.
Welcomes, breaks, meals and other slots belong to no family: they make no sense alone,
and the whole edition's feed has them."""

SESSION_FAMILY_LABELS: dict[str, str] = {
    "plenieres": F_("Plénières et temps officiels"),
    "ateliers": F_("Ateliers et réunions"),
    "rendez-vous": F_("Cafés des Rencontres et rendez-vous B2B"),
}


def edition_parts(
    families: Iterable[str | None], days: Iterable[date]
) -> tuple[list[str], list[date]]:
    """The feeds of part of an edition that exist, from the family and the day of each of
    its slots, removed ones included: a family or a day with at least one. A feed with no
    event would not be a valid iCalendar object (RFC 5545 wants a component); once a slot
    is published its feed stays, since a removed slot stays in it, cancelled."""
    present = set(families)
    return [family for family in SESSION_FAMILIES if family in present], sorted(set(days))


def session_family(kind: SessionKind) -> str | None:
    """The family of a slot of `kind` (`SESSION_FAMILIES`), None for a break or a meal."""
    for family, kinds in SESSION_FAMILIES.items():
        if kind in kinds:
            return family
    return None


STATUS_LABELS: dict[Status, str] = {
    Status.SCHEDULED: F_("Programmé"),
    Status.RESCHEDULED: F_("Reprogrammé"),
    Status.POSTPONED: F_("Reporté"),
    Status.MOVED_ONLINE: F_("En ligne"),
    Status.FULL: F_("Complet"),
    Status.CANCELLED: F_("Annulé"),
}

SCHEMA_ORG_STATUS: dict[Status, str] = {
    Status.SCHEDULED: "https://schema.org/EventScheduled",
    Status.RESCHEDULED: "https://schema.org/EventRescheduled",
    Status.POSTPONED: "https://schema.org/EventPostponed",
    Status.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
    Status.FULL: "https://schema.org/EventScheduled",
    Status.CANCELLED: "https://schema.org/EventCancelled",
}
"""schema.org has no "full": a full event still takes place as scheduled."""

OPENAGENDA_STATUS: dict[Status, int] = {
    Status.SCHEDULED: 1,
    Status.RESCHEDULED: 2,
    Status.MOVED_ONLINE: 3,
    Status.POSTPONED: 4,
    Status.FULL: 5,
    Status.CANCELLED: 6,
}
"""OpenAgenda's event status codes (1 programmé ... 6 annulé)."""

ICALENDAR_STATUS: dict[Status, str] = {
    Status.SCHEDULED: "CONFIRMED",
    Status.RESCHEDULED: "CONFIRMED",
    Status.POSTPONED: "TENTATIVE",
    Status.MOVED_ONLINE: "CONFIRMED",
    Status.FULL: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
}

TRANSPORT_LABELS: dict[TransportMode, str] = {
    TransportMode.METRO: F_("Métro"),
    TransportMode.RER: F_("RER"),
    TransportMode.BUS: F_("Bus"),
    TransportMode.TRAM: F_("Tramway"),
    TransportMode.TRAIN: F_("Train"),
    TransportMode.CAR: F_("Voiture"),
    TransportMode.PARKING: F_("Parking public"),
    TransportMode.BIKE: F_("Vélo"),
    TransportMode.WALK: F_("À pied"),
}

ROLE_LABELS: dict[Role, str] = {
    Role.ORGANIZER: F_("Organisateur"),
    Role.PARTNER: F_("Partenaire"),
    Role.SUPPORTER: F_("Avec le concours de"),
    Role.FUNDER: F_("Financeur"),
}

FORMAT_LABELS: dict[FormatKind, str] = {
    FormatKind.PLENARY_CONFERENCE: F_("Conférence plénière"),
    FormatKind.WORKSHOPS: F_("Ateliers"),
    FormatKind.REGIONAL_MEETINGS: F_("Réunions régionales"),
    FormatKind.CAFES: F_("Cafés des Rencontres"),
    FormatKind.PARTNERS_AREA: F_("Espace des partenaires"),
    FormatKind.OTHER: F_("Autre"),
}

SOCIAL_NETWORK_LABELS: dict[SocialNetwork, str] = {
    SocialNetwork.TWITTER: "X (Twitter)",
    SocialNetwork.LINKEDIN: "LinkedIn",
    SocialNetwork.FACEBOOK: "Facebook",
    SocialNetwork.INSTAGRAM: "Instagram",
    SocialNetwork.YOUTUBE: "YouTube",
    SocialNetwork.MASTODON: "Mastodon",
    SocialNetwork.BLUESKY: "Bluesky",
}

REGISTRATION_MODE_LABELS: dict[str, str] = {
    "online": F_("en ligne"),
    "onsite": F_("sur place"),
    "email": F_("par courriel"),
}
"""How one registers (`Registration.mode`), as it reads after « inscriptions »."""

PROGRAMME_STAGE_LABELS: dict[ProgrammeStage, str] = {
    ProgrammeStage.ANNOUNCED: F_("Édition annoncée"),
    ProgrammeStage.PRE_PROGRAMME: F_("Pré-programme"),
    ProgrammeStage.PROGRAMME: F_("Programme"),
}
