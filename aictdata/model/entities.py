"""The data model of the Rencontres de l'AICT: a series, its editions and their programme.

The model knows nothing of files or output formats. It is strict so that a typo in an
organiser's YAML cannot pass silently: unknown fields are errors, identifiers are slugs,
local times are checked against the edition's time zone (a time that does not exist or
exists twice at a DST change is refused) and cross-field rules are checked at once, every
error reported with the path of the field it concerns.

`Series` is what every edition shares (editions/series.yaml); `Edition` is one edition's
file; `Catalog` is the validated whole that the exporters read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from aictdata.i18n import _
from aictdata.model.scalars import (
    COUNTRY_PATTERN,
    DOMAIN_PATTERN,
    FILE_NAME_PATTERN,
    LANGUAGE_PATTERN,
    REGISTRATION_MODE_PATTERN,
    TRANSIT_LINE_PATTERN,
    Email,
    Hashtag,
    HttpUrl,
    Line,
    LocalTime,
    Phone,
    PostalCode,
    Slug,
)
from aictdata.model.texts import TextLine, TextParagraphs

DEFAULT_TIMEZONE = "Europe/Paris"


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


# --- vocabularies -------------------------------------------------------------------


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


# --- shared building blocks ---------------------------------------------------------


class Address(Strict):
    street: Line = Field(description="Street address: « 9bis, avenue d'Iéna ».")
    postal_code: PostalCode
    locality: Line = Field(description="Town or city: « Paris ».")
    country: Annotated[str, Field(pattern=COUNTRY_PATTERN)] = Field(
        "FR", description="ISO 3166-1 alpha-2 country code."
    )


class Website(Strict):
    label: TextLine = Field(description="How the document names the site.")
    url: HttpUrl


class SocialAccount(Strict):
    network: SocialNetwork
    url: HttpUrl
    handle: Line | None = Field(None, description="Account name as displayed, e.g. @CitesUniesFR.")


class Contact(Strict):
    """Who to contact, and for what."""

    organisation: Slug = Field(
        description="Id of an organisation declared in the series or edition."
    )
    purpose: TextLine | None = Field(None, description="What to contact them about.")
    phone: Phone | None = None
    email: Email | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if self.phone is None and self.email is None:
            raise ValueError(_("a contact needs a phone or an e-mail"))
        return self


LOGOS_DIR = "logos"
"""The folder of the organisers' logo files, beside the data: editions/logos/."""
LOGO_PATTERN = r"^[A-Za-z0-9._-]+\.(png|svg|jpg|jpeg|webp)$"


class Logo(Strict):
    """An organisation's logo, as the organiser's own file in editions/logos/ (never
    fetched, never drawn): shown in the partners block with its alternative text."""

    file: Annotated[str, Field(pattern=LOGO_PATTERN)] = Field(
        description="File name in editions/logos/: « platforma.png »."
    )
    alt: TextLine = Field(
        description="What the logo says, for those who cannot see it: « PLATFORMA »."
    )


class Organisation(Strict):
    id: Slug
    name: Line
    short_name: Line | None = None
    description: TextParagraphs | None = Field(
        None, description="What the document says of it, e.g. its co-funding statement."
    )
    url: HttpUrl | None = None
    email: Email | None = None
    phone: Phone | None = None
    funders: tuple[Slug, ...] = Field((), description="Ids of organisations that fund it.")
    social: tuple[SocialAccount, ...] = ()
    logo: Logo | None = None


class Participation(Strict):
    """An organisation's role in an edition (or in every edition, when declared in the series)."""

    organisation: Slug
    role: Role
    label: TextLine | None = Field(
        None, description="How the document words it: « Avec le concours de »."
    )


class Host(Strict):
    """Who hosts the published site (LCEN art. 6: name, address, telephone)."""

    name: Line
    address: Address | None = None
    phone: Phone | None = None


class Publication(Strict):
    """What the « Mentions légales » page states of who publishes the site. The documents
    name the publisher (Cités Unies France, its contact); what they do not give is left
    out, and `aictdata validate` warns, located here, until the organiser completes it
    (`load.publication_gaps`); the page says what is yet to be completed."""

    publisher: Slug = Field(description="Id of the organisation that publishes the site.")
    address: Address | None = Field(None, description="The publisher's postal address.")
    director: Line | None = Field(None, description="Directeur ou directrice de la publication.")
    host: Host | None = Field(None, description="Who hosts the site.")


