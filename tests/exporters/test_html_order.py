"""The pages' order and identity: a day's programme in time order, whatever the order of
the ids or of the YAML, and each page's canonical URL its own published address.

The fixture's first day lists `accueil` (09:00), then `aa-soiree` (18:00), then
`zz-matin` (08:00): the time order (zz-matin, accueil, aa-soiree) is neither the file's
order nor the ids' order, so a page sorted by id or left in file order fails.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html

from aictdata.build.site import build_site
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS

EXTRA_SLOTS = """  - id: aa-soiree
    date: 2030-03-30
    start: "18:00"
    end: "19:00"
    title: Soirée
    kind: other
  - id: zz-matin
    date: 2030-03-30
    start: "08:00"
    end: "08:30"
    title: Café du matin
    kind: coffee-break
"""


def rows_of_day(page: Path, day: str) -> list[tuple[str, str]]:
    """(row id, start time) of each programme row whose time is on `day`, in page order."""
    tree = lxml.html.fromstring(page.read_bytes())
    rows = []
    for row in tree.xpath("//tr[starts-with(@id, 's-')]"):
        [start] = row.xpath("./td[@class='time']/time[1]/@datetime")
        if start.startswith(day):
            rows.append((row.get("id"), start))
    return rows


def test_a_days_rows_are_in_time_order_not_id_or_file_order(make_series, tmp_path):
    folder = make_series(("  - id: cloture\n", EXTRA_SLOTS + "  - id: cloture\n"))
    build_site(load_catalog(folder), tmp_path / "site", only=["html"])
    rows = rows_of_day(tmp_path / "site" / "2030" / "index.html", "2030-03-30")
    assert [row for row, _ in rows] == ["s-zz-matin", "s-accueil", "s-aa-soiree"]


def canonical_of(page: Path) -> str:
    tree = lxml.html.fromstring(page.read_bytes())
    [link] = tree.xpath("//head/link[@rel='canonical']/@href")
    return link


def published_url(base: str, site: Path, page: Path) -> str:
    """The address a page is published at: a folder's index.html is the folder's URL."""
    relative = page.relative_to(site).as_posix()
    return base + relative.removesuffix("index.html")


def test_each_page_is_its_own_canonical_url(built_site: Path):
    import yaml

    series = yaml.safe_load((EDITIONS / "series.yaml").read_text("utf-8"))
    base = series["base_url"]
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 3  # the index and one page per edition
    for page in pages:
        assert canonical_of(page) == published_url(base, built_site, page), page
