"""The descriptor, datapackage.json: the package's metadata (name, title, description,
version, licence, publishers, sources) and the description of each resource.

Kept apart from the writing of the files (`aictdata.exporters.datapackage.files`), which
it only describes, because more than datapackage.json prints these facts: the title, the
description and the licence are also the README's (`aictdata.exporters.datapackage.readme`)
and the workbook's « À lire » sheet's (`about`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aictdata.exporters.datapackage import workbook
from aictdata.exporters.datapackage.files import DIALECT, file_properties, in_package
from aictdata.exporters.datapackage.tables import TABLES_MAJOR_VERSION, Table
from aictdata.model.catalog import Catalog
from aictdata.model.vocabularies import Role
from aictdata.output import layout
from aictdata.output.mediatypes import XLSX
from aictdata.words.formatting import rfc3339
from aictdata.words.outputs import F_, Words, words

if TYPE_CHECKING:
    from aictdata.output.writer import SiteWriter

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
LICENCE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence 2.0",
}
KEYWORDS = (
    "action internationale des collectivités territoriales",
    "AICT",
    "coopération décentralisée",
    "collectivités territoriales",
    "événement",
    "agenda",
    "programme",
)


def table_resource(site: SiteWriter, table: Table) -> dict[str, Any]:
    return {
        "name": table.name,
        "type": "table",
        **file_properties(site, layout.data_table(table.name), "csv", "text/csv"),
        "title": table.title,
        "description": table.fr,
        "description_en": table.en,
        "dialect": DIALECT,
        "schema": table.schema(),
    }


def workbook_resource(site: SiteWriter) -> dict[str, Any]:
    """The workbook, listed as a file of the package that is not one of its tables
    (`type: file`: frictionless 5 then reads no sheet of it as a table), with its size
    and SHA-256 like every other resource, so that a reuser can check the download."""
    written = site.files[layout.DATA_WORKBOOK]
    return {
        "name": "workbook",
        "type": "file",
        "path": in_package(layout.DATA_WORKBOOK),
        "format": "xlsx",
        "mediatype": XLSX,
        "bytes": written.bytes,
        "hash": f"sha256:{written.sha256}",
        "title": "Toutes les tables en un classeur (XLSX)",
        "description": "Les mêmes tables, une feuille par table, pour les tableurs"
        " (LibreOffice, Excel) : cellules typées (dates à l’heure de Paris, nombres, textes),"
        " une première feuille « À lire » avec la licence, les sources, la version et le"
        " dictionnaire des données.",
        "description_en": "The same tables, one sheet each, for spreadsheets: typed cells"
        " (dates in Paris time, numbers, text), and a first sheet « À lire » with the"
        " licence, sources, version and data dictionary.",
    }


def package_version(catalog: Catalog, *, fingerprint: str) -> str:
    """MAJOR.MINOR.PATCH+BUILD, from the data alone, rising as the data changes.

    MAJOR is the tables' structure (`TABLES_MAJOR_VERSION`); MINOR the number of editions
    (a new edition adds data); PATCH the latest `updated` stamp of an edition in UTC,
    as YYYYMMDDHHMMSS (a revision corrects data, and organisers advance `updated`, which
    the calendar feeds rely on too). BUILD is the start of the SHA-256 of editions.json:
    it differs whenever the facts differ, even if a revision forgot its stamp.
    """
    latest = _latest_update(catalog)
    patch = int(latest.astimezone(UTC).strftime("%Y%m%d%H%M%S")) if latest else 0
    return f"{TABLES_MAJOR_VERSION}.{len(catalog.editions)}.{patch}+{fingerprint[:12]}"


def _latest_update(catalog: Catalog) -> datetime | None:
    return max((edition.updated for edition in catalog.editions), default=None)


def package_descriptor(
    catalog: Catalog, resources: list[dict[str, Any]], *, version: str
) -> dict[str, Any]:
    series = catalog.series
    latest = _latest_update(catalog)
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": series.id,
        "id": layout.url(series, layout.DATAPACKAGE),
        "title": title(catalog),
        "description": description(catalog),
        "version": version,
    }
    if latest:
        descriptor["created"] = rfc3339(latest)
    descriptor.update(
        homepage=layout.url(series),
        keywords=[*KEYWORDS, series.short_name],
        languages=[series.language],
        licenses=[LICENCE],
        contributors=_publishers(catalog),
        sources=_sources(catalog),
        resources=resources,
    )
    return descriptor


def title(catalog: Catalog, w: Words | None = None) -> str:
    w = w or words("fr")
    name = catalog.series.name if w.french else catalog.series.name.in_language(w.lang)
    return w(F_("{name} : éditions et programmes")).format(name=name)


def about(catalog: Catalog, version: str) -> workbook.About:
    """What the workbook's « À lire » sheet says: the descriptor's own facts."""
    return workbook.About(
        title=title(catalog),
        description=description(catalog),
        version=version,
        created=_latest_update(catalog),
        licence=LICENCE,
        sources=_sources(catalog),
        address=layout.url(catalog.series, layout.DATAPACKAGE),
    )


def organiser_names(catalog: Catalog) -> list[str]:
    return [
        catalog.organisation(p.organisation).name
        for p in catalog.series.participations
        if p.role is Role.ORGANIZER
    ]


def description(catalog: Catalog, w: Words | None = None) -> str:
    """What the data is, in whole sentences (each one message, its variants messages of
    their own): the editions and who organises them, their years, and the files."""
    w = w or words("fr")
    series = catalog.series
    name = series.name if w.french else series.name.in_language(w.lang)
    organisers = ", ".join(organiser_names(catalog))
    if organisers:
        what = w(
            F_(
                "Les éditions des {name}, organisées par {organisers} : dates, lieu et accès,"
                " programme horaire (créneaux avec leur décalage horaire et leur statut),"
                " organisations et rôles, contacts, formats, temps forts et éditoriaux,"
                " transcrits des documents publiés par l’organisateur (voir les sources)."
            )
        ).format(name=name, organisers=organisers)
    else:
        what = w(
            F_(
                "Les éditions des {name} : dates, lieu et accès, programme horaire (créneaux"
                " avec leur décalage horaire et leur statut), organisations et rôles, contacts,"
                " formats, temps forts et éditoriaux, transcrits des documents publiés par"
                " l’organisateur (voir les sources)."
            )
        ).format(name=name)
    years = ", ".join(edition.id for edition in catalog.editions)
    editions = (
        w(F_("Éditions : {years}.")).format(years=years) if years else w(F_("Éditions : aucune."))
    )
    files = w(
        F_(
            "Une table CSV par entité, décrite par son Table Schema (descriptions en français"
            " et en anglais), et le modèle complet en JSON (editions.json, editions/<année>.json)."
            " Pour les tableurs, aictdata.xlsx réunit toutes les tables en un classeur aux"
            " cellules typées."
        )
    )
    return f"{what} {editions}\n\n{files}"


def _publishers(catalog: Catalog) -> list[dict[str, Any]]:
    publishers = []
    for participation in catalog.series.participations:
        if participation.role is not Role.ORGANIZER:
            continue
        organisation = catalog.organisation(participation.organisation)
        entry: dict[str, Any] = {"title": organisation.name}
        if organisation.url:
            entry["path"] = organisation.url
        if organisation.email:
            entry["email"] = organisation.email
        entry["roles"] = ["publisher"]
        publishers.append(entry)
    return publishers


def _sources(catalog: Catalog) -> list[dict[str, str]]:
    sources = []
    for edition in catalog.editions:
        if edition.source is None:
            continue
        entry = {"title": edition.source.title}
        if edition.source.url:
            entry["path"] = edition.source.url
        if entry not in sources:
            sources.append(entry)
    return sources
