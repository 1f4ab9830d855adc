"""What an edition's own files are made of, as one digest per edition, so that a rebuild
can tell the editions it need not make again.

Every file under an edition's folders (`layout.edition_folders`: its pages, feeds, one-slot
files, schedules, markup, card, Atom feed, in each language) is computed from: the code
and the libraries that write bytes, the series (its organisations, addresses, words), the
edition itself, what the calendar memory holds of it (its slots' records, its record, its
versions, its slots' schedule ids) and whether it is past, current or upcoming on the day
the site is built for. Two builds with the same digest write those files byte for byte
the same, so a rebuild links them from the site it replaces instead (`build.site`). The
series-wide files (the series feed, the data package, the index, the sitemap) are always
made again, the largest tables of the data package, OpenAgenda's events and the sitemap
from the parts of unchanged editions kept under these digests
(`exporters.datapackage.parts`, `exporters.openagenda.export`, `exporters.crawlers`).
`tests/output/test_previous.py` holds an incremental rebuild to the bytes of a full build
over random sequences of changes.
"""

from __future__ import annotations

import hashlib
from datetime import date

from aictdata.memory.state import CalendarState
from aictdata.model import timeline
from aictdata.model.catalog import Catalog
from aictdata.output.caches import code_digest

WRITERS = ("icalendar", "Jinja2", "MarkupSafe", "segno", "pillow", "babel", "tzdata")
"""The libraries whose versions can change the bytes of an edition's files."""


def edition_fingerprints(catalog: Catalog, state: CalendarState, today: date) -> dict[str, str]:
    """Each edition's digest, by edition id. `state` is the memory `advance` made of
    `catalog`: the edition and its series enter through the content digest it took of
    each (`CalendarState.settled`), not a second JSON dump of every edition, and what the
    memory holds of it through `CalendarState.held`, made only for the editions that
    `advance` did not skip."""
    code = hashlib.sha256(code_digest(WRITERS).encode())
    contents = state.settled
    held = state.held(edition.id for edition in catalog.editions)
    found = {}
    for edition in catalog.editions:
        digest = code.copy()
        digest.update(b"\0" + contents[edition.id].encode())
        digest.update(b"\0" + timeline.when(edition, today).value.encode())
        digest.update(b"\0" + held[edition.id].encode())
        found[edition.id] = digest.hexdigest()
    return found
