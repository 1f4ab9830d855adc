"""Atom feeds (RFC 4287) of the programme's versions: `<edition>/changes.atom` for one
edition and `changes.atom` for the whole series, one entry per version, newest first.

A journalist's or a participant's feed reader shows each new version of a programme with
what changed, in the words of the page. Every date comes from the data (a version's date
is the edition's `updated` when it was built), never from the clock, so a rebuild writes
the same bytes; entry ids are tag URIs (RFC 4151) made of the UID domain, the version's
day, the edition and the number, so they never change once published, and a feed's id is
its own published address, which never moves either. An edition without any version yet
has a valid feed with no entry, so that a reader can subscribe before anything changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from aictdata import changelog, layout, text
from aictdata.calendar_state import CalendarState, Version, advance
from aictdata.model import Catalog, Edition, Organisation, Role

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.sitewriter import SiteWriter

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write one feed per edition and the series' feed."""
    state = context.calendar_state or advance(None, catalog)
    editions = {edition.id: edition for edition in catalog.editions}
    everything: list[tuple[Edition, Version]] = []
    for edition in catalog.editions:
        versions = state.versions_of(edition.id)
        everything += [(edition, version) for version in versions]
        site.write_text(layout.edition_changes(edition), edition_feed(catalog, edition, state))
    newest_first = sorted(everything, key=lambda item: _order(item[1]), reverse=True)
    site.write_text(layout.ALL_CHANGES, _feed(catalog, layout.ALL_CHANGES, newest_first, editions))


def edition_feed(catalog: Catalog, edition: Edition, state: CalendarState) -> str:
    versions = sorted(state.versions_of(edition.id), key=_order, reverse=True)
    return _feed(
        catalog,
        layout.edition_changes(edition),
        [(edition, version) for version in versions],
        {edition.id: edition},
    )


def _order(version: Version) -> tuple[datetime, str, int]:
    """Newest first by instant (aware datetimes compare across offsets), then edition."""
    return (version.dated, version.edition, version.number)


def _feed(
    catalog: Catalog,
    path: str,
    entries: list[tuple[Edition, Version]],
    editions: dict[str, Edition],
) -> str:
    series = catalog.series
    own = layout.url(series, path)
    single = len(editions) == 1 and path != layout.ALL_CHANGES
    if single:
        (edition,) = editions.values()
        title = f"Modifications du programme – {series.short_name} {edition.id}"
        page = layout.url(series, layout.edition_page(edition)) + "#" + layout.CHANGES_ANCHOR
        fallback = edition.updated
    else:
        title = f"Modifications des programmes – {series.short_name}"
        page = layout.url(series, layout.INDEX)
        fallback = max((e.updated for e in editions.values()), default=None)
    dates = [version.dated for _, version in entries]
    updated = max(dates) if dates else fallback
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang="fr">',
        f"  <id>{escape(own)}</id>",
        f"  <title>{escape(title)}</title>",
        "  <subtitle>Chaque nouvelle version du programme, avec ce qui a changé.</subtitle>",
    ]
    if updated is not None:
        lines.append(f"  <updated>{text.rfc3339(updated)}</updated>")
    lines += [f"  {author}" for author in _authors(catalog)]
    lines += [
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(own)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(page)}/>',
        "  <generator>aictdata</generator>",
    ]
    for edition, version in entries:
        lines += _entry(catalog, edition, version)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _entry(catalog: Catalog, edition: Edition, version: Version) -> list[str]:
    series = catalog.series
    anchor = layout.url(series, layout.edition_page(edition)) + "#"
    link = anchor + layout.version_anchor(version.number)
    tag = layout.version_tag(series, edition.id, version.number, version.dated.date())
    items = "".join(
        f"<li>{escape(text.french_spacing(changelog.sentence(c)))}.</li>" for c in version.changes
    )
    count = len(version.changes)
    summary = f"{count} modification{'s' if count > 1 else ''} du programme"
    return [
        "  <entry>",
        f"    <id>{escape(tag)}</id>",
        f"    <title>{escape(changelog.version_title(edition.id, version))}</title>",
        f"    <updated>{text.rfc3339(version.dated)}</updated>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
        f"    <summary>{escape(summary)}</summary>",
        '    <content type="xhtml">',
        f'      <div xmlns="{XHTML}"><p>Version {version.number} du programme de l’édition'
        f" {escape(edition.id)}, publiée le {escape(changelog.version_date(version))}&#160;:"
        f"</p><ul>{items}</ul><p><a href={quoteattr(anchor + 'programme')}>"
        "Voir le programme à jour</a></p></div>",
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
