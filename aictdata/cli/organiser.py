"""The organiser's commands: the workbook both ways, what will change, the routine."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from aictdata.cli.data import build, validate
from aictdata.cli.group import _editions_dir, _fail, _load, cli, editions_argument, folder_option
from aictdata.cli.platforms import publish_datagouv, publish_openagenda
from aictdata.cli.web import check
from aictdata.errors import AictdataError, DataError
from aictdata.i18n import N_, _, ngettext


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
