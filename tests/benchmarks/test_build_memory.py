"""The memory sampler sees both processes of a forked build (figures not checked)."""

from __future__ import annotations

import sys

import pytest

from benchmarks import build_memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_both_processes_of_a_forked_build_are_sampled(capsys: pytest.CaptureFixture[str]) -> None:
    build_memory.main(["--slots", "1000", "--interval", "0.01"])  # 1,000 slots: the build forks
    figures = {
        name: int(value)
        for name, value, _ in (line.split() for line in capsys.readouterr().out.splitlines())
    }
    assert figures["main_peak_mib"] > 0 and figures["child_peak_mib"] > 0
    assert 0 < figures["sum_pss_mib"] <= figures["sum_rss_mib"]
