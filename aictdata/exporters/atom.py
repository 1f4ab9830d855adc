"""Atom feeds (RFC 4287) of the programme's versions: `<edition>/changes.atom` for one
edition and `changes.atom` for the whole series, one entry per version, newest first.

A journalist's or a participant's feed reader shows each new version of a programme with
what changed, in the words of the page. Every date comes from the data (a version's date
is the edition's `updated` when it was built), never from the clock, so a rebuild writes
the same bytes; entry ids are tag URIs (RFC 4151) made of the UID domain, the version's
day, the edition and the number, so they never change once published, and a feed's id is
its own published address, which never moves either. An edition without any version yet
has a valid feed with no entry, so that a reader can subscribe before anything changes.

A browser that opens a feed shows it as a page (`ATOM_STYLESHEET`, an XSL stylesheet the
feed names in an `xml-stylesheet` processing instruction, which feed readers ignore): what
a feed is, how to follow it, then the versions; the bytes stay an Atom document.

The feeds exist in English too, under en/ (`xml:lang="en"`, entries with ids of their
own, since their content differs), worded as the English pages word the changes.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable
from datetime import datetime
from importlib import resources
from typing import TYPE_CHECKING

from aictdata.memory import changes as changelog
from aictdata.memory.state import CalendarState, Version
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.organisations import Organisation
from aictdata.model.texts import localized
from aictdata.model.vocabularies import Role
from aictdata.output import layout
from aictdata.words import formatting
from aictdata.words import outputs as interface
from aictdata.words.outputs import F_, Words

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.output.writer import SiteWriter

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write one feed per edition and the series' feed, in French and in English, and the
    stylesheet that shows them in a browser."""
    state = context.calendar_state
    for lang in interface.LANGUAGES:
        w = interface.words(lang)
        site.write_text(layout.in_language(layout.ATOM_STYLESHEET, lang), stylesheet(w))
        localised = localized(catalog, lang)
        editions = {edition.id: edition for edition in localised.editions}
        everything: list[tuple[Edition, Version]] = []
        for edition in localised.editions:
            versions = state.versions_of(edition.id)
            everything += [(edition, version) for version in versions]
            if edition.id in context.kept:
                continue
            site.write_text(
                layout.in_language(layout.edition_changes(edition), lang),
                edition_feed(localised, edition, state, w),
            )
        newest_first = sorted(everything, key=lambda item: _order(item[1]), reverse=True)
        site.write_text(
            layout.in_language(layout.ALL_CHANGES, lang),
            _feed(localised, layout.ALL_CHANGES, newest_first, editions, w),
        )


def edition_feed(catalog: Catalog, edition: Edition, state: CalendarState, w: Words) -> str:
    versions = sorted(state.versions_of(edition.id), key=_order, reverse=True)
    return _feed(
        catalog,
        layout.edition_changes(edition),
        [(edition, version) for version in versions],
        {edition.id: edition},
        w,
    )


def _order(version: Version) -> tuple[datetime, str, int]:
    """Newest first by instant (aware datetimes compare across offsets), then edition."""
    return (version.dated, version.edition, version.number)


