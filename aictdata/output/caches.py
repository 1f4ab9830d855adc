"""What aictdata keeps between runs outside the site, and what it is keyed by.

What is kept in the user's cache folder, `$XDG_CACHE_HOME/aictdata/` (else
`~/.cache/aictdata/`), as other tools keep theirs: the compiled templates
(`output.compiled`), the validated editions (`source.parsed`), results that depend on
the code and their input alone (`remembered`: the data dictionary and its patterns, the
site's icons, the social cards, the QR codes, the feeds' time zones and organisers' lines),
each edition's part of the data
package's largest tables and its JSON (`exporters.datapackage.parts`), its lines of
OpenAgenda's events (`exporters.openagenda.export`), its rows of the sitemap
(`exporters.crawlers`), what a memory file a build wrote settles (`memory.kept`), and
which manifests a build wrote (`output.manifest.read_published`), these through `recall`
and `keep`.
Each is only ever a shortcut: an entry is named by a digest of everything
that made it (the code that read or compiled it, the versions of the libraries involved,
the input's bytes), a missing, unreadable or unwritable entry is simply made again, and
every entry is written whole (a temporary file, then a rename), so a killed run leaves
no half entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_folder(name: str) -> Path | None:
    """$XDG_CACHE_HOME/aictdata/`name` (~/.cache/…); None without a home folder."""
    root = os.environ.get("XDG_CACHE_HOME")
    if not root:
        try:
            root = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder known
            return None
    return Path(root) / "aictdata" / name


def read_entry(folder: Path | None, key: str) -> bytes | None:
    """The entry `key` of `folder`, or None."""
    if folder is None:
        return None
    with contextlib.suppress(OSError):
        return (folder / key).read_bytes()
    return None


def write_entry(folder: Path | None, key: str, data: bytes) -> None:
    """Keep `data` as the entry `key` of `folder`, whole or not at all."""
    if folder is None:
        return
    target = folder / key
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError:  # not kept: a cache folder that cannot be written is no error
        with contextlib.suppress(OSError):
            temporary.unlink()


def remembered(
    name: str, parts: tuple[str, ...], libraries: tuple[str, ...], make: Callable[[], T]
) -> T:
    """What `make()` returns, which depends on aictdata's code, `libraries` and `parts`
    alone: kept pickled under `name` and a digest of all three."""
    kept = recall(RESULTS, name, parts, libraries)
    if kept is not MISSING:
        return kept  # type: ignore[return-value]
    result = make()
    keep(RESULTS, name, parts, libraries, result)
    return result


RESULTS = "results"
MISSING = object()
"""What `recall` gives for an entry that is not there, or cannot be read."""


def recall(folder: str, name: str, parts: tuple[str, ...], libraries: tuple[str, ...]) -> object:
    """The result kept in `folder` under `name` for `parts`, `libraries` and this code, or
    `MISSING` (a damaged entry is only a miss)."""
    data = read_entry(cache_folder(folder), _result_key(name, parts, libraries))
    if data is not None:
        with contextlib.suppress(Exception):
            return pickle.loads(data)
    return MISSING


def keep(
    folder: str, name: str, parts: tuple[str, ...], libraries: tuple[str, ...], value: object
) -> None:
    """Keep `value` for `recall`, whole or not at all."""
    key = _result_key(name, parts, libraries)
    write_entry(cache_folder(folder), key, pickle.dumps(value, protocol=5))


def _result_key(name: str, parts: tuple[str, ...], libraries: tuple[str, ...]) -> str:
    digest = hashlib.sha256(code_digest(libraries).encode())
    for part in parts:
        digest.update(part.encode() + b"\0")
    return f"{name}-{digest.hexdigest()}"


@cache
def code_digest(libraries: tuple[str, ...]) -> str:
    """A digest of aictdata's own files (code, templates, catalogues, static files), of
    the versions of `libraries` and of Python's: a change of any of them can change what
    aictdata makes of the same input."""
    digest = hashlib.sha256(_own_files().encode())
    for name in libraries:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    return digest.hexdigest()


@cache
def _own_files() -> str:
    """The digest of aictdata's own files and Python's version, read once per process."""
    digest = hashlib.sha256(f"python={sys.version}\0".encode())
    root = resources.files("aictdata")
    stack = [root]
    files = []
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.name == "__pycache__":
                continue
            if entry.is_dir():
                stack.append(entry)
            else:
                files.append(entry)
    for entry in sorted(files, key=str):
        digest.update(str(entry.relative_to(root)).encode() + b"\0")  # type: ignore[attr-defined]
        digest.update(entry.read_bytes())
    return digest.hexdigest()
