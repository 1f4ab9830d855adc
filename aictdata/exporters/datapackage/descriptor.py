"""The data package's own metadata: its version, its descriptor (datapackage.json's
title, description, licence, publishers, sources and keywords), in French and English."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aictdata.exporters.datapackage import workbook
from aictdata.exporters.datapackage.tables import (
    TABLES_MAJOR_VERSION,
)
from aictdata.model.catalog import Catalog
from aictdata.model.vocabularies import Role
from aictdata.output import layout
from aictdata.words.formatting import rfc3339
from aictdata.words.outputs import F_, Words, words

if TYPE_CHECKING:
    pass


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
        "title": package_title(catalog),
        "description": package_description(catalog),
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


def package_title(catalog: Catalog, w: Words | None = None) -> str:
    w = w or words("fr")
    name = catalog.series.name if w.french else catalog.series.name.in_language(w.lang)
    return w(F_("{name} : éditions et programmes")).format(name=name)


def about(catalog: Catalog, version: str) -> workbook.About:
    """What the workbook's « À lire » sheet says: the descriptor's own facts."""
    return workbook.About(
        title=package_title(catalog),
        description=package_description(catalog),
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


def package_description(catalog: Catalog, w: Words | None = None) -> str:
    w = w or words("fr")
    series = catalog.series
    name = series.name if w.french else series.name.in_language(w.lang)
    organisers = ", ".join(organiser_names(catalog))
    by = w(F_(", organisées par {organisers}")).format(organisers=organisers) if organisers else ""
    years = ", ".join(edition.id for edition in catalog.editions) or w(F_("aucune"))
    return w(
        F_(
            "Les éditions des {name}{by} : dates, lieu et accès, programme horaire"
            " (créneaux avec leur décalage horaire et leur statut), organisations et rôles,"
            " contacts, formats, temps forts et éditoriaux, transcrits des documents publiés"
            " par l’organisateur (voir les sources). Éditions : {years}.\n\n"
            "Une table CSV par entité, décrite par son Table Schema (descriptions en français"
            " et en anglais), et le modèle complet en JSON (editions.json, editions/<année>.json)."
            " Pour les tableurs, aictdata.xlsx réunit toutes les tables en un classeur aux"
            " cellules typées."
        )
    ).format(name=name, by=by, years=years)


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
