"""The strict base of every model, and how a model reports what its rules find.

The model is strict so that a typo in an organiser's YAML cannot pass silently: unknown
fields are errors, instances are immutable, and the cross-field rules of a series, a venue
or an edition are all checked at once, each problem reported with the path of the field it
concerns (`raise_if_any`). Every model module builds on this one, so it imports none of
them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, cached_property
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError, PydanticUndefined

from aictdata.i18n import _


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    def model_post_init(self, context: Any, /) -> None:
        self._share_given()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its class, its values, the key of its set of fields given
        (`_share_given`) and its private values and extra fields if it has any, which
        `_unpickled` puts back in one call, where pydantic's own pickle goes through
        `__setstate__` and a dictionary of four items per model: every rebuild unpickles
        the kept editions (`source.parsed`), and the load's second process pickles those
        it parses (`output.forking`). The same model comes back: equal, sharing its set."""
        given = self.__pydantic_fields_set__
        key = _KEYS.get(id(given))
        if key is None:  # a set of its own (a copy's): not one `_GIVEN` shares
            key = frozenset(given)
        private, extra = self.__pydantic_private__, self.__pydantic_extra__
        if private is None and extra is None:
            return _unpickled, (type(self), self.__dict__, key)
        if private is not None:  # what pydantic's own pickle leaves out of them
            private = {k: v for k, v in private.items() if v is not PydanticUndefined}
        return _unpickled, (type(self), self.__dict__, key, private, extra)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, which forgets with other values what it remembered of the old ones
        (each `functools.cached_property`, such as an edition's `json_digest`): pydantic
        would carry them over."""
        copied = super().model_copy(update=update, deep=deep)
        if update:
            for name in _remembered(type(self)):
                copied.__dict__.pop(name, None)
        return copied

    def _share_given(self) -> None:
        """Share the set of fields given among the instances that were given the same:
        pydantic keeps one per instance (728 bytes for a slot, the half of its size),
        and an immutable model never changes it (a copy gets its own)."""
        object.__setattr__(self, "__pydantic_fields_set__", _shared(self.__pydantic_fields_set__))


@cache
def _remembered(model: type[BaseModel]) -> tuple[str, ...]:
    """The names of the values `model` remembers once made."""
    return tuple(
        name
        for klass in model.__mro__
        for name, attribute in vars(klass).items()
        if isinstance(attribute, cached_property)
    )


_GIVEN: dict[frozenset[str], set[str]] = {}
"""One set of given fields per distinct set: a few dozen, whatever the size of the data."""
_KEYS: dict[int, frozenset[str]] = {}
"""The key of each set `_GIVEN` shares, by its id: those sets are never freed, so an id
found here is always theirs."""


def _shared(given: set[str]) -> set[str]:
    """The set `_GIVEN` shares with the same fields as `given`, which becomes it if there
    is none yet: a model keeps that one, and its pickle names it by `_KEYS` without
    making its key again. `setdefault` is atomic, so only the set kept is registered."""
    key = frozenset(given)
    shared = _GIVEN.setdefault(key, given)
    if shared is given:
        _KEYS[id(given)] = key
    return shared


_setattr = object.__setattr__


def _unpickled(
    model: type[BaseModel],
    values: dict[str, Any],
    given: frozenset[str],
    private: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> BaseModel:
    """A model pickled by `Strict.__reduce__`, made again as pydantic's `__setstate__`
    would (no validation: these are the values of a valid model), sharing its set of
    fields given."""
    made = model.__new__(model)
    _setattr(made, "__dict__", values)
    shared = _GIVEN.get(given)
    _setattr(made, "__pydantic_fields_set__", shared if shared is not None else _shared(set(given)))
    _setattr(made, "__pydantic_extra__", extra)
    _setattr(made, "__pydantic_private__", private)
    return made


def duplicates(items: tuple[Any, ...], field: str) -> list[tuple[tuple[str | int, ...], str]]:
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items):
        if item.id in seen:
            problems.append(
                (
                    (field, index, "id"),
                    _("duplicate id {id} (already {first})").format(
                        id=repr(item.id), first=f"{field}[{seen[item.id]}]"
                    ),
                )
            )
        seen.setdefault(item.id, index)
    return problems


def raise_if_any(problems: list[tuple[tuple[str | int, ...], str]], title: str) -> None:
    if problems:
        raise ValidationError.from_exception_data(
            title,
            [
                InitErrorDetails(type=PydanticCustomError("rule", message), loc=loc, input=None)
                for loc, message in problems
            ],
        )
