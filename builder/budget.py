"""Initiatives and their money: where each stands, and budget totals per goal and per
perspective (the strategy map's bands, the four dimensions where a site uses them).

- **Where an initiative stands** is its latest round report in reporting order: money is
  cumulative since 1 October, so the latest report holds the year to date.
- **Round by round**, each report's disbursement to date against the disbursement
  planned by that round's end (the plan-versus-actual offices are asked for).
- **Which goals it serves**: the goals it names, and the goals of the KPIs it names.
- **Totals** count an initiative's budget and disbursement once in every goal it serves
  and once in every perspective of those goals, and once in the unit's total: a project
  serving two goals appears under both, so goal totals may add up to more than the
  unit's (the pages say which initiatives are shared).

Amounts are `Decimal` baht as written; rates are percentages to two decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from builder.model_year import Initiative, InitiativeRound, InitiativeStatus

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class RoundMoney:
    """One round's report of an initiative, with its money to date against the plan to date."""

    report: InitiativeRound
    against_plan: Decimal | None  # disbursed ÷ planned by the round's end, percent


@dataclass(frozen=True, slots=True)
class Standing:
    """An initiative as of its latest round report."""

    initiative: Initiative
    goals: tuple[str, ...]  # goals it serves: named, and through its KPIs
    reports: tuple[RoundMoney, ...]  # its reports of the year's rounds, in reporting order
    latest: InitiativeRound | None  # its latest report, in reporting order
    round: str | None  # that report's round
    disbursed: Decimal | None
    planned_to_date: Decimal | None
    rate: Decimal | None  # disbursed ÷ budget, percent
    progress: float | None
    status: InitiativeStatus | None


@dataclass(frozen=True, slots=True)
class BudgetTotal:
    """Budget and disbursement of a group of initiatives (each counted once)."""

    count: int
    budget: Decimal
    disbursed: Decimal
    without_budget: int  # initiatives in the group that give no budget

    @property
    def rate(self) -> Decimal | None:
        return percent(self.disbursed, self.budget)


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (part * 100 / whole).quantize(CENT, ROUND_HALF_UP)


def standing(initiative: Initiative, order: Mapping[str, int], goal_of_kpi: Mapping[str, str]) -> Standing:
    """`order` gives each round's position in reporting order; `goal_of_kpi` the goal each
    of the unit's KPIs measures."""
    reports = sorted((r for r in initiative.rounds if r.round in order), key=lambda r: order[r.round])
    latest = reports[-1] if reports else None
    money = [r for r in reports if r.disbursed is not None]
    disbursed = money[-1].disbursed if money else None
    planned = next((r.planned for r in reversed(reports) if r.planned is not None), None)
    status = next((r.status for r in reversed(reports) if r.status is not None), None)
    progress = next((r.progress for r in reversed(reports) if r.progress is not None), None)
    goals = dict.fromkeys(initiative.goals)
    goals.update(dict.fromkeys(goal_of_kpi[k] for k in initiative.kpis if k in goal_of_kpi))
    return Standing(
        initiative=initiative,
        goals=tuple(goals),
        reports=tuple(RoundMoney(r, percent(r.disbursed, r.planned)) for r in reports),
        latest=latest,
        round=latest.round if latest else None,
        disbursed=disbursed,
        planned_to_date=planned,
        rate=percent(disbursed, initiative.budget),
        progress=progress,
        status=status,
    )


def total(standings: Iterable[Standing]) -> BudgetTotal:
    found = list(standings)
    return BudgetTotal(
        count=len(found),
        budget=sum((s.initiative.budget or Decimal(0) for s in found), Decimal(0)),
        disbursed=sum((s.disbursed or Decimal(0) for s in found), Decimal(0)),
        without_budget=sum(1 for s in found if s.initiative.budget is None),
    )


def totals_by_goal(standings: Sequence[Standing]) -> dict[str, BudgetTotal]:
    by_goal: dict[str, list[Standing]] = {}
    for s in standings:
        for goal in s.goals:
            by_goal.setdefault(goal, []).append(s)
    return {goal: total(found) for goal, found in by_goal.items()}


def totals_by_perspective(standings: Sequence[Standing], perspective_of: Mapping[str, str]) -> dict[str, BudgetTotal]:
    """`perspective_of` maps a goal id to its perspective."""
    by_perspective: dict[str, dict[str, Standing]] = {}
    for s in standings:
        for perspective in dict.fromkeys(perspective_of[g] for g in s.goals if g in perspective_of):
            by_perspective.setdefault(perspective, {})[s.initiative.key] = s
    return {p: total(found.values()) for p, found in by_perspective.items()}
