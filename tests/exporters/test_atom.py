"""The Atom feeds as a feed reader reads them (feedparser): entries newest first by
instant, whatever the offsets their dates are written with."""

from __future__ import annotations

import feedparser

from aictdata.build import build_site
from aictdata.calendar_state import ChangeKind, ProgrammeChange, Version, advance
from aictdata.exporters.context import BuildContext
from aictdata.load import load_catalog
from tests.conftest import EDITIONS

CANCEL = ProgrammeChange("cloture", "Clôture", ChangeKind.CANCELLED, "scheduled", "cancelled")


def test_the_series_feed_orders_versions_by_instant_not_by_their_text(tmp_path):
    catalog = load_catalog(EDITIONS)
    later = Version("2024", 1, "2027-07-01T09:00:00+00:00", (CANCEL,), "0" * 16)  # 09:00Z
    earlier = Version("2025", 1, "2027-07-01T10:30:00+02:00", (CANCEL,), "1" * 16)  # 08:30Z
    state = advance(None, catalog)
    state = type(state)(state.slots, state.editions, (later, earlier))
    site = tmp_path / "site"
    build_site(catalog, site, context=BuildContext(calendar_state=state), only=["atom"])
    parsed = feedparser.parse((site / "changes.atom").read_bytes())
    assert not parsed.bozo
    assert [e.id for e in parsed.entries] == [
        "tag:raict.org,2027-07-01:programme/2024/1",
        "tag:raict.org,2027-07-01:programme/2025/1",
    ]
