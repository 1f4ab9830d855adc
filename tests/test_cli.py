"""The command line: exit codes and output of each command (click's CliRunner)."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from aictdata.build.site import build_site
from aictdata.cli import cli
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS, MINIMAL, REAL_EDITIONS, ROOT


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_validate_prints_one_line_per_edition():
    """The README's first screen, on the two transcribed editions."""
    result = run("validate", str(REAL_EDITIONS))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "2024  15e édition  2024-10-23 -> 2024-10-24  14 slots",
        "2025  16e édition  2025-07-04 -> 2025-07-04  10 slots",
    ]


def test_validate_prints_every_error_and_exits_1(make_series):
    folder = make_series(("kind: welcome", "kind: breakfast"), ("kind: closing", "kind: nope"))
    result = run("validate", str(folder))
    assert result.exit_code == 1
    lines = result.stderr.splitlines() if hasattr(result, "stderr") else result.output.splitlines()
    assert lines[-1] == "2 errors"
    assert all("2030.yaml:" in line for line in lines[:-1])


def test_missing_folder_is_a_clear_error(tmp_path):
    result = run("validate", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


def test_schema_check_passes_on_the_repository():
    result = CliRunner().invoke(cli, ["schema", "--check", "--out", str(ROOT / "schemas")])
    assert result.exit_code == 0, result.output


def test_schema_check_fails_on_drift(tmp_path):
    result = CliRunner().invoke(cli, ["schema", "--check", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "differs from the model" in result.output


def test_python_dash_m_runs_the_cli():
    completed = subprocess.run(
        [sys.executable, "-m", "aictdata", "validate", str(EDITIONS)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.count("slots") == len(load_catalog(EDITIONS).editions)


def test_no_traceback_on_bad_data(make_series):
    folder = make_series(text="a: [\n")
    completed = subprocess.run(
        [sys.executable, "-m", "aictdata", "validate", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "2030.yaml:2:1: YAML syntax:" in completed.stderr


def test_markup_prints_a_paste_ready_script_block(tmp_path):
    result = run("markup", "2025", str(EDITIONS))
    assert result.exit_code == 0
    block = result.output.strip()
    opening = '<script type="application/ld+json">'
    assert block.startswith(opening) and block.endswith("</script>")
    event = json.loads(block[len(opening) : -len("</script>")])
    assert event["@id"] == "http://raict.org/2025/#event"
    assert event["startDate"] == "2025-07-04T08:00:00+02:00"
    # The same Event as the built site's event.jsonld.
    build_site(load_catalog(EDITIONS), tmp_path / "site", only=["jsonld"])
    assert event == json.loads((tmp_path / "site" / "2025" / "event.jsonld").read_text("utf-8"))


def test_markup_of_an_unknown_edition_names_the_known_ones():
    result = CliRunner().invoke(cli, ["markup", "1999", str(EDITIONS)])
    assert result.exit_code == 2
    known = ", ".join(e.id for e in load_catalog(EDITIONS).editions)
    assert f"no edition '1999' (known: {known})" in result.output
    assert "Traceback" not in result.output


def test_markup_does_not_load_the_page_or_feed_libraries():
    code = (
        "import sys; from click.testing import CliRunner; from aictdata.cli import cli;"
        f"r = CliRunner().invoke(cli, ['markup', '2024', {str(EDITIONS)!r}]);"
        "assert r.exit_code == 0, r.output;"
        "print(sorted(m for m in ('jinja2', 'icalendar', 'frictionless') if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert completed.stdout.strip() == "[]"


def test_help_starts_without_the_heavy_modules():
    """`aictdata --help` and `aictdata publish … --help` load neither requests nor pydantic:
    the commands import what they need inside their body."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from aictdata.cli import cli\n"
        "for args in (['--help'], ['publish', '--help'], ['publish', 'datagouv', '--help'],"
        " ['publish', 'openagenda', '--help']):\n"
        "    assert CliRunner().invoke(cli, args).exit_code == 0, args\n"
        "print(sorted(m for m in ('requests', 'pydantic', 'frictionless') if m in sys.modules))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


def test_the_command_ends_with_its_output_whole_and_its_exit_status():
    """`aictdata` ends without the interpreter's tear-down (`cli.group.main`): what it
    printed into a pipe must still all arrive, and the status be click's. (Dropping the
    status fails this test; dropping `main`'s own flush does not, since click.echo flushes
    each message: the flush is there for anything else written to the streams.)"""
    command = [sys.executable, "-m", "aictdata"]
    helped = subprocess.run([*command, "--help"], capture_output=True, text=True, cwd=ROOT)
    assert helped.returncode == 0
    assert helped.stdout.startswith("Usage: aictdata [OPTIONS] COMMAND")
    assert helped.stdout.splitlines()[-1].split()[0] == "validate"  # the last command
    unknown = subprocess.run([*command, "frobnicate"], capture_output=True, text=True, cwd=ROOT)
    assert unknown.returncode == 2
    assert "frobnicate" in unknown.stderr


def test_a_command_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    """A command keeps its catalog out of the collector's passes while it runs (`_load`);
    run in a process that goes on (these tests, a script), it leaves nothing frozen, the
    collector on and its thresholds Python's."""
    import gc

    thresholds = gc.get_threshold()
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    for command in (["validate", str(MINIMAL)], ["build", str(MINIMAL), "--out", str(tmp_path)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 0, result.output
        assert gc.get_freeze_count() == 0 and gc.isenabled()
        assert gc.get_threshold() == thresholds
