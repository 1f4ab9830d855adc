"""Work halved with a forked child (aictdata.output.forking.in_two_processes): the later
half is really done in another process, the result is always the plain loop's, whatever
happens to the child, and a failure here leaves no child behind."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import textwrap
import time
from pathlib import Path

import pytest

from aictdata.output.forking import Pickled, fork_pays, in_two_processes, meanwhile
from benchmarks.kill_trials import alive, survivors_after
from tests.conftest import run_python
from tests.killed import child_of_killed

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _one(item: int) -> int:
    return 1


def test_the_later_half_by_weight_is_done_in_another_process():
    here = os.getpid()
    items = [5, 1, 1, 1, 1, 1, 10]  # weights: the last item is half of the whole
    done = in_two_processes(items, lambda item: (item, os.getpid()), weight=lambda item: item)
    assert [item for item, _pid in done] == items
    pids = [pid for _item, pid in done]
    assert pids[:-1] == [here] * 6
    assert pids[-1] != here


def test_the_halves_come_back_in_order_with_what_the_child_made():
    items = list(range(40))
    done = in_two_processes(items, lambda item: {"n": item, "pid": os.getpid()}, weight=_one)
    assert [entry["n"] for entry in done] == items
    assert len({entry["pid"] for entry in done[:20]}) == 1
    assert {entry["pid"] for entry in done[20:]}.isdisjoint({os.getpid()})


def test_what_the_child_fails_to_do_is_done_here():
    here = os.getpid()

    def fails_away_from_home(item: int) -> tuple[int, int]:
        if os.getpid() != here:
            raise RuntimeError("only in the child")
        return item, os.getpid()

    done = in_two_processes(list(range(10)), fails_away_from_home, weight=_one)
    assert done == [(item, here) for item in range(10)]


def test_what_the_child_sent_before_it_failed_is_kept_and_the_rest_done_here():
    here = os.getpid()

    def fails_on_the_third_away(item: int) -> tuple[int, int]:
        if os.getpid() != here and item == 7:
            raise RuntimeError("only in the child, from the third of its items")
        return item, os.getpid()

    done = in_two_processes(list(range(10)), fails_on_the_third_away, weight=_one)
    assert [item for item, _pid in done] == list(range(10))
    pids = [pid for _item, pid in done]
    assert pids[:5] == [here] * 5 and pids[7:] == [here] * 3
    assert here not in pids[5:7]  # the child's first two came through


def test_a_killed_child_is_replaced_and_an_unpicklable_result_too():
    here = os.getpid()

    def killed_away_from_home(item: int) -> int:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return item

    assert in_two_processes(list(range(6)), killed_away_from_home, weight=_one) == list(range(6))

    def unpicklable(item: int) -> object:
        return (lambda: item) if os.getpid() != here else item

    # the child's functions cannot come back through the pipe: this process makes its own
    assert in_two_processes(list(range(6)), unpicklable, weight=_one) == list(range(6))


def test_an_error_here_goes_on_and_the_child_is_killed_first(tmp_path: Path):
    here = os.getpid()
    child_pid = tmp_path / "child"

    def slow_there_failing_here(item: int) -> int:
        if os.getpid() != here:
            written = child_pid.with_suffix(".part")
            written.write_text(str(os.getpid()))
            written.rename(child_pid)
            signal.pause()  # would wait forever: only a kill ends it
        elif item == 1:
            while not child_pid.exists():
                os.sched_yield()
            raise ValueError("here")
        return item

    with pytest.raises(ValueError, match="here"):
        in_two_processes(list(range(4)), slow_there_failing_here, weight=_one)
    assert not alive(int(child_pid.read_text()))


def test_nothing_is_forked_for_one_item_or_no_weight():
    here = os.getpid()
    assert in_two_processes([7], lambda item: os.getpid(), weight=_one) == [here]
    assert in_two_processes([], lambda item: os.getpid(), weight=_one) == []


KILLED_WHILE_THE_CHILD_WAITS = textwrap.dedent(
    """
    import os, time
    from pathlib import Path
    from aictdata.output.forking import fork_pays, in_two_processes, meanwhile

    here = os.getpid()

    def work(item):
        if os.getpid() != here:
            Path("child.pid").write_text(str(os.getpid()))
        else:
            Path("parent.busy").write_text("")
        time.sleep(120)  # both sides still busy when this one is killed

    in_two_processes([1, 2], work, weight=lambda item: 1)
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_parent_takes_the_child_along(tmp_path: Path):
    """SIGKILL this side while both work: the child must end too, at once, not when it
    next writes to the pipe (a load killed by the organiser leaves no process behind)."""
    child = child_of_killed(KILLED_WHILE_THE_CHILD_WAITS, tmp_path, busy="parent.busy", settle=0.2)
    assert survivors_after([child], grace=5) == [], "the forked child outlived its parent"


