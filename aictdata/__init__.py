"""aictdata: calendar feeds, open data and schema.org markup for the Rencontres de l'AICT.

    >>> from aictdata import load_catalog
    >>> catalog = load_catalog("editions")
    >>> [e.id for e in catalog.editions]
    ['2024', '2025']

Names are imported on first use, so `aictdata --help` does not pay for pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aictdata.build.site import build_site
    from aictdata.errors import AictdataError, BuildError, DataError, Problem
    from aictdata.model.catalog import Catalog
    from aictdata.model.edition import Edition
    from aictdata.model.series import Series
    from aictdata.model.slots import Session
    from aictdata.source.load import load_catalog

_EXPORTS = {
    "AictdataError": "aictdata.errors",
    "BuildError": "aictdata.errors",
    "DataError": "aictdata.errors",
    "Problem": "aictdata.errors",
    "build_site": "aictdata.build.site",
    "load_catalog": "aictdata.source.load",
    "Catalog": "aictdata.model.catalog",
    "Edition": "aictdata.model.edition",
    "Series": "aictdata.model.series",
    "Session": "aictdata.model.slots",
}

__all__ = [
    "AictdataError",
    "BuildError",
    "Catalog",
    "DataError",
    "Edition",
    "Problem",
    "Series",
    "Session",
    "build_site",
    "load_catalog",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'aictdata' has no attribute {name!r}")
