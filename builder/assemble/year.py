"""calendar/<year>.yaml, units/<unit>/initiatives/<year>.yaml and plans.yaml become
`Calendar`, `Initiative` and `Plans` (`builder.model_year`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from builder.assemble.nodes import Node, to_person, to_text
from builder.model_year import (
    Calendar,
    CalendarStep,
    Initiative,
    InitiativeRound,
    Parties,
    PlanItem,
    PlanLevel,
    Plans,
    StepDone,
)

# -- the process calendar --------------------------------------------------------------


def assemble_calendar(node: Node) -> Calendar:
    data = node.data
    return Calendar(
        year=int(data["year"]),
        name=node.text("name"),
        revised=_date(data.get("revised")),
        steps=tuple(assemble_step(s) for s in node.children("steps")),
        **node.located(),
    )


def assemble_step(node: Node) -> CalendarStep:
    """A one-day step (`date:`) starts and ends that day; a step missing a date is kept
    with what it has (the rule `calendar.step-dates` reports it)."""
    data = node.data
    day = _date(data.get("date"))
    start = day or _date(data.get("start")) or _date(data.get("end")) or ""
    end = day or _date(data.get("end")) or start
    done = node.child("done")
    return CalendarStep(
        id=data["id"],
        name=node.text("name"),
        description=node.text("description"),
        start=start,
        end=end,
        responsible=assemble_parties(node.child("responsible")),
        involved=assemble_parties(node.child("involved")),
        rounds=tuple(data.get("rounds") or ()),
        results_due=data.get("results_due"),
        documents=tuple(to_text(d) for d in data.get("documents") or ()),
        done=StepDone(date=str(done.data["date"]), note=done.text("note"), **done.located()) if done else None,
        **node.located(),
    )


def assemble_parties(node: Node | None) -> Parties:
    if node is None:
        return Parties()
    return Parties(
        units=tuple(node.data.get("units") or ()),
        kinds=tuple(node.data.get("kinds") or ()),
        people=tuple(p for p in map(to_person, node.children("people")) if p),
        **node.located(),
    )


# -- initiatives -----------------------------------------------------------------------


def assemble_initiatives(node: Node, unit: str) -> tuple[int, tuple[Initiative, ...]]:
    year = int(node.data["year"])
    return year, tuple(assemble_initiative(i, unit, year) for i in node.children("initiatives"))


def assemble_initiative(node: Node, unit: str, year: int) -> Initiative:
    data = node.data
    return Initiative(
        unit=unit,
        year=year,
        id=data["id"],
        kind=data.get("kind", "project"),
        name=node.text("name"),
        description=node.text("description"),
        goals=tuple(data.get("goals") or ()),
        kpis=tuple(data.get("kpis") or ()),
        plans=tuple(data.get("plans") or ()),
        owner=to_person(node.child("owner")),
        start=_date(data.get("start")),
        end=_date(data.get("end")),
        budget=money(data.get("budget")),
        budget_source=node.text("budget_source"),
        rounds=tuple(assemble_initiative_round(r) for r in node.children("rounds")),
        **node.located(),
    )


def assemble_initiative_round(node: Node) -> InitiativeRound:
    data = node.data
    progress = data.get("progress")
    return InitiativeRound(
        round=data["round"],
        planned=money(data.get("planned")),
        disbursed=money(data.get("disbursed")),
        progress=None if progress is None else float(progress),
        status=data.get("status"),
        note=node.text("note"),
        **node.located(),
    )


def money(value: Any) -> Decimal | None:
    """Baht exactly as written: 1250000.50 stays 1250000.50 (sums are exact)."""
    return None if value is None else Decimal(str(value))


# -- plans above the organisation ------------------------------------------------------


def assemble_plans(node: Node) -> Plans:
    items: list[PlanItem] = []
    for top in node.children("plans"):
        _flatten(top, None, 0, items)
    return Plans(
        levels=tuple(PlanLevel(id=n.data["id"], name=n.text("name"), **n.located()) for n in node.children("levels")),
        items=tuple(items),
        **node.located(),
    )


def _flatten(node: Node, parent: str | None, depth: int, into: list[PlanItem]) -> None:
    """Depth first, every parent before the items below it (the recursion is bounded by
    the loader's limit on nesting)."""
    data = node.data
    into.append(
        PlanItem(
            id=data["id"],
            level=data["level"],
            code=str(data.get("code") or ""),
            name=node.text("name"),
            description=node.text("description"),
            parent=parent,
            depth=depth,
            **node.located(),
        )
    )
    for child in node.children("items"):
        _flatten(child, data["id"], depth + 1, into)


def _date(value: Any) -> str | None:
    return str(value) if value else None