def test_no_process_to_be_had_means_the_plain_loop_and_no_descriptor_left(monkeypatch):
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    before = sorted(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", refused)
    done = in_two_processes(list(range(6)), lambda item: (item, os.getpid()), weight=_one)
    assert done == [(item, os.getpid()) for item in range(6)]
    assert sorted(os.listdir("/proc/self/fd")) == before


def _done_by(path: Path, gate: Path | None = None):
    """Work that waits for `gate` (the block has begun) and writes its process id."""

    def work() -> None:
        deadline = time.monotonic() + 10  # run here first, it would wait for nothing
        while gate is not None and not gate.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        path.write_text(str(os.getpid()))

    return work


@pytest.mark.skipif(not fork_pays(), reason="one core: the work runs here")
def test_meanwhile_the_work_runs_in_another_process_beside_the_block(tmp_path: Path):
    done, gate = tmp_path / "done", tmp_path / "gate"
    with meanwhile(_done_by(done, gate)):
        assert not done.exists()  # it waits for the block, so it cannot have run first
        gate.touch()
    child = int(done.read_text())  # ... and it is over once the block is
    assert child != os.getpid()
    assert not Path(f"/proc/{child}").exists()  # reaped, not left a zombie


@pytest.mark.skipif(not fork_pays(), reason="one core: the work runs here")
def test_meanwhile_an_error_in_the_work_is_its_own_and_one_in_the_block_goes_on(tmp_path):
    def fails() -> None:
        raise RuntimeError("the work failed")

    with meanwhile(fails):
        pass
    done = tmp_path / "done"

    def slow() -> None:
        time.sleep(0.3)
        _done_by(done)()

    with pytest.raises(ValueError, match="the block failed"), meanwhile(slow):
        raise ValueError("the block failed")
    assert done.exists()  # waited for, even so


def test_meanwhile_without_a_second_process_the_work_is_done_first(monkeypatch, tmp_path):
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    done = tmp_path / "done"
    with meanwhile(_done_by(done)):
        assert done.read_text() == str(os.getpid())


SIGCHLD_IGNORED = textwrap.dedent(
    """
    import os, signal
    from aictdata.output.forking import fork_pays, in_two_processes, meanwhile

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # as some service managers start us
    here = os.getpid()
    done = in_two_processes(list(range(6)), lambda item: (item, os.getpid()), lambda item: 1)
    assert [item for item, _pid in done] == list(range(6)), done
    assert [pid == here for _item, pid in done] == [True] * 3 + [False] * 3, done
    print("ok")
    """
)


def test_a_process_that_ignores_sigchld_still_gets_its_results(tmp_path: Path):
    """With SIGCHLD ignored the kernel reaps the child itself: there is nothing to wait
    for, and that is no error."""
    ran = run_python(["-c", SIGCHLD_IGNORED], tmp_path, timeout=60)
    assert (ran.returncode, ran.stdout.strip()) == (0, "ok"), ran.stderr


def test_a_build_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    """A build keeps its long-lived objects out of the collector's passes (`long_lived`):
    afterwards, in a process that goes on (a server, these tests), nothing stays frozen
    and the thresholds are Python's again; a build inside a frozen block leaves it so."""
    import gc

    from aictdata.build.site import build_site
    from aictdata.output.forking import long_lived
    from aictdata.source.load import load_catalog
    from tests.conftest import MINIMAL

    thresholds = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    catalog = load_catalog(MINIMAL)
    build_site(catalog, tmp_path / "one", parallel=True)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds
    with long_lived():
        assert gc.get_freeze_count() > 0
        build_site(catalog, tmp_path / "two", parallel=False)
        assert gc.get_freeze_count() > 0  # the outer block's: not unfrozen by the build
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds


def test_a_result_already_pickled_goes_through_the_pipe_as_its_own_bytes():
    # The tuple itself cannot be pickled (it holds a function): what comes back from the
    # child's half is what its bytes hold, so they were sent as they are, not pickled
    # again. This process's own half stays as it was made.
    here = os.getpid()

    def made(item: int) -> tuple[object, ...]:
        return Pickled((item, lambda: item), pickle.dumps(("sent", item, os.getpid())))

    done = in_two_processes(list(range(6)), made, weight=_one)
    assert [entry[0] for entry in done[:3]] == [0, 1, 2]
    assert all(isinstance(entry, Pickled) for entry in done[:3])
    sent = done[3:]
    assert [entry[:2] for entry in sent] == [("sent", 3), ("sent", 4), ("sent", 5)]
    assert all(type(entry) is tuple and entry[2] != here for entry in sent)
