"""The PDFs of a build: the handbook (`handbook.pdf`) and one signable agreement per unit
per fiscal year (`agreements/<unit>-<year>.pdf`), written into the staging folder.

Top to bottom: plan every document (context objects, pure; the agreements missing from
the cache are started first, so that the workers start, import WeasyPrint and lay them
out while the handbook is planned) → take the unchanged ones from the cache and start the
others on the workers (the sections overtake the agreements still waiting) → once the sections are laid out, lay out
the front matter and the folios ahead of the agreements still waiting, and join the
handbook on a worker while the others lay out the agreements → report every document
that failed, at its unit's unit.yaml → write. A failure leaves the stage incomplete and
the build fails (the previous output stays as it was).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from functools import partial
from pathlib import Path

from builder import progress
from builder.diagnostics import Diagnostics, UsageError
from builder.model import Content
from builder.options import BuildOptions
from builder.output import write_bytes
from builder.pdf.cache import PdfCache, job_key, joined_key, renderer_digest
from builder.pdf.context import agreement_document
from builder.pdf.documents import RenderedPdf, RenderJob
from builder.pdf.fingerprint import Fingerprint
from builder.pdf.handbook import HandbookPlan, front_guess, join_handbook, plan_handbook
from builder.pdf.join import JoinJob
from builder.pdf.parallel import Failure, Outcome, Workers, describe, workers_for
from builder.pdf.sections import UnitSection
from builder.queries import Queries
from builder.scoring.scorecard import Scorebook
from builder.site import urls

# Which jobs leave for the workers first (lower first): what the handbook's join waits
# for, then the sections, the first guess of the front matter, and the agreements.
JOIN_PARTS, SECTIONS, FRONT_GUESS, AGREEMENTS = range(4)
PROGRESS_STAGES = {  # what is laid out: the stage the progress display names
    "documents": "progress.pdf-documents",
    "folios": "progress.pdf-folios",
    "front matter": "progress.pdf-front-matter",
}
log = logging.getLogger("kpibook.pdf")


def render_pdfs(content: Content, scores: Scorebook, stage: Path, options: BuildOptions, diags: Diagnostics) -> None:
    if options.unit and options.unit not in content.units:
        raise UsageError("usage.unknown-build-unit", unit=options.unit)
    started = time.perf_counter()
    lang = options.lang or content.site.language
    queries = Queries(content, scores)
    agreement_documents = [
        agreement_document(queries, agreement, options.stamped) for _, agreement in sorted(content.agreements.items())
    ]
    agreements = [RenderJob(document.unit.id, document, lang, options.themes) for document in agreement_documents]
    with workers_for(options.jobs, options.executor, options.themes) as workers:
        layouts = Layouts(workers, options)
        if workers.parallel and layouts.to_lay_out(agreements):
            workers.open()  # the workers start (importing WeasyPrint) while the jobs' keys are made
            layouts.begin(agreements, AGREEMENTS)  # and lay the agreements out while the handbook is planned
        plan = plan_handbook(queries, options, lang)
        sections = list(plan.section_jobs) if plan else []
        documents = [*sections, *agreements]
        pending = layouts.start(documents, lambda job: SECTIONS if isinstance(job.context, UnitSection) else AGREEMENTS)
        guess = None  # in this process, a guess is not worth a layout of its own
        if plan is not None and workers.parallel:
            guess = layouts.start([front_guess(plan, content, options, lang)], FRONT_GUESS, "front matter")[0]
        outcomes = layouts.wait(pending[: len(sections)])
        joining = stage / ".handbook-joining"  # moved into place once every document is laid out
        if plan is not None and all(isinstance(o, RenderedPdf) for o in outcomes):
            rendered = [_rendered(o) for o in outcomes]
            _join(plan, rendered, content, options, lang, layouts, guess, joining, diags)
        outcomes += layouts.wait(pending[len(sections) :])
    if _report_failures(content, documents, outcomes, diags) or diags.has_errors():
        shutil.rmtree(joining, ignore_errors=True)
        return
    for document, outcome in zip(agreement_documents, outcomes[len(sections) :], strict=True):
        write_bytes(stage / urls.agreement_pdf(document.unit.id, document.year), _pdf(outcome))
    for book in sorted(joining.rglob("*.pdf")) if plan is not None else []:
        target = stage / book.relative_to(joining)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(book, target)
    shutil.rmtree(joining, ignore_errors=True)
    log.info("PDFs: %d documents in %.1fs", len(outcomes) + 1, time.perf_counter() - started)


class Layouts:
    """Documents taken from the cache, or started on the workers and cached as they end."""

    def __init__(self, workers: Workers, options: BuildOptions) -> None:
        self.workers = workers
        self.cache = PdfCache(options.cache_dir)
        self.renderer = renderer_digest(options.themes)
        self.fingerprint = Fingerprint()
        self.laid_out: set[Future[Outcome]] = set()  # not from the cache
        self._keys: dict[int, tuple[RenderJob, str]] = {}  # id(job) -> the job, its key
        self._begun: dict[int, tuple[RenderJob, Future[Outcome]]] = {}  # id(job) -> the job, its outcome: `begin`

    def key(self, job: RenderJob) -> str:
        known = self._keys.get(id(job))
        if known is None or known[0] is not job:
            known = self._keys[id(job)] = (job, job_key(self.renderer, job, self.fingerprint))
        return known[1]

    def to_lay_out(self, jobs: Sequence[RenderJob]) -> bool:
        """Whether one of `jobs` is not in the cache."""
        return not all(self.cache.has(self.key(job)) for job in jobs)

    def begin(self, jobs: Sequence[RenderJob], priority: int) -> None:
        """Start `jobs` (those not in the cache) before they are asked for: `start`, given
        them later with the others of their stage, reports them and returns their futures."""
        for job, future in zip(jobs, self._launch(jobs, priority), strict=True):
            self._begun[id(job)] = (job, future)

    def start(
        self, jobs: Sequence[RenderJob], priority: int | Callable[[RenderJob], int], what: str = "documents"
    ) -> list[Future[Outcome]]:
        begun = [self._begun.pop(id(job), (job, None)) for job in jobs]
        launched = iter(self._launch([job for job, future in begun if future is None], priority))
        futures = [future if future is not None else next(launched) for _job, future in begun]
        missing = sum(future in self.laid_out for future in futures)
        if what != "front matter" or missing:
            progress.stage(PROGRESS_STAGES.get(what, "progress.pdf-documents"), len(jobs))
            progress.advance(len(jobs) - missing)
        log.info("PDFs: %d from the cache, %d to lay out (%s)", len(jobs) - missing, missing, what)
        return futures

    def _launch(self, jobs: Sequence[RenderJob], priority: int | Callable[[RenderJob], int]) -> list[Future[Outcome]]:
        """Each job's outcome: from the cache, or started on the workers (and cached when it ends)."""
        keys = [self.key(job) for job in jobs]
        cached = [self.cache.get(key) for key in keys]
        missing = [i for i, outcome in enumerate(cached) if outcome is None]
        rank = priority if callable(priority) else (lambda _job: priority)
        by_rank: dict[int, list[int]] = {}
        for index in missing:
            by_rank.setdefault(rank(jobs[index]), []).append(index)
        futures = [_done(o) if o is not None else Future() for o in cached]
        for level, indexes in sorted(by_rank.items()):
            for index, future in zip(indexes, self.workers.start([jobs[i] for i in indexes], level), strict=True):
                future.add_done_callback(partial(self._keep, keys[index]))
                futures[index] = future
                self.laid_out.add(future)
        return futures

    def wait(self, futures: Sequence[Future[Outcome]]) -> list[Outcome]:
        outcomes = []
        for future in futures:
            outcomes.append(future.result())
            if future in self.laid_out:
                progress.advance()
        return outcomes

    def lay_out(self, jobs: Sequence[RenderJob], what: str) -> list[RenderedPdf]:
        """What the handbook's join waits for, ahead of every other job; raises when one fails."""
        outcomes = self.wait(self.start(jobs, JOIN_PARTS, what))
        failures = [o.detail for o in outcomes if isinstance(o, Failure)]
        if failures:
            raise HandbookPartFailed(failures[0])
        return [_rendered(o) for o in outcomes]

    def join(self, jobs: Sequence[JoinJob], paths: Sequence[str], folder: Path) -> None:
        """Join the books on the workers (each from the cache when joined from the same
        parts before) into `folder`; raises when one fails."""
        keys = [joined_key(self.renderer, job) for job in jobs]
        targets = [folder / path for path in paths]
        started: dict[int, Future[Outcome]] = {}
        for i, job in enumerate(jobs):
            if not self.cache.copy_joined(keys[i], targets[i]):
                started[i] = self.workers.start([job], JOIN_PARTS)[0]
        log.info("PDFs: %d books from the cache, %d to join", len(jobs) - len(started), len(started))
        for i, future in started.items():
            outcome = future.result()
            if isinstance(outcome, Failure):
                raise HandbookPartFailed(outcome.detail)
            write_bytes(targets[i], outcome.pdf)
            self.cache.put_joined(keys[i], targets[i])

    def _keep(self, key: str, done: Future[Outcome]) -> None:
        outcome = done.result()
        if isinstance(outcome, RenderedPdf):
            self.cache.put(key, outcome)


