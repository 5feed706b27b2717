"""The browsable site: every page in every language, the search index, static files
and evidence, written into the staging folder.

    render_site(content, scores, stage, options)

reads top to bottom: index the content once; write every unit's pages and KPI pages
(`builder.site.workers`, in parallel for large sites), while this process writes the
organisation's pages of each language (home, cascade explorer, scorecards, owed,
search), the search indexes, copies the themes' static files and the evidence, and does
what the caller asks meanwhile (the export, the workbook). Each page is one template rendered
from one context object (`builder.site.context`). The default language's pages sit at
the site root, the others under `<lang>/` (`builder.site.urls`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder import progress
from builder.catalogue import load_catalogue
from builder.model import Content
from builder.options import BuildOptions
from builder.pipeline import SiteMemory, cycle_collector_paused
from builder.queries import Queries
from builder.scoring.scorecard import Scorebook
from builder.site.assets import copy_evidence, copy_theme_static, write_emblems
from builder.site.org_pages import organisation_pages, write_organisation_pages
from builder.site.search import build_search_index, write_search_index
from builder.site.workers import SiteJob, render_units, write_pages
from builder.unit_facts import EVERY_FACT
from builder.unit_pieces import UnitPieces


@dataclass
class SiteReport:
    """What a build wrote, for the benchmark and the command line."""

    pages: int = 0
    seconds: float = 0.0  # wall-clock time
    cpu_seconds: float = 0.0  # processor time, workers included (steadier on a busy machine)


def render_site(
    content: Content,
    scores: Scorebook,
    stage: Path,
    options: BuildOptions,
    meanwhile: Callable[[Queries], object] | None = None,
    kept: SiteMemory | None = None,
    pieces: UnitPieces | None = None,
) -> SiteReport:
    """`meanwhile`: the build's other outputs (export, workbook, feeds), written in this
    process while the workers write the unit and KPI pages, from the site's queries
    (what the pages asked is answered once). `kept` (serve's builds): the
    compiled templates and what each organisation page is written from
    are kept there for the rebuilds after an edit, and each unit's parts of the
    organisation pages and search indexes in `pieces`."""
    started, cpu_started = time.perf_counter(), _cpu_time()
    default_lang, languages = site_languages(content, options)
    index = Queries(content, scores, pieces)
    job = SiteJob(
        index=index,
        options=options,
        stage=stage,
        default_lang=default_lang,
        languages=languages,
        catalogue=load_catalogue(options.themes),
        emblem=write_emblems(index, options.themes, stage),
        environments=kept.environments if kept is not None else {},
    )
    report = SiteReport()
    progress.stage("progress.site", len(content.units) * len(languages))

    def rest() -> None:  # in this process, while the workers write the unit and KPI pages
        # its objects (page contexts, search documents, export rows) hold next to no cycles
        with cycle_collector_paused(freeze=False):
            _rest()

    def _rest() -> None:
        for lang in languages:
            env, chrome = job.environment(lang), job.chrome(lang)
            if kept is None:
                report.pages += write_pages(env, organisation_pages(chrome), stage)
            else:
                report.pages += write_organisation_pages(env, chrome, stage, kept.record, EVERY_FACT)
        for lang in languages:
            search = build_search_index(content, lang, job.catalogue, pieces)
            write_search_index(search, stage / "static" / "search" / f"index.{lang}.js")
        if kept is not None:
            kept.record["options"] = options
        copy_theme_static(options.themes, stage / "static")
        copy_evidence(job.index, options.content, stage)
        if meanwhile is not None:
            meanwhile(index)

    report.pages += render_units(job, list(content.units), rest)
    report.seconds = time.perf_counter() - started
    report.cpu_seconds = _cpu_time() - cpu_started
    return report


def site_languages(content: Content, options: BuildOptions) -> tuple[str, tuple[str, ...]]:
    """The default language (at the site root) and all languages, the default first."""
    offered = content.site.languages or ("th",)
    default = options.lang if options.lang in offered else offered[0]
    return default, (default, *(lang for lang in offered if lang != default))


def _cpu_time() -> float:
    """Processor time of this process and of the workers it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system
