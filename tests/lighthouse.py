"""Lighthouse, the npm package locked in package-lock.json, run on served pages and judged.

tests/lighthouse_run.mjs does the runs (Lighthouse's Node API, Debian's chromium); this
module checks that the tools are there, starts it, reads its reports and says, for every
category under its threshold, which audits cost the points and on which elements, so
that a failure can be fixed from the message alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.browser import OFFLINE_FLAGS, chromium_or_skip, missing_tool
from tests.conftest import ROOT

RUNNER = Path(__file__).with_name("lighthouse_run.mjs")
PACKAGE = ROOT / "node_modules" / "lighthouse" / "package.json"

#: Lowest score each category may have. Performance only comes from timings that a
#: shared 2-core machine makes noisy (simulated throttling still starts from them).
THRESHOLDS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
PRESETS = ("mobile", "desktop")  # in the runner's order

#: A run takes about 7 to 11 s on a shared machine (six took 40 s when it was quiet): the
#: bound, per run, is for a machine several times as busy.
RUN_TIMEOUT_PER_RUN = 40.0
MAX_ITEMS = 12  # per failing audit, in a failure message

#: Audits whose score is no verdict (nothing to judge, or judged by a person).
NOT_JUDGED = {"notApplicable", "manual", "informative", "error"}


@dataclass(frozen=True)
class Run:
    """One Lighthouse run: a page (its path) with one preset, and the full report."""

    page: str
    preset: str
    url: str
    seconds: float
    report: dict[str, Any]

    def __repr__(self) -> str:  # pytest shows fixture values: not the whole report
        return f"Run({self.page!r}, {self.preset!r}, {self.url!r})"

    @property
    def scores(self) -> dict[str, float | None]:
        return {name: self.report["categories"][name]["score"] for name in THRESHOLDS}


def lighthouse_or_skip() -> str:
    """Debian's chromium, once node and the locked Lighthouse are there too; a missing
    one skips locally and fails under CI, as chromium_or_skip does."""
    chromium = chromium_or_skip()
    if shutil.which("node") is None:
        missing_tool("node is not installed (scripts/setup-test-tools.sh installs it)")
    if not PACKAGE.exists():
        missing_tool("node_modules/lighthouse is missing (scripts/setup-test-tools.sh: npm ci)")
    return chromium


def locked_version() -> str:
    """The Lighthouse version package.json pins (what CI installs with `npm ci`)."""
    return json.loads((ROOT / "package.json").read_text("utf-8"))["devDependencies"]["lighthouse"]


def run_lighthouse(chromium: str, origin: str, pages: Sequence[str], work: Path) -> list[Run]:
    """Lighthouse on origin + each page, with each preset; reports are kept in work/."""
    urls = [origin.rstrip("/") + page for page in pages]
    profiles = work / "profiles"
    completed = subprocess.run(
        ["node", str(RUNNER), str(work / "reports"), str(profiles), *urls],
        env={**os.environ, "CHROME_PATH": chromium, "CHROME_FLAGS_JSON": json.dumps(OFFLINE_FLAGS)},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_PER_RUN * len(urls) * len(PRESETS),
        check=False,
    )
    shutil.rmtree(profiles, ignore_errors=True)
    assert completed.returncode == 0, f"lighthouse failed:\n{completed.stderr[-4000:]}"
    runs = []
    for line in completed.stdout.splitlines():
        done = json.loads(line)
        report = json.loads(Path(done["file"]).read_text("utf-8"))
        page = pages[urls.index(done["url"])]
        runs.append(Run(page, done["preset"], done["url"], done["seconds"], report))
    assert len(runs) == len(urls) * len(PRESETS), completed.stdout
    return runs


def scores_table(runs: Sequence[Run]) -> str:
    """One line per page and preset: the four scores and the run's duration."""
    names = list(THRESHOLDS)
    width = max(len("page"), *(len(run.page) for run in runs))
    lines = [
        f"Lighthouse {runs[0].report['lighthouseVersion']}, "
        f"thresholds {', '.join(f'{n} {t:g}' for n, t in THRESHOLDS.items())}",
        "  ".join(
            [f"{'page':<{width}}", f"{'preset':<8}", *(f"{n:>14}" for n in names), "seconds"]
        ),
    ]
    for run in runs:
        scores = run.scores
        marks = [
            f"{_score(scores[n]):>13}{'!' if _below(scores[n], THRESHOLDS[n]) else ' '}"
            for n in names
        ]
        row = [f"{run.page:<{width}}", f"{run.preset:<8}", *marks, f"{run.seconds:.1f}"]
        lines.append("  ".join(row))
    lines.append("(! = under its threshold)")
    return "\n".join(lines)


