"""The `aictdata` command: a thin click layer over the library.

Commands import what they need inside their body, so `aictdata --help` and
`aictdata validate` start without loading icalendar, frictionless or Jinja2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from aictdata.errors import AictdataError, DataError

F = TypeVar("F", bound=Callable[..., Any])

EDITIONS_HELP = "Editions folder (series.yaml + one YAML per edition) or edition files."


def editions_argument(function: F) -> F:
    """PATH... arguments naming the data to read (default: editions/)."""
    return click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=False))(
        function
    )


def folder_option(flag: str, dest: str, default: str, help: str) -> Callable[[F], F]:
    """An option naming a folder (the site or the schemas), with its default shown in --help."""
    return click.option(
        flag,
        dest,
        type=click.Path(path_type=Path),
        default=Path(default),
        show_default=True,
        help=help,
    )


def _fail(error: AictdataError) -> None:
    """Print every problem, one per line, and exit 1: the only place errors are printed."""
    if isinstance(error, DataError):
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.echo(f"{count} error{'s' if count != 1 else ''}", err=True)
    else:
        click.echo(f"error: {error}", err=True)
    sys.exit(1)


def _load(paths: tuple[Path, ...]) -> Any:
    from aictdata.load import load_catalog

    try:
        return load_catalog(*paths)
    except DataError as error:
        _fail(error)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aictdata")
def cli() -> None:
    """Feeds, open data and markup for the Rencontres de l'AICT.

    \b
    Example:
        aictdata validate          # check editions/*.yaml
        aictdata build             # write site/
    """


@cli.command()
@editions_argument
def validate(paths: tuple[Path, ...]) -> None:
    """Check the editions and print one line per edition.

    PATHS are editions folders or edition files (default: editions/). Every error of every
    file is printed as FILE:LINE:COLUMN: FIELD: MESSAGE, and the exit status is 1.

    When the data changed since the calendar memory (calendar-state.json) was last built,
    a warning lists the slots whose SEQUENCE `aictdata build` will raise; the exit status
    stays 0, since the data itself is valid.

    \b
    Example:
        $ aictdata validate
        2024  15e édition  2024-10-23 -> 2024-10-24  14 slots
    """
    catalog = _load(paths)
    for edition in catalog.editions:
        click.echo(
            f"{edition.id}  {edition.number}e édition  {edition.start_date} -> {edition.end_date}"
            f"  {len(edition.sessions)} slots"
        )
    _warn_if_calendar_state_stale(catalog, _editions_dir(paths))


def _warn_if_calendar_state_stale(catalog: Any, editions_dir: Path) -> None:
    """A warning, not an error: an organiser validates as they edit, before building."""
    from aictdata.calendar_state import pending_changes, state_path

    path = state_path(editions_dir)
    try:
        pending = pending_changes(path, catalog)
    except DataError as error:
        _fail(error)
    if pending is None:
        click.echo(
            f"warning: no calendar memory yet ({path}): `aictdata build` creates it;"
            " commit it with the editions",
            err=True,
        )
    elif pending:
        count = len(pending)
        click.echo(
            f"warning: {path} is out of date ({count} slot{'s' if count != 1 else ''} changed"
            " since the last build): run `aictdata build` and commit it",
            err=True,
        )
        for change in pending:
            click.echo(f"  {change}", err=True)


@cli.command()
@folder_option("--out", "out", "schemas", "Folder to write the schemas into.")
@click.option(
    "--check", is_flag=True, help="Only report schemas that differ from the model; exit 1 if any."
)
def schema(out: Path, check: bool) -> None:
    """Write the JSON Schemas generated from the model (for editors and for the data package).

    \b
    Example:
        $ aictdata schema
        wrote schemas/edition.schema.json
    """
    from aictdata.schemas import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(out)
        for name in stale:
            click.echo(f"{out / name}: differs from the model (run `aictdata schema`)", err=True)
        sys.exit(1 if stale else 0)
    for path in write_schemas(out):
        click.echo(f"wrote {path}")


@cli.command()
@editions_argument
@folder_option("--out", "out", "site", "Folder to build the site into (replaced atomically).")
@click.option(
    "--validate",
    is_flag=True,
    help="Also validate the data package with frictionless (slower): an invalid package"
    " fails the build and leaves the previous site in place.",
)
def build(paths: tuple[Path, ...], out: Path, validate: bool) -> None:
    """Build the site: calendar feeds, open data, markup and pages.

    The site is written to a temporary folder and swapped into place only when every
    exporter succeeded; on error the previous site is left untouched.

    \b
    Example:
        $ aictdata build --out site
        built site/: 42 files
        $ aictdata build --validate     # also run frictionless on site/data/
    """
    from aictdata.build import build_site
    from aictdata.calendar_state import state_path
    from aictdata.exporters.context import BuildContext

    catalog = _load(paths)
    editions_dir = _editions_dir(paths)
    state_file = state_path(editions_dir)
    context = BuildContext(editions_dir=editions_dir, validate=validate)
    try:
        report = build_site(catalog, out, context=context, state_file=state_file)
    except AictdataError as error:
        _fail(error)
    click.echo(f"built {out}/: {len(report.files)} files")
    if report.state_written:
        click.echo(f"updated {state_file}: commit it with the editions")


def _editions_dir(paths: tuple[Path, ...]) -> Path:
    first = paths[0] if paths else Path("editions")
    return first if first.is_dir() else first.parent


@cli.command()
@click.argument("edition_id", metavar="EDITION")
@editions_argument
def markup(edition_id: str, paths: tuple[Path, ...]) -> None:
    """Print the schema.org markup of EDITION, ready to paste into a web page.

    The <script type="application/ld+json"> block holds the edition's Event (the same as
    site/EDITION/event.jsonld), escaped so that it is safe anywhere in an HTML page.
    PATHS are as for `validate` (default: editions/).

    \b
    Example:
        $ aictdata markup 2025
        <script type="application/ld+json">
        {
          "@context": "https://schema.org",
          "@type": "Event",
        ...
    """
    from aictdata.exporters.jsonld import edition_event, script_element

    catalog = _load(paths)
    try:
        edition = catalog.edition(edition_id)
    except KeyError as error:
        raise click.BadParameter(error.args[0], param_hint="EDITION") from None
    click.echo(script_element(edition_event(catalog, edition)))


@cli.command()
@click.argument("site_dir", type=click.Path(path_type=Path), default=Path("site"), required=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port, printed at start).",
)
@click.option("--quiet", "-q", is_flag=True, help="No access log on standard error.")
def serve(site_dir: Path, host: str, port: int, quiet: bool) -> None:
    """Preview the built site over HTTP, with the headers a production host should send.

    Content-Type per file, ETag and Last-Modified with 304 answers, CORS on feeds and
    data, index.html for folders. Ctrl-C (or SIGTERM) stops it.

    \b
    Example:
        $ aictdata serve site --port 8000
        serving site/ at http://127.0.0.1:8000/ (Ctrl-C to stop)
    """
    import logging

    from aictdata.serve import make_server, serve_until_stopped

    try:
        server = make_server(site_dir, host, port)
    except AictdataError as error:
        _fail(error)
    if not quiet:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        access_log = logging.getLogger("aictdata.serve")
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
    click.echo(f"serving {site_dir}/ at {server.url} (Ctrl-C to stop)")
    how = serve_until_stopped(server)
    click.echo(f"stopped ({how})")


@cli.command()
@click.argument("base_url")
@folder_option(
    "--site", "site_dir", "site", "The local build (its manifest.json lists the files to fetch)."
)
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), help="Seconds per request.  [default: 10]"
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    help="Retries on no answer or 5xx, with backoff.  [default: 2]",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Files fetched at once.",
)
@click.option("--strict", is_flag=True, help="Also fail on warnings (bytes must be identical).")
@click.option(
    "--verbose", "-v", is_flag=True, help="List every file, not only those with findings."
)
def check(
    base_url: str,
    site_dir: Path,
    timeout: float | None,
    retries: int | None,
    jobs: int,
    strict: bool,
    verbose: bool,
) -> None:
    """Compare a deployed site with the local build, file by file.

    Fetches every file that SITE's manifest.json lists from BASE_URL and reports, as a
    table, what is missing, has the wrong status or content type, or differs from the
    build. A feed whose bytes differ but whose events are the same (a host that
    re-serialises) is a warning; exit status 1 on any problem.

    \b
    Example:
        $ aictdata check https://example.org/rencontres/ --site site
        checked 42 files at https://example.org/rencontres/ in 0.8 s: all match
    """
    from dataclasses import replace

    from aictdata.check import FetchOptions, check_site

    options = FetchOptions()
    if timeout is not None:
        options = replace(options, timeout=timeout)
    if retries is not None:
        options = replace(options, retries=retries)
    try:
        report = check_site(base_url, site_dir, options=options, jobs=jobs)
    except AictdataError as error:
        _fail(error)
    rows = [
        (finding.kind.value, str(file.status or "-"), file.path, finding.detail)
        for file in report.files
        for finding in file.findings
    ]
    if verbose:
        rows += [("ok", str(f.status), f.path, "") for f in report.files if not f.findings]
    if rows:
        for line in _table(("RESULT", "HTTP", "PATH", "DETAIL"), sorted(rows, key=lambda r: r[2])):
            click.echo(line)
    total, bad, warned = len(report.files), len(report.problems), len(report.warnings)
    clean = sum(1 for f in report.files if not f.findings)
    summary = (
        "all match"
        if clean == total
        else f"{clean} match, {warned} with warnings, {bad} with problems"
    )
    click.echo(f"checked {total} files at {report.base_url} in {report.seconds:.1f} s: {summary}")
    sys.exit(0 if report.passed(strict=strict) else 1)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Left-aligned columns, the last one unpadded."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    return [
        "  ".join(
            [*(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)), row[-1]]
        ).rstrip()
        for row in [header, *rows]
    ]


def main() -> None:
    cli(prog_name="aictdata")
