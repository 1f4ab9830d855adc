"""The calendar memory's text (aictdata.memory.text) is what `json.dumps` writes of its
document, whatever its records hold: every memory already committed is sealed with the
digest of that text, so a byte more or less would make the next build refuse it."""

from __future__ import annotations

import json
from dataclasses import asdict

from hypothesis import given, settings
from hypothesis import strategies as st

from aictdata.memory.state import CalendarState, SlotRecord
from aictdata.memory.text import ABOUT, FORMAT, dumps

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_OPTIONAL = st.none() | _TEXT
_RECORDS = st.builds(
    SlotRecord,
    edition=_TEXT,
    session=_TEXT,
    kind=_TEXT,
    title=_TEXT,
    start=_TEXT,
    end=_TEXT,
    place=_OPTIONAL,
    status=_TEXT,
    removed=st.booleans(),
    sequence=st.integers(min_value=-(2**40), max_value=2**40),
    changed=_TEXT,
    title_en=_OPTIONAL,
    place_en=_OPTIONAL,
    details=_OPTIONAL,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_TEXT, _RECORDS, max_size=6))
def test_the_text_is_what_json_dumps_writes_of_any_records(slots):
    state = CalendarState(slots=slots)
    document = {
        "about": ABOUT,
        "digest": "",
        "format": FORMAT,
        "editions": {},
        "versions": [],
        "numbers": {},
        "slots": {uid: asdict(record) for uid, record in slots.items()},
    }
    text = dumps(state)
    sealed = json.loads(text)["digest"]
    document["digest"] = sealed
    assert text == json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
