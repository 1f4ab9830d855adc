"""Messages in the organiser's language: the catalogues are complete and follow the code,
the language is chosen from the locale or --lang, and the wording is exact in both.

Expected messages are written here from the fixture text (line numbers with `line_of`),
never copied from the program's output.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from aictdata import i18n
from tests.conftest import ROOT, line_of, load_problems

LOCALE = ROOT / "aictdata" / "locale"
POT = LOCALE / "aictdata.pot"
PO = LOCALE / "fr" / "LC_MESSAGES" / "aictdata.po"
MO = PO.with_suffix(".mo")
with (ROOT / "babel.cfg").open(encoding="utf-8") as _config:
    METHOD_MAP = parse_mapping_cfg(_config)[0]
"""How `make messages` extracts: marked messages, and the commands' help (clihelp.py)."""
PLACEHOLDER = re.compile(r"\{(\w*)\}")
SHAPE = re.compile(r"^editions/2030\.yaml:\d+:\d+: [\w.\[\]-]+: \S.*$")
"""FILE:LINE:COLUMN: FIELD: MESSAGE, in either language."""


def _catalogue(path: Path):  # -> babel Catalog
    with path.open("rb") as stream:
        return read_po(stream)


def _ids(catalogue) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}


def test_every_message_has_a_french_translation():
    template, french = _catalogue(POT), _catalogue(PO)
    assert len(_ids(template)) > 100
    assert _ids(french) == _ids(template), "run `make messages`"
    for message in french:
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy (check and translate it): {message.id!r}"
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"no French for {message.id!r}"
        names = set(PLACEHOLDER.findall(ids[0]))
        for string in strings:  # a lost or renamed {placeholder} fails at format() time
            assert set(PLACEHOLDER.findall(string)) == names, (message.id, string)


def test_the_template_is_extracted_from_the_code():
    in_code = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / "aictdata", method_map=METHOD_MAP
        )
    }
    template = _ids(_catalogue(POT))
    assert not in_code - template, (
        f"not in aictdata.pot (run `make messages`): {in_code - template}"
    )
    assert not template - in_code, (
        f"no longer in the code (run `make messages`): {template - in_code}"
    )


