"""Where an edition takes place: the venue, its address and the ways to reach it
(transit lines and their stops, car parks, directions), as the document gives them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from aictdata.i18n import _
from aictdata.model.organisations import Address
from aictdata.model.scalars import TRANSIT_LINE_PATTERN, HttpUrl, Line, Slug
from aictdata.model.strict import Strict, duplicates, raise_if_any
from aictdata.model.texts import TextParagraphs
from aictdata.model.vocabularies import TransportMode


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
        raise_if_any(duplicates(self.access, "access"), "Venue")
        return self
