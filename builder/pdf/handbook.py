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
sections before it grow or shrink. A handbook of more than `options.book_units` units is
several books, one per subtree, with a shared index (`builder/pdf/books.py`); each book
gets its own front matter and folios, and every book is joined on the workers. The
front matter and the folio chunks are cached like the sections (by their exact inputs),
so a rebuild of an unchanged book lays out nothing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate

from builder.catalogue import Catalogue, load_catalogue
from builder.model import Content, Emblem, Kpi, Site, Text, Unit
from builder.options import BuildOptions
from builder.pdf.books import Book, split_books
from builder.pdf.documents import TOC_ANCHOR, RenderedPdf, RenderJob
from builder.pdf.folio_stamps import FolioStamps, folio_stamps, sample_numbers
from builder.pdf.join import JoinJob, Part
from builder.pdf.sections import Folios, FrontMatter, TocEntry, TocKpi, UnitSection, unit_section
from builder.pdf.year import ALIGNMENT_KEY, CALENDAR_KEY, alignment_chapter, calendar_chapter
from builder.queries import Queries
from builder.stamp import Stamp

MAX_FRONT_LAYOUTS = 4
FOLIO_CHUNK = 200  # pages per folio document: chunks go to the worker pool and the cache
UNNUMBERED = 1  # the cover carries no folio
GUESSED_SECTION_PAGES = 7  # for the width of the page numbers of the front matter's first layout

# Lays out documents (taking unchanged ones from the cache), in order; raises if one fails.
Layout = Callable[[Sequence[RenderJob], str], list[RenderedPdf]]
# Joins books into these files of the output (taking unchanged ones from the cache); raises if one fails.
Join = Callable[[Sequence[JoinJob], Sequence[str]], None]


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
    emblem: Emblem | None = None  # on the cover of every book: the scope's (`Queries.emblem_of`) or the organisation's


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
    emblem = queries.emblem_of(scope.id) if scope else queries.organisation_emblem
    return HandbookPlan(year, scope, tuple(contents), tuple(jobs), emblem)


def join_handbook(
    plan: HandbookPlan,
    sections: Sequence[RenderedPdf],
    content: Content,
    options: BuildOptions,
    lang: str,
    lay_out: Layout,
    join: Join,
    front_pages: int | None = None,
) -> None:
    """The handbook's books: front matter, sections and folios joined (on the workers, or
    the same book, joined from the very same parts by an earlier build, from the cache).
    One book unless the handbook has more than `options.book_units` units
    (`builder/pdf/books.py`). `front_pages`: the length of the index's front matter when
    known (the `front_guess` laid out meanwhile)."""
    books = split_books(plan.contents, options.book_units)
    counts = [s.pages for s in sections]
    site, stamp = content.site, options.stamped
    index, others = books[0], books[1:]

    def own_toc(book: Book) -> Callable[[int], tuple[TocEntry, ...]]:
        def toc(front: int) -> tuple[TocEntry, ...]:
            starts = accumulate((counts[m] for m in book.members[:-1]), initial=front + 1)
            return tuple(_entry(plan, m, page, sections[m]) for m, page in zip(book.members, starts, strict=True))

        return toc

    roots = [content.units[b.root] if b.root else None for b in others]
    fronts = _settle_fronts(
        plan, [(r, own_toc(b), None) for r, b in zip(roots, others, strict=True)], site, stamp, options, lang, lay_out
    )
    found: dict[int, TocEntry] = {}  # where the units of the other books are
    for book, front in zip(others, fronts, strict=True):
        for entry, member in zip(own_toc(book)(front.pages), book.members, strict=True):
            found[member] = replace(entry, book=_relative(book.path, index.path), kpis=())  # its KPIs: in its book

    def index_toc(front: int) -> tuple[TocEntry, ...]:
        own = dict(zip(index.members, own_toc(index)(front), strict=True))
        return tuple(own[i] if i in own else found[i] for i in range(len(plan.contents)))

    [index_front] = _settle_fronts(plan, [(plan.scope, index_toc, front_pages)], site, stamp, options, lang, lay_out)
    all_fronts = [index_front, *fronts]
    totals = [front.pages + sum(counts[m] for m in book.members) for book, front in zip(books, all_fronts, strict=True)]
    folios = _folios(plan, totals, stamp, options, lang, lay_out)
    elsewhere = tuple((entry.key, entry.book, entry.page - 1) for entry in found.values())
    jobs = []
    for book, front, (book_folios, stamps) in zip(books, all_fronts, folios, strict=True):
        parts = (Part(front), *(Part(sections[m], plan.contents[m].key) for m in book.members))
        title = f"{site.name.get(lang)} · {plan.year}"
        if book.root is not None:
            title = f"{title} · {content.units[book.root].name.get(lang)}"
        unit = book.root or (plan.scope.id if plan.scope else "handbook")
        links = elsewhere if book.is_index else ()
        jobs.append(JoinJob(unit, parts, book_folios, UNNUMBERED, title, lang, links, stamps))
    join(jobs, [book.path for book in books])


BookFolios = tuple[tuple[RenderedPdf, ...], FolioStamps | None]  # laid out page by page, or written from samples