def test_the_shipped_mo_is_the_po_compiled():
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(PO))
    assert MO.read_bytes() == compiled.getvalue(), "aictdata.mo is stale: run `make messages`"


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr"}, "fr"),
        ({"LANG": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "C.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "C"}, "en"),
        ({"LANG": "C", "LC_MESSAGES": "C", "LC_ALL": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": ""}, "fr"),  # set but empty: not set
    ],
)
def test_the_language_follows_lc_all_then_lc_messages_then_lang(environ, language):
    assert i18n.language_from_environment(environ) == language


def _run(folder: Path, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    """`aictdata ARGS` in a child with only the given locale variables."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("LC_") and key not in ("LANG", "LANGUAGE")
    }
    env.update(environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "aictdata", *args],
        cwd=folder.parent,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


@pytest.fixture
def broken(make_series) -> Path:
    """Two mistakes: a postal code YAML reads as an octal number, a slot title as a number."""
    return make_series(
        ('postal_code: "75001"', "postal_code: 06000"), ("title: Accueil", "title: 12")
    )


def _expected(folder: Path, language: str) -> list[str]:
    path = folder / "2030.yaml"
    postal, title = line_of(path, "postal_code: 06000"), line_of(path, "title: 12")
    if language == "fr":
        return [
            f"editions/2030.yaml:{postal}:18: venue.address.postal_code: doit être du texte,"
            " pas le nombre 3072 (YAML lit 06000 comme le nombre 3072 : écrivez-le comme du"
            ' texte, entre guillemets : "06000")',
            f"editions/2030.yaml:{title}:12: sessions[accueil].title: doit être du texte, pas"
            ' le nombre 12 (écrivez-le comme du texte, entre guillemets : "12")',
            "2 erreurs",
        ]
    return [
        f"editions/2030.yaml:{postal}:18: venue.address.postal_code: must be text, not the"
        ' number 3072 (YAML reads 06000 as the number 3072: write it as text in quotes: "06000")',
        f"editions/2030.yaml:{title}:12: sessions[accueil].title: must be text, not the"
        ' number 12 (write it as text in quotes: "12")',
        "2 errors",
    ]


@pytest.mark.parametrize(
    ("args", "environ", "language"),
    [
        ((), {"LANG": "fr_FR.UTF-8"}, "fr"),
        ((), {"LANG": "C.UTF-8"}, "en"),
        ((), {"LANG": "C.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, "fr"),
        (("--lang", "fr"), {"LANG": "C.UTF-8"}, "fr"),
        (("--lang", "en"), {"LANG": "fr_FR.UTF-8"}, "en"),
    ],
    ids=["LANG=fr", "LANG=C", "LC_ALL=fr", "--lang-fr-over-LANG", "--lang-en-over-LANG"],
)
def test_validate_speaks_the_chosen_language(broken, args, environ, language):
    completed = _run(broken, *args, "validate", "editions", **environ)
    assert completed.returncode == 1
    assert completed.stderr.splitlines() == _expected(broken, language)


def test_french_messages_keep_the_located_shape(broken):
    *lines, count = _run(broken, "validate", "editions", LANG="fr_FR.UTF-8").stderr.splitlines()
    assert count == "2 erreurs" and lines
    assert all(SHAPE.match(line) for line in lines), lines


def test_a_valid_edition_is_listed_in_french(make_series):
    folder = make_series()
    completed = _run(folder, "validate", "editions", LANG="fr_FR.UTF-8")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        "2030  21e édition  2030-03-30 -> 2030-03-31  2 créneaux"
    ]


def test_an_unclosed_quote_is_reported_where_it_opened(make_series):
    # libyaml notices only on the next line ("did not find expected key"); the mistake is
    # the quote opened after `title:` (column 12: four spaces, "title: ").
    folder = make_series(("title: Accueil", 'title: "Accueil'))
    path = folder / "2030.yaml"
    line = line_of(path, 'title: "Accueil')
    assert load_problems(folder) == [
        f'{path}:{line}:12: YAML syntax: the quote " opened here is never closed on its'
        ' line, so YAML reads the next lines as part of the text: add the closing "'
    ]
    i18n.activate("fr")
    assert load_problems(folder) == [
        f'{path}:{line}:12: syntaxe YAML : le guillemet " ouvert ici n’est pas fermé sur sa'
        " ligne, et YAML lit les lignes suivantes comme la suite du texte : ajoutez le"
        ' " fermant'
    ]


def test_a_quote_left_open_to_the_end_of_the_file_is_reported_where_it_opened(make_series):
    folder = make_series(("kind: closing", "kind: 'closing"))
    path = folder / "2030.yaml"
    line = line_of(path, "kind: 'closing")
    assert load_problems(folder) == [
        f"{path}:{line}:11: YAML syntax: the quote ' opened here is never closed on its"
        " line, so YAML reads the next lines as part of the text: add the closing '"
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [("06000", 3072), ("0x1F", 31), ("1_000", 1000), ("1.5e+3", 1500.0)],
)
def test_the_quote_hint_shows_what_was_written(make_series, written, value):
    folder = make_series(('postal_code: "75001"', f"postal_code: {written}"))
    path = folder / "2030.yaml"
    line = line_of(path, f"postal_code: {written}")
    assert load_problems(folder) == [
        f"{path}:{line}:18: venue.address.postal_code: must be text, not the number {value}"
        f' (YAML reads {written} as the number {value}: write it as text in quotes: "{written}")'
    ]


def test_a_number_read_as_written_gets_the_plain_hint(make_series):
    folder = make_series(('postal_code: "75001"', "postal_code: 75001"))
    path = folder / "2030.yaml"
    line = line_of(path, "postal_code: 75001")
    assert load_problems(folder) == [
        f"{path}:{line}:18: venue.address.postal_code: must be text, not the number 75001"
        ' (write it as text in quotes: "75001")'
    ]


def test_a_slot_is_named_by_its_id_and_by_its_index_without_one(make_series):
    folder = make_series(('start: "16:00"', 'start: "16:00x"'), ("id: accueil", "id: Accueil"))
    path = folder / "2030.yaml"
    bad_id, start = line_of(path, "id: Accueil"), line_of(path, 'start: "16:00x"')
    assert load_problems(folder) == [
        f"{path}:{bad_id}:9: sessions[0].id: 'Accueil' is not a valid id: use lower-case"
        " letters, digits and single hyphens (e.g. atelier-2)",
        f"{path}:{start}:12: sessions[cloture].start: must be a local time such as"
        """ "09:30" or "9h30", not '16:00x'""",
    ]


def test_the_library_speaks_english_whatever_the_locale(make_series, monkeypatch):
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    folder = make_series(('end: "10:00"', 'end: "08:30"'))
    assert load_problems(folder)[0].endswith(
        "sessions[accueil].end: must be after start (08:30 <= 09:00)"
    )


def test_pydantic_wording_is_replaced_by_ours_in_both_languages(make_series):
    # Pydantic's own messages ("Input should be ...") have no catalogue: load.py words
    # the usual ones itself, so that a French organiser never reads them.
    folder = make_series(("kind: welcome", "kind: breakfast"))
    path = folder / "2030.yaml"
    where = f"{path}:{line_of(path, 'kind: breakfast')}:11: sessions[accueil].kind:"
    choices = (
        "'welcome', 'opening', 'workshops', 'coffee-break', 'plenary', 'lunch', 'cafes',"
        " 'country-honour', 'closing', 'other'"
    )
    assert load_problems(folder) == [f"{where} must be one of {choices}, not the text 'breakfast'"]
    i18n.activate("fr")
    assert load_problems(folder) == [
        f"{where} doit être l’une des valeurs {choices}, pas le texte 'breakfast'"
    ]


def test_a_quoted_text_on_several_lines_is_not_blamed_for_a_later_mistake(make_series):
    # A legitimate quoted title running over two lines, one of which looks like a key, then
    # a mistake further down: the message is about that line, where libyaml found it.
    folder = make_series(
        ("title: Accueil", 'title: "Accueil\n      suite: du titre"'),
        ("kind: closing", "kind: closing\n   bad: indentation"),
    )
    path = folder / "2030.yaml"
    line = line_of(path, "bad: indentation")
    assert load_problems(folder) == [
        f"{path}:{line}:4: YAML syntax: bad: is not aligned with kind: on the line above: start"
        " it at column 5, under kind (it starts at column 4)"
    ]
