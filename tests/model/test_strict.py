"""What a model remembers once made (an edition's `json_digest`) is never carried over
to a copy with other values: the calendar memory tells a changed edition by it."""

from __future__ import annotations

import hashlib

from aictdata.model.edition import Edition
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES


def _made_now(edition: Edition) -> str:
    return hashlib.sha256(edition.model_dump_json().encode()).hexdigest()


def test_a_copy_with_other_values_forgets_the_digest_of_the_old_ones():
    edition = load_catalog(FIXTURES / "bilingual").edition("2030")
    remembered = edition.json_digest
    renamed = edition.model_copy(update={"id": "2031"})
    assert renamed.json_digest == _made_now(renamed) != remembered
    assert edition.model_copy().json_digest == remembered  # the same values
