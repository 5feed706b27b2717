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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from builder import progress
from builder.catalogue import Catalogue, load_catalogue
from builder.model import Content
from builder.options import BuildOptions
from builder.queries import Queries
from builder.scoring.scorecard import Scorebook
from builder.site.assets import copy_evidence, copy_theme_static, write_emblems
from builder.site.chrome import Chrome
from builder.site.context import Page
from builder.site.pages_org import cascade_page, home_page, scorecards_page, search_page, year_pages
from builder.site.pages_year import alignment_page, calendar_page, owed_page, owed_pages
from builder.site.workers import SiteJob, render_units, write_pages
from builder.unit_facts import EVERY_FACT, FactKind


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
    meanwhile: Callable[[], object] | None = None,
) -> SiteReport:
    """`meanwhile`: the build's other outputs (export, workbook, feeds), written in this
    process while the workers write the unit and KPI pages."""
    started, cpu_started = time.perf_counter(), _cpu_time()
    default_lang, languages = site_languages(content, options)
    index = Queries(content, scores)
    job = SiteJob(
        index=index,
        options=options,
        stage=stage,
        default_lang=default_lang,
        languages=languages,
        catalogue=load_catalogue(options.themes),
        emblem=write_emblems(index, options.themes, stage),
        reload_templates=False,  # environments made for this build only
    )
    report = SiteReport()
    progress.stage("progress.site", len(content.units) * len(languages))

    def rest() -> None:  # in this process, while the workers write the unit and KPI pages
        for lang in languages:
            report.pages += write_pages(job.environment(lang), organisation_pages(job.chrome(lang)), stage)
        for lang in languages:
            write_search(content, lang, job.catalogue, stage)
        copy_theme_static(options.themes, stage / "static")
        copy_evidence(job.index, options.content, stage)
        if meanwhile is not None:
            meanwhile()

    report.pages += render_units(job, list(content.units), rest)
    report.seconds = time.perf_counter() - started
    report.cpu_seconds = _cpu_time() - cpu_started
    return report


def site_languages(content: Content, options: BuildOptions) -> tuple[str, tuple[str, ...]]:
    """The default language (at the site root) and all languages, the default first."""
    offered = content.site.languages or ("th",)
    default = options.lang if options.lang in offered else offered[0]
    return default, (default, *(lang for lang in offered if lang != default))


def organisation_pages(chrome: Chrome) -> Iterator[Page]:
    """The pages of one language that are not about one unit: per year, and search."""
    return (page.make() for page in organisation_page_list(chrome))


# what the frame of every page shows of the units: their names and tree, and the rounds in use
_FRAME: frozenset[FactKind] = frozenset({"unit", "agreements"})


@dataclass(frozen=True)
class OrganisationPage:
    """An organisation page to write: which it is, the kinds of the units' facts it shows
    (`serve` makes it again only when one of those changed) and how its context is made."""

    name: tuple[object, ...]  # language, kind of page, year or round
    shows: frozenset[FactKind]
    make: Callable[[], Page]


def organisation_page_list(chrome: Chrome) -> Iterator[OrganisationPage]:
    lang = chrome.lang
    for year in year_pages(chrome):
        yield OrganisationPage((lang, "home", year), EVERY_FACT, partial(home_page, chrome, year))
        yield OrganisationPage((lang, "cascade", year), _FRAME | {"kpis"}, partial(cascade_page, chrome, year))
        yield OrganisationPage(
            (lang, "scorecards", year), _FRAME | {"scorecards"}, partial(scorecards_page, chrome, year)
        )
        yield OrganisationPage((lang, "calendar", year), EVERY_FACT, partial(calendar_page, chrome, year))
        yield OrganisationPage((lang, "alignment", year), EVERY_FACT, partial(alignment_page, chrome, year))
    for year, round_ in owed_pages(chrome):
        owed = partial(owed_page, chrome, year, round_)
        yield OrganisationPage((lang, "owed", year, round_.id), EVERY_FACT - {"initiatives"}, owed)
    yield OrganisationPage((lang, "search"), _FRAME, partial(search_page, chrome))


def _cpu_time() -> float:
    """Processor time of this process and of the workers it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def write_search(content: Content, lang: str, catalogue: Catalogue, stage: Path) -> None:
    from builder.site.search import build_search_index, write_search_index

    index = build_search_index(content, lang, catalogue)
    write_search_index(index, stage / "static" / "search" / f"index.{lang}.js")
