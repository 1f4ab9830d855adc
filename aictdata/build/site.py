"""Run every exporter into a temporary folder, then swap it into place.

The published site is never half-written: if validation or any exporter fails, the
temporary folder is removed and the previous site stays exactly as it was.

- One build at a time per output folder's parent (an advisory flock, which the kernel
  releases when the last process holding it ends, so a killed build's lock is free for
  the next build without any stale-lock guessing), so the temporary folders a killed
  build left behind (`.site.building-*`, `.site.old-*`) can be removed safely by the
  next build. The forked exporter process dies with the build (PR_SET_PDEATHSIG) and
  never keeps the read end of its own pipe, so it can neither outlive a killed build
  nor block forever writing to it: it would otherwise keep the lock.
- A rebuild that linked most of its files leaves the site it replaced beside the new
  one (`.site.retired-*`, mostly folder entries of the same files): the next build
  takes from it, whole, the folders of the editions that changed in neither, then
  removes what is left (`_retire`).
- The calendar memory moves with the site: it is written (atomically, beside the old
  one) before the swap, and put back if the swap fails.
- A folder that is not empty and holds no manifest.json was not built by aictdata:
  `--out .` or `--out editions` is refused instead of swapping the organiser's files away.
- No fsync: the swap already makes a failed or killed build harmless, and after a power
  loss the site can be rebuilt from the data at any time; syncing ~100 files per build
  would cost more than it protects.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import importlib
import multiprocessing as mp
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

from aictdata import exporters
from aictdata.build.fingerprints import edition_fingerprints
from aictdata.errors import AictdataError, BuildError
from aictdata.exporters import Exporter
from aictdata.exporters.context import BuildContext, BuildOptions
from aictdata.i18n import _
from aictdata.memory.state import CalendarState, advance
from aictdata.memory.store import (
    check_against_site,
    check_whole_series,
    memory_lock,
    read_state,
    site_mark,
)
from aictdata.memory.text import write_state
from aictdata.model.catalog import Catalog
from aictdata.model.timeline import reference_day
from aictdata.output import layout, manifest
from aictdata.output.forking import (
    die_with_parent,
    fork_pays,
    freeze_more,
    long_lived,
    meanwhile,
)
from aictdata.output.previous import PreviousSite
from aictdata.output.writer import NotAsBuilt, SiteWriter, WrittenFile


@dataclass(frozen=True)
class BuildReport:
    out: Path
    files: dict[str, WrittenFile] = field(default_factory=dict)
    state_written: bool = False
    """True when the build changed the calendar memory (the organiser commits it)."""
    state_pending: bool = False
    """True when a preview left the memory as it was although this data would change it."""
    kept: frozenset[str] = frozenset()
    """The editions whose own files were linked from the previous site, not made again."""


def build_site(
    catalog: Catalog,
    out: Path,
    *,
    options: BuildOptions | None = None,
    only: Sequence[str] | None = None,
    state_file: Path | None = None,
    record_state: bool = True,
    parallel: bool | None = None,
    reuse: bool = True,
    stamp: datetime | None = None,
) -> BuildReport:
    """Build the site of `catalog` into `out`, atomically.

    `state_file` is the calendar memory (editions/calendar-state.json): it is read,
    advanced to this catalog for the exporters, and written just before the new site is
    swapped in (and put back if the swap fails), so a failed build changes neither the
    site nor the memory, and a published site never has a memory older than itself
    (which would publish a lower SEQUENCE next time). A build killed between the two
    leaves a memory one step ahead of the site: the next build publishes the same
    SEQUENCE again, never a lower one. With
    `record_state=False` (a preview, not the published site) it is read, never written:
    what a preview shows must not become what subscribers are said to have.

    A build that records the memory holds its lock from reading it to writing it (two
    published folders built at once both keep their versions), and refuses, located in
    the memory, what would lose or lower what is published: a catalog without an edition
    already published (`check_whole_series`), a memory missing or older than the site
    it replaces (`check_against_site`); that site's manifest then keeps the new memory's
    mark (`site_mark`).

    `parallel` runs exporters in a second process (see `_run_exporters`);
    None decides by the catalog's size. With `reuse`, a file identical to one of the
    site being replaced is a hard link to it (`aictdata.output.previous`); without, every
    file is written anew. `stamp` dates the changes this build publishes
    (`memory.state.advance`; the CLI passes `publication_time()`).
    """
    options = options or BuildOptions()
    out = out.resolve()
    _refuse_foreign_folder(out)
    recording = state_file if record_state else None
    with contextlib.ExitStack() as held, long_lived():
        if recording:
            held.enter_context(memory_lock(recording))
        previous = read_state(state_file) if state_file else options.calendar_state
        if recording:
            check_whole_series(recording, previous, catalog)
        state = advance(previous, catalog, stamp)
        context = BuildContext(
            calendar_state=state,
            today=options.today or reference_day(catalog),
            editions_dir=options.editions_dir,
            validate=options.validate,
        )
        staging = _Staging(only, state_file, record_state, parallel, previous, state, reuse)
        return _build(catalog, out, context, staging)


def _build(catalog: Catalog, out: Path, context: BuildContext, build: _Staging) -> BuildReport:
    """`build_site` once the memory is read and trusted, and advanced to `state`: under
    the output folder's lock, the site made in a temporary folder and swapped in, made
    again with the editions `_Remake` names when a kept edition's published file turns
    out not to be as its build left it (at most twice: every such edition is named at
    once)."""
    only, state_file, previous = build.only, build.state_file, build.previous
    chosen = [exporters.get(name) for name in only] if only else list(exporters.EXPORTERS)
    out.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as held:
        held.enter_context(_one_build_at_a_time(out.parent))
        _recover_leftovers(out)
        # The site the last build left is where this one takes the unchanged editions'
        # folders from (`_retire`); any other is removed, under the lock, by a child
        # while this process reads the previous site, then beside the exporters.
        retired = _retired_sites(out)
        if build.reuse and len(retired) == 1:
            build = replace(build, spare=retired[0])
        elif retired:
            held.enter_context(meanwhile(partial(_remove, retired)))
        # Read once, for the memory's check and the reuse of its files; None when there is
        # none or it cannot be read (such a folder is only replaced when empty:
        # `_refuse_foreign_folder`).
        published = manifest.read_published(out)
        if state_file and build.record_state:
            check_against_site(state_file, previous, published.memory if published else None)
        remade: frozenset[str] = frozenset()
        while True:
            try:
                return _staged(
                    chosen,
                    catalog,
                    out,
                    context,
                    build,
                    PreviousSite.of(out, published) if build.reuse else None,
                    remade,
                )
            except _Remake as edited:
                remade |= edited.editions


@dataclass(frozen=True)
class _Staging:
    """What `_staged` is told of the build besides the catalog and the site."""

    only: Sequence[str] | None
    state_file: Path | None
    record_state: bool
    parallel: bool | None
    previous: CalendarState | None
    state: CalendarState
    reuse: bool
    spare: Path | None = None
    """The site the last build left for removal (`_retire`), to take folders from."""


def _staged(
    chosen: list[Exporter],
    catalog: Catalog,
    out: Path,
    context: BuildContext,
    build: _Staging,
    previous_site: PreviousSite | None,
    remade: frozenset[str],
) -> BuildReport:
    """The site made in a temporary folder, then swapped in with the memory; the editions
    `remade` are made again even if their fingerprint is unchanged."""
    state, state_file, record_state = build.state, build.state_file, build.record_state
    written = pending = False
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        site = SiteWriter(staging, previous_site)
        # A partial build (`only`) records no fingerprint: its manifest lists part of
        # each edition's files, so the next build must not keep them from it.
        fingerprints = None if build.only else edition_fingerprints(catalog, state, context.today)
        unchanged = _unchanged_editions(site, fingerprints, remade)
        # A full build (`reuse=False`) makes every part of the data package too.
        parts_by = fingerprints if build.reuse and fingerprints else {}
        context = replace(context, kept=frozenset(unchanged), fingerprints=parts_by)
        recording_mark = bool(state_file and record_state)
        spare = PreviousSite.retired(build.spare) if build.spare and previous_site else None

        def then() -> None:
            if build.spare:  # what the exporters did not take of it
                _remove([build.spare])
            if recording_mark:
                site_mark(state)

        _run_exporters(
            chosen,
            catalog,
            site,
            context,
            build.parallel,
            first=lambda: _link(site, unchanged, spare),
            then=then,
        )
        validated = context.validate and any(e.name == "datapackage" for e in chosen)
        mark = site_mark(state) if recording_mark else None
        manifest.write(site, validated=validated, memory=mark, editions=fingerprints)
        if state_file and not record_state:
            pending = state != build.previous
        with _state_moving_with_the_site(state_file if record_state else None, state) as (changed):
            written = changed
            old = _swap_into_place(staging, out)
    except AictdataError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(_("could not write the site: {error}").format(error=error)) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        linked = sum(len(files) for files in unchanged.values())
        _retire(old, out, previous_site if 2 * linked >= len(site.files) else None)
    return BuildReport(
        out, site.files, state_written=written, state_pending=pending, kept=context.kept
    )


@contextlib.contextmanager
def _state_moving_with_the_site(state_file: Path | None, state: CalendarState) -> Iterator[bool]:
    """Write the new memory before the body (the swap) runs, and put the old one back if
    the body fails; yields whether the memory changed.

    The old file is kept under a hard link beside it while the swap runs, so putting it
    back is one rename that needs no free space (the failure may well be a full disk).
    """
    if state_file is None:
        yield False
        return
    kept = state_file.with_name(f".{state_file.name}.before-build")
    kept.unlink(missing_ok=True)  # left by a build killed during its swap
    had_one = state_file.exists()
    if had_one:
        os.link(state_file, kept)
    try:
        try:
            changed = write_state(state_file, state)
        except OSError as error:
            message = _("could not write {path}: {error}")
            raise BuildError(message.format(path=state_file, error=error)) from error
        try:
            yield changed
        except BaseException:
            if had_one:
                os.replace(kept, state_file)
            elif changed:
                state_file.unlink(missing_ok=True)
            raise
    finally:
        kept.unlink(missing_ok=True)


def _unchanged_editions(
    site: SiteWriter, fingerprints: dict[str, str] | None, remade: frozenset[str]
) -> dict[str, list[tuple[str, int, str]]]:
    """The own files of every edition whose fingerprint is the one the previous build
    recorded (but those `remade`), by edition: the exporters skip these editions
    (`BuildContext.kept`) and their files are linked from the previous site instead
    (`_link`), while the exporters run."""
    previous = site.previous
    if previous is None or not fingerprints:
        return {}
    unchanged = {}
    for edition_id, fingerprint in fingerprints.items():
        if edition_id in remade or previous.fingerprints.get(edition_id) != fingerprint:
            continue
        files = previous.listed(layout.edition_folders(edition_id))
        if files is not None:
            unchanged[edition_id] = files
    return unchanged


class _Remake(Exception):  # noqa: N818 (not an error: the build starts again)
    """Kept editions' published files are not as their build left them: the build is made
    again with these editions made anew (`_build`). Rare (a file edited by hand on the
    server, a site copied without its times or its owner), so the common rebuild checks
    nothing before its exporters start."""

    def __init__(self, editions: frozenset[str]) -> None:
        super().__init__(", ".join(sorted(editions)))
        self.editions = editions


def _link(
    site: SiteWriter,
    unchanged: dict[str, list[tuple[str, int, str]]],
    spare: PreviousSite | None,
) -> None:
    """Link the unchanged editions' files and check each link (0.32 s for the 32,000
    files of 10,000 slots, done beside the other process's exporters). An edition with a
    file not as its build left it is left there and the others are still linked, so
    that all such editions are named at once (`_Remake`): the exporters have already
    skipped them. A link can otherwise only fail as a write can (a full disk): the
    build stops, and the site stays as it was."""
    remade = set()
    recorded = site.previous.fingerprints if site.previous else {}
    for edition, files in unchanged.items():
        if (
            spare is not None
            and spare.fingerprints.get(edition) == recorded.get(edition)
            and site.take_retired(spare, layout.edition_folders(edition), files)
        ):
            continue
        try:
            site.link_previous(files)
        except NotAsBuilt:
            remade.add(edition)
    if remade:
        raise _Remake(frozenset(remade))


PARALLEL_FROM_SLOTS = 500
"""From this many slots on, the exporters' own work pays for a second process."""


