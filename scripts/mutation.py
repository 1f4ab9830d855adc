"""`make mutation`: cosmic-ray on the modules where a silent change costs users most.

Each module is mutated in a throw-away copy of the repository (cosmic-ray rewrites the
file on disk; the working tree, and whoever runs tests in it meanwhile, never sees a
mutant), and each mutant runs only the test files that test that module (TESTS, a fixed
map: the tests named after the module, which is what its coverage comes from), stopping
at the first failure. To fit a shared 2-core machine, a deterministic sample of each
module's mutants is run (every k-th in source order, the same sample every run, so two
scores compare), one mutant at a time, each with a time limit, and each module within a
budget: what the budget did not reach stays pending and is left out of the score.

    python scripts/mutation.py                       # the working tree, every module
    python scripts/mutation.py --module build --sample 10
    python scripts/mutation.py --rev main            # the same sample on another commit

The score is killed / (killed + survived); each survivor is printed with its diff, to be
killed by a new test or listed as equivalent in docs/contributors/promises.md.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ics": (
        "aictdata/exporters/ics/events.py",
        (
            "tests/exporters/test_ics.py",
            "tests/exporters/test_ics_lines.py",
            "tests/exporters/test_ics_stamps.py",
            "tests/exporters/test_ics_announcement.py",
            "tests/exporters/test_statuses.py",
            "tests/test_announced.py",
        ),
    ),
    "calendar_state": (
        "aictdata/memory/state.py",
        (
            "tests/memory/test_state.py",
            "tests/memory/test_state_sequence.py",
            "tests/memory/test_state_chain.py",
        ),
    ),
    "serve": (
        "aictdata/serve.py",
        ("tests/test_serve.py", "tests/test_serve_wire.py", "tests/test_serve_folders.py"),
    ),
    "check": ("aictdata/check.py", ("tests/test_check.py", "tests/test_check_safety.py")),
    "build": (
        "aictdata/build/site.py",
        (
            "tests/build/test_atomic.py",
            "tests/build/test_choices.py",
            "tests/build/test_folder.py",
            "tests/build/test_parallel.py",
        ),
    ),
    "atom": (
        "aictdata/exporters/atom.py",
        (
            "tests/exporters/test_atom.py",
            "tests/exporters/test_atom_wire.py",
            "tests/test_programme_story.py",
        ),
    ),
    "changelog": (
        "aictdata/memory/changes.py",
        (
            "tests/memory/test_changes.py",
            "tests/memory/test_changes_edition.py",
            "tests/exporters/test_atom_wire.py",
            "tests/test_programme_story.py",
        ),
    ),
    "schedule": (
        "aictdata/exporters/schedule.py",
        ("tests/exporters/test_schedule.py", "tests/exporters/test_schedule_versions.py"),
    ),
    "openagenda": (
        "aictdata/exporters/openagenda/events.py",
        (
            "tests/exporters/test_openagenda.py",
            "tests/exporters/test_openagenda_texts.py",
            "tests/publish/test_openagenda_bodies.py",
        ),
    ),
    "publish_openagenda": (
        "aictdata/publish/openagenda.py",
        ("tests/publish/test_openagenda.py", "tests/publish/test_openagenda_bodies.py"),
    ),
    "publish_datagouv": (
        "aictdata/publish/datagouv.py",
        (
            "tests/publish/test_datagouv.py",
            "tests/publish/test_datagouv_series.py",
            "tests/publish/test_datagouv_tags.py",
        ),
    ),
    "scaffold": (
        "aictdata/source/scaffold.py",
        ("tests/source/test_scaffold.py", "tests/source/test_scaffold_zone.py"),
    ),
    "load": (
        "aictdata/source/load.py",
        (
            "tests/source/test_load.py",
            "tests/source/test_load_crlf.py",
            "tests/source/test_load_hashtags.py",
            "tests/source/test_load_messages.py",
        ),
    ),
}
"""Module name -> (the file mutated, the test files run against each of its mutants)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", choices=sorted(TESTS))
    parser.add_argument("--sample", type=int, default=20, help="mutants run per module")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per mutant")
    parser.add_argument("--budget", type=float, default=900, help="seconds per module")
    parser.add_argument("--rev", help="mutate this commit instead of the working tree")
    parser.add_argument("--json", type=Path, help="also write the results there")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory(prefix="aictdata-mutation-") as scratch:
        copy = _copy_repository(Path(scratch) / "repo", args.rev)
        for name in args.module or list(TESTS):
            results[name] = _mutate(copy, name, args)
    _print_summary(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


def _copy_repository(target: Path, rev: str | None) -> Path:
    """The tracked files (and new ones not ignored) of the working tree, or of `rev`;
    node_modules and .venv are linked, not copied (ical.js, pyfahrplan), and so is the
    ../shared folder beside the repository: without it the tests that read it skip, and
    every mutant they would kill survives."""
    target.mkdir(parents=True)
    if rev:
        archive = subprocess.run(
            ["git", "archive", rev], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    else:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        for name in filter(None, listed.decode().split("\0")):
            source = ROOT / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    for linked in ("node_modules", ".venv"):
        if (ROOT / linked).exists():
            (target / linked).symlink_to(ROOT / linked)
    beside = ROOT.parent / "shared"  # the frab validators, the seeds: tests read ../shared
    if beside.is_dir() and not (target.parent / "shared").exists():
        (target.parent / "shared").symlink_to(beside)
    return target


def _mutate(copy: Path, name: str, args: argparse.Namespace) -> dict[str, object]:
    module, tests = TESTS[name]
    present = [t for t in tests if (copy / t).is_file()]  # an older --rev may lack some
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--basetemp={copy.parent / 'pytest' / name}",
        *present,
    ]
    config = copy / f"mutation-{name}.toml"
    config.write_text(
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(module)}\n"
        f"timeout = {args.timeout}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(' '.join(command))}\n"
        '\n[cosmic-ray.distributor]\nname = "local"\n',
        encoding="utf-8",
    )
    session = copy / f"mutation-{name}.sqlite"
    (copy.parent / "pytest").mkdir(exist_ok=True)  # pytest makes only the last folder
    environment = {**os.environ, "PYTHONPATH": str(copy)}  # the copy's aictdata, not ours
    environment.pop("CI", None)  # a local run: missing optional tools skip, not fail
    started = time.monotonic()
    baseline = subprocess.run(command, cwd=copy, env=environment, capture_output=True)
    if baseline.returncode != 0:
        sys.exit(f"{name}: the tests fail before any mutation:\n{baseline.stdout.decode()}")
    cosmic_ray = str(Path(sys.executable).with_name("cosmic-ray"))
    subprocess.run([cosmic_ray, "init", str(config), str(session)], cwd=copy, check=True)
    total, sampled = _keep_a_sample(session, args.sample, copy / module)
    print(f"{name}: {total} mutants, running {sampled}", file=sys.stderr, flush=True)
    try:
        subprocess.run(
            [cosmic_ray, "exec", str(config), str(session)],
            cwd=copy,
            env=environment,
            timeout=args.budget,
            check=True,
        )
    except subprocess.TimeoutExpired:
        print(f"{name}: budget of {args.budget:g} s spent", file=sys.stderr)
    return {**_outcomes(session, copy), "mutants": total, "seconds": time.monotonic() - started}