def _join(
    plan: HandbookPlan,
    sections: list[RenderedPdf],
    content: Content,
    options: BuildOptions,
    lang: str,
    layouts: Layouts,
    guess: Future[Outcome] | None,
    target: Path,
    diags: Diagnostics,
) -> None:
    def guessed_pages() -> int | None:
        outcome = guess.result() if guess is not None else None
        return outcome.pages if isinstance(outcome, RenderedPdf) else None

    try:
        join = partial(layouts.join, folder=target)
        join_handbook(plan, sections, content, options, lang, layouts.lay_out, join, guessed_pages())
    except Exception as exc:  # the front matter or folio template of a theme, or the join
        loc = plan.scope.loc if plan.scope else content.site.loc
        detail = str(exc) if isinstance(exc, HandbookPartFailed) else describe(exc)
        diags.error("build.pdf-failed", loc, unit=plan.scope.id if plan.scope else "handbook", detail=detail)
    finally:
        layouts.cache.prune()


def _done(outcome: Outcome) -> Future[Outcome]:
    future: Future[Outcome] = Future()
    future.set_result(outcome)
    return future


class HandbookPartFailed(Exception):
    """The front matter or a folio chunk failed to lay out (its detail is the message)."""


def _report_failures(
    content: Content, jobs: Sequence[RenderJob], outcomes: Sequence[Outcome], diags: Diagnostics
) -> bool:
    failed = False
    for job, outcome in zip(jobs, outcomes, strict=True):
        if isinstance(outcome, Failure):
            unit = content.units.get(job.unit)
            diags.error(
                "build.pdf-failed", unit.loc if unit else content.site.loc, unit=job.unit, detail=outcome.detail
            )
            failed = True
    return failed


def _rendered(outcome: Outcome) -> RenderedPdf:
    assert isinstance(outcome, RenderedPdf)  # failures were reported and returned above
    return outcome


def _pdf(outcome: Outcome) -> bytes:
    return _rendered(outcome).pdf
