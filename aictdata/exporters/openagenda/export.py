"""site/data/openagenda.json: every slot as an OpenAgenda event body (see
aictdata.exporters.openagenda.events).

Aggregators that read OpenAgenda-shaped events take the programme from this file without
the API; `aictdata publish openagenda` sends the same bodies. Written from the data and the
calendar memory only (no clock), in a fixed order, so two builds are byte-identical; and
written as the events come, so that the whole file is never in memory (100,000 slots).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aictdata.exporters.openagenda.events import (
    document_lines,
    document_places,
    entry_line,
    events_by_edition,
)
from aictdata.model.catalog import Catalog
from aictdata.output import caches, layout

if TYPE_CHECKING:
    from collections.abc import Iterator

    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter

_BATCH = 500
"""Pieces of text joined before each write: fewer calls, and still a small buffer."""

PARTS_FOLDER = "openagenda-parts"
"""The cache folder of each edition's lines, under its fingerprint."""


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write data/openagenda.json; removed slots come from the calendar memory, cancelled."""
    lines = _event_lines(catalog, context)
    pieces = document_lines(catalog.series.id, document_places(catalog), lines)
    with site.stream(layout.DATA_OPENAGENDA) as write:
        batch: list[str] = []
        for piece in pieces:
            batch.append(piece)
            if len(batch) == _BATCH:
                write("".join(batch).encode())
                batch.clear()
        write("".join(batch).encode())


def _event_lines(catalog: Catalog, context: BuildContext) -> Iterator[str]:
    """Each edition's events as lines, edition by edition. The file is series-wide, so a
    rebuild writes it whole; an edition whose fingerprint is unchanged
    (`build.fingerprints`: its data, its slots' records in the memory, the code) has the
    lines it had, kept in the cache, and its events are not made again (0.27 of the 0.29 s
    of this file in a one-slot rebuild of 10,000 slots)."""
    state = context.calendar_state
    for edition, events in events_by_edition(catalog, state):
        fingerprint = context.fingerprints.get(edition.id)
        if fingerprint is None:  # a partial or full build: nothing kept, nothing taken
            yield from map(entry_line, events)
            continue
        kept = caches.recall(PARTS_FOLDER, "lines", (fingerprint,), ())
        if isinstance(kept, list):
            yield from kept
            continue
        made = [entry_line(event) for event in events]
        caches.keep(PARTS_FOLDER, "lines", (fingerprint,), (), made)
        yield from made
