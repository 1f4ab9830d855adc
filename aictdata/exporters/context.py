"""The exporters' side of the contract with the build: what a caller of `build_site` may
choose (`BuildOptions`), and what every exporter receives (`BuildContext`, every field
set by the build).

It lives here, with the exporters, so that an exporter imports nothing of the build:
`aictdata.build.site` runs the exporters and hands them a `BuildContext`, never the reverse
(tests/test_import_layers.py fails if an exporter module imports aictdata.build).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from aictdata.words.outputs import LANGUAGES

if TYPE_CHECKING:
    from aictdata.memory.state import CalendarState


@dataclass(frozen=True)
class BuildOptions:
    """What a caller of `build_site` may choose; the build fills in the rest."""

    editions_dir: Path | None = None
    """The editions folder, where the organisers' logo files are (editions/logos/)."""
    validate: bool = False
    """Validate the data package with frictionless before it is published."""
    calendar_state: CalendarState | None = None
    """The memory a build without a memory file starts from (a test's, a preview's); none:
    a first publication, every SEQUENCE at 0."""
    today: date | None = None
    """The day the site is built for; none: `timeline.reference_day` of the catalog."""


@dataclass(frozen=True)
class BuildContext:
    """What every exporter receives besides the catalog and the site: all of it set by
    `build_site`, so no exporter has a fallback of its own."""

    calendar_state: CalendarState
    """SEQUENCE and LAST-MODIFIED of every slot, advanced to this catalog."""
    today: date
    """The day the site is built for: what is past, current or upcoming."""
    editions_dir: Path | None
    validate: bool
    languages: tuple[str, ...] = LANGUAGES
    """The languages whose files this exporter writes in this process: all of them, but
    for an exporter split by language between the build's two processes (`Exporter.split`)."""
    kept: frozenset[str] = frozenset()
    """Editions whose own files (`layout.edition_folders`) the build has already linked
    from the previous site, since nothing they are made of changed: an exporter writes
    none of them, and still counts these editions in the series-wide files."""
    fingerprints: Mapping[str, str] = field(default_factory=dict)
    """Each edition's fingerprint (`build.fingerprints`), by id; none in a partial build.
    What an exporter may key the parts it keeps between builds by
    (`datapackage.parts`)."""
