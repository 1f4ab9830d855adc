"""`aictdata publish`: data.gouv.fr and OpenAgenda, from a validated build."""

from __future__ import annotations

from typing import Any

import click

from aictdata.cli.group import F, _fail, cli, folder_option
from aictdata.errors import AictdataError
from aictdata.i18n import _, ngettext


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
        aictdata publish datagouv --site site --plan
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
            "--plan",
            is_flag=True,
            help="Compare with what is online and say what a publication would create,"
            " update or leave alone; change nothing (reads only, with the key).",
        ),
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            help="With --dry-run or --plan: list every request that would change something.",
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


def _print_plan(report: Any, verbose: bool) -> None:
    """What a plan found: what a publication would create and update, against what the
    platform holds now."""
    click.echo(
        _("plan on {platform} ({target}): compared with what is online, nothing is changed").format(
            platform=report.platform, target=report.target
        )
    )
    message = _("{created} to create, {updated} to update, {unchanged} unchanged")
    click.echo(
        message.format(
            created=len(report.created), updated=len(report.updated), unchanged=report.unchanged
        )
    )
    for label, items in (
        (_("to create: {items}"), report.created),
        (_("to update: {items}"), report.updated),
    ):
        if items:
            shown = ", ".join(items[:DRY_RUN_ITEMS]) + (", …" if len(items) > DRY_RUN_ITEMS else "")
            click.echo(label.format(items=shown))
    if verbose:
        for planned in report.planned:
            click.echo(f"  {planned}")
    elif report.planned:
        message = _("the {count} requests it would send: add -v to list them")
        click.echo(message.format(count=len(report.planned)))


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

    dry_run, plan, api_url = shared["dry_run"], shared["plan"], shared["api_url"]
    if dry_run and plan:
        raise click.UsageError(_("give --dry-run or --plan, not both"))
    production = shared["production"] or (
        (dry_run or plan) and platform.DEFAULT_API is None and api_url is None
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
            plan=plan,
            **arguments,
        )
    except AictdataError as error:
        _fail(error)
    if plan:
        _print_plan(report, shared["verbose"])
    else:
        _print_report(report, dry_run, shared["verbose"])
