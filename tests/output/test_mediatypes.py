"""A file's type is read from its suffix as pathlib reads it (aictdata/output/mediatypes.py
reads it without making a path object): the same suffix for any path the site may hold
(plain names joined by « / », as `SiteWriter` accepts them)."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from aictdata.output.mediatypes import _suffix, media_type

NAMES = st.text(st.sampled_from("aB.é-x"), min_size=1, max_size=8).filter(
    lambda name: name not in (".", "..")
)
PATHS = st.lists(NAMES, min_size=1, max_size=3).map("/".join)


@given(PATHS)
def test_the_suffix_is_pathlibs(path):
    assert _suffix(path) == PurePosixPath(path).suffix.lower()


def test_types_of_the_site_files():
    assert media_type("2025/sessions/ouverture.ics") == "text/calendar; charset=utf-8"
    assert media_type("data/AICTDATA.XLSX") == media_type("data/aictdata.xlsx")
    assert media_type(".htaccess") == "application/octet-stream"
    assert media_type("data.d/readme") == "application/octet-stream"
