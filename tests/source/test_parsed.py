"""Validated editions kept between runs (aictdata.source.parsed): an entry is used only
for the very bytes it was read from, an edition with a problem is never kept, a damaged
entry is a miss, and what is checked each time (logos) is still located."""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import pytest

from aictdata.errors import DataError
from aictdata.source.load import load_catalog
from tests.conftest import MINIMAL, edit, line_of, load_problems

EDITION_LOGO = (
    "organisations:\n"
    "  - id: partenaire\n"
    "    name: Partenaire de test\n"
    "    logo: {file: partenaire.svg, alt: Partenaire de test}\n"
)


@pytest.fixture
def entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "aictdata" / "editions"


def _series(tmp_path: Path) -> Path:
    folder = tmp_path / "editions"
    shutil.copytree(MINIMAL, folder)
    return folder


def test_the_entry_of_the_same_bytes_is_what_the_next_run_reads(tmp_path, entries):
    folder = _series(tmp_path)
    first = load_catalog(folder)
    (entry,) = entries.iterdir()
    edition, located = pickle.loads(entry.read_bytes())
    assert edition == first.editions[0]
    # an entry that says otherwise is believed for these bytes: it is what is read
    changed = edition.model_copy(update={"theme": "Thème gardé"})
    entry.write_bytes(pickle.dumps((changed, located)))
    assert load_catalog(folder).editions[0].theme == "Thème gardé"
    # ... and for these bytes only: one more comment, and the file is read again
    with (folder / "2030.yaml").open("a", encoding="utf-8") as stream:
        stream.write("# relu\n")
    assert load_catalog(folder).editions[0].theme == "Un thème"
    # the series is part of the name too: the edition is validated against it
    edit(folder / "series.yaml", ("Organisation de test", "Organisation renommée"))
    load_catalog(folder)
    assert len(list(entries.iterdir())) == 3


def test_an_edition_with_a_problem_is_never_kept_and_always_said(tmp_path, entries):
    """Here a problem found once the edition is valid (its id is not its file's name)."""
    folder = _series(tmp_path)
    (folder / "2030.yaml").rename(folder / "2031.yaml")
    first = load_problems(folder)
    assert first == load_problems(folder)
    assert any("must match the file name" in problem for problem in first)
    assert not entries.exists() or not list(entries.iterdir())


def test_a_damaged_entry_is_read_as_a_miss(tmp_path, entries):
    folder = _series(tmp_path)
    first = load_catalog(folder)
    (entry,) = entries.iterdir()
    for damaged in (b"", b"not a pickle", pickle.dumps(("an edition", "a place"))):
        entry.write_bytes(damaged)
        assert load_catalog(folder) == first


def test_a_logo_gone_since_the_edition_was_kept_is_said_where_it_was_written(tmp_path, entries):
    folder = _series(tmp_path)
    edition = folder / "2030.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + EDITION_LOGO, encoding="utf-8")
    (folder / "logos").mkdir()
    (folder / "logos" / "partenaire.svg").write_text("<svg/>", encoding="utf-8")
    load_catalog(folder)
    assert len(list(entries.iterdir())) == 1
    (folder / "logos" / "partenaire.svg").unlink()
    with pytest.raises(DataError) as raised:
        load_catalog(folder)
    (problem,) = raised.value.problems
    assert (problem.line, problem.field) == (
        line_of(edition, "logo: {file: partenaire.svg"),
        "organisations[partenaire].logo.file",
    )


def test_the_digest_of_an_editions_content_is_kept_with_it(tmp_path, entries):
    """Made where the edition was parsed (`Edition.json_digest`), so that a rebuild need
    not dump every edition again to tell which changed; the digest of its own JSON."""
    folder = _series(tmp_path)
    load_catalog(folder)
    (entry,) = entries.iterdir()
    kept, _located = pickle.loads(entry.read_bytes())
    assert "json_digest" in vars(kept)
    read = load_catalog(folder).editions[0]
    assert read.json_digest == hashlib.sha256(read.model_dump_json().encode()).hexdigest()
