"""The command group: the organiser's language, the one place errors are printed, and
the arguments every command shares."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from aictdata import i18n
from aictdata.errors import AictdataError, DataError
from aictdata.i18n import _, ngettext

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
    """The catalog of a command, which then lives until the command ends: it is left out
    of the cycle collector's passes until then (`forking.long_lived`, closed with the
    command), and the collector stays paused from the reading, which `load_catalog`
    pauses it for, to the freezing. Else the first collection after loading walks every
    object of the catalog (0.03 s at 10,000 slots)."""
    from aictdata.output.forking import freeze_more, long_lived
    from aictdata.source.load import load_catalog

    click.get_current_context().with_resource(long_lived())
    collecting = gc.isenabled()
    gc.disable()
    try:
        catalog = load_catalog(*paths)
    except DataError as error:
        _fail(error)
    finally:
        freeze_more()
        if collecting:
            gc.enable()
    return catalog


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


SITE_DIR = "site"


"""The published site's folder, --out's default: the build that records the memory."""


def _editions_dir(paths: tuple[Path, ...]) -> Path:
    first = paths[0] if paths else Path("editions")
    return first if first.is_dir() else first.parent


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
    """The `aictdata` command: `cli`, then an exit that skips the interpreter's tear-down.

    Freeing a run's objects one by one at exit (the catalog, every library loaded) is
    0.08 s of a rebuild of the real editions and 0.03 s of `validate`, for memory the
    kernel takes back at once. Nothing is lost: every file aictdata writes is closed by
    then (written through `with`; a build's second process is joined), the `atexit`
    handlers still run, and the standard streams are flushed here, as the interpreter
    would (a failed flush, such as a closed pipe, exits 120 as it does).
    Only this entry point ends so: `cli` called in a process (tests, scripts) returns."""
    try:
        cli(prog_name="aictdata")
        status: object = 0
    except SystemExit as ending:
        status = ending.code
    if status is not None and not isinstance(status, int):
        print(status, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 120
    os._exit(status or 0)
