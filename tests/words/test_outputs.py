"""The words of the outputs in both languages: the English catalogue is complete and
follows the code and the templates, and a message keeps its placeholders and markup.

French is the source language of these messages (`aictdata.words.outputs`): a message with
no English fails here, as a French organiser message without French fails in
test_i18n.py.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from aictdata.words import outputs
from tests.conftest import ROOT

LOCALE = ROOT / "aictdata" / "locale"
POT = LOCALE / "site.pot"
PO = LOCALE / "en" / "LC_MESSAGES" / "site.po"
MO = PO.with_suffix(".mo")
BRACES = re.compile(r"\{(\w*)\}")
PERCENT = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"<(/?(?:a|span|strong|em|code|br))\b[^>]*>")
"""HTML tags (the data README's `<année>` is a placeholder of a path, not a tag)."""
FRENCH_ONLY = re.compile(r"&nbsp;|[«»]|\b(le|la|les|des|du|et|à)\b")


def _catalogue(path: Path):  # -> babel Catalog
    with path.open("rb") as stream:
        return read_po(stream)


def _ids(catalogue) -> set[str]:
    return {m.id for m in catalogue if m.id}


def _forms(message) -> list[tuple[str, str]]:
    """(French, English) of each form of a message: one, or singular and plural (English
    has two forms, as the catalogue's Plural-Forms says)."""
    if isinstance(message.id, tuple):
        return list(zip(message.id, message.string, strict=True))
    return [(message.id, message.string)]


def test_every_word_of_the_outputs_has_its_english():
    template, english = _catalogue(POT), _catalogue(PO)
    assert len(_ids(template)) > 150
    assert _ids(english) == _ids(template), "run `make messages`"
    for message in english:
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy (check and translate it): {message.id!r}"
        for french, string in _forms(message):
            assert string, f"no English for {french!r}"
            for pattern in (BRACES, PERCENT):  # a lost placeholder fails at format() time
                expected = sorted(pattern.findall(french))
                assert sorted(pattern.findall(string)) == expected, french
            assert TAG.findall(string) == TAG.findall(french), french


def test_no_french_left_in_the_english():
    """Guillemets, French non-breaking spaces and French words in an English message:
    an untranslated or half-translated entry. (Named things stay: « [Annulé] » is what
    the apps show, so it is quoted in English quotation marks.)"""
    english = _catalogue(PO)
    for message in english:
        for french, string in _forms(message) if message.id else []:
            if "[Annulé]" in string or string.startswith("*Français :"):
                continue  # a name the apps show; the English README's pointer to the French
            assert not FRENCH_ONLY.search(string), (french, string)


def test_the_template_is_extracted_from_the_code_and_the_templates():
    """F_() and gettext() in the code, {% trans %} blocks in the templates, their plurals
    too; never the code's ngettext(), which is the organiser's messages' (`aictdata`)."""
    found = [
        *extract_from_dir(
            ROOT / "aictdata",
            method_map=[("**.py", "python")],
            keywords={"F_": None, "gettext": None},
        ),
        *extract_from_dir(
            ROOT / "aictdata",
            method_map=[("templates/**.html", "jinja2"), ("templates/data/**.j2", "jinja2")],
            options_map={
                "templates/**.html": {"trim_blocks": "True", "lstrip_blocks": "True"},
                "templates/data/**.j2": {
                    "trim_blocks": "True",
                    "lstrip_blocks": "True",
                    "trimmed": "True",
                },
            },
            keywords={"gettext": None, "ngettext": (1, 2)},
        ),
    ]
    in_code = {message for _file, _line, message, _comments, _context in found}
    template = _ids(_catalogue(POT))
    assert in_code == template, "site.pot is not what the code marks: run `make messages`"
    assert any(isinstance(message, tuple) for message in template)  # a plural, from a template


def test_the_shipped_mo_is_the_po_compiled():
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(PO))
    assert MO.read_bytes() == compiled.getvalue(), "site.mo is stale: run `make messages`"


def test_french_messages_are_their_own_text_and_english_comes_from_the_catalogue():
    french, english = outputs.words("fr"), outputs.words("en")
    assert french("Pause café") == "Pause café"
    assert english("Pause café") == "Coffee break"
    assert english("Annulé") == "Cancelled"
    assert english("Métro") == "Metro"


def test_dates_and_times_in_each_language():
    french, english = outputs.words("fr"), outputs.words("en")
    day = date(2024, 10, 1)
    assert french.date(day) == "mardi 1er octobre 2024"
    assert english.date(day) == "Tuesday, 1 October 2024"
    assert english.date(day, weekday=False) == "1 October 2024"
    moment = datetime(2024, 10, 1, 9, 5, tzinfo=ZoneInfo("Europe/Paris"))
    assert french.time(moment) == "9h05"
    assert english.time(moment) == "09:05"
