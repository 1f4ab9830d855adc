"""A feed's header (VCALENDAR and its properties) is written line by line by the exporter:
the same bytes as icalendar's `Calendar.to_ical` for the same properties, on hostile names
and descriptions, and a backslash that icalendar would get wrong read back as written."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, vText

from aictdata.exporters.ics import FOOTER, _header, _prodid
from aictdata.model.series import Series
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS


@cache
def series() -> Series:
    return load_catalog(EDITIONS).series


def icalendar_header(
    lang: str,
    name: str | None,
    description: str | None,
    timezone: str | None,
    url: str | None,
    source: str | None,
) -> bytes:
    """The header as icalendar 7 writes it, the properties given as the exporter gives them."""
    calendar = Calendar()
    calendar.add("prodid", _prodid(series(), lang))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name is not None:
        calendar.add("name", vText(name))
        calendar.add("x-wr-calname", vText(name))
    if description is not None:
        calendar.add("description", vText(description))
        calendar.add("x-wr-caldesc", vText(description))
    if timezone is not None:
        calendar.add("x-wr-timezone", timezone)
    if source is not None:
        calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT12H")
        calendar.add("source", source, parameters={"VALUE": "URI"})
    if url is not None:
        calendar.add("url", url)
    return calendar.to_ical().removesuffix(FOOTER)


# No backslash: icalendar 7.3 writes `\N` as the escape `\n` (see the last test).
HOSTILE = st.text(alphabet=st.sampled_from('abcdé€😀^;,:"\t·ǅ «»\n–'), max_size=300)
OPTIONAL = st.none() | HOSTILE


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    lang=st.sampled_from(["fr", "en"]),
    name=OPTIONAL,
    description=OPTIONAL,
    timezone=st.none() | st.sampled_from(["Europe/Paris", "America/Port-au-Prince"]),
    url=st.none() | st.just("https://example.org/2025/"),
    source=st.none() | st.just("https://example.org/2025/calendars/ateliers.ics"),
)
def test_the_header_is_icalendars_bytes(lang, name, description, timezone, url, source):
    written = _header(
        series(),
        lang=lang,
        name=name,
        description=description,
        timezone=timezone,
        url=url,
        source=source,
    )
    assert written == icalendar_header(lang, name, description, timezone, url, source)


@pytest.mark.parametrize("name", ["\\N", "C:\\Nouveau\\notes", "fin\\", "a\\,b\\;c"])
def test_a_backslash_in_a_feed_name_reads_back_as_written(name):
    """Where icalendar would write `\\N` as a line break, the header keeps the backslash:
    vobject reads the name and the description back as given."""
    text = (_header(series(), name=name, description=name) + FOOTER).decode()
    calendar = vobject.readOne(text)
    assert calendar.contents["name"][0].value == name
    assert calendar.contents["x-wr-caldesc"][0].value == name
