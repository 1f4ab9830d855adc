"""Built sites to publish (validated, as the publishers require) and a way to run the real
CLI against the contract servers.

- `validated_site`: the real editions (14 + 10 slots), built with `--validate`.
- `changed_site`: the same editions after a first build, then one slot moved, one cancelled
  and one removed from the YAML (with `updated` advanced), rebuilt with `--validate`: the
  removed slot is known only through the calendar memory of the copy.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner, Result

from aictdata.build.site import BuildOptions, build_site
from aictdata.cli import cli
from aictdata.memory.state import state_path
from aictdata.output import layout
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS
from tests.publish.datagouv_server import DataGouvServer
from tests.publish.openagenda_server import OpenAgendaServer

FAST = ("--timeout", "2", "--retries", "2", "--max-wait", "2")
"""Bounds that keep every test short: no wait longer than 2 s, three attempts at most."""
MOVED = "2025.pause-cafe"
CANCELLED = "2025.pleniere-pays"
REMOVED = "2025.cafes-des-rencontres"
ServerT = TypeVar("ServerT", DataGouvServer, OpenAgendaServer)


@dataclass(frozen=True)
class Published:
    """What one CLI run printed (stdout and stderr together) and how it ended."""

    exit_code: int
    output: str


def run_cli(*args: str, env: dict[str, str | None] | None = None) -> Published:
    result: Result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return Published(result.exit_code, result.output)


def _build(editions: Path, out: Path, *, validate: bool, memory: bool) -> Path:
    context = BuildOptions(editions_dir=editions, validate=validate)
    state = state_path(editions) if memory else None
    build_site(load_catalog(editions), out, options=context, state_file=state)
    return out


@pytest.fixture(scope="session")
def validated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(
        EDITIONS, tmp_path_factory.mktemp("validated") / "site", validate=True, memory=False
    )


@pytest.fixture(scope="session")
def unvalidated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(
        EDITIONS, tmp_path_factory.mktemp("unvalidated") / "site", validate=False, memory=False
    )


@pytest.fixture(scope="session")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("changed")
    editions = root / "editions"
    shutil.copytree(EDITIONS, editions)
    state_path(editions).unlink(missing_ok=True)
    _build(editions, root / "first", validate=False, memory=True)
    edition = editions / "2025.yaml"
    text = edition.read_text(encoding="utf-8")
    replacements = [
        ("updated: 2026-11-23T00:00:00+01:00", "updated: 2026-11-30T00:00:00+01:00"),
        (
            '  - id: pause-cafe\n    date: 2025-07-04\n    start: "11:00"\n    end: "11:30"',
            '  - id: pause-cafe\n    date: 2025-07-04\n    start: "11:05"\n    end: "11:35"',
        ),
        (
            "    title: Plénière de mise à l’honneur d’un pays\n    kind: country-honour",
            "    title: Plénière de mise à l’honneur d’un pays\n    kind: country-honour\n"
            "    status: cancelled",
        ),
        (
            '  - id: cafes-des-rencontres\n    date: 2025-07-04\n    start: "14:00"\n'
            '    end: "15:00"\n    title: « Cafés des Rencontres »\n    kind: cafes\n',
            "",
        ),
    ]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    edition.write_text(text, encoding="utf-8")
    return _build(editions, root / "site", validate=True, memory=True)


def published_paths(site: Path) -> set[str]:
    """What the README promises: every file of the package, datapackage.json,
    openagenda.json and the feeds (all editions, each edition)."""
    package = json.loads((site / layout.DATAPACKAGE).read_text(encoding="utf-8"))
    paths = {f"data/{r['path']}" for r in package["resources"]}
    editions = json.loads((site / layout.DATA_ALL_EDITIONS).read_text(encoding="utf-8"))
    feeds = {f"{e['id']}/calendar.ics" for e in editions["editions"]}
    return paths | feeds | {layout.DATAPACKAGE, layout.DATA_OPENAGENDA, "calendar.ics"}


@pytest.fixture
def datagouv_server() -> Iterator[DataGouvServer]:
    """A data.gouv.fr contract server running on 127.0.0.1, its base URL in `url`."""
    yield from _running(DataGouvServer())


@pytest.fixture
def openagenda_server() -> Iterator[OpenAgendaServer]:
    """An OpenAgenda contract server running on 127.0.0.1, its base URL in `url`."""
    yield from _running(OpenAgendaServer())


def _running(platform: ServerT) -> Iterator[ServerT]:
    with platform.running() as url:
        platform.url = url
        yield platform
