"""Where one run of the real CLI spends its time, step by step, in both of its processes.

`benchmarks.run` says how long a build takes; this says when each step of one build ran
and in which process: start-up, the load, the memory, the previous site's manifest, the
fingerprints, the links, each exporter's import and export (on the side that ran it),
the memory's text, the manifest, the swap. It is how the split of the exporters between
the two processes is checked (the registry's `forked`, `whole`, `split` and `either`):
two columns that end far apart are a build waiting for one of its processes.

Each step is timed by wrapping, by name, the functions of `aictdata.build.site` and
`aictdata.output.manifest` that run it, and `Exporter.load` for the exporters, before
the command runs; the wrappers append one line per step to a file (`O_APPEND`, so both
processes write to it), read back and printed as a table once the command ends.

    .venv/bin/python -m benchmarks.timeline build /tmp/s10k --out /tmp/site --published
    .venv/bin/python -m benchmarks.timeline --out-json steps.json validate editions
"""

from __future__ import annotations

import argparse
import atexit
import functools
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

STARTED = time.monotonic()

STEPS = {
    "aictdata.source.load": ("load_catalog",),
    "aictdata.build.site": (
        "build_site",
        "read_state",
        "check_whole_series",
        "advance",
        "check_against_site",
        "edition_fingerprints",
        "_link",
        "_remove",
        "site_mark",
        "write_state",
        "_swap_into_place",
        "_retire",
    ),
    "aictdata.output.manifest": ("read_published", "write"),
}
"""The functions timed, by module: each is looked up in its module when called (a
module-level name), so replacing it there times every call."""


class Recorder:
    """Appends `pid, step, start, end` lines (seconds since this module was imported) to
    one file that every process of the run shares."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def record(self, step: str, start: float, end: float) -> None:
        line = f"{os.getpid()}\t{step}\t{start - STARTED:.4f}\t{end - STARTED:.4f}\n"
        os.write(self._descriptor, line.encode())

    def timed(self, step: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.monotonic()
            try:
                return function(*args, **kwargs)
            finally:
                self.record(step, start, time.monotonic())

        return run


def instrument(recorder: Recorder) -> None:
    """Replace each function of `STEPS` in its module, and `Exporter.load`, by one that
    records when it ran."""
    import importlib

    from aictdata.exporters import Exporter

    for module_name, names in STEPS.items():
        module = importlib.import_module(module_name)
        short = module_name.rpartition(".")[2]
        for name in names:
            step = f"manifest.{name}" if short == "manifest" else name
            setattr(module, name, recorder.timed(step, getattr(module, name)))
    load = Exporter.load

    def timed_load(exporter: Exporter) -> Callable[..., None]:
        start = time.monotonic()
        export = load(exporter)
        recorder.record(f"import {exporter.name}", start, time.monotonic())
        return recorder.timed(f"export {exporter.name}", export)

    Exporter.load = timed_load  # type: ignore[method-assign]


def read_steps(path: Path) -> list[dict[str, Any]]:
    """The steps recorded, by start; `process` is "main" for the command's own process
    and "second" (then "third"…) for the others, in the order they first recorded."""
    rows = []
    for line in path.read_text().splitlines():
        pid, step, start, end = line.split("\t")
        rows.append({"pid": int(pid), "step": step, "start": float(start), "end": float(end)})
    names: dict[int, str] = {os.getpid(): "main"}
    others = iter(("second", "third", "fourth"))
    for row in sorted(rows, key=lambda r: r["start"]):
        if row["pid"] not in names:
            names[row["pid"]] = next(others, str(row["pid"]))
        row["process"] = names[row["pid"]]
        row["seconds"] = round(row["end"] - row["start"], 4)
    return sorted(rows, key=lambda r: (r["start"], r["end"]))


def table(steps: Sequence[dict[str, Any]], ended: float) -> str:
    lines = [f"{'process':8} {'step':28} {'start':>8} {'end':>8} {'seconds':>8}"]
    lines += [
        f"{s['process']:8} {s['step']:28} {s['start']:8.3f} {s['end']:8.3f} {s['seconds']:8.3f}"
        for s in steps
    ]
    lines.append(f"{'main':8} {'(command ended)':28} {'':8} {ended:8.3f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Time each step of one aictdata command, in each of its processes.",
        usage="python -m benchmarks.timeline [--out-json FILE] COMMAND [ARGS...]",
    )
    parser.add_argument("--out-json", type=Path, help="also write the steps to this file")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="aictdata's arguments")
    options = parser.parse_args(argv)
    if not options.command:
        parser.error("give the aictdata command to time (build EDITIONS --out SITE …)")
    folder = Path(tempfile.mkdtemp(prefix="aictdata-timeline-"))
    recorder = Recorder(folder / "steps.tsv")
    import aictdata.cli

    recorder.record("imports of the CLI", STARTED, time.monotonic())
    instrument(recorder)
    main_process = os.getpid()

    def report() -> None:  # atexit: the CLI ends with os._exit once these have run
        if os.getpid() != main_process:
            return
        ended = time.monotonic() - STARTED
        steps = read_steps(recorder.path)
        print(table(steps, ended), file=sys.stderr)
        if options.out_json:
            options.out_json.write_text(json.dumps({"steps": steps, "ended": ended}, indent=1))
        (folder / "steps.tsv").unlink()
        folder.rmdir()

    atexit.register(report)
    sys.argv = ["aictdata", *options.command]
    aictdata.cli.main()


if __name__ == "__main__":
    main()
