"""Rollups through the cascade: a superior's split KPI computed from its children's actuals.

Where a superior splits a numeric target among the units below (`cascade.kind: split`)
and reports no actual for a round itself, its actual is the children's actuals of the
same period combined the way their targets are: their sum, or their mean weighted by
each child's `cascade.base`. A child's actual may itself be computed from its own
children, so a province rolls up from districts that roll up from officers.

"The same period" is the child's round that covers as many months from 1 October as the
superior's round: a person's round 1 (6 months) feeds a district's 6-month round. The
actual is computed only when every unit carrying the split has a value for that period;
a sum over the units that happened to report would understate the whole. Computed
actuals are kept to four decimals.

`children_rows` gives the pages, for one of a superior's KPIs in one round, the rows of
the units that carry it, so a superior's score can be shown beside theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from builder.cascade import cascade_index, combine
from builder.model import CascadeKind, CombineMethod, Content, Site
from builder.queries import reporting_order, rounds_for_kind
from builder.scoring.schemes import dec, round4

if TYPE_CHECKING:
    from builder.scoring.scorecard import KpiScore, Scorebook

ValueKey = tuple[str, int, str, str]  # (unit, year, round, KPI id)
_ActualOf = Callable[[ValueKey], float | None]


@dataclass(frozen=True, slots=True)
class ChildLink:
    """A KPI of a unit below that derives from a superior's KPI."""

    unit: str
    kpi: str  # the child's KPI id
    kind: CascadeKind
    combine: CombineMethod = "sum"
    base: float | None = None


# (superior unit, year, superior's KPI id) -> the KPIs below that derive from it
Links = Mapping[tuple[str, int, str], tuple[ChildLink, ...]]


@dataclass(frozen=True, slots=True)
class ChildRow:
    """One child's row beside a superior's KPI; `row` is None where the child has no
    scorecard for that period (not reported, or not published)."""

    unit: str
    kpi: str
    kind: CascadeKind
    round: str | None  # the child's round covering the same months
    row: KpiScore | None


def cascade_links(content: Content) -> Links:
    links: dict[tuple[str, int, str], tuple[ChildLink, ...]] = {}
    for key, children in cascade_index(content).items():
        links[key] = tuple(ChildLink(c.unit, c.item.kpi, c.link.kind, c.link.combine, c.link.base) for c in children)
    return links


class RoundMatcher:
    """The round of a unit kind that covers a given number of months (of rounds covering
    equal months, the first in reporting order)."""

    def __init__(self, site: Site) -> None:
        self._months = {r.id: r.months for r in site.rounds}
        self._by_kind_months: dict[tuple[str, int], str] = {}
        named: tuple[str, ...] = tuple({k for r in site.rounds for k in r.applies_to})
        for round_ in reporting_order(site):
            # a round for every kind counts for each named kind and for kinds no round names
            kinds: tuple[str, ...] = round_.applies_to or (*named, "")
            for kind in kinds:
                self._by_kind_months.setdefault((kind, round_.months), round_.id)

    def months(self, round_id: str) -> int | None:
        return self._months.get(round_id)

    def covering(self, kind: str, months: int) -> str | None:
        return self._by_kind_months.get((kind, months)) or self._by_kind_months.get(("", months))


def rolled_up_actuals(content: Content, links: Links, counted: Mapping[ValueKey, float]) -> dict[ValueKey, float]:
    """Every computed actual: (unit, year, round, KPI) -> value, for superiors' split
    KPIs that were not reported. `counted` holds the actuals that count as reported
    (verified where given). Each value is computed once, so this is linear in the links."""
    matcher = RoundMatcher(content.site)
    memo: dict[ValueKey, float | None] = {}

    def actual(key: ValueKey) -> float | None:
        return counted[key] if key in counted else computed(key)

    def computed(key: ValueKey) -> float | None:
        if key in memo:
            return memo[key]
        memo[key] = None  # a cycle in the unit tree (an error of its own) computes nothing
        unit, year, round_id, kpi = key
        splits = [c for c in links.get((unit, year, kpi), ()) if c.kind == "split"]
        months = matcher.months(round_id)
        memo[key] = _combined(splits, year, months, content, matcher, actual) if splits and months else None
        return memo[key]

    for (unit_id, year, kpi_id), children in links.items():
        unit, kpi = content.units.get(unit_id), content.kpi(unit_id, kpi_id)
        if unit is None or kpi is None or kpi.kind != "numeric" or not any(c.kind == "split" for c in children):
            continue
        for round_ in rounds_for_kind(content.site, unit.kind):
            key = (unit_id, year, round_.id, kpi_id)
            if key not in counted:
                computed(key)
    return {key: value for key, value in memo.items() if value is not None}


def _combined(
    splits: list[ChildLink],
    year: int,
    months: int,
    content: Content,
    matcher: RoundMatcher,
    actual: _ActualOf,
) -> float | None:
    values: list[float] = []
    for link in splits:
        child = content.units.get(link.unit)
        if child is not None and child.is_person and not content.site.publish_individual_results:
            return None  # a total of unpublished people's results would reveal them (one officer: exactly)
        child_round = matcher.covering(child.kind, months) if child else None
        value = actual((link.unit, year, child_round, link.kpi)) if child_round else None
        if value is None:
            return None  # one unit missing: the whole cannot be known
        values.append(value)
    result = combine(values, [link.base for link in splits], splits[0].combine)
    return None if result is None else float(round4(dec(result)))


def children_rows(scores: Scorebook, unit: str, year: int, round_id: str, kpi: str) -> tuple[ChildRow, ...]:
    """The rows of the units carrying `unit`'s KPI `kpi` in the period of `round_id`,
    ordered by unit id; every cascade kind (direct, split, contributing) is included."""
    months = scores.round_months.get(round_id)
    rows = []
    for link in scores.links.get((unit, year, kpi), ()):
        card = scores.card_covering(link.unit, year, months) if months is not None else None
        row = card.row(link.kpi) if card is not None else None
        rows.append(ChildRow(link.unit, link.kpi, link.kind, card.round if card else None, row))
    return tuple(rows)