def _folios(
    plan: HandbookPlan, totals: Sequence[int], stamp: Stamp, options: BuildOptions, lang: str, lay_out: Layout
) -> list[BookFolios]:
    """Each book's folios: written from a sample document where that is exact
    (`builder/pdf/folio_stamps.py`), else laid out page by page in chunks."""
    first = UNNUMBERED + 1
    samples = {i: sample_numbers(first, total) for i, total in enumerate(totals) if total >= first}
    contexts = [Folios(first, totals[i], totals[i], stamp, s.numbers) for i, s in samples.items()]
    laid = lay_out([_job(plan, c, options, lang) for c in contexts], "folios") if contexts else []
    stamps = {i: folio_stamps(s, rendered) for (i, s), rendered in zip(samples.items(), laid, strict=True)}
    chunks = [folio_chunks(total, stamp) if i in stamps and stamps[i] is None else [] for i, total in enumerate(totals)]
    jobs = [_job(plan, c, options, lang) for book in chunks for c in book]
    pages = iter(lay_out(jobs, "folios") if jobs else [])
    return [(tuple(next(pages) for _chunk in book), stamps.get(i)) for i, book in enumerate(chunks)]


def folio_chunks(total: int, stamp: Stamp) -> list[Folios]:
    """The numbered pages (all but the cover) in runs of `FOLIO_CHUNK`."""
    starts = range(UNNUMBERED + 1, total + 1, FOLIO_CHUNK)
    return [
        Folios(first, last, total, stamp, tuple(range(first, last + 1)))
        for first in starts
        for last in [min(first + FOLIO_CHUNK - 1, total)]
    ]


def front_guess(plan: HandbookPlan, content: Content, options: BuildOptions, lang: str) -> RenderJob:
    """The front matter with page numbers of a likely width, laid out while the sections
    are: its length is what the real one, laid out once they are counted, most likely has
    (only its page count is wanted: it is not drawn)."""
    likely = GUESSED_SECTION_PAGES * len(plan.contents)
    toc = tuple(_entry(plan, m, likely, None) for m in range(len(plan.contents)))
    job = _job(plan, FrontMatter(content.site, plan.year, plan.scope, options.stamped, toc, plan.emblem), options, lang)
    return replace(job, pages_only=True)


FrontSpec = tuple[Unit | None, Callable[[int], tuple[TocEntry, ...]], int | None]  # scope, contents, pages if known


def _settle_fronts(
    plan: HandbookPlan,
    specs: Sequence[FrontSpec],
    site: Site,
    stamp: Stamp,
    options: BuildOptions,
    lang: str,
    lay_out: Layout,
) -> list[RenderedPdf]:
    """The front matter of each book, laid out (side by side) until its page count is the
    one its page numbers assumed."""
    assumed = [known or 2 for _scope, _toc, known in specs]  # else: the cover and one page of contents
    settled: dict[int, RenderedPdf] = {}
    pending = list(range(len(specs)))
    for _attempt in range(MAX_FRONT_LAYOUTS):
        if not pending:
            break
        contexts = [
            FrontMatter(site, plan.year, specs[i][0], stamp, specs[i][1](assumed[i]), plan.emblem) for i in pending
        ]
        laid = lay_out([_job(plan, c, options, lang, c.scope) for c in contexts], "front matter")
        still = []
        for i, front in zip(pending, laid, strict=True):
            if front.pages == assumed[i]:
                settled[i] = front
            else:
                assumed[i] = front.pages
                still.append(i)
        pending = still
    if pending:
        raise RuntimeError(f"the table of contents did not settle after {MAX_FRONT_LAYOUTS} layouts")
    return [settled[i] for i in range(len(specs))]


def _entry(plan: HandbookPlan, member: int, page: int, section: RenderedPdf | None) -> TocEntry:
    """The contents' line of section `member` starting on `page`; its KPI templates' pages
    from the section's anchors, or `page` for all of them before it is laid out."""
    entry, job = plan.contents[member], plan.section_jobs[member]
    if section is not None:
        kpis = _toc_kpis(job, section, page)
    elif isinstance(job.context, UnitSection):
        kpis = tuple(TocKpi(view.kpi, page) for view in job.context.kpis)
    else:
        kpis = ()
    return TocEntry(entry.key, entry.title, entry.depth, page, entry.chapter, kpis)


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


def _relative(book: str, index: str) -> str:
    """A book's file as the index links to it (both paths inside the output folder)."""
    return posixpath.relpath(book, posixpath.dirname(index) or ".")


def _job(
    plan: HandbookPlan, context: FrontMatter | Folios, options: BuildOptions, lang: str, scope: Unit | None = None
) -> RenderJob:
    unit = scope.id if scope else plan.scope.id if plan.scope else "handbook"
    return RenderJob(unit=unit, context=context, lang=lang, themes=options.themes)


def _map(queries: Queries, unit: Unit, lang: str, words: Catalogue) -> str:
    """The unit's strategy map: the very SVG the site shows."""
    if not unit.strategy.goals:
        return ""
    from builder.site.strategy_map import strategy_map_svg

    own = queries.kpis_of(unit.id)
    by_goal: dict[str, list[Kpi]] = {goal.id: [k for k in own if k.goal == goal.id] for goal in unit.strategy.goals}
    return strategy_map_svg(unit, queries.site, lang, kpis_by_goal=by_goal, words=words)
