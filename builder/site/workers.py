"""Unit and KPI pages, written by forked workers when the organisation is large.

Every unit's pages depend only on the unit's neighbourhood, so the units can be shared
out among processes; each worker inherits the indexed content by `fork` (nothing is
pickled but lists of unit ids) and writes its own pages into the staging folder. Small
sites, platforms without `fork` and `jobs=1` render in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from builder import progress
from builder.catalogue import Catalogue
from builder.options import BuildOptions
from builder.orphans import exit_with_parent
from builder.output import write_text
from builder.queries import Queries
from builder.site.chrome import Chrome
from builder.site.context import KpiContext, Page, StrategyMapContext, UnitContext
from builder.site.pages_kpi import kpi_page
from builder.site.pages_unit import unit_pages
from builder.templating import compile_templates, make_environment
from builder.thaitext import load_line_breaker

PARALLEL_FROM = 300  # units; below this, starting workers costs more than it saves
CHUNKS_PER_WORKER = 16  # pieces of the units each worker takes in turn


@dataclass(frozen=True)
class SiteJob:
    """What every page writer needs during one build (a forked worker inherits it)."""

    index: Queries
    options: BuildOptions
    stage: Path
    default_lang: str
    languages: tuple[str, ...]
    catalogue: Catalogue
    emblem: str = ""  # the header's emblem, from the site root (`builder.site.assets.write_emblems`)
    environments: dict[str, Environment] = field(default_factory=dict, compare=False, repr=False)

    def chromes(self) -> dict[str, Chrome]:
        """A chrome per language, sharing the views that read the same in every language
        (`Chrome.same_in_every_language`): write a unit's pages in each language in turn."""
        shared: dict[tuple[object, ...], object] = {}
        return {lang: self.chrome(lang, shared) for lang in self.languages}

    def chrome(self, lang: str, shared_views: dict[tuple[object, ...], object] | None = None) -> Chrome:
        return Chrome(
            index=self.index,
            lang=lang,
            default_lang=self.default_lang,
            languages=self.languages,
            pdf=self.options.pdf,
            stamp=self.options.stamped,
            catalogue=self.catalogue,
            today=self.options.today,
            emblem=self.emblem,
            shared_views={} if shared_views is None else shared_views,
        )

    def environment(self, lang: str) -> Environment:
        """One Jinja environment per language: templates compile once (forked workers
        inherit them compiled)."""
        if lang not in self.environments:
            # not looked at on disk again: a change to a theme builds everything again
            # (`kpibook serve` too), with new environments
            self.environments[lang] = make_environment(
                self.options.themes, "templates", lang, self.catalogue, reload=False
            )
        return self.environments[lang]


def write_pages(env: Environment, contexts: Iterable[Page], stage: Path) -> int:
    written = 0
    for context in contexts:
        html = env.get_template(context.template).render(context.variables())
        write_text(stage / context.path, html)
        written += 1
    return written


def unit_and_kpi_pages(chrome: Chrome, unit_ids: Iterable[str]) -> Iterator[Page]:
    units = chrome.content.units
    for unit_id in unit_ids:
        unit = units[unit_id]
        yield from unit_pages(chrome, unit)
        for kpi in chrome.index.kpis_of(unit_id):
            yield kpi_page(chrome, unit, kpi)


def render_units(job: SiteJob, unit_ids: Sequence[str], meanwhile: Callable[[], object] | None = None) -> int:
    """Write every page of these units in every language; the number of pages.
    `meanwhile`: other work of the build, done in this process while forked workers write
    the pages (else after them), so that no core idles at the end of the build."""
    if job.options.executor:  # a Dask cluster: the adapter ships the content once per worker
        from builder.cluster import render_units_on_cluster

        written = render_units_on_cluster(job, unit_ids, lambda units: progress.advance(units * len(job.languages)))
        return _then(written, meanwhile)
    workers = job.options.jobs or os.cpu_count() or 1
    if workers <= 1 or len(unit_ids) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return _then(_render_chunk(job, unit_ids, counted=True), meanwhile)
    global _JOB
    _JOB = job
    _before_fork(job)
    # small chunks even out the load: the last ones end close together, this process's
    # `meanwhile` taking its share of the cores in between
    count = min(len(unit_ids), workers * CHUNKS_PER_WORKER)
    chunks = [list(unit_ids[i::count]) for i in range(count)]
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=exit_with_parent, initargs=(os.getpid(),))
    written = 0
    try:
        done = pool.imap_unordered(_render_inherited, chunks)  # the workers start at once
        if meanwhile is not None:
            meanwhile()  # it may report a stage of its own: the pages' count starts again after it
            progress.stage("progress.site", len(unit_ids) * len(job.languages))
        for pages, units in done:
            written += pages
            progress.advance(units * len(job.languages))  # counted here: workers report to no one
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _JOB = None
    return written


_JOB: SiteJob | None = None  # set before forking: the workers read it


def _then(written: int, meanwhile: Callable[[], object] | None) -> int:
    if meanwhile is not None:
        meanwhile()
    return written


def _before_fork(job: SiteJob) -> None:
    """What every worker would otherwise do again on its own: compile the unit and KPI
    page templates of each language, with the frame and the macros they use, and load
    the line breaker (Pango, for the charts' and maps' Thai labels). Then the objects
    made so far (the indexes, the scores, the templates) are frozen for the cycle
    collector: the workers' collections never walk them (and so never write to the
    pages they share with this process)."""
    for lang in job.languages:
        compile_templates(
            job.environment(lang), (page.template for page in (UnitContext, StrategyMapContext, KpiContext))
        )
    load_line_breaker()
    gc.freeze()


def _render_inherited(unit_ids: list[str]) -> tuple[int, int]:
    assert _JOB is not None, "workers are forked from render_units"
    return _render_chunk(_JOB, unit_ids), len(unit_ids)


def render_chunk(job: SiteJob, unit_ids: Sequence[str]) -> int:
    """Write every page of these units in every language into `job.stage` (a worker's part)."""
    return _render_chunk(job, unit_ids)


def _render_chunk(
    job: SiteJob, unit_ids: Sequence[str], make: Callable[[str], Environment] | None = None, counted: bool = False
) -> int:
    envs = {lang: (make or job.environment)(lang) for lang in job.languages}
    chromes = job.chromes()
    written = 0
    for unit_id in unit_ids:  # each unit in every language: views made for one serve the others
        for lang in job.languages:
            written += write_pages(envs[lang], unit_and_kpi_pages(chromes[lang], (unit_id,)), job.stage)
        if counted:
            progress.advance(len(job.languages))
    return written
