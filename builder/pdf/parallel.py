"""Documents laid out side by side: one WeasyPrint document per job, on worker processes.

WeasyPrint lays out on one core, so the jobs (a handbook section, a signable agreement, the
front matter, a chunk of folios) go to workers: a local process pool (`--jobs` processes,
spawn start method) or a Dask cluster (`--executor dask://HOST:PORT`, `builder/cluster.py`).
One pool serves the whole PDF stage (workers start once), and jobs leave for it in order
of priority, at most a few more than there are workers at a time, so that work found later
(the front matter once the sections are counted, then the folios) overtakes the agreements
still waiting, and the main process joins the handbook while the workers lay out the rest.
Within one priority the biggest job goes first (its pickled size is the estimate), so that
no long section is left to run alone at the end.

A job that fails comes back as a `Failure` naming what went wrong, never as an exception,
so that every failing unit is reported and the other documents still finish.
"""

from __future__ import annotations

import heapq
import itertools
import multiprocessing
import os
import pickle
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.context import BaseContext
from pathlib import Path

from builder.orphans import exit_with_parent
from builder.pdf.documents import RenderedPdf, RenderJob, render_job
from builder.pdf.join import JoinJob


@dataclass(frozen=True, slots=True)
class Failure:
    detail: str


Outcome = RenderedPdf | Failure
Submit = Callable[[bytes], "Future[Outcome]"]  # one pickled RenderJob to a worker


@dataclass(frozen=True)
class Pool:
    """Where jobs are laid out: `submit` sends one, `limit` are kept in flight."""

    submit: Submit
    limit: int
    close: Callable[[], None]


def worker_count(requested: int) -> int:
    """`requested` workers (0: one per core)."""
    return requested if requested > 0 else (os.cpu_count() or 1)


# What the fork server imports once, before it forks the workers, so that none of them
# imports it again: WeasyPrint and the PDF code, and the build's main module (a worker
# started otherwise runs it again, and `kpibook` and build.py import the whole command line).
WORKER_PRELOAD = (
    "__main__",
    "weasyprint",
    "builder.pdf.parallel",
    "builder.pdf.thai_text_layer",
    "builder.pdf.svg_text",
    "builder.pdf.leaders",
)


def local_pool(workers: int) -> Pool:
    """`workers` processes of this machine."""
    context = worker_context()
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=prepare_worker, initargs=(os.getpid(),))
    for _ in range(workers):  # every process starts now (importing WeasyPrint) rather than at its first job
        executor.submit(int)

    def close() -> None:
        executor.shutdown(wait=True, cancel_futures=True)
        _stop_fork_server(context)

    return Pool(
        submit=lambda blob: executor.submit(render_pickled, blob),
        limit=workers + 1,  # one waiting in the pipe: no worker idles between two jobs
        close=close,
    )


