"""manifest.json, the build's own account of what it wrote: every file with its size,
SHA-256 and content type, whether frictionless validated the data package, and, in the
published site, the mark of the calendar memory it was built with.

The one module that writes it and reads it: the build writes it last, the next build reads
it to reuse unchanged files and to compare its memory with what was published, `aictdata
check` fetches what it lists, and the publishers publish only files it lists unchanged.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING

from aictdata.errors import one_line
from aictdata.i18n import _
from aictdata.output import caches, layout
from aictdata.output.jsontext import around, member
from aictdata.output.mediatypes import media_type

if TYPE_CHECKING:
    from aictdata.output.writer import SiteWriter, WrittenFile

PATH = layout.MANIFEST
VALIDATED = layout.MANIFEST_VALIDATED
MEMORY = "calendar_memory"
"""The key of the mark of the calendar memory the published site was built with."""
EDITIONS = "editions"
"""The key of each edition's fingerprint (`build.fingerprints`), by edition id."""
MAX_BYTES = 256 * 1024 * 1024
"""A manifest lists about 100 bytes a file: this is millions of files. A larger one is not
a manifest aictdata wrote."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of a build, as the manifest lists it."""

    path: str
    bytes: int
    sha256: str
    content_type: str


@dataclass(frozen=True)
class Manifest:
    """A build's manifest as read back; `itself` is the manifest file's own entry (what
    `aictdata check` compares first)."""

    itself: Entry
    files: tuple[Entry, ...]
    validated: bool
    memory: object
    """The memory's mark (`memory.store.site_mark`); None outside a published site."""
    editions: dict[str, str]
    """Each edition's fingerprint; empty for a partial build or an older one."""


class ManifestError(ValueError):
    """A manifest that is missing or is not one aictdata wrote; its text says which."""


def write(
    site: SiteWriter,
    *,
    validated: bool,
    memory: dict[str, object] | None = None,
    editions: dict[str, str] | None = None,
) -> None:
    """Write manifest.json into the site being built, once every other file is written."""
    document: dict[str, object] = {"files": None, VALIDATED: validated}
    if memory is not None:
        document[MEMORY] = memory
    if editions:
        document[EDITIONS] = dict(sorted(editions.items()))
    before, after = around(document, "files", indent=1)
    entries = map(_entry, sorted(site.files.values(), key=lambda f: f.path))
    with site.stream(PATH) as write:  # 320,000 files at 100,000 slots: never whole
        write(before.encode("utf-8"))
        for piece in member(entries, "[]", indent=1):
            write(piece)
        write(after.encode("utf-8"))
    caches.keep(_KEPT, "written", (site.files[PATH].sha256,), (), True)  # `read_published`


def _entry(file: WrittenFile) -> str:
    """One file's entry, as `jsontext.flat_object` writes it (json's indent of 1, two
    deep), in one f-string: 32,000 entries at 10,000 slots took 0.14 s through it, 0.05
    this way (tests/output/test_manifest.py compares the two)."""
    return (
        f'  {{\n   "path": {encode_basestring(file.path)},\n'
        f'   "bytes": {int.__repr__(file.bytes)},\n'
        f'   "sha256": {encode_basestring(file.sha256)},\n'
        f'   "content_type": {_quoted_media_type(media_type(file.path))}\n  }}'
    )


@cache
def _quoted_media_type(kind: str) -> str:
    return encode_basestring(kind)


@dataclass(frozen=True)
class Published:
    """What a build takes of the manifest of the site it replaces (`read_published`)."""

    files: dict[str, tuple[int, str]]
    """Each file's (size, SHA-256), by path."""
    editions: dict[str, str]
    """Each edition's fingerprint, as `Manifest.editions`."""
    memory: object
    """The memory's mark, as `Manifest.memory`."""


_KEPT = "manifests"


def read_published(site_dir: Path) -> Published | None:
    """What the build that replaces the site in `site_dir` needs of its manifest; None
    when there is none, or it is not one aictdata wrote (`read`). Bytes that a build
    wrote (`write` keeps their SHA-256 in the cache) are taken as they are, without the
    checks of their 32,000 entries (0.1 s a rebuild at 10,000 slots); any other bytes
    are read as `read` reads them."""
    path = site_dir / PATH
    try:
        data = _read_bytes(path)
    except ManifestError:
        return None
    if caches.recall(_KEPT, "written", (hashlib.sha256(data).hexdigest(),), ()) is True:
        document = json.loads(data)
        files = {entry["path"]: (entry["bytes"], entry["sha256"]) for entry in document["files"]}
        return Published(files, document.get(EDITIONS, {}), document.get(MEMORY))
    try:
        found = _parse(path, data)
    except ManifestError:
        return None
    files = {entry.path: (entry.bytes, entry.sha256) for entry in found.files}
    return Published(files, found.editions, found.memory)


def read(site_dir: Path) -> Manifest:
    """The manifest of the site in `site_dir`; ManifestError, in words, when there is none
    or it is not one aictdata wrote (a path outside the site included: nothing is ever
    fetched from another host or read outside the folder on a manifest's word)."""
    path = site_dir / PATH
    return _parse(path, _read_bytes(path))


def _read_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ManifestError(
            _("{manifest}: {reason} (run `aictdata build` first)").format(
                manifest=path, reason=error.strerror or error
            )
        ) from error


def _parse(path: Path, data: bytes) -> Manifest:
    not_ours = ManifestError(
        _("{manifest}: not a manifest written by `aictdata build`").format(manifest=path)
    )
    if len(data) > MAX_BYTES:
        raise not_ours
    try:
        document = json.loads(data)
        files = tuple(
            Entry(e["path"], int(e["bytes"]), e["sha256"], e["content_type"])
            for e in document["files"]
        )
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise not_ours from error
    for entry in files:
        if not is_site_path(entry.path):
            raise ManifestError(
                _(
                    "{manifest}: {path} is not a plain relative path inside the site"
                    " (refusing to fetch it from another host or read it outside the site)"
                ).format(manifest=path, path=one_line(repr(str(entry.path)[:80])))
            )
    itself = Entry(PATH, len(data), hashlib.sha256(data).hexdigest(), media_type(PATH))
    fingerprints = document.get(EDITIONS)
    if not isinstance(fingerprints, dict):
        fingerprints = {}
    editions = {k: v for k, v in fingerprints.items() if isinstance(v, str)}
    return Manifest(itself, files, document.get(VALIDATED) is True, document.get(MEMORY), editions)


_FORBIDDEN = re.compile("[\\\\:\x00-\x1f\x7f-\x9f]|(?:^|/)\\.{0,2}(?:/|$)")
"""A backslash, a colon, a control character, or an empty, `.` or `..` part."""


def is_site_path(path: object) -> bool:
    """`a/b.ics`, never `/x`, `//host/x`, `../x`, `a/./b`, `a//b`, `C:x`, `a\\b` or a
    control character: what `aictdata build` writes, and only that."""
    return isinstance(path, str) and bool(path) and _FORBIDDEN.search(path) is None
