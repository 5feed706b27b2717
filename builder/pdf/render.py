"""The PDFs of a build: the handbook (`handbook.pdf`) and one signable agreement per unit
per fiscal year (`agreements/<unit>-<year>.pdf`), written into the staging folder.

Top to bottom: plan every document (context objects, pure) → take the unchanged ones
from the cache → lay out the others in parallel → report every document that failed,
at its unit's unit.yaml → join the handbook → write. A failure leaves the stage
incomplete and the build fails (the previous output stays as it was).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from builder import progress
from builder.diagnostics import Diagnostics, UsageError
from builder.model import Content
from builder.options import BuildOptions
from builder.output import write_bytes
from builder.pdf.cache import PdfCache, job_key, renderer_digest
from builder.pdf.context import agreement_document
from builder.pdf.documents import RenderedPdf, RenderJob
from builder.pdf.handbook import HandbookPlan, join_handbook, plan_handbook
from builder.pdf.parallel import Failure, Outcome, describe, prepare_weasyprint, render_all
from builder.queries import Queries
from builder.scoring.scorecard import Scorebook
from builder.site import urls

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
    prepare_weasyprint()
    lang = options.lang or content.site.language
    queries = Queries(content, scores)
    documents = [
        agreement_document(queries, agreement, options.stamped) for _, agreement in sorted(content.agreements.items())
    ]
    agreements = [RenderJob(document.unit.id, document, lang, options.themes) for document in documents]
    plan = plan_handbook(queries, options, lang)
    sections = list(plan.section_jobs) if plan else []
    outcomes = render_with_cache([*sections, *agreements], options)
    if _report_failures(content, [*sections, *agreements], outcomes, diags):
        return
    for document, outcome in zip(documents, outcomes[len(sections) :], strict=True):
        write_bytes(stage / urls.agreement_pdf(document.unit.id, document.year), _pdf(outcome))
    if plan is not None:
        _write_handbook(plan, [_rendered(o) for o in outcomes[: len(sections)]], content, stage, options, lang, diags)
    log.info("PDFs: %d documents in %.1fs", len(outcomes) + 1, time.perf_counter() - started)


def render_with_cache(jobs: Sequence[RenderJob], options: BuildOptions, what: str = "documents") -> list[Outcome]:
    """Every job's PDF: from the cache when its inputs are unchanged, else laid out."""
    cache = PdfCache(options.cache_dir)
    renderer = renderer_digest(options.themes)
    keys = [job_key(renderer, job) for job in jobs]
    outcomes: list[Outcome | None] = [cache.get(key) for key in keys]
    missing = [i for i, outcome in enumerate(outcomes) if outcome is None]
    progress.stage(PROGRESS_STAGES.get(what, "progress.pdf-documents"), len(jobs))
    progress.advance(len(jobs) - len(missing))
    log.info("PDFs: %d from the cache, %d to lay out (%s)", len(jobs) - len(missing), len(missing), what)

    def keep(position: int, outcome: Outcome) -> None:
        index = missing[position]
        outcomes[index] = outcome
        progress.advance()
        if isinstance(outcome, RenderedPdf):
            cache.put(keys[index], outcome)

    render_all([jobs[i] for i in missing], options.jobs, keep)
    cache.prune()
    return [o for o in outcomes if o is not None]


def _write_handbook(
    plan: HandbookPlan,
    sections: list[RenderedPdf],
    content: Content,
    stage: Path,
    options: BuildOptions,
    lang: str,
    diags: Diagnostics,
) -> None:
    def lay_out(jobs: Sequence[RenderJob], what: str) -> list[RenderedPdf]:
        outcomes = render_with_cache(jobs, options, what)
        failures = [o.detail for o in outcomes if isinstance(o, Failure)]
        if failures:
            raise HandbookPartFailed(failures[0])
        return [_rendered(o) for o in outcomes]

    try:
        join_handbook(plan, sections, content, options, lang, lay_out, stage / urls.handbook_pdf())
    except Exception as exc:  # the front matter or folio template of a theme, or the join
        loc = plan.scope.loc if plan.scope else content.site.loc
        detail = str(exc) if isinstance(exc, HandbookPartFailed) else describe(exc)
        diags.error("build.pdf-failed", loc, unit=plan.scope.id if plan.scope else "handbook", detail=detail)


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
