"""agreements/<year>.yaml becomes `Agreement` with its items, criteria and cascade links."""

from __future__ import annotations

from typing import Any

from builder.assemble.nodes import Node, num, to_person, to_text
from builder.document import Document, JsonPath
from builder.model import (
    Agreement,
    AgreementItem,
    Amendment,
    AmendmentAction,
    CascadeLink,
    Criteria,
    ItemChange,
    MilestoneLevel,
    RoundTerms,
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
        amendments=tuple(assemble_amendment(a) for a in node.children("amendments")),
        **node.located(),
    )


def assemble_item(node: Node) -> AgreementItem:
    data = node.data
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
        cascade=assemble_links(node),
        rounds=assemble_rounds(node),
        held=node.text("held"),
        **node.located(),
    )


def assemble_links(node: Node) -> tuple[CascadeLink, ...]:
    """`cascade:` is one link or a list of links (a KPI contributing to several)."""
    value = node.data.get("cascade")
    if isinstance(value, dict):
        return (assemble_cascade(Node(node.doc, (*node.path, "cascade"), value)),)
    return tuple(assemble_cascade(link) for link in node.children("cascade"))


def assemble_rounds(node: Node) -> tuple[RoundTerms, ...]:
    """`rounds:` maps a round id to that round's criteria, weight and target."""
    rounds = node.child("rounds")
    if rounds is None:
        return ()
    return tuple(assemble_round_terms(rounds, str(round_id)) for round_id in rounds.data)


def assemble_round_terms(rounds: Node, round_id: str) -> RoundTerms:
    terms = Node(rounds.doc, (*rounds.path, round_id), rounds.data[round_id] or {})
    importance = terms.data.get("importance")
    criteria = terms.data.get("criteria")
    return RoundTerms(
        round=round_id,
        criteria=assemble_criteria(terms.doc, (*terms.path, "criteria"), criteria) if criteria is not None else None,
        weight=num(terms.data.get("weight")),
        importance=int(importance) if importance is not None else None,
        target=num(terms.data.get("target")),
        loc=rounds.doc.key_loc(terms.path),
        marks=terms.marks(),
    )


def assemble_criteria(doc: Document, path: JsonPath, value: Any) -> Criteria:
    """A mapping is three tiers; a list gives levels 1..5, each a number, empty (null)
    or a milestone text. Texts alone are milestone criteria; texts before numbers are
    mixed criteria (steps for the lower levels, a result for the upper ones)."""
    loc = doc.loc(path)
    if isinstance(value, dict):
        return Criteria(tiers={k: float(v) for k, v in value.items()}, loc=loc)
    values = list(value or ())
    milestones = tuple(_milestone(doc, (*path, i), level) for i, level in enumerate(values) if not _is_value(level))
    if milestones and len(milestones) == len(values):
        return Criteria(milestones=milestones, loc=loc)
    levels = tuple(None if v is None or not _is_value(v) else float(v) for v in values)
    texts_at = tuple(i for i, v in enumerate(values) if not _is_value(v))
    return Criteria(levels=levels, milestones=milestones, texts_at=texts_at, loc=loc)


def _is_value(level: Any) -> bool:
    """A number or an empty level (null), as opposed to a milestone text."""
    return level is None or (isinstance(level, (int, float)) and not isinstance(level, bool))


def _milestone(doc: Document, path: JsonPath, level: Any) -> MilestoneLevel:
    if isinstance(level, dict) and "text" in level:
        steps = tuple(to_text(s) for s in level.get("steps") or ())
        return MilestoneLevel(text=to_text(level["text"]), steps=steps, loc=doc.loc(path))
    return MilestoneLevel(text=to_text(level), loc=doc.loc(path))


def assemble_amendment(node: Node) -> Amendment:
    data = node.data
    added, changed = node.child("add"), node.child("change")
    action: AmendmentAction = "cancel" if "cancel" in data else "add" if added else "change"
    kpi = str(data.get("cancel") or (added or changed or node).data.get("kpi") or "")
    return Amendment(
        from_round=str(data.get("from", "")),
        action=action,
        kpi=kpi,
        item=assemble_item(added) if added else None,
        change=assemble_change(changed) if changed else None,
        date=str(data["date"]) if data.get("date") else None,
        approved_by=to_person(node.child("approved_by")),
        reason=node.text("reason"),
        **node.located(),
    )


def assemble_change(node: Node) -> ItemChange:
    data = node.data
    importance = data.get("importance")
    criteria = data.get("criteria")
    return ItemChange(
        weight=num(data.get("weight")),
        importance=int(importance) if importance is not None else None,
        criteria=assemble_criteria(node.doc, (*node.path, "criteria"), criteria) if criteria is not None else None,
        target=num(data.get("target")),
        rounds=assemble_rounds(node) if "rounds" in data else None,
        **node.located(),
    )


def assemble_cascade(node: Node) -> CascadeLink:
    return CascadeLink(
        parent_kpi=node.data["from"],
        kind=node.data.get("kind", "direct"),
        combine=node.data.get("combine", "sum"),
        base=num(node.data.get("base")),
        **node.located(),
    )
