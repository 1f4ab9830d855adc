"""Past, current and upcoming editions, without giving up byte-identical builds.

Which edition is « the next one » depends on the day, and a build must not read the
clock (the same data must build the same bytes). The reference day is therefore
`SOURCE_DATE_EPOCH` when it is set (the reproducible-builds.org convention: a release
pipeline fixes it), and otherwise the latest `updated` of the catalog's editions: the
site says what was true when its data was last revised, and rebuilding it changes
nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import StrEnum

from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


class When(StrEnum):
    UPCOMING = "upcoming"
    CURRENT = "current"
    PAST = "past"


def reference_day(catalog: Catalog, environ: Mapping[str, str] = os.environ) -> date:
    """The day the site is built for: SOURCE_DATE_EPOCH's (UTC), else the data's latest
    revision day (in its own offset). A malformed SOURCE_DATE_EPOCH is ignored, as the
    convention asks of tools that cannot use it."""
    epoch = environ.get(SOURCE_DATE_EPOCH, "").strip()
    if epoch.isascii() and epoch.isdigit():
        try:
            return datetime.fromtimestamp(int(epoch), UTC).date()
        except (OverflowError, OSError, ValueError):
            pass
    latest = max((edition.updated for edition in catalog.editions), default=None)
    return latest.date() if latest else date(1970, 1, 1)


def when(edition: Edition, day: date) -> When:
    if edition.end_date < day:
        return When.PAST
    if edition.start_date > day:
        return When.UPCOMING
    return When.CURRENT


def in_index_order(editions: tuple[Edition, ...], day: date) -> list[Edition]:
    """The next edition first (the current one, else the soonest upcoming), then the
    other upcoming ones by date, then the past ones, newest first."""
    ahead = sorted(
        (e for e in editions if when(e, day) is not When.PAST),
        key=lambda e: (when(e, day) is not When.CURRENT, e.start_date, e.id),
    )
    behind = sorted(
        (e for e in editions if when(e, day) is When.PAST),
        key=lambda e: (e.start_date, e.id),
        reverse=True,
    )
    return ahead + behind
