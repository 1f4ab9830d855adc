"""The language of the messages: French for a French organiser, English otherwise.

Messages are English source strings marked with `_()` (or `ngettext`, or `N_()` for text
kept in a module-level table and translated where it is used), looked up in the gettext
catalogue `locale/<language>/LC_MESSAGES/aictdata.mo` beside this file. The lookup
happens when a message is built, against the language made active by `activate()`: the
CLI activates the organiser's language before any command runs, so a message built deep
in the library (a model validator, the YAML reader) is already in that language. The
library used directly, without the CLI, speaks English: its messages are then the same
whatever the machine's locale, which is what tests and scripts that read them expect.

Only the standard library's gettext runs here (no Babel at run time), so choosing the
language adds nothing noticeable to `aictdata --help` or `aictdata validate`.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "aictdata"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "fr")
"""English is the source language (the msgids); French has a catalogue."""
ENVIRONMENT_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""In POSIX order of precedence: the first one set (and not empty) decides."""

_active: gettext.NullTranslations = gettext.NullTranslations()


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """'fr' when the first of LC_ALL, LC_MESSAGES, LANG that is set starts with 'fr'
    (fr_FR.UTF-8, fr_BE, fr), else 'en': C, POSIX, en_GB, de_DE and no locale at all."""
    for name in ENVIRONMENT_VARIABLES:
        value = environ.get(name)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def activate(language: str) -> None:
    """Make `language` ('en' or 'fr') the language of every message built from now on.

    A missing French catalogue is an error, not a silent fallback to English: the
    package data were not installed, and the organiser would not know why.
    """
    global _active
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: one of {', '.join(LANGUAGES)}")
    _active = (
        gettext.NullTranslations()
        if language == "en"
        else gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[language])
    )


def _(message: str) -> str:
    """`message` (an English msgid) in the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, by the active language's plural rule
    (French counts 0 and 1 as singular, English only 1)."""
    return _active.ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 (gettext's usual name for this marker)
    """Mark `message` for extraction without translating it yet: for tables built at
    import time, before the CLI has chosen the language; `_()` translates it at use."""
    return message
