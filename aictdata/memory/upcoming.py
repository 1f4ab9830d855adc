"""What the next published build would change for participants (`aictdata changes`).

The calendar memory (calendar_state) already knows how to take the next step: `advance`
is pure, so the memory of the last published build is advanced in memory only, and the
programme versions it would record are worded as the pages and feeds word them
(changelog.sentence). Nothing is written: the organiser looks before publishing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aictdata.memory.changes import sentence
from aictdata.memory.state import advance, state_path
from aictdata.memory.store import read_state
from aictdata.model.catalog import Catalog


@dataclass(frozen=True)
class EditionChanges:
    """What participants of one edition would see change, in plain French sentences."""

    edition: str
    slots: int
    """How many slots change (an edition's own change, its dates, counts none)."""
    sentences: tuple[str, ...]


def upcoming_changes(catalog: Catalog, editions_dir: Path) -> list[EditionChanges]:
    """Per edition, in the catalog's order, the changes the next published build would
    publish; an edition with none has an empty `sentences`."""
    previous = read_state(state_path(editions_dir))
    current = advance(previous, catalog)
    published = set(previous.versions) if previous else set()
    found = []
    for edition in catalog.editions:
        changes = [
            change
            for version in current.versions_of(edition.id)
            if version not in published
            for change in version.changes
        ]
        slots = len({change.session for change in changes if change.session is not None})
        found.append(
            EditionChanges(edition.id, slots, tuple(sentence(change) for change in changes))
        )
    return found
