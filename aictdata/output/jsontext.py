"""JSON documents too large to be dumped whole, written as the same text in pieces.

`json.dumps(document, indent=n)` runs json's pure-Python encoder and holds every small
piece of the text at once: at 100,000 slots, 400 MB for the calendar memory or the
manifest. Both are a small document with one member holding many flat objects (the
slot records, the files). Here the small part is dumped by json itself around a stand-in
for that member, and each flat object is formatted with json's own C string encoder, in
UTF-8 batches: the text is byte for byte what `json.dumps` writes (`ensure_ascii=False`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from json.encoder import encode_basestring  # type: ignore[attr-defined]

Scalar = str | int | bool | None

_STAND_IN = "\x00many\x00"
"""Stands for the large member in the small document: neither the memory nor the
manifest ever holds a control character, so it cannot be a real value."""
_BATCH = 2_000
"""Items per piece: few calls to hash and write, and a small piece."""


def around(
    document: dict[str, object], key: str, *, indent: int, sort_keys: bool = False
) -> tuple[str, str]:
    """The text of `document` (with a final newline) before and after the value of its
    member `key`, whatever that value is."""
    whole = json.dumps(
        {**document, key: _STAND_IN}, ensure_ascii=False, indent=indent, sort_keys=sort_keys
    )
    before, after = (whole + "\n").split(encode_basestring(_STAND_IN))
    return before, after


def flat_object(pairs: Iterable[tuple[str, Scalar]], *, depth: int, indent: int) -> str:
    """An object of scalars nested `depth` deep, as `json.dumps(indent=indent)` writes it."""
    inner = " " * (indent * (depth + 1))
    lines = ",\n".join(f"{inner}{encode_basestring(name)}: {scalar(v)}" for name, v in pairs)
    return f"{{\n{lines}\n{' ' * (indent * depth)}}}" if lines else "{}"


def flat_template(names: Sequence[str], *, depth: int, indent: int) -> str:
    """`flat_object` of these names as a `str.format` template with a `{}` for each
    value's text (`scalar`): for many objects of the same names, one format each."""
    if not names:
        return "{{}}"
    inner = " " * (indent * (depth + 1))
    lines = ",\n".join(f"{inner}{_literal(encode_basestring(name))}: {{}}" for name in names)
    return f"{{{{\n{lines}\n{' ' * (indent * depth)}}}}}"


def _literal(text: str) -> str:
    """`text` as itself in a `str.format` template."""
    return text.replace("{", "{{").replace("}", "}}")


def scalar(value: Scalar) -> str:
    """A scalar as json writes it (its C encoder for text)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    return encode_basestring(value)


def member(items: Iterable[str], brackets: str, *, indent: int) -> Iterator[bytes]:
    """The value of a top-level member holding `items` (each already the text of one,
    indented), as `json.dumps(indent=indent)` writes it, in UTF-8 batches."""
    opening, closing = brackets
    iterator = iter(items)
    batch = list(islice(iterator, _BATCH))
    if not batch:
        yield f"{opening}{closing}".encode()
        return
    separator = f"{opening}\n"
    while batch:
        yield (separator + ",\n".join(batch)).encode("utf-8")
        separator = ",\n"
        batch = list(islice(iterator, _BATCH))
    yield f"\n{' ' * indent}{closing}".encode()
