"""Texts in French and, when the organiser gives it, English.

A reader-visible text of the data (a title, a theme, a description…) is written in the
YAML either as French text, as the documents give it, or as a mapping
`{fr: …, en: …}`: French is required, English optional, and nothing is ever translated
here. The model holds it as a `Text`: a `str` whose value is the text in one language
(French in the model itself) that also carries both versions. Being a `str`, it goes
everywhere a French text went before, so the French outputs are what they always were;
an exporter that writes English asks for `localized(catalog, "en")`, a view of the same
model in which each text with an English version reads in English and the others stay
French, each knowing its language (`Text.lang`) so that a page can mark the French ones
`lang="fr"`.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, ForwardRef, TypeVar, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, PlainSerializer, Tag

from aictdata.model.scalars import Line, Paragraphs

LANGUAGES = ("fr", "en")
"""The languages of the data, French first: the first language of every edition."""


class Text(str):
    """A text in the language `lang` (its value), with its French and English versions.

    Equal to, and hashed as, its value: a `Text` is the plain string it reads as. A French
    text without English, nearly every text of the data, keeps nothing besides its value
    (the class's defaults say the rest): no attribute dictionary, no second copy."""

    en: str | None = None
    lang: str = "fr"
    _fr: str

    def __new__(cls, fr: str, en: str | None = None, lang: str = "fr") -> Text:
        value = en if lang == "en" and en is not None else fr
        self = super().__new__(cls, value)
        if en is not None:
            self.en = en
        if value is en:
            self.lang, self._fr = "en", str(fr)
        return self

    @property
    def fr(self) -> str:
        """The French text, as a plain string."""
        return self._fr if self.lang == "en" else str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.fr, self.en, self.lang))

    def in_language(self, lang: str) -> Text:
        """This text read in `lang` when it has that version, else in French."""
        target = "en" if lang == "en" and self.en is not None else "fr"
        return self if target == self.lang else Text(self.fr, self.en, target)


class _Versions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _translatable(base: Any, name: str) -> Any:
    """`base` (Line or Paragraphs) written alone, as French, or as `{fr, en}` of it.

    The union's members are tagged with bracketed names, which the loader drops from an
    error's path (load._strip_validator_names): an error in `title.en` reads `title.en`."""

    versions = type(
        f"{name}Versions",
        (_Versions,),
        {"__annotations__": {"fr": base, "en": base | None}, "en": None, "__module__": __name__},
    )
    versions.__doc__ = "The French text (required) and its English version (optional)."

    def to_text(value: str | _Versions) -> Text:
        if isinstance(value, _Versions):
            return Text(value.fr, value.en)
        return Text(value)

    return Annotated[
        Annotated[base, Tag("[text]")] | Annotated[versions, Tag("[fr, en]")],
        Discriminator(lambda value: "[fr, en]" if isinstance(value, dict) else "[text]"),
        AfterValidator(to_text),
        PlainSerializer(_as_written, when_used="always"),
    ]


def _as_written(value: Text) -> str | dict[str, str]:
    """A text as the YAML writes it: its French alone, or `{fr, en}` when it has both (the
    model's JSON export, editions.json, keeps the English)."""
    return value.fr if value.en is None else {"fr": value.fr, "en": value.en}


TextLine = _translatable(Line, "Line")
"""One line the reader sees (a title, a theme): French text, or `{fr: …, en: …}`."""

TextParagraphs = _translatable(Paragraphs, "Paragraphs")
"""Free text the reader sees (a description): French text, or `{fr: …, en: …}`."""

M = TypeVar("M", bound=BaseModel)


def localized(model: M, lang: str) -> M:
    """`model` with every `Text` in it read in `lang` where it has that version.

    Only the parts that hold such a text are copied (model_copy keeps private attributes,
    such as a slot's time zone); a model without any English comes back as it is, which
    is what the English outputs of the documented editions read."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    if lang == "fr":
        return model
    remembered = _last.get(lang)
    if remembered is not None and remembered[0] is model:
        return remembered[1]  # type: ignore[return-value]
    view = _localized_value(model, lang)
    _last[lang] = (model, view)
    return view  # type: ignore[no-any-return]


_last: dict[str, tuple[BaseModel, BaseModel]] = {}
"""The last model localized to each language and its view: every exporter of a build
asks for the same catalog's, and the walk over 10,000 slots is then made once. Only the
last is kept (by identity: the model is immutable), so nothing accumulates."""


def _localized_value(value: Any, lang: str) -> Any:
    if isinstance(value, Text):
        return value.in_language(lang)
    if isinstance(value, tuple):
        items = tuple(_localized_value(item, lang) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, BaseModel):
        changed = {}
        for name in _text_fields(type(value)):
            current = getattr(value, name)
            new = _localized_value(current, lang)
            if new is not current:
                changed[name] = new
        return value.model_copy(update=changed) if changed else value
    return value


@cache
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` whose values can hold a `Text`, at any depth: the walk of
    `localized` looks at these alone (a slot has four of its twenty-odd fields; the
    series' 10,000 slots were a fifth of the English feeds' time)."""
    return tuple(
        name
        for name, field in model.model_fields.items()
        if _may_hold_text(field.annotation, tuple(field.metadata), (model,))
    )


def _may_hold_text(annotation: Any, metadata: tuple[Any, ...], seen: tuple[type, ...]) -> bool:
    """Whether a value of `annotation` (with a field's `metadata`) can be or contain a
    `Text`: a `TextLine` or `TextParagraphs` (known by their serializer), or a model,
    tuple, list, union or mapping of something that can. Anything not told by its
    annotation (`Any`, a bare container, a name not resolved yet, a model within itself)
    is assumed to."""
    if any(isinstance(item, PlainSerializer) and item.func is _as_written for item in metadata):
        return True
    if get_origin(annotation) is Annotated:
        inner, *more = get_args(annotation)
        return _may_hold_text(inner, tuple(more), seen)
    if isinstance(annotation, str | ForwardRef) or annotation is Text:
        return True  # a name not resolved yet, or the text itself
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:  # a model within itself: assumed to, as it is walked anyway
            return True
        return any(
            _may_hold_text(field.annotation, tuple(field.metadata), (*seen, annotation))
            for field in annotation.model_fields.values()
        )
    if annotation is Any or annotation in (tuple, list, dict, object):
        return True
    return any(_may_hold_text(argument, (), seen) for argument in get_args(annotation))


def has_english(model: BaseModel) -> bool:
    """Whether any text of `model` has an English version."""
    return localized(model, "en") is not model
