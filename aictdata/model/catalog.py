"""The validated whole: the series and all its editions, what every exporter reads.

The model knows nothing of files or output formats: `aictdata.source.load` reads and
validates the YAML files into a `Catalog`, and the exporters only read it.
"""

from __future__ import annotations

from collections.abc import Iterator

from aictdata.i18n import _
from aictdata.model.edition import Edition
from aictdata.model.organisations import Contact, Organisation, Participation
from aictdata.model.series import Series
from aictdata.model.slots import Session
from aictdata.model.strict import Strict


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
