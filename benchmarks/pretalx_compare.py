"""aictdata against pretalx 2025.2 on the same talks: ICS, frab XML, frab JSON, HTML export.

For each size, a series is generated (benchmarks.generate: editions of 100 slots over
four days) and loaded with aictdata, and its talks are written to a JSON file for
pretalx (per edition: id, name, dates, time zone, venue; per slot: title, description,
start and end in ISO 8601 with their offset, place, room, speakers' names, kind). Then,
one after the other:

- aictdata, in a child process of this venv: `build_site(catalog, out, only=[name],
  parallel=False)` for the exporters `ics` (the feeds: each edition's, its formats' and
  days', in French and English, and one per slot), `schedule` (frab / c3voc
  schedule.xml and schedule.json of each edition, in one pass) and `html` (the pages,
  both languages, one per slot), best of --repeat each;
- pretalx, in its own venv with SQLite (benchmarks/pretalx_driver.py, which never
  imports aictdata): one event per edition, confirmed submissions with their talk slots,
  schedule released; then `get_data()` of its ICalExporter, FrabXmlExporter and
  FrabJsonExporter for every event (summed, best of --repeat, set-up excluded), and its
  static HTML export, `python -m pretalx export_schedule_html <slug>` for every event,
  within --html-timeout seconds in all.

pretalx's venv is made if missing (`python -m venv`, then `pip install
'pretalx==2025.2.0'` from the package registry); it is not a dependency of aictdata and
this benchmark runs neither in CI nor in the tests. It prints a Markdown table (and
what each side writes, measured), a line on stderr as each step ends, and with --out
writes every figure to a JSON file, after each size. Machines are noisy: compare ratios.

    .venv/bin/python -m benchmarks.pretalx_compare --sizes 1000,10000
    .venv/bin/python -m benchmarks.pretalx_compare --pretalx-venv ~/pretalx-venv --out results.json
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.generate import DEFAULT_SEED, write_series
from benchmarks.run import StepFailedError, git_commit, progress, run_child

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().with_name("pretalx_driver.py")
DEFAULT_VENV = ROOT / ".venv-pretalx"
PYTHON = sys.executable
PRETALX_VERSION = "2025.2.0"
AICTDATA_EXPORTERS = ("ics", "schedule", "html")
OUTPUTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # (row, aictdata exporter or "", pretalx figures summed)
    ("ICS", "ics", ("ics",)),
    ("frab XML", "", ("frab_xml",)),
    ("frab JSON", "", ("frab_json",)),
    ("frab XML + JSON", "schedule", ("frab_xml", "frab_json")),
    ("HTML export", "html", ("html",)),
)


def pretalx_python(venv: Path) -> Path:
    """The interpreter of pretalx's venv, the venv made first if pretalx is not in it."""
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "from importlib.metadata import version; print(version('pretalx'))"]
    if python.exists():
        found = subprocess.run(probe, capture_output=True, text=True, check=False)
        if found.stdout.strip() == PRETALX_VERSION:
            return python
    print(f"installing pretalx {PRETALX_VERSION} into {venv}", file=sys.stderr, flush=True)
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"pretalx=={PRETALX_VERSION}"],
        check=True,
    )
    return python


def talks_document(folder: Path) -> dict[str, Any]:
    """The series' talks as the pretalx driver reads them."""
    from aictdata.source.load import load_catalog

    catalog = load_catalog(folder)
    return {
        "editions": [
            {
                "id": edition.id,
                "name": str(edition.title),
                "start_date": edition.start_date.isoformat(),
                "end_date": edition.end_date.isoformat(),
                "timezone": edition.timezone,
                "venue": str(edition.venue.name) if edition.venue else None,
                "slots": [
                    {
                        "id": slot.id,
                        "title": str(slot.title),
                        "description": str(slot.description) if slot.description else None,
                        "start": slot.starts_at.isoformat(),
                        "end": slot.ends_at.isoformat(),
                        "place": str(slot.place) if slot.place else None,
                        "room": str(slot.room) if slot.room else None,
                        "speakers": [str(name) for name in slot.speakers],
                        "kind": slot.kind.value,
                    }
                    for slot in edition.sessions
                ],
            }
            for edition in catalog.editions
        ]
    }


def _group(parts: tuple[str, ...], editions: set[str]) -> str:
    """A built file's group: `per slot .ics`, `en/ per edition .html`, `manifest.json`...
    (`en/` for the English files, the others are French or shared)."""
    if parts == ("manifest.json",):
        return "manifest.json"
    english = parts[0] == "en" and len(parts) > 1
    inner = parts[1:] if english else parts
    if "sessions" in inner[:-1]:
        scope = "per slot"
    elif inner[0] in editions:
        scope = "per edition"
    else:
        scope = "site-wide"
    return f"{'en/ ' if english else ''}{scope} {Path(parts[-1]).suffix}"


