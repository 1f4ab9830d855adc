"""Writes the files of a build into one folder, and remembers what it wrote.

Every exporter writes through a `SiteWriter`, so paths are checked once (no absolute
path, no `..`), parent folders are made once, and the build's manifest (path, size,
SHA-256) comes for free. Folders are 0755 and files 0644 whatever the umask of the
person building: the web server reading the site usually runs as another user.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aictdata.errors import BuildError

if TYPE_CHECKING:
    from aictdata.output.previous import PreviousSite

_SITE_PATH = re.compile(r"(?!\.\.?(?:/|\Z))[^/\\:\0]+(?:/(?!\.\.?(?:/|\Z))[^/\\:\0]+)*\Z")
"""A relative POSIX path of plain names: one or more names between slashes, none empty,
`.` or `..`, none holding a backslash or a colon (a separator or a drive elsewhere) or
NUL (no file name has one). One match rather than a split and two sets per path: a
rebuild checks each of the 32,000 files it keeps (0.032 → 0.009 s at 10,000 slots)."""
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
"""O_EXCL: a build writes into a new folder, so a file already there is another
exporter's (perhaps a hard link to a published file, see `aictdata.output.previous`), never
one to overwrite."""
_FILE_MODE = 0o644
_NOT_LINKABLE = frozenset(
    {errno.ENOENT, errno.ENOTDIR, errno.EPERM, errno.EACCES, errno.ELOOP, errno.EXDEV}
)
"""A published file (or its folder) removed or replaced since, another user's, or on
another file system: made again, not an error. Only the previous site's side: an error
in the new site's folder is the build's own."""
_FOLDER_MODE = 0o755
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


class NotAsBuilt(Exception):  # noqa: N818 (a condition the build handles, not an error)
    """A file of the previous site is not as its build left it (`PreviousSite.as_built`),
    or could not be linked: the edition holding it must be made again."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


@dataclass(frozen=True, slots=True)
class _Folders:
    """A folder of the previous site and the same folder of the new one, open: a link
    made by names in them (`SiteWriter.link_previous`) resolves no long path."""

    name: str
    source: int
    target: int

    @classmethod
    def around(cls, folder: str, source: int, target: Path) -> _Folders:
        """The previous site's folder `source`, open, with the same folder of the new one."""
        try:
            return cls(folder, source, os.open(f"{target}/{folder}", _FOLDER))
        except BaseException:
            os.close(source)
            raise

    def close(self) -> None:
        os.close(self.source)
        os.close(self.target)


@dataclass(frozen=True, slots=True)
class WrittenFile:
    path: str
    bytes: int
    sha256: str


