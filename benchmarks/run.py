"""Time aictdata on synthetic series of growing size, against floors timed in the same run.

For each size, a series is generated into a temporary folder (benchmarks.generate), then:

- `aictdata validate` and `aictdata build` run end to end as child processes of the real
  CLI, best of --repeat, with each child's peak memory read from `os.wait4`; each
  `validate` with an empty cache is followed at once by the imports any command makes
  (`IMPORT_FLOOR`), the floor its target is measured from (`above_floors`); each `build`
  is followed at once by the icalendar floor, timed in a child of its own
  (`benchmarks.floors`), and by two rebuilds after one moved slot each, the second timed
  (`_time_builds`): the build's ratio to its floor and the rebuild's to the build divide
  times of the same minutes (the worker's floor, timed later, gives the in-process ratios
  and `build over worker ical floor`);
- a child process (benchmarks.worker) loads the catalog once and times, in process, each
  exporter of the registry alone (`build_site(..., only=[name])`), all of them together,
  and the floors: icalendar alone serialising every slot once, the csv module alone
  writing one row per slot, and the file system alone creating the files of that build
  (same paths, same sizes).

Once per run, the start-up floors: a bare `python -c "import click"` and
`import click, yaml, pydantic`, against `aictdata --help` and `aictdata validate` on the
real editions, best of --startup-repeat, the commands interleaved so that a burst of load
on this shared machine hurts them alike.

It prints a table, one JSON line per measured size (and one for start-up), and with --out
writes every figure to a JSON file. Machines are noisy: compare ratios, not seconds.

    .venv/bin/python -m benchmarks.run --sizes 1000,10000,100000 --out results.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.generate import DEFAULT_SEED, write_series

ROOT = Path(__file__).resolve().parent.parent
REAL_EDITIONS = ROOT / "editions"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
LARGE = 100_000
PYTHON = sys.executable
IMPORT_FLOOR = [PYTHON, "-c", "import click, yaml, pydantic"]
"""What any command of aictdata imports before it can read an edition: `validate`'s floor."""


class StepFailedError(Exception):
    """A timed command failed or timed out: its figures are recorded as an error."""


@dataclass(frozen=True)
class Child:
    """One finished child process: wall time, CPU time and peak memory."""

    wall_s: float
    cpu_s: float
    peak_kb: int
    stdout: str


def aictdata_command() -> list[str]:
    """The console script beside this interpreter (what an organiser runs), else -m."""
    script = Path(PYTHON).parent / "aictdata"
    return [str(script)] if script.exists() else [PYTHON, "-m", "aictdata"]


def _gnu_time() -> str | None:
    """GNU time, if installed: the one way to read a child's own peak memory.

    A child's ru_maxrss from wait4 is at least the RSS of the process that forked it (Linux
    keeps the high-water mark of the memory it had before exec), so the benchmark, with
    pydantic loaded, would lend every child its own 35 MiB. GNU time is a small process
    that forks the command itself.
    """
    path = shutil.which("time") or "/usr/bin/time"
    try:
        probe = subprocess.run([path, "-f", "%M", "true"], capture_output=True, check=False)
    except OSError:
        return None
    return path if probe.returncode == 0 and probe.stderr.strip().isdigit() else None


GNU_TIME = _gnu_time()