def _feed(
    catalog: Catalog,
    path: str,
    entries: list[tuple[Edition, Version]],
    editions: dict[str, Edition],
    w: Words,
) -> str:
    """The feed published at `path` (a French path: in English it is under en/)."""
    series = catalog.series
    own = layout.url(series, layout.in_language(path, w.lang))
    single = len(editions) == 1 and path != layout.ALL_CHANGES
    if single:
        (edition,) = editions.values()
        title = w(F_("Modifications du programme – {name} {id}")).format(
            name=series.short_name, id=edition.id
        )
        page_path = layout.in_language(layout.edition_page(edition), w.lang)
        page = layout.url(series, page_path) + "#" + layout.CHANGES_ANCHOR
        fallback = edition.updated
    else:
        title = w(F_("Modifications des programmes – {name}")).format(name=series.short_name)
        page = layout.url(series, layout.in_language(layout.INDEX, w.lang))
        fallback = max((e.updated for e in editions.values()), default=None)
    dates = [version.dated for _, version in entries]
    updated = max(dates) if dates else fallback
    subtitle = w(F_("Chaque nouvelle version du programme, avec ce qui a changé."))
    here = posixpath.dirname(layout.in_language(path, w.lang)) or "."
    xsl = posixpath.relpath(layout.in_language(layout.ATOM_STYLESHEET, w.lang), here)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<?xml-stylesheet type="text/xsl" href={quoteattr(xsl)}?>',
        f'<feed xmlns="{ATOM}" xml:lang="{w.lang}">',
        f"  <id>{escape(own)}</id>",
        f"  <title>{escape(title)}</title>",
        f"  <subtitle>{escape(subtitle)}</subtitle>",
    ]
    if updated is not None:
        lines.append(f"  <updated>{formatting.rfc3339(updated)}</updated>")
    lines += [f"  {author}" for author in _authors(catalog)]
    lines += [
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(own)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(page)}/>',
        "  <generator>aictdata</generator>",
    ]
    for edition, version in entries:
        lines += _entry(catalog, edition, version, w)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def stylesheet(w: Words) -> str:
    """The XSL stylesheet that shows the feeds in a browser, worded in `w`'s language."""
    template = resources.files("aictdata").joinpath("static", "atom.xsl").read_text("utf-8")
    words = {
        "LANG": w.lang,
        "WHAT": w(F_("Ceci est un flux Atom.")),
        "WHY": w(
            F_(
                "Un lecteur de flux (Thunderbird, Feedly, Inoreader, NetNewsWire…) qui le suit"
                " vous montre chaque nouvelle version du programme dès qu’elle est publiée, avec"
                " ce qui a changé."
            )
        ),
        "HOW": w(
            F_(
                "Pour le suivre, copiez l’adresse de cette page et collez-la dans votre lecteur,"
                " là où il propose d’ajouter un flux ou de s’abonner."
            )
        ),
        "ADDRESS": w(F_("Adresse du flux :")),
        "PAGE": w(F_("Voir le programme")),
        "NONE": w(F_("Aucune modification depuis la publication du programme.")),
    }
    for key, value in words.items():
        template = template.replace(f"@@{key}@@", escape(w.spacing(value)))
    return template


def _entry(catalog: Catalog, edition: Edition, version: Version, w: Words) -> list[str]:
    series = catalog.series
    anchor = layout.url(series, layout.in_language(layout.edition_page(edition), w.lang)) + "#"
    link = anchor + layout.version_anchor(version.number)
    tag = layout.version_tag(series, edition.id, version.number, version.dated.date(), w.lang)
    items = "".join(
        f"<li>{escape(w.spacing(changelog.sentence(c, w)))}.</li>" for c in version.changes
    )
    count = len(version.changes)
    summary = (
        w(F_("{count} modifications du programme"))
        if count > 1
        else w(F_("{count} modification du programme"))
    ).format(count=count)
    heading = w(F_("Version {number} du programme de l’édition {id}, publiée le {date}&#160;:"))
    date = escape(changelog.version_date(version, w))
    see = escape(w(F_("Voir le programme à jour")))
    return [
        "  <entry>",
        f"    <id>{escape(tag)}</id>",
        f"    <title>{escape(changelog.version_title(edition.id, version, w))}</title>",
        f"    <updated>{formatting.rfc3339(version.dated)}</updated>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
        f"    <summary>{escape(summary)}</summary>",
        '    <content type="xhtml">',
        f'      <div xmlns="{XHTML}"><p>'
        + heading.format(number=version.number, id=escape(edition.id), date=date)
        + f"</p><ul>{items}</ul><p><a href={quoteattr(anchor + 'programme')}>{see}</a></p></div>",
        "    </content>",
        "  </entry>",
    ]


def _authors(catalog: Catalog) -> Iterable[str]:
    """The series' organisers: RFC 4287 requires an author on the feed or every entry."""
    organisers: list[Organisation] = [
        catalog.organisation(p.organisation)
        for p in catalog.series.participations
        if p.role is Role.ORGANIZER
    ]
    if not organisers:
        yield f"<author><name>{escape(catalog.series.name)}</name></author>"
    for organisation in organisers:
        parts = [f"<name>{escape(organisation.name)}</name>"]
        if organisation.url:
            parts.append(f"<uri>{escape(organisation.url)}</uri>")
        if organisation.email:
            parts.append(f"<email>{escape(organisation.email)}</email>")
        yield "<author>" + "".join(parts) + "</author>"


def escape(value: str) -> str:
    """Element text: escaped, and what XML 1.0 cannot carry replaced (`text.xml_safe`).
    The standard library's `html.escape` rather than `xml.sax.saxutils`, whose import
    loads urllib, http.client and ssl (13 ms of every build)."""
    return html.escape(formatting.xml_safe(value), quote=False)


def quoteattr(value: str) -> str:
    """An attribute value, in double quotes, escaped and made XML-safe likewise; a line
    break or tab as a character reference, which an XML parser keeps (it would read a
    raw one as a space)."""
    text = html.escape(formatting.xml_safe(value), quote=True)
    return '"' + text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'
