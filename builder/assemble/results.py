"""results/<year>/<round>.yaml becomes `ResultSet`."""

from __future__ import annotations

from builder.assemble.nodes import Node, num
from builder.model import (
    Evidence,
    Result,
    ResultSet,
    Verification,
)

# -- results ---------------------------------------------------------------------------


def assemble_results(node: Node, unit: str) -> ResultSet:
    data = node.data
    return ResultSet(
        unit=unit,
        year=int(data["year"]),
        round=str(data["round"]),
        reported_on=str(data["reported_on"]) if data.get("reported_on") else None,
        results=tuple(assemble_result(r) for r in node.children("results")),
        **node.located(),
    )


def assemble_result(node: Node) -> Result:
    data = node.data
    verified = node.child("verified")
    return Result(
        kpi=data["kpi"],
        actual=num(data.get("actual")),
        level=data.get("level"),
        partial=num(data.get("partial")),
        narrative=node.text("narrative"),
        evidence=tuple(assemble_evidence(e) for e in _evidence_nodes(node)),
        verified=assemble_verification(verified) if verified else None,
        **node.located(),
    )


def _evidence_nodes(node: Node) -> list[Node]:
    items = node.data.get("evidence") or []
    path = (*node.path, "evidence")
    return [
        Node(node.doc, (*path, i), item if isinstance(item, dict) else {"path": item}) for i, item in enumerate(items)
    ]


def assemble_evidence(node: Node) -> Evidence:
    return Evidence(path=str(node.data.get("path", "")), title=node.text("title"), **node.located())


def assemble_verification(node: Node) -> Verification:
    data = node.data
    return Verification(
        actual=num(data.get("actual")),
        level=data.get("level"),
        score=num(data.get("score")),
        reason=node.text("reason"),
        **node.located(),
    )
