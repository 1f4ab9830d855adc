"""Content lines at the fold limit: RFC 5545 3.1 allows 75 octets a line, and the
exporter folds exactly where icalendar's Contentline folds (its own writer, the
reference the feeds were checked against), octet by octet around the limit."""

from __future__ import annotations

import pytest
from icalendar.parser import Contentline

from aictdata.exporters.ics.lines import content_line as _content_line


@pytest.mark.parametrize("length", range(70, 81))
def test_a_line_around_75_octets_is_folded_as_icalendar_folds_it(length):
    line = "SUMMARY:" + "x" * (length - len("SUMMARY:"))
    assert len(line.encode()) == length
    written = _content_line(line)
    assert written == Contentline(line).to_ical() + b"\r\n"
    assert all(len(part) <= 75 for part in written.removesuffix(b"\r\n").split(b"\r\n"))
