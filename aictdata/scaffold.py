"""A new edition's file, ready to fill: what `aictdata new` writes.

The file says only what is already known: the next edition's number and its title in the
series' own words (« 17e édition des Rencontres … »), the time zone of the edition it
follows, the `$schema` line that makes an editor complete and check fields as they are
typed. Everything else is a YAML comment that explains the field, never a made-up value:
the dates are left empty, and the edition is `announced`, so that the file validates as
soon as they are filled in (a « save the date »); venue, theme, registration and slots
come later, when a document gives them.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from aictdata.model import Catalog, Edition
from aictdata.text import french_ordinal

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


class ScaffoldError(ValueError):
    """The file cannot be made (it exists, or the edition to follow is unknown)."""


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
