"""The cross-edition rule on hashtags: a hashtag is matched by people without regard to
letter case (#RencontresAICT2026 and #rencontresaict2026 are one), so two editions whose
hashtags differ only by case are refused as sharing it, with the located error."""

from __future__ import annotations

from click.testing import CliRunner

from aictdata.cli import cli
from tests.conftest import line_of
from tests.source.test_load import copy_of_2025


def test_two_hashtags_differing_only_by_case_are_the_same_hashtag(tmp_path):
    folder, copy = copy_of_2025(
        tmp_path,
        ("number: 16", "number: 17"),
        ("2025-07-04", "2026-07-03"),
        ("RencontresAICT2025", "rencontresaict2025"),
        ("file: 001_bac82b4ff7f31f5a.txt", "file: 2026.txt"),
    )
    result = CliRunner().invoke(cli, ["validate", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    line = line_of(copy, "hashtag:")
    assert f"{copy}:{line}:" in result.output
    assert "hashtag: #rencontresaict2025 is already the hashtag of edition 2025" in result.output
