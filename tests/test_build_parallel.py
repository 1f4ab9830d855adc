"""Builds in two processes: the same bytes as a build in one, and failures on either
side fail the build as they would in sequence, leaving the previous site in place.

Each side's failure is a real exporter registered in the real registry that writes a file
and then raises: the child's error must cross the process boundary intact (a DataError
with its located problems), the parent's must stop the child.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from aictdata import exporters
from aictdata.build import build_site
from aictdata.errors import BuildError, DataError, Problem
from aictdata.exporters import Exporter, ExportFunction
from aictdata.load import load_catalog
from aictdata.sitewriter import SiteWriter
from tests.conftest import EDITIONS, MINIMAL

PROBLEM = Problem("editions/2030.yaml", 3, 7, "title", "refused by the test exporter")


@dataclass(frozen=True)
class Extra(Exporter):
    """A registry entry whose export function is given here rather than imported."""

    function: Callable[..., None] | None = None

    def load(self) -> ExportFunction:
        assert self.function is not None
        return self.function


def refuse(catalog: object, site: SiteWriter, context: object) -> None:
    site.write_text("zz-partial/half.txt", "half of an output")
    raise DataError([PROBLEM])


def write_index(catalog: object, site: SiteWriter, context: object) -> None:
    site.write_text("index.html", "<!doctype html>")


def refusing(*, forked: bool) -> Extra:
    """An exporter that fails, on the side of the fork that `forked` says."""
    return Extra("refusing", "writes one file, then refuses", __name__, forked, function=refuse)


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_processes_write_the_same_bytes_as_one(tmp_path):
    catalog = load_catalog(EDITIONS)
    one = build_site(catalog, tmp_path / "one", parallel=False)
    two = build_site(catalog, tmp_path / "two", parallel=True)

    assert fingerprint(tmp_path / "two") == fingerprint(tmp_path / "one")
    assert sorted(two.files.values(), key=lambda f: f.path) == sorted(
        one.files.values(), key=lambda f: f.path
    )
    # every exporter ran, on both sides of the fork
    assert {"calendar.ics", "data/datapackage.json", "index.html"} <= set(two.files)


@pytest.mark.parametrize("side", ["child", "parent"])
def test_an_error_on_either_side_fails_the_build_and_keeps_the_site(tmp_path, monkeypatch, side):
    editions = tmp_path / "editions"
    shutil.copytree(MINIMAL, editions)
    site = tmp_path / "site"
    build_site(load_catalog(editions), site, parallel=True)
    before = fingerprint(site)
    registry = (refusing(forked=side == "child"), *exporters.EXPORTERS)
    monkeypatch.setattr(exporters, "EXPORTERS", registry)

    with pytest.raises(DataError) as raised:
        build_site(load_catalog(editions), site, parallel=True)

    assert raised.value.problems == [PROBLEM]
    assert fingerprint(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["editions", "site"]


def test_a_file_written_on_both_sides_is_refused(tmp_path, monkeypatch):
    """The pages write index.html in this process; an exporter in the child writes it too."""
    twice = Extra("twice", "writes the index page", __name__, forked=True, function=write_index)
    monkeypatch.setattr(exporters, "EXPORTERS", (twice, *exporters.EXPORTERS))

    with pytest.raises(BuildError, match=r"two exporters wrote index\.html"):
        build_site(load_catalog(MINIMAL), tmp_path / "site", parallel=True)

    assert list(tmp_path.iterdir()) == []
