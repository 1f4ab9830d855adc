"""Reuse, from the site a build replaces, every file it writes again unchanged.

Most of a rebuild writes what the previous build wrote: a retitled slot changes its own
one-slot file, its edition's feeds, pages and schedules and the series-wide files, not
the thousands of other one-slot files. Creating a file is what this disk charges most
for (the files floor of BENCHMARKS.md: 0.3 ms a file, nearly all kernel time), while a
hard link to the same bytes is a directory entry. So when a file the build is about to
write is, byte for byte, a file of the published site (the same path in its manifest,
the same size and SHA-256, then its content read and compared: a file edited by hand
since is never reused), the new site gets a hard link to it instead of a new copy.

What this keeps exactly as it was:

- the output: a linked file has the bytes the build computed (compared, not assumed),
  and the mode of every file (0644) is checked before it is shared;
- the atomic swap: links are made in the temporary folder, like the files they stand
  for; a failed build removes its links and leaves the published files untouched (no
  file of the new site is ever opened for writing once it exists: the writer creates
  with O_EXCL), and the swap retires the old site's names, not the shared inodes;
- the lock and memory: the build still holds its lock, and the previous manifest adds
  one (size, hash) pair per file (about 20 MB at 100,000 slots).

Two levels. An edition whose fingerprint (`build.fingerprints`: everything its own files
are made of) is the one the previous manifest records is not made again at all: every
file under its folders (`listed`) is linked at once, while the other process exports,
and each link is then checked to be a regular 0644 file of this user, of its size,
modified before the previous manifest was written (`as_built`): a file edited, replaced
or removed since stops the build, which starts once more with every such edition made
anew (`writer.NotAsBuilt`, `build.site`). Checking the link rather than the path before linking
checks the very file the new site holds, and costs the rebuild nothing before the
exporters start (0.12 s of 32,000 files at 10,000 slots). Any other file the build makes
is linked when its bytes are those of the published file (`reuse`, content compared).

The site a rebuild replaces is left beside the new one for the next build
(`build.site._retire`), with a note of its editions' fingerprints (`leave_note`): that
build takes from it, whole, the folders of the editions unchanged in both
(`PreviousSite.retired`, `SiteWriter.take_retired`), checked file by file as links are.

A linked file keeps its modification time: the time its bytes were first published.
`aictdata build --full` writes every file anew. Where hard links are refused (another
file system, another owner's files under fs.protected_hardlinks), the file is written
as before.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from aictdata.output import layout, manifest

RETIRED_NOTE = ".aictdata-retired.json"
"""In a site left for the next build to remove (`build.site._retire`): each edition's
fingerprint as that site's manifest records it (`PreviousSite.retired`). No path the
site holds begins with a dot."""
_MODE = 0o644
_FOLDER_MODE = 0o755
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
"""No symbolic link is followed, and a FIFO put in place of a file never blocks."""


class PreviousSite:
    """The published site a build replaces, as its manifest describes it."""

    def __init__(
        self,
        root: Path,
        files: dict[str, tuple[int, str]],
        fingerprints: dict[str, str] | None = None,
        built: int | None = None,
    ) -> None:
        self.root = root
        self.files = files
        """Each file's (size, SHA-256) as the previous build recorded them."""
        self.fingerprints = fingerprints or {}
        """Each edition's fingerprint as the previous build recorded it (`build.fingerprints`)."""
        self.built = built
        """When the previous build wrote its manifest, its last file (nanoseconds): a file
        modified since was changed by someone else."""
        self.reused = 0
        self._user = os.geteuid()
        """Whose files can be linked (another's may be refused, fs.protected_hardlinks)."""
        self._in_folder: dict[str, list[str]] = {}
        """The files by the folders that `listed` is asked about
        (`layout.edition_folders`): the first part of their path (2025/), or the first two
        under the English folder (en/2025/)."""
        for path in files:
            head, _, rest = path.partition("/")
            if head == layout.ENGLISH_DIR and rest:
                head = f"{head}/{rest.partition('/')[0]}"
            self._in_folder.setdefault(head + "/", []).append(path)

    @classmethod
    def of(cls, out: Path, found: manifest.Published | None) -> PreviousSite | None:
        """The site at `out` as its manifest `found` describes it; None when there is none
        to reuse (no manifest, or one that could not be read: the build then simply
        writes every file)."""
        if found is None:
            return None
        try:
            built = os.lstat(out / manifest.PATH).st_mtime_ns
        except OSError:
            built = None
        return cls(out, found.files, found.editions, built)

    @classmethod
    def retired(cls, root: Path) -> PreviousSite | None:
        """A site an earlier build replaced and left for removal, as its note describes it
        (`leave_note`): whose edition folders a build may take whole rather than link
        file by file (`SiteWriter.take_retired`). None without a note that reads, or a
        manifest whose time says when that site was built."""
        try:
            note = json.loads((root / RETIRED_NOTE).read_bytes())
            built = os.lstat(root / manifest.PATH).st_mtime_ns
        except (OSError, ValueError):
            return None
        found = note.get("editions") if isinstance(note, dict) else None
        if not isinstance(found, dict):
            return None
        fingerprints = {k: v for k, v in found.items() if isinstance(v, str)}
        return cls(root, {}, fingerprints, built)

    def leave_note(self, root: Path) -> None:
        """Write into `root`, where this site now is, what `retired` reads back."""
        (root / RETIRED_NOTE).write_text(json.dumps({"editions": self.fingerprints}))

    def listed(self, folders: tuple[str, ...]) -> list[tuple[str, int, str]] | None:
        """Every file of the previous site under `folders` (path, size, SHA-256), as its
        manifest lists them; None if the folders hold no file, or if when the previous
        build ended is not known (then nothing can be shown to be as it left it)."""
        if self.built is None:
            return None
        found = [
            (path, *self.files[path])
            for folder in folders
            for path in self._in_folder.get(folder, ())
        ]
        return found or None

    def as_built(self, status: os.stat_result, size: int) -> bool:
        """Whether a file (its `lstat`) is still the one the previous build put there:
        this user's regular file of mode 0644, of its `size`, not modified since the
        build wrote its manifest (its last file)."""
        return (
            self.built is not None
            and stat.S_ISREG(status.st_mode)
            and stat.S_IMODE(status.st_mode) == _MODE
            and status.st_uid == self._user
            and status.st_size == size
            and status.st_mtime_ns < self.built  # the same clock tick: not surely before
        )

    def folder_as_built(self, status: os.stat_result) -> bool:
        """Whether a folder (its `lstat`) is as a build makes them: this user's, 0755."""
        return (
            stat.S_ISDIR(status.st_mode)
            and stat.S_IMODE(status.st_mode) == _FOLDER_MODE
            and status.st_uid == self._user
        )

    def reuse(self, path: str, data: bytes, digest: str, target: str, mode: int) -> bool:
        """Link `target` to the previous site's `path` if that file holds exactly `data`
        (whose SHA-256 is `digest`) with `mode`; False when the file must be written."""
        if self.files.get(path) != (len(data), digest):
            return False
        source = f"{self.root}/{path}"
        try:
            descriptor = os.open(source, _READ)
        except OSError:
            return False
        try:
            status = os.fstat(descriptor)
            if (
                not stat.S_ISREG(status.st_mode)
                or stat.S_IMODE(status.st_mode) != mode
                or status.st_size != len(data)
                or _read(descriptor, len(data) + 1) != data
            ):
                return False
            os.link(source, target, follow_symlinks=False)
            linked = os.lstat(target)
            if (linked.st_dev, linked.st_ino) != (status.st_dev, status.st_ino):
                os.unlink(target)  # the path named another file by then: not the one checked
                return False
        except OSError:
            return False
        finally:
            os.close(descriptor)
        self.reused += 1
        return True


def _read(descriptor: int, size: int) -> bytes:
    """Up to `size` bytes (fewer only at the end of the file)."""
    chunks = []
    while size > 0:
        chunk = os.read(descriptor, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
