"""Initiatives and their money, as JSON: one document per unit and fiscal year with
initiatives, for a dashboard of budgets and disbursement beside the scorecards
(described by `schemas/export.schema.json`, kind `initiatives`).

    data/units/<unit>/<year>/initiatives.json

Every figure is a fact of `builder.budget` as the pages show it: where each initiative
stands (its latest round report), each round's disbursement against the plan to date,
the goals it serves, and the unit's budget totals, per goal and per perspective (an
initiative counts once in every goal and perspective it serves). Amounts are baht as
written, rates percentages to two decimals. Only what the pipeline hands over is
exported: a person's initiatives come without their round reports unless individual
results are published (builder/privacy.py).
"""

from __future__ import annotations

from typing import Any

from builder.budget import BudgetTotal, RoundMoney, Standing
from builder.json_values import json_number, json_person, json_text
from builder.queries import Queries

FORMAT_VERSION = 1
Json = dict[str, Any]


def initiatives_file(unit_id: str, year: int) -> str:
    """Path of a unit's initiatives of a year, relative to data/ (IDs are slugs)."""
    return f"units/{unit_id}/{year}/initiatives.json"


def initiative_years(queries: Queries, unit_id: str) -> list[int]:
    """The fiscal years in which the unit has initiatives, in the site's order."""
    return [year for year in queries.site.fiscal_years if queries.initiatives(unit_id, year)]


def initiatives_entry(queries: Queries, unit_id: str, year: int) -> Json:
    """What the index says of a unit's initiatives of a year: the file and the totals."""
    total = queries.budget_total(unit_id, year)
    return {"year": year, "file": initiatives_file(unit_id, year), **_total(total)}


def initiatives_document(queries: Queries, unit_id: str, year: int) -> Json:
    unit = queries.content.units[unit_id]
    goals = {goal.id: goal for goal in unit.strategy.goals}
    by_goal = queries.budget_by_goal(unit_id, year)
    by_perspective = queries.budget_by_perspective(unit, year)
    return {
        "kind": "initiatives",
        "version": FORMAT_VERSION,
        "unit": {"id": unit.id, "kind": unit.kind, "name": json_text(unit.name)},
        "year": year,
        "total": _total(queries.budget_total(unit_id, year)),
        "by_goal": [
            {"goal": goal_id, "name": json_text(goals[goal_id].name), **_total(by_goal[goal_id])}
            for goal_id in goals
            if goal_id in by_goal
        ],
        "by_perspective": [
            {"perspective": p.id, "name": json_text(p.name), **_total(by_perspective[p.id])}
            for p in queries.site.perspectives
            if p.id in by_perspective
        ],
        "initiatives": [_initiative(s) for s in queries.initiatives(unit_id, year)],
    }


def _initiative(s: Standing) -> Json:
    i = s.initiative
    return {
        "id": i.id,
        "kind": i.kind,
        "name": json_text(i.name),
        "description": json_text(i.description),
        "goals": list(s.goals),
        "kpis": list(i.kpis),
        "plans": list(i.plans),
        "owner": json_person(i.owner),
        "start": i.start,
        "end": i.end,
        "budget": json_number(i.budget),
        "budget_source": json_text(i.budget_source),
        "as_of": s.round,
        "disbursed": json_number(s.disbursed),
        "planned_to_date": json_number(s.planned_to_date),
        "rate": json_number(s.rate),
        "progress": s.progress,
        "status": s.status,
        "rounds": [_round(money) for money in s.reports],
    }


def _round(money: RoundMoney) -> Json:
    report = money.report
    return {
        "round": report.round,
        "planned": json_number(report.planned),
        "disbursed": json_number(report.disbursed),
        "against_plan": json_number(money.against_plan),
        "progress": report.progress,
        "status": report.status,
        "note": json_text(report.note),
    }


def _total(total: BudgetTotal) -> Json:
    return {
        "count": total.count,
        "budget": json_number(total.budget),
        "disbursed": json_number(total.disbursed),
        "without_budget": total.without_budget,
    }
