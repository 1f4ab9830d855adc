"""Fixtures shared by the exporters' tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from aictdata.build import build_site
from aictdata.load import load_catalog
from tests.conftest import FIXTURES, REAL_EDITIONS


@pytest.fixture(scope="module", params=["real", "rich"])
def data(request, tmp_path_factory) -> Path:
    """site/data/ of the real editions, then of the rich fixture (speakers, funders...):
    what the readers of the package (v1 libraries, the README's recipes) are run on."""
    editions = REAL_EDITIONS if request.param == "real" else FIXTURES / "datapackage"
    out = tmp_path_factory.mktemp(request.param) / "site"
    build_site(load_catalog(editions), out, only=["datapackage"])
    return out / "data"
