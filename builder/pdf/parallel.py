"""Documents laid out side by side: one WeasyPrint document per job in a process pool.

WeasyPrint lays out on one core (about 14 simple table pages a second), so the jobs (a
handbook section or a signable agreement each) go to `jobs` worker processes. A job that
fails comes back as a `Failure` naming what went wrong, never as an exception, so that
every failing unit is reported and the other documents still finish.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from builder.orphans import exit_with_parent
from builder.pdf.documents import RenderedPdf, RenderJob, render_job


@dataclass(frozen=True, slots=True)
class Failure:
    detail: str


Outcome = RenderedPdf | Failure


def worker_count(requested: int, jobs: int) -> int:
    """`requested` workers (0: one per core), never more than there are jobs."""
    cores = requested if requested > 0 else (os.cpu_count() or 1)
    return max(1, min(cores, jobs))


def render_all(
    jobs: Sequence[RenderJob], requested_workers: int, done: Callable[[int, Outcome], None] | None = None
) -> list[Outcome]:
    """Outcomes in the order of `jobs`; `done(index, outcome)` is called as each one ends
    (so that a long build keeps what it finished, e.g. in the cache)."""
    workers = worker_count(requested_workers, len(jobs))
    outcomes: list[Outcome] = [Failure("not run")] * len(jobs)

    def finish(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        if done is not None:
            done(index, outcome)

    if workers == 1:  # no pool to start for one job or one core
        prepare_weasyprint()
        for index, job in enumerate(jobs):
            finish(index, _render_one(job))
        return outcomes
    # spawn, not fork: the parent may have WeasyPrint's C libraries (Pango, fontconfig) in use
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=prepare_worker, initargs=(os.getpid(),))
    with pool:
        futures = {pool.submit(_render_one, job): index for index, job in enumerate(jobs)}
        for future in as_completed(futures):
            finish(futures[future], _outcome(future))
    return outcomes


def prepare_worker(parent: int) -> None:
    exit_with_parent(parent)  # a killed build leaves no worker laying out pages for nobody
    prepare_weasyprint()


def prepare_weasyprint() -> None:
    """Patches every process that lays out a document needs (idempotent)."""
    from builder.pdf import svg_text, thai_text_layer

    thai_text_layer.install()  # exact Thai text layer (SARA AM and marks), issue 6
    svg_text.install()  # Thai marks in SVG <text> on their letters


def _render_one(job: RenderJob) -> Outcome:
    try:
        return render_job(job)
    except Exception as exc:  # a theme template or a document may fail in any way
        return Failure(describe(exc))


def _outcome(future: Future[Outcome]) -> Outcome:
    try:
        return future.result()
    except Exception as exc:  # the worker itself died (killed, out of memory)
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