PUBLICATION_FIELDS = ("address", "director", "host")
"""The facts of `Publication` that the legal pages need and the documents do not give."""


# --- the series (editions/series.yaml) ------------------------------------------------


class Series(Strict):
    """What every edition shares: written once, in editions/series.yaml."""

    id: Slug
    name: TextLine = Field(description="Full name of the series of events.")
    short_name: Line
    description: TextParagraphs | None = None
    uid_domain: Annotated[str, Field(pattern=DOMAIN_PATTERN)] = Field(
        description="Domain used in calendar UIDs. Never change it: published UIDs would change."
    )
    base_url: HttpUrl = Field(
        description="Where the built site is published (absolute links in feeds and markup)."
    )
    language: Annotated[str, Field(pattern=LANGUAGE_PATTERN)] = "fr"
    organisations: tuple[Organisation, ...]
    participations: tuple[Participation, ...] = Field(
        (), description="Roles that hold for every edition (the organiser, recurring supporters)."
    )
    contacts: tuple[Contact, ...] = ()
    websites: tuple[Website, ...] = ()
    publication: Publication | None = Field(
        None, description="Who publishes and hosts the site, for the « Mentions légales »."
    )

    @model_validator(mode="after")
    def _references(self) -> Series:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        problems += _duplicates(self.organisations, "organisations")
        known = {o.id for o in self.organisations}
        problems += _unknown_references(self, known)
        _raise_if_any(problems, "Series")
        return self

    def organisation(self, organisation_id: str) -> Organisation:
        return {o.id: o for o in self.organisations}[organisation_id]


# --- an edition (editions/<year>.yaml) ----------------------------------------------------


class Stop(Strict):
    name: Line = Field(description="Station or stop: « Porte Maillot - Palais des Congrès ».")
    exit: Line | None = Field(None, description="Exit to take: « 3 Bd André Maurois ».")
    walk_minutes: Annotated[int, Field(ge=0, le=120)] | None = Field(
        None, description="Walking time from the stop to the venue, in minutes."
    )


MAX_LINES = 100
"""Transit lines of one access: the data tables join them in one cell, which a workbook
cell must hold whole (32,767 characters; 100 lines of 10 are 1,099)."""


class Access(Strict):
    """One way to reach the venue, as the document gives it."""

    id: Slug
    mode: TransportMode
    lines: tuple[Annotated[str, Field(pattern=TRANSIT_LINE_PATTERN)], ...] = Field(
        (),
        max_length=MAX_LINES,
        description='Line numbers or letters, as text: ["1"], ["73", "82"], ["C"].',
    )
    stops: tuple[Stop, ...] = ()
    name: Line | None = Field(None, description="Name of a car park or station of interest.")
    address: Address | None = None
    directions: TextParagraphs | None = Field(
        None, description="Directions in the document's words."
    )

    @model_validator(mode="after")
    def _says_something(self) -> Access:
        if not (self.lines or self.stops or self.name or self.directions):
            raise ValueError(_("an access needs lines, stops, a name or directions"))
        return self


class Venue(Strict):
    id: Slug
    name: Line
    address: Address
    url: HttpUrl | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = Field(
        None, description="Only if known from a source: never guessed."
    )
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    access: tuple[Access, ...] = ()

    @model_validator(mode="after")
    def _both_coordinates(self) -> Venue:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError(_("give both latitude and longitude, or neither"))
        _raise_if_any(_duplicates(self.access, "access"), "Venue")
        return self


class Registration(Strict):
    opens: date = Field(description="Day registration opens (« Ouverture des inscriptions »).")
    mode: Annotated[str, Field(pattern=REGISTRATION_MODE_PATTERN)] = "online"
    url: HttpUrl | None = None


class Editorial(Strict):
    """The president's foreword of the pre-programme."""

    label: TextLine | None = Field(
        None, description="Heading in the document: « éditorial pré-programme »."
    )
    author: Line
    author_titles: tuple[TextLine, ...] = ()
    heading: TextLine | None = None
    paragraphs: tuple[TextParagraphs, ...] = Field(min_length=1)


class Format(Strict):
    """A kind of activity the edition offers (plenary conference, workshops, ...)."""

    kind: FormatKind
    label: TextLine
    description: TextLine | None = None


class Source(Strict):
    """The document the edition's data is transcribed from."""

    title: Line
    file: Annotated[str, Field(pattern=FILE_NAME_PATTERN)] | None = None
    url: HttpUrl | None = None


