"""The `aictdata` command: a thin click layer over the library.

Commands import what they need inside their body, so `aictdata --help` and
`aictdata validate` start without loading icalendar, frictionless or Jinja2.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from aictdata import i18n
from aictdata.errors import AictdataError, DataError
from aictdata.i18n import N_, _, ngettext

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
        click.echo(ngettext("{count} error", "{count} errors", count).format(count=count), err=True)
    else:
        click.echo(_("error: {error}").format(error=error), err=True)
    sys.exit(1)


def _load(paths: tuple[Path, ...]) -> Any:
    from aictdata.source.load import load_catalog

    try:
        return load_catalog(*paths)
    except DataError as error:
        _fail(error)


class Aictdata(click.Group):
    """The command group, speaking the organiser's language from the start: the locale's
    before anything is parsed (`aictdata --help` is printed while parsing), `--lang`'s
    as soon as it is read (it is eager, so before the help it precedes)."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> click.Context:
        _speak(i18n.language_from_environment())
        return super().make_context(info_name, args, parent, **extra)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """A run, after which click's objects speak English again, as when imported."""
        from aictdata.clihelp import restore_help, speak_click

        try:
            return super().main(*args, **kwargs)
        finally:
            restore_help()
            speak_click("en")


def _speak(language: str) -> None:
    from aictdata.clihelp import speak_click, translate_help

    i18n.activate(language)
    speak_click(language)
    translate_help(cli, _)


def _language_option(context: click.Context, parameter: Any, value: str | None) -> None:
    if value:
        _speak(value)


