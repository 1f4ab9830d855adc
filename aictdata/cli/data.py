"""Commands on the editions: validate, build, new, schema, markup."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from aictdata.cli.group import (
    SITE_DIR,
    _editions_dir,
    _fail,
    _load,
    cli,
    editions_argument,
    folder_option,
)
from aictdata.errors import AictdataError, DataError
from aictdata.i18n import N_, _, ngettext


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
    from aictdata.memory.state import advance, state_path
    from aictdata.memory.store import read_state
    from aictdata.memory.upcoming import schedule_id_notes
    from aictdata.source.load import publication_gaps

    path = state_path(_editions_dir(paths))
    try:
        previous = read_state(path)
    except DataError as error:
        _fail(error)
    # Once, and only with a memory to compare with: 0.2 s at 10,000 slots.
    current = advance(previous, catalog) if previous else None
    _warn_if_calendar_state_stale(catalog, path, previous, current)
    for problem in publication_gaps(*paths):
        click.echo(_("warning: {problem}").format(problem=problem), err=True)
    for problem in schedule_id_notes(catalog, _editions_dir(paths), previous, current):
        click.echo(_("note: {problem}").format(problem=problem), err=True)


def _warn_if_calendar_state_stale(catalog: Any, path: Path, previous: Any, current: Any) -> None:
    """A warning, not an error: an organiser validates as they edit, before building."""
    from aictdata.memory.differences import pending_changes

    pending = pending_changes(previous, catalog, current)
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
    "details": N_("details"),
    "kind": N_("kind"),
    "dates": N_("dates"),
}


"""The memory's names of what changed (memory.differences.Change.what), in the organiser's
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
    from aictdata.exporters.context import BuildOptions
    from aictdata.memory.state import publication_time, state_path

    catalog = _load(paths)
    editions_dir = _editions_dir(paths)
    state_file = state_path(editions_dir)
    record = published or out.resolve() == Path(SITE_DIR).resolve()
    options = BuildOptions(editions_dir=editions_dir, validate=validate)
    try:
        report = build_site(
            catalog,
            out,
            options=options,
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
