"""robots.txt and sitemap.xml as crawlers read them: the standard library's robots parser,
and the sitemaps.org protocol's schema (lxml)."""

from __future__ import annotations

import pickle
import urllib.robotparser
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from aictdata.build.site import build_site
from aictdata.exporters.crawlers import PARTS_FOLDER
from aictdata.source.load import load_catalog
from benchmarks.generate import DEFAULT_SEED, edition_document
from tests.conftest import EDITIONS, FIXTURES, edit
from tests.exporters.test_datapackage_parts import write

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(EDITIONS)


def page_urls(catalog) -> list[str]:
    """The published address of every page: the site's address, then each edition's
    folder; then the same in English, under en/."""
    french = [catalog.series.base_url, *(f"{e.id}/" for e in catalog.editions)]
    base = catalog.series.base_url
    return [
        french[0],
        *(base + p for p in french[1:]),
        *(f"{base}en/{p}" for p in ["", *french[1:]]),
    ]


LEGAL_PAGES = ("mentions-legales.html", "accessibilite.html", "donnees-personnelles.html")


def sitemap_rows(catalog) -> list[tuple[str, datetime | None]]:
    """Every page with the date of its data, as the docs lay them out: the index (no date:
    it shows a few facts of every edition), each edition's folder then its slots' pages
    (its own `updated`), the legal pages (no date, like the index); then the same in
    English, under en/."""
    base = catalog.series.base_url
    rows: list[tuple[str, datetime | None]] = []
    for folder in ("", "en/"):
        rows.append((base + folder, None))
        for edition in catalog.editions:
            rows.append((f"{base}{folder}{edition.id}/", edition.updated))
            rows += [
                (f"{base}{folder}{edition.id}/sessions/{s.id}.html", edition.updated)
                for s in edition.sessions
            ]
        rows += [(f"{base}{folder}{page}", None) for page in LEGAL_PAGES]
    return rows


def test_robots_lets_every_crawler_in_and_names_the_sitemap(built_site, catalog):
    robots = urllib.robotparser.RobotFileParser()
    robots.parse((built_site / "robots.txt").read_text(encoding="utf-8").splitlines())
    for url in page_urls(catalog):
        assert robots.can_fetch("*", url)
        assert robots.can_fetch("Googlebot", url)
    assert robots.site_maps() == [catalog.series.base_url + "sitemap.xml"]


def test_sitemap_is_valid_against_the_protocol_schema(built_site):
    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "sitemaps" / "sitemap.xsd")))
    document = etree.parse(str(built_site / "sitemap.xml"))
    assert schema.validate(document), schema.error_log


def lastmods(sitemap: Path) -> dict[str, datetime | None]:
    root = etree.parse(str(sitemap)).getroot()
    return {
        url.findtext(f"{SITEMAP}loc"): (
            datetime.fromisoformat(url.findtext(f"{SITEMAP}lastmod"))
            if url.find(f"{SITEMAP}lastmod") is not None
            else None
        )
        for url in root.iter(f"{SITEMAP}url")
    }


def test_sitemap_lists_every_page_with_the_date_its_data_changed(built_site, catalog):
    assert list(lastmods(built_site / "sitemap.xml").items()) == sitemap_rows(catalog)


def test_the_index_lastmod_never_moves_when_its_bytes_do_not(make_series, tmp_path):
    folder = make_series()
    build_site(load_catalog(folder), tmp_path / "before")
    edit(
        folder / "2030.yaml",
        ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-01-09T00:00:00+01:00"),
    )
    build_site(load_catalog(folder), tmp_path / "after")
    for index in ("index.html", "en/index.html"):
        assert (tmp_path / "before" / index).read_bytes() == (
            tmp_path / "after" / index
        ).read_bytes()
    before, after = (lastmods(tmp_path / s / "sitemap.xml") for s in ("before", "after"))
    base = load_catalog(folder).series.base_url
    for page in (base, base + "en/"):
        assert before[page] == after[page] is None


def test_each_page_of_the_sitemap_has_its_own_edition_date(tmp_path):
    catalog = load_catalog(FIXTURES / "datapackage")
    dates = [e.updated for e in catalog.editions]
    assert len(set(dates)) == len(dates), "the fixture's editions must differ in `updated`"
    assert all(e.sessions for e in catalog.editions), "the fixture's editions must have slots"
    build_site(catalog, tmp_path / "site", only=["crawlers"])
    assert lastmods(tmp_path / "site" / "sitemap.xml") == dict(sitemap_rows(catalog))


def test_a_rebuild_takes_the_unchanged_editions_rows_from_the_cache(tmp_path, monkeypatch):
    """The sitemap is series-wide: a rebuild writes it whole, with the rows an unchanged
    edition had, kept under its fingerprint (altered in the cache, the change shows), and
    those of a changed edition made again; without the alteration, a full build's bytes."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kept = tmp_path / "cache" / "aictdata" / PARTS_FOLDER
    documents = [edition_document(index, 4, DEFAULT_SEED) for index in range(2)]
    memory = tmp_path / "calendar-state.json"

    def build() -> tuple[str, str]:
        catalog = load_catalog(write(tmp_path / "editions", documents))
        build_site(catalog, tmp_path / "site", parallel=False, state_file=memory)
        full = tmp_path / "full"
        build_site(
            catalog, full, parallel=False, reuse=False, state_file=memory, record_state=False
        )
        return tuple((s / "sitemap.xml").read_text("utf-8") for s in (tmp_path / "site", full))

    build()
    assert len(list(kept.iterdir())) == 4  # two editions, two languages
    unchanged = documents[1]["id"]
    for entry in kept.iterdir():
        rows = pickle.loads(entry.read_bytes())
        if f"/{unchanged}/" in rows:
            entry.write_bytes(pickle.dumps(rows.replace("<loc>", "<loc>altered:", 1)))
    documents[0]["sessions"][0]["title"] += " (nouveau titre)"
    documents[0]["updated"] = "2030-01-01 10:00:00+01:00"
    site, full = build()
    assert site.count("altered:") == 2 and "altered:" not in full
    assert site.replace("altered:", "") == full
    assert len(list(kept.iterdir())) == 6  # the changed edition's rows, made again
    assert "2030-01-01T10:00:00+01:00" in full