def _worth_a_second_process(large: bool, here: list[Exporter]) -> bool:
    """Whether a fork pays: for a `large` catalog, or at any size while this process has
    not imported the exporters it would run (its first build, the CLI's only one):
    importing them is then most of a small build (about 0.3 s of the real editions'
    0.8), and each side imports only its own exporters, side by side.
    Never in a process with other threads, nor on one core."""
    if not fork_pays():
        return False
    return large or not all(exporter.imported for exporter in here)


def _run_exporters(
    chosen: list[Exporter],
    catalog: Catalog,
    site: SiteWriter,
    context: BuildContext,
    parallel: bool | None,
    first: Callable[[], None],
    then: Callable[[], object],
) -> None:
    """Run `first` (linking the unchanged editions' files), the exporters, then `then`
    (making the new memory's text and seal, which the site's mark and the memory's
    write take from there: done while the other process may still be working, it costs
    the build nothing when that one ends last), in two processes when that pays.

    Each process first runs its own exporters: here `first` and those the registry does
    not mark `forked`, then `then`; in a forked child those it marks `forked`; on both
    sides those it marks `split`, the French files here and the other languages' there
    (`BuildContext.languages`), from `PARALLEL_FROM_SLOTS` slots to make on (those of
    the editions not kept); below, a split exporter runs here whole. A rebuild of a
    large catalog that makes fewer than that sends only the exporters marked `whole`
    there (the data package, whose cost stays whole whatever is kept: in a one-slot
    rebuild of 10,000 slots it takes as long as the links and one edition's pages
    here). Then each process claims, one at a time, the exporters marked `either`,
    until none is left (`_claims`): whichever is free first takes the next, so a
    process slowed by a busy machine, or by a share of the work that the catalog or
    the rebuild made larger than the registry's flags foresaw, is not waited for.
    The registry's flags are the one place that says which exporter runs where.

    The output is the same bytes either way: each exporter writes its own files from the
    same catalog, and the child only reports back what it wrote, which joins the manifest
    (sorted by path). Forking is only safe in a single-threaded process (a lock held by
    another thread would stay locked in the child forever), so a process with threads, a
    system without fork or with one core, and a small catalog once its exporters are
    imported build in sequence (`_worth_a_second_process`).

    Each process imports only the exporters it runs, after the fork: icalendar here, the
    workbook's library there (about 0.05 s each) load side by side instead of one after
    the other. What exporters of both processes use (`Exporter.uses`: Jinja2 and the
    compiled templates) is imported once, before the fork.
    """
    large = sum(len(edition.sessions) for edition in catalog.editions) >= PARALLEL_FROM_SLOTS
    to_make = sum(
        len(edition.sessions) for edition in catalog.editions if edition.id not in context.kept
    )

    few = to_make < PARALLEL_FROM_SLOTS

    def split(exporter: Exporter) -> bool:
        return exporter.split and not few

    def forked(exporter: Exporter) -> bool:
        return exporter.whole if large and few else exporter.forked

    either = [exporter for exporter in chosen if exporter.either]
    own = [exporter for exporter in chosen if not exporter.either]
    there = [exporter for exporter in own if forked(exporter) or split(exporter)]
    here = [exporter for exporter in own if not forked(exporter)]
    if parallel is None:
        parallel = _worth_a_second_process(large, [*here, *either])
    if (
        not parallel
        or not there
        or not (here or either)
        or "fork" not in mp.get_all_start_methods()
    ):
        first()
        for exporter in chosen:
            exporter.load()(catalog, site, context)
        then()
        return
    source, *others = context.languages
    context_here = replace(context, languages=(source,))
    context_there = replace(context, languages=tuple(others))
    _import_used_on_both_sides(there, [*here, *either])  # before any pipe is open
    forking = mp.get_context("fork")
    receiver, sender = forking.Pipe(duplex=False)
    claims = _claims(len(either))
    child = forking.Process(
        target=_export_in_child,
        args=(
            (receiver, sender),
            os.getpid(),
            (there, either, claims),
            catalog,
            site,
            context,
            context_there,
        ),
    )
    freeze_more()  # the memory and the previous site's manifest, read since the build began
    try:
        child.start()
    except BaseException:
        os.close(claims)
        raise
    sender.close()
    try:
        first()
        for exporter in here:
            exporter.load()(catalog, site, context_here if split(exporter) else context)
        then()
        for exporter in _claimed(claims, either):
            exporter.load()(catalog, site, context)
        try:
            written, error = receiver.recv()
        except EOFError:  # the child died before it could say anything
            child.join()
            written, error = (
                [],
                BuildError(
                    _("an exporter's process died (exit {code})").format(code=child.exitcode)
                ),
            )
    except BaseException:
        child.terminate()
        raise
    finally:
        child.join()
        receiver.close()
        os.close(claims)
    if error is not None:
        raise error
    site.record(written)