def _one_or_many(value: object) -> object:
    """`language: fr` is how an organiser writes one language: accept it as [fr]."""
    return (value,) if isinstance(value, str) else value


class Session(Strict):
    """A slot of the programme: a welcome, a workshop block, a break, a plenary..."""

    id: Slug = Field(description="Unique within the edition; part of the slot's calendar UID.")
    date: date
    start: LocalTime
    end: LocalTime
    title: TextLine
    kind: SessionKind
    status: Status = Status.SCHEDULED
    place: TextLine | None = Field(None, description="Where in the venue, when the document says.")
    description: TextParagraphs | None = None
    room: Line | None = None
    speakers: tuple[Line, ...] = ()
    language: Annotated[
        tuple[Annotated[str, Field(pattern=LANGUAGE_PATTERN)], ...],
        BeforeValidator(_one_or_many),
    ] = Field(
        (),
        description=(
            "ISO 639-1 code of the language the slot is held in (fr), or a list when it is"
            " interpreted ([fr, en]); only when the documents say it, never guessed."
        ),
    )

    _zone: ZoneInfo = PrivateAttr(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))

    # Remembered once computed (every exporter reads them, several times per slot); only
    # read once the edition has given the slot its zone, at the end of its validation.
    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def starts_at(self) -> datetime:
        """Aware start time in the edition's zone."""
        return datetime.combine(self.date, self.start, tzinfo=self._zone)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def ends_at(self) -> datetime:
        """Aware end time in the edition's zone."""
        return datetime.combine(self.date, self.end, tzinfo=self._zone)


def _edition_id(value: object) -> object:
    """`id: 2025` is how an organiser writes a year: accept it as the text "2025"."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Edition(Strict):
    """One edition of the Rencontres, as its programme document describes it."""

    model_config = ConfigDict(json_schema_extra={"title": "Edition of the Rencontres de l'AICT"})

    id: Annotated[Slug, BeforeValidator(_edition_id)] = Field(
        description='The year, as text: "2025". Used in paths (site/2025/) and UIDs.'
    )
    number: Annotated[int, Field(ge=1)] = Field(description="Ordinal: 16 for the 16th edition.")
    title: TextLine
    theme: TextLine | None = Field(None, description="Required once a (pre-)programme exists.")
    status: Status = Status.SCHEDULED
    programme_stage: ProgrammeStage
    start_date: date
    end_date: date
    timezone: str = Field(DEFAULT_TIMEZONE, description="IANA time zone of every local time.")
    updated: datetime = Field(
        description="When this file was last revised; without an offset, in the edition's"
        " zone. The build dates the changes it publishes itself."
    )
    source: Source | None = Field(None, description="Required once a (pre-)programme exists.")
    venue: Venue | None = Field(None, description="Required once a (pre-)programme exists.")
    registration: Registration | None = None
    hashtag: Hashtag | None = None
    organisations: tuple[Organisation, ...] = Field(
        (), description="Organisations that appear only in this edition."
    )
    participations: tuple[Participation, ...] = Field(
        (), description="Roles in this edition, added to the series' own."
    )
    contacts: tuple[Contact, ...] | None = Field(
        None, description="Replaces the series' contacts when given."
    )
    editorial: Editorial | None = None
    formats: tuple[Format, ...] = ()
    highlights: tuple[TextLine, ...] = Field((), description="Special moments of the edition.")
    sessions: tuple[Session, ...] = Field(
        (), description="The slots: none while announced, at least one after."
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        # "localtime" names the machine's own zone: the site would depend on who builds it.
        unknown = _("unknown IANA time zone {name} (e.g. Europe/Paris)").format(
            name=repr(value[:60])
        )
        if value in ("localtime", "posixrules"):
            raise ValueError(unknown)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: name too long
            raise ValueError(unknown) from None
        return value

    @field_validator("updated")
    @classmethod
    def _in_the_editions_zone(cls, value: datetime, info: ValidationInfo) -> datetime:
        """A time written without offset (`2026-12-05 10:30`) is the edition's local time,
        as every other time of the file: nobody works out whether Paris is at +01:00."""
        if value.tzinfo is None:
            zone = info.data.get("timezone", DEFAULT_TIMEZONE)
            return value.replace(tzinfo=ZoneInfo(zone))
        return value

    @model_validator(mode="after")
    def _cross_field_rules(self, info: ValidationInfo) -> Edition:
        zone = ZoneInfo(self.timezone)
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if self.end_date < self.start_date:
            message = _("must not be before start_date ({date})").format(date=self.start_date)
            problems.append((("end_date",), message))
        problems += _span_problems(self)
        problems += _stage_problems(self)
        if self.registration and self.registration.opens >= self.start_date:
            problems.append(
                (
                    ("registration", "opens"),
                    _("must be before the edition starts ({date})").format(date=self.start_date),
                )
            )
        problems += _duplicates(self.sessions, "sessions")
        problems += _duplicates(self.organisations, "organisations")
        for index, session in enumerate(self.sessions):
            problems += _session_problems(self, index, session, zone)
            session._zone = zone
        series = (info.context or {}).get("series") if info else None
        if isinstance(series, Series):
            known = {o.id for o in (*series.organisations, *self.organisations)}
            problems += _unknown_references(self, known)
        _raise_if_any(problems, "Edition")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def days(self) -> tuple[date, ...]:
        count = (self.end_date - self.start_date).days + 1
        return tuple(self.start_date + timedelta(days=n) for n in range(count))

    def sessions_on(self, day: date) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.date == day)


YEARS = range(1900, 3000)
"""Dates an edition may have: far wider than any real one, and far enough from year 1 and
9999 that no offset or local time can overflow Python's dates (`updated` in 9999 at
-10:00 is in year 10000 in UTC)."""
MAX_EDITION_DAYS = 366
"""A conference lasts a few days, and a test series may spread over a year: an end_date
centuries away would make every per-day output (the pages, the ICS time zones) grow with
the span, not with the data."""


def _span_problems(edition: Edition) -> list[tuple[tuple[str | int, ...], str]]:
    """Dates within YEARS, and an edition no longer than MAX_EDITION_DAYS."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for field in ("start_date", "end_date", "updated"):
        if getattr(edition, field).year not in YEARS:
            message = _("the year must be between {first} and {last}")
            problems.append(((field,), message.format(first=YEARS[0], last=YEARS[-1])))
    if (edition.end_date - edition.start_date).days >= MAX_EDITION_DAYS:
        message = _("an edition lasts at most {days} days: is end_date right?")
        problems.append((("end_date",), message.format(days=MAX_EDITION_DAYS)))
    return problems


