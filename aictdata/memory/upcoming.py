"""What the next published build would change for participants (`aictdata changes`).

The calendar memory (calendar_state) already knows how to take the next step: `advance`
is pure, so the memory of the last published build is advanced in memory only, and the
programme versions it would record are worded as the pages and feeds word them
(changelog.sentence). Nothing is written: the organiser looks before publishing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aictdata.errors import Problem
from aictdata.i18n import _
from aictdata.memory.changes import sentence
from aictdata.memory.state import CalendarState, advance, first_numbers, state_path
from aictdata.memory.store import read_state
from aictdata.model.catalog import Catalog
from aictdata.output.layout import session_number, session_uid
from aictdata.source.located_yaml import read_yaml


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


def schedule_id_notes(
    catalog: Catalog,
    editions_dir: Path,
    previous: CalendarState | None,
    current: CalendarState | None,
) -> list[Problem]:
    """Each slot the next build publishes for the first time whose own schedule id
    (`layout.session_number`, a hash of its UID) is already another slot's, located at its
    `id` in its edition file: a note for `validate`, not an error, since the build gives it
    the next free id, records it in the memory and keeps it from then on. `previous` is
    the memory, `current` what the next build advances it to (`advance`); with no memory
    yet, `current` may be None: the ids a first build gives are then worked out alone
    (`first_numbers`)."""
    known = previous.numbers if previous else {}
    numbers = current.numbers if current is not None else first_numbers(catalog)
    given = {uid: number for uid, number in numbers.items() if uid not in known}
    if not given:
        return []
    holders: dict[int, tuple[str, str]]
    if current is not None:
        holders = {
            current.number_of(uid): (record.edition, record.session)
            for uid, record in current.slots.items()
            if uid not in given
        }
    else:  # a first build: every other slot keeps its own id
        holders = {
            session_number(uid): (edition.id, session.id)
            for edition in catalog.editions
            for session in edition.sessions
            if (uid := session_uid(catalog.series, edition, session)) not in given
        }
    notes = []
    for edition in catalog.editions:
        arriving = {
            session.id: session_uid(catalog.series, edition, session)
            for session in edition.sessions
            if session_uid(catalog.series, edition, session) in given
        }
        if not arriving:
            continue
        located = read_yaml(editions_dir / f"{edition.id}.yaml")
        data = located.data if isinstance(located.data, dict) else {}
        raw = data.get("sessions")
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            uid = arriving.get(item.get("id")) if isinstance(item, dict) else None
            if uid is None:
                continue
            own = session_number(uid)
            edition_id, session_id = holders.get(own, ("?", "?"))
            message = _(
                "the schedule id {own} of this slot is already that of slot {other} ({edition}):"
                " the build gives it {number}, and keeps it"
            ).format(own=own, other=session_id, edition=edition_id, number=given[uid])
            notes.append(located.problem(("sessions", index, "id"), message))
    return notes
