"""manifest.json is byte for byte what `json.dumps(indent=1, ensure_ascii=False)` writes
of its own content (aictdata.output.manifest writes each entry in one f-string, not
through jsontext.flat_object), for any path and digest a manifest may hold."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from aictdata.output import manifest
from aictdata.output.writer import SiteWriter, WrittenFile

TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
FILES = st.lists(
    st.tuples(TEXT, st.integers(0, 2**40), TEXT),
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
