"""The open-data package: site/data/, a Frictionless Data Package of every edition.

What a developer downloading a data.gouv.fr dataset expects, and how it is met here:

- `datapackage.json` (Data Package v2, as frictionless 5 reads and validates it): name,
  id, title, description, version, created, keywords, licence (Licence Ouverte 2.0),
  publisher, sources; each resource with its path, format, media type, encoding, size and
  SHA-256, and for each table its Table Schema (the one committed in schemas/).
- One CSV file per table of `aictdata.tables`, written by the csv module rather than by
  frictionless, whose writer prints offsets as +0200: UTF-8 without BOM, comma, a header
  row, CRLF between records (RFC 4180 and the Table Dialect default; a line break inside
  a quoted cell is the data's own LF). Every cell is the data as it is: a title that
  starts with = + - or @ stays as written, since a data file must not alter values.
- `excel/`: the same tables for spreadsheet users, separate and never described as the
  data: BOM (so Excel reads UTF-8), semicolons (what French Excel expects) and text
  cells that a spreadsheet would run as a formula prefixed with an apostrophe.
- `editions.json` (the series and all editions) and `editions/<id>.json`: the model's own
  JSON export (pydantic's, of `Catalog` and `Edition`), for those who prefer one file.
- `README.md`: what the data is, its licence and conventions, and a data dictionary.

The version and the creation date come from the data, never from the clock, so two builds
of the same data are byte-identical (see `package_version`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from aictdata import layout
from aictdata.errors import BuildError
from aictdata.model import Catalog, Role
from aictdata.tables import TABLES, TABLES_MAJOR_VERSION, Column, Table, cell
from aictdata.text import french_dates, rfc3339
from aictdata.vocab import OPENAGENDA_STATUS, SCHEMA_ORG_STATUS, STATUS_LABELS

if TYPE_CHECKING:
    from aictdata.calendar_state import CalendarState
    from aictdata.exporters.context import BuildContext
    from aictdata.sitewriter import SiteWriter

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
LINE_TERMINATOR = "\r\n"
DIALECT = {
    "header": True,
    "delimiter": ",",
    "lineTerminator": LINE_TERMINATOR,
    "quoteChar": '"',
    "doubleQuote": True,
}
EXCEL_DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection)."""


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write site/data/; with `context.validate`, check it with frictionless before the swap."""
    state = context.calendar_state
    resources = [_write_table(table, catalog, state, site) for table in TABLES]
    resources += _write_json(catalog, site)
    fingerprint = site.files[layout.DATA_ALL_EDITIONS].sha256
    descriptor = package_descriptor(catalog, resources, fingerprint=fingerprint)
    site.write_text(layout.DATAPACKAGE, _json_text(descriptor))
    site.write_text(layout.DATA_README, readme(catalog, descriptor))
    if context.validate:
        problems = validate_package(site.root / layout.DATAPACKAGE)
        if problems:
            raise BuildError(
                "the data package is not valid:\n" + "\n".join(f"  {p}" for p in problems)
            )


# --- files -----------------------------------------------------------------------------


class _Utf8Sink:
    """What csv.writer writes to: each record, encoded, straight into a file being
    streamed, so that a table is never whole in memory (rows, text and bytes of
    sessions.csv were most of the build's peak at 100,000 slots)."""

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self._write = write

    def write(self, text: str) -> None:
        self._write(text.encode("utf-8"))


def neutralise_formula(text: str) -> str:
    """'=HYPERLINK(…)' -> "'=HYPERLINK(…)": shown as text by a spreadsheet, never run."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _write_table(
    table: Table, catalog: Catalog, state: CalendarState | None, site: SiteWriter
) -> dict[str, Any]:
    header = [column.name for column in table.columns]
    path = layout.data_table(table.name)
    textual = [column.type == "string" for column in table.columns]
    with (
        site.stream(path) as plain_file,
        site.stream(layout.data_table_excel(table.name)) as excel_file,
    ):
        excel_file("\ufeff".encode())
        # RFC 4180 CSV: CRLF between records, quotes only where needed.
        plain = csv.writer(_Utf8Sink(plain_file), lineterminator=LINE_TERMINATOR)
        excel = csv.writer(
            _Utf8Sink(excel_file), delimiter=EXCEL_DELIMITER, lineterminator=LINE_TERMINATOR
        )
        plain.writerow(header)
        excel.writerow(header)
        for record in table.records(catalog, state):
            row = [cell(record[name]) for name in header]
            plain.writerow(row)
            excel.writerow(
                [neutralise_formula(v) if text else v for v, text in zip(row, textual, strict=True)]
            )
    return {
        "name": table.name,
        "type": "table",
        **_file_properties(site, path, "csv", "text/csv"),
        "title": table.title,
        "description": table.fr,
        "description_en": table.en,
        "dialect": DIALECT,
        "schema": table.schema(),
    }


def _write_json(catalog: Catalog, site: SiteWriter) -> list[dict[str, Any]]:
    """The model's own export: the whole catalog, and each edition alone.

    pydantic writes each edition's JSON once (compact, in Rust: the files are data, not
    prose) and editions.json reuses those texts, so it is exactly `Catalog`'s own export
    without encoding every edition twice (a test holds both equal to `model_dump`). It is
    streamed, edition by edition, rather than joined whole in memory.
    """
    with site.stream(layout.DATA_ALL_EDITIONS) as whole:
        whole(f'{{"series":{catalog.series.model_dump_json()},"editions":['.encode())
        for number, edition in enumerate(catalog.editions):
            text = edition.model_dump_json()
            whole(f"{',' if number else ''}{text}".encode())
            site.write_text(layout.edition_data(edition), text + "\n")
        whole(b"]}\n")
    resources = [
        {
            "name": "editions-json",
            **_file_properties(site, layout.DATA_ALL_EDITIONS, "json", "application/json"),
            "title": "Toutes les éditions (JSON)",
            "description": "Le modèle complet et imbriqué : la série et toutes ses éditions.",
            "description_en": "The whole nested model: the series and all its editions.",
        }
    ]
    for edition in catalog.editions:
        path = layout.edition_data(edition)
        resources.append(
            {
                "name": f"edition-{edition.id}-json",
                **_file_properties(site, path, "json", "application/json"),
                "title": f"Édition {edition.id} (JSON)",
                "description": f"L’édition {edition.id} seule, imbriquée (sans la série).",
                "description_en": f"Edition {edition.id} alone, nested (without the series).",
            }
        )
    return resources


def _file_properties(site: SiteWriter, path: str, format: str, mediatype: str) -> dict[str, Any]:
    written = site.files[path]
    return {
        "path": _in_package(path),
        "format": format,
        "mediatype": mediatype,
        "encoding": "utf-8",
        "bytes": written.bytes,
        "hash": f"sha256:{written.sha256}",
    }


def _in_package(path: str) -> str:
    """A site path as the package names it: relative to data/."""
    return str(PurePosixPath(path).relative_to(layout.DATA_DIR))


def _json_text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- package metadata ----------------------------------------------------------------


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
    catalog: Catalog, resources: list[dict[str, Any]], *, fingerprint: str
) -> dict[str, Any]:
    series = catalog.series
    latest = _latest_update(catalog)
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": series.id,
        "id": layout.url(series, layout.DATAPACKAGE),
        "title": f"{series.name} : éditions et programmes",
        "description": _description(catalog),
        "version": package_version(catalog, fingerprint=fingerprint),
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


def _organisers(catalog: Catalog) -> list[str]:
    return [
        catalog.organisation(p.organisation).name
        for p in catalog.series.participations
        if p.role is Role.ORGANIZER
    ]


def _description(catalog: Catalog) -> str:
    series = catalog.series
    organisers = ", ".join(_organisers(catalog))
    by = f", organisées par {organisers}" if organisers else ""
    years = ", ".join(edition.id for edition in catalog.editions) or "aucune"
    return (
        f"Les éditions des {series.name}{by} : dates, lieu et accès, programme horaire"
        " (créneaux avec leur décalage horaire et leur statut), organisations et rôles,"
        " contacts, formats, temps forts et éditoriaux, transcrits des documents publiés"
        f" par l’organisateur (voir les sources). Éditions : {years}.\n\n"
        "Une table CSV par entité, décrite par son Table Schema (descriptions en français"
        " et en anglais), et le modèle complet en JSON (editions.json, editions/<année>.json)."
        " Le dossier excel/ reprend les tables pour les tableurs (BOM, points-virgules)."
    )


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


# --- README.md -----------------------------------------------------------------------


def readme(catalog: Catalog, descriptor: dict[str, Any]) -> str:
    """The dataset's README, in French: what it is, its licence, conventions, dictionary."""
    lines = [
        f"# {descriptor['title']}",
        "",
        descriptor["description"],
        "",
        f"- Version : `{descriptor['version']}`"
        + (f" (données du {descriptor['created']})" if "created" in descriptor else ""),
        f"- Licence : [{LICENCE['title']}]({LICENCE['path']}) (`{LICENCE['name']}`)."
        " Réutilisation libre, y compris commerciale, en mentionnant la source"
        + (f" ({', '.join(_organisers(catalog))})" if _organisers(catalog) else "")
        + " et la date de mise à jour.",
        f"- Adresse : {descriptor['id']}",
        "",
        "*English: the open data of the Rencontres de l’AICT (Cités Unies France), one CSV"
        " file per table with a Table Schema whose fields are described in French"
        " (`description`) and English (`description_en`); see the dictionary below.*",
        "",
        "## Éditions",
        "",
        *(
            f"- {e.id} : {e.number}e édition, {french_dates(e)}, {len(e.sessions)} créneaux"
            for e in catalog.editions
        ),
        "",
        "## Fichiers",
        "",
        "| fichier | contenu |",
        "|---|---|",
        "| `datapackage.json` | description du jeu de données (Data Package v2) |",
        *(f"| `{r['path']}` | {_cell_md(r['description'])} |" for r in descriptor["resources"]),
        "| `excel/*.csv` | les mêmes tables pour les tableurs (voir plus bas) |",
        "",
        "## Conventions",
        "",
        "- CSV : UTF-8 sans BOM, séparateur virgule, ligne d’en-tête, fins de ligne CRLF"
        " (RFC 4180). Une cellule vide est une valeur absente.",
        "- Dates `AAAA-MM-JJ` ; dates et heures en RFC 3339 avec le décalage horaire du"
        " jour : `2025-07-04T09:00:00+02:00` en été, `+01:00` en hiver.",
        "- Les identifiants (`id`, `uid`) sont stables d’une version à l’autre ; les"
        " listes sans identifiant sont numérotées par `position` dans le document.",
        "- Une organisation est identifiée par (`scope`, `id`) : `scope` vaut `series`"
        " quand elle est déclarée pour toutes les éditions, sinon l’année de l’édition.",
        "- Codes postaux en texte ; coordonnées seulement si une source les donne.",
        "- Les cellules reproduisent les données telles quelles, y compris un texte qui"
        " commencerait par `=`, `+`, `-` ou `@`. Les fichiers de `excel/` (BOM, séparateur"
        " point-virgule) préfixent ces cellules d’une apostrophe pour qu’un tableur ne les"
        " exécute pas comme une formule : ils sont faits pour être ouverts, pas réutilisés.",
        "- Vérifier le jeu : `frictionless validate datapackage.json`.",
        "",
        "### Statuts",
        "",
        "| code | libellé | schema.org `eventStatus` | OpenAgenda |",
        "|---|---|---|---|",
        *(
            f"| `{status.value}` | {label} | `{SCHEMA_ORG_STATUS[status]}` |"
            f" {OPENAGENDA_STATUS[status]} |"
            for status, label in STATUS_LABELS.items()
        ),
        "",
        "## Dictionnaire des données",
        "",
    ]
    for table in TABLES:
        lines += _table_dictionary(table)
    return "\n".join(lines) + "\n"


