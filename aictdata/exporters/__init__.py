"""The registry of exporters: one per output format, looked up by name.

Each exporter module exposes `export(catalog, site, context)` and writes its files through
the `SiteWriter`. Modules are imported only when a build runs, so the CLI starts fast
(icalendar, frictionless and Jinja2 are not loaded by `aictdata validate`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.model.catalog import Catalog
    from aictdata.output.writer import SiteWriter

ExportFunction = Callable[["Catalog", "SiteWriter", "BuildContext"], None]


@dataclass(frozen=True)
class Exporter:
    name: str
    description: str
    module: str
    forked: bool = False
    """Runs in the build's second process when it forks (build.py): the exporters are split
    so that each side takes about the same time (BENCHMARKS.md has the measurements that
    chose the split). This flag is the one place that says which side an exporter is on."""
    whole: bool = False
    """Costs about as much in a rebuild that keeps unchanged editions as in a full build
    (series-wide files made whole): in a rebuild of a large catalog, the exporters so
    marked are the second process's own, and every other one but those marked `either`
    runs here, beside the links of the kept editions."""
    either: bool = False
    """Runs in whichever of the build's two processes is free first, once each has run
    the exporters that are its own (`build.site._run_exporters` hands them out through
    a pipe of claims): cheaper exporters whose share of the work moves with the catalog
    and the rebuild (the feeds are a fifth of a full build's work and an eighth of a
    one-slot rebuild's), so neither process waits for the other on a busy machine."""
    split: bool = False
    """Runs on both sides when the build forks, each writing the files of some languages
    (`BuildContext.languages`): the French ones here, the others in the second process.
    For the pages, whose cost is about the same in each language and larger than any
    other exporter's."""

    uses: tuple[str, ...] = ()
    """Modules that its module imports and another exporter's module imports too (Jinja2
    and the compiled templates, `output.compiled`, of the pages and of the data
    package's README): when the build forks with exporters that use one on both sides,
    it is imported once, before the fork (`build.site._run_exporters`), rather than by
    each process on its own (0.03 s that the second process of a rebuild spent before
    its first file)."""

    def load(self) -> ExportFunction:
        return importlib.import_module(self.module).export

    @property
    def imported(self) -> bool:
        """Whether this process has imported the exporter's module already."""
        return self.module in sys.modules


EXPORTERS: tuple[Exporter, ...] = (
    Exporter(
        "ics",
        "ICS feeds: all editions, each edition, each slot",
        "aictdata.exporters.ics",
        either=True,
    ),
    Exporter(
        "datapackage",
        "open data: Frictionless Data Package (CSV + Table Schemas + JSON) and its workbook",
        "aictdata.exporters.datapackage.package",
        forked=True,
        whole=True,
        uses=("aictdata.output.compiled",),
    ),
    Exporter("jsonld", "schema.org Event markup of each edition", "aictdata.exporters.jsonld"),
    Exporter(
        "schedule",
        "conference apps: frab / c3voc schedule.xml and schedule.json of each edition",
        "aictdata.exporters.schedule",
        forked=True,
    ),
    Exporter(
        "html",
        "public pages: index and one page per edition",
        "aictdata.exporters.html",
        split=True,
        uses=("aictdata.output.compiled",),
    ),
    Exporter(
        "images",
        "site icons and each page's social card (PNG)",
        "aictdata.exporters.images",
        either=True,
    ),
    Exporter(
        "openagenda",
        "the slots as OpenAgenda events (data/openagenda.json)",
        "aictdata.exporters.openagenda.export",
        either=True,
    ),
    Exporter("crawlers", "robots.txt and sitemap.xml", "aictdata.exporters.crawlers", either=True),
    Exporter(
        "atom", "Atom feeds of the programme versions", "aictdata.exporters.atom", either=True
    ),
)


class UnknownExporterError(KeyError):
    """Raised with the list of known exporters when a name matches none."""


def get(name: str) -> Exporter:
    for exporter in EXPORTERS:
        if exporter.name == name:
            return exporter
    known = ", ".join(e.name for e in EXPORTERS) or "none"
    raise UnknownExporterError(f"no exporter {name!r} (known: {known})")
