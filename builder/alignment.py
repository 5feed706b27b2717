"""Which goals, KPIs and initiatives serve each external target, and which targets have
nothing serving them.

A goal, KPI or initiative names the targets it serves (`plans:`); serving a sub-plan
serves the master plan and the national strategy above it too, so a target counts as
served when something serves it or any target below it. For a fiscal year, the KPIs
are those in that year's agreements and the initiatives those of that year; goals are
the units' strategies (they span the plan period).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from builder.model import Content, Goal, Kpi, Unit
from builder.model_year import Initiative, PlanItem, PlanLevel, Plans


@dataclass(frozen=True, slots=True)
class GoalRef:
    unit: Unit
    goal: Goal


@dataclass(frozen=True, slots=True)
class TargetAlignment:
    """One external target and what serves it in one fiscal year."""

    item: PlanItem
    level: PlanLevel | None
    goals: tuple[GoalRef, ...]  # serving it directly
    kpis: tuple[Kpi, ...]
    initiatives: tuple[Initiative, ...]
    below: int  # goals, KPIs and initiatives serving the targets below it

    @property
    def direct(self) -> int:
        return len(self.goals) + len(self.kpis) + len(self.initiatives)

    @property
    def served(self) -> bool:
        return bool(self.direct or self.below)


def alignment(content: Content, year: int, agreed: Mapping[str, set[str]]) -> tuple[TargetAlignment, ...]:
    """Every target of `plans.yaml` in its order (parents first); `agreed` maps a unit id
    to the KPI ids of its agreement that year."""
    plans = content.plans or Plans()
    goals: dict[str, list[GoalRef]] = {}
    kpis: dict[str, list[Kpi]] = {}
    initiatives: dict[str, list[Initiative]] = {}
    for unit in sorted(content.units.values(), key=lambda u: u.id):
        for goal in unit.strategy.goals:
            for target in goal.plans:
                goals.setdefault(target, []).append(GoalRef(unit, goal))
    for kpi in content.kpis.values():
        if kpi.id in agreed.get(kpi.unit, set()):
            for target in kpi.plans:
                kpis.setdefault(target, []).append(kpi)
    for (_unit, found_year), found in sorted(content.initiatives.items()):
        if found_year == year:
            for initiative in found:
                for target in initiative.plans:
                    initiatives.setdefault(target, []).append(initiative)
    levels = {level.id: level for level in plans.levels}
    direct = {i.id: sum(len(found.get(i.id, ())) for found in (goals, kpis, initiatives)) for i in plans.items}
    below = _below(plans, direct)
    return tuple(
        TargetAlignment(
            item=item,
            level=levels.get(item.level),
            goals=tuple(goals.get(item.id, ())),
            kpis=tuple(kpis.get(item.id, ())),
            initiatives=tuple(initiatives.get(item.id, ())),
            below=below.get(item.id, 0),
        )
        for item in plans.items
    )


def _below(plans: Plans, direct: Mapping[str, int]) -> dict[str, int]:
    """For each target, what serves the targets below it (children come after their
    parent, so one backward pass adds each child's count to its parent)."""
    below = dict.fromkeys(direct, 0)
    for item in reversed(plans.items):
        if item.parent in below:
            below[item.parent] += below[item.id] + direct[item.id]
    return below