def _table_dictionary(table: Table) -> list[str]:
    lines = [
        f"### {table.name} — {table.title}",
        "",
        f"Fichier `{table.path}`. {table.fr}",
        "",
        f"*{table.en}*",
        "",
        f"Clé primaire : {', '.join(f'`{name}`' for name in table.primary_key)}.",
    ]
    for key in table.foreign_keys:
        fields = ", ".join(f"`{name}`" for name in key.fields)
        target = ", ".join(f"`{name}`" for name in key.reference)
        lines.append(f"Clé étrangère : {fields} → `{key.resource}` ({target}).")
    lines += [
        "",
        "| colonne | type | obligatoire | contraintes | description | description (en) |",
        "|---|---|---|---|---|---|",
    ]
    lines += [_column_row(column) for column in table.columns]
    lines.append("")
    return lines


def _column_row(column: Column) -> str:
    constraints = []
    if column.enum:
        constraints.append(" ".join(f"`{value}`" for value in column.enum))
    if column.pattern:
        constraints.append(f"motif `{column.pattern}`")
    if column.minimum is not None:
        constraints.append(f"≥ {column.minimum}")
    if column.maximum is not None:
        constraints.append(f"≤ {column.maximum}")
    if column.unique:
        constraints.append("unique")
    kind = column.type + (f" ({column.format})" if column.format else "")
    return (
        f"| `{column.name}` | {kind} | {'oui' if column.required else 'non'} |"
        f" {_cell_md('; '.join(constraints))} | {_cell_md(column.fr)} | {_cell_md(column.en)} |"
    )


def _cell_md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


# --- validation ----------------------------------------------------------------------


def validate_package(path: Path) -> list[str]:
    """Validate a built datapackage.json with frictionless 5; one line per problem.

    Checks the metadata, every file's size and SHA-256, every cell against its Table
    Schema, primary keys and foreign keys. frictionless is imported here only: it is slow
    to import and to run at scale, so builds validate on request (`build --validate`).
    """
    import frictionless

    try:
        report = frictionless.Package(str(path)).validate()
    except frictionless.FrictionlessException as error:  # a descriptor it cannot even read
        return [f"{path.name}: {error.error.type}: {error.error.message}"]
    problems = [f"{path.name}: {error.type}: {error.message}" for error in report.errors]
    for task in report.tasks:
        problems += [f"{task.name}: {error.type}: {error.message}" for error in task.errors]
    return problems
