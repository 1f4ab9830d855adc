"""Property: whatever text the model accepts, every XML, JSON and CSV file of the build is
well-formed and gives the text back.

Hypothesis draws a slot's title and place from all of Unicode's planes, as the model
accepts them (it refuses control characters, surrogates, line separators and the
characters that hide text): unassigned code points and the 66 non-characters included
(U+FDD0..U+FDEF, and U+xFFFE, U+xFFFF in every plane), with U+FFFE and U+FFFF, which XML
1.0 cannot carry, drawn often. The edition is built, then retitled and built again with
its calendar memory, so that the Atom feeds carry the text in a change too. Then every
`.xml` and `.atom` file is parsed by expat (strict XML 1.0), every `.json` and `.jsonld`
by json, every `.csv` by csv; the JSON and CSV give the text back exactly, the XML files
give it back with what XML cannot carry replaced by U+FFFD.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from xml.parsers import expat

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from aictdata.build.site import build_site
from aictdata.errors import HIDDEN_CHARACTERS
from aictdata.memory.state import state_path
from aictdata.source.load import load_catalog
from aictdata.words.formatting import xml_safe
from tests.conftest import MINIMAL, edit

NON_CHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [
    chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)
]
ANY_PLANE = st.characters(
    min_codepoint=0x20,
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),  # refused by the model
    exclude_characters="".join(map(chr, HIDDEN_CHARACTERS)),
)
TEXT = (
    st.lists(
        st.one_of(
            ANY_PLANE,
            st.sampled_from(NON_CHARACTERS),
            st.sampled_from(["\ufffe", "\uffff", "<", "&", "]]>", '"', ",", "«", "»"]),
        ),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .filter(lambda text: text.strip() == text and text != "")
)
EXAMPLES = 12


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar in ASCII: YAML's own escapes, \\U for other planes
    (YAML reads no surrogate pair), so that the file carries even U+FFFE."""
    escaped = "".join(
        c
        if " " <= c <= "~" and c not in '"\\'
        else f"\\u{ord(c):04x}"
        if ord(c) <= 0xFFFF
        else f"\\U{ord(c):08x}"
        for c in text
    )
    return f'"{escaped}"'


@settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=60),
    database=None,
    derandomize=bool(os.environ.get("CI")),
    phases=(Phase.explicit, Phase.generate),  # shrinking costs two builds per attempt
)
@given(title=TEXT, place=TEXT)
def test_every_xml_json_and_csv_output_is_well_formed_and_gives_the_text_back(title, place):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "editions"
        shutil.copytree(MINIMAL, folder)
        edition = folder / "2030.yaml"
        edit(edition, ("title: Accueil", f"title: {_quoted('Accueil ' + title)}"))
        edit(edition, ("kind: welcome", f"kind: welcome\n    place: {_quoted(place)}"))
        build_site(load_catalog(folder), Path(scratch) / "first", state_file=state_path(folder))
        edit(
            edition,
            (f"title: {_quoted('Accueil ' + title)}", f"title: {_quoted(title)}"),
            ("updated: 2030-01-01T00:00:00+01:00", "updated: 2030-01-02T00:00:00+01:00"),
        )
        catalog = load_catalog(folder)
        assert catalog.editions[0].sessions[0].title == title  # the model accepted it
        site = Path(scratch) / "site"
        build_site(catalog, site, state_file=state_path(folder))
        texts = _read_all(site)
    assert any(title in t for t in texts["json"]), "JSON lost the title"
    assert any(title in t and place in t for t in texts["csv"]), "CSV lost the text"
    assert any(xml_safe(title) in t and xml_safe(place) in t for t in texts["xml"])
    atom = [t for t in texts["atom"] if xml_safe(title) in t]
    assert len(atom) == 4, "the retitle is not in every changes.atom (fr, en; edition, all)"


def _read_all(site: Path) -> dict[str, list[str]]:
    """Every text of the outputs, as their parsers read it (strict: any error raises)."""
    texts: dict[str, list[str]] = {"xml": [], "atom": [], "json": [], "csv": []}
    for path in sorted(site.rglob("*")):
        suffix = path.suffix.lstrip(".")
        if suffix in ("xml", "atom"):
            texts[suffix].append(_xml_text(path.read_bytes()))
        elif suffix in ("json", "jsonld"):
            texts["json"].append("\n".join(_strings(json.loads(path.read_bytes()))))
        elif suffix == "csv":
            rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
            texts["csv"].append("\n".join("\t".join(row) for row in rows))
    return texts


def _strings(data: object) -> list[str]:
    """Every string of a JSON document, keys included."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (k, *_strings(v))]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item)]
    return []


def _xml_text(data: bytes) -> str:
    """The character data and attribute values, as expat gives them."""
    parser = expat.ParserCreate()
    parts: list[str] = []
    parser.CharacterDataHandler = parts.append
    parser.StartElementHandler = lambda name, attributes: parts.extend(attributes.values())
    parser.Parse(data, True)
    return "".join(parts)
