"""The rows and the slots' pages, written as f-strings, print each value as a template's
`{{ value }}` does: `PageRenderer._text` gives the characters of `_print` (finalize, then
markupsafe's escaping), as a plain string, for every kind of value the pages print."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from aictdata.exporters.html.printing import PageRenderer, escaped
from aictdata.memory.state import advance
from aictdata.model.texts import Text
from aictdata.source.load import load_catalog
from tests.conftest import MINIMAL

# What French spacing and escaping act on, among any other character.
_SPECIAL = st.sampled_from(list("aé :;!?«»&<>\"'\u00a0-8min"))
_CHARACTERS = st.text(alphabet=_SPECIAL | st.characters())
VALUES = st.one_of(
    _CHARACTERS,
    st.builds(Text, _CHARACTERS, st.none() | _CHARACTERS, st.sampled_from(["fr", "en"])),
    st.builds(Markup, _CHARACTERS),
    st.integers(),
    st.none(),
)


@pytest.fixture(scope="module", params=["fr", "en"])
def renderer(request: pytest.FixtureRequest) -> PageRenderer:
    catalog = load_catalog(MINIMAL)
    state = advance(None, catalog)
    return PageRenderer(catalog, state, today=catalog.editions[0].start_date, lang=request.param)


@settings(max_examples=400, deadline=None)
@given(value=VALUES)
def test_text_prints_what_print_prints(renderer, value):
    text = renderer._text(value)
    assert type(text) is str or isinstance(value, Markup)
    assert text == str(renderer._print(value))


@given(st.text())
def test_escaped_is_markupsafe_escaping(text):
    assert escaped(text) == str(Markup.escape(text))
