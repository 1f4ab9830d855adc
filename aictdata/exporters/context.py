"""What an exporter receives besides the catalog and the site: the exporters' side of the
contract with the build.

It lives here, with the exporters, so that an exporter imports nothing of the build:
`aictdata.build.site` runs the exporters and hands them a `BuildContext`, never the reverse
(tests/test_exporter_imports.py fails if an exporter module imports aictdata.build.site).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aictdata.memory.state import CalendarState


@dataclass(frozen=True)
class BuildContext:
    """What exporters may know of the build besides the catalog."""

    editions_dir: Path | None = None
    validate: bool = False
    calendar_state: CalendarState | None = None
    """SEQUENCE and LAST-MODIFIED of every slot, advanced to this catalog by `build_site`."""
    today: date | None = None
    """The day the site is built for (`timeline.reference_day`), set by `build_site`:
    what is past, current or upcoming."""