@click.group(cls=Aictdata, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aictdata")
@click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    is_eager=True,
    expose_value=False,
    callback=_language_option,
    help="Language of the messages (default: French when LC_ALL, LC_MESSAGES or LANG"
    " starts with fr, else English).",
)
def cli() -> None:
    """Feeds, open data and markup for the Rencontres de l'AICT.

    \b
    Example:
        aictdata validate          # check editions/*.yaml
        aictdata build             # write site/
        aictdata --lang fr validate   # messages in French
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
        count = len(edition.sessions)
        slots = ngettext("{count} slot", "{count} slots", count).format(count=count)
        click.echo(
            f"{edition.id}  {edition.number}e édition  {edition.start_date} -> {edition.end_date}"
            f"  {slots}"
        )
    _warn_if_calendar_state_stale(catalog, _editions_dir(paths))
    from aictdata.source.load import publication_gaps

    for problem in publication_gaps(*paths):
        click.echo(_("warning: {problem}").format(problem=problem), err=True)


def _warn_if_calendar_state_stale(catalog: Any, editions_dir: Path) -> None:
    """A warning, not an error: an organiser validates as they edit, before building."""
    from aictdata.memory.state import pending_changes, state_path
    from aictdata.memory.store import read_state

    path = state_path(editions_dir)
    try:
        previous = read_state(path)
    except DataError as error:
        _fail(error)
    pending = pending_changes(previous, catalog)
    if pending is None:
        message = _(
            "warning: no calendar memory yet ({path}): `aictdata build` creates it;"
            " commit it with the editions"
        )
        click.echo(message.format(path=path), err=True)
    elif pending:
        count = sum(change.sequence is not None for change in pending)
        what = (
            [ngettext("{count} slot changed", "{count} slots changed", count).format(count=count)]
            if count
            else []
        )
        if count < len(pending):
            what.append(_("an edition's dates, status or programme version"))
        message = _(
            "warning: {path} is out of date ({what} since the last build):"
            " run `aictdata build` and commit it"
        )
        click.echo(message.format(path=path, what=_(" and ").join(what)), err=True)
        for change in pending:
            click.echo(f"  {_pending_line(change)}", err=True)


_CHANGE_WORDS = {
    "new": N_("new"),
    "time": N_("time"),
    "place": N_("place"),
    "title": N_("title"),
    "status": N_("status"),
    "removal": N_("removal"),
    "kind": N_("kind"),
    "dates": N_("dates"),
}
"""The memory's names of what changed (memory.state.Change.what), in the organiser's
language; the calendar memory itself keeps them in English."""
_EDITION_UID = re.compile(r"^edition (\S+)$")
_VERSION_WORD = re.compile(r"^programme version (\d+)$")


def _pending_line(change: Any) -> str:
    """One line of validate's warning: « 2025.cafes@raict.org : horaire (version 1 dans
    les calendriers) »."""
    edition = _EDITION_UID.match(change.uid)
    who = _("edition {id}").format(id=edition[1]) if edition else change.uid
    words = []
    for word in change.what:
        version = _VERSION_WORD.match(word)
        if version:
            words.append(_("programme version {number}").format(number=version[1]))
        else:
            words.append(_(_CHANGE_WORDS[word]) if word in _CHANGE_WORDS else word)
    line = _("{who}: {what}").format(who=who, what=", ".join(words))
    if change.sequence is not None:
        line += _(" (SEQUENCE {number})").format(number=change.sequence)
    return line


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
    from aictdata.build.schemas import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(out)
        for name in stale:
            message = _("{path}: differs from the model (run `aictdata schema`)")
            click.echo(message.format(path=out / name), err=True)
        sys.exit(1 if stale else 0)
    for path in write_schemas(out):
        click.echo(_("wrote {path}").format(path=path))


@cli.command()
@editions_argument
@folder_option(
    "--out",
    "out",
    "site",
    "Folder to build the site into (replaced atomically); site/ is the published one.",
)
@click.option(
    "--validate",
    is_flag=True,
    help="Also validate the data package with frictionless (slower): an invalid package"
    " fails the build and leaves the previous site in place.",
)
@click.option(
    "--published",
    is_flag=True,
    help="This --out folder is the published site: record the calendar memory. Implied for"
    " the default site/; any other folder is a preview that leaves the memory as it is.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Write every file anew instead of hard-linking the files the previous site"
    " already holds byte for byte.",
)
def build(
    paths: tuple[Path, ...],
    out: Path,
    validate: bool,
    published: bool,
    full: bool,
) -> None:
    """Build the site: calendar feeds, open data, markup and pages.

    The site is written to a temporary folder and swapped into place only when every
    exporter succeeded; on error the previous site is left untouched.

    Only the build of the published site (site/, or an --out given with --published)
    writes editions/calendar-state.json: a preview into another folder reads it and leaves
    it as it is. The changes it publishes are dated by the build itself (now, or
    SOURCE_DATE_EPOCH), and the memory keeps the date. A file the previous site
    already holds, byte for byte, is hard-linked from it rather than written again.

    \b
    Example:
        $ aictdata build --out site
        built site/: 42 files
        $ aictdata build --validate     # also run frictionless on site/data/
        $ aictdata build --out /tmp/preview   # a preview: the memory is not written
    """
    from aictdata.build.site import build_site
    from aictdata.exporters.context import BuildContext
    from aictdata.memory.state import publication_time, state_path

    catalog = _load(paths)
    editions_dir = _editions_dir(paths)
    state_file = state_path(editions_dir)
    record = published or out.resolve() == Path(SITE_DIR).resolve()
    context = BuildContext(editions_dir=editions_dir, validate=validate)
    try:
        report = build_site(
            catalog,
            out,
            context=context,
            state_file=state_file,
            record_state=record,
            reuse=not full,
            stamp=publication_time(),
        )
    except AictdataError as error:
        _fail(error)
    count = len(report.files)
    built = ngettext("built {out}/: {count} file", "built {out}/: {count} files", count)
    click.echo(built.format(out=out, count=count))
    if report.state_written:
        click.echo(_("updated {path}: commit it with the editions").format(path=state_file))
    if report.state_pending:
        message = _(
            "preview: {path} left as it is (the build of the published site, {site}/"
            " or --published, records it)"
        )
        click.echo(message.format(path=state_file, site=SITE_DIR))


SITE_DIR = "site"
"""The published site's folder, --out's default: the build that records the memory."""


def _editions_dir(paths: tuple[Path, ...]) -> Path:
    first = paths[0] if paths else Path("editions")
    return first if first.is_dir() else first.parent


@cli.command()
@click.argument("edition_id", metavar="EDITION")
@click.option(
    "--from",
    "previous_id",
    metavar="PREVIOUS",
    help="The edition it follows (its time zone and venue hint; default: the latest).",
)
@click.argument("folder", type=click.Path(path_type=Path), default=Path("editions"), required=False)
def new(edition_id: str, previous_id: str | None, folder: Path) -> None:
    """Write FOLDER/EDITION.yaml for the next edition, ready to fill.

    It holds what is already known (the next number, the title in the series' words, the
    time zone), the $schema line for editors, and every other field as a comment that
    explains it: no made-up value. The edition is `announced`: once its dates are filled
    in it validates, and `aictdata build` publishes its page and a feed people can
    subscribe to before the programme exists. An existing file is never replaced.

    \b
    Example:
        $ aictdata new 2026 --from 2025
        wrote editions/2026.yaml: fill in start_date and end_date, then `aictdata validate`
    """
    from datetime import UTC, datetime

    from aictdata.source.scaffold import (
        ScaffoldError,
        check_edition_id,
        check_folder,
        new_edition_text,
        write_new,
    )

    try:
        check_edition_id(edition_id)
    except ScaffoldError as error:
        raise click.BadParameter(str(error), param_hint="EDITION") from None
    try:
        check_folder(folder)
    except ScaffoldError as error:
        raise click.BadParameter(str(error), param_hint="FOLDER") from None
    catalog = _load((folder,))
    target = folder / f"{edition_id}.yaml"
    try:
        previous = catalog.edition(previous_id) if previous_id else None
        text = new_edition_text(catalog, edition_id, previous=previous, now=datetime.now(UTC))
    except (KeyError, ScaffoldError) as error:
        raise click.BadParameter(str(error.args[0]), param_hint="EDITION or --from") from None
    try:
        write_new(folder, edition_id, text)
    except FileExistsError:
        _fail(DataError([_exists(target)]))
    except ScaffoldError as error:
        _fail(error)
    click.echo(
        _("wrote {path}: fill in start_date and end_date, then `aictdata validate`").format(
            path=target
        )
    )


def _exists(path: Path) -> Any:
    from aictdata.errors import Problem

    return Problem(str(path), 1, 1, "", _("already exists: edit it, or choose another edition id"))


@cli.command()
@click.argument("edition_id", metavar="EDITION")
@editions_argument
@click.option(
    "--embed",
    is_flag=True,
    help="Print the programme to embed (an <iframe> of site/EDITION/embed.html) before it.",
)
def markup(edition_id: str, paths: tuple[Path, ...], embed: bool) -> None:
    """Print the schema.org markup of EDITION, ready to paste into a web page.

    The <script type="application/ld+json"> block holds the edition's Event (the same as
    site/EDITION/event.jsonld), escaped so that it is safe anywhere in an HTML page.
    With --embed, a partner's page gets the programme too: an <iframe> of the edition's
    embeddable programme (no JavaScript; its links open the full site in a new tab) and a
    link to the full programme, then the markup. PATHS are as for `validate` (default:
    editions/).

    \b
    Example:
        $ aictdata markup 2025
        <script type="application/ld+json">
        {
          "@context": "https://schema.org",
          "@type": "Event",
        ...
        $ aictdata markup --embed 2025
        <iframe src="http://raict.org/2025/embed.html" title="Programme – ..." ...></iframe>
        ...
    """
    from aictdata.exporters.jsonld import edition_event, embed_fragment, script_element
    from aictdata.memory.state import advance, state_path
    from aictdata.memory.store import read_state

    catalog = _load(paths)
    try:
        edition = catalog.edition(edition_id)
    except KeyError as error:
        raise click.BadParameter(error.args[0], param_hint="EDITION") from None
    try:  # the programme versions, as the build publishes them (previousStartDate)
        state = advance(read_state(state_path(_editions_dir(paths))), catalog)
    except DataError as error:
        _fail(error)
    versions = state.versions_of(edition.id)
    if embed:
        click.echo(embed_fragment(catalog, edition))
    click.echo(script_element(edition_event(catalog, edition, versions=versions)))


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


@cli.group()
def publish() -> None:
    """Publish a validated build to data.gouv.fr or OpenAgenda, safely and idempotently.

    Both commands read a site built with `aictdata build --validate` (never the YAML, and
    they write nothing locally), take their key from an environment variable only, and
    can be run again and again: what is already published is left as it is.

    \b
    Example:
        aictdata build --validate --out site
        aictdata publish datagouv --site site --dry-run
        aictdata publish openagenda --agenda 12345678 --site site --dry-run
    """


def publish_options(function: F) -> F:
    """The options both publishers share: the build to read, the target, the bounds."""
    decorators = [
        folder_option(
            "--site", "site_dir", "site", "The built site (aictdata build --validate) to publish."
        ),
        click.option(
            "--production",
            is_flag=True,
            help="Write to the real platform (without it: data.gouv.fr's demo instance;"
            " OpenAgenda, which has none, refuses to start).",
        ),
        click.option(
            "--api-url",
            metavar="URL",
            help="Another instance of the platform's API (a test server, a staging copy).",
        ),
        click.option(
            "--dry-run",
            is_flag=True,
            help="Say what would be published, and send nothing (no connection).",
        ),
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            help="With --dry-run: list every request that would be sent.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            help="Seconds per request.  [default: 10]",
        ),
        click.option(
            "--retries",
            type=click.IntRange(0, 10),
            help="Retries on no answer, 429 and 5xx, with backoff.  [default: 3]",
        ),
        click.option(
            "--max-wait",
            type=click.FloatRange(min=0),
            help="Longest wait before a retry, whatever Retry-After asks.  [default: 30]",
        ),
        click.option(
            "--deadline",
            type=click.FloatRange(min=0.1),
            help="Seconds for one request in all, retries and answer included.  [default: 60]",
        ),
        click.option(
            "--run-deadline",
            type=click.FloatRange(min=0.1),
            help="Seconds for the whole publication.  [default: 600]",
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def _http_options(shared: dict[str, Any]) -> Any:
    """The publishers' bounds: the defaults, with the options given on the command line."""
    from dataclasses import replace

    from aictdata.net.http import HttpOptions

    names = ("timeout", "retries", "max_wait", "deadline", "run_deadline")
    return replace(HttpOptions(), **{n: shared[n] for n in names if shared[n] is not None})


def _target(production: bool, api_url: str | None, default: str | None, production_url: str) -> str:
    """The API to write to: `--api-url`, the production one on `--production`, else the
    platform's safe default (None: the platform has none, so one must be chosen)."""
    if production and api_url:
        raise click.UsageError(_("give --production or --api-url, not both"))
    if api_url:
        if not api_url.startswith(("http://", "https://")):
            raise click.BadParameter(
                _("must be an http:// or https:// URL"), param_hint="--api-url"
            )
        return api_url
    if production:
        return production_url
    if default is None:
        raise click.UsageError(
            _(
                "OpenAgenda has no demo instance: add --production to write to the real agenda"
                " (try --dry-run first), or --api-url for another server"
            )
        )
    return default


DRY_RUN_ITEMS = 5
"""The items a dry run names in its summary; -v lists every request."""


def _print_report(report: Any, dry_run: bool, verbose: bool = False) -> None:
    if dry_run:
        click.echo(
            _("dry run on {platform} ({target}): nothing is sent").format(
                platform=report.platform, target=report.target
            )
        )
        shown = ", ".join(report.created[:DRY_RUN_ITEMS])
        if len(report.created) > DRY_RUN_ITEMS:
            shown += ", …"
        count = len(report.created)
        message = ngettext(
            "as if nothing were published yet: {count} item to create ({items})",
            "as if nothing were published yet: {count} items to create ({items})",
            count,
        )
        click.echo(message.format(count=count, items=shown))
        if verbose:
            for planned in report.planned:
                click.echo(f"  {planned}")
        else:
            message = _("the {count} requests it would send: add -v to list them")
            click.echo(message.format(count=len(report.planned)))
    else:
        for item in report.created:
            click.echo(_("created {item}").format(item=item))
        for item in report.updated:
            click.echo(_("updated {item}").format(item=item))
    for note in report.notes:
        click.echo(_("warning: {note}").format(note=note), err=True)
    if not dry_run:
        message = _(
            "published to {platform} ({target}): {created} created, {updated} updated,"
            " {unchanged} unchanged"
        )
        click.echo(
            message.format(
                platform=report.platform,
                target=report.target,
                created=len(report.created),
                updated=len(report.updated),
                unchanged=report.unchanged,
            )
        )


@publish.command("datagouv")
@publish_options
@click.option(
    "--organization",
    metavar="ID",
    help="Create the dataset under this organisation (its id on the platform), not your own.",
)
def publish_datagouv(organization: str | None, **shared: Any) -> None:
    """Create or update the dataset of the Rencontres on data.gouv.fr.

    One remote resource per published file (the package's CSV and JSON files,
    datapackage.json, openagenda.json, the feeds), pointing at the deployed site, with its
    SHA-256: a second run with the same build changes nothing, a changed file updates only
    its resource. The key is read from $AICTDATA_DATAGOUV_API_KEY; without --production
    the target is the demo instance (demo.data.gouv.fr).

    \b
    Example:
        $ export AICTDATA_DATAGOUV_API_KEY=...   # from your profile on demo.data.gouv.fr
        $ aictdata publish datagouv --site site
        published to data.gouv.fr (https://demo.data.gouv.fr/…): 27 created, 1 updated, 0 unchanged
    """
    from aictdata.publish import datagouv

    _run_publisher(datagouv, shared, organization=organization)


@publish.command("openagenda")
@click.option("--agenda", required=True, metavar="UID", help="The agenda's UID on OpenAgenda.")
@click.option(
    "--edition",
    metavar="ID",
    help="Publish this edition's slots only (and its venue), not every edition's.",
)
@publish_options
def publish_openagenda(agenda: str, edition: str | None, **shared: Any) -> None:
    """Upsert every slot of the build as an event of an OpenAgenda agenda.

    Each slot is the event keyed by its own id (`<edition>.<slot>`), the venue a place;
    the bodies are those of site/data/openagenda.json. A cancelled or removed slot is the
    same event with status 6 (annulé), never deleted. The secret key is read from
    $AICTDATA_OPENAGENDA_KEY; OpenAgenda has no demo instance, so writing takes
    --production (rehearse with --dry-run, which shows the production requests).

    \b
    Example:
        $ export AICTDATA_OPENAGENDA_KEY=...   # your secret key, openagenda.com/settings/apiKey
        $ aictdata publish openagenda --agenda 12345678 --site site --production
        published to OpenAgenda (https://api.openagenda.com/…): 26 created, 0 updated, 0 unchanged
    """
    from aictdata.publish import openagenda

    _run_publisher(openagenda, shared, agenda=agenda, edition=edition)


def _run_publisher(platform: Any, shared: dict[str, Any], **arguments: Any) -> None:
    """What both commands do: choose the target, pass the gate, publish, print.

    `platform` is a publisher module: DEFAULT_API (None when the platform has no safe
    instance, and a dry run then shows the production requests, since it sends none),
    PRODUCTION_API, KEY_VARIABLE, REQUIRED (the files verified first) and `publish`.
    """
    import os

    from aictdata.publish.site import verified_site

    dry_run, api_url = shared["dry_run"], shared["api_url"]
    production = shared["production"] or (
        dry_run and platform.DEFAULT_API is None and api_url is None
    )
    target = _target(production, api_url, platform.DEFAULT_API, platform.PRODUCTION_API)
    try:
        site = verified_site(shared["site_dir"], platform.REQUIRED)
        report = platform.publish(
            site,
            api_url=target,
            key=os.environ.get(platform.KEY_VARIABLE),
            options=_http_options(shared),
            dry_run=dry_run,
            **arguments,
        )
    except AictdataError as error:
        _fail(error)
    _print_report(report, dry_run, shared["verbose"])


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Left-aligned columns, the last one unpadded."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    return [
        "  ".join(
            [*(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)), row[-1]]
        ).rstrip()
        for row in [header, *rows]
    ]


