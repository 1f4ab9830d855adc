"""Content lines at the fold limit: RFC 5545 3.1 allows 75 octets a line, and the
exporter folds exactly where icalendar's Contentline folds (its own writer, the
reference the feeds were checked against), octet by octet around the limit."""

from __future__ import annotations

import pytest
from icalendar import vCalAddress, vCategory
from icalendar.parser import Contentline

from aictdata.exporters.ics.events import organizer_line
from aictdata.exporters.ics.lines import categories
from aictdata.exporters.ics.lines import content_line as _content_line
from aictdata.words.outputs import LANGUAGES, words
from aictdata.words.vocabulary import SESSION_KIND_LABELS
from tests.conftest import EDITIONS
from tests.fresh import imported_by_build


@pytest.mark.parametrize("length", range(70, 81))
def test_a_line_around_75_octets_is_folded_as_icalendar_folds_it(length):
    line = "SUMMARY:" + "x" * (length - len("SUMMARY:"))
    assert len(line.encode()) == length
    written = _content_line(line)
    assert written == Contentline(line).to_ical() + b"\r\n"
    assert all(len(part) <= 75 for part in written.removesuffix(b"\r\n").split(b"\r\n"))


def icalendar_categories(label: str) -> bytes:
    return Contentline(f"CATEGORIES:{vCategory([label]).to_ical().decode()}").to_ical() + b"\r\n"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_kind_is_one_category_escaped_as_icalendar_escapes_it(lang):
    """The labels are fixed words (some with a comma, which must not split them)."""
    for label in SESSION_KIND_LABELS.values():
        written = words(lang)(label)
        assert categories(written) == icalendar_categories(written)
    assert categories("Ateliers, B2B; table ronde \\ x") == icalendar_categories(
        "Ateliers, B2B; table ronde \\ x"
    )


@pytest.mark.parametrize(
    "name",
    ["Cités Unies France", 'Le "Club", Paris: 2030', "Ville ; Région", "x" * 90 + " é"],
)
def test_the_organizer_line_is_icalendars(name):
    """Its name quoted as icalendar quotes a parameter (RFC 6868 for a double quote),
    the line folded as its Contentline folds it."""
    address = vCalAddress("mailto:contact@example.org")
    address.params["CN"] = name
    expected = Contentline.from_parts("ORGANIZER", address.params, address).to_ical() + b"\r\n"
    assert organizer_line(name, "contact@example.org") == expected


def test_the_next_build_writes_the_same_feeds_without_loading_icalendar(tmp_path):
    """The time zones and the organisers' lines are what icalendar writes, kept between
    builds (`output.caches.remembered`): a new process with the cache the first build
    filled writes the same feeds without importing icalendar."""

    def build(out: str) -> list[str]:
        return imported_by_build(
            EDITIONS, tmp_path / out, ["ics"], ["icalendar"], tmp_path / "cache"
        )

    assert build("first") == ["icalendar"]
    assert build("second") == []
    first, second = tmp_path / "first", tmp_path / "second"
    feeds = sorted(p.relative_to(first) for p in first.rglob("*.ics"))
    assert feeds and feeds == sorted(p.relative_to(second) for p in second.rglob("*.ics"))
    assert all((first / p).read_bytes() == (second / p).read_bytes() for p in feeds)
