"""Each exporter, and frictionless' validation, timed on the real editions (editions/).

The synthetic series of `benchmarks.run` say how the toolkit scales; this says what an
organiser waits for today. Exporters run in process on the loaded catalog, each the best
of --repeat builds into a scratch folder (imports and the first build excluded).

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


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time the exporters on the real editions.")
    parser.add_argument("--editions", type=Path, default=Path("editions"))
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    figures = measure(args.editions, args.repeat)
    for name, seconds in figures.items():
        print(f"{name:28}{seconds * 1000:10.1f} ms")
    print(json.dumps({"run": "real-editions", "best_s": figures}))


if __name__ == "__main__":
    main()
