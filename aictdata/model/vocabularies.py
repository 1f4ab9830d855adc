"""The closed vocabularies of the model: what a slot is, the status of an edition or
a slot, transport modes, roles, programme stages, formats, social networks.

They are plain value lists (StrEnum), shared by every part of the model and by the
exporters; their French and English labels live in `aictdata.words.vocabulary`.
"""

from __future__ import annotations

from enum import StrEnum


class SessionKind(StrEnum):
    """What a programme slot is; the French labels live in `aictdata.words.vocabulary`."""

    WELCOME = "welcome"
    OPENING = "opening"
    WORKSHOPS = "workshops"
    COFFEE_BREAK = "coffee-break"
    PLENARY = "plenary"
    LUNCH = "lunch"
    CAFES = "cafes"
    COUNTRY_HONOUR = "country-honour"
    CLOSING = "closing"
    OTHER = "other"


class Status(StrEnum):
    """Status of an edition or a slot (the schema.org / OpenAgenda vocabulary)."""

    SCHEDULED = "scheduled"
    RESCHEDULED = "rescheduled"
    POSTPONED = "postponed"
    MOVED_ONLINE = "moved-online"
    FULL = "full"
    CANCELLED = "cancelled"


class TransportMode(StrEnum):
    METRO = "metro"
    RER = "rer"
    BUS = "bus"
    TRAM = "tram"
    TRAIN = "train"
    CAR = "car"
    PARKING = "parking"
    BIKE = "bike"
    WALK = "walk"


class Role(StrEnum):
    """The part an organisation plays in an edition."""

    ORGANIZER = "organizer"
    PARTNER = "partner"
    SUPPORTER = "supporter"
    FUNDER = "funder"


class ProgrammeStage(StrEnum):
    """How final the published programme is: an edition is first announced (its dates,
    perhaps its venue and theme: a « save the date »), then has a pre-programme, then
    its programme."""

    ANNOUNCED = "announced"
    PRE_PROGRAMME = "pre-programme"
    PROGRAMME = "programme"


class FormatKind(StrEnum):
    PLENARY_CONFERENCE = "plenary-conference"
    WORKSHOPS = "workshops"
    REGIONAL_MEETINGS = "regional-meetings"
    CAFES = "cafes"
    PARTNERS_AREA = "partners-area"
    OTHER = "other"


class SocialNetwork(StrEnum):
    TWITTER = "twitter"
    LINKEDIN = "linkedin"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    YOUTUBE = "youtube"
    MASTODON = "mastodon"
    BLUESKY = "bluesky"