class SiteWriter:
    """A folder being filled by the exporters of one build."""

    def __init__(self, root: Path, previous: PreviousSite | None = None) -> None:
        self.root = root
        self.previous = previous
        """The site being replaced, whose unchanged files are linked, not written."""
        self.files: dict[str, WrittenFile] = {}
        self._made: set[str] = set()

    def write(self, path: str, data: bytes) -> None:
        target = self._target(path)
        digest = hashlib.sha256(data).hexdigest()
        if self.previous is None or not self.previous.reuse(path, data, digest, target, _FILE_MODE):
            _write_file(path, target, data)
        self.files[path] = WrittenFile(path, len(data), digest)

    @contextlib.contextmanager
    def stream(self, path: str) -> Iterator[Callable[[bytes], None]]:
        """Write a file piece by piece (`with site.stream(p) as write: write(b"...")`), so
        that a large file (every event of every edition) is never whole in memory. It
        joins the manifest only once complete."""
        digest = hashlib.sha256()
        size = 0
        target = self._target(path)
        with _created(path):
            handle = open(target, "xb")  # noqa: SIM115 (closed by the block below)
        with handle:
            os.fchmod(handle.fileno(), _FILE_MODE)

            def write(data: bytes) -> None:
                nonlocal size
                handle.write(data)
                digest.update(data)
                size += len(data)

            yield write
        self.files[path] = WrittenFile(path, size, digest.hexdigest())

    def _target(self, path: str) -> str:
        """Where `path` goes, once checked (inside the site, not yet written): a relative
        POSIX path of plain names (no `..` or `.`, no empty part, no absolute path)."""
        _refuse_outside(path)
        if path in self.files:
            raise BuildError(f"two exporters wrote {path}")
        folder = path.rpartition("/")[0]
        if folder not in self._made:
            self._make_folders(folder)
        return f"{self.root}/{path}"

    def _make_folders(self, folder: str) -> None:
        """`folder` and the parents not made yet, each 0755 (mkdir's mode is cut by the
        umask, as os.open's is)."""
        parts = folder.split("/")
        for depth in range(1, len(parts) + 1):
            name = "/".join(parts[:depth])
            if name not in self._made:
                made = self.root / name
                made.mkdir(exist_ok=True)
                made.chmod(_FOLDER_MODE)
                self._made.add(name)

    def link_previous(self, files: Iterable[tuple[str, int, str]]) -> None:
        """Put each of the previous site's `files` (path, size, SHA-256) in this site as
        it is (a hard link), for files the build would write the same (`PreviousSite.listed`),
        then check the link (`PreviousSite.as_built`): NotAsBuilt when a file (or its
        folder) was changed, replaced or removed since, or cannot be linked (another
        user's, under fs.protected_hardlinks). Each path is checked as `write` checks it,
        in one loop rather than a call per file, and each file is linked and checked by
        its name in its folder, opened once (32,600 links and checks at 10,000 slots:
        0.37 → 0.32 s)."""
        previous = self.previous
        assert previous is not None
        written = self.files
        path = ""
        folders: _Folders | None = None
        try:
            for path, size, digest in files:
                _refuse_outside(path)
                if path in written:
                    raise BuildError(f"two exporters wrote {path}")
                folder, _, name = path.rpartition("/")
                if folders is None or folders.name != folder:
                    if folders is not None:
                        folders.close()
                        folders = None
                    if folder not in self._made:
                        self._make_folders(folder)
                    try:
                        source = os.open(f"{previous.root}/{folder}", _FOLDER)
                    except OSError as error:
                        if error.errno not in _NOT_LINKABLE:
                            raise
                        raise NotAsBuilt(path) from None
                    folders = _Folders.around(folder, source, self.root)
                try:
                    os.link(
                        name,
                        name,
                        src_dir_fd=folders.source,
                        dst_dir_fd=folders.target,
                        follow_symlinks=False,
                    )
                except OSError as error:
                    if error.errno not in _NOT_LINKABLE:
                        raise
                    raise NotAsBuilt(path) from None
                if not previous.as_built(os.lstat(name, dir_fd=folders.target), size):
                    raise NotAsBuilt(path)
                written[path] = WrittenFile(path, size, digest)
        except FileExistsError:
            raise BuildError(f"two exporters wrote {path}") from None
        finally:
            if folders is not None:
                folders.close()

    def take_retired(
        self, retired: PreviousSite, folders: tuple[str, ...], files: list[tuple[str, int, str]]
    ) -> bool:
        """Move `folders` (2025/, en/2025/) of `retired`, a site left for removal whose
        note gives the edition the fingerprint it has now (`PreviousSite.retired`), into
        this site whole: one rename a folder instead of a link a file. Taken only if they
        hold exactly `files` (path, size, SHA-256, as the published site lists them),
        each a regular file as its build left it (`PreviousSite.as_built`, by that site's
        time), in folders as a build makes them (`PreviousSite.folder_as_built`);
        otherwise False, with nothing of them left here, and the caller links the
        files from the published site (`link_previous`), which decides."""
        sizes = {path: size for path, size, _ in files}
        moved: list[str] = []
        try:
            for folder in folders:
                name = folder.rstrip("/")
                parent = name.rpartition("/")[0]
                if parent and parent not in self._made:
                    self._make_folders(parent)
                try:
                    os.rename(f"{retired.root}/{name}", f"{self.root}/{name}")
                except FileNotFoundError:
                    continue
                moved.append(name)
                if not retired.folder_as_built(os.lstat(f"{self.root}/{name}")):
                    raise _NotTaken  # a symbolic link to a folder elsewhere, say
            found = 0
            for name in moved:
                for path, status in _entries_under(self.root, name):
                    if stat.S_ISDIR(status.st_mode):
                        if not retired.folder_as_built(status):
                            raise _NotTaken
                        continue
                    size = sizes.get(path)
                    if size is None or not retired.as_built(status, size):
                        raise _NotTaken
                    found += 1
            if found != len(sizes):
                raise _NotTaken
        except (_NotTaken, OSError):
            for name in moved:
                _remove_entry(f"{self.root}/{name}")
            return False
        written = self.files
        for path, size, digest in files:
            _refuse_outside(path)
            if path in written:
                raise BuildError(f"two exporters wrote {path}")
            written[path] = WrittenFile(path, size, digest)
        return True

    def record(self, written: Iterable[WrittenFile]) -> None:
        """Add to the manifest files another process wrote into this folder (a build's
        second process), refusing a path written twice as `write` does."""
        for file in written:
            if file.path in self.files:
                raise BuildError(f"two exporters wrote {file.path}")
            self.files[file.path] = file

    def write_text(self, path: str, text: str) -> None:
        """UTF-8, without BOM, with the newlines given (no platform translation)."""
        self.write(path, text.encode("utf-8"))


class _NotTaken(Exception):  # noqa: N818 (a condition `take_retired` handles)
    """A retired folder that does not hold exactly the files it should, as built."""


def _entries_under(root: Path, name: str) -> Iterator[tuple[str, os.stat_result]]:
    """Every entry under `root`/`name`, folders included, by its path from `root`, with
    its `lstat` (a symbolic link is an entry, never followed)."""
    stack = [name]
    while stack:
        folder = stack.pop()
        with os.scandir(f"{root}/{folder}") as entries:
            for entry in entries:
                path = f"{folder}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                yield path, entry.stat(follow_symlinks=False)


def _remove_entry(path: str) -> None:
    """Remove a folder and what it holds, or a file or a symbolic link (never followed)."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _refuse_outside(path: str) -> None:
    """Refuse what is not a relative POSIX path of plain names (no `..` or `.`, no empty
    part, no absolute path, no backslash, colon or NUL)."""
    if _SITE_PATH.match(path) is None:
        raise BuildError(f"refusing to write outside the site: {path!r}")


@contextlib.contextmanager
def _created(path: str) -> Iterator[None]:
    """A file that exists already was written by an exporter of the other process."""
    try:
        yield
    except FileExistsError:
        raise BuildError(f"two exporters wrote {path}") from None


def _write_file(path: str, target: str, data: bytes) -> None:
    # os.open and os.write rather than Path.write_bytes: a build writes 10,000 small
    # files per 10,000 slots, and the file object around each cost a third of the time.
    with _created(path):
        descriptor = os.open(target, _CREATE, _FILE_MODE)
    try:
        os.fchmod(descriptor, _FILE_MODE)  # the mode of os.open is cut by the umask
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)
