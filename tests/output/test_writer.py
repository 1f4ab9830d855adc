"""The writer every exporter goes through: nothing lands outside the site folder."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aictdata.errors import BuildError
from aictdata.output.previous import PreviousSite
from aictdata.output.writer import NotAsBuilt, SiteWriter, _refuse_outside

OUTSIDE = [
    "/etc/passwd",
    "../outside.txt",
    "2030/../../outside.txt",
    "",
    ".",
    "a/./b",
    "a//b",
    "a/",
    "a\\..\\..\\x",
    "C:x",
    "a\0b",
]


@pytest.mark.parametrize("path", OUTSIDE)
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


def test_a_streamed_file_is_listed_as_if_written_whole(tmp_path):
    import hashlib

    writer = SiteWriter(tmp_path)
    with writer.stream("calendar.ics") as write:
        for piece in (b"BEGIN:VCALENDAR\r\n", "é\r\n".encode(), b"END:VCALENDAR\r\n"):
            write(piece)

    data = (tmp_path / "calendar.ics").read_bytes()
    assert data == "BEGIN:VCALENDAR\r\né\r\nEND:VCALENDAR\r\n".encode()
    listed = writer.files["calendar.ics"]
    assert (listed.bytes, listed.sha256) == (len(data), hashlib.sha256(data).hexdigest())


def test_a_stream_cut_short_is_not_listed_and_its_path_is_checked(tmp_path):
    writer = SiteWriter(tmp_path)
    with pytest.raises(RuntimeError), writer.stream("calendar.ics") as write:
        write(b"BEGIN:VCALENDAR\r\n")
        raise RuntimeError("an exporter failed midway")
    assert writer.files == {}
    with pytest.raises(BuildError, match="refusing to write outside the site"):
        writer.stream("../calendar.ics").__enter__()


def linking(tmp_path) -> SiteWriter:
    """A writer over a new site beside a previous one holding 2030/a.ics."""
    (tmp_path / "old" / "2030").mkdir(parents=True)
    (tmp_path / "old" / "2030" / "a.ics").write_bytes(b"old")
    (tmp_path / "site").mkdir()
    built = os.lstat(tmp_path / "old" / "2030" / "a.ics").st_mtime_ns + 1
    return SiteWriter(tmp_path / "site", PreviousSite(tmp_path / "old", {}, {}, built))


@pytest.mark.parametrize("path", OUTSIDE)
def test_links_outside_the_site_are_refused(tmp_path, path):
    writer = linking(tmp_path)
    with pytest.raises(BuildError, match="refusing to write outside the site"):
        writer.link_previous([("2030/a.ics", 3, "0" * 64), (path, 3, "0" * 64)])
    assert writer.files.keys() == {"2030/a.ics"}


def test_a_link_where_a_file_was_written_is_refused(tmp_path):
    """Written here before, or by the build's other process (on disk, not in this list)."""
    writer = linking(tmp_path)
    writer.write("2030/a.ics", b"new")
    with pytest.raises(BuildError, match=r"two exporters wrote 2030/a\.ics"):
        writer.link_previous([("2030/a.ics", 3, "0" * 64)])
    other = linking(tmp_path / "other")
    (tmp_path / "other" / "site" / "2030").mkdir()
    (tmp_path / "other" / "site" / "2030" / "a.ics").write_bytes(b"new")
    with pytest.raises(BuildError, match=r"two exporters wrote 2030/a\.ics"):
        other.link_previous([("2030/a.ics", 3, "0" * 64)])
    assert (tmp_path / "other" / "site" / "2030" / "a.ics").read_bytes() == b"new"


@pytest.mark.parametrize(
    "change",
    [
        "edited since",
        "removed",
        "a symbolic link",
        "writable by all",
        "of another size",
        "its folder a file",
    ],
)
def test_a_link_to_a_file_not_as_its_build_left_it_is_refused(tmp_path, change):
    """Checked on the link itself, the file the new site would hold."""
    writer = linking(tmp_path)
    published = tmp_path / "old" / "2030" / "a.ics"
    size = 3
    if change == "edited since":
        published.write_bytes(b"new")
        os.utime(published, ns=(writer.previous.built, writer.previous.built))
    elif change == "removed":
        published.unlink()
    elif change == "a symbolic link":
        published.unlink()
        published.symlink_to(tmp_path / "elsewhere")
    elif change == "writable by all":
        published.chmod(0o666)
    elif change == "its folder a file":
        published.unlink()
        published.parent.rmdir()
        published.parent.write_bytes(b"old")
    else:
        size = 4
    with pytest.raises(NotAsBuilt, match=r"2030/a\.ics"):
        writer.link_previous([("2030/a.ics", size, "0" * 64)])
    assert writer.files == {}


def test_a_link_to_a_file_as_its_build_left_it_is_the_same_file(tmp_path):
    writer = linking(tmp_path)
    writer.link_previous([("2030/a.ics", 3, "0" * 64)])
    assert os.path.samefile(
        tmp_path / "site" / "2030" / "a.ics", tmp_path / "old" / "2030" / "a.ics"
    )
    assert writer.files["2030/a.ics"].bytes == 3


def _a_plain_relative_path(path: str) -> bool:
    """The rule in words: relative, names between single slashes, none `.` or `..`, and
    no backslash, colon or NUL anywhere."""
    names = path.split("/")
    return (
        not path.startswith("/")
        and all(name not in ("", ".", "..") for name in names)
        and not any(c in path for c in "\\:\0")
    )


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="a./\\:\0\né", max_size=12))
def test_the_path_check_refuses_exactly_what_is_not_a_plain_relative_path(path):
    if _a_plain_relative_path(path):
        _refuse_outside(path)
    else:
        with pytest.raises(BuildError, match="refusing to write outside the site"):
            _refuse_outside(path)
