"""Two parts of one step at the same time: one in a forked process, one in this one.

`kpibook serve` rebuilds in its own process after each edit, so a rebuild would use one
core of several. Where a rebuild has two parts that write different files from the same
content (the unit pages on one side; on the other the organisation pages and indexes,
which keep what they were made from for the next rebuild), the first runs in a forked
copy of this process, which inherits the content and writes its files, while this
process does the second. A build does the same with its check: the cascade rules in a
fork, whose diagnostics come back, while this process scores
(`builder.pipeline.checked_and_scored`), so that a second core is not idle until the
page workers start.

What the forked part returns (something small: a count, a list of diagnostics) comes
back pickled through a pipe. Anything it changes in memory stays in the fork, so it must
be work whose only lasting effects are the files it writes and what it returns. If it
fails in any way (an exception, a signal, no fork on this platform, a result too large,
or it stops making progress) it is done again here, where an error is raised as usual.

A fork of a process that has threads (serve has its server and its watcher) can hang: a
lock another thread held at the moment of the fork stays held in the fork for ever. So the
wait for the fork has a limit, not in time (a big part may take minutes) but in progress:
a fork that has used no CPU for `STALL_SECONDS`, without waiting for the disk, is taken
to be stuck, ended, and its part done here. (Where `/proc` does not exist to tell, there
is no limit.)
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import select
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from builder.orphans import exit_with_parent

A = TypeVar("A")
B = TypeVar("B")

_MAX_RESULT = 1 << 20  # bytes: the forked part returns a count or a few names, not data
STALL_SECONDS = 10.0  # a working fork uses CPU or waits for the disk; one doing neither this long is stuck
_POLL_SECONDS = 0.5


def alongside(forked: Callable[[], A], here: Callable[[], B], fork: bool = True) -> tuple[A, B]:
    """Run `forked` in a forked process while this process runs `here`; both results.
    `forked` runs in this process instead (after `here`) when `fork` is False, when
    the platform cannot fork, or when the forked run did not return a result."""
    if not fork or "fork" not in multiprocessing.get_all_start_methods():
        done_here = here()
        return forked(), done_here
    sys.stdout.flush()
    sys.stderr.flush()
    reading, writing = os.pipe()
    parent = os.getpid()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the fork; its effect is checked by the caller's tests
        os.close(reading)
        _run_forked(forked, writing, parent)
    os.close(writing)
    try:
        done_here = here()
        result = _result_of(child, reading)
    except BaseException:
        _end(child)
        raise
    finally:
        os.close(reading)
    if result is _NONE:
        return forked(), done_here  # the fork failed: again here, so that an error is raised here
    return result, done_here  # type: ignore[return-value]


def more_than_one_core(jobs: int) -> bool:
    """Whether a step given `jobs` processes (0: one per core) has a second core for a
    forked part; on one, the fork would only take turns with this process."""
    return (jobs or os.cpu_count() or 1) > 1


_NONE = object()


def _run_forked(forked: Callable[[], object], writing: int, parent: int) -> None:  # pragma: no cover
    status = 1
    try:
        exit_with_parent(parent)
        data = pickle.dumps(forked())
        if len(data) <= _MAX_RESULT:
            view = memoryview(data)
            while view:
                view = view[os.write(writing, view) :]
            status = 0
    except BaseException:  # the parent does the work again and reports the error
        pass
    finally:
        os.close(writing)
        os._exit(status)  # no clean-up of the parent's state: it is the parent's


def _result_of(child: int, reading: int) -> object:
    chunks = []
    progress = _Progress(child)
    while True:
        if not select.select([reading], [], [], _POLL_SECONDS)[0]:
            if progress.stalled():
                _end(child)
                return _NONE
            continue
        chunk = os.read(reading, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return _NONE
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:
        return _NONE


class _Progress:
    """Whether a process has been stuck for `STALL_SECONDS`: it used no CPU and was not
    waiting for the disk (state D) at any look in that time. Read from `/proc/PID/stat`;
    without it, never."""

    def __init__(self, pid: int) -> None:
        self.stat = f"/proc/{pid}/stat"
        self.seen = self._look()
        self.since = time.monotonic()

    def stalled(self) -> bool:
        now, seen = time.monotonic(), self._look()
        if seen is None or seen != self.seen or seen[1] == "D":
            self.seen, self.since = seen, now
            return False
        return now - self.since >= STALL_SECONDS

    def _look(self) -> tuple[int, str] | None:
        try:
            with open(self.stat, "rb") as handle:
                text = handle.read()
        except OSError:
            return None
        fields = text[text.rindex(b")") + 2 :].split()  # after the command's name, which may hold anything
        return int(fields[11]) + int(fields[12]), fields[0].decode()  # user + system ticks; state


def _end(child: int) -> None:
    try:
        os.kill(child, 9)
        os.waitpid(child, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
