"""The icons and social cards as browsers and social networks read them: decoded by Pillow
(which reads PNG and ICO independently of how they were drawn), the SVG parsed as XML, the
cards' bytes compared across builds."""

from __future__ import annotations

import hashlib
import shutil
from io import BytesIO

import pytest
from lxml import etree
from PIL import Image

from aictdata.build.site import build_site
from aictdata.source.load import load_catalog
from tests.conftest import EDITIONS
from tests.fresh import imported_by_build

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(EDITIONS)


def test_svg_favicon_is_a_square_svg_document(built_site):
    root = etree.parse(str(built_site / "favicon.svg")).getroot()
    assert root.tag == f"{SVG}svg"
    _, _, width, height = (float(n) for n in root.get("viewBox").split())
    assert width == height > 0
    assert root.find(f"{SVG}script") is None and not root.findall(".//*[@href]")


def test_ico_holds_the_sizes_browsers_ask_for(built_site):
    icon = Image.open(built_site / "favicon.ico")
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


def test_touch_icon_is_opaque_and_180_px(built_site):
    icon = Image.open(built_site / "apple-touch-icon.png")
    assert (icon.format, icon.size) == ("PNG", (180, 180))
    alpha = icon.convert("RGBA").getchannel("A")
    assert alpha.getextrema() == (255, 255)  # phones show black where it is transparent


def test_one_social_card_per_page_at_the_open_graph_size(built_site, catalog):
    cards = ["social-card.png", *(f"{e.id}/social-card.png" for e in catalog.editions)]
    digests = set()
    for name in cards:
        data = (built_site / name).read_bytes()
        card = Image.open(BytesIO(data))
        assert (card.format, card.size) == ("PNG", (1200, 630))
        colours = card.convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is not None and len(colours) > 2, "text drawn, antialiased"
        digests.add(hashlib.sha256(data).hexdigest())
    assert len(digests) == len(cards)  # each page its own card


def test_social_cards_are_the_same_bytes_on_every_build(tmp_path, catalog, built_site):
    build_site(catalog, tmp_path / "again", only=["images"])
    for path in sorted((tmp_path / "again").rglob("*.png")):
        relative = path.relative_to(tmp_path / "again")
        assert path.read_bytes() == (built_site / relative).read_bytes(), relative


def test_a_card_changes_with_its_edition_and_only_then(tmp_path, built_site):
    editions = tmp_path / "editions"
    shutil.copytree(EDITIONS, editions)
    data = editions / "2025.yaml"
    theme = (
        "theme: Construisons l’action internationale des collectivités territoriales de demain !"
    )
    text = data.read_text(encoding="utf-8")
    assert theme in text
    data.write_text(text.replace(theme, "theme: Un autre thème"), encoding="utf-8")
    build_site(load_catalog(editions), tmp_path / "site", only=["images"])
    changed = tmp_path / "site" / "2025" / "social-card.png"
    assert changed.read_bytes() != (built_site / "2025" / "social-card.png").read_bytes()
    for same in ("2024/social-card.png", "social-card.png", "favicon.ico"):
        assert (tmp_path / "site" / same).read_bytes() == (built_site / same).read_bytes()


def test_the_next_build_neither_draws_the_cards_and_codes_again_nor_loads_their_libraries(
    tmp_path,
):
    """Cards and QR codes are kept between builds (`output.caches.remembered`): in a new
    process with the cache the first build filled, Pillow and segno are not even imported,
    and the pictures are the same bytes."""

    def build(out: str) -> list[str]:
        only, watched = ["images", "html"], ["PIL", "segno"]
        return imported_by_build(EDITIONS, tmp_path / out, only, watched, tmp_path / "cache")

    assert build("first") == ["PIL", "segno"]
    assert build("second") == []
    cards = sorted(
        path.relative_to(tmp_path / "first") for path in (tmp_path / "first").rglob("*.png")
    )
    assert cards
    for card in cards:
        assert (tmp_path / "second" / card).read_bytes() == (tmp_path / "first" / card).read_bytes()
    first_page = (tmp_path / "first" / "2025" / "index.html").read_text("utf-8")
    assert "<svg" in first_page  # its QR codes
    assert (tmp_path / "second" / "2025" / "index.html").read_text("utf-8") == first_page
