"""The organiser's routine, configured once: how the site is deployed, where it is served,
and which platforms it goes to (`aictdata publier`, read from aictdata.toml).

The file is small and plain, written once with the webmaster:

    [publier]
    deploy = "rsync -a --delete site/ rencontres@example.org:/var/www/rencontres/"
    url = "https://example.org/rencontres/"
    # datagouv = true            # also publish to data.gouv.fr (`publier --plateformes`)
    # openagenda = "12345678"    # and to this OpenAgenda agenda
    # production = true          # the real platforms, not data.gouv.fr's demo

The deploy command is run as written, without a shell (no pipe, no `*`, no `~`): an
rsync, a copy to a mounted folder (`cp -rT site /mnt/web/rencontres`), a script that
commits and pushes (`./deploy.sh`). It is run from the folder `aictdata publier` runs in.
"""

from __future__ import annotations

import shlex
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aictdata.errors import AictdataError
from aictdata.i18n import _

CONFIG_FILE = Path("aictdata.toml")
SECTION = "publier"
_KEYS = {"deploy", "url", "datagouv", "openagenda", "production"}


class RoutineError(AictdataError):
    """A step of the routine cannot run or failed; the message says what to do."""


@dataclass(frozen=True)
class Routine:
    """What `aictdata publier` needs beyond the editions."""

    deploy: tuple[str, ...]
    url: str
    datagouv: bool = False
    openagenda: str | None = None
    production: bool = False


def read_routine(path: Path = CONFIG_FILE) -> Routine:
    """The routine configured in `path`; a missing or wrong file says how to write it."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RoutineError(
            _(
                "{file} does not exist: write the deploy command and the site's address in it"
                " once (see docs/organisateur/publier.md)"
            ).format(file=path)
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RoutineError(f"{path}: {error}") from None
    section = document.get(SECTION)
    if not isinstance(section, dict):
        raise RoutineError(_("{file}: no [{section}] section").format(file=path, section=SECTION))
    unknown = sorted(set(section) - _KEYS)
    if unknown:
        raise RoutineError(
            _("{file}: unknown setting {name} (settings: {known})").format(
                file=path, name=repr(unknown[0]), known=", ".join(sorted(_KEYS))
            )
        )
    return Routine(
        deploy=_command(path, section.get("deploy")),
        url=_url(path, section.get("url")),
        datagouv=_flag(path, section, "datagouv"),
        openagenda=_text(path, section, "openagenda"),
        production=_flag(path, section, "production"),
    )


def _command(path: Path, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = shlex.split(value)
    if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
        raise RoutineError(
            _(
                '{file}: deploy must be the command that copies site/ to the host, e.g. "{example}"'
            ).format(file=path, example="rsync -a --delete site/ user@host:/var/www/rencontres/")
        )
    return tuple(value)


def _url(path: Path, value: Any) -> str:
    if not (isinstance(value, str) and value.startswith(("http://", "https://"))):
        raise RoutineError(
            _('{file}: url must be the address of the deployed site, e.g. "{example}"').format(
                file=path, example="https://example.org/rencontres/"
            )
        )
    return value


def _flag(path: Path, section: dict[str, Any], name: str) -> bool:
    value = section.get(name, False)
    if not isinstance(value, bool):
        raise RoutineError(_("{file}: {name} must be true or false").format(file=path, name=name))
    return value


def _text(path: Path, section: dict[str, Any], name: str) -> str | None:
    value = section.get(name)
    if value is not None and not isinstance(value, str):
        raise RoutineError(
            _('{file}: {name} must be text in quotes, e.g. "12345678"').format(file=path, name=name)
        )
    return value


def deploy(routine: Routine) -> None:
    """Run the deploy command; its output goes to the terminal as it comes."""
    try:
        completed = subprocess.run(routine.deploy, check=False, stdin=subprocess.DEVNULL)
    except OSError as error:
        raise RoutineError(
            _("the deploy command {command} cannot start: {error}").format(
                command=repr(routine.deploy[0]), error=error.strerror or error
            )
        ) from None
    if completed.returncode != 0:
        raise RoutineError(
            _("the deploy command failed (exit status {code})").format(code=completed.returncode)
        )
