"""Commands on a site: serve it locally, check it once deployed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from aictdata.cli.group import _fail, _table, cli, folder_option
from aictdata.errors import AictdataError
from aictdata.i18n import _, ngettext


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
    click.echo(
        _("serving {folder}/ at {url} (Ctrl-C to stop)").format(folder=site_dir, url=server.url)
    )
    how = serve_until_stopped(server)
    click.echo(_("stopped ({how})").format(how=how))


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
    "--deadline",
    type=click.FloatRange(min=0.1),
    help="Seconds for one file in all, retries and body included.  [default: 60]",
)
@click.option(
    "--run-deadline",
    type=click.FloatRange(min=0.1),
    help="Seconds for the whole check; files not fetched by then fail.  [default: 600]",
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
    deadline: float | None,
    run_deadline: float | None,
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

    from aictdata.check import DEFAULT_OPTIONS, check_site

    given = {"timeout": timeout, "retries": retries, "deadline": deadline}
    given["run_deadline"] = run_deadline
    options = replace(DEFAULT_OPTIONS, **{k: v for k, v in given.items() if v is not None})
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
        _("all match")
        if clean == total
        else _("{clean} match, {warned} with warnings, {bad} with problems").format(
            clean=clean, warned=warned, bad=bad
        )
    )
    checked = ngettext(
        "checked {count} file at {url} in {seconds} s: {summary}",
        "checked {count} files at {url} in {seconds} s: {summary}",
        total,
    )
    click.echo(
        checked.format(
            count=total, url=report.base_url, seconds=f"{report.seconds:.1f}", summary=summary
        )
    )
    sys.exit(0 if report.passed(strict=strict) else 1)
