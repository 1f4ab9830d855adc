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
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aictdata.errors import AictdataError, one_line
from aictdata.i18n import _
from aictdata.model import Catalog, Edition
from aictdata.text import french_ordinal
from aictdata.types import Slug

TEMPLATE = """\
# yaml-language-server: $schema=../schemas/edition.schema.json
# Edition {number}, written by `aictdata new`{origin}. Fill in the dates, then
# `aictdata validate`, `aictdata build`, and commit this file with editions/calendar-state.json.
id: "{id}"
number: {number}
title: {title}
# The stages: announced (dates only: a « save the date ») -> pre-programme -> programme.
# From pre-programme on, theme, venue, source and at least one slot are required.
programme_stage: announced
# The days of the edition, written YYYY-MM-DD (the first day's year is the id's).
start_date:
end_date:
timezone: {timezone}
# When this file was last revised: move it on at every change (calendars and feed readers
# compare it). Written when the file was made.
updated: {updated}
# theme: the edition's theme, as the document words it.
# source:
#   title: the document the data is transcribed from
#   file: its file name in editions/sources/
# hashtag: RencontresAICT{id}
# venue: see {previous_file} for the shape (id, name, address, access).{venue_hint}
# registration:
#   opens: YYYY-MM-DD
#   mode: online
# sessions: the slots, once a pre-programme gives them (see {previous_file}).
"""


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
        f"\n#   {follows.id} was at {follows.venue.name}: copy its venue if it stays there."
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
        origin=f" after {follows.id}" if follows else "",
        previous_file=f"{follows.id}.yaml" if follows else "series.yaml",
        venue_hint=venue_hint,
    )
