"""A build in a new Python process, which says which of some libraries it imported: what a
test of a cache must look at, since a library once imported stays in the process that runs
the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from tests.conftest import ROOT

_BUILD_AND_SAY_WHAT_WAS_IMPORTED = """
import sys
from pathlib import Path
from aictdata.build.site import build_site
from aictdata.source.load import load_catalog
editions, out, only, watched = sys.argv[1:]
build_site(load_catalog(Path(editions)), Path(out), only=only.split(","), parallel=False)
print(" ".join(name for name in watched.split(",") if name in sys.modules))
"""


def imported_by_build(
    editions: Path, out: Path, only: Sequence[str], watched: Sequence[str], cache: Path
) -> list[str]:
    """Build `only` (exporters) of `editions` into `out` in a new process whose cache folder
    is `cache`; the names of `watched` that it imported, in their order."""
    arguments = [str(editions), str(out), ",".join(only), ",".join(watched)]
    done = subprocess.run(
        [sys.executable, "-c", _BUILD_AND_SAY_WHAT_WAS_IMPORTED, *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ | {"XDG_CACHE_HOME": str(cache)},
        check=True,
    )
    return done.stdout.split()
