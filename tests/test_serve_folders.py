"""`aictdata serve` and nested folders, over a raw socket: a folder asked without its
slash is redirected to the same folder with it, however deep (`/en/2025` → `/en/2025/`),
never to a folder of the same name elsewhere (`/2025/`), which exists too."""

from __future__ import annotations

import pytest

from tests.served import raw_get, serving, status_of


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    site = tmp_path_factory.mktemp("folders") / "site"
    for folder in ("2025", "en", "en/2025", "en/2025/sessions", "2025/sessions"):
        (site / folder).mkdir(parents=True, exist_ok=True)
        (site / folder / "index.html").write_text(f"<p>{folder}</p>\n", encoding="utf-8")
    with serving(site, tmp_path_factory.mktemp("log") / "serve.log") as running:
        yield running


def location(answer: bytes) -> str:
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    (value,) = [
        line.split(":", 1)[1].strip()
        for line in head.split("\r\n")[1:]
        if line.lower().startswith("location:")
    ]
    return value


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("/en/2025", "/en/2025/"),
        ("/en/2025/sessions", "/en/2025/sessions/"),
        ("/2025/sessions?x=1", "/2025/sessions/?x=1"),
        ("/en", "/en/"),
    ],
)
def test_a_nested_folder_without_its_slash_redirects_to_the_same_folder(server, asked, expected):
    answer = raw_get(server.port, asked)
    assert status_of(answer) == 301
    assert location(answer) == expected
    followed = raw_get(server.port, expected)
    assert status_of(followed) == 200
    assert followed.endswith(f"<p>{expected.split('?')[0].strip('/')}</p>\n".encode())
