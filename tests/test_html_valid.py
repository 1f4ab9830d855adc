"""Every kind of page is valid HTML for the Nu Html Checker (vnu, the W3C's validator),
run from npm's vnu-jar with the system's Java: what the accessibility statement says."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from aictdata.build.site import build_site
from aictdata.exporters.context import BuildOptions
from aictdata.source.load import load_catalog
from tests.browser import command_or_skip, missing_tool
from tests.conftest import EDITIONS, ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
KINDS = (
    "index.html",
    "2024/index.html",
    "2025/index.html",
    "2025/sessions/accueil.html",
    "2025/embed.html",
    "mentions-legales.html",
    "accessibilite.html",
    "donnees-personnelles.html",
)
"""One page of each kind, built for a day when 2024 is past and 2025 upcoming (both
states of an edition page, the latter with « Mon programme »)."""


def vnu(*pages: Path) -> list[dict[str, object]]:
    java = command_or_skip("java", "default-jre-headless")
    if not VNU.exists():
        missing_tool("vnu.jar is missing (npm's vnu-jar: scripts/setup-test-tools.sh)")
    completed = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(completed.stdout)["messages"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("valid") / "site"
    context = BuildOptions(today=date(2025, 1, 1))
    build_site(load_catalog(EDITIONS), out, only=["html"], options=context)
    return out


def test_each_kind_of_page_is_valid_html_in_both_languages(site):
    pages = [site / lang / path for lang in ("", "en") for path in KINDS]
    problems = [
        f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in vnu(*pages)
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert problems == []


def test_the_checker_reports_an_invalid_page(tmp_path):
    """Control: the same run on a broken page reports it (the checker really reads)."""
    page = tmp_path / "broken.html"
    page.write_text("<!doctype html><html lang=fr><title>t</title><p><div></p>", "utf-8")
    assert [m for m in vnu(page) if m["type"] == "error"]
