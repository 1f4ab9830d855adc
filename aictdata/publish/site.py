"""The gate before any publication: a built site that passed validation, unchanged since.

"Nothing is published from a build that did not pass validation": the publishers read a
built folder (`--site site`), never the YAML, and only when its manifest.json says the
build ran frictionless (`aictdata build --validate`, which fails the build when the package
is invalid) and the files to publish still have the size and SHA-256 it lists. A hand
edit, a partial copy or a build without `--validate` is refused with one line. Reading a
built site writes nothing: the calendar memory (editions/calendar-state.json) is only ever
written by `aictdata build`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aictdata.check import Expected, read_manifest
from aictdata.errors import CheckError, UnpublishableSiteError
from aictdata.i18n import _
from aictdata.output import layout, manifest


@dataclass(frozen=True)
class VerifiedSite:
    root: Path
    files: dict[str, Expected]
    """Every file of the build by site path, as manifest.json lists it."""

    def read_json(self, path: str) -> Any:
        """A verified file of the build, decoded (call `verified_site` with it first)."""
        return json.loads((self.root / path).read_bytes())


def verified_site(site_dir: Path, paths: Iterable[str]) -> VerifiedSite:
    """`site_dir` if its build was validated and `paths` are as built; else raise."""
    try:
        entries = read_manifest(site_dir)
    except CheckError as error:
        raise UnpublishableSiteError(str(error)) from None
    if manifest.read(site_dir).validated is not True:
        raise UnpublishableSiteError(
            _(
                "{site}: this build was not validated: run `aictdata build --validate --out"
                " {site}` first (nothing is published from an unvalidated build)"
            ).format(site=site_dir)
        )
    files = {e.path: e for e in entries[1:]}
    site = VerifiedSite(site_dir, files)
    verify(site, paths)
    return site


def verify(site: VerifiedSite, paths: Iterable[str]) -> None:
    """Each of `paths` is listed by the manifest and still has its size and SHA-256."""
    for path in paths:
        expected = site.files.get(path)
        if expected is None:
            raise UnpublishableSiteError(
                _(
                    "{site}: the build has no {path}: rebuild with `aictdata build --validate`"
                ).format(site=site.root, path=path)
            )
        try:
            data = (site.root / path).read_bytes()
        except OSError as error:
            raise UnpublishableSiteError(
                _("{file}: {error}: rebuild the site").format(
                    file=site.root / path, error=error.strerror or error
                )
            ) from None
        if len(data) != expected.bytes or hashlib.sha256(data).hexdigest() != expected.sha256:
            raise UnpublishableSiteError(
                _(
                    "{file} changed since the build (its SHA-256 is not the one in"
                    " {manifest}): rebuild with `aictdata build --validate`"
                ).format(file=site.root / path, manifest=layout.MANIFEST)
            )
