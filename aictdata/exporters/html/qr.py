"""QR codes of the feeds' and the conference apps' addresses, as inline SVG."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import escape

from aictdata.output.caches import remembered


def qr_svg(address: str, *, label: str | None = None) -> str:
    """A QR code of `address` as inline SVG (segno: deterministic, no image file, no
    network): on the printed page, a phone's camera opens the feed from paper.

    With a `label`, for a code shown on screen: an image with that accessible name
    (`role="img"`, `aria-label`) and a white background with the standard quiet zone of
    four modules, so that a camera reads it in the dark colour scheme too."""
    if label is None:
        return qr_code(address, framed=False)
    svg = qr_code(address, framed=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


@lru_cache(maxsize=256)
def qr_code(address: str, *, framed: bool) -> str:
    """The SVG of `address`'s code, remembered in the process (the French and English
    pages of an edition show the same conference-app address) and between builds
    (`remembered`: an edition's addresses do not change when its slots do, so a rebuild
    neither draws them again nor imports segno)."""
    return remembered(
        "qr",
        (address, "framed" if framed else "plain"),
        ("segno",),
        lambda: _drawn(address, framed=framed),
    )


def _drawn(address: str, *, framed: bool) -> str:
    import segno

    # A fixed mask: choosing the best of the eight costs 3.5 times the rest of the code
    # (0.7 against 2.5 ms), and the first one reads as well from a page (zbar in the tests).
    code = segno.make(address, error="m", mask=0)
    if not framed:
        return code.svg_inline(scale=3, border=2, title=address)
    return code.svg_inline(scale=3, border=4, title=address, light="#fff", dark="#000")
