"""The handbook: which sections it has, and how they become one book.

Page numbers are global although every section is laid out on its own (in parallel, or
taken from the cache):

1. the sections are laid out first, which gives their page counts;
2. the front matter (cover + table of contents) is laid out with the page numbers that
   follow from those counts; its own length moves every number, so it is laid out again
   until its page count settles (twice in practice);
3. folio documents of blank pages that carry only "page x of y" in their footer (the
   numbers written out: the total is known now) are laid out in chunks of
   `FOLIO_CHUNK` pages, and each of their pages is stamped on the book's page of the
   same number (`builder/pdf/join.py`).

So no section depends on where it lands, and a cached section stays valid when the
sections before it grow or shrink. The front matter and the folio chunks are cached
like the sections (by their exact inputs), so a rebuild of an unchanged book lays out
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from builder.catalogue import Catalogue, load_catalogue
from builder.model import Content, Kpi, Text, Unit
from builder.options import BuildOptions
from builder.pdf.cache import PdfCache, joined_key, renderer_digest
from builder.pdf.documents import TOC_ANCHOR, RenderedPdf, RenderJob
from builder.pdf.join import Part, join_parts
from builder.pdf.sections import Folios, FrontMatter, TocEntry, TocKpi, UnitSection, unit_section
from builder.pdf.year import ALIGNMENT_KEY, CALENDAR_KEY, alignment_chapter, calendar_chapter
from builder.queries import Queries
from builder.stamp import Stamp

MAX_FRONT_LAYOUTS = 4
FOLIO_CHUNK = 200  # pages per folio document: chunks go to the worker pool and the cache
UNNUMBERED = 1  # the cover carries no folio

# Lays out documents (taking unchanged ones from the cache), in order; raises if one fails.
Layout = Callable[[Sequence[RenderJob], str], list[RenderedPdf]]


@dataclass(frozen=True, slots=True)
class Contents:
    """One section of the book: a chapter or a unit (its key is what the table of
    contents links to)."""

    key: str
    title: Text  # a unit's name (a chapter's title comes from the print strings)
    depth: int
    chapter: str = ""  # calendar | alignment; empty for a unit


@dataclass(frozen=True, slots=True)
class HandbookPlan:
    year: int
    scope: Unit | None  # None: the whole organisation
    contents: tuple[Contents, ...]  # the chapters, then the units in tree order
    section_jobs: tuple[RenderJob, ...]  # one per entry of `contents`, same order


def plan_handbook(queries: Queries, options: BuildOptions, lang: str) -> HandbookPlan | None:
    content = queries.content
    year = content.site.current_year
    if year is None:
        return None
    scope = content.units[options.unit] if options.unit else None
    units = tuple((unit, depth + 1) for unit, depth in queries.tree_order(options.unit))
    words = load_catalogue(options.themes)
    contents: list[Contents] = []
    jobs: list[RenderJob] = []
    book = scope.id if scope else "handbook"
    calendar = calendar_chapter(queries, year, words)
    if calendar is not None:
        contents.append(Contents(CALENDAR_KEY, Text(), 1, "calendar"))
        jobs.append(RenderJob(book, calendar, lang, options.themes))
    alignment = alignment_chapter(queries, year) if scope is None else None
    if alignment is not None:
        contents.append(Contents(ALIGNMENT_KEY, Text(), 1, "alignment"))
        jobs.append(RenderJob(book, alignment, lang, options.themes))
    for unit, depth in units:
        contents.append(Contents(unit.id, unit.name, depth))
        context = unit_section(queries, unit, depth, year, _map(queries, unit, lang, words))
        jobs.append(RenderJob(unit=unit.id, context=context, lang=lang, themes=options.themes))
    return HandbookPlan(year, scope, tuple(contents), tuple(jobs))


def join_handbook(
    plan: HandbookPlan,
    sections: Sequence[RenderedPdf],
    content: Content,
    options: BuildOptions,
    lang: str,
    lay_out: Layout,
    target: Path,
) -> None:
    """Front matter, sections and folios joined into `target` (or the same book, joined
    from the very same parts by an earlier build, copied from the cache)."""
    front = _front_matter(plan, sections, content, options, lang, lay_out)
    total = front.pages + sum(s.pages for s in sections)
    folios = lay_out([_job(plan, chunk, options, lang) for chunk in folio_chunks(total, options.stamped)], "folios")
    parts = [Part(front), *(Part(s, entry.key) for s, entry in zip(sections, plan.contents, strict=True))]
    title = f"{content.site.name.get(lang)} · {plan.year}"
    cache = PdfCache(options.cache_dir)
    key = joined_key(renderer_digest(options.themes), parts, folios, title, lang)
    if not cache.copy_joined(key, target):
        join_parts(parts, folios, UNNUMBERED, title, lang, target)
        cache.put_joined(key, target)


def folio_chunks(total: int, stamp: Stamp) -> list[Folios]:
    """The numbered pages (all but the cover) in runs of `FOLIO_CHUNK`."""
    starts = range(UNNUMBERED + 1, total + 1, FOLIO_CHUNK)
    return [Folios(first, min(first + FOLIO_CHUNK - 1, total), total, stamp) for first in starts]


def _front_matter(
    plan: HandbookPlan,
    sections: Sequence[RenderedPdf],
    content: Content,
    options: BuildOptions,
    lang: str,
    lay_out: Layout,
) -> RenderedPdf:
    counts = [s.pages for s in sections]
    front_pages = 2  # a guess: the cover and one page of contents
    for _attempt in range(MAX_FRONT_LAYOUTS):
        starts = [front_pages + before + 1 for before in accumulate([0, *counts[:-1]])] if counts else []
        toc = tuple(
            TocEntry(e.key, e.title, e.depth, page, e.chapter, _toc_kpis(job, section, page))
            for e, job, section, page in zip(plan.contents, plan.section_jobs, sections, starts, strict=True)
        )
        context = FrontMatter(content.site, plan.year, plan.scope, options.stamped, toc)
        [front] = lay_out([_job(plan, context, options, lang)], "front matter")
        if front.pages == front_pages:
            return front
        front_pages = front.pages
    raise RuntimeError(f"the table of contents did not settle after {MAX_FRONT_LAYOUTS} layouts")


def _toc_kpis(job: RenderJob, section: RenderedPdf, first_page: int) -> tuple[TocKpi, ...]:
    """A unit's KPI templates with the book page each starts on (their `toc-kpi-<id>`
    anchors, found when the section was laid out); none for a chapter."""
    if not isinstance(job.context, UnitSection):
        return ()
    pages = dict(section.anchors)
    return tuple(
        TocKpi(view.kpi, first_page + pages[f"{TOC_ANCHOR}kpi-{view.kpi.id}"])
        for view in job.context.kpis
        if f"{TOC_ANCHOR}kpi-{view.kpi.id}" in pages
    )


def _job(plan: HandbookPlan, context: FrontMatter | Folios, options: BuildOptions, lang: str) -> RenderJob:
    unit = plan.scope.id if plan.scope else "handbook"
    return RenderJob(unit=unit, context=context, lang=lang, themes=options.themes)


def _map(queries: Queries, unit: Unit, lang: str, words: Catalogue) -> str:
    """The unit's strategy map: the very SVG the site shows."""
    if not unit.strategy.goals:
        return ""
    from builder.site.strategy_map import strategy_map_svg

    own = queries.kpis_of(unit.id)
    by_goal: dict[str, list[Kpi]] = {goal.id: [k for k in own if k.goal == goal.id] for goal in unit.strategy.goals}
    return strategy_map_svg(unit, queries.site, lang, kpis_by_goal=by_goal, words=words)