def aictdata_written(out: Path, editions: set[str]) -> dict[str, Any]:
    """Files and bytes of a build, by group."""
    groups: dict[str, dict[str, int]] = {}
    for path in out.rglob("*"):
        if path.is_file():
            entry = groups.setdefault(
                _group(path.relative_to(out).parts, editions), {"files": 0, "bytes": 0}
            )
            entry["files"] += 1
            entry["bytes"] += path.stat().st_size
    return {
        "files": sum(g["files"] for g in groups.values()),
        "bytes": sum(g["bytes"] for g in groups.values()),
        "groups": dict(sorted(groups.items())),
    }


def aictdata_child(folder: Path, repeat: int) -> dict[str, Any]:
    """In the child: each exporter alone, best of `repeat`, and what its build wrote."""
    from aictdata.build.site import build_site
    from aictdata.source.load import load_catalog

    catalog = load_catalog(folder)
    editions = {edition.id for edition in catalog.editions}
    out = folder.parent / "aictdata-site"
    figures: dict[str, Any] = {}
    for name in AICTDATA_EXPORTERS:
        walls: list[float] = []
        cpus: list[float] = []
        for _ in range(repeat):
            shutil.rmtree(out, ignore_errors=True)
            started, started_cpu = time.perf_counter(), time.process_time()
            build_site(catalog, out, only=[name], parallel=False)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - started_cpu)
            print(f"  aictdata {name}: {walls[-1]:.3f} s", file=sys.stderr, flush=True)
        figures[name] = {
            "best_s": min(walls),
            "cpu_s": min(cpus),
            "runs_s": walls,
            "written": aictdata_written(out, editions),
        }
    shutil.rmtree(out, ignore_errors=True)
    return figures


def _last_json(stdout: str) -> dict[str, Any]:
    return json.loads(stdout.strip().splitlines()[-1])


def measure_size(
    slots: int, args: argparse.Namespace, scratch: Path, python: Path
) -> dict[str, Any]:
    folder = scratch / f"series-{slots}"
    write_series(folder, slots, seed=args.seed)
    talks = scratch / f"talks-{slots}.json"
    talks.write_text(json.dumps(talks_document(folder), ensure_ascii=False), encoding="utf-8")
    figures: dict[str, Any] = {"slots": slots, "talks_json_bytes": talks.stat().st_size}
    aictdata = [PYTHON, "-m", "benchmarks.pretalx_compare", "--aictdata-child", str(folder)]
    try:
        child = run_child(
            [*aictdata, "--repeat", str(args.repeat)],
            timeout=args.timeout,
            cwd=ROOT,
            show_stderr=True,
        )
        figures["aictdata"] = _last_json(child.stdout)
    except StepFailedError as error:
        figures["aictdata"] = {"error": str(error)}
    progress(slots, "aictdata", "done" if "error" not in figures["aictdata"] else "failed")
    work = scratch / f"pretalx-{slots}"
    work.mkdir()
    driver = [
        str(python),
        str(DRIVER),
        str(talks),
        "--work",
        str(work),
        "--static",
        str(scratch / "pretalx-static"),
        "--repeat",
        str(args.repeat),
        "--html-timeout",
        str(args.html_timeout),
    ]
    try:
        child = run_child(
            driver, timeout=args.timeout + args.html_timeout, cwd=work, show_stderr=True
        )
        figures["pretalx"] = _last_json(child.stdout)
    except StepFailedError as error:
        figures["pretalx"] = {"error": str(error)}
    progress(slots, "pretalx", "done" if "error" not in figures["pretalx"] else "failed")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return figures