def _ordered(items: list) -> list:
    """Work items in source order (job ids are random): the same sample every run."""

    def key(item: object) -> tuple:
        [mutation] = item.mutations
        return (mutation.start_pos, mutation.end_pos, mutation.operator_name, mutation.occurrence)

    return sorted(items, key=key)


def _annotation_spans(source: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where the annotations are: with `from __future__ import annotations` they are never
    evaluated, so a mutant there is equivalent by construction."""
    spans = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        annotation = getattr(node, "annotation", None) or getattr(node, "returns", None)
        if isinstance(annotation, ast.expr):
            spans.append(
                (
                    (annotation.lineno, annotation.col_offset),
                    (annotation.end_lineno or 0, annotation.end_col_offset or 0),
                )
            )
    return spans


def _in_annotation(item: object, spans: list) -> bool:
    [mutation] = item.mutations
    where = tuple(mutation.start_pos)
    return any(start <= where < end for start, end in spans)


def _keep_a_sample(session: Path, size: int, source: Path) -> tuple[int, int]:
    """Skip the mutants inside annotations, then all but every k-th of the others
    (k = their number // size)."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans = _annotation_spans(source)
    with use_db(str(session), WorkDB.Mode.open) as db:
        every = _ordered(list(db.pending_work_items))
        annotated = [item.job_id for item in every if _in_annotation(item, spans)]
        if annotated:
            db.set_multiple_results(
                annotated,
                WorkResult(output="in an annotation", worker_outcome=WorkerOutcome.SKIPPED),
            )
        skip = set(annotated)
        items = [item for item in every if item.job_id not in skip]
        step = max(1, len(items) // max(1, size))
        kept = set(range(0, len(items), step)[:size])
        skipped = [item.job_id for index, item in enumerate(items) if index not in kept]
        if skipped:
            db.set_multiple_results(
                skipped,
                WorkResult(output="not in the sample", worker_outcome=WorkerOutcome.SKIPPED),
            )
        return len(items), len(kept)


def _outcomes(session: Path, copy: Path) -> dict[str, object]:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    counts = {"killed": 0, "survived": 0, "incompetent": 0, "pending": 0}
    survivors = []
    with use_db(str(session), WorkDB.Mode.open) as db:
        done = dict(db.results)
        for item in _ordered(list(db.work_items)):
            result = done.get(item.job_id)
            if result is None:
                counts["pending"] += 1
                continue
            if result.worker_outcome is WorkerOutcome.SKIPPED:
                continue
            if result.test_outcome is TestOutcome.SURVIVED:
                counts["survived"] += 1
                [mutation] = item.mutations
                where = Path(mutation.module_path)
                where = where.relative_to(copy) if where.is_absolute() else where
                survivors.append(
                    {
                        "where": f"{where}:{mutation.start_pos[0]}",
                        "operator": mutation.operator_name,
                        "diff": result.diff,
                    }
                )
            elif result.test_outcome is TestOutcome.KILLED:
                counts["killed"] += 1
            else:
                counts["incompetent"] += 1
    decided = counts["killed"] + counts["survived"]
    score = counts["killed"] / decided if decided else None
    return {**counts, "score": score, "survivors": survivors}


def _print_summary(results: dict[str, dict]) -> None:
    for result in results.values():
        for survivor in result["survivors"]:
            print(f"survived: {survivor['where']} {survivor['operator']}")
            print("\n".join("    " + line for line in (survivor["diff"] or "").splitlines()))
    print(f"{'module':16}{'mutants':>9}{'run':>6}{'killed':>8}{'survived':>10}{'score':>8}")
    killed = survived = 0
    for name, result in results.items():
        run = result["killed"] + result["survived"] + result["incompetent"]
        score = "-" if result["score"] is None else f"{result['score']:.0%}"
        print(
            f"{name:16}{result['mutants']:>9}{run:>6}{result['killed']:>8}"
            f"{result['survived']:>10}{score:>8}"
        )
        killed, survived = killed + result["killed"], survived + result["survived"]
    if killed + survived:
        print(
            f"{'all':16}{'':>9}{'':>6}{killed:>8}{survived:>10}{killed / (killed + survived):>8.0%}"
        )


if __name__ == "__main__":
    sys.exit(main())
