"""manifest.json is byte for byte what `json.dumps(indent=1, ensure_ascii=False)` writes
of its own content (aictdata.output.manifest writes each entry in one f-string, not
through jsontext.flat_object), for any path and digest a manifest may hold; and what a
build needs of it is taken from the cache for the bytes a build wrote, parsed otherwise."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from aictdata.output import manifest
from aictdata.output.writer import SiteWriter, WrittenFile

TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
FILES = st.lists(
    st.tuples(TEXT.filter(lambda path: path != manifest.PATH), st.integers(0, 2**40), TEXT),
    max_size=12,
    unique_by=lambda file: file[0],
)


@settings(max_examples=150, deadline=None)
@given(files=FILES, validated=st.booleans())
def test_the_manifest_is_what_json_dumps_writes_of_its_content(tmp_path_factory, files, validated):
    site = SiteWriter(tmp_path_factory.mktemp("site"))
    for path, size, digest in files:
        path = path + ".ics" if len(path) % 3 == 0 else path  # some with a media type
        site.files[path] = WrittenFile(path, size, digest)
    listed = dict(site.files)
    manifest.write(site, validated=validated, memory={"mark": 1}, editions={"e1": "x"})
    text = (Path(site.root) / manifest.PATH).read_text("utf-8")
    document = json.loads(text)
    assert text == json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    assert [entry["path"] for entry in document["files"]] == sorted(listed)
    assert [(e["bytes"], e["sha256"]) for e in document["files"]] == [
        (listed[path].bytes, listed[path].sha256) for path in sorted(listed)
    ]


def written_site(root: Path) -> SiteWriter:
    root.mkdir()
    site = SiteWriter(root)
    site.write_text("2030/index.html", "<!doctype html>\n")
    site.write_text("2030/programme.ics", "BEGIN:VCALENDAR\r\n")
    mark = {"digest": "x", "slots": 2}
    manifest.write(site, validated=False, memory=mark, editions={"2030": "f"})
    return site


def test_a_manifest_a_build_wrote_is_taken_from_the_cache_as_it_would_be_parsed(
    tmp_path, monkeypatch
):
    site = written_site(tmp_path / "site")
    kept = manifest.read_published(site.root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty"))
    parsed = manifest.read_published(site.root)
    assert kept == parsed
    assert parsed is not None and set(parsed.files) == {"2030/index.html", "2030/programme.ics"}
    assert parsed.editions == {"2030": "f"} and parsed.memory == {"digest": "x", "slots": 2}


def test_only_the_bytes_a_build_wrote_skip_the_checks(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = written_site(tmp_path / "site")
    path = site.root / manifest.PATH
    text = path.read_text("utf-8")
    # Other bytes are parsed and checked: an edit shows, a path outside is refused...
    path.write_text(text.replace('"2030": "f"', '"2030": "edited"'), "utf-8")
    found = manifest.read_published(site.root)
    assert found is not None and found.editions == {"2030": "edited"}
    path.write_text(text.replace('"2030/index.html"', '"../index.html"'), "utf-8")
    assert manifest.read_published(site.root) is None
    # ... unless a build wrote those very bytes (here one told of a file outside, which
    # a real build's writer refuses): the cache is the user's own, as pyc files are.
    (tmp_path / "other").mkdir()
    other = SiteWriter(tmp_path / "other")
    other.files["../index.html"] = WrittenFile("../index.html", 16, "0" * 64)
    manifest.write(other, validated=False)
    found = manifest.read_published(other.root)
    assert found is not None and "../index.html" in found.files
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty"))
    assert manifest.read_published(other.root) is None
