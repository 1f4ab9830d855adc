"""The hostile-input corpus, run through the real `aictdata validate` and `aictdata build`.

Each case is an edition file under cases/ (or a folder holding series.yaml and 2030.yaml)
with, beside it, the exact output it must produce: `<case>.errors` (the stderr of a run
that exits 1: one `file:line:column: field: message` line per problem, then the count)
or `<case>.loads` (the stdout of a run that exits 0: the input is legitimate). The
expected lines were written from the input by hand. Cases too large to commit are
generated below, with their expected lines derived from how they are generated.

Every case must also finish within a time and memory bound, print no traceback, and,
when it fails, leave nothing behind: no site, no temporary folder, no calendar memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from aictdata.cli import cli
from aictdata.source.yaml_limits import MAX_BYTES, MAX_CHARACTERS, MAX_DEPTH, MAX_VALUES
from tests.conftest import MINIMAL
from tests.hostile.harness import run_aictdata

CASES = Path(__file__).parent / "cases"
EDITION = "editions/2030.yaml"
SECONDS_BUDGET = 10.0
"""Wall time of one `aictdata validate` run, interpreter start included (~0.4 s)."""
BUILD_SECONDS_BUDGET = 30.0
PEAK_MEMORY_BUDGET = 256 * 1024 * 1024
"""Peak resident memory of one run; a hostile input must not get near RLIMIT_AS."""
VALID_FIXTURE = (MINIMAL / "2030.yaml").read_text(encoding="utf-8")
LOADS = ["2030  21e édition  2030-03-30 -> 2030-03-31  2 slots"]
HEAVY = {
    "alias-bomb",
    "generated-paragraph-alias-bomb",
    "deep-nesting",
    "generated-sparse-8-gib-file",
    "generated-value-flood",
    "generated-deep-flow-nesting",
    "generated-huge-title",
    "html-everywhere",
    "python-tag",
}
"""Cases whose `build` also runs in a child process under the limits (the rest use
click's CliRunner, which exercises the same code without the interpreter start-up)."""


@dataclass(frozen=True)
class Case:
    name: str
    install: Callable[[Path], None]
    """Writes the case's files into an editions folder that holds the minimal series."""
    expected: list[str]
    loads: bool


def _committed(path: Path) -> Case:
    source = CASES / path.stem
    loads = path.suffix == ".loads"

    def install(folder: Path) -> None:
        if source.is_dir():
            for file in source.iterdir():
                shutil.copyfile(file, folder / file.name)
        else:
            shutil.copyfile(source.with_suffix(".yaml"), folder / "2030.yaml")

    return Case(path.stem, install, path.read_text(encoding="utf-8").splitlines(), loads)


def _writes(data: bytes | Callable[[Path], None]) -> Callable[[Path], None]:
    def install(folder: Path) -> None:
        if callable(data):
            data(folder / "2030.yaml")
        else:
            (folder / "2030.yaml").write_bytes(data)

    return install


def _sparse_file(path: Path) -> None:
    """8 GiB that take no disk: the reader must stop after MAX_BYTES, not load them."""
    with path.open("wb") as stream:
        stream.truncate(8 << 30)


STATE = "editions/calendar-state.json"
_DAMAGED = (
    ": the calendar memory is damaged, and the build publishes nothing from it: restore it"
    f" from git as committed with the last build of the published site (git log -- {STATE}),"
    " then build again"
)
GOOD_STATE = (
    (CASES / "calendar-state-unknown-kind" / "calendar-state.json")
    .read_text(encoding="utf-8")
    .replace('"kind": "keynote"', '"kind": "welcome"')
)


def _with_state(make: Callable[[Path], None]) -> Callable[[Path], None]:
    """The valid fixture beside a calendar memory that `make` creates at the given path."""

    def install(folder: Path) -> None:
        (folder / "2030.yaml").write_text(VALID_FIXTURE, encoding="utf-8")
        make(folder / "calendar-state.json")

    return install


def _state_text(text: str) -> Callable[[Path], None]:
    return _with_state(lambda path: path.write_text(text, encoding="utf-8"))


def _self_symlink(folder: Path) -> None:
    (folder / "2030.yaml").write_text(VALID_FIXTURE, encoding="utf-8")
    (folder / "loop.yaml").symlink_to("loop.yaml")


def _hidden_in_file_name(folder: Path) -> None:
    (folder / "2030.yaml").write_text(VALID_FIXTURE, encoding="utf-8")
    (folder / "x\u202elmay.yaml").write_text("- a list\n", encoding="utf-8")


def _line_of_sequence() -> int:
    """The line of the first SEQUENCE in GOOD_STATE: where a number too long is located."""
    return (
        GOOD_STATE.split("\n").index(
            next(line for line in GOOD_STATE.split("\n") if '"sequence": 0' in line)
        )
        + 1
    )


def _generated_state() -> list[Case]:
    """Calendar memories that cannot be committed (a FIFO, a device) or are too large,
    and file names that git or a checkout would not keep as they are."""
    huge_number = GOOD_STATE.replace('"sequence": 0', '"sequence": ' + "9" * 5000, 1)
    nested = GOOD_STATE.replace('"versions": []', '"versions": ' + "[" * 100_000 + "]" * 100_000)
    unreadable = f"{STATE}:1:1: cannot be read (not a regular file){_DAMAGED}"
    return [
        Case(
            "generated-calendar-state-5000-digit-number",
            _state_text(huge_number),
            [f"{STATE}:{_line_of_sequence()}:1: a number of 5000 digits{_DAMAGED}", "1 error"],
            False,
        ),
        Case(
            "generated-calendar-state-deep-nesting",
            _state_text(nested),
            [f"{STATE}:1:1: nested too deeply{_DAMAGED}", "1 error"],
            False,
        ),
        Case(  # DEL: a control character json itself lets through, unlike those below 0x20
            "generated-calendar-state-raw-del",
            _state_text(GOOD_STATE.replace('"Clôture"', '"Cl\x7fôture"')),
            [f"{STATE}:37:1: a control character in a text{_DAMAGED}", "1 error"],
            False,
        ),
        Case(
            "generated-calendar-state-fifo", _with_state(os.mkfifo), [unreadable, "1 error"], False
        ),
        Case(
            "generated-calendar-state-dev-zero",
            _with_state(lambda path: path.symlink_to("/dev/zero")),
            [unreadable, "1 error"],
            False,
        ),
        Case(
            "generated-bidi-override-in-file-name",
            _hidden_in_file_name,
            [
                "editions/x\\u202elmay.yaml:1:1: expected a YAML mapping ('name: value' lines)"
                " at the top, found a list",
                "1 error",
            ],
            False,
        ),
        Case(
            "generated-self-symlink",
            _self_symlink,
            [
                "editions/loop.yaml:1:1: cannot read file: Too many levels of symbolic links",
                "1 error",
            ],
            False,
        ),
    ]


def _generated() -> list[Case]:
    header = "# generated hostile input\n"
    too_big = (
        f"{EDITION}:1:1: file is larger than {MAX_BYTES} bytes (an edition file is a few kilobytes)"
    )
    flood = header + "highlights: [" + "a, " * (MAX_VALUES + 50) + "a]\n"
    # "highlights: [" is 13 characters: value k (1-based) starts at column 14 + 3 (k - 1),
    # and the reader gives up at value MAX_VALUES + 1.
    flood_column = 14 + 3 * MAX_VALUES
    depth = 200_000
    nested = header + "highlights: " + "[" * depth + "]" * depth + "\n"
    # The edition mapping is level 1, so the MAX_DEPTH-th "[" (column 13 + MAX_DEPTH - 1)
    # would be level MAX_DEPTH + 1.
    nested_column = 13 + MAX_DEPTH - 1
    title_length = 900_000
    huge_title = header + VALID_FIXTURE.replace("title: Accueil", "title: " + "A" * title_length)
    long_key = header + VALID_FIXTURE + "k" * 1000 + ": x\n"
    shown_key = "k" * 59 + "…"  # messages cut echoed text at 60 characters
    huge_key = header + VALID_FIXTURE + "k" * 500_000 + ": x\n"
    padding = "# " + "x" * 1000 + "\n"
    large = header + VALID_FIXTURE + padding * (MAX_BYTES // len(padding) + 1)
    paragraph = 20_000
    aliases = header + f"highlights: [&p {'a' * paragraph}, " + ", ".join(["*p"] * 5000) + "]\n"
    # The anchored text counts once, each alias once more: alias k (1-based) brings the
    # total to (k + 1) * paragraph; the first past MAX_CHARACTERS is refused. Aliases
    # start after "highlights: [&p " (16 characters), the text and ", ", 4 columns apart.
    refused = MAX_CHARACTERS // paragraph  # (refused + 1) * paragraph > MAX_CHARACTERS
    aliases_column = 16 + paragraph + 2 + 1 + 4 * (refused - 1)
    return [
        Case(
            "generated-paragraph-alias-bomb",
            _writes(aliases.encode()),
            [
                f"{EDITION}:2:{aliases_column}: more than {MAX_CHARACTERS} characters of text"
                " once aliases are expanded (an edition holds a few thousand: aliases used as a"
                " bomb?)",
                "1 error",
            ],
            False,
        ),
        Case("generated-sparse-8-gib-file", _writes(_sparse_file), [too_big, "1 error"], False),
        Case("generated-2-mib-file", _writes(large.encode()), [too_big, "1 error"], False),
        Case(
            "generated-value-flood",
            _writes(flood.encode()),
            [
                f"{EDITION}:2:{flood_column}: more than {MAX_VALUES} values once aliases are"
                " expanded (an edition holds a few hundred: aliases used as a bomb?)",
                "1 error",
            ],
            False,
        ),
        Case(
            "generated-deep-flow-nesting",
            _writes(nested.encode()),
            [f"{EDITION}:2:{nested_column}: nested deeper than {MAX_DEPTH} levels", "1 error"],
            False,
        ),
        Case(
            "generated-huge-title",
            _writes(huge_title.encode()),
            # Line 26: the fixture's title line, one line down because of the header.
            [
                f"{EDITION}:26:12: sessions[accueil].title: is {title_length} characters long:"
                " at most 1000",
                "1 error",
            ],
            False,
        ),
        Case(
            "generated-long-key",
            _writes(long_key.encode()),
            [f"{EDITION}:34:1: {shown_key}: unknown field '{shown_key}' (a typo?)", "1 error"],
            False,
        ),
        Case(
            "generated-huge-key",
            _writes(huge_key.encode()),
            # YAML caps a key at 1024 characters: libyaml looks for the ':' and finds it
            # only after the 500,000 "k", at column 500,001.
            [f"{EDITION}:34:500001: YAML syntax: could not find expected ':'", "1 error"],
            False,
        ),
    ]


def _all_cases() -> list[Case]:
    committed = sorted((*CASES.glob("*.errors"), *CASES.glob("*.loads")), key=lambda p: p.stem)
    return [_committed(p) for p in committed] + _generated() + _generated_state()


ALL_CASES = _all_cases()


def test_every_committed_case_has_its_expected_output():
    inputs = {p.stem for p in CASES.iterdir() if p.suffix == ".yaml" or p.is_dir()}
    answered = {p.stem for p in CASES.iterdir() if p.suffix in (".errors", ".loads")}
    assert inputs == answered


def _project(tmp_path: Path, case: Case) -> Path:
    folder = tmp_path / "editions"
    folder.mkdir()
    shutil.copyfile(MINIMAL / "series.yaml", folder / "series.yaml")
    case.install(folder)
    return folder


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) with its SHA-256, but the memory's lock
    (`.calendar-state.json.lock`: empty, ignored by git, left in place so that two builds
    never lock two different files; docs/reference/calendar-memory.md)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.stat().st_size < 64 * 1024 * 1024
        else f"{p.stat().st_size} bytes"
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".calendar-state.json.lock"
    }


