"""The public pages: site/index.html (every edition) and site/<edition>/index.html.

Static HTML from Jinja2 templates (aictdata/templates/, autoescaped), with the stylesheet
inlined so that a page saved or printed alone keeps its layout and nothing is fetched
from elsewhere; no JavaScript. Links between built files are relative, so the site works
from any folder of any server and from the disk; only links meant to leave the site
(feeds to subscribe to, Google Calendar, the organisers' sites) are absolute.

The pages embed the same schema.org markup as event.jsonld, built by the jsonld module's
pure functions: one source for the markup, however it is published.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from aictdata.errors import BuildError
from aictdata.exporters.html.pages import Pages
from aictdata.model.catalog import Catalog
from aictdata.model.organisations import LOGOS_DIR
from aictdata.model.texts import localized
from aictdata.output import layout
from aictdata.words import outputs as interface

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write the index page, the legal pages, and each edition's pages and its slots' pages,
    in each language of `context.languages` (the shared files with the French ones)."""
    state, today = context.calendar_state, context.today
    for lang in context.languages:
        pages = Pages(localized(catalog, lang), state, today=today, lang=lang)
        site.write_text(layout.in_language(layout.INDEX, lang), pages.index())
        if lang == interface.SOURCE_LANGUAGE:
            script = resources.files("aictdata").joinpath("static", "programme.js")
            site.write_text(layout.PROGRAMME_SCRIPT, script.read_text("utf-8"))
            site.write_text(layout.STYLESHEET, pages.css)
            _copy_logos(catalog, site, context)
        for page in layout.LEGAL_PAGES:
            site.write_text(layout.in_language(page, lang), pages.legal(page))
        for edition in pages.catalog.editions:
            if edition.id in context.kept:
                continue
            page = layout.in_language(layout.edition_page(edition), lang)
            site.write_text(page, pages.edition(edition))
            embed = layout.in_language(layout.edition_embed(edition), lang)
            site.write_text(embed, pages.embed(edition))
            for path, html in pages.sessions(edition):
                site.write_text(layout.in_language(path, lang), html)


def _copy_logos(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """The organisers' logo files, from editions/logos/ (checked by `load`) to logos/."""
    organisations = [
        *catalog.series.organisations,
        *(o for edition in catalog.editions for o in edition.organisations),
    ]
    files = sorted({o.logo.file for o in organisations if o.logo})
    if files and context.editions_dir is None:
        raise BuildError("the logos are in the editions folder: build with its path")
    for file in files:
        assert context.editions_dir is not None
        source = context.editions_dir / LOGOS_DIR / file
        site.write(layout.logo(file), source.read_bytes())
