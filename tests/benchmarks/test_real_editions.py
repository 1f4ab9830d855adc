"""The real-editions timing script runs end to end (its figures are not checked)."""

from __future__ import annotations

import json

import pytest

from aictdata.exporters import EXPORTERS
from benchmarks import real_editions
from tests.conftest import EDITIONS


def test_every_exporter_and_the_validation_are_timed(capsys: pytest.CaptureFixture[str]) -> None:
    real_editions.main(["--editions", str(EDITIONS), "--repeat", "1"])
    (line,) = [x for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    figures = json.loads(line)["best_s"]
    expected = [f"exporter {e.name}" for e in EXPORTERS] + ["all exporters"]
    assert list(figures) == [*expected, "frictionless validation"]
    assert all(seconds > 0 for seconds in figures.values())
