"""The Atom feeds' bytes as independent parsers read them (expat, feedparser): change
sentences built from the organiser's texts stay well-formed XML, and the English feeds
are feeds of their own (own `id`, own `rel="self"`), not copies of the French ones."""

from __future__ import annotations

import xml.parsers.expat
from pathlib import Path

import feedparser

from aictdata.build.site import build_site
from aictdata.exporters.context import BuildOptions
from aictdata.memory.state import ChangeKind, ProgrammeChange, Version, advance
from aictdata.source.load import load_catalog
from tests.conftest import ROOT

BILINGUAL = ROOT / "tests" / "fixtures" / "bilingual"
HOSTILE_TITLE = "Ateliers <b>Europe</b> & « Afrique »"
HOSTILE_PLACE = "Salle <A> & B"
CHANGES = (
    ProgrammeChange("cloture", "Clôture", ChangeKind.RETITLED, "Clôture & fin", HOSTILE_TITLE),
    ProgrammeChange("cloture", HOSTILE_TITLE, ChangeKind.RELOCATED, "Salle 1", HOSTILE_PLACE),
    ProgrammeChange(
        "cloture",
        HOSTILE_TITLE,
        ChangeKind.MOVED,
        "2030-03-31T16:00:00+02:00/2030-03-31T17:00:00+02:00",
        "2030-03-31T16:30:00+02:00/2030-03-31T17:30:00+02:00",
    ),
)


def built_feeds(tmp_path: Path, changes: tuple[ProgrammeChange, ...] = CHANGES) -> Path:
    """The Atom feeds of the bilingual fixture with one version made of `changes`."""
    catalog = load_catalog(BILINGUAL)
    version = Version("2030", 1, "2030-02-01T10:00:00+01:00", changes, "3" * 16)
    state = advance(None, catalog)
    state = type(state)(state.slots, state.editions, (version,))
    site = tmp_path / "site"
    build_site(catalog, site, options=BuildOptions(calendar_state=state), only=["atom"])
    return site


def expat_parses(data: bytes) -> None:
    """Raise xml.parsers.expat.ExpatError unless `data` is well-formed XML."""
    xml.parsers.expat.ParserCreate().Parse(data, True)


def test_change_sentences_with_ampersands_and_brackets_keep_the_feeds_well_formed(tmp_path):
    site = built_feeds(tmp_path)
    for path in ("2030/changes.atom", "changes.atom", "en/2030/changes.atom", "en/changes.atom"):
        data = (site / path).read_bytes()
        expat_parses(data)
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.bozo_exception)
        (entry,) = parsed.entries
        content = entry.content[0].value.replace("\xa0", " ")  # French spacing
        # The organiser's text reads back as written, never as markup.
        assert "&lt;b&gt;Europe&lt;/b&gt; &amp; « Afrique »" in content, path
        assert "Salle &lt;A&gt; &amp; B" in content, path
        assert "<b>" not in content, path


def test_the_english_feeds_have_their_own_id_and_self_link(tmp_path):
    site = built_feeds(tmp_path)
    for path, address in (
        ("2030/changes.atom", "https://example.org/2030/changes.atom"),
        ("changes.atom", "https://example.org/changes.atom"),
    ):
        french = feedparser.parse((site / path).read_bytes()).feed
        english = feedparser.parse((site / "en" / path).read_bytes()).feed
        english_address = address.replace("example.org/", "example.org/en/")
        assert (french.id, english.id) == (address, english_address)
        french_self = [link.href for link in french.links if link.rel == "self"]
        english_self = [link.href for link in english.links if link.rel == "self"]
        assert (french_self, english_self) == ([address], [english_address])


def test_each_feed_names_the_series_organisers_as_authors_and_links_its_page(tmp_path):
    """RFC 4287 4.1.1: a feed has an author (here the organisers only, not the series'
    supporters); an edition's feed links to that edition's changes, the series' feed to
    the index, each in its language."""
    site = built_feeds(tmp_path)
    for path, title, page in (
        (
            "2030/changes.atom",
            "Modifications du programme – Test 2030",
            "https://example.org/2030/#modifications",
        ),
        ("changes.atom", "Modifications des programmes – Test", "https://example.org/"),
        ("en/2030/changes.atom", None, "https://example.org/en/2030/#modifications"),
    ):
        feed = feedparser.parse((site / path).read_bytes()).feed
        assert feed.authors == [{"name": "Organisation de test", "email": "contact@example.org"}]
        assert [link.href for link in feed.links if link.rel == "alternate"] == [page], path
        if title is not None:
            assert feed.title == title, path
