"""Who takes part, and how to reach them: organisations, their logos and social
accounts, their roles in an edition, contacts, and who publishes and hosts the site.

The series declares them once and an edition adds its own; the postal `Address` is here
as the first thing an organisation has, and the venue's access reuses it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from aictdata.i18n import _
from aictdata.model.scalars import COUNTRY_PATTERN, Email, HttpUrl, Line, Phone, PostalCode, Slug
from aictdata.model.strict import Strict
from aictdata.model.texts import TextLine, TextParagraphs
from aictdata.model.vocabularies import Role, SocialNetwork


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
