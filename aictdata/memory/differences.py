"""What differs between two calendar memories, fact by fact: what `aictdata validate`
warns of before a build (`pending_changes`), apart from the memory's own step forward
(`memory.state.advance`), which only needs to know that a slot changed, not what."""

from __future__ import annotations

from dataclasses import dataclass

from aictdata.memory.state import CalendarState, advance
from aictdata.model.catalog import Catalog

_FACT_NAMES = (
    "time",
    "time",
    "place",
    "title",
    "status",
    "removal",
    "title",
    "place",
    "details",
)


@dataclass(frozen=True)
class Change:
    """How one slot's record, or an edition's, differs between two states (for
    `aictdata validate`)."""

    uid: str
    """The slot's UID, or « edition 2025 »."""
    what: tuple[str, ...]
    """Either ("new",) or the facts that changed: time, place, title, status, removal,
    kind; for an edition: dates, status, or the programme version it makes."""
    sequence: int | None
    """SEQUENCE the slot has in the newer state (None for an edition)."""

    def __str__(self) -> str:
        after = f" (SEQUENCE {self.sequence})" if self.sequence is not None else ""
        return f"{self.uid}: {', '.join(self.what)}{after}"


def changes(previous: CalendarState | None, current: CalendarState) -> list[Change]:
    """Every slot whose record differs between `previous` and `current`, by UID."""
    old = previous.slots if previous else {}
    found = []
    for uid, record in current.slots.items():
        before = old.get(uid)
        if before == record:
            continue
        if before is None:
            what: tuple[str, ...] = ("new",)
        else:
            what = tuple(
                dict.fromkeys(
                    name
                    for name, a, b in zip(_FACT_NAMES, before.facts, record.facts, strict=True)
                    if a != b
                )
            ) or ("kind",)
        found.append(Change(uid, what, record.sequence))
    return found


def edition_changes(previous: CalendarState | None, current: CalendarState) -> list[Change]:
    """Every edition whose dates or status differ, and every programme version that
    `current` records and `previous` did not: what `changes` does not see when no slot's
    own record moves (a day added to an edition, an edition with no slot cancelled)."""
    found = []
    old_editions = previous.editions if previous else {}
    for edition_id, record in current.editions.items():
        was = old_editions.get(edition_id)
        if was != record:
            facts = (
                ("new",)
                if was is None
                else tuple(
                    name
                    for name, a, b in (
                        ("dates", was.dates, record.dates),
                        ("status", was.status, record.status),
                    )
                    if a != b
                )
            )
            found.append(Change(f"edition {edition_id}", facts, None))
    recorded = {(v.edition, v.number) for v in previous.versions} if previous else set()
    for version in current.versions:
        if (version.edition, version.number) not in recorded:
            found.append(
                Change(f"edition {version.edition}", (f"programme version {version.number}",), None)
            )
    return found


def pending_changes(
    previous: CalendarState | None, catalog: Catalog, current: CalendarState | None = None
) -> list[Change] | None:
    """What `aictdata build` would change in the memory `previous` for `catalog`, without
    writing anything; None when there is no memory yet. An empty list means the memory
    is up to date. `current`, when the caller has it, is `advance(previous, catalog)`."""
    if previous is None:
        return None
    current = current or advance(previous, catalog)
    return changes(previous, current) + edition_changes(previous, current)
