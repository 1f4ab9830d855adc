"""A new edition's file, ready to fill: what `aictdata new` writes.

The file says only what is already known: the next edition's number and its title in the
series' own words (« 17e édition des Rencontres … »), the time zone of the edition it
follows, the `$schema` line that makes an editor complete and check fields as they are
typed. Everything else is a YAML comment that explains the field, never a made-up value:
the dates are left empty, and the edition is `announced`, so that the file validates as
soon as they are filled in (a « save the date »); venue, theme, registration and slots
come later, when a document gives them.

The id is checked as `validate` checks it (a slug) before anything is read or written, so
that the file can only be `FOLDER/<slug>.yaml`: never outside its folder, never a YAML
key slipped in by a line break. The file appears whole or not at all: it is written to a
temporary file beside it, then linked to its name (which fails if the name exists).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from aictdata.errors import AictdataError, one_line
from aictdata.i18n import _
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition
from aictdata.model.scalars import Slug
from aictdata.words.formatting import french_ordinal
from aictdata.words.vocabulary import SESSION_KIND_LABELS, STATUS_LABELS

TEMPLATE = """\
# yaml-language-server: $schema=../schemas/edition.schema.json
# Édition {number}, écrite par `aictdata new`{origin}. Remplissez les dates, puis lancez
# `aictdata validate` et `aictdata build`, et enregistrez ce fichier avec
# editions/calendar-state.json (la mémoire des calendriers) dans l'historique du projet
# (git : « commit »).
id: "{id}"
number: {number}
title: {title}
# Les étapes : announced (annoncée : les dates seules, un « save the date »)
# -> pre-programme (pré-programme) -> programme.
# Dès le pré-programme, le thème (theme), le lieu (venue), la source et au moins un
# créneau sont obligatoires.
programme_stage: announced
# Les jours de l'édition, écrits AAAA-MM-JJ (l'année du premier jour est l'identifiant).
start_date:
end_date:
timezone: {timezone}
# La date de la dernière révision de ce fichier : avancez-la à chaque modification (les
# calendriers et les lecteurs de flux la comparent). Écrite à la création du fichier.
updated: {updated}
# theme: le thème de l'édition, dans les mots du document.
# source:
#   title: le document dont les données sont transcrites
#   file: son nom de fichier dans editions/sources/
# hashtag: RencontresAICT{id}
# venue: voir {previous_file} pour la forme (id, name, address, access).{venue_hint}
# registration:
#   opens: AAAA-MM-JJ
#   mode: online
# sessions: les créneaux, quand un pré-programme les donne (voir {previous_file}).
#   Chaque créneau : id, date, start ("09:30"), end, title, kind, et si besoin status,
#   place, description. Le type (kind) est l'un de :
{kinds}
#   Le statut (status), « scheduled » si rien n'est écrit, est l'un de :
{statuses}
#   Plus simple : `aictdata sheet export {id}` donne le programme dans un tableur.
"""


def _choices(labels: Mapping[StrEnum, str]) -> str:
    """A vocabulary, one comment line per choice: the code to write and its French label."""
    return "\n".join(f"#     {code.value} ({label})" for code, label in labels.items())


class ScaffoldError(AictdataError, ValueError):
    """The file cannot be made (it exists, or the edition to follow is unknown)."""


def check_edition_id(edition_id: str) -> None:
    """Refuse an id that `validate` would refuse (the edition's `id` is a slug)."""
    from pydantic import TypeAdapter, ValidationError

    try:
        TypeAdapter(Slug).validate_python(edition_id)
    except ValidationError:
        raise ScaffoldError(
            _(
                "{id} is not an edition id: lower-case letters, digits and single hyphens,"
                " at most 80 (e.g. 2026)"
            ).format(id=one_line(repr(edition_id[:100])))
        ) from None


def check_folder(folder: Path) -> None:
    """The folder of the editions must exist: `new` makes a file, never a folder."""
    if not folder.is_dir():
        raise ScaffoldError(
            _("{folder} is not a folder of editions").format(folder=one_line(str(folder)))
        )


def write_new(folder: Path, edition_id: str, text: str) -> Path:
    """`folder/<edition_id>.yaml` holding `text`, whole or not at all; FileExistsError
    when it exists (never replaced), ScaffoldError when it cannot be written (a full
    disk leaves nothing behind)."""
    target = folder / f"{edition_id}.yaml"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{edition_id}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.link(temporary, target)  # fails on an existing name, unlike a rename
    except FileExistsError:
        raise
    except OSError as error:
        raise ScaffoldError(
            _("{path}: cannot be written ({reason}); nothing was written").format(
                path=target, reason=error.strerror or type(error).__name__
            )
        ) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return target


def new_edition_text(
    catalog: Catalog, edition_id: str, *, previous: Edition | None, now: datetime
) -> str:
    """The text of `editions/<edition_id>.yaml` following `previous` (else the latest)."""
    if any(e.id == edition_id for e in catalog.editions):
        raise ScaffoldError(f"edition {edition_id!r} already exists")
    follows = previous or (catalog.editions[-1] if catalog.editions else None)
    number = (max(e.number for e in catalog.editions) + 1) if catalog.editions else 1
    timezone = follows.timezone if follows else "Europe/Paris"
    venue_hint = (
        f"\n#   Lieu de {follows.id} : {follows.venue.name} ; copiez-le s'il ne change pas."
        if follows and follows.venue
        else ""
    )
    return TEMPLATE.format(
        id=edition_id,
        number=number,
        # quoted as JSON, which YAML reads as is: a name with « : » stays one value
        title=json.dumps(
            f"{french_ordinal(number)} édition des {catalog.series.name}", ensure_ascii=False
        ),
        timezone=timezone,
        updated=now.astimezone(ZoneInfo(timezone)).replace(microsecond=0).isoformat(),
        origin=f" après {follows.id}" if follows else "",
        kinds=_choices(SESSION_KIND_LABELS),
        statuses=_choices(STATUS_LABELS),
        previous_file=f"{follows.id}.yaml" if follows else "series.yaml",
        venue_hint=venue_hint,
    )
