"""Lighthouse on the index and every edition page, as the real `aictdata serve` serves them,
with its mobile and desktop settings: accessibility, best practices and SEO must score 1.0,
performance at least 0.95 (timings are noisy on a shared machine). The scores seen are
printed at the end of the run, passing or not; a failure names every audit that cost points.

The site is built with `base_url` set to the origin that serves it, so that the canonical
link, as once deployed, names the page's own host: Lighthouse 12's `canonical` audit
accepts a canonical on another host, but only checks a same-host canonical for the
mistakes it knows (pointing at the home page, at another hreflang version).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, page_paths, show_at_the_end
from tests.lighthouse import (
    PRESETS,
    Run,
    lighthouse_or_skip,
    locked_version,
    run_lighthouse,
    scores_table,
    shortfalls,
)
from tests.served import build_for_origin, free_port, serving

ISSUE_28_PAGES = [
    f"/{lang}{path}"
    for path in (
        "2025/sessions/accueil.html",
        "2025/embed.html",
        "mentions-legales.html",
        "accessibilite.html",
        "donnees-personnelles.html",
    )
    for lang in ("", "en/")
]
"""One slot page, the embeddable programme and the legal pages, in both languages: one
page of each kind, since the others are made by the same template (Lighthouse is slow)."""
PAGES = [
    *(f"/{path.removesuffix('index.html')}" for path in page_paths(load_catalog(EDITIONS))),
    *ISSUE_28_PAGES,
]
"""Every edition page and the index, French and English, and one page of each other kind:
the English pages meet the same thresholds."""

BUILT_FOR = "1735689600"
"""SOURCE_DATE_EPOCH of the build (2025-01-01): 2024 is past (its page leads with its
programme, without subscribe panel), 2025 upcoming (subscribe panel, part feeds, « Mon
programme » and its script): each state of an edition page is measured."""


@pytest.fixture(scope="module")
def origin_and_runs(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[tuple[str, dict[tuple[str, str], Run]]]:
    """All the runs, once: the port is chosen first, so that the site is built for it."""
    chromium = lighthouse_or_skip()
    work = tmp_path_factory.mktemp("lighthouse")
    port = free_port()
    origin = f"http://127.0.0.1:{port}/"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILT_FOR)
        site = build_for_origin(origin, work)
    with serving(site, work / "serve.log", port=port) as server:
        assert server.url == origin
        runs = run_lighthouse(chromium, origin, PAGES, work)
    show_at_the_end(pytestconfig, "Lighthouse scores", scores_table(runs))
    yield origin, {(run.page, run.preset): run for run in runs}


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("page", PAGES)
def test_lighthouse_scores_meet_the_thresholds(origin_and_runs, page, preset):
    _, runs = origin_and_runs
    problems = shortfalls(runs[page, preset])
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_lighthouse_ran_as_locked_with_each_presets_defaults(origin_and_runs):
    """The scores are the standard ones: the locked version, each preset's own screen and
    simulated throttling, nothing that kept a run from finishing."""
    _, runs = origin_and_runs
    for (page, preset), run in runs.items():
        report = run.report
        settings = report["configSettings"]
        assert report["lighthouseVersion"] == locked_version()
        assert "runtimeError" not in report, (page, preset, report.get("runtimeError"))
        assert report["runWarnings"] == [], (page, preset)
        assert settings["formFactor"] == preset
        assert settings["screenEmulation"]["mobile"] is (preset == "mobile")
        assert settings["throttlingMethod"] == "simulate"
        assert report["finalDisplayedUrl"] == run.url


def test_lighthouse_traffic_stays_on_the_served_origin(origin_and_runs):
    """Every request the pages made went to `aictdata serve` on 127.0.0.1."""
    origin, runs = origin_and_runs
    for (page, preset), run in runs.items():
        requested = [
            item["url"] for item in run.report["audits"]["network-requests"]["details"]["items"]
        ]
        assert run.url in requested
        elsewhere = [url for url in requested if not url.startswith(origin)]
        assert elsewhere == [], (page, preset)


def test_canonical_names_the_served_page(origin_and_runs):
    """The build for the served origin worked: each page's canonical is the page itself,
    so Lighthouse's canonical audit judged it (it is not applicable without one)."""
    _, runs = origin_and_runs
    for (page, preset), run in runs.items():
        audit = run.report["audits"]["canonical"]
        assert audit["scoreDisplayMode"] == "binary", (page, preset, audit)
        assert audit["score"] == 1, (page, preset, audit)


@pytest.mark.parametrize("missing", ["node", "lighthouse"])
def test_missing_lighthouse_skips_locally_but_fails_under_ci(monkeypatch, tmp_path, missing):
    monkeypatch.setattr("tests.lighthouse.chromium_or_skip", lambda: "/usr/bin/chromium")
    if missing == "node":
        monkeypatch.setenv("PATH", str(tmp_path))
    else:
        monkeypatch.setattr("tests.lighthouse.PACKAGE", tmp_path / "no" / "package.json")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=missing):
        lighthouse_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=missing):
        lighthouse_or_skip()
