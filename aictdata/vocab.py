"""French labels of the model's vocabularies and their codes in outside vocabularies.

Shared by every exporter so that a kind of slot or a status reads the same in a feed,
a CSV file and a page, and maps the same way to schema.org and OpenAgenda.
"""

from __future__ import annotations

from aictdata.model import (
    FormatKind,
    ProgrammeStage,
    Role,
    SessionKind,
    SocialNetwork,
    Status,
    TransportMode,
)

SESSION_KIND_LABELS: dict[SessionKind, str] = {
    SessionKind.WELCOME: "Accueil",
    SessionKind.OPENING: "Ouverture",
    SessionKind.WORKSHOPS: "Ateliers, réunions régionales et B2B",
    SessionKind.COFFEE_BREAK: "Pause café",
    SessionKind.PLENARY: "Conférence plénière",
    SessionKind.LUNCH: "Déjeuner",
    SessionKind.CAFES: "Cafés des Rencontres",
    SessionKind.COUNTRY_HONOUR: "Plénière de mise à l’honneur d’un pays",
    SessionKind.CLOSING: "Clôture",
    SessionKind.OTHER: "Autre",
}

STATUS_LABELS: dict[Status, str] = {
    Status.SCHEDULED: "Programmé",
    Status.RESCHEDULED: "Reprogrammé",
    Status.POSTPONED: "Reporté",
    Status.MOVED_ONLINE: "En ligne",
    Status.FULL: "Complet",
    Status.CANCELLED: "Annulé",
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
    TransportMode.METRO: "Métro",
    TransportMode.RER: "RER",
    TransportMode.BUS: "Bus",
    TransportMode.TRAM: "Tramway",
    TransportMode.TRAIN: "Train",
    TransportMode.CAR: "Voiture",
    TransportMode.PARKING: "Parking public",
    TransportMode.BIKE: "Vélo",
    TransportMode.WALK: "À pied",
}

ROLE_LABELS: dict[Role, str] = {
    Role.ORGANIZER: "Organisateur",
    Role.PARTNER: "Partenaire",
    Role.SUPPORTER: "Avec le concours de",
    Role.FUNDER: "Financeur",
}

FORMAT_LABELS: dict[FormatKind, str] = {
    FormatKind.PLENARY_CONFERENCE: "Conférence plénière",
    FormatKind.WORKSHOPS: "Ateliers",
    FormatKind.REGIONAL_MEETINGS: "Réunions régionales",
    FormatKind.CAFES: "Cafés des Rencontres",
    FormatKind.PARTNERS_AREA: "Espace des partenaires",
    FormatKind.OTHER: "Autre",
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
    "online": "en ligne",
    "onsite": "sur place",
    "email": "par courriel",
}
"""How one registers (`Registration.mode`), as it reads after « inscriptions »."""

PROGRAMME_STAGE_LABELS: dict[ProgrammeStage, str] = {
    ProgrammeStage.ANNOUNCED: "Édition annoncée",
    ProgrammeStage.PRE_PROGRAMME: "Pré-programme",
    ProgrammeStage.PROGRAMME: "Programme",
}
