"""Rebuilding only the pages a change touches (`kpibook serve`).

Every page knows its inputs: the units whose facts it shows (`page_inputs`). After a
change the new content and scores are compared with the previous ones unit by unit
(`changed_units`: the unit, its KPIs, agreements, results and scorecards; comparing the
scorecards catches a rollup that moved a superior's computed actual), and only the pages
whose inputs include a changed unit are written again, over the previous output. The
organisation's pages (home, cascade explorer, scorecards, search) show every unit and are
written on every change (so are the calendar, owed and alignment pages). A change to the
site file, the unit tree, the process calendar, the plans above, a theme or any file that
is not YAML content (evidence) rebuilds the whole site.

The result is byte for byte what a full build writes (`tests/test_serve.py` compares
them); to make rebuilds finer (issue 15: thousands of units), narrow `page_inputs`, e.g. by
giving unit pages and KPI pages inputs of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from builder.catalogue import load_catalogue
from builder.model import Content
from builder.options import BuildOptions
from builder.pipeline import SiteState
from builder.queries import Queries
from builder.site.pages_kpi import DOWN_DEPTH
from builder.site.render import organisation_pages, site_languages, write_search
from builder.site.workers import SiteJob, render_units, write_pages

# compiled templates, kept from one rebuild to the next (Jinja recompiles a template
# whose file changed); a change to a theme builds everything again anyway
_ENVIRONMENTS: dict[tuple[Path, ...], dict[str, Environment]] = {}


@dataclass
class Update:
    full: bool  # the whole site must be built again
    units: tuple[str, ...] = ()  # units whose pages were written again
    pages: int = 0
    changed: set[str] = field(default_factory=set)


def page_inputs(content: Content, unit_id: str) -> frozenset[str]:
    """The units whose facts a unit's pages (and its KPI pages) show: its ancestors
    (breadcrumbs, the superior's KPIs), its siblings (navigation, shared split targets),
    itself, and the units below it as deep as a KPI page's cascade goes (DOWN_DEPTH).
    A rollup from deeper down changes the scorecards of the units in between, which
    `changed_units` then counts as changed too."""
    unit = content.units[unit_id]
    inputs = {unit_id, *_below(content, unit_id, DOWN_DEPTH), *content.children_of.get(unit.parent or "", ())}
    parent = unit.parent
    while parent and parent in content.units and parent not in inputs:
        inputs.add(parent)
        parent = content.units[parent].parent
    return frozenset(inputs)


def _below(content: Content, unit_id: str, depth: int) -> Iterable[str]:
    level = list(content.children_of.get(unit_id, ()))
    for _ in range(depth):
        yield from level
        level = [child for unit in level for child in content.children_of.get(unit, ())]


def changed_units(old: SiteState, new: SiteState) -> set[str] | None:
    """Units whose facts differ; None when the site or the unit tree changed."""
    a, b = old.content, new.content
    if a.site != b.site or a.children_of != b.children_of or set(a.units) != set(b.units):
        return None
    if a.calendars != b.calendars or a.plans != b.plans:  # deadlines and steps show on every page
        return None
    return {unit for unit in b.units if _facts(old, unit) != _facts(new, unit)}


def _facts(state: SiteState, unit: str) -> tuple[object, ...]:
    content = state.content
    return (
        content.units[unit],
        {k: v for k, v in content.kpis.items() if k.startswith(unit + "/")},
        {k: v for k, v in content.agreements.items() if k[0] == unit},
        {k: v for k, v in content.results.items() if k[0] == unit},
        {k: v for k, v in state.scores.cards.items() if k[0] == unit},
        {k: v for k, v in content.initiatives.items() if k[0] == unit},
    )


def update_site(old: SiteState, new: SiteState, out: Path, options: BuildOptions) -> Update:
    """Write again, into `out`, the pages whose inputs changed between `old` and `new`."""
    changed = changed_units(old, new)
    if changed is None:
        return Update(full=True)
    content = new.content
    touched = tuple(sorted(u for u in content.units if changed and page_inputs(content, u) & changed))
    update = Update(full=False, units=touched, changed=changed)
    if not changed:
        return update
    default_lang, languages = site_languages(content, options)
    job = SiteJob(
        index=Queries(content, new.scores),
        options=options,
        stage=out,
        default_lang=default_lang,
        languages=languages,
        catalogue=load_catalogue(options.themes),
        environments=_ENVIRONMENTS.setdefault(options.themes, {}),
    )
    for lang in languages:
        update.pages += write_pages(job.environment(lang), organisation_pages(job.chrome(lang)), out)
        write_search(content, lang, job.catalogue, out)
    update.pages += render_units(job, list(touched))
    return update
