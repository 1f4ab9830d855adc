"""The open-data package: site/data/, a Frictionless Data Package of every edition.

What a developer downloading a data.gouv.fr dataset expects, and how it is met here:

- `datapackage.json` (Data Package v2, as frictionless 5 reads and validates it): name,
  id, title, description, version, created, keywords, licence (Licence Ouverte 2.0),
  publisher, sources; each resource with its path, format, media type, encoding, size and
  SHA-256, and for each table its Table Schema (the one committed in schemas/).
- One CSV file per table of `aictdata.exporters.datapackage.tables`, written by the csv module
rather than by
  frictionless, whose writer prints offsets as +0200: UTF-8 without BOM, comma, a header
  row, CRLF between records (RFC 4180 and the Table Dialect default; a line break inside
  a quoted cell is the data's own LF). Every cell is the data as it is: a title that
  starts with = + - or @ stays as written, since a data file must not alter values.
- `aictdata.xlsx`: every table in one workbook for spreadsheet users, with typed cells
  (`aictdata.exporters.datapackage.workbook`), listed as a file of the package, not a table.
- `excel/`: the same tables for spreadsheet users, separate and never described as the
  data: BOM (so Excel reads UTF-8), semicolons (what French Excel expects) and text
  cells that a spreadsheet would run as a formula prefixed with an apostrophe.
  Superseded by the workbook: kept at their published paths, with a notice
  (`excel/LISEZMOI.txt`), until the next edition is published.
- A table without rows keeps its CSV file (header only) but is not described (see
  `described`), so that Table Schema v1 validators accept the package.
- `editions.json` (the series and all editions) and `editions/<id>.json`: the model's own
  JSON export (pydantic's, of `Catalog` and `Edition`), for those who prefer one file.
- `README.md`: what the data is, its licence and conventions, how to load each table in
  pandas, DuckDB, R and a spreadsheet (`aictdata.exporters.datapackage.recipes`), a data dictionary.

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

from aictdata.errors import BuildError
from aictdata.exporters.datapackage import recipes, workbook
from aictdata.exporters.datapackage.tables import (
    DATETIME_FORMAT,
    TABLES,
    TABLES_MAJOR_VERSION,
    Column,
    Table,
    cell,
)
from aictdata.model.catalog import Catalog
from aictdata.model.vocabularies import Role
from aictdata.output import layout
from aictdata.output.mediatypes import XLSX
from aictdata.words.formatting import french_ordinal, rfc3339
from aictdata.words.outputs import F_, Words, words
from aictdata.words.vocabulary import OPENAGENDA_STATUS, SCHEMA_ORG_STATUS, STATUS_LABELS

if TYPE_CHECKING:
    from aictdata.exporters.context import BuildContext
    from aictdata.memory.state import CalendarState
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
EXCEL_NOTICE = """\
Les fichiers de ce dossier sont remplacés par le classeur ../aictdata.xlsx : toutes les
tables, une feuille par table, aux cellules typées (dates, nombres, textes) et sans
apostrophe devant les textes. Ils restent publiés à la même adresse jusqu’à la
publication de l’édition suivante, puis seront retirés : utilisez le classeur, ou les
fichiers CSV de ../ (la donnée telle quelle).