@cli.command()
@editions_argument
def changes(paths: tuple[Path, ...]) -> None:
    """Show what the next published build would change for participants, per edition.

    It compares the editions with the calendar memory of the last published build
    (editions/calendar-state.json) and writes nothing: run it before `aictdata build`.

    \b
    Example:
        $ aictdata changes
        2024: nothing changes for participants
        2025: 1 slot changes
          « Cafés des Rencontres » : déplacé de 14h00 à 15h00
    """
    from aictdata.memory.upcoming import upcoming_changes

    catalog = _load(paths)
    try:
        editions = upcoming_changes(catalog, _editions_dir(paths))
    except DataError as error:
        _fail(error)
    for edition in editions:
        if not edition.sentences:
            click.echo(
                _("{edition}: nothing changes for participants").format(edition=edition.edition)
            )
            continue
        count = ngettext(
            "{edition}: {count} slot changes", "{edition}: {count} slots change", edition.slots
        )
        click.echo(count.format(edition=edition.edition, count=edition.slots))
        for line in edition.sentences:
            click.echo(f"  {line}")


@cli.group()
def sheet() -> None:
    """The programme of an edition in a spreadsheet: export it, edit it, import it back.

    \b
    Example:
        aictdata sheet export 2025            # writes programme-2025.xlsx
        aictdata sheet import programme-2025.xlsx
    """


