"""The large JSON files written in pieces (aictdata.output.jsontext) are byte for byte
what `json.dumps` writes of the same document: the calendar memory's seal and every
manifest already published depend on it."""

from __future__ import annotations

import json

import pytest

from aictdata.output.jsontext import around, flat_object, flat_template, member, scalar

TEXTS = ["plain", "Clôture – « débat »", 'a "quote", a \\ and a\nline', "’", ""]


def _pieces(document: dict, key: str, items: list[dict], *, indent: int, sort_keys: bool) -> str:
    before, after = around(document, key, indent=indent, sort_keys=sort_keys)
    texts = (
        " " * (2 * indent)
        + flat_object(sorted(item.items()) if sort_keys else item.items(), depth=2, indent=indent)
        for item in items
    )
    body = b"".join(member(texts, "[]", indent=indent)).decode("utf-8")
    return before + body + after


@pytest.mark.parametrize("count", [0, 1, 3, 4_500])  # none, one, and over a batch
@pytest.mark.parametrize(("indent", "sort_keys"), [(1, False), (2, True)])
def test_a_document_in_pieces_is_what_json_dumps_writes(count, indent, sort_keys):
    items = [
        {"path": f"{n}/{TEXTS[n % len(TEXTS)]}", "bytes": n, "ok": n % 2 == 0, "none": None}
        for n in range(count)
    ]
    document = {"zeta": {"b": 1, "a": [1, 2]}, "files": items, "alpha": "« x »", "n": 3}
    expected = json.dumps(document, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    written = _pieces(document, "files", items, indent=indent, sort_keys=sort_keys)
    assert written == expected + "\n"


@pytest.mark.parametrize("names", [(), ("path",), ("a", 'b "{x}"', "c}{", "é")])
def test_a_template_filled_with_scalars_is_the_flat_object(names):
    values = [None, True, 3, 'a "{}" \\ text'][: len(names)] + ["x"] * (len(names) - 4)
    pairs = list(zip(names, values, strict=True))
    template = flat_template(names, depth=2, indent=2)
    assert template.format(*map(scalar, values)) == flat_object(pairs, depth=2, indent=2)