def shortfalls(run: Run) -> list[str]:
    """For each category under its threshold: its score, then the audits that cost points."""
    found = []
    for name, threshold in THRESHOLDS.items():
        category = run.report["categories"][name]
        if not _below(category["score"], threshold):
            continue
        lines = [f"{run.page} ({run.preset}): {name} {_score(category['score'])} < {threshold:g}"]
        refs = sorted(category["auditRefs"], key=lambda ref: -ref["weight"])
        for ref in refs:
            audit = run.report["audits"][ref["id"]]
            if audit["scoreDisplayMode"] in NOT_JUDGED or audit["score"] is None:
                continue
            if audit["score"] < 1:
                lines.extend(describe_audit(audit, ref["weight"]))
        found.append("\n".join(lines))
    return found


def describe_audit(audit: dict[str, Any], weight: float) -> list[str]:
    """An audit that did not score 1: id, title, score, value, then its items."""
    value = f", {audit['displayValue']}" if audit.get("displayValue") else ""
    effect = "" if weight else ", weight 0: no effect on the score"
    lines = [f"  - {audit['id']}: {audit['title']} (score {audit['score']:g}{value}{effect})"]
    details = audit.get("details") or {}
    items = details.get("items") or []
    if isinstance(items, dict):  # an insight's checklist: {check id: {label, value}}
        items = [{"check": key, **value} for key, value in items.items()]
    for item in items[:MAX_ITEMS]:
        lines.append(f"      * {describe_item(item)}")
    if len(items) > MAX_ITEMS:
        lines.append(f"      * … and {len(items) - MAX_ITEMS} more")
    return lines


def describe_item(item: dict[str, Any]) -> str:
    """One row of an audit's table, as text: elements by selector, snippet and size, with
    Lighthouse's explanation (sizes, colours); source locations as URL:line:column."""
    parts = []
    for key, value in item.items():
        if key == "subItems":
            related = [describe_item(sub) for sub in value.get("items", [])[:MAX_ITEMS]]
            parts.append(f"related: [{'; '.join(related)}]")
        elif isinstance(value, dict):
            parts.append(f"{key}={_describe_value(value)}")
        elif value not in (None, ""):
            parts.append(f"{key}={value}")
    return "; ".join(parts)


def _describe_value(value: dict[str, Any]) -> str:
    kind = value.get("type")
    if kind == "node":
        box = value.get("boundingRect") or {}
        size = f" {box['width']:g}x{box['height']:g}px" if "width" in box else ""
        text = f"{value.get('selector', '?')} {value.get('snippet', '')}{size}"
        if value.get("nodeLabel"):
            text += f" “{value['nodeLabel']}”"
        if value.get("explanation"):
            text += " — " + " ".join(value["explanation"].split())
        return text
    if kind == "source-location":
        return f"{value.get('url')}:{value.get('line')}:{value.get('column')}"
    if kind in ("url", "code", "text"):
        return str(value.get("value"))
    return json.dumps(value, ensure_ascii=False)[:300]


def _score(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.2f}"


def _below(score: float | None, threshold: float) -> bool:
    """A category that could not be scored (None: the run failed) is under any threshold."""
    return score is None or score < threshold
