"""What the legal notice needs and series.yaml does not say: `validate` warns, located,
and still succeeds (the real editions build meanwhile)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from aictdata.cli import cli
from tests.conftest import EDITIONS, MINIMAL, line_of


def validate(folder: Path):
    return CliRunner().invoke(
        cli, ["--lang", "en", "validate", str(folder)], catch_exceptions=False
    )


def test_real_series_warns_of_each_missing_fact_where_publication_is(tmp_path):
    folder = tmp_path / "editions"
    shutil.copytree(EDITIONS, folder)
    result = validate(folder)
    assert result.exit_code == 0
    line = line_of(folder / "series.yaml", "publication:")
    warnings = [w for w in result.stderr.splitlines() if "legal notice" in w]
    assert [w.split(": ", 1)[1].split(":")[:3] for w in warnings] == [
        [f"{folder}/series.yaml", str(line), "1"]
    ] * 3
    assert [w.rsplit(": ", 1)[1] for w in warnings] == [
        "the publisher's postal address is missing from the legal notice",
        "the director of publication is missing from the legal notice",
        "the host of the site is missing from the legal notice",
    ]


def test_a_series_without_publication_is_told_so(tmp_path):
    folder = tmp_path / "editions"
    shutil.copytree(MINIMAL, folder)
    result = validate(folder)
    assert result.exit_code == 0
    assert (
        f"warning: {folder}/series.yaml:1:1: no publication: the legal notice names no"
        " publisher yet"
    ) in result.stderr.splitlines()


def test_a_complete_publication_gives_no_warning(tmp_path):
    folder = tmp_path / "editions"
    shutil.copytree(MINIMAL, folder)
    series = folder / "series.yaml"
    series.write_text(
        series.read_text(encoding="utf-8")
        + "publication:\n  publisher: org\n  director: Jeanne Martin\n"
        "  address: {street: 1 rue de la Paix, postal_code: '75002', locality: Paris}\n"
        "  host: {name: Hébergeur SA}\n",
        encoding="utf-8",
    )
    result = validate(folder)
    assert result.exit_code == 0
    assert "legal notice" not in result.stderr


def test_an_unknown_publisher_is_an_error(tmp_path):
    folder = tmp_path / "editions"
    shutil.copytree(MINIMAL, folder)
    series = folder / "series.yaml"
    series.write_text(
        series.read_text(encoding="utf-8") + "publication:\n  publisher: personne\n",
        encoding="utf-8",
    )
    result = validate(folder)
    assert result.exit_code == 1
    line = line_of(series, "  publisher: personne")
    assert (
        f"series.yaml:{line}:14: publication.publisher: unknown organisation 'personne'"
        in result.output
    )
