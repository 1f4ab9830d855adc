"""What a model remembers once made (an edition's `json_digest`) is never carried over
to a copy with other values: the calendar memory tells a changed edition by it. A model
pickled and unpickled (the cache of validated editions, the load's second process) is
the same model, sharing its set of fields given."""

from __future__ import annotations

import hashlib
import pickle
import subprocess
import sys
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, PrivateAttr

from aictdata.model.edition import Edition
from aictdata.model.strict import Strict
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES, ROOT


def _made_now(edition: Edition) -> str:
    return hashlib.sha256(edition.model_dump_json().encode()).hexdigest()


def test_a_copy_with_other_values_forgets_the_digest_of_the_old_ones():
    edition = load_catalog(FIXTURES / "bilingual").edition("2030")
    remembered = edition.json_digest
    renamed = edition.model_copy(update={"id": "2031"})
    assert renamed.json_digest == _made_now(renamed) != remembered
    assert edition.model_copy().json_digest == remembered  # the same values


# --- pickling (`Strict.__reduce__`): the kept editions of every rebuild ---------------


def _models(value: object) -> Iterator[BaseModel]:
    """`value` and every model it holds, depth first."""
    if isinstance(value, BaseModel):
        yield value
        value = list(value.__dict__.values())
    if isinstance(value, list | tuple):
        for item in value:
            yield from _models(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _models(item)


def test_a_pickled_edition_comes_back_equal_sharing_its_sets_of_fields_given():
    edition = load_catalog(FIXTURES / "bilingual").edition("2030")
    remembered = edition.json_digest
    data = pickle.dumps(edition, protocol=5)
    back = pickle.loads(data)
    assert back == edition
    assert back.__dict__["json_digest"] == remembered  # what it remembered comes too
    assert back.model_dump_json() == edition.model_dump_json()
    made, found = list(_models(edition)), list(_models(back))
    assert [type(m) for m in found] == [type(m) for m in made]
    pairs = zip(found, made, strict=True)
    assert all(f.__pydantic_fields_set__ is m.__pydantic_fields_set__ for f, m in pairs)
    assert [f.__pydantic_private__ for f in found] == [m.__pydantic_private__ for m in made]
    assert any(f.__pydantic_private__ for f in found)  # a slot's time zone
    # Whole, in one call per model: not pydantic's state dictionary of four items.
    assert b"__pydantic_fields_set__" not in data


def test_a_copy_with_its_own_set_of_fields_comes_back_sharing_the_set():
    edition = load_catalog(FIXTURES / "bilingual").edition("2030")
    copied = edition.model_copy()
    assert copied.__pydantic_fields_set__ is not edition.__pydantic_fields_set__
    back = pickle.loads(pickle.dumps(copied, protocol=5))
    assert back == edition
    assert back.__pydantic_fields_set__ is edition.__pydantic_fields_set__


def test_an_edition_unpickled_in_a_new_process_is_the_same_and_shares_its_sets():
    edition = load_catalog(FIXTURES / "bilingual").edition("2030")
    script = (
        "import pickle, sys\n"
        "from tests.model.test_strict import _models\n"
        "edition = pickle.loads(sys.stdin.buffer.read())\n"
        "models = list(_models(edition))\n"
        "sets = {id(m.__pydantic_fields_set__) for m in models}\n"
        "kinds = {frozenset(m.__pydantic_fields_set__) for m in models}\n"
        "shared = len(models) > len(sets) == len(kinds)\n"
        "print(shared, edition.model_dump_json(), sep='\\n', end='')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(edition, protocol=5),
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    shared, dumped = done.stdout.decode().split("\n", 1)
    assert shared == "True"
    assert dumped == edition.model_dump_json()


class _Open(Strict):
    """A model that keeps unknown fields (none of aictdata's does) and a private value."""

    model_config = ConfigDict(extra="allow")
    name: str
    _note: str = PrivateAttr(default="kept")


def test_a_model_pickled_keeps_its_extra_fields_and_private_values():
    made = _Open(name="a", colour="blue")
    back = pickle.loads(pickle.dumps(made, protocol=5))
    assert back == made
    assert back.__pydantic_extra__ == {"colour": "blue"}
    assert back._note == "kept"
