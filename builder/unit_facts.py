"""Each unit's own facts, by kind, and which of them differ between two versions of the
content: what `kpibook serve` compares to find what an edit changed.

A unit's facts are the unit itself, its KPIs, its agreements, its results, its
scorecards and its initiatives. A file read again unchanged is made into the same model
objects (`builder.assemble.made`) and a scorecard computed from the same inputs is the
same object (`builder.scoring.scorecard.score_content`), so comparing two versions of a
large tree is mostly comparing identities: linear in the tree and fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from builder.model import Content

if TYPE_CHECKING:
    from builder.scoring.scorecard import Scorebook

FactKind = Literal["unit", "kpis", "agreements", "results", "scorecards", "initiatives"]
FACT_KINDS: tuple[FactKind, ...] = ("unit", "kpis", "agreements", "results", "scorecards", "initiatives")
EVERY_FACT: frozenset[FactKind] = frozenset(FACT_KINDS)

UnitFacts = tuple[object, ...]  # one value for each kind of FACT_KINDS, in that order
ChangedFacts = Mapping[str, frozenset[FactKind]]  # unit -> the kinds of its facts that differ


def facts_by_unit(content: Content, scores: Scorebook | None = None) -> dict[str, UnitFacts]:
    """Each unit's facts (without `scores`, no scorecards): one pass over each kind."""
    kpis: dict[str, dict[object, object]] = {unit: {} for unit in content.units}
    agreements: dict[str, dict[object, object]] = {unit: {} for unit in content.units}
    results: dict[str, dict[object, object]] = {unit: {} for unit in content.units}
    cards: dict[str, dict[object, object]] = {unit: {} for unit in content.units}
    initiatives: dict[str, dict[object, object]] = {unit: {} for unit in content.units}
    for key, kpi in content.kpis.items():
        kpis.setdefault(kpi.unit, {})[key] = kpi
    for (unit, year), agreement in content.agreements.items():
        agreements.setdefault(unit, {})[year] = agreement
    for (unit, year, round_id), result_set in content.results.items():
        results.setdefault(unit, {})[(year, round_id)] = result_set
    for (unit, year, round_id), card in scores.cards.items() if scores is not None else ():
        cards.setdefault(unit, {})[(year, round_id)] = card
    for (unit, year), of_year in content.initiatives.items():
        initiatives.setdefault(unit, {})[year] = of_year
    return {
        unit: (content.units[unit], kpis[unit], agreements[unit], results[unit], cards[unit], initiatives[unit])
        for unit in content.units
    }


def changed_facts(before: Mapping[str, UnitFacts], after: Mapping[str, UnitFacts]) -> dict[str, frozenset[FactKind]]:
    """The units of `after` whose facts differ from `before`'s, with the kinds that differ
    (a unit only in `after` differs in every kind)."""
    changed: dict[str, frozenset[FactKind]] = {}
    for unit, facts in after.items():
        old = before.get(unit)
        if old is None:
            changed[unit] = EVERY_FACT
        elif old != facts:
            changed[unit] = frozenset(kind for kind, a, b in zip(FACT_KINDS, old, facts, strict=True) if a != b)
    return changed
