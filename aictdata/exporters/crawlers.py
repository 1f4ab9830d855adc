"""What search engines read before the pages: `robots.txt` and `sitemap.xml`.

`robots.txt` lets every crawler in and names the sitemap (by its absolute address, as
the robots exclusion protocol asks, RFC 9309); `sitemap.xml` (sitemaps.org 0.9) lists
every page (the index, the editions', the slots', the legal pages) with the date its data
last changed, the edition's `updated` (the latest for the pages of the whole site), so that a
crawler revisits a page when its programme changes and the bytes stay the same from one
build to the next. Both are only read at the root of a host: a site published under a
folder keeps them there, and the host's own robots.txt must name the sitemap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.series import Series
from aictdata.output import caches, layout
from aictdata.words import formatting, outputs

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
PARTS_FOLDER = "sitemap-parts"
"""The cache folder of each edition's rows (`caches.recall`), by fingerprint and language."""


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write robots.txt and sitemap.xml."""
    site.write_text(layout.ROBOTS, robots(catalog))
    site.write_text(layout.SITEMAP, sitemap(catalog, context.fingerprints))


def robots(catalog: Catalog) -> str:
    sitemap_url = layout.url(catalog.series, layout.SITEMAP)
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"


def sitemap(catalog: Catalog, fingerprints: Mapping[str, str] | None = None) -> str:
    """Every page in every language, the index first; an edition's page with its
    `lastmod`, the date its data last changed. The index has none: it shows a few facts of
    each edition, and the latest `updated` of all would move when none of those did,
    telling crawlers to fetch a page whose bytes are the same (a `lastmod` is optional;
    a wrong one teaches search engines to ignore the others). Each page names its other
    languages itself (`<link rel="alternate" hreflang>`), which search engines read as
    well as sitemap annotations.

    The file is series-wide, so a rebuild writes it whole; the rows of an edition whose
    `fingerprints` entry is unchanged (its data, the series, the code: `build.fingerprints`)
    are those the previous build kept in the cache, as OpenAgenda's lines are."""
    series = catalog.series
    rows = []
    for lang in outputs.LANGUAGES:
        pages = groupby(layout.all_pages(catalog.editions, lang), key=itemgetter(1))
        for edition, group in pages:
            paths = (path for path, _ in group)
            if edition is None:
                rows.append(_rows(series, paths, None))
                continue
            fingerprint = (fingerprints or {}).get(edition.id)
            kept = caches.recall(PARTS_FOLDER, lang, (fingerprint,), ()) if fingerprint else None
            if not isinstance(kept, str):
                kept = _rows(series, paths, edition)
                if fingerprint:
                    caches.keep(PARTS_FOLDER, lang, (fingerprint,), (), kept)
            rows.append(kept)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{SITEMAP_NAMESPACE}">\n' + "".join(rows) + "</urlset>\n"
    )


def _rows(series: Series, paths: Iterable[str], edition: Edition | None) -> str:
    """The `<url>` rows of `paths`, all showing the data of `edition` (None: the site's)."""
    updated = None if edition is None else edition.updated
    lastmod = f"<lastmod>{formatting.rfc3339(updated)}</lastmod>" if updated else ""
    return "".join(
        f"  <url><loc>{escape(layout.url(series, path), quote=False)}</loc>{lastmod}</url>\n"
        for path in paths
    )
