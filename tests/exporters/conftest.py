"""Fixtures shared by the exporters' tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from aictdata.build.site import build_site
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES, REAL_EDITIONS

RICH = FIXTURES / "datapackage"
"""The data-package fixture: speakers, funders, social accounts... that the real
editions may not have."""


def build_data(editions: Path, out: Path) -> Path:
    """site/data/ of `editions`, built alone into `out`."""
    build_site(load_catalog(editions), out, only=["datapackage"])
    return out / "data"


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> Path:
    return build_data(RICH, tmp_path_factory.mktemp("rich") / "site")


@pytest.fixture(scope="module", params=["real", "rich"])
def data(request, tmp_path_factory) -> Path:
    """site/data/ of the real editions, then of the rich fixture: what the readers of the
    package (v1 libraries, the README's recipes) are run on."""
    editions = REAL_EDITIONS if request.param == "real" else RICH
    return build_data(editions, tmp_path_factory.mktemp(request.param) / "site")
