"""Run every exporter into a temporary folder, then swap it into place.

The published site is never half-written: if validation or any exporter fails, the
temporary folder is removed and the previous site stays exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from aictdata import exporters, layout
from aictdata.calendar_state import CalendarState, advance, read_state, write_state
from aictdata.errors import AictdataError, BuildError
from aictdata.mediatypes import media_type
from aictdata.model import Catalog
from aictdata.sitewriter import SiteWriter, WrittenFile


@dataclass(frozen=True)
class BuildContext:
    """What exporters may know of the build besides the catalog."""

    editions_dir: Path | None = None
    validate: bool = False
    calendar_state: CalendarState | None = None
    """SEQUENCE and LAST-MODIFIED of every slot, advanced to this catalog by `build_site`."""


@dataclass(frozen=True)
class BuildReport:
    out: Path
    files: dict[str, WrittenFile] = field(default_factory=dict)
    state_written: bool = False
    """True when the build changed the calendar memory (the organiser commits it)."""


def build_site(
    catalog: Catalog,
    out: Path,
    *,
    context: BuildContext | None = None,
    only: Sequence[str] | None = None,
    state_file: Path | None = None,
) -> BuildReport:
    """Build the site of `catalog` into `out`, atomically.

    `state_file` is the calendar memory (editions/calendar-state.json): it is read,
    advanced to this catalog for the exporters, and written back only once the new site
    is in place, so a failed build changes neither the site nor the memory.
    """
    context = context or BuildContext()
    previous = read_state(state_file) if state_file else context.calendar_state
    state = advance(previous, catalog)
    context = replace(context, calendar_state=state)
    chosen = [exporters.get(name) for name in only] if only else list(exporters.EXPORTERS)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        site = SiteWriter(staging)
        for exporter in chosen:
            exporter.load()(catalog, site, context)
        _write_manifest(site)
        _swap_into_place(staging, out)
    except AictdataError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"could not write the site: {error}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        written = write_state(state_file, state) if state_file else False
    except OSError as error:
        raise BuildError(f"built {out}, but could not write {state_file}: {error}") from error
    return BuildReport(out, site.files, state_written=written)


def _write_manifest(site: SiteWriter) -> None:
    """List every file with its size, hash and content type, for `aictdata check`."""
    entries = [
        {"path": f.path, "bytes": f.bytes, "sha256": f.sha256, "content_type": media_type(f.path)}
        for f in sorted(site.files.values(), key=lambda f: f.path)
    ]
    text = json.dumps({"files": entries}, ensure_ascii=False, indent=1) + "\n"
    site.write_text(layout.MANIFEST, text)


def _swap_into_place(staging: Path, out: Path) -> None:
    """Replace `out` with `staging` in two renames; the old site is removed last."""
    staging.chmod(0o755)
    if not out.exists():
        os.replace(staging, out)
        return
    if not out.is_dir():
        raise BuildError(f"{out} exists and is not a folder")
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    os.replace(out, retired)
    try:
        os.replace(staging, out)
    except OSError:
        os.replace(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
