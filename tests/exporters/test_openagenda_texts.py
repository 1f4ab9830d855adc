"""data/openagenda.json's texts and places as OpenAgenda will show them: a cut title ends
with « … » within the limit and opens the long description whole, whatever characters
it holds; a cut falls at a word only in the text's last half; markdown block markers in
the data stay text; a venue's coordinates are sent when the data has them, its English
only where the data has it; the ways to register fit OpenAgenda's 2,000 characters."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from aictdata.build.site import build_site
from aictdata.output import layout
from aictdata.source.load import load_catalog
from tests.conftest import FIXTURES

Series = Callable[..., Path]


def document(make_series: Series, tmp_path: Path, *replacements: tuple[str, str]) -> dict:
    return built(make_series(*replacements), tmp_path)


def built(folder: Path, tmp_path: Path) -> dict:
    build_site(load_catalog(folder), tmp_path / "site", only=["openagenda"])
    return json.loads((tmp_path / "site" / layout.DATA_OPENAGENDA).read_text(encoding="utf-8"))


def welcome(data: dict) -> dict:
    (event,) = [e["body"] for e in data["events"] if e["extId"] == "2030.accueil"]
    return event


@pytest.mark.parametrize(
    ("title", "length"),
    [
        ("🎉" * 200, 140),  # characters that sort after « … »
        ("Atelier " + "x" * 52 + " " + "y" * 200, 140),  # a space in the first half only
        ("Atelier " + "y" * 100 + " fin de titre " + "z" * 40, 122),  # one in the last half
    ],
)
def test_a_cut_title_ends_with_an_ellipsis_and_opens_the_long_description(
    title, length, make_series: Series, tmp_path
):
    event = welcome(document(make_series, tmp_path, ("title: Accueil", f"title: {title}")))
    cut = event["title"]["fr"]
    assert (len(cut), cut[-1]) == (length, "…")
    assert title.startswith(cut[:-1])
    assert event["longDescription"]["fr"].startswith(title + "\n\n")


def test_markdown_block_markers_in_a_description_stay_text(make_series: Series, tmp_path):
    """Read by a CommonMark parser (markdown-it-py), as OpenAgenda renders it: one
    paragraph showing the organiser's lines as written, no heading, list or backslash."""
    description = "'# pas un titre\n\n    - pas une liste\n\n    12. pas un numéro'"
    event = welcome(
        document(
            make_series,
            tmp_path,
            ("title: Accueil", f"title: Accueil\n    description: {description}"),
        )
    )
    html = MarkdownIt("commonmark").render(event["longDescription"]["fr"])
    assert html.startswith("<p># pas un titre\n- pas une liste\n12. pas un numéro</p>\n"), html


def test_a_venue_with_coordinates_sends_them(make_series: Series, tmp_path):
    data = document(
        make_series,
        tmp_path,
        (
            "    locality: Paris\n",
            "    locality: Paris\n  latitude: 48.8566\n  longitude: 2.3522\n",
        ),
    )
    (place,) = data["locations"]
    assert (place["body"]["latitude"], place["body"]["longitude"]) == (48.8566, 2.3522)
    without = document(make_series, tmp_path / "plain")
    assert "latitude" not in without["locations"][0]["body"]


ANNOUNCED = FIXTURES / "announced-2029.yaml"


def test_an_announced_edition_without_a_venue_leaves_the_other_editions_events(
    make_series: Series, tmp_path
):
    """An announced edition has no venue, which OpenAgenda needs: it is skipped, and the
    editions after it in the series are sent all the same."""
    folder = make_series()
    shutil.copy(ANNOUNCED, folder / "2029.yaml")
    data = built(folder, tmp_path)
    assert [e["extId"] for e in data["events"]] == ["2030.accueil", "2030.cloture"]
    assert [p["extId"] for p in data["locations"]] == ["lieu"]  # one place per venue


def test_a_place_is_in_english_too_only_where_the_data_is(make_series: Series, tmp_path):
    bilingual = built(FIXTURES / "bilingual", tmp_path / "bilingual")
    (place,) = bilingual["locations"]
    assert set(place["body"]["access"]) == {"fr", "en"}
    assert "Follow the signs" in place["body"]["access"]["en"]
    french_only = document(make_series, tmp_path / "french")
    assert all(
        set(value) == {"fr"}
        for value in french_only["locations"][0]["body"].values()
        if isinstance(value, dict)
    )


def test_registration_keeps_within_2000_characters_dropping_what_does_not_fit(
    make_series: Series, tmp_path
):
    url = "https://example.org/inscription?" + "x" * 1960
    data = document(
        make_series, tmp_path, ("  opens: 2030-01-15", f"  opens: 2030-01-15\n  url: {url}")
    )
    assert welcome(data)["registration"] == [url]  # the contact's e-mail would pass 2000


def test_the_file_says_it_is_format_1(make_series: Series, tmp_path):
    """`publish openagenda` from an older or newer aictdata reads the format number
    first: it is part of the file's contract, and changes only with the file's shape."""
    assert document(make_series, tmp_path)["format"] == 1
