"""One edition of the Rencontres, as its file editions/<year>.yaml describes it.

The edition holds its registration, editorial, formats, source document, venue and slots,
and checks the rules that span them at once: its dates, what each programme stage needs
(`stage_needs`), every slot against its dates and time zone, and, given the series, that
every organisation it names is declared. Local times are read in the edition's zone.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from aictdata.i18n import _
from aictdata.model.organisations import Contact, Organisation, Participation
from aictdata.model.scalars import (
    FILE_NAME_PATTERN,
    REGISTRATION_MODE_PATTERN,
    Hashtag,
    HttpUrl,
    Line,
    Slug,
)
from aictdata.model.series import Series, unknown_references
from aictdata.model.slots import DEFAULT_TIMEZONE, Session, session_problems
from aictdata.model.strict import Strict, duplicates, raise_if_any
from aictdata.model.texts import TextLine, TextParagraphs
from aictdata.model.venue import Venue
from aictdata.model.vocabularies import FormatKind, ProgrammeStage, Status


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
        problems += duplicates(self.sessions, "sessions")
        problems += duplicates(self.organisations, "organisations")
        for index, session in enumerate(self.sessions):
            problems += session_problems(self, index, session, zone)
            session._zone = zone
        series = (info.context or {}).get("series") if info else None
        if isinstance(series, Series):
            known = {o.id for o in (*series.organisations, *self.organisations)}
            problems += unknown_references(self, known)
        raise_if_any(problems, "Edition")
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

    @cached_property
    def json_digest(self) -> str:
        """The SHA-256 of the edition's JSON (`model_dump_json`), remembered: what tells
        that an edition's content changed (`memory.state.edition_contents`). Made where
        the edition is read, so it is kept with it among the parsed editions
        (`source.parsed`) and a rebuild does not dump every edition again (0.08 s at
        10,000 slots). A copy with other values forgets it (`Strict.model_copy`)."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


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
