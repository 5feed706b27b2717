"""agreements/<year>.yaml becomes `Agreement` with its items, criteria and cascade links."""

from __future__ import annotations

from typing import Any

from builder.assemble.nodes import Node, num, to_person, to_text
from builder.loader import Document, JsonPath
from builder.model import (
    Agreement,
    AgreementItem,
    CascadeLink,
    Criteria,
    MilestoneLevel,
)

# -- agreements ------------------------------------------------------------------------


def assemble_agreement(node: Node, unit: str) -> Agreement:
    data = node.data
    signatories = node.child("signatories")
    return Agreement(
        unit=unit,
        year=int(data["year"]),
        weighting=data.get("weighting", "weights"),
        dimension_weights={k: float(v) for k, v in (data.get("dimension_weights") or {}).items()},
        items=tuple(assemble_item(i) for i in node.children("items")),
        evaluatee=to_person(signatories.child("evaluatee")) if signatories else None,
        evaluator=to_person(signatories.child("evaluator")) if signatories else None,
        signed_on=str(signatories.data["signed_on"]) if signatories and signatories.data.get("signed_on") else None,
        **node.located(),
    )


def assemble_item(node: Node) -> AgreementItem:
    data = node.data
    cascade = node.child("cascade")
    importance = data.get("importance")
    return AgreementItem(
        kpi=data["kpi"],
        group=data.get("dimension") or data.get("category") or "",
        weight=num(data.get("weight")),
        importance=int(importance) if importance is not None else None,
        criteria=assemble_criteria(node.doc, (*node.path, "criteria"), data.get("criteria")),
        target=num(data.get("target")),
        baseline=num(data.get("baseline")),
        responsible=node.text("responsible"),
        cascade=assemble_cascade(cascade) if cascade else None,
        **node.located(),
    )


def assemble_criteria(doc: Document, path: JsonPath, value: Any) -> Criteria:
    loc = doc.loc(path)
    if isinstance(value, dict):
        return Criteria(tiers={k: float(v) for k, v in value.items()}, loc=loc)
    values = list(value or ())
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return Criteria(levels=tuple(float(v) for v in values), loc=loc)
    milestones = []
    for i, level in enumerate(values):
        if isinstance(level, dict) and "text" in level:
            steps = tuple(to_text(s) for s in level.get("steps") or ())
            milestones.append(MilestoneLevel(text=to_text(level["text"]), steps=steps, loc=doc.loc((*path, i))))
        else:
            milestones.append(MilestoneLevel(text=to_text(level), loc=doc.loc((*path, i))))
    return Criteria(milestones=tuple(milestones), loc=loc)


def assemble_cascade(node: Node) -> CascadeLink:
    return CascadeLink(
        parent_kpi=node.data["from"],
        kind=node.data.get("kind", "direct"),
        combine=node.data.get("combine", "sum"),
        base=num(node.data.get("base")),
        **node.located(),
    )
