"""aictdata: calendar feeds, open data and schema.org markup for the Rencontres de l'AICT.

>>> from aictdata import load_catalog
>>> catalog = load_catalog("editions")
>>> [e.id for e in catalog.editions]
['2024', '2025']
"""

from aictdata.errors import AictdataError, BuildError, DataError, Problem
from aictdata.load import load_catalog
from aictdata.model import Catalog, Edition, Series, Session

__all__ = [
    "AictdataError",
    "BuildError",
    "Catalog",
    "DataError",
    "Edition",
    "Problem",
    "Series",
    "Session",
    "load_catalog",
]
__version__ = "0.1.0"
