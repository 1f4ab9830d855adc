"""The Atom feeds as a feed reader reads them (feedparser): entries newest first by
instant, whatever the offsets their dates are written with."""

from __future__ import annotations

from pathlib import Path

import feedparser

from aictdata.build.site import build_site
from aictdata.exporters.context import BuildOptions
from aictdata.memory.state import ChangeKind, ProgrammeChange, Version, advance
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, ROOT

CANCEL = ProgrammeChange("cloture", "Clôture", ChangeKind.CANCELLED, "scheduled", "cancelled")


def test_the_series_feed_orders_versions_by_instant_not_by_their_text(tmp_path):
    catalog = load_catalog(EDITIONS)
    later = Version("2024", 1, "2027-07-01T09:00:00+00:00", (CANCEL,), "0" * 16)  # 09:00Z
    earlier = Version("2025", 1, "2027-07-01T10:30:00+02:00", (CANCEL,), "1" * 16)  # 08:30Z
    state = advance(None, catalog)
    state = type(state)(state.slots, state.editions, (later, earlier))
    site = tmp_path / "site"
    build_site(catalog, site, options=BuildOptions(calendar_state=state), only=["atom"])
    parsed = feedparser.parse((site / "changes.atom").read_bytes())
    assert not parsed.bozo
    assert [e.id for e in parsed.entries] == [
        "tag:raict.org,2027-07-01:programme/2024/1",
        "tag:raict.org,2027-07-01:programme/2025/1",
    ]


MOVE = ProgrammeChange(
    "cloture",
    "Clôture",
    ChangeKind.MOVED,
    "2030-03-31T16:00:00+02:00/2030-03-31T17:00:00+02:00",
    "2030-03-31T16:30:00+02:00/2030-03-31T17:30:00+02:00",
)


def bilingual_feeds(tmp_path: Path) -> Path:
    """The bilingual fixture's feeds with one version: a slot moved and one cancelled."""
    catalog = load_catalog(ROOT / "tests" / "fixtures" / "bilingual")
    version = Version("2030", 2, "2030-02-01T10:00:00+01:00", (MOVE, CANCEL), "2" * 16)
    state = advance(None, catalog)
    state = type(state)(state.slots, state.editions, (version,))
    site = tmp_path / "site"
    build_site(catalog, site, options=BuildOptions(calendar_state=state), only=["atom"])
    return site


def test_the_english_feed_words_the_same_versions_in_english(tmp_path):
    """en/<edition>/changes.atom: the versions of the French feed, in English (its own
    entry ids: the content differs), linking to the English page."""
    site = bilingual_feeds(tmp_path)
    french = feedparser.parse((site / "2030" / "changes.atom").read_bytes())
    english = feedparser.parse((site / "en" / "2030" / "changes.atom").read_bytes())
    assert not french.bozo and not english.bozo
    assert (french.feed.language, english.feed.language) == ("fr", "en")
    (fr_entry,) = french.entries
    (en_entry,) = english.entries
    assert fr_entry.id == "tag:example.org,2030-02-01:programme/2030/2"
    assert en_entry.id == "tag:example.org,2030-02-01:programme/2030/2/en"
    assert en_entry.title == "Programme 2030, version 2"
    assert en_entry.summary == "2 changes to the programme"
    assert fr_entry.summary == "2 modifications du programme"
    content = en_entry.content[0].value
    assert "Clôture: moved from 16:00 to 16:30." in content
    assert "Clôture: cancelled." in content
    assert "published on 1 February 2030" in content
    assert en_entry.link == "https://example.org/en/2030/#version-2"
    assert "Clôture : déplacé de 16h00 à 16h30" in fr_entry.content[0].value.replace("\xa0", " ")


def test_a_browser_shows_the_feed_as_a_page_that_explains_it(tmp_path):
    """The xml-stylesheet instruction names changes.xsl beside the site's root, in the
    feed's language; libxslt (Chromium's own XSLT engine) turns the feed into a page that
    says what a feed is and lists the versions; feedparser still reads a clean feed."""
    from lxml import etree, html

    site = bilingual_feeds(tmp_path)
    for path, stylesheet, lang in (
        ("2030/changes.atom", "../changes.xsl", "fr"),
        ("changes.atom", "changes.xsl", "fr"),
        ("en/2030/changes.atom", "../changes.xsl", "en"),
    ):
        feed_path = site / path
        document = etree.parse(str(feed_path))
        (instruction,) = [
            node
            for node in document.xpath("/processing-instruction()")
            if node.target == "xml-stylesheet"
        ]
        assert instruction.get("type") == "text/xsl" and instruction.get("href") == stylesheet
        transform = etree.XSLT(etree.parse(str((feed_path.parent / stylesheet).resolve())))
        page = html.fromstring(str(transform(document)))
        assert page.get("lang") == lang
        words = " ".join(page.text_content().replace("\xa0", " ").split())
        assert ("Ceci est un flux Atom." if lang == "fr" else "This is an Atom feed.") in words
        assert ("Programme 2030, version 2") in words
        assert feedparser.parse(feed_path.read_bytes()).bozo == 0
        links = page.xpath("//h2/a/@href")
        assert links == [f"https://example.org/{'en/' if lang == 'en' else ''}2030/#version-2"]