def worker_context() -> BaseContext:
    """How the workers start: forked from a fork server that has imported `WORKER_PRELOAD`
    (a fresh process of one thread), or spawned where there is no fork server (Windows).
    Never forked from this process: it may have WeasyPrint's C libraries (Pango,
    fontconfig) in use, in another thread."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(WORKER_PRELOAD))  # no effect once the server runs: it has them
    return context


def _stop_fork_server(context: BaseContext) -> None:
    """End the fork server with the pool (after its workers: it has reaped them), so that
    WeasyPrint does not stay in memory for the rest of a long-running process (`serve`),
    and the processor time of the server and its workers counts as this process's
    children's, as a spawned pool's does. multiprocessing has no public call for it: a
    Python without this one leaves the server running, which starts no new one."""
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        stop = getattr(forkserver._forkserver, "_stop", None)
        if stop is not None:
            stop()


@dataclass(order=True)
class _Queued:
    priority: int
    size: int  # negative pickled size: bigger first
    order: int
    blob: bytes = field(compare=False)
    future: Future[Outcome] = field(compare=False)


class Workers:
    """The PDF stage's workers. `open_pool` is called when the first job has to be laid
    out (a build that finds everything in the cache starts no worker); None lays out in
    this process, one job at a time, as it is started."""

    def __init__(self, open_pool: Callable[[], Pool] | None) -> None:
        self._open_pool = open_pool
        self._pool: Pool | None = None
        self._queue: list[_Queued] = []
        self._in_flight = 0
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._closed = False
        self._dispatcher: threading.Thread | None = None

    @property
    def parallel(self) -> bool:
        return self._open_pool is not None

    def start(self, jobs: Sequence[RenderJob | JoinJob], priority: int) -> list[Future[Outcome]]:
        """Futures of the jobs' outcomes (lower `priority` leaves first)."""
        if self._open_pool is None:
            return [_done(_render_one(job)) for job in jobs]
        queued = []
        for job in jobs:
            blob = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
            queued.append(_Queued(priority, -len(blob), next(self._order), blob, Future()))
        with self._changed:
            self._open()
            for item in queued:
                heapq.heappush(self._queue, item)
            self._changed.notify_all()
        return [item.future for item in queued]

    def open(self) -> None:
        """Start the workers before the first job is known (they start while the main
        process plans the rest; a no-op in this process alone)."""
        if self._open_pool is not None:
            with self._changed:
                self._open()

    def _open(self) -> None:
        if self._dispatcher is None:
            assert self._open_pool is not None
            self._pool = self._open_pool()
            self._dispatcher = threading.Thread(target=self._dispatch, name="kpibook-pdf-dispatch", daemon=True)
            self._dispatcher.start()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            for item in self._queue:  # a build that stopped early: nobody waits for these
                item.future.set_result(Failure("not run"))
            self._queue.clear()
            self._changed.notify_all()
        if self._dispatcher is not None:
            self._dispatcher.join()
        if self._pool is not None:
            self._pool.close()

    def _dispatch(self) -> None:
        assert self._pool is not None
        while True:
            with self._changed:
                while not self._closed and (not self._queue or self._in_flight >= self._pool.limit):
                    self._changed.wait()
                if self._closed:
                    return
                item = heapq.heappop(self._queue)
                self._in_flight += 1
            try:
                sent = self._pool.submit(item.blob)
            except Exception as exc:  # the pool is broken (a worker died) or shut down
                sent = _done(Failure(describe(exc)))
            sent.add_done_callback(partial(self._finished, item))

    def _finished(self, item: _Queued, done: Future[Outcome]) -> None:
        item.future.set_result(_outcome(done))
        with self._changed:
            self._in_flight -= 1
            self._changed.notify_all()


@contextmanager
def workers_for(jobs: int, executor: str | None, themes: Sequence[Path]) -> Iterator[Workers]:
    """The workers of one PDF stage: a Dask cluster when `executor` names one, else
    `jobs` local processes (0: one per core), else this process alone."""
    open_pool: Callable[[], Pool] | None = None
    if executor:
        from builder.cluster import dask_pdf_pool  # the Dask adapter, imported only when asked for

        open_pool = partial(dask_pdf_pool, executor, tuple(themes))
    elif worker_count(jobs) > 1:
        open_pool = partial(local_pool, worker_count(jobs))
    else:
        prepare_weasyprint()
    workers = Workers(open_pool)
    try:
        yield workers
    finally:
        workers.close()


def prepare_worker(parent: int) -> None:
    exit_with_parent(parent)  # a killed build leaves no worker laying out pages for nobody
    prepare_weasyprint()


def prepare_weasyprint() -> None:
    """Patches every process that lays out a document needs (idempotent)."""
    from builder.pdf import leaders, svg_text, thai_text_layer

    thai_text_layer.install()  # exact Thai text layer (SARA AM and marks), issue 6
    svg_text.install()  # Thai marks in SVG <text> on their letters
    leaders.install()  # a leader's dots drawn from its first dot's drawing


def render_pickled(blob: bytes) -> Outcome:
    """What a worker runs: one pickled `RenderJob` (pickled once, by the main process)."""
    return _render_one(pickle.loads(blob))


def _render_one(job: RenderJob | JoinJob) -> Outcome:
    try:
        return job.run() if isinstance(job, JoinJob) else render_job(job)
    except Exception as exc:  # a theme template or a document may fail in any way
        return Failure(describe(exc))


def _done(outcome: Outcome) -> Future[Outcome]:
    future: Future[Outcome] = Future()
    future.set_result(outcome)
    return future


def _outcome(future: Future[Outcome]) -> Outcome:
    try:
        return future.result()
    except (Exception, CancelledError) as exc:  # the worker died (killed, out of memory), or the build stopped
        return Failure(describe(exc))


def describe(exc: BaseException) -> str:
    """The error, and the template line it happened at when it came from a template."""
    where = [
        f"{os.path.basename(frame.filename)}:{frame.lineno}"
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.endswith(".html")
    ]
    detail = f"{type(exc).__name__}: {exc}"
    return f"{detail} (at {where[-1]})" if where else detail
