"""robots.txt and sitemap.xml as crawlers read them: the standard library's robots parser,
and the sitemaps.org protocol's schema (lxml)."""

from __future__ import annotations

import urllib.robotparser
from datetime import datetime

import pytest
from lxml import etree

from aictdata.build import build_site
from aictdata.load import load_catalog
from tests.conftest import EDITIONS, FIXTURES

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


def sitemap_rows(catalog) -> list[tuple[str, datetime]]:
    """Every page with the date of its data, as the README lays them out: the index, each
    edition's folder then its slots' pages (its own `updated`), the legal pages (the
    latest `updated`, like the index); then the same in English, under en/."""
    base = catalog.series.base_url
    latest = max(edition.updated for edition in catalog.editions)
    rows = []
    for folder in ("", "en/"):
        rows.append((base + folder, latest))
        for edition in catalog.editions:
            rows.append((f"{base}{folder}{edition.id}/", edition.updated))
            rows += [
                (f"{base}{folder}{edition.id}/sessions/{s.id}.html", edition.updated)
                for s in edition.sessions
            ]
        rows += [(f"{base}{folder}{page}", latest) for page in LEGAL_PAGES]
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


def test_sitemap_lists_every_page_with_the_date_its_data_changed(built_site, catalog):
    root = etree.parse(str(built_site / "sitemap.xml")).getroot()
    rows = [
        (url.findtext(f"{SITEMAP}loc"), datetime.fromisoformat(url.findtext(f"{SITEMAP}lastmod")))
        for url in root.iter(f"{SITEMAP}url")
    ]
    assert rows == sitemap_rows(catalog)


def test_each_page_of_the_sitemap_has_its_own_edition_date(tmp_path):
    catalog = load_catalog(FIXTURES / "datapackage")
    dates = [e.updated for e in catalog.editions]
    assert len(set(dates)) == len(dates), "the fixture's editions must differ in `updated`"
    assert all(e.sessions for e in catalog.editions), "the fixture's editions must have slots"
    build_site(catalog, tmp_path / "site", only=["crawlers"])
    root = etree.parse(str(tmp_path / "site" / "sitemap.xml")).getroot()
    lastmods = {
        url.findtext(f"{SITEMAP}loc"): datetime.fromisoformat(url.findtext(f"{SITEMAP}lastmod"))
        for url in root.iter(f"{SITEMAP}url")
    }
    assert lastmods == dict(sitemap_rows(catalog))