@sheet.command("export")
@click.argument("edition_id", metavar="EDITION")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The workbook to write, .xlsx (or .csv for the programme alone)"
    " [default: programme-EDITION.xlsx].",
)
@folder_option("--editions", "editions_dir", "editions", "The editions folder.")
def sheet_export(edition_id: str, out: Path | None, editions_dir: Path) -> None:
    """Write EDITION's programme as a French workbook to edit in Excel or LibreOffice.

    « Programme » has one row per slot (date and times as real cells, kind and status as
    drop-downs, English texts beside the French ones), « Édition » the edition's title,
    theme, dates and stage, « À lire » what each column is for.

    \b
    Example:
        $ aictdata sheet export 2025
        wrote programme-2025.xlsx: edit it, then `aictdata sheet import programme-2025.xlsx`
    """
    from aictdata.source.sheet.writing import default_name, export_sheet, find_edition

    catalog = _load((editions_dir,))
    out = out or default_name(edition_id)
    try:
        export_sheet(find_edition(catalog, edition_id), out)
    except AictdataError as error:
        _fail(error)
    message = _("wrote {path}: edit it, then `aictdata sheet import {path}`")
    click.echo(message.format(path=out))


@sheet.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--edition",
    "edition_id",
    help="The edition the file is for (needed for a .csv file; a workbook names it).",
)
@folder_option("--editions", "editions_dir", "editions", "The editions folder.")
def sheet_import(file: Path, edition_id: str | None, editions_dir: Path) -> None:
    """Bring FILE (.xlsx, .ods or .csv) back into editions/EDITION.yaml.

    Only what changed is written: the file's comments, order and untouched values stay.
    Every error is printed with its cell (Programme!D7), and the file is left untouched
    until there is none.

    \b
    Example:
        $ aictdata sheet import programme-2025.xlsx
        editions/2025.yaml: 1 slot changed, 0 added, 0 removed
    """
    from aictdata.source.sheet.reading import import_sheet

    try:
        result = import_sheet(file, editions_dir, edition_id=edition_id)
    except AictdataError as error:
        _fail(error)
    for warning in result.warnings:
        click.echo(_("warning: {note}").format(note=warning), err=True)
    if result.unchanged:
        click.echo(_("{path}: nothing changed").format(path=result.path))
        return
    counts = (len(result.changed), len(result.added), len(result.removed))
    click.echo(
        f"{result.path}: "
        + ngettext("{count} slot changed", "{count} slots changed", counts[0]).format(
            count=counts[0]
        )
        + ", "
        + ngettext("{count} added", "{count} added", counts[1]).format(count=counts[1])
        + ", "
        + ngettext("{count} removed", "{count} removed", counts[2]).format(count=counts[2])
        + (_(", and the edition's own fields") if result.edition_changed else "")
    )


