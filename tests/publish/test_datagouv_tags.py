"""The package's keywords as udata tags: udata (udata/tags.py) keeps tags of 3 to 96
characters, lower-case ASCII slugs; a shorter one is dropped, a longer one cut."""

from __future__ import annotations

import pytest

from aictdata.publish.datagouv import tag


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("Coopération décentralisée", "cooperation-decentralisee"),
        ("l’AICT", "l-aict"),
        ("UE", ""),  # 2 characters: below udata's minimum
        ("ODD", "odd"),  # 3: the minimum itself
        ("a" * 96, "a" * 96),  # the maximum itself
        ("b" * 97, "b" * 96),
        ("c" * 95 + " d", "c" * 95),  # cut after the hyphen, which is stripped
    ],
)
def test_a_keyword_becomes_a_tag_of_3_to_96_characters(keyword, expected):
    assert tag(keyword) == expected
