"""The data README's pandas recipe, run as printed by the real pandas on a package whose
titles are the words pandas takes for missing values by default (« NA », « null »…):
they are read back as the text they are."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from aictdata.build.site import build_site
from aictdata.source.load import load_catalog
from tests.exporters.test_datapackage_readme import run_python

MISSING_WORDS = ("NA", "null")


def test_the_pandas_recipe_keeps_a_title_na_or_null_as_text(
    make_series: Callable[..., Path], tmp_path, monkeypatch
):
    folder = make_series(("title: Accueil", "title: NA"), ("title: Clôture", "title: 'null'"))
    build_site(load_catalog(folder), tmp_path / "site", only=["datapackage"])
    data = tmp_path / "site" / "data"
    namespace = run_python(data, monkeypatch)
    with (data / "sessions.csv").open(encoding="utf-8", newline="") as handle:
        written = [row["title"] for row in csv.DictReader(handle)]
    assert sorted(written) == sorted(MISSING_WORDS)
    titles = namespace["sessions"]["title"]
    assert not titles.isna().any()
    assert list(titles) == written
    assert all(isinstance(title, str) for title in titles)
    assert str(titles.dtype) == str(pd.StringDtype())
