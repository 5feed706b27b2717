"""`kpibook diff`: what a change does to the content, by unit, with its score impact.

    sides.py    the two sides (a git revision, the working tree, a folder) and which files differ
    scope.py    which units must be read so that everything reported is exact
    changes.py  what changed in a unit's own files, compared as parsed values
    impact.py   every scorecard whose total moved, from the two sides' scorebooks
    report.py   the report as plain data
    text.py, markdown.py, jsonout.py   the renderers

`diff_sides` reads both sides through the same reader, rules and scoring as `check` and
`build` (only the units in scope), then compares them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from builder.diagnostics import Diagnostic
from builder.diff.changes import closure_changes, site_changes, unit_changes
from builder.diff.impact import score_impacts
from builder.diff.report import Change, DiffReport, SideInfo, UnitDiff, UnitStatus
from builder.diff.scope import Scope, scope_of, split_carriers, unit_of
from builder.diff.sides import Side
from builder.model import Content, Text
from builder.pipeline import Checked, check_tree
from builder.reader import ParseCache
from builder.scoring.scorecard import Scorebook, score_content
from builder.tree import ContentTree


def diff_sides(base: Side, head: Side, today: dt.date) -> DiffReport:
    scope = scope_of(base, head)
    parsed = ParseCache()  # the files both sides share are parsed once
    old, new = _read(base, scope, today, parsed), _read(head, scope, today, parsed)
    while scope.units is not None:  # a split rolled up from below reaches further down
        focus = set(scope.expanded)
        carriers = set().union(*(split_carriers(c.content, focus) for c in (old, new) if c.content))
        if not scope.expand(carriers):
            break
        old, new = _read(base, scope, today, parsed), _read(head, scope, today, parsed)
    return _compare(base, head, scope, old, new)


def _read(side: Side, scope: Scope, today: dt.date, parsed: ParseCache) -> Checked:
    side.prefetch(scope.units)
    return check_tree(side.tree, today, only_units=scope.units, parsed=parsed)


def _compare(base: Side, head: Side, scope: Scope, old: Checked, new: Checked) -> DiffReport:
    compared = old.content is not None and new.content is not None
    old_scores = score_content(old.content) if old.content is not None and compared else None
    new_scores = score_content(new.content) if new.content is not None and compared else None
    introduced, fixed = _diagnostic_changes(old.diagnostics.sorted(), new.diagnostics.sorted())
    unit_of_diag = _attribution(base.tree, head.tree)
    units = []
    for unit_id in _reported_units(scope, old.content, new.content, introduced, fixed, unit_of_diag):
        unit = _unit_diff(
            unit_id,
            scope,
            old.content,
            new.content,
            (old_scores, new_scores),
            [d for d in introduced if unit_of_diag(d) == unit_id],
            [d for d in fixed if unit_of_diag(d) == unit_id],
        )
        if unit is not None:
            units.append(unit)
    units.sort(key=lambda u: u.order)
    site = (
        [*site_changes(old.content.site, new.content.site), *closure_changes(old.content, new.content)]
        if old.content and new.content
        else []
    )
    site_any = old.content or new.content
    return DiffReport(
        base=SideInfo(base.label, base.commit, old.content is not None),
        head=SideInfo(head.label, head.commit, new.content is not None),
        changed_files=tuple(head.tree.shown(rel) for rel in scope.changed),
        site=tuple(site),
        units=tuple(units),
        introduced=tuple(d for d in introduced if unit_of_diag(d) is None),
        fixed=tuple(d for d in fixed if unit_of_diag(d) is None),
        round_names={r.id: r.name for r in site_any.site.rounds} if site_any else {},
        units_read=len(scope.units) if scope.units is not None else None,
    )


def _reported_units(
    scope: Scope,
    old: Content | None,
    new: Content | None,
    introduced: list[Diagnostic],
    fixed: list[Diagnostic],
    unit_of_diag: Callable[[Diagnostic], str | None],
) -> list[str]:
    candidates: set[str] = set(scope.changed_units)
    for content in (old, new):
        if content is not None:
            candidates.update(content.units if scope.units is None else scope.units & set(content.units))
    candidates.update(u for d in (*introduced, *fixed) if (u := unit_of_diag(d)) is not None)
    return sorted(candidates)


def _unit_diff(
    unit_id: str,
    scope: Scope,
    old: Content | None,
    new: Content | None,
    scores: tuple[Scorebook | None, Scorebook | None],
    introduced: list[Diagnostic],
    fixed: list[Diagnostic],
) -> UnitDiff | None:
    changes: list[Change] = []
    impacts = []
    if old is not None and new is not None and scores[0] is not None and scores[1] is not None:
        if unit_id in scope.changed_units:
            changes = unit_changes(old, new, unit_id)
        impacts = score_impacts(scores[0], scores[1], unit_id, scope.changed_units)
    if not (changes or impacts or introduced or fixed):
        return None
    was = old.units.get(unit_id) if old else None
    now = new.units.get(unit_id) if new else None
    status: UnitStatus = (
        "added"
        if was is None and now is not None and old is not None
        else "removed"
        if now is None and was is not None and new is not None
        else "changed"
        if changes
        else "affected"
    )
    named = now or was
    kpis = {c.kpi for c in changes if c.kpi} | {row.kpi for s in impacts for row in s.rows}
    return UnitDiff(
        unit=unit_id,
        name=named.name if named else Text(th=unit_id, en=unit_id),
        status=status,
        order=_order(unit_id, new, old),
        changes=tuple(changes),
        scores=tuple(impacts),
        introduced=tuple(introduced),
        fixed=tuple(fixed),
        kpi_names={k: _kpi_name(k, unit_id, new, old) for k in sorted(kpis)},
    )


def _order(unit_id: str, *contents: Content | None) -> tuple[str, ...]:
    """The ids from the top down to the unit (tree order sorts by it)."""
    for content in contents:
        if content is not None and unit_id in content.units:
            chain = [unit_id]
            parent = content.units[unit_id].parent
            while parent is not None and parent in content.units and parent not in chain:
                chain.append(parent)
                parent = content.units[parent].parent
            return tuple(reversed(chain))
    return (unit_id,)


def _kpi_name(kpi_id: str, unit_id: str, *contents: Content | None) -> Text:
    for content in contents:
        kpi = content.kpi(unit_id, kpi_id) if content is not None else None
        if kpi is not None:
            return kpi.name
    return Text(th=kpi_id, en=kpi_id)


# -- diagnostics: which the change introduced, which it fixed ---------------------------


def _key(d: Diagnostic) -> tuple[Any, ...]:
    """A diagnostic without its line and column: an edit above it moves it, but it is the
    same problem."""
    related = tuple((r.loc.path, r.note, r.params) for r in d.related)
    return (d.severity, d.code, d.loc.path, d.params, related)


def _diagnostic_changes(
    old: Iterable[Diagnostic], new: Iterable[Diagnostic]
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    old, new = list(old), list(new)
    before, after = Counter(map(_key, old)), Counter(map(_key, new))
    introduced, fixed = [], []
    seen: Counter[tuple[Any, ...]] = Counter()
    for d in new:
        seen[_key(d)] += 1
        if seen[_key(d)] > before[_key(d)]:
            introduced.append(d)
    seen.clear()
    for d in old:
        seen[_key(d)] += 1
        if seen[_key(d)] > after[_key(d)]:
            fixed.append(d)
    return introduced, fixed


def _attribution(*trees: ContentTree) -> Callable[[Diagnostic], str | None]:
    """The unit a diagnostic belongs to, from the folder of its file."""
    roots = {tree.shown(()) for tree in trees}

    def unit(d: Diagnostic) -> str | None:
        for root in roots:
            prefix = "" if root in ("", ".") else root.rstrip("/") + "/"
            if d.loc.path.startswith(prefix):
                return unit_of(tuple(d.loc.path[len(prefix) :].split("/")))
        return None

    return unit


__all__ = ["diff_sides"]
