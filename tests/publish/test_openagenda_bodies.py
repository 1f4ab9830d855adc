"""What `publish openagenda` sends, read off the contract server (openagenda_server.py)
and off the build's data/openagenda.json it comes from: the slots of a halted edition
carry the edition's status, and a cut text is within OpenAgenda's limit, « … » included;
a token the platform echoes back in an error is redacted like the key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aictdata.build.site import BuildOptions, build_site
from aictdata.output import layout
from aictdata.source.load import load_catalog
from tests.publish.conftest import FAST, Published, run_cli
from tests.publish.openagenda_server import AGENDA, SECRET, OpenAgendaServer


@pytest.fixture
def server(openagenda_server: OpenAgendaServer) -> OpenAgendaServer:
    return openagenda_server


def publish(server: OpenAgendaServer, site: Path) -> Published:
    return run_cli(
        *("publish", "openagenda", "--agenda", AGENDA, "--site", str(site)),
        *("--api-url", server.url + "v2/", *FAST),
        env={"AICTDATA_OPENAGENDA_KEY": SECRET},
    )


def built(folder: Path, out: Path) -> Path:
    build_site(load_catalog(folder), out, options=BuildOptions(validate=True))
    return out


def bodies(site: Path) -> dict[str, dict]:
    """ext id -> event body, as data/openagenda.json has them."""
    document = json.loads((site / layout.DATA_OPENAGENDA).read_text(encoding="utf-8"))
    return {event["extId"]: event["body"] for event in document["events"]}


@pytest.mark.parametrize(("status", "code"), [("cancelled", 6), ("postponed", 4)])
def test_the_slots_of_a_halted_edition_are_sent_with_the_editions_status(
    status, code, server, make_series: Callable[..., Path], tmp_path
):
    folder = make_series(
        ("programme_stage: programme", f"programme_stage: programme\nstatus: {status}")
    )
    site = built(folder, tmp_path / "site")
    assert {ext: body["status"] for ext, body in bodies(site).items()} == {
        "2030.accueil": code,
        "2030.cloture": code,
    }
    result = publish(server, site)
    assert result.exit_code == 0, result.output
    assert {ext: event["status"] for ext, event in server.titles().items()} == {
        "2030.accueil": code,
        "2030.cloture": code,
    }


@pytest.mark.parametrize(
    "title",
    [
        "Atelier " + "x" * 200,  # no space in the last half: cut inside the word
        "Atelier-de-coopération-décentralisée-" * 6,  # no space at all
        "Atelier " + "y" * 131 + " fin de titre",  # a space just past the limit
    ],
)
def test_a_cut_title_is_at_most_140_characters_ellipsis_included(
    title, server, make_series: Callable[..., Path], tmp_path
):
    folder = make_series(("title: Accueil", f"title: {title}"))
    site = built(folder, tmp_path / "site")
    cut = bodies(site)["2030.accueil"]["title"]["fr"]
    assert len(cut) <= 140 and cut.endswith("…")
    assert title.startswith(cut.removesuffix("…"))
    result = publish(server, site)
    assert result.exit_code == 0, result.output  # the platform refuses 141 characters
    assert server.titles()["2030.accueil"]["title"]["fr"] == cut


def test_a_token_echoed_in_an_error_body_is_redacted(server, validated_site):
    """The key is exchanged for a token: a platform that repeats the token it was sent
    in an error must not put it on the organiser's screen (nor in a CI log)."""
    server.echo_token = True
    result = publish(server, validated_site)
    assert result.exit_code == 1
    assert server.tokens, "no token was handed out"
    for token in server.tokens:
        assert token not in result.output
    assert "token *** may not write to this agenda" in result.output
