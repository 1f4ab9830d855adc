"""The pictures browsers, phones and social networks ask a site for: its icon and the
card a shared link shows.

- `favicon.svg` (modern browsers), `favicon.ico` (16, 32 and 48 px: what a browser asks
  for at the site's root when a page names no icon, and older browsers) and
  `apple-touch-icon.png` (180 px, the home screen of a phone), all drawn from one
  description of the icon, `ICON`;
- `social-card.png` for the index and `<edition>/social-card.png` for each edition:
  1200 x 630 px (the Open Graph size LinkedIn, X, Facebook and messaging apps crop
  least), with the edition's name, theme, dates and venue.

Everything is drawn here with Pillow, from fonts shipped in the package (DejaVu Sans, cut
down to Latin text by scripts/subset-fonts.sh): nothing is fetched, and the same data
gives the same bytes on every machine with the same Pillow. A card is drawn as one
coverage mask and written as a palette PNG whose 256 colours run from the background to
the ink: the antialiased text keeps every shade, the file is a third of an RGB one and
is compressed about three times faster.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from aictdata.model.catalog import Catalog
from aictdata.output import layout
from aictdata.output.caches import remembered
from aictdata.words import formatting

if TYPE_CHECKING:
    from PIL import Image, ImageFont

    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter

BACKGROUND = (0x17, 0x4B, 0x8C)
"""The pages' accent colour (site.css `--accent`)."""
INK = (0xFF, 0xFF, 0xFF)

CARD_SIZE = (1200, 630)
CARD_COMPRESSION = 1
"""zlib's fastest level: 5 ms a card at the default level, 1.3 ms at this one, for files
of about 10 KB instead of 5 (a hundred editions' cards are 0.4 s of a build)."""
ICO_SIZES = ((16, 16), (32, 32), (48, 48))
TOUCH_ICON_SIZE = 180
_SUPERSAMPLE = 4
"""Icons are drawn this many times larger, then reduced: Pillow's shapes have no
antialiasing of their own."""


@dataclass(frozen=True)
class Icon:
    """A globe on a rounded square, in a 64-unit box: drawn as SVG and as pixels."""

    box: int = 64
    corner: int = 12
    radius: int = 20
    meridian: int = 8
    stroke: int = 4
    thin: int = 3


