"""site/data/openagenda.json: every slot as an OpenAgenda event body (see
aictdata.exporters.openagenda.events).

Aggregators that read OpenAgenda-shaped events take the programme from this file without
the API; `aictdata publish openagenda` sends the same bodies. Written from the data and the
calendar memory only (no clock), in a fixed order, so two builds are byte-identical.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aictdata.exporters.openagenda.events import build_document, dumps
from aictdata.model.catalog import Catalog
from aictdata.output import layout

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write data/openagenda.json; removed slots come from the calendar memory, cancelled."""
    state = context.calendar_state
    site.write_text(layout.DATA_OPENAGENDA, dumps(build_document(catalog, state)))
