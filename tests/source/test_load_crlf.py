"""Errors in a file saved with Windows line endings (CRLF) are located at the right line.

An organiser editing on Windows saves CRLF; a loader that counted "\\r" and "\\n" as two
line breaks, or that located errors by offsets into a normalised copy, would send them
to the wrong line. Each expected line is found in the fixture's text (`line_of`), and
the same error in the LF file must be reported at the same place.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import line_of, load_problems


def to_crlf(path: Path) -> None:
    text = path.read_text("utf-8")
    assert "\r" not in text
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))


@pytest.mark.parametrize(
    ("replacement", "needle", "field"),
    [
        (("kind: closing", "kind: banquet"), "kind: banquet", "sessions[cloture].kind"),
        (('end: "17:00"', 'end: "15:00"'), 'end: "15:00"', "sessions[cloture].end"),
        (("title: Clôture", "title: Clôture\n    colour: blue"), "colour: blue", "colour"),
    ],
)
def test_an_error_in_a_crlf_file_is_at_its_line(make_series, replacement, needle, field):
    folder = make_series(replacement)
    path = folder / "2030.yaml"
    [lf_problem] = load_problems(folder)
    to_crlf(path)
    [crlf_problem] = load_problems(folder)
    line = line_of(path, needle)
    assert line > 20  # far down the file: an off-by-a-factor count shows
    assert crlf_problem == lf_problem
    assert crlf_problem.startswith(f"{path}:{line}:"), crlf_problem
    assert field in crlf_problem


def test_a_yaml_syntax_error_in_a_crlf_file_is_at_its_line(make_series):
    folder = make_series(("    title: Clôture", "    title: [Clôture"))
    path = folder / "2030.yaml"
    to_crlf(path)
    [problem] = load_problems(folder)
    line = line_of(path, "title: [Clôture")
    reported = int(problem.split(":")[1])
    assert line <= reported <= line + 1, problem  # the parser notices at the next line


def test_a_forbidden_character_in_a_crlf_file_is_at_its_line_and_column(make_series):
    folder = make_series(("title: Clôture", "title: Clô\x07ture"))
    path = folder / "2030.yaml"
    to_crlf(path)
    [problem] = load_problems(folder)
    line = line_of(path, "Clô\x07ture")
    column = path.read_bytes().decode("utf-8").split("\r\n")[line - 1].index("\x07") + 1
    assert problem.startswith(f"{path}:{line}:{column}:"), problem