def _seconds(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _pretalx_cell(figures: dict[str, Any], names: Sequence[str]) -> tuple[str, float | None]:
    """pretalx's time for `names` summed (or why there is none), and the least it can be."""
    pretalx = figures["pretalx"]
    if "error" in pretalx:
        return "failed", None
    if names != ("html",):
        seconds = sum(pretalx["exporters"][name]["best_s"] for name in names)
        return _seconds(seconds), seconds
    html = pretalx["html"]
    if html["finished"]:
        return _seconds(html["total_s"]), html["total_s"]
    # Stopped at the time limit: the whole export takes longer than that.
    done = f"{html['done']} of {html['events']} events done"
    return f"did not finish in {html['timeout_s']:.0f} s ({done})", html["timeout_s"]


def table_rows(results: Sequence[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for label, ours, theirs in OUTPUTS:
        for figures in results:
            aictdata = figures["aictdata"]
            mine = aictdata[ours]["best_s"] if ours and "error" not in aictdata else None
            cell = _seconds(mine) if mine is not None else ("failed" if ours else "¹")
            other, seconds = _pretalx_cell(figures, theirs)
            ratio = "-"
            if mine and seconds is not None:
                ratio = f"{'> ' if other.startswith('did not') else ''}{seconds / mine:.1f}x"
            rows.append([label, f"{figures['slots']:,}", cell, other, ratio])
    return rows


def _bytes(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} kB"


def _size(written: dict[str, Any]) -> str:
    return f"{written['files']:,} files, {_bytes(written['bytes'])}"


def _groups(written: dict[str, Any]) -> str:
    return "; ".join(
        f"{name}: {g['files']:,} ({_bytes(g['bytes'])})" for name, g in written["groups"].items()
    )


def written_rows(results: Sequence[dict[str, Any]]) -> list[list[str]]:
    """What each side writes for each output, measured in this run."""
    rows = []
    for figures in results:
        aictdata, pretalx = figures["aictdata"], figures["pretalx"]
        for label, ours, theirs in OUTPUTS:
            if not ours or "error" in aictdata or "error" in pretalx:
                continue
            mine = aictdata[ours]["written"]
            if theirs == ("html",):
                html = pretalx["html"]
                done = "" if html["finished"] else f" ({html['done']} of {html['events']} events)"
                other = f"{_size(html['written'])}{done}: {_groups(html['written'])}"
            else:
                parts = [pretalx["exporters"][name] for name in theirs]
                documents = sum(p["documents"] for p in parts)
                produced = sum(p["bytes"] for p in parts)
                other = f"{documents:,} strings returned, {_bytes(produced)}, no file"
            rows.append([label, f"{figures['slots']:,}", f"{_size(mine)}: {_groups(mine)}", other])
    return rows


def markdown(header: Sequence[str], rows: Sequence[Sequence[str]], right: int) -> str:
    """A Markdown table; the columns from `right` on are right-aligned."""
    align = ["---" if i < right else "---:" for i in range(len(header))]
    lines = [header, align, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def report(results: Sequence[dict[str, Any]]) -> str:
    times = markdown(
        ["output", "talks", "aictdata s", "pretalx s", "ratio pretalx/aictdata"],
        table_rows(results),
        right=1,
    )
    files = markdown(
        ["output", "talks", "aictdata writes", "pretalx writes"], written_rows(results), right=4
    )
    notes = [
        "¹ aictdata's `schedule` exporter writes schedule.xml and schedule.json of each "
        "edition in one pass (one programme per edition, two serialisations): it is timed "
        "against pretalx's two exporters summed, in the row `frab XML + JSON`.",
        "aictdata: `build_site(catalog, out, only=[exporter], parallel=False)` in one "
        "process, files written (atomic build: temporary folder, manifest.json, swap), "
        "best of the runs. pretalx: `get_data()` of each event's exporter, in one process "
        "after set-up, summed over events, best of the runs: the documents are returned "
        "as strings, not written; every document holds all the event's talks (checked).",
        "HTML export: pretalx's `export_schedule_html`, one child process per event "
        "(Django and pretalx start-up included, "
        + ", ".join(
            f"{r['pretalx']['html_child_startup_s']:.2f} s per event at {r['slots']:,} talks"
            for r in results
            if "html_child_startup_s" in r.get("pretalx", {})
        )
        + "), one language, each event's pages with copies of the static files and the "
        "public exports the pages link to; aictdata's `html` writes both languages, one "
        "page per slot, and the site-wide pages and assets once.",
        "pretalx sees every slot as a confirmed talk (the data's statuses are not "
        "mapped; aictdata prefixes « [Annulé] »...), its description as the abstract, "
        "one room per distinct room and place (else the venue), one session type per kind.",
    ]
    return "\n\n".join([times, files, *notes])


def environment(python: Path) -> dict[str, Any]:
    pretalx = subprocess.run(
        [
            str(python),
            "-c",
            "import platform, django; print(platform.python_version(), django.get_version())",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": git_commit(),
        "pretalx": PRETALX_VERSION,
        "pretalx_python": pretalx[0] if pretalx else None,
        "django": pretalx[1] if len(pretalx) > 1 else None,
        "pretalx_venv": str(python.parent.parent),
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="aictdata against pretalx 2025.2 on the same talks."
    )
    parser.add_argument(
        "--sizes", default="1000,10000", help="talks, comma-separated (default: 1000,10000)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best kept)")
    parser.add_argument("--out", type=Path, help="write every figure to this JSON file")
    parser.add_argument(
        "--pretalx-venv",
        type=Path,
        default=DEFAULT_VENV,
        help=f"pretalx's venv, made if missing (default: {DEFAULT_VENV.name} at the root)",
    )
    parser.add_argument(
        "--html-timeout",
        type=float,
        default=600,
        help="seconds for pretalx's HTML export of all the events of one size (default 600)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds for each child process, besides the HTML export (default 1800)",
    )
    parser.add_argument("--aictdata-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.aictdata_child:
        print(json.dumps(aictdata_child(args.aictdata_child, args.repeat)))
        return
    started = time.perf_counter()
    python = pretalx_python(args.pretalx_venv.resolve())
    result: dict[str, Any] = {
        "environment": environment(python),
        "seed": args.seed,
        "repeat": args.repeat,
        "html_timeout_s": args.html_timeout,
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="aictdata-pretalx-") as scratch:
        for slots in args.sizes:
            result["sizes"].append(measure_size(slots, args, Path(scratch), python))
            result["total_s"] = time.perf_counter() - started
            if args.out:  # after each size, so that a run stopped midway keeps what it had
                args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(report(result["sizes"]))
    print(f"\nWhole run: {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
