"""The command line in the organiser's language: the commands' help and click's own words.

The help of each command and option is written once, in English, in aictdata/cli/ (docstrings
and `help=`), as the project's source language; under a French locale (or `--lang fr`)
the same texts are read from the `aictdata` catalogue, like every other message. They
are looked up when the language is chosen, before click formats a help page: the texts
kept at import time stay the English originals, so choosing English again gives them
back. `make messages` extracts them with `extract` below (babel.cfg).

click's own words (« Usage: », « Missing option », « Invalid value for … ») come from
click's calls to the standard library's gettext, under the default domain: they are
given here from the `click` catalogue beside ours (locale/fr/LC_MESSAGES/click.po) by
binding the names click's modules call. Nothing else in click is changed.
"""

from __future__ import annotations

import gettext
import inspect
import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from aictdata.i18n import LOCALE_DIR

BACKSPACE = "\b"
"""click's marker of a paragraph not to rewrap; shown as `\\b` in the catalogue."""

_originals: dict[int, tuple[Any, str]] = {}


def msgid(text: str) -> str:
    """A help text as the catalogue holds it: without the docstring's indentation, and
    with click's invisible `\\b` marker written visibly."""
    return inspect.cleandoc(text).replace(BACKSPACE, "\\b")


def help_owners(command: click.Command) -> Iterator[Any]:
    """Every command and option under `command` that has a help text, itself first."""
    if command.help:
        yield command
    for param in command.params:
        if getattr(param, "help", None):
            yield param
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from help_owners(command.commands[name])


def translate_help(command: click.Command, translate: Callable[[str], str]) -> None:
    """Give every help text under `command` in the language of `translate`."""
    for owner in help_owners(command):
        _, original = _originals.setdefault(id(owner), (owner, owner.help))
        owner.help = translate(msgid(original)).replace("\\b", BACKSPACE)


def restore_help() -> None:
    """Every help text back to its English original (after a run in French: the
    command objects outlive a run in tests and in programs that call the CLI)."""
    for owner, original in _originals.values():
        owner.help = original


def speak_click(language: str) -> None:
    """click's own messages in `language` ('fr' from our catalogue, else English)."""
    translations = (
        gettext.translation("click", localedir=LOCALE_DIR, languages=[language])
        if language == "fr"
        else gettext.NullTranslations()
    )
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if hasattr(module, "_"):
                module._ = translations.gettext  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = translations.ngettext  # type: ignore[attr-defined]


def extract(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """babel's extractor, mapped to this file in babel.cfg: the help of every command
    and option of aictdata/cli/, in order (the file itself is not read)."""
    from aictdata.cli import cli

    for owner in help_owners(cli):
        yield 0, "_", msgid(_originals.get(id(owner), (owner, owner.help))[1]), []
