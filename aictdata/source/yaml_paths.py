"""How a place in the data is named in a message: `sessions[ateliers-1].end`.

A path is the keys and list indexes that lead to a value (`Path_`); `format_path` names
each list item by its id, the name the organiser knows it by, and `shorten` cuts whatever
text a message echoes. Shared by the reader, the event builder and the loader.
"""

from __future__ import annotations

import re
from typing import Any

from aictdata.model.scalars import SLUG_PATTERN

Path_ = tuple[str | int, ...]


_ID = re.compile(SLUG_PATTERN)


def format_path(path: Path_, data: Any = None) -> str:
    """('sessions', 3, 'end') -> 'sessions[ateliers-1].end': an item of a list is named by
    its id, the name the organiser knows it by; by its index from 0 ('sessions[3].end')
    only when it has no valid id (an invalid one may be anything) or shares it with
    another item, or without `data`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            item = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
            name = item.get("id") if isinstance(item, dict) else None
            text += f"[{name}]" if _names_one(data, name) else f"[{part}]"
            data = item
        else:
            text += f".{shorten(part)}" if text else shorten(part)
            data = data.get(part) if isinstance(data, dict) else None
    return text


def _names_one(items: list[Any], name: object) -> bool:
    """Whether `name` is a valid id that exactly one item of `items` has."""
    if not isinstance(name, str) or not _ID.match(name):
        return False
    return sum(isinstance(i, dict) and i.get("id") == name for i in items) == 1


def shorten(text: str, limit: int = 60) -> str:
    """Text echoed in a message, cut so that a hostile value cannot flood the terminal."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