STAGE_FIELDS = ("theme", "venue", "source")
"""Optional while an edition is only announced, required from its pre-programme on."""


def stage_needs(field: str, stage: str) -> str:
    """The message for a field the programme stage requires (the model and the loader)."""
    return _(
        "required field {field} is missing: a {stage} needs it"
        " (an announced edition may leave it out)"
    ).format(field=repr(field), stage=stage)


def _stage_problems(edition: Edition) -> list[tuple[tuple[str | int, ...], str]]:
    """What each programme stage needs: an announced edition has no slot yet; a
    pre-programme or a programme has its slots, theme, venue and source document."""
    stage = edition.programme_stage
    if stage is ProgrammeStage.ANNOUNCED:
        if edition.sessions:
            return [
                (
                    ("sessions",),
                    _(
                        "an announced edition has no slot yet: set programme_stage to"
                        " pre-programme once its first slots are known"
                    ),
                )
            ]
        return []
    needed = [
        ((), stage_needs(field, stage.value))
        for field in STAGE_FIELDS
        if getattr(edition, field) is None
    ]
    if not edition.sessions:
        needed.append(
            (
                ("sessions",),
                _("a {stage} needs at least one slot (or set programme_stage to announced)").format(
                    stage=stage.value
                ),
            )
        )
    return needed


def _session_problems(
    edition: Edition, index: int, session: Session, zone: ZoneInfo
) -> list[tuple[tuple[str | int, ...], str]]:
    where: tuple[str | int, ...] = ("sessions", index)
    problems = []
    for field in ("start", "end"):
        problem = _local_time_problem(session.date, getattr(session, field), zone)
        if problem:
            problems.append(((*where, field), problem))
    if session.end <= session.start:
        problems.append(((*where, "end"), end_before_start(session.start, session.end)))
    if not edition.start_date <= session.date <= edition.end_date:
        problems.append(
            ((*where, "date"), outside_edition(session.date, edition.start_date, edition.end_date))
        )
    return problems


def end_before_start(start: time, end: time) -> str:
    """The message of a slot that does not end after it starts (also checked, with the
    same words, where the rest of the file is not valid yet: load._slot_rule_gaps)."""
    return _("must be after start ({end} <= {start})").format(
        end=f"{end:%H:%M}", start=f"{start:%H:%M}"
    )


