"""The data package's README.md (French) and README.en.md (English): what the data is,
its licence and conventions, how to read each table in each tool, and the data dictionary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aictdata.exporters.datapackage import recipes
from aictdata.exporters.datapackage.descriptor import (
    LICENCE,
    organiser_names,
    package_description,
    package_title,
)
from aictdata.exporters.datapackage.tables import (
    DATETIME_FORMAT,
    TABLES,
    Column,
    Table,
)
from aictdata.model.catalog import Catalog
from aictdata.words.formatting import french_ordinal
from aictdata.words.outputs import F_, Words, words
from aictdata.words.vocabulary import OPENAGENDA_STATUS, SCHEMA_ORG_STATUS, STATUS_LABELS

if TYPE_CHECKING:
    pass


def readme(catalog: Catalog, descriptor: dict[str, Any], w: Words | None = None) -> str:
    """The dataset's README: what it is, its licence, conventions, how to load the tables
    in each tool, and the data dictionary; in French (README.md), or in English
    (README.en.md) with `w`, the same document through the outputs' catalogue."""
    w = w or words("fr")
    described_names = {r["name"] for r in descriptor["resources"]}
    organisers = organiser_names(catalog)
    credit = w(F_(" ({organisers})")).format(organisers=", ".join(organisers)) if organisers else ""
    created = (
        w(F_(" (données du {date})")).format(date=descriptor["created"])
        if "created" in descriptor
        else ""
    )
    lines = [
        f"# {package_title(catalog, w)}",
        "",
        package_description(catalog, w),
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