def _import_used_on_both_sides(there: list[Exporter], here: list[Exporter]) -> None:
    """Import, before the fork, each module that exporters of both processes use
    (`Exporter.uses`): once, instead of once in each."""
    used_there = {module for exporter in there for module in exporter.uses}
    for module in sorted(used_there & {module for exporter in here for module in exporter.uses}):
        importlib.import_module(module)


def _claims(count: int) -> int:
    """A pipe holding one byte for each of `count` exporters that either process may run
    (its index), its writing end closed: the reading end, shared by both processes
    across the fork. A read of one byte from a pipe is atomic, so each byte, and the
    exporter it names, goes to exactly one of them; once the pipe is empty a read
    returns nothing, since no process can write to it any more."""
    if count > 255:
        raise ValueError("at most 255 exporters may run on either side")
    reading, writing = os.pipe()
    try:
        os.write(writing, bytes(range(count)))  # far below a pipe's buffer: never blocks
    finally:
        os.close(writing)
    return reading


def _claimed(claims: int, either: list[Exporter]) -> Iterator[Exporter]:
    """The exporters this process claims from `claims` (`_claims`), one at a time, each
    claimed just before it runs."""
    while token := os.read(claims, 1):
        yield either[token[0]]


def _export_in_child(
    pipe: tuple[Connection, Connection],
    parent: int,
    work: tuple[list[Exporter], list[Exporter], int],
    catalog: Catalog,
    parent_site: SiteWriter,
    context: BuildContext,
    split_context: BuildContext,
) -> None:
    """The forked side of `_run_exporters`: write its own exporters' files, then those of
    the exporters it claims (`work`: its own, those either process may run, the pipe of
    claims), then send (files written, error).

    It first arranges to die with the build: the kernel kills it when its parent ends
    (checked once more afterwards, in case the parent ended before the request took
    effect), and it closes its copy of the pipe's read end, so a send to a parent that
    is gone fails at once (EPIPE) instead of blocking forever on a full pipe.
    """
    receiver, sender = pipe
    receiver.close()
    die_with_parent(parent)
    site = SiteWriter(parent_site.root, parent_site.previous)
    own, either, claims = work
    try:
        for exporter in own:
            exporter.load()(catalog, site, split_context if exporter.split else context)
        for exporter in _claimed(claims, either):
            exporter.load()(catalog, site, context)
        sender.send((list(site.files.values()), None))
    except BaseException as error:
        try:
            sender.send(([], error))
        except Exception:  # an error that cannot be pickled: its text still gets through
            sender.send(([], BuildError(f"{type(error).__name__}: {error}")))
    finally:
        sender.close()