The files of this folder are replaced by the workbook ../aictdata.xlsx (every table,
one sheet each, typed cells, no apostrophe before text). They stay at the same address
until the next edition is published, then will be removed: use the workbook, or the CSV
files of ../ (the data as it is).
"""
"""`excel/LISEZMOI.txt`: what replaces the spreadsheet copies, and until when they stay."""


def export(catalog: Catalog, site: SiteWriter, context: BuildContext) -> None:
    """Write site/data/; with `context.validate`, check it with frictionless before the swap.

    The JSON comes first: the package's version is made from it, and the workbook's
    « À lire » sheet, written before its tables, gives that version. Each table is then
    read once from the model and written to its CSV file, its spreadsheet copy and its
    sheet of the workbook together.
    """
    state = context.calendar_state
    json_resources = _write_json(catalog, site)
    fingerprint = site.files[layout.DATA_ALL_EDITIONS].sha256
    version = package_version(catalog, fingerprint=fingerprint)
    book = workbook.Workbook(_about(catalog, version))
    counts = {table.name: _write_table(table, catalog, state, site, book) for table in TABLES}
    site.write(layout.DATA_WORKBOOK, book.close())
    kept = described(counts)
    resources = [_table_resource(site, table) for table in TABLES if table.name in kept]
    resources += json_resources
    resources.append(_workbook_resource(site))
    descriptor = package_descriptor(catalog, resources, version=version)
    site.write_text(layout.DATAPACKAGE, _json_text(descriptor))
    site.write_text(layout.DATA_README, readme(catalog, descriptor))
    site.write_text(layout.DATA_README_EN, readme(catalog, descriptor, words("en")))
    site.write_text(layout.DATA_EXCEL_NOTICE, EXCEL_NOTICE)
    if context.validate:
        problems = validate_package(site.root / layout.DATAPACKAGE)
        if problems:
            raise BuildError(
                "the data package is not valid:\n" + "\n".join(f"  {p}" for p in problems)
            )


def described(counts: dict[str, int]) -> set[str]:
    """The tables that datapackage.json describes: those with rows, and those that a
    described table's foreign keys point to (a reference must find its table).

    A table without rows is still written (its CSV file, header only, stays at its
    published path, and its Table Schema in schemas/), but not described: goodtables
    2.5, the Table Schema v1 validator, reads a table through datapackage 1.x, which
    yields its header only with its first row, and so reports every column of a
    header-only file as a missing header.
    """
    kept = {name for name, count in counts.items() if count}
    while True:
        referenced = {
            key.resource for table in TABLES if table.name in kept for key in table.foreign_keys
        }
        if referenced <= kept:
            return kept
        kept |= referenced


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
    table: Table,
    catalog: Catalog,
    state: CalendarState,
    site: SiteWriter,
    book: workbook.Workbook,
) -> int:
    """Write one table as CSV, as its spreadsheet copy and as a sheet; its row count."""
    header = [column.name for column in table.columns]
    textual = [column.type == "string" for column in table.columns]
    count = 0
    with (
        site.stream(layout.data_table(table.name)) as plain_file,
        site.stream(layout.data_table_excel(table.name)) as excel_file,
        book.table(table) as sheet,
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
            count += 1
            row = [cell(record[name]) for name in header]
            plain.writerow(row)
            excel.writerow(
                [neutralise_formula(v) if text else v for v, text in zip(row, textual, strict=True)]
            )
            sheet(record)
    return count


def _table_resource(site: SiteWriter, table: Table) -> dict[str, Any]:
    return {
        "name": table.name,
        "type": "table",
        **_file_properties(site, layout.data_table(table.name), "csv", "text/csv"),
        "title": table.title,
        "description": table.fr,
        "description_en": table.en,
        "dialect": DIALECT,
        "schema": table.schema(),
    }


def _workbook_resource(site: SiteWriter) -> dict[str, Any]:
    """The workbook, listed as a file of the package that is not one of its tables
    (`type: file`: frictionless 5 then reads no sheet of it as a table), with its size
    and SHA-256 like every other resource, so that a reuser can check the download."""
    written = site.files[layout.DATA_WORKBOOK]
    return {
        "name": "workbook",
        "type": "file",
        "path": _in_package(layout.DATA_WORKBOOK),
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
    catalog: Catalog, resources: list[dict[str, Any]], *, version: str
) -> dict[str, Any]:
    series = catalog.series
    latest = _latest_update(catalog)
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": series.id,
        "id": layout.url(series, layout.DATAPACKAGE),
        "title": _title(catalog),
        "description": _description(catalog),
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


def _title(catalog: Catalog, w: Words | None = None) -> str:
    w = w or words("fr")
    name = catalog.series.name if w.french else catalog.series.name.in_language(w.lang)
    return w(F_("{name} : éditions et programmes")).format(name=name)


def _about(catalog: Catalog, version: str) -> workbook.About:
    """What the workbook's « À lire » sheet says: the descriptor's own facts."""
    return workbook.About(
        title=_title(catalog),
        description=_description(catalog),
        version=version,
        created=_latest_update(catalog),
        licence=LICENCE,
        sources=_sources(catalog),
        address=layout.url(catalog.series, layout.DATAPACKAGE),
    )


def _organisers(catalog: Catalog) -> list[str]:
    return [
        catalog.organisation(p.organisation).name
        for p in catalog.series.participations
        if p.role is Role.ORGANIZER
    ]


def _description(catalog: Catalog, w: Words | None = None) -> str:
    w = w or words("fr")
    series = catalog.series
    name = series.name if w.french else series.name.in_language(w.lang)
    organisers = ", ".join(_organisers(catalog))
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


# --- README.md -----------------------------------------------------------------------


def readme(catalog: Catalog, descriptor: dict[str, Any], w: Words | None = None) -> str:
    """The dataset's README: what it is, its licence, conventions, how to load the tables
    in each tool, and the data dictionary; in French (README.md), or in English
    (README.en.md) with `w`, the same document through the outputs' catalogue."""
    w = w or words("fr")
    described_names = {r["name"] for r in descriptor["resources"]}
    organisers = _organisers(catalog)
    credit = w(F_(" ({organisers})")).format(organisers=", ".join(organisers)) if organisers else ""
    created = (
        w(F_(" (données du {date})")).format(date=descriptor["created"])
        if "created" in descriptor
        else ""
    )
    lines = [
        f"# {_title(catalog, w)}",
        "",
        _description(catalog, w),
        "",
        w(F_("- Version : `{version}`")).format(version=descriptor["version"]) + created,
        w(F_("- Licence : [{title}]({path}) (`{name}`).")).format(**LICENCE)
        + w(
            F_(
                " Réutilisation libre, y compris commerciale, en mentionnant la source"
                "{credit} et la date de mise à jour."
            )
        ).format(credit=credit),
        w(F_("- Adresse : {url}")).format(url=descriptor["id"]),
        "",
        w(
            F_(
                "*English: the open data of the Rencontres de l’AICT (Cités Unies France), one"
                " CSV file per table with a Table Schema whose fields are described in French"
                " (`description`) and English (`description_en`); see the dictionary below,"
                " and README.en.md for this document in English.*"
            )
        ),
        "",
        w(F_("## Éditions")),
        "",
        *(
            w(F_("- {id} : {ordinal} édition, {dates}, {count} créneaux")).format(
                id=e.id,
                ordinal=_ordinal(e.number, w),
                dates=w.dates(e),
                count=len(e.sessions),
            )
            for e in catalog.editions
        ),
        "",
        w(F_("## Fichiers")),
        "",
        w(F_("| fichier | contenu |")),
        "|---|---|",
        w(F_("| `datapackage.json` | description du jeu de données (Data Package v2) |")),
        *(
            f"| `{r['path']}` | {_cell_md(_resource_about(r, w))} |"
            for r in descriptor["resources"]
        ),
        *(
            w(
                F_(
                    "| `{path}` | {title} : aucune ligne pour l’instant (en-tête seul,"
                    " non décrit dans `datapackage.json`, voir les conventions) |"
                )
            ).format(path=t.path, title=_cell_md(_table_title(t, w)))
            for t in TABLES
            if t.name not in described_names
        ),
        w(F_("| `excel/*.csv` | obsolète, remplacé par `aictdata.xlsx` (voir les conventions) |")),
        "",
        w(F_("## Conventions")),
        "",
        w(
            F_(
                "- CSV : UTF-8 sans BOM, séparateur virgule, ligne d’en-tête, fins de ligne CRLF"
                " (RFC 4180). Une cellule vide est une valeur absente."
            )
        ),
        w(
            F_(
                "- Dates `AAAA-MM-JJ` ; dates et heures en RFC 3339 avec le décalage horaire du"
                " jour : `2025-07-04T09:00:00+02:00` en été, `+01:00` en hiver. Leur Table Schema"
                " donne le motif `{format}` (`format`), que les lecteurs Table Schema v1"
                " (tableschema, datapackage, goodtables), dont le format par défaut est l’UTC"
                " avec `Z`, lisent aussi en gardant le décalage."
            )
        ).format(format=DATETIME_FORMAT),
        w(
            F_(
                "- Les identifiants (`id`, `uid`) sont stables d’une version à l’autre ; les"
                " listes sans identifiant sont numérotées par `position` dans le document."
            )
        ),
        w(
            F_(
                "- Une organisation est identifiée par (`scope`, `id`) : `scope` vaut `series`"
                " quand elle est déclarée pour toutes les éditions, sinon l’année de l’édition."
            )
        ),
        w(F_("- Codes postaux en texte ; coordonnées seulement si une source les donne.")),
        w(
            F_(
                "- Deux langues : chaque texte de l’organisateur (`title`, `theme`,"
                " `description`…) est en français ; son anglais, quand les données le donnent,"
                " est dans la colonne de même nom suivie de `_en` (`title_en`), placée après"
                " les autres colonnes de la table, vide sinon."
            )
        ),
        w(
            F_(
                "- Les cellules reproduisent les données telles quelles, y compris un texte qui"
                " commencerait par `=`, `+`, `-` ou `@` ; dans `aictdata.xlsx`, ce sont des"
                " cellules de texte, jamais des formules, sans apostrophe."
            )
        ),
        w(
            F_(
                "- Une table sans ligne garde son fichier (en-tête seul) et son Table Schema"
                " (`schemas/` du dépôt), mais `datapackage.json` ne la décrit pas tant qu’elle"
                " est vide, sauf si une autre table y renvoie : goodtables 2.5 signale chaque"
                " colonne d’un fichier sans ligne comme un en-tête manquant."
            )
        ),
        w(
            F_(
                "- `excel/*.csv` (BOM, séparateur point-virgule, apostrophe devant les textes"
                " qu’un tableur prendrait pour une formule) est obsolète : remplacé par"
                " `aictdata.xlsx`, il reste publié à la même adresse jusqu’à la publication de"
                " l’édition suivante, puis sera retiré (`excel/LISEZMOI.txt` le dit)."
            )
        ),
        w(F_("- Vérifier le jeu : `frictionless validate datapackage.json`.")),
        "",
        w(F_("### Statuts")),
        "",
        w(F_("| code | libellé | schema.org `eventStatus` | OpenAgenda |")),
        "|---|---|---|---|",
        *(
            f"| `{status.value}` | {w(label)} | `{SCHEMA_ORG_STATUS[status]}` |"
            f" {OPENAGENDA_STATUS[status]} |"
            for status, label in STATUS_LABELS.items()
        ),
        "",
        *recipes.section(w),
        w(F_("## Dictionnaire des données")),
        "",
    ]
    for table in TABLES:
        lines += _table_dictionary(table, w)
    return "\n".join(lines) + "\n"


