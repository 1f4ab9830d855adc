"""Each exporter, and frictionless' validation, timed on the real editions (editions/),
and the organiser's own loop: a rebuild after one change against `aictdata validate`.

The synthetic series of `benchmarks.run` say how the toolkit scales; this says what an
organiser waits for today. Exporters run in process on the loaded catalog, each the best
of --repeat builds into a scratch folder (imports and the first build excluded). The
rebuild and `validate` run as commands (`benchmarks.run.run_child`) on a copy of the
editions, one slot retitled before each rebuild, with the cache folder a first build
filled, as on the organiser's machine: best wall time and best CPU time of --repeat.

    .venv/bin/python -m benchmarks.real_editions
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def _best(repeat: int, run: Callable[[], Any], before: Callable[[], None]) -> float:
    times = []
    for _ in range(repeat + 1):  # the first run pays for imports and template compilation
        before()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times[1:])


def measure(editions: Path, repeat: int) -> dict[str, float]:
    import frictionless

    from aictdata.build.site import build_site
    from aictdata.exporters import EXPORTERS
    from aictdata.source.load import load_catalog

    catalog = load_catalog(editions)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"

        def clear() -> None:
            shutil.rmtree(out, ignore_errors=True)

        for exporter in EXPORTERS:
            figures[f"exporter {exporter.name}"] = _best(
                repeat, lambda name=exporter.name: build_site(catalog, out, only=[name]), clear
            )
        figures["all exporters"] = _best(repeat, lambda: build_site(catalog, out), clear)
        package = str(out / "data" / "datapackage.json")

        def validate() -> None:
            report = frictionless.Package(package).validate()
            if not report.valid:
                raise SystemExit(f"the real package does not validate: {report.flatten()}")

        figures["frictionless validation"] = _best(repeat, validate, lambda: None)
    return figures


def rebuild_against_validate(editions: Path, repeat: int) -> dict[str, Any]:
    """`aictdata build` after one retitled slot, and `aictdata validate`, as commands."""
    from benchmarks.run import PYTHON, run_child

    command = [PYTHON, "-m", "aictdata"]
    runs: dict[str, list[Any]] = {"rebuild": [], "validate": []}
    with tempfile.TemporaryDirectory() as scratch:
        work, cache = Path(scratch), Path(scratch) / "cache"
        copy = work / "editions"
        shutil.copytree(editions, copy)
        site = work / "site"
        build = [*command, "build", str(copy), "--out", str(site), "--published"]
        run_child(build, timeout=300, cache=cache)  # the cache, as a first build leaves it
        edition = sorted(copy.glob("[0-9]*.yaml"))[0]
        original = edition.read_text(encoding="utf-8")
        first_title = original.index("    title: ") + len("    title: ")
        for step in range(repeat):
            edition.write_text(
                f"{original[:first_title]}(v{step}) {original[first_title:]}", encoding="utf-8"
            )
            runs["rebuild"].append(run_child(build, timeout=300, cache=cache))
            runs["validate"].append(
                run_child([*command, "validate", str(copy)], timeout=300, cache=cache)
            )
    best = {
        name: {"wall_s": min(c.wall_s for c in done), "cpu_s": min(c.cpu_s for c in done)}
        for name, done in runs.items()
    }
    best["rebuild_over_validate"] = best["rebuild"]["wall_s"] / best["validate"]["wall_s"]
    return best


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time the exporters on the real editions.")
    parser.add_argument("--editions", type=Path, default=Path("editions"))
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    figures = measure(args.editions, args.repeat)
    for name, seconds in figures.items():
        print(f"{name:28}{seconds * 1000:10.1f} ms")
    loop = rebuild_against_validate(args.editions, args.repeat)
    for name in ("rebuild", "validate"):
        wall, cpu = loop[name]["wall_s"], loop[name]["cpu_s"]
        print(f"{name + ' (CLI)':28}{wall * 1000:10.1f} ms  (CPU {cpu * 1000:.1f} ms)")
    print(f"{'rebuild / validate':28}{loop['rebuild_over_validate']:10.2f}x")
    print(json.dumps({"run": "real-editions", "best_s": figures, "loop": loop}))


if __name__ == "__main__":
    main()
