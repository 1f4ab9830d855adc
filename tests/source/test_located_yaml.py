"""The YAML reader: positions, duplicate keys, and the inputs PyYAML gets wrong."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aictdata.errors import DataError
from aictdata.source.located_yaml import Located, parse_yaml
from aictdata.source.yaml_limits import MAX_CHARACTERS, MAX_DEPTH


def fails(text: str | bytes) -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(DataError) as caught:
        parse_yaml(raw, "f.yaml")
    return [str(p) for p in caught.value.problems]


def test_positions_of_keys_and_values_are_recorded():
    located = parse_yaml(b"a:\n  b: [1, 2]\n  c: x\n", "f.yaml")
    assert located.data == {"a": {"b": [1, 2], "c": "x"}}
    assert located.position(("a", "c")) == (3, 6)
    assert located.position(("a", "b", 1)) == (2, 10)
    assert located.position(("a", "c"), key=True) == (3, 3)


def test_duplicate_key_is_reported_with_both_lines():
    located = parse_yaml(b"a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [str(p) for p in located.problems] == [
        "f.yaml:3:1: a: duplicate key 'a' (first written on line 1)"
    ]


def test_clock_times_are_text_not_base_60_integers():
    assert parse_yaml(b"t: 13:00\n", "f.yaml").data == {"t": "13:00"}


def test_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    found = fails("\n".join(lines) + "\n")
    assert len(found) == 1 and "values once aliases are expanded" in found[0]


def test_deep_nesting_is_refused():
    found = fails("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert f"nested deeper than {MAX_DEPTH} levels" in found[0]


def test_non_utf8_bytes_are_located():
    assert fails(b"a: ok\nb: caf\xe9\n") == [
        "f.yaml:2:7: not UTF-8: byte 0xe9 (save the file as UTF-8)"
    ]


def test_byte_order_mark_is_accepted():
    assert parse_yaml("\ufeffa: é\n".encode(), "f.yaml").data == {"a": "é"}


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file_is_an_error(text):
    assert fails(text) == ["f.yaml:1:1: file is empty: expected a YAML mapping"]


def test_list_at_the_top_is_an_error():
    assert fails("- a\n") == [
        "f.yaml:1:1: expected a YAML mapping ('name: value' lines) at the top, found a list"
    ]


def test_tab_indentation_gets_a_hint():
    found = fails("a:\n\tb: 1\n")
    assert (
        found[0].startswith("f.yaml:2:")
        and "a tab in the indentation: YAML indents with spaces only" in found[0]
    )


def test_python_tags_are_not_executed():
    found = fails("a: !!python/object/apply:os.system ['true']\n")
    assert "f.yaml:1:4:" in found[0]


def test_two_documents_are_refused():
    assert "only one YAML document" in fails("a: 1\n---\nb: 2\n")[0]


@pytest.mark.parametrize(
    ("text", "merged"),
    [
        # the mapping's own key wins, written after or before the merge
        ("b:\n  <<: *d\n  y: 3\n", {"x": 1, "y": 3}),
        ("b:\n  y: 3\n  <<: *d\n", {"x": 1, "y": 3}),
        # of several sources, the earlier wins
        ("b:\n  <<: [*e, *d]\n", {"x": 2, "y": 2, "z": 2}),
        ("b:\n  !!merge <<: *d\n", {"x": 1, "y": 2}),
        # a quoted "<<" is an ordinary key holding the mapping
        ('b:\n  "<<": *d\n', {"<<": {"x": 1, "y": 2}}),
    ],
)
def test_merge_keys_follow_yaml_and_a_quoted_key_does_not_merge(text, merged):
    anchors = "a: &d {x: 1, y: 2}\nc: &e {x: 2, z: 2}\n"
    assert parse_yaml((anchors + text).encode(), "t.yaml").data["b"] == merged


@pytest.mark.parametrize(
    ("aliases", "refused"),
    [(MAX_CHARACTERS // 20_000 - 1, False), (MAX_CHARACTERS // 20_000 + 9, True)],
)
def test_aliases_of_a_mapping_count_the_text_inside_it(aliases, refused):
    """Each alias of a mapping holding 20,000 characters brings 20,000 more: the anchored
    text and its aliases fit in MAX_CHARACTERS up to MAX_CHARACTERS // 20,000 copies in
    all, not ten more; text without aliases counts once."""
    text = "a: &m {t: " + "x" * 20_000 + "}\nl: [" + ", ".join(["*m"] * aliases) + "]\n"
    if refused:
        (problem,) = fails(text)
        assert "characters of text once aliases are expanded" in problem
    else:
        assert len(parse_yaml(text.encode(), "f.yaml").data["l"]) == aliases


ONLY = frozenset({"id", "organisations"})
_NAMES = st.sampled_from(["id", "organisations", "sessions", "title", "a"])
_SCALARS = st.one_of(
    st.text(alphabet="ab: -#&*é", max_size=5), st.integers(-5, 99), st.booleans(), st.none()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_NAMES, inner, max_size=3),
    max_leaves=12,
)


def _read(raw: bytes, only: frozenset[str] | None) -> tuple[object, Located | None]:
    try:
        located = parse_yaml(raw, "f.yaml", only=only)
    except DataError as error:
        return [str(p) for p in error.problems], None
    return (located.data, [str(p) for p in located.problems]), located


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_NAMES, _VALUES, min_size=1, max_size=5), st.data())
def test_positions_recorded_for_some_entries_are_those_of_a_full_reading(document, data):
    """`only` records the positions of some top-level entries; any other is read again
    when asked for. Either way every answer is a full reading's, and so is every problem
    (a line repeated at random makes duplicate keys and syntax errors)."""
    lines = yaml.safe_dump(document, sort_keys=False, allow_unicode=True).splitlines(True)
    if data.draw(st.booleans()):
        line = data.draw(st.sampled_from(lines))
        lines.insert(data.draw(st.integers(0, len(lines))), line)
    raw = "".join(lines).encode()
    full_outcome, full = _read(raw, None)
    outcome, located = _read(raw, ONLY)
    assert outcome == full_outcome
    if full is None or located is None:
        return
    kept = [path for path in full.values if path and path[0] in ONLY]
    assert [located.position(path) for path in kept] == [full.position(path) for path in kept]
    narrowed, full_narrowed = located.narrowed(ONLY), full.narrowed(ONLY)
    assert (narrowed.values, narrowed.keys) == (full_narrowed.values, full_narrowed.keys)
    for path in [*full.values, *full.keys]:
        assert located.position(path) == full.position(path)
        assert located.position(path, key=True) == full.position(path, key=True)
    assert located.written == full.written


@pytest.mark.parametrize(
    "text",
    [
        "id: &i x\norganisations: [*i, {a: *i}]\nsessions:\n  - &s {a: 1, b: [2, 3]}\n"
        "  - *s\n  - <<: *s\n    a: 4\ntitle: *i\n",
        "sessions:\n  - &d {a: x}\n  - {<<: [*d], b: *d}\nid: *d\norganisations:\n  - <<: *d\n",
        # Inside an entry whose positions are not recorded, an alias under a key named as
        # a kept entry must not take that entry's place.
        "id: &i x\norganisations: []\nsessions:\n  - {id: *i, organisations: *i}\n",
    ],
)
def test_anchors_aliases_and_merges_are_placed_as_a_full_reading_places_them(text):
    full = parse_yaml(text.encode(), "f.yaml")
    located = parse_yaml(text.encode(), "f.yaml", only=ONLY)
    assert located.data == full.data
    kept = [path for path in full.values if path and path[0] in ONLY]
    assert [located.position(path) for path in kept] == [full.position(path) for path in kept]
    for path in [*full.values, *full.keys]:
        assert located.position(path) == full.position(path)
        assert located.position(path, key=True) == full.position(path, key=True)