@cli.command("publier")
@click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("aictdata.toml"),
    show_default=True,
    help="The routine's settings: the deploy command, the site's address, the platforms.",
)
@click.option(
    "--plateformes",
    "platforms",
    is_flag=True,
    help="Also publish to the platforms the settings name (data.gouv.fr, OpenAgenda).",
)
@click.pass_context
def publier(context: click.Context, config: Path, platforms: bool) -> None:
    """Publish a change, the organiser's routine: every step in order, stopping at the first
    that fails, and saying what to do.

    1. check the editions; 2. show what changes for participants; 3. build the published
    site (site/, checked with frictionless); 4. deploy it with the command of the
    settings; 5. compare the deployed site with the build; 6. with --plateformes, publish
    to data.gouv.fr and OpenAgenda as the settings say.

    \b
    Example:
        $ aictdata publier
        $ aictdata publier --plateformes
    """
    from aictdata.routine import RoutineError, deploy, read_routine

    try:
        routine = read_routine(config)
    except RoutineError as error:
        _fail(error)
    steps: list[tuple[str, Callable[[], Any], str]] = [
        (_("checking the editions"), lambda: context.invoke(validate), _ROUTINE_HINTS[0]),
        (_("what changes for participants"), lambda: context.invoke(changes), _ROUTINE_HINTS[5]),
        (
            _("building the published site"),
            lambda: context.invoke(build, validate=True),
            _ROUTINE_HINTS[1],
        ),
        (_("deploying the site"), lambda: deploy(routine), _ROUTINE_HINTS[2]),
        (
            _("checking the deployed site"),
            lambda: context.invoke(check, base_url=routine.url),
            _ROUTINE_HINTS[3],
        ),
    ]
    if platforms:
        steps += _platform_steps(context, routine)
    for number, (title, run, hint) in enumerate(steps, start=1):
        click.echo(
            _("step {number} of {count}: {title}").format(
                number=number, count=len(steps), title=title
            )
        )
        try:
            run()
        except (SystemExit, RoutineError) as error:
            code = error.code if isinstance(error, SystemExit) else 1
            if code in (0, None):
                continue
            if isinstance(error, RoutineError):
                click.echo(_("error: {error}").format(error=error), err=True)
            click.echo(
                _("stopped at step {number}: {hint}").format(number=number, hint=_(hint)), err=True
            )
            sys.exit(1)
    click.echo(_("published: every step succeeded"))


