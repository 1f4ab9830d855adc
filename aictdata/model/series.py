"""The series: what every edition shares, written once in editions/series.yaml.

Apart from the edition, because an edition is checked against it: `unknown_references`
is the rule that every organisation a series or an edition names is declared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, model_validator

from aictdata.i18n import _
from aictdata.model.organisations import Contact, Organisation, Participation, Publication, Website
from aictdata.model.scalars import DOMAIN_PATTERN, LANGUAGE_PATTERN, HttpUrl, Line, Slug
from aictdata.model.strict import Strict, duplicates, raise_if_any
from aictdata.model.texts import TextLine, TextParagraphs

if TYPE_CHECKING:
    from aictdata.model.edition import Edition


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
        problems += duplicates(self.organisations, "organisations")
        known = {o.id for o in self.organisations}
        problems += unknown_references(self, known)
        raise_if_any(problems, "Series")
        return self

    def organisation(self, organisation_id: str) -> Organisation:
        return {o.id: o for o in self.organisations}[organisation_id]


def unknown_references(
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
