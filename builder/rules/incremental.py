"""Checking again only what an edit can change (`kpibook serve`).

What a rule says about a unit's files depends on the facts of the unit's neighbourhood
(`neighbourhood`): the unit itself, its superior (a cascade link names the superior's
KPI and keeps its criteria), its children (a KPI nobody below carries is a gap; the
children's splits must cover the unit's targets) and its siblings (the superior's
splits are combined across them, and a mismatch is reported at the first of them); and
on the files every unit shares: the site, the calendars, the plans above, the closed
rounds, the unit tree, and the day of the check. What a rule says about those shared
files depends on them alone (and on which units exist).

So when only units' facts changed (`builder.unit_facts`), the diagnostics about the
files of a unit with no changed unit in its neighbourhood are those of the last check;
the others are found by running every rule over the part of the content that the
affected units' neighbourhoods cover, keeping only what they say about the affected
units' files. Anything else (a shared file changed, a round closed, another day) checks
everything again. Each rule's diagnostics are kept in the order it emitted them, so the
diagnostics of any one file come in the order of a clean check: the sorting, the merging
of repeated diagnostics and the limit per file give the same report
(`tests/test_incremental_check.py` compares them over random edits).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from builder.diagnostics import Diagnostic, Diagnostics
from builder.model import Content
from builder.rules import RULES, Rule
from builder.rules.context import RuleContext
from builder.unit_facts import changed_facts, facts_by_unit

UnitFiles = Mapping[str, str]  # a content file, as diagnostics show its path -> the unit it belongs to


@dataclass(frozen=True)
class RuleFindings:
    """What the rules said about one version of the content, for the next check."""

    content: Content
    today: dt.date
    unit_files: UnitFiles
    by_rule: tuple[tuple[Diagnostic, ...], ...]  # for each rule of RULES, in the order it emitted them


class _Unlimited(Diagnostics):
    """Every diagnostic a rule emits, in order: the run's own collector applies the limit
    per file when they are added to it."""

    def _add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)


def check_rules(
    content: Content,
    ctx: RuleContext,
    diags: Diagnostics,
    unit_files: UnitFiles,
    previous: RuleFindings | None = None,
) -> RuleFindings:
    """Run every rule over `content` (all of it, or only where an edit since `previous`
    can change what they say); their diagnostics go to `diags`."""
    affected = affected_units(previous, content, ctx.today)
    if previous is None or affected is None:
        by_rule = tuple(_run(rule, content, ctx) for rule in RULES)
    else:
        part = part_of(content, neighbourhood(content, affected))
        fresh = RuleContext(ctx.today, ctx.tree)
        by_rule = tuple(
            (
                *(d for d in kept if previous.unit_files.get(d.loc.path) not in affected),
                *(d for d in _run(rule, part, fresh) if unit_files.get(d.loc.path) in affected),
            )
            for rule, kept in zip(RULES, previous.by_rule, strict=True)
        )
    for found in by_rule:
        diags.extend(found)
    return RuleFindings(content, ctx.today, unit_files, by_rule)


def _run(rule: Rule, content: Content, ctx: RuleContext) -> tuple[Diagnostic, ...]:
    found = _Unlimited()
    rule(content, ctx, found)
    return tuple(found.items)


def affected_units(previous: RuleFindings | None, content: Content, today: dt.date) -> set[str] | None:
    """The units whose neighbourhood holds a unit whose facts changed since `previous`;
    None when something else changed and everything must be checked again."""
    if previous is None or previous.today != today:
        return None
    old = previous.content
    if content.closures or old.closures:  # checked against their certified versions, not by these rules
        return None
    if old.site != content.site or old.calendars != content.calendars or old.plans != content.plans:
        return None
    if old.children_of != content.children_of or set(old.units) != set(content.units):
        return None
    changed = changed_facts(facts_by_unit(old), facts_by_unit(content))
    return neighbourhood(content, changed)


def neighbourhood(content: Content, units: Iterable[str]) -> set[str]:
    """The units, their superiors, their children and their siblings."""
    found: set[str] = set()
    for unit_id in units:
        parent = content.units[unit_id].parent if unit_id in content.units else None
        found.add(unit_id)
        found.update(content.children_of.get(unit_id, ()))
        if parent:
            found.add(parent)
            found.update(content.children_of.get(parent, ()))
    return found


def part_of(content: Content, units: Collection[str]) -> Content:
    """The content of some units only (and every shared file)."""
    return replace(
        content,
        units={u: unit for u, unit in content.units.items() if u in units},
        kpis={key: kpi for key, kpi in content.kpis.items() if kpi.unit in units},
        agreements={key: a for key, a in content.agreements.items() if key[0] in units},
        results={key: r for key, r in content.results.items() if key[0] in units},
        initiatives={key: i for key, i in content.initiatives.items() if key[0] in units},
        children_of={
            u: tuple(c for c in children if c in units) for u, children in content.children_of.items() if u in units
        },
    )