def outside_edition(day: date, start: date, end: date) -> str:
    return _("{date} is outside the edition ({start} to {end})").format(
        date=day, start=start, end=end
    )


def _local_time_problem(day: date, wall: time, zone: ZoneInfo) -> str | None:
    """Refuse wall-clock times that a DST change skips or repeats in `zone`."""
    first = datetime.combine(day, wall, tzinfo=zone)
    second = first.replace(fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    round_trip = first.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != first.replace(tzinfo=None):
        return _("{day} {time} does not exist in {zone} (clocks go forward)").format(
            day=day, time=f"{wall:%H:%M}", zone=zone.key
        )
    return _("{day} {time} happens twice in {zone} (clocks go back): ambiguous").format(
        day=day, time=f"{wall:%H:%M}", zone=zone.key
    )


def _duplicates(items: tuple[Any, ...], field: str) -> list[tuple[tuple[str | int, ...], str]]:
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items):
        if item.id in seen:
            problems.append(
                (
                    (field, index, "id"),
                    _("duplicate id {id} (already {first})").format(
                        id=repr(item.id), first=f"{field}[{seen[item.id]}]"
                    ),
                )
            )
        seen.setdefault(item.id, index)
    return problems


def _unknown_references(
    holder: Series | Edition, known: set[str]
) -> list[tuple[tuple[str | int, ...], str]]:
    problems = []

    def check(loc: tuple[str | int, ...], ref: str) -> None:
        if ref not in known:
            problems.append(
                (
                    loc,
                    _("unknown organisation {id} (known: {known})").format(
                        id=repr(ref), known=", ".join(sorted(known))
                    ),
                )
            )

    for index, participation in enumerate(holder.participations):
        check(("participations", index, "organisation"), participation.organisation)
    for index, contact in enumerate(holder.contacts or ()):
        check(("contacts", index, "organisation"), contact.organisation)
    if isinstance(holder, Series) and holder.publication is not None:
        check(("publication", "publisher"), holder.publication.publisher)
    for index, organisation in enumerate(holder.organisations):
        for position, funder in enumerate(organisation.funders):
            check(("organisations", index, "funders", position), funder)
    return problems


def _raise_if_any(problems: list[tuple[tuple[str | int, ...], str]], title: str) -> None:
    if problems:
        raise ValidationError.from_exception_data(
            title,
            [
                InitErrorDetails(type=PydanticCustomError("rule", message), loc=loc, input=None)
                for loc, message in problems
            ],
        )


# --- the validated whole ----------------------------------------------------------


class Catalog(Strict):
    """The series and all its editions, oldest first: what every exporter reads."""

    series: Series
    editions: tuple[Edition, ...]

    def edition(self, edition_id: str) -> Edition:
        for edition in self.editions:
            if edition.id == edition_id:
                return edition
        known = ", ".join(e.id for e in self.editions)
        raise KeyError(
            _("no edition {id} (known: {known})").format(id=repr(edition_id), known=known)
        )

    def organisation(self, organisation_id: str, edition: Edition | None = None) -> Organisation:
        pool = (*self.series.organisations, *(edition.organisations if edition else ()))
        for organisation in pool:
            if organisation.id == organisation_id:
                return organisation
        raise KeyError(organisation_id)

    def participations(self, edition: Edition) -> tuple[Participation, ...]:
        """The series' roles followed by the edition's own."""
        return (*self.series.participations, *edition.participations)

    def contacts(self, edition: Edition) -> tuple[Contact, ...]:
        return edition.contacts if edition.contacts is not None else self.series.contacts

    def organisations_of(self, edition: Edition) -> tuple[Organisation, ...]:
        """Every organisation that plays a role in the edition, in order of first mention."""
        seen: dict[str, Organisation] = {}
        for participation in self.participations(edition):
            seen.setdefault(
                participation.organisation, self.organisation(participation.organisation, edition)
            )
        for contact in self.contacts(edition):
            seen.setdefault(contact.organisation, self.organisation(contact.organisation, edition))
        for organisation in list(seen.values()):
            for funder in organisation.funders:
                seen.setdefault(funder, self.organisation(funder, edition))
        return tuple(seen.values())

    def sessions(self) -> Iterator[tuple[Edition, Session]]:
        for edition in self.editions:
            for session in edition.sessions:
                yield edition, session