def run_child(
    argv: Sequence[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    show_stderr: bool = False,
    cache: Path | None = None,
) -> Child:
    """Run `argv` in its own session (so a timeout kills all of it); wall, CPU, peak RSS.

    CPU time comes from wait4 and includes every process the command waited for; the peak
    is the largest single process (Linux folds waited-for children's peaks in, not sums).
    With `show_stderr` the child's progress goes straight to ours (a long run that is
    killed still shows what it measured). With `cache`, that folder is the child's
    $XDG_CACHE_HOME, where aictdata keeps its validated editions and compiled templates.
    """
    environment = None if cache is None else {**os.environ, "XDG_CACHE_HOME": str(cache)}
    with tempfile.TemporaryDirectory() as scratch:
        out_path, err_path, peak_path = (Path(scratch) / n for n in ("out", "err", "peak"))
        wrapped = [GNU_TIME, "-f", "%M", "-o", str(peak_path), *argv] if GNU_TIME else argv
        with out_path.open("wb") as out, err_path.open("wb") as err:
            started = time.perf_counter()
            process = subprocess.Popen(
                wrapped,
                stdout=out,
                stderr=None if show_stderr else err,
                cwd=cwd,
                env=environment,
                start_new_session=True,
            )
            timer = threading.Timer(timeout, os.killpg, (process.pid, signal.SIGKILL))
            timer.start()
            try:
                _, status, usage = os.wait4(process.pid, 0)
            finally:
                timer.cancel()
            wall = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            reason = f"timed out after {timeout:.0f} s" if wall >= timeout else f"exit {code}"
            tail = err_path.read_text("utf-8", "replace").strip().splitlines()[-5:]
            raise StepFailedError(f"{' '.join(argv)}: {reason}: {' | '.join(tail)}")
        peak = usage.ru_maxrss
        if GNU_TIME:
            peak = int(peak_path.read_text().split()[-1])
        return Child(wall, usage.ru_utime + usage.ru_stime, peak, out_path.read_text("utf-8"))


def summarise(children: Sequence[Child]) -> dict[str, Any]:
    best = min(children, key=lambda c: c.wall_s)
    return {
        "best_s": best.wall_s,
        "cpu_s": min(c.cpu_s for c in children),
        "runs_s": [c.wall_s for c in children],
        "peak_kb": max(c.peak_kb for c in children),
    }


def time_commands(
    commands: dict[str, list[str]], repeat: int, *, timeout: float
) -> dict[str, dict[str, Any]]:
    """Best of `repeat` for each command, interleaved round by round."""
    runs: dict[str, list[Child]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            runs[name].append(run_child(argv, timeout=timeout, cwd=ROOT))
    return {name: summarise(children) for name, children in runs.items()}


def measure_startup(repeat: int, timeout: float) -> dict[str, Any]:
    cli = aictdata_command()
    figures = time_commands(
        {
            "python_bare": [PYTHON, "-c", "pass"],
            "import_click": [PYTHON, "-c", "import click"],
            "import_floor": IMPORT_FLOOR,
            "import_basemodel": [
                PYTHON,
                "-c",
                "import click, yaml; from pydantic import BaseModel",
            ],
            "help": [*cli, "--help"],
            "validate_real": [*cli, "validate", str(REAL_EDITIONS)],
        },
        repeat,
        timeout=timeout,
    )
    best = {name: f["best_s"] for name, f in figures.items()}
    return {
        "commands": figures,
        "help_minus_click_s": best["help"] - best["import_click"],
        "validate_minus_import_floor_s": best["validate_real"] - best["import_floor"],
        "targets": {"help_minus_click_s": 0.15, "validate_minus_import_floor_s": 0.2},
    }


def build_supports_validate() -> bool:
    """Whether `aictdata build --validate` (frictionless' own check) exists yet."""
    try:
        child = run_child([*aictdata_command(), "build", "--help"], timeout=60)
    except StepFailedError:
        return False
    return "--validate" in child.stdout


def measure_size(slots: int, args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    repeat = args.repeat_large if slots >= LARGE else args.repeat
    folder = (args.keep or scratch) / f"series-{slots}"
    started = time.perf_counter()
    write_series(folder, slots, seed=args.seed)
    figures: dict[str, Any] = {
        "slots": slots,
        "repeat": repeat,
        "generate_s": time.perf_counter() - started,
        "yaml_bytes": sum(p.stat().st_size for p in folder.iterdir()),
    }
    cli = aictdata_command()
    site = scratch / "site"
    validate = [*cli, "validate", str(folder)]
    # --published: the build that writes the calendar memory, as the organiser runs it
    build = [*cli, "build", str(folder), "--out", str(site), "--published"]
    # (argv, whether each run starts with an empty cache folder): a build as on a fresh
    # machine, `validate` both so and as the organiser runs it again (`source.parsed`)
    steps: dict[str, tuple[list[str], bool]] = {
        "validate_cold": (validate, True),
        "validate": (validate, False),
    }
    if args.frictionless and slots <= args.frictionless_max:
        steps["build_validate"] = ([*build, "--validate"], True)
    warm = scratch / f"cache-{slots}"
    for name, (argv, cold) in steps.items():
        try:
            if not cold:  # the cache filled first, so that even one run reads it
                run_child(argv, timeout=args.timeout, cwd=scratch, cache=warm)
            children, floors = [], []
            for _ in range(repeat):
                _clear(site)
                with tempfile.TemporaryDirectory(dir=scratch) as empty:
                    cache = Path(empty) if cold else warm
                    children.append(run_child(argv, timeout=args.timeout, cwd=scratch, cache=cache))
                if name == "validate_cold":  # its floor at once, as the build's (below)
                    floors.append(run_child(IMPORT_FLOOR, timeout=args.timeout, cwd=scratch))
            figures[name] = summarise(children)
            if floors:
                figures["floor_import"] = summarise(floors)
            progress(
                slots, name, f"{figures[name]['best_s']:.3f} s, {_cell(children[0].peak_kb, 'MiB')}"
            )
        except StepFailedError as error:
            figures[name] = {"error": str(error)}
            progress(slots, name, str(error))
        if name == "validate":  # the build next, as the steps were always reported
            figures.update(_time_builds(folder, build, site, repeat, args.timeout, warm))
            progress(slots, "build", _cell(_best(figures, "build")))
            progress(slots, "rebuild after one moved slot", _cell(_best(figures, "rebuild")))
    _clear(site)
    work = scratch / "work"
    work.mkdir(exist_ok=True)
    worker = [PYTHON, "-m", "benchmarks.worker", str(folder), "--work", str(work)]
    try:
        child = run_child(
            [*worker, "--repeat", str(repeat)], timeout=args.timeout, cwd=ROOT, show_stderr=True
        )
        figures["inprocess"] = json.loads(child.stdout.strip().splitlines()[-1])
        figures["inprocess"]["peak_kb"] = child.peak_kb
    except StepFailedError as error:
        figures["inprocess"] = {"error": str(error)}
        progress(slots, "in-process", str(error))
    figures["ratios"] = ratios(figures)
    figures["above_floors"] = above_floors(figures)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def _time_builds(
    folder: Path, build: list[str], site: Path, repeat: int, timeout: float, warm: Path
) -> dict[str, Any]:
    """`build` as on a fresh machine (an empty cache, no site), best of `repeat`; after
    each, at once, the icalendar floor (`benchmarks.floors`, in a child of its own) and
    two rebuilds of that published site, each after one slot moved an hour later (and its
    edition's `updated` advanced, as the organiser does), the second timed: it takes the
    folders the first left (`build.site._retire`), as an organiser's rebuild after a
    rebuild does. The ratios of the build to its floor and of the rebuild to the build
    then divide times taken within the same minute: on a shared machine, the speed moves
    from one run to the next. `build` writes `site`, whose folder holds the empty caches
    too; `warm` is the cache the floor loads the series from."""
    scratch = site.parent
    builds, floors, rebuilds = [], [], []
    floor = [PYTHON, "-m", "benchmarks.floors", str(folder)]
    try:
        for round_ in range(repeat):
            _clear(site)
            with tempfile.TemporaryDirectory(dir=scratch) as empty:
                cache = Path(empty)
                builds.append(run_child(build, timeout=timeout, cwd=scratch, cache=cache))
                timed = run_child(floor, timeout=timeout, cwd=ROOT, cache=warm)
                floors.append(json.loads(timed.stdout.strip().splitlines()[-1]))
                for step in (2 * round_, 2 * round_ + 1):
                    move_one_slot(folder, step)
                    rebuilt = run_child(build, timeout=timeout, cwd=scratch, cache=cache)
                rebuilds.append(rebuilt)
    except StepFailedError as error:
        return {"build": {"error": str(error)}, "rebuild": {"error": str(error)}}
    return {
        "build": summarise(builds),
        "floor_ical": {
            "best_s": min(f["wall_s"] for f in floors),
            "cpu_s": min(f["cpu_s"] for f in floors),
            "runs_s": [f["wall_s"] for f in floors],
        },
        "rebuild": summarise(rebuilds),
    }


def _clear(site: Path) -> None:
    """Remove the site and what its builds left beside it (`build.site._retire`)."""
    for path in [site, *site.parent.glob(f".{site.name}.*")]:
        shutil.rmtree(path, ignore_errors=True)


_SLOT_TIMES = re.compile(r"^(  start: )(\d\d):(\d\d)\n(  end: )(\d\d):(\d\d)$", re.MULTILINE)
_UPDATED = re.compile(r"^updated: (.*)$", re.MULTILINE)


def move_one_slot(folder: Path, step: int) -> None:
    """Move the `step`-th slot of the series' first edition an hour later and advance the
    edition's `updated` by `step + 1` minutes (both as the generator writes them)."""
    path = sorted(folder.glob("e*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    found = list(_SLOT_TIMES.finditer(text))[step % len(_SLOT_TIMES.findall(text))]
    start, end = int(found[2]) + 1, int(found[5]) + 1
    moved = f"{found[1]}{start:02d}:{found[3]}\n{found[4]}{end:02d}:{found[6]}"
    text = text[: found.start()] + moved + text[found.end() :]
    updated = _UPDATED.search(text)
    assert updated is not None
    stamp = datetime.fromisoformat(updated[1]) + timedelta(minutes=step + 1)
    text = text[: updated.start(1)] + stamp.isoformat(sep=" ") + text[updated.end(1) :]
    path.write_text(text, encoding="utf-8")


def progress(slots: int, step: str, text: str) -> None:
    """One line on stderr as each step ends: a run killed by a time limit still tells."""
    print(f"[{slots:,} slots] {step}: {text}", file=sys.stderr, flush=True)


def _best(figures: dict[str, Any], *path: str, cpu: bool = False) -> float | None:
    """The best wall time (or CPU time) at `path`; a bare number there is taken as is."""
    node: Any = figures
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node.get("cpu_s" if cpu else "best_s") if isinstance(node, dict) else node


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def _median_round(
    figures: dict[str, Any], top: str, bottom: str, *, difference: bool = False
) -> float | None:
    """The median of the ratios (or with `difference`, of the differences) of runs timed
    one after the other (`_time_builds`, `measure_size`): less lucky than the best of
    each, which may come from two different minutes."""
    tops, bottoms = (figures.get(name, {}).get("runs_s") for name in (top, bottom))
    if not tops or not bottoms or len(tops) != len(bottoms):
        return None
    pairs = zip(tops, bottoms, strict=True)
    return statistics.median(a - b if difference else a / b for a, b in pairs)


def above_floors(figures: dict[str, Any]) -> dict[str, float | None]:
    """How far a command is above the floor timed right after each of its runs, in
    seconds: `validate` with an empty cache over the imports any command makes (the
    target is stated so). Best over best, and the median of the rounds."""
    validate, floor = _best(figures, "validate_cold"), _best(figures, "floor_import")
    return {
        "validate_above_imports_s": (
            validate - floor if validate is not None and floor is not None else None
        ),
        "validate_above_imports_median_s": _median_round(
            figures, "validate_cold", "floor_import", difference=True
        ),
    }


def ratios(figures: dict[str, Any]) -> dict[str, float | None]:
    """The ratios the targets are stated in (None where a figure is missing).

    Also in CPU time: on a shared machine a child waiting for a core or for the disk
    inflates its wall time, not its CPU time.
    """
    ical = _best(figures, "inprocess", "floors", "ical")
    beside = _best(figures, "floor_ical")
    beside_cpu = _best(figures, "floor_ical", cpu=True)
    result = {
        "build_over_ical_floor": _ratio(_best(figures, "build"), beside),
        "build_over_ical_floor_median": _median_round(figures, "build", "floor_ical"),
        "build_over_ical_floor_cpu": _ratio(_best(figures, "build", cpu=True), beside_cpu),
        "build_over_worker_ical_floor": _ratio(_best(figures, "build"), ical),
        "inprocess_build_over_ical_floor": _ratio(_best(figures, "inprocess", "build_all"), ical),
        "rebuild_over_build": _ratio(_best(figures, "rebuild"), _best(figures, "build")),
        "rebuild_over_build_median": _median_round(figures, "rebuild", "build"),
    }
    files = _best(figures, "inprocess", "floors", "files")
    if files is not None and ical is not None:
        # Diagnostic, not a target: how far the build is from what this disk allows.
        result["build_over_ical_plus_files_floor"] = _ratio(_best(figures, "build"), ical + files)
    exporters = figures.get("inprocess", {}).get("exporters", {})
    if "ics" in exporters:
        result["ics_over_ical_floor"] = _ratio(
            _best(figures, "inprocess", "exporters", "ics"), ical
        )
    if "datapackage" in exporters:
        result["datapackage_over_csv_floor"] = _ratio(
            _best(figures, "inprocess", "exporters", "datapackage"),
            _best(figures, "inprocess", "floors", "csv"),
        )
    return result


def timed_rows(figures: dict[str, Any], *, cpu: bool = False) -> dict[str, float | None]:
    """Every time of one size by name: the rows of the table and of the growth ratios."""
    rows: dict[str, float | None] = {
        "validate, empty cache (CLI)": _best(figures, "validate_cold", cpu=cpu),
        "validate again (CLI)": _best(figures, "validate", cpu=cpu),
        "build, empty cache (CLI)": _best(figures, "build", cpu=cpu),
    }
    if "rebuild" in figures:
        rows["rebuild, one slot moved (CLI)"] = _best(figures, "rebuild", cpu=cpu)
    if "build_validate" in figures:
        rows["build --validate (CLI)"] = _best(figures, "build_validate", cpu=cpu)
    rows["load (in-process)"] = _best(figures, "inprocess", "load_cpu_s" if cpu else "load_s")
    for name in figures.get("inprocess", {}).get("exporters", {}):
        rows[f"exporter {name}"] = _best(figures, "inprocess", "exporters", name, cpu=cpu)
    rows["all exporters (in-process)"] = _best(figures, "inprocess", "build_all", cpu=cpu)
    rows["floor imports, beside validate"] = _best(figures, "floor_import", cpu=cpu)
    rows["floor icalendar, beside build"] = _best(figures, "floor_ical", cpu=cpu)
    rows["floor icalendar"] = _best(figures, "inprocess", "floors", "ical", cpu=cpu)
    rows["floor csv"] = _best(figures, "inprocess", "floors", "csv", cpu=cpu)
    if "files" in figures.get("inprocess", {}).get("floors", {}):
        rows["floor files"] = _best(figures, "inprocess", "floors", "files", cpu=cpu)
    return rows


def growth(results: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Time ratio between consecutive sizes (target: at most 1.1x the slot ratio)."""
    steps = []
    for small, large in itertools.pairwise(results):
        step: dict[str, Any] = {
            "from": small["slots"],
            "to": large["slots"],
            "slot_ratio": large["slots"] / small["slots"],
        }
        for key, cpu in (("time_ratio", False), ("cpu_ratio", True)):
            before, after = timed_rows(small, cpu=cpu), timed_rows(large, cpu=cpu)
            step[key] = {name: _ratio(after.get(name), before[name]) for name in before}
        steps.append(step)
    return steps


def _cell(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "MiB":
        return f"{value / 1024:.0f} MiB"
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def table(startup: dict[str, Any], results: Sequence[dict[str, Any]]) -> str:
    """Wall time first, CPU time in brackets (the child's own, or the worker's)."""
    sizes = [f"{r['slots']:,} slots" for r in results]
    names = list(dict.fromkeys(name for r in results for name in timed_rows(r)))
    lines = [f"{'':32}" + "".join(f"{s:>22}" for s in sizes)] if results else []

    def row(label: str, cells: Sequence[str]) -> None:
        lines.append(f"{label:32}" + "".join(f"{c:>22}" for c in cells))

    def both(wall: float | None, cpu: float | None) -> str:
        return f"{_cell(wall)} ({_cell(cpu).removesuffix(' s')})" if cpu else _cell(wall)

    for name in names:
        row(
            name,
            [both(timed_rows(r).get(name), timed_rows(r, cpu=True).get(name)) for r in results],
        )
    for label, step in (("validate", "validate"), ("build", "build"), ("in-process", "inprocess")):
        if results:
            peaks = [_cell(r.get(step, {}).get("peak_kb"), "MiB") for r in results]
            row(f"peak memory {label}", peaks)
    for key in dict.fromkeys(k for r in results for k in r["ratios"]):
        row(key.replace("_", " "), [_cell(r["ratios"].get(key), "x") for r in results])
    for key in dict.fromkeys(k for r in results for k in r.get("above_floors", {})):
        label = key.removesuffix("_s").replace("_", " ")
        row(label, [_cell(r["above_floors"].get(key)) for r in results])
    for step in growth(results):
        lines.append(f"growth {step['from']:,} -> {step['to']:,} slots (x{step['slot_ratio']:g}):")
        for name, value in step["time_ratio"].items():
            cpu = _cell(step["cpu_ratio"].get(name), "x")
            lines.append(f"  {name:30}{_cell(value, 'x'):>16}   (cpu {cpu})")
    commands = startup.get("commands", {})
    if commands:
        lines.append("start-up (best of runs):")
        for name, figures in commands.items():
            lines.append(f"  {name:30}{_cell(figures['best_s']):>16}")
        lines.append(
            f"  {'help - import click':30}{_cell(startup['help_minus_click_s']):>16}"
            "   (target <= 0.150 s)"
        )
        lines.append(
            f"  {'validate - import floor':30}{_cell(startup['validate_minus_import_floor_s']):>16}"
            "   (target <= 0.200 s)"
        )
    return "\n".join(lines)


def git_commit() -> str | None:
    """The commit measured (`-dirty` when the tree has changes), if this is a clone."""
    described = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return described or None


def environment() -> dict[str, Any]:
    versions = {}
    for name in ("aictdata", "icalendar", "pydantic", "PyYAML", "click", "frictionless", "Jinja2"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    import yaml

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "libyaml": hasattr(yaml, "CSafeLoader"),
        "peak_memory_from": "GNU time"
        if GNU_TIME
        else "wait4 (an upper bound: counts the benchmark's own RSS at each spawn)",
        "commit": git_commit(),
        "versions": versions,
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time aictdata against floors on synthetic series of growing size."
    )
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="slot counts, comma-separated (default: 1000,10000,100000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best kept)")
    parser.add_argument(
        "--repeat-large", type=int, default=1, help=f"runs per timing from {LARGE:,} slots on"
    )
    parser.add_argument("--startup-repeat", type=int, default=7, help="runs per start-up timing")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="write every figure to this JSON file")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per child process")
    parser.add_argument(
        "--no-frictionless",
        dest="frictionless",
        action="store_false",
        help="skip `build --validate` (frictionless' own validation)",
    )
    parser.add_argument(
        "--frictionless-max",
        type=int,
        default=10_000,
        help="largest size at which `build --validate` is timed (it is slow)",
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="generate the series into DIR and keep them"
    )
    parser.add_argument("--skip-startup", action="store_true", help="skip the start-up timings")
    args = parser.parse_args(argv)
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if min(args.repeat, args.repeat_large, args.startup_repeat) < 1:
        parser.error("repeats must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    # As an installed package has it (pip compiles on install): every child reads the
    # compiled code, even where PYTHONDONTWRITEBYTECODE keeps it from writing any.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "aictdata")], check=True)
    args.frictionless = args.frictionless and build_supports_validate()
    report: dict[str, Any] = {"environment": environment(), "seed": args.seed, "sizes": []}
    startup: dict[str, Any] = {}
    if not args.skip_startup:
        startup = measure_startup(args.startup_repeat, args.timeout)
        print(json.dumps({"run": "startup", **startup}), flush=True)
    report["startup"] = startup
    with tempfile.TemporaryDirectory(prefix="aictdata-bench-") as scratch:
        for slots in args.sizes:
            figures = measure_size(slots, args, Path(scratch))
            report["sizes"].append(figures)
            print(json.dumps({"run": "size", **figures}), flush=True)
            report["growth"] = growth(report["sizes"])
            if args.out:  # after each size, so that a run stopped midway keeps what it had
                args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(table(startup, report["sizes"]))


if __name__ == "__main__":
    main()
