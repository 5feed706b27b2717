"""Rebuilding only what a change touches (`kpibook serve`).

Every page knows its inputs: the units whose facts it shows (`page_inputs`; of a
unit's siblings only what the navigation shows, `SIBLING_FACTS`). After a
change the new content and scores are compared with the previous ones unit by unit
(`changed_units`: the unit, its KPIs, agreements, results and scorecards; comparing the
scorecards catches a rollup that moved a superior's computed actual), and only the pages
whose inputs include a changed unit are written again, over the previous output. The
organisation's pages (home, cascade explorer, scorecards, calendar, owed, alignment)
show every unit; each is made again only when a kind of fact it shows changed in some
unit (`OrganisationPage.shows`: a result moved leaves the explorer as it was, a KPI
renamed the scorecards table), written again only when the facts it shows differ from those
it was last written from (`builder.site.org_pages`), and then only the parts of the units
whose values changed are rendered again (`builder.templating.PageParts`: one unit's rows
of the owed, cascade and scorecards pages). A unit's share of a round's status, its
entries of the status export and its rows of the scorecards workbook are kept the same
way, by unit, while its facts do not change (`builder.unit_pieces`). A change to the
site file, the unit tree, the process calendar, the plans above, a closed round, a theme or any file
that is not YAML content (evidence) rebuilds the whole site.

The result is byte for byte what a full build writes (`tests/test_serve.py` and
`tests/test_incremental.py` compare them, the latter over random series of edits).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from builder.alongside import alongside
from builder.catalogue import load_catalogue
from builder.model import Content
from builder.options import BuildOptions
from builder.pipeline import SiteState
from builder.queries import Queries
from builder.site import urls
from builder.site.assets import copy_evidence, evidence_files, write_emblems
from builder.site.org_pages import FRAME_FACTS, write_organisation_pages
from builder.site.pages_kpi import DOWN_DEPTH
from builder.site.render import site_languages
from builder.site.search import build_search_index, write_search_index
from builder.site.urls import language_root
from builder.site.workers import SiteJob, unit_and_kpi_pages, write_pages
from builder.templating import page_parts
from builder.unit_facts import EVERY_FACT, ChangedFacts, FactKind, changed_facts, facts_by_unit


@dataclass
class Update:
    full: bool  # the whole site must be built again
    units: tuple[str, ...] = ()  # units whose pages were written again
    pages: int = 0
    changed: set[str] = field(default_factory=set)
    parts: int = 0  # parts of organisation pages rendered again (the others kept from the last writing)


def page_inputs(content: Content, unit_id: str) -> frozenset[str]:
    """The units whose facts a unit's pages (and its KPI pages) show: its ancestors
    (breadcrumbs, the superior's KPIs, the cascade up to the top), its siblings (in the
    navigation: of them only `SIBLING_FACTS`), itself, and the units below it as deep as
    a KPI page's cascade goes (DOWN_DEPTH). A rollup from deeper down changes the
    scorecards of the units in between, which `changed_units` then counts as changed too."""
    unit = content.units[unit_id]
    inputs = {unit_id, *_below(content, unit_id, DOWN_DEPTH), *content.children_of.get(unit.parent or "", ())}
    parent = unit.parent
    while parent and parent in content.units and parent not in inputs:
        inputs.add(parent)
        parent = content.units[parent].parent
    return frozenset(inputs)


# what a page shows of its unit's siblings: their names and kinds in the navigation, each
# linked to its page of the year shown if it has an agreement that year (the frame)
SIBLING_FACTS: frozenset[FactKind] = FRAME_FACTS


def shows_a_changed_unit(content: Content, unit_id: str, changed: ChangedFacts) -> bool:
    """Whether an edit that changed these facts (`changed`: unit -> kinds) changed what
    the unit's pages show: a fact of a unit in `page_inputs`, and of a sibling only one
    of `SIBLING_FACTS` (a KPI renamed next door leaves the unit's pages as they were)."""
    siblings = content.children_of.get(content.units[unit_id].parent or "", ())
    for other in page_inputs(content, unit_id) & changed.keys():
        if other == unit_id or other not in siblings or changed[other] & SIBLING_FACTS:
            return True
    return False


def units_touched(content: Content, changed: ChangedFacts) -> tuple[str, ...]:
    """The units whose pages an edit that changed these facts changes, in order."""
    if not changed:
        return ()
    return tuple(sorted(u for u in content.units if shows_a_changed_unit(content, u, changed)))


def _below(content: Content, unit_id: str, depth: int) -> Iterable[str]:
    level = list(content.children_of.get(unit_id, ()))
    for _ in range(depth):
        yield from level
        level = [child for unit in level for child in content.children_of.get(unit, ())]


def changed_units(old: SiteState, new: SiteState) -> ChangedFacts | None:
    """Units whose facts differ, with the kinds that differ (`builder.unit_facts`); None
    when the site, the unit tree or another file every page depends on changed."""
    a, b = old.content, new.content
    if a.site != b.site or a.children_of != b.children_of or set(a.units) != set(b.units):
        return None
    if a.calendars != b.calendars or a.plans != b.plans:  # deadlines and steps show on every page
        return None
    if a.emblems != b.emblems or a.closures != b.closures:  # the header's emblem; a closed round's marks
        return None
    return changed_facts(facts_by_unit(a, old.scores), facts_by_unit(b, new.scores))


def update_site(
    old: SiteState,
    new: SiteState,
    changed: ChangedFacts,
    out: Path,
    options: BuildOptions,
    with_pages: Callable[[], object] = lambda: None,
    with_indexes: Callable[[], object] = lambda: None,
) -> Update:
    """Write again, into `out`, the pages whose inputs changed between `old` and `new`
    (`changed`: the units whose facts differ); pages of those units that a clean build
    would no longer write are removed. `new.pieces` holds the parts of the unchanged
    units kept from the last build.

    The unit and KPI pages and the search indexes are written in a forked process
    (`builder.alongside`) while this one writes the organisation pages, which keep what
    they were written from, and the parts they were made of, for the next rebuild. A
    search index is written again after every change (the fork cannot keep what it was
    written from); its units' documents are taken from the pieces of the last full build
    where the units did not change. `with_pages` and `with_indexes` are the rebuild's
    other writers, done on the side whose memory they may change: none, or that of this
    process."""
    content = new.content
    touched = units_touched(content, changed)
    update = Update(full=False, units=touched, changed=set(changed))
    if not changed:
        return update
    kept = new.kept
    kinds = changed_kinds(changed, options, kept.record)
    default_lang, languages = site_languages(content, options)
    index = Queries(content, new.scores, new.pieces)
    job = SiteJob(
        index=index,
        options=options,
        stage=out,
        default_lang=default_lang,
        languages=languages,
        catalogue=load_catalogue(options.themes),
        emblem=write_emblems(index, options.themes, out, only_missing=True),
        environments=kept.environments,  # the last full build's, with the parts it rendered
    )

    def unit_pages() -> int:
        written = 0
        chromes = job.chromes()
        for unit in touched:  # each unit in every language in turn: views made for one serve the others
            for lang in languages:
                pages = list(unit_and_kpi_pages(chromes[lang], (unit,)))
                written += write_pages(job.environment(lang), pages, out)
                remove_stale_pages(out, language_root(lang, default_lang), unit, {page.path for page in pages})
        for lang in languages:
            search = build_search_index(content, lang, job.catalogue, new.pieces)
            write_search_index(search, out / "static" / "search" / f"index.{lang}.js")
        sync_evidence(job.index, options.content, out)
        with_pages()
        return written

    def organisation_pages() -> None:
        for lang in languages:
            env, chrome = job.environment(lang), job.chrome(lang)
            parts = page_parts(env).rendered
            update.pages += write_organisation_pages(env, chrome, out, kept.record, kinds)
            update.parts += page_parts(env).rendered - parts
        with_indexes()

    written, _ = alongside(unit_pages, organisation_pages, fork=options.jobs != 1)
    update.pages += written
    return update


def changed_kinds(changed: ChangedFacts, options: BuildOptions, record: dict[object, object]) -> frozenset[FactKind]:
    """The kinds of facts an edit changed in any unit; all of them when the options
    differ from the last writing's (the stamp, the date of the build)."""
    kinds = frozenset[FactKind]().union(*changed.values())
    if record.get("options") != options:
        record["options"] = options
        return EVERY_FACT
    return kinds


def remove_stale_pages(out: Path, root: str, unit_id: str, pages: set[str]) -> None:
    """Remove the pages of a unit that it no longer has (a KPI or a year taken out)."""
    folder = out / root / posixpath.dirname(urls.unit(unit_id))
    for page in [*folder.glob("*.html"), *folder.joinpath("kpis").glob("*.html")]:
        if page.relative_to(out).as_posix() not in pages:
            page.unlink()


def sync_evidence(queries: Queries, content_root: Path, out: Path) -> None:
    """The evidence a clean build copies: missing files copied, and files no published
    result refers to any more removed."""
    files = evidence_files(queries, content_root)
    copy_evidence(queries, content_root, out, files, only_missing=True)
    wanted = {out / path for path in files}
    folder = out / "evidence"
    if folder.is_dir():
        for file in folder.rglob("*"):
            if file.is_file() and file not in wanted:
                file.unlink()
