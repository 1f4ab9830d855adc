"""What `aictdata validate` says of values out of bounds or of the wrong type, and of one
edition file named alone: fast cases of load.py's wording (the hostile corpus, in
tests/hostile/, holds the rest), so that `make mutation` can run them for every mutant."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.cli import cli


def validate(*paths: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", *map(str, paths)], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [
        (("number: 21", "number: 0"), ":2:9: number: must be 1 or more, not the number 0"),
        (
            ("    locality: Paris\n", "    locality: Paris\n  latitude: 100\n  longitude: 2\n"),
            ": venue.latitude: must be 90.0 or less, not the number 100",
        ),
        (
            ('postal_code: "75001"', "postal_code: 06000"),
            ": venue.address.postal_code: must be text, not the number 3072 (YAML reads 06000 as"
            ' the number 3072: write it as text in quotes: "06000")',
        ),
        (
            ("start_date: 2030-03-30", "start_date: bientôt"),
            ": start_date: must be a date written YYYY-MM-DD (e.g. 2030-03-30), not ",
        ),
        (
            ("title: Accueil", "title: 2030-03-30"),
            ": sessions[accueil].title: must be text, not a date (write it as text in quotes:"
            ' "2030-03-30")',
        ),
    ],
)
def test_a_value_of_the_wrong_kind_or_out_of_bounds_is_said_in_the_organisers_terms(
    replacement, expected, make_series: Callable[..., Path]
):
    folder = make_series(replacement)
    status, output = validate(folder)
    assert status == 1
    assert expected in output, output
    assert "{value}" not in output


def test_an_invalid_item_is_said_once_not_also_as_a_missing_one(make_series: Callable[..., Path]):
    """pydantic adds « at least 1 item » when the only item is invalid: only the item's
    own problem is said."""
    folder = make_series(
        (
            "registration:",
            "editorial:\n  author: Une Présidente\n  heading: Bienvenue\n"
            "  paragraphs:\n    - [une, liste]\nregistration:",
        )
    )
    status, output = validate(folder)
    assert status == 1
    assert "editorial.paragraphs[0]" in output, output
    assert "at least 1 item" not in output, output


def test_one_edition_file_named_alone_is_validated_with_its_series(
    make_series: Callable[..., Path],
):
    folder = make_series()
    status, output = validate(folder / "2030.yaml")
    assert status == 0, output
    assert "2030" in output
