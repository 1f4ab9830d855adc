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
    document_events,
    document_places,
    document_text,
)
from aictdata.model.catalog import Catalog
from aictdata.output import layout

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter

_BATCH = 500
"""Pieces of text joined before each write: fewer calls, and still a small buffer."""


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write data/openagenda.json; removed slots come from the calendar memory, cancelled."""
    events = document_events(catalog, context.calendar_state)
    pieces = document_text(catalog.series.id, document_places(catalog), events)
    with site.stream(layout.DATA_OPENAGENDA) as write:
        batch: list[str] = []
        for piece in pieces:
            batch.append(piece)
            if len(batch) == _BATCH:
                write("".join(batch).encode())
                batch.clear()
        write("".join(batch).encode())
