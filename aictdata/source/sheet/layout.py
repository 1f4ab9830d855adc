"""The organiser's workbook of one edition: its sheets and columns, read and written alike.

`aictdata sheet export` writes an edition as a French workbook that an organiser edits in
Excel or LibreOffice, and `aictdata sheet import` brings it back into the edition's YAML
(aictdata.source.sheet.writing, aictdata.source.sheet.reading). Both read the layout here, so a
column
added once is written and read back the same way.

The words of the workbook are French: it is the organiser's document, like the YAML it
stands for. Kinds and statuses are shown by their French labels (aictdata.words.vocabulary), never
by their codes.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aictdata.model.vocabularies import ProgrammeStage, SessionKind, Status
from aictdata.words.vocabulary import PROGRAMME_STAGE_LABELS, SESSION_KIND_LABELS, STATUS_LABELS

EDITION_SHEET = "Édition"
PROGRAMME_SHEET = "Programme"
README_SHEET = "À lire"
LISTS_SHEET = "Listes"
"""The choices of the drop-downs: a list written in the validation itself may not hold a
comma, and « Ateliers, réunions régionales et B2B » does."""

DATE_FORMAT = "dd/mm/yyyy"
TIME_FORMAT = "hh:mm"


@dataclass(frozen=True)
class SheetColumn:
    """A column of the « Programme » sheet: the slot's field it holds and its French
    header, which is how the import finds it (columns may be moved or added)."""

    field: str
    header: str
    help: str
    width: int
    english: bool = False
    """The English version of `field` (a text of the slot)."""


PROGRAMME_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn(
        "id",
        "Identifiant",
        "Le nom fixe du créneau dans les calendriers des abonnés. Ne le changez jamais ;"
        " laissez-le vide sur une nouvelle ligne : il est créé à partir du titre.",
        22,
    ),
    SheetColumn("date", "Date", "Le jour du créneau (jj/mm/aaaa).", 12),
    SheetColumn("start", "Début", "L'heure de début, heure de Paris (9:30 ou 9h30).", 8),
    SheetColumn("end", "Fin", "L'heure de fin, après le début.", 8),
    SheetColumn("kind", "Type", "Le type de créneau : choisissez-le dans la liste.", 26),
    SheetColumn(
        "status",
        "Statut",
        "Programmé, Reprogrammé, Reporté, En ligne, Complet ou Annulé. Pour annuler un"
        " créneau, choisissez « Annulé » plutôt que de supprimer la ligne : les abonnés"
        " voient alors l'annulation dans leur calendrier.",
        14,
    ),
    SheetColumn("title", "Titre", "Le titre du créneau, tel que le programme l'écrit.", 40),
    SheetColumn("place", "Lieu", "La salle ou l'espace dans le lieu (facultatif).", 22),
    SheetColumn(
        "description",
        "Description",
        "Un texte libre (facultatif) ; un saut de ligne dans la cellule (Alt+Entrée)"
        " commence un nouveau paragraphe.",
        40,
    ),
    SheetColumn(
        "title",
        "Titre (anglais)",
        "La traduction anglaise du titre (facultative) : les pages et flux anglais la"
        " montrent ; sans elle, ils montrent le titre français.",
        40,
        english=True,
    ),
    SheetColumn("place", "Lieu (anglais)", "La traduction anglaise du lieu.", 22, english=True),
    SheetColumn(
        "description",
        "Description (anglais)",
        "La traduction anglaise de la description.",
        40,
        english=True,
    ),
)


@dataclass(frozen=True)
class EditionRow:
    """A row of the « Édition » sheet: a field of the edition, its French label (column
    A), its value (B) and, for a text, its English version (C)."""

    field: str
    label: str
    help: str
    translatable: bool = False


EDITION_ROWS: tuple[EditionRow, ...] = (
    EditionRow(
        "id",
        "Édition",
        "L'identifiant de l'édition (son année) : il désigne le fichier editions/<id>.yaml"
        " que l'import met à jour. Ne le changez pas.",
    ),
    EditionRow("title", "Titre", "Le titre de l'édition.", translatable=True),
    EditionRow("theme", "Thème", "Le thème de l'édition.", translatable=True),
    EditionRow("start_date", "Premier jour", "Le premier jour de l'édition (jj/mm/aaaa)."),
    EditionRow("end_date", "Dernier jour", "Le dernier jour de l'édition (jj/mm/aaaa)."),
    EditionRow(
        "programme_stage",
        "Étape du programme",
        "Édition annoncée, Pré-programme ou Programme : choisissez dans la liste.",
    ),
)
EDITION_HEADERS = ("Champ", "Valeur", "En anglais")


def kind_labels() -> dict[str, SessionKind]:
    """French label -> slot kind, in the vocabulary's order (the drop-down's)."""
    return {label: kind for kind, label in SESSION_KIND_LABELS.items()}


def status_labels() -> dict[str, Status]:
    return {label: status for status, label in STATUS_LABELS.items()}


def stage_labels() -> dict[str, ProgrammeStage]:
    return {label: stage for stage, label in PROGRAMME_STAGE_LABELS.items()}


def write_atomically(path: Path, content: bytes) -> None:
    """Write `path` whole or not at all: a temporary file beside it, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