def _refuse_foreign_folder(out: Path) -> None:
    """Only an empty folder or a previous build may be replaced."""
    if not out.exists():
        return
    if not out.is_dir():
        raise BuildError(_("{out} exists and is not a folder").format(out=out))
    if not (out / layout.MANIFEST).is_file() and any(out.iterdir()):
        raise BuildError(
            _(
                "{out} is not empty and has no {manifest}, so it is not a site built by"
                " aictdata: refusing to replace it (choose another --out, or empty it)"
            ).format(out=out, manifest=layout.MANIFEST)
        )


@contextlib.contextmanager
def _one_build_at_a_time(folder: Path) -> Iterator[None]:
    """An advisory lock on the output's parent folder, released when the process ends
    however it ends; a second build fails at once rather than wait or interfere."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, and leftovers are still only ours to remove
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                _("another build is writing into {folder}: wait for it to finish").format(
                    folder=folder
                )
            ) from None
        yield
    finally:
        os.close(descriptor)


def _recover_leftovers(out: Path) -> None:
    """Remove what a killed build left beside `out`, first putting back the previous
    site if the build was killed between the two renames of a swap."""
    building, old = f".{out.name}.building-", f".{out.name}.old-"
    leftovers = sorted(
        p
        for p in out.parent.iterdir()
        if p.name.startswith((building, old)) and p.is_dir() and not p.is_symlink()
    )
    retired = [p for p in leftovers if p.name.startswith(old)]
    if not out.exists() and len(retired) == 1:
        os.replace(retired[0], out)
        leftovers.remove(retired[0])
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def _swap_into_place(staging: Path, out: Path) -> Path | None:
    """Replace `out` with `staging`; the old site, now under a temporary name, is
    returned (None when there was none) for `_retire`.

    On Linux the two folders are exchanged in one atomic rename, so a server publishing
    `out` never finds it missing; elsewhere two renames leave it missing for an instant,
    and the old site is put back if the second rename fails.
    """
    staging.chmod(0o755)
    if not out.exists():
        os.replace(staging, out)
        return None
    if not out.is_dir():
        raise BuildError(_("{out} exists and is not a folder").format(out=out))
    if _exchange(staging, out):
        return staging  # the old site, now under the temporary name
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    os.replace(out, retired)
    try:
        os.replace(staging, out)
    except OSError:
        os.replace(retired, out)
        raise
    return retired


def _retire(old: Path, out: Path, described: PreviousSite | None) -> None:
    """Remove the site a build replaced (`old`, as `described` by its manifest), or, when
    `described`, leave it for the next build, with a note of its editions' fingerprints
    (`PreviousSite.leave_note`).

    Removing a site is one unlink per file (0.17 to 0.32 s for the 32,000 files of
    10,000 slots), the last step of a rebuild and so all of its wait. Left, it is where
    the next build takes the folders of the editions that changed in neither build, one
    rename a folder instead of a link a file (`SiteWriter.take_retired`); the rest of it
    is then a few hundred files, removed once that build's first process has run its
    exporters (or, when there is nothing to take, by a child: `forking.meanwhile`).
    The build passes `described` when at least half of its files are hard links to the
    old site's (the kept editions'), so that what stays on the disk until the next build
    is little more than folder entries: the old versions of the files that changed. A
    build that linked less (`--full`, a first build, a change in every edition) removes
    it at once, as before.
    """
    if described is not None:
        suffix = old.name.rpartition("-")[2]
        try:
            described.leave_note(old)
            os.rename(old, out.parent / f".{out.name}{_RETIRED}{suffix}")
            return
        except OSError:
            pass  # a full disk, a name taken: removed now instead
    shutil.rmtree(old, ignore_errors=True)


_RETIRED = ".retired-"


def _retired_sites(out: Path) -> list[Path]:
    """The sites earlier builds replaced and left for this one (`_retire`)."""
    prefix = f".{out.name}{_RETIRED}"
    return sorted(
        path
        for path in out.parent.iterdir()
        if path.name.startswith(prefix) and path.is_dir() and not path.is_symlink()
    )


def _remove(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step with Linux's renameat2(RENAME_EXCHANGE) (the standard
    library has no binding); False where the system or the file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):
        return False
    path, descriptor = ctypes.c_char_p, ctypes.c_int
    renameat2.argtypes = (descriptor, path, descriptor, path, ctypes.c_uint)
    status = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if status == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