def _build_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "editions", "--out", "site"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.name for c in ALL_CASES])
def test_hostile_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = _project(tmp_path, case)
    before = _fingerprint(folder)

    validated = run_aictdata("validate", "editions", cwd=tmp_path)
    assert not validated.timed_out
    assert "Traceback" not in validated.stderr
    assert validated.seconds < SECONDS_BUDGET
    assert validated.peak_rss_bytes < PEAK_MEMORY_BUDGET
    if case.loads:
        assert validated.returncode == 0, validated.stderr
        assert validated.stdout.splitlines() == case.expected
        assert "2030.yaml:" not in validated.stderr
    else:
        assert validated.returncode == 1
        assert validated.stderr.splitlines() == case.expected

    if case.name in HEAVY:
        built = run_aictdata("build", "editions", "--out", "site", cwd=tmp_path)
        assert not built.timed_out
        assert built.seconds < BUILD_SECONDS_BUDGET
        assert built.peak_rss_bytes < PEAK_MEMORY_BUDGET
        code, stdout, stderr = built.returncode, built.stdout, built.stderr
    else:
        code, stdout, stderr = _build_in_process(tmp_path, monkeypatch)
    assert "Traceback" not in stderr
    if case.loads:
        assert code == 0, stderr
        assert stdout.startswith("built site/: ")
        assert (tmp_path / "site" / "manifest.json").is_file()
    else:
        assert code == 1
        assert stderr.splitlines() == case.expected
        assert "built" not in stdout
        # Invalid data writes nothing at all: no site, no temporary folder beside it,
        # no calendar memory, and the editions folder exactly as it was.
        assert sorted(p.name for p in tmp_path.iterdir()) == ["editions"]
        assert _fingerprint(folder) == before
    assert not (tmp_path / "PWNED").exists()