def _ordinal(number: int, w: Words) -> str:
    """16 -> '16e' in French, '16th' in English."""
    if w.french:
        return french_ordinal(number)
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10 if number % 100 not in (11, 12, 13) else 0)
    return f"{number}{suffix or 'th'}"


def _table_title(table: Table, w: Words) -> str:
    return table.title if w.french else table.name


def _resource_about(resource: dict[str, Any], w: Words) -> str:
    """A resource's description in the README's language (each has both)."""
    return resource["description"] if w.french else resource["description_en"]


def _table_dictionary(table: Table, w: Words) -> list[str]:
    lines = [
        f"### {table.name} — {_table_title(table, w)}",
        "",
        w(F_("Fichier `{path}`. {about}")).format(
            path=table.path, about=table.fr if w.french else table.en
        ),
        "",
        *([f"*{table.en}*", ""] if w.french else []),
        w(F_("Clé primaire : {columns}.")).format(
            columns=", ".join(f"`{name}`" for name in table.primary_key)
        ),
    ]
    for key in table.foreign_keys:
        fields = ", ".join(f"`{name}`" for name in key.fields)
        target = ", ".join(f"`{name}`" for name in key.reference)
        lines.append(
            w(F_("Clé étrangère : {fields} → `{resource}` ({target}).")).format(
                fields=fields, resource=key.resource, target=target
            )
        )
    lines += [
        "",
        w(F_("| colonne | type | obligatoire | contraintes | description | description (en) |")),
        "|---|---|---|---|---|---|",
    ]
    lines += [_column_row(column, w) for column in table.columns]
    lines.append("")
    return lines


def _column_row(column: Column, w: Words) -> str:
    constraints = []
    if column.enum:
        constraints.append(" ".join(f"`{value}`" for value in column.enum))
    if column.pattern:
        constraints.append(w(F_("motif `{pattern}`")).format(pattern=column.pattern))
    if column.minimum is not None:
        constraints.append(f"≥ {column.minimum}")
    if column.maximum is not None:
        constraints.append(f"≤ {column.maximum}")
    if column.unique:
        constraints.append("unique")
    kind = column.type + (f" (`{column.schema_format}`)" if column.schema_format else "")
    required = w(F_("oui")) if column.required else w(F_("non"))
    return (
        f"| `{column.name}` | {kind} | {required} |"
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
