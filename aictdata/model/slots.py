"""A slot of the programme (`Session` in the code) and the rules a slot follows
within its edition: its times exist in the edition's time zone (a time that does not
exist or exists twice at a DST change is refused), it ends after it starts, and it falls
within the edition's dates.

The loader words its own checks with the same messages (`end_before_start`,
`outside_edition`), so the rules and their words live here, beside the slot.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cached_property
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, Field, PrivateAttr, computed_field

from aictdata.i18n import _
from aictdata.model.scalars import LANGUAGE_PATTERN, Line, LocalTime, Slug
from aictdata.model.strict import Strict
from aictdata.model.texts import TextLine, TextParagraphs
from aictdata.model.vocabularies import SessionKind, Status

if TYPE_CHECKING:
    from aictdata.model.edition import Edition


DEFAULT_TIMEZONE = "Europe/Paris"


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


def session_problems(
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
