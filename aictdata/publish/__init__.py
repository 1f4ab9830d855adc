"""Publishing a validated build to the aggregators: data.gouv.fr and OpenAgenda.

One module per platform (`datagouv`, `openagenda`), over the HTTP exchange that
`aictdata.net.http` owns, and the gate they both pass first (`site`): only a build that
ran frictionless' validation, and whose files are still the ones it wrote, is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aictdata.net.http import Planned


@dataclass(frozen=True)
class Report:
    """What a publication did (or, in a dry run, would do), for the CLI to print."""

    platform: str
    target: str
    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: int
    notes: tuple[str, ...]
    """Things the organiser should know: a title cut to a platform's limit, a duplicate."""
    planned: tuple[Planned, ...]
    """The requests of a dry run, in order (empty otherwise)."""
