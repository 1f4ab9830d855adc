"""A second process for work that halves: when forking is safe, and a child that ends
with its parent.

Two steps of a large build split their work with a forked child: reading the edition
files (`source.load`: each process parses and validates half of them) and running the
exporters (`build.site`). Both need the same two rules, kept here once:

- fork only where it is safe and pays: a process with another thread must not fork (a
  lock held by that thread would stay locked in the child forever), and on one core the
  two halves would only take turns;
- a child never outlives its parent: a build killed mid-way must not leave a process
  behind that holds the build's lock or blocks on a full pipe.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from typing import BinaryIO, TypeVar, cast

_PR_SET_PDEATHSIG = 1
_YOUNG = 20_000
"""Allocations between two collections of the youngest objects while a build runs
(Python's default is 700): most of what it makes lives until the build writes it."""
_DEFERRED = {signal.SIGINT, signal.SIGTERM}
"""Held while forking (`in_two_processes`)."""

T = TypeVar("T")
R = TypeVar("R")


def fork_pays() -> bool:
    """Whether this process may fork a child to share its work: it has `os.fork`, only one
    thread, and the machine has two cores or more."""
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) >= 2


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Leave what is alive now out of the cycle collector's passes until the block ends
    (`gc.freeze`; `freeze_more` adds what was made since), and collect the youngest
    objects less often (`_YOUNG`).

    A build's catalog and memory live through the whole build, and every full
    collection walked them all: at 10,000 slots, two in a rebuild's main process (0.13 s
    of 1.5 s), one in its other (0.05 s). A forked process then also keeps sharing the
    parent's pages, which the collector would write to as it walks them (the practice
    Python's documentation of `gc.freeze` gives for fork). Reference counting still
    frees what the build drops. Only the block that froze first unfreezes, so a build
    inside another's block (a command, a test) leaves it frozen."""
    first = gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(_YOUNG, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if first:
            gc.unfreeze()


def freeze_more() -> None:
    """Within `long_lived`, leave out also what was made since it began (before a fork)."""
    gc.freeze()


def die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent ends (prctl(PR_SET_PDEATHSIG),
    which the standard library does not bind); elsewhere the closed read end of the
    pipe is what stops the child. A parent already gone ends it here."""
    with contextlib.suppress(AttributeError, OSError, TypeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


@contextlib.contextmanager
def meanwhile(work: Callable[[], None]) -> Iterator[None]:
    """Run `work` in a forked child while the block runs, and wait for its end when the
    block ends, however it ends; where forking does not pay (`fork_pays`) or is refused,
    `work` runs here first. For work whose result nothing reads and that may stop half
    way (removing a folder nobody serves): the child's errors and signals end it alone,
    never the block."""
    if not fork_pays():
        work()
        yield
        return
    parent = os.getpid()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        child = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        work()
        yield
        return
    if child == 0:  # the forked side: never back into the caller's code
        status = 1
        try:
            for number in _DEFERRED:  # Ctrl-C ends it quietly, without a traceback
                signal.signal(number, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            die_with_parent(parent)
            work()
            status = 0
        finally:
            os._exit(status)
    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    try:
        yield
    finally:
        _reap(child)


class Pickled(tuple):  # type: ignore[type-arg]
    """A tuple whose pickle is already made (`data`, which `pickle.loads` turns back into
    an equal plain tuple): a result of `in_two_processes`' child that is one goes through
    the pipe as those bytes, not pickled a second time: the load's child keeps each
    edition it reads in the cache, pickled, and sends that same pickle."""

    data: bytes

    def __new__(cls, items: tuple[object, ...], data: bytes) -> Pickled:
        made = super().__new__(cls, items)
        made.data = data
        return made

    def __reduce__(self) -> tuple[Callable[[bytes], object], tuple[bytes]]:
        return pickle.loads, (self.data,)


def in_two_processes(
    items: Sequence[T], work: Callable[[T], R], weight: Callable[[T], int]
) -> list[R]:
    """`[work(item) for item in items]`, the later items (about half of the total weight)
    done by a forked child whose results come back pickled through a pipe.

    The result is always that of the plain loop: if the child fails in any way (an
    exception, a result that cannot be pickled, killed), this process does the items
    whose results did not come, and so raises what the loop would have raised. If this
    process fails while the child works, the child is killed before the error goes on.
    Call it only where `fork_pays()`; `work` may write files (each its own), never print.
    A result that holds a `Pickled` sends that one as the bytes it holds.
    """
    totals = list(accumulate(weight(item) for item in items))
    cut = sum(1 for total in totals if total <= totals[-1] / 2) if totals else 0
    mine, theirs = items[:cut], items[cut:]
    if not mine or not theirs:
        return [work(item) for item in items]
    read_end, write_end = os.pipe()
    parent = os.getpid()
    # Ctrl-C and SIGTERM wait until each side is inside its own handling: the child must
    # never run the caller's code (it ends with os._exit), the parent never leave it.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        child = os.fork()
    except OSError:  # no process to be had (a limit, no memory): the plain loop
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(read_end)
        os.close(write_end)
        return [work(item) for item in items]
    if child == 0:  # the forked side
        status = 1
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            os.close(read_end)
            die_with_parent(parent)
            # All made before any is sent: the parent reads only once its own half is
            # done, and a full pipe would stop this process after its first result.
            # What was made before a failure is sent all the same.
            made: list[bytes] = []
            try:
                for item in theirs:
                    made.append(pickle.dumps(work(item), protocol=pickle.HIGHEST_PROTOCOL))
                status = 0
            finally:
                with open(write_end, "wb") as stream:
                    for data in made:
                        stream.write(len(data).to_bytes(8, "big") + data)
        finally:
            os._exit(status)
    os.close(write_end)  # the signals are still held: nothing can come between
    stream = open(read_end, "rb")  # noqa: SIM115 (closed by the block below)
    try:
        with stream:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            done = [work(item) for item in mine]
            done += cast(list[R], list(_received(stream, len(theirs))))
    except BaseException:
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGKILL)
        _reap(child)
        raise
    _reap(child)
    # What the child did not send (it failed, or was killed) is done here; what it sent
    # before is kept: each result is the item's alone.
    return done + [work(item) for item in theirs[len(done) - len(mine) :]]


def _reap(child: int) -> None:
    """Wait for the child's end; a process started with SIGCHLD ignored has its children
    reaped by the kernel, and there is then nothing to wait for."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)


def _received(stream: BinaryIO, count: int) -> Iterator[object]:
    """Up to `count` results from the child, each read and unpickled as it comes (never
    all of their bytes at once: half the catalog of 100,000 slots is 100 MB of pickles);
    stops at the first one that is cut short or cannot be read."""
    for _ in range(count):
        size = int.from_bytes(stream.read(8) or b"\0" * 8, "big")
        data = stream.read(size)
        if not size or len(data) != size:
            return
        try:
            yield pickle.loads(data)  # our own child's bytes
        except Exception:
            return