ICON = Icon()


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write the icons and one social card per page."""
    site.write_text(layout.FAVICON_SVG, icon_svg(ICON))
    favicon, touch_icon = remembered("icons", (), ("pillow",), _icons)
    site.write(layout.FAVICON_ICO, favicon)
    site.write(layout.APPLE_TOUCH_ICON, touch_icon)
    series = catalog.series
    site.write(layout.SOCIAL_CARD, social_card(formatting.social_card_lines(series)))
    for edition in catalog.editions:
        if edition.id in context.kept:
            continue
        card = social_card(formatting.social_card_lines(series, edition))
        site.write(layout.edition_social_card(edition), card)


def _icons() -> tuple[bytes, bytes]:
    """The favicon and the touch icon, drawn from the code alone: kept between builds."""
    return (
        _png_or_ico(icon_image(ICON, 48), "ICO", sizes=ICO_SIZES),
        _png_or_ico(icon_image(ICON, TOUCH_ICON_SIZE, square=True)),
    )


def icon_svg(icon: Icon) -> str:
    """The icon as SVG, for browsers that take it (sharp at every size)."""
    centre = icon.box // 2
    ink, paper = _hex(INK), _hex(BACKGROUND)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {icon.box} {icon.box}">'
        f'<rect width="{icon.box}" height="{icon.box}" rx="{icon.corner}" fill="{paper}"/>'
        f'<g fill="none" stroke="{ink}">'
        f'<circle cx="{centre}" cy="{centre}" r="{icon.radius}" stroke-width="{icon.stroke}"/>'
        f'<ellipse cx="{centre}" cy="{centre}" rx="{icon.meridian}" ry="{icon.radius}"'
        f' stroke-width="{icon.thin}"/>'
        f'<path d="M{centre - icon.radius} {centre}h{2 * icon.radius}"'
        f' stroke-width="{icon.thin}"/>'
        "</g></svg>\n"
    )


def icon_image(icon: Icon, size: int, *, square: bool = False) -> Image.Image:
    """The same icon in pixels; `square` fills the corners (phones round them
    themselves, and show black where a touch icon is transparent)."""
    from PIL import Image, ImageDraw

    scale = size * _SUPERSAMPLE / icon.box
    big = round(size * _SUPERSAMPLE)
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    corner = 0 if square else round(icon.corner * scale)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=corner, fill=BACKGROUND)
    centre = icon.box / 2 * scale

    def box(half_width: float, half_height: float) -> tuple[float, float, float, float]:
        left, top = centre - half_width, centre - half_height
        return (left, top, centre + half_width, centre + half_height)

    radius, meridian = icon.radius * scale, icon.meridian * scale
    stroke, thin = icon.stroke * scale, icon.thin * scale
    draw.ellipse(box(radius + stroke / 2, radius + stroke / 2), outline=INK, width=round(stroke))
    draw.ellipse(box(meridian + thin / 2, radius + thin / 2), outline=INK, width=round(thin))
    draw.rectangle(box(radius, thin / 2), fill=INK)
    return image.resize((size, size), Image.Resampling.LANCZOS)


@dataclass(frozen=True)
class _Style:
    size: int
    bold: bool
    max_lines: int
    gap_after: int


_CARD_STYLES = (
    _Style(34, True, 1, 28),
    _Style(58, True, 3, 30),
    _Style(38, False, 1, 10),
    _Style(38, False, 2, 0),
)
"""One style per line of `text.social_card_lines`: the kicker, the headline, then the
details; a line that does not fit is wrapped, and cut with « … » past `max_lines`."""

_MARGIN = 72


def social_card(lines: tuple[str, ...]) -> bytes:
    """A 1200 x 630 PNG of `lines` on the accent colour, deterministic bytes; kept between
    builds (`remembered`), since most changes of an edition leave its card's lines as
    they were: a rebuild then neither draws it nor imports Pillow (0.05 s of the real
    editions' rebuild)."""
    return remembered("card", lines, ("pillow",), lambda: _drawn_card(lines))


def _drawn_card(lines: tuple[str, ...]) -> bytes:
    from PIL import Image, ImageDraw

    width = CARD_SIZE[0]
    mask = Image.new("L", CARD_SIZE, 0)
    draw = ImageDraw.Draw(mask)
    draw.rectangle((_MARGIN, _MARGIN - 24, _MARGIN + 120, _MARGIN - 16), fill=255)
    y = _MARGIN + 8
    for line, style in zip(lines, _CARD_STYLES, strict=False):
        font = _font(style.size, style.bold)
        for row in _wrap(line, font, width - 2 * _MARGIN, style.max_lines):
            draw.text((_MARGIN, y), row, font=font, fill=255)
            y += round(style.size * 1.25)
        y += style.gap_after
    card = mask.convert("P")
    card.putpalette(_blend_palette())
    return _png_or_ico(card, compress_level=CARD_COMPRESSION)


def _wrap(line: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> Iterator[str]:
    """Greedy word wrap to `width` pixels; the last allowed row ends with « … » when the
    text goes on (a word longer than a row stays whole: the card is a picture, the
    page's title and description carry the full text)."""
    rows: list[str] = []
    for word in line.split(" "):
        if rows and font.getlength(f"{rows[-1]} {word}") <= width:
            rows[-1] = f"{rows[-1]} {word}"
        else:
            rows.append(word)
    if len(rows) > max_lines:
        rows = rows[:max_lines]
        last = rows[-1]
        while last and font.getlength(last + " …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        rows[-1] = last + " …"
    yield from rows


@cache
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    name = "DejaVuSans-Bold-Latin.ttf" if bold else "DejaVuSans-Latin.ttf"
    data = resources.files("aictdata").joinpath("static", "fonts", name).read_bytes()
    return ImageFont.truetype(io.BytesIO(data), size)


@cache
def _blend_palette() -> list[int]:
    """256 colours from the background (index 0) to the ink (255), so that a coverage
    mask's shades become the antialiased text's."""
    return [
        round(back + (ink - back) * level / 255)
        for level in range(256)
        for back, ink in zip(BACKGROUND, INK, strict=True)
    ]


def _png_or_ico(image: Image.Image, kind: str = "PNG", **options: object) -> bytes:
    """Encoded bytes with nothing that varies between builds (Pillow writes no date)."""
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def _hex(colour: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{channel:02x}" for channel in colour)
