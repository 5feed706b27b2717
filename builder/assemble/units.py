"""unit.yaml and kpis.yaml become `Unit` (with its strategy) and `Kpi`."""

from __future__ import annotations

from builder.assemble.nodes import Node, pair, to_person, to_text
from builder.model import (
    Goal,
    Kpi,
    KpiPeople,
    StrategicIssue,
    Strategy,
    Unit,
)

# -- units -----------------------------------------------------------------------------


def assemble_unit(node: Node, folder: str) -> Unit:
    return Unit(
        id=node.data["id"],
        kind=node.data["kind"],
        name=node.text("name"),
        short_name=node.text("short_name"),
        parent=node.data.get("parent"),
        head=to_person(node.child("head")),
        strategy=assemble_strategy(node.child("strategy")),
        folder=folder,
        emblem=str(node.data.get("emblem") or ""),
        **node.located(),
    )


def assemble_strategy(node: Node | None) -> Strategy:
    if node is None:
        return Strategy()
    period = node.data.get("plan_period")
    return Strategy(
        plan_period=(int(period[0]), int(period[1])) if period else None,
        vision=node.text("vision"),
        mission=tuple(to_text(m) for m in node.data.get("mission") or ()),
        issues=tuple(
            StrategicIssue(id=i.data["id"], name=i.text("name"), **i.located())
            for i in node.children("strategic_issues")
        ),
        goals=tuple(
            Goal(
                id=g.data["id"],
                name=g.text("name"),
                perspective=g.data.get("perspective", ""),
                issue=g.data.get("issue"),
                leads_to=tuple(g.data.get("leads_to") or ()),
                description=g.text("description"),
                plans=tuple(g.data.get("plans") or ()),
                **g.located(),
            )
            for g in node.children("goals")
        ),
        **node.located(),
    )


def assemble_kpi(node: Node, unit: str) -> Kpi:
    data = node.data
    people = node.child("people")
    return Kpi(
        unit=unit,
        id=data["id"],
        name=node.text("name"),
        goal=data.get("goal"),
        kind=data.get("kind", "numeric"),
        direction=data.get("direction", "higher"),
        measure=data.get("measure", "number"),
        unit_of_measure=node.text("unit"),
        type=data.get("type", ""),
        level=data.get("level", ""),
        source=node.text("source"),
        description=node.text("description"),
        formula=node.text("formula"),
        baseline={int(y): float(v) for y, v in (data.get("baseline") or {}).items()},
        data_source=node.text("data_source"),
        collection_method=node.text("collection_method"),
        conditions=node.text("conditions"),
        reporting=tuple(data.get("reporting") or ()),
        plausible_range=pair(data.get("plausible_range")),
        people=assemble_people(people),
        plans=tuple(data.get("plans") or ()),
        **node.located(),
    )


def assemble_people(node: Node | None) -> KpiPeople:
    if node is None:
        return KpiPeople()
    return KpiPeople(
        overseer=to_person(node.child("overseer")),
        collector=to_person(node.child("collector")),
        owner=to_person(node.child("owner")),
        co_owners=tuple(p for p in map(to_person, node.children("co_owners")) if p),
        supporters=tuple(p for p in map(to_person, node.children("supporters")) if p),
        **node.located(),
    )