_ROUTINE_HINTS = (
    N_(
        "fix the errors above in the edition files (or in the workbook, then `aictdata sheet"
        " import`), then run `aictdata publier` again; nothing was built or deployed"
    ),
    N_(
        "the build failed: the site built before is left as it was and nothing was deployed;"
        " fix what is said above, then run `aictdata publier` again"
    ),
    N_(
        "the site is built in site/ but the host may have only part of it: check the deploy"
        " command in the settings, or the connection, then run `aictdata publier` again"
        " (deploying again completes it)"
    ),
    N_(
        "the deployed site differs from the build (table above): wait a minute if the host"
        " caches, or check the deploy command's target and the url of the settings, then run"
        " `aictdata publier` again"
    ),
    N_(
        "publishing to the platform did not finish: run `aictdata publier --plateformes`"
        " again, which completes it without duplicating anything"
    ),
    N_(
        "the calendar memory (editions/calendar-state.json) cannot be read: take back the"
        " version of the last publication from the project's history (git), then run"
        " `aictdata publier` again; nothing was built or deployed"
    ),
)
"""What to do when a step fails: validate, build, deploy, check, platforms, changes."""


def _platform_steps(
    context: click.Context, routine: Any
) -> list[tuple[str, Callable[[], Any], str]]:
    steps: list[tuple[str, Callable[[], Any], str]] = []
    if routine.datagouv:
        steps.append(
            (
                _("publishing to data.gouv.fr"),
                lambda: context.invoke(publish_datagouv, production=routine.production),
                _ROUTINE_HINTS[4],
            )
        )
    if routine.openagenda:
        steps.append(
            (
                _("publishing to OpenAgenda"),
                lambda: context.invoke(
                    publish_openagenda, agenda=routine.openagenda, production=routine.production
                ),
                _ROUTINE_HINTS[4],
            )
        )
    return steps


def main() -> None:
    cli(prog_name="aictdata")
