"""The writer every exporter goes through: nothing lands outside the site folder."""

from __future__ import annotations

import pytest

from aictdata.errors import BuildError
from aictdata.sitewriter import SiteWriter


@pytest.mark.parametrize(
    "path", ["/etc/passwd", "../outside.txt", "2030/../../outside.txt", "", "."]
)
def test_paths_outside_the_site_are_refused(tmp_path, path):
    root = tmp_path / "site"
    root.mkdir()
    with pytest.raises(BuildError, match="refusing to write outside the site"):
        SiteWriter(root).write(path, b"x")
    assert [p.name for p in tmp_path.rglob("*")] == ["site"]


def test_a_path_written_twice_is_refused(tmp_path):
    writer = SiteWriter(tmp_path)
    writer.write("2030/calendar.ics", b"first")
    with pytest.raises(BuildError, match=r"two exporters wrote 2030/calendar\.ics"):
        writer.write("2030/calendar.ics", b"second")
    assert (tmp_path / "2030" / "calendar.ics").read_bytes() == b"first"
