"""`publish datagouv` among the other datasets of the same organisation, and its waits
as the platform asks for them, injected (no test sleeps the hour a server may ask for)."""

from __future__ import annotations

import copy
import os
import subprocess
from pathlib import Path

import pytest

from aictdata.net.http import DEFAULT_MAX_WAIT, HttpOptions
from aictdata.publish import datagouv
from aictdata.publish.site import verified_site
from tests.publish.conftest import FAST, run_cli
from tests.publish.contract import Answer
from tests.publish.datagouv_server import KEY, DataGouvServer
from tests.served import aictdata_command

OTHER_SERIES = {
    "id": "00000000000000000000beef",
    "slug": "assises-de-la-cooperation",
    "owner": "org-cuf",
    "private": False,
    "title": "Assises de la coopération",
    "description": "Un autre jeu de données de l’organisation.",
    "resources": [],
    "tags": [],
    "extras": {datagouv.EXTRAS_SERIES: "assises"},
}


@pytest.fixture
def server(datagouv_server: DataGouvServer) -> DataGouvServer:
    return datagouv_server


def test_the_dataset_taken_is_only_one_whose_series_extra_is_ours(server, validated_site):
    server.datasets[OTHER_SERIES["id"]] = copy.deepcopy(OTHER_SERIES)
    result = run_cli(
        *("publish", "datagouv", "--site", str(validated_site)),
        *("--api-url", server.url + "api/1/", *FAST),
        env={"AICTDATA_DATAGOUV_API_KEY": KEY},
    )
    assert result.exit_code == 0, result.output
    assert server.datasets[OTHER_SERIES["id"]] == OTHER_SERIES  # never touched
    (ours,) = [d for d in server.ours() if d["id"] != OTHER_SERIES["id"]]
    assert ours["extras"][datagouv.EXTRAS_SERIES] != "assises" and ours["resources"]
    assert not [e for e in server.writes if OTHER_SERIES["id"] in e.path]


def publish_waiting(server: DataGouvServer, site: Path, **options: float) -> list[float]:
    """Publish through the library with the waits recorded instead of slept."""
    waits: list[float] = []
    datagouv.publish(
        verified_site(site, datagouv.REQUIRED),
        api_url=server.url + "api/1/",
        key=KEY,
        organization=None,
        options=HttpOptions(timeout=2, retries=2, sleep=waits.append, **options),
        dry_run=False,
    )
    return waits


def test_retry_after_is_waited_as_asked(server, validated_site):
    server.faults.append(Answer(429, {"message": "Too Many Requests"}, {"Retry-After": "7"}))
    assert publish_waiting(server, validated_site) == [7]
    first, second = server.log[0], server.log[1]
    assert first.status == 429 and second.path == first.path and second.status == 200


def test_an_hour_of_retry_after_is_cut_to_the_cap_without_waiting_it(server, validated_site):
    server.faults.append(Answer(429, {"message": "slow down"}, {"Retry-After": "3600"}))
    assert publish_waiting(server, validated_site) == [DEFAULT_MAX_WAIT]
    server.faults.append(Answer(429, {"message": "slow down"}, {"Retry-After": "3600"}))
    assert publish_waiting(server, validated_site, max_wait=0.25) == [0.25]


def test_the_cli_caps_retry_after_with_max_wait(server, validated_site):
    """The real command, in a process of its own bounded by a timeout: a cap that no
    longer holds fails in seconds, not after the hour the server asks for."""
    server.faults.append(Answer(429, {"message": "slow down"}, {"Retry-After": "3600"}))
    completed = subprocess.run(
        [
            *aictdata_command(),
            *("publish", "datagouv", "--site", str(validated_site)),
            *("--api-url", server.url + "api/1/", *FAST, "--max-wait", "0.2"),
        ],
        env={**os.environ, "AICTDATA_DATAGOUV_API_KEY": KEY},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    first, second = server.log[0], server.log[1]
    assert first.status == 429 and 0.2 <= second.at - first.at < 10
