"""Partners' logos (issue 28): the organiser's own files beside the data, shown with their
alternative text; a missing file is a located error; none is invented."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from aictdata.build.site import build_site
from aictdata.cli import cli
from aictdata.exporters.context import BuildOptions
from aictdata.source.load import load_catalog
from tests.conftest import MINIMAL, line_of
from tests.exporters.test_html import by_id, parse

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
    b'<rect width="120" height="40"/></svg>\n'
)
LOGO = "    email: contact@example.org\n    logo: {file: org.svg, alt: Organisation de test}\n"


def series_with_logo(tmp_path: Path, *, with_file: bool = True) -> Path:
    folder = tmp_path / "editions"
    shutil.copytree(MINIMAL, folder)
    series = folder / "series.yaml"
    text = series.read_text(encoding="utf-8")
    series.write_text(text.replace("    email: contact@example.org\n", LOGO, 1), encoding="utf-8")
    if with_file:
        (folder / "logos").mkdir()
        (folder / "logos" / "org.svg").write_bytes(SVG)
    return folder


def test_partner_logo_is_shown_with_its_alternative_text(tmp_path):
    folder = series_with_logo(tmp_path)
    site = tmp_path / "site"
    build_site(load_catalog(folder), site, only=["html"], options=BuildOptions(editions_dir=folder))
    for page in (site / "2030" / "index.html", site / "en" / "2030" / "index.html"):
        partners = by_id(parse(page), "partenaires")
        (image,) = partners.iter("img")
        assert image.get("alt") == "Organisation de test"
        assert (page.parent / image.get("src")).resolve() == (site / "logos" / "org.svg").resolve()
    assert (site / "logos" / "org.svg").read_bytes() == SVG


def test_a_logo_file_that_is_not_there_is_a_located_error(tmp_path):
    folder = series_with_logo(tmp_path, with_file=False)
    result = CliRunner().invoke(cli, ["--lang", "en", "validate", str(folder)])
    assert result.exit_code == 1
    line = line_of(folder / "series.yaml", "logo: {file: org.svg")
    column = (folder / "series.yaml").read_text(encoding="utf-8").splitlines()[line - 1].index(
        "org.svg"
    ) + 1
    assert (
        f"series.yaml:{line}:{column}: organisations[org].logo.file: no such file in"
        in result.output
    )


def test_no_logo_is_invented_for_the_real_editions(built_site):
    for page in built_site.rglob("*.html"):
        assert not list(parse(page).iter("img")), page
    assert not (built_site / "logos").exists()
