"""closed/<year>/<round>.yaml becomes `RoundClosure`."""

from __future__ import annotations

from builder.assemble.nodes import Node, to_person
from builder.model import Correction, RoundClosure


def assemble_closure(node: Node) -> RoundClosure:
    data = node.data
    return RoundClosure(
        year=int(data["year"]),
        round=str(data["round"]),
        closed_on=str(data["closed_on"]),
        closed_by=to_person(node.child("closed_by")),
        revision=str(data["revision"]) if data.get("revision") else None,
        files={str(path): str(digest) for path, digest in (data.get("files") or {}).items()},
        corrections=tuple(assemble_correction(c) for c in node.children("corrections")),
        **node.located(),
    )


def assemble_correction(node: Node) -> Correction:
    data = node.data
    return Correction(
        file=str(data["file"]),
        kpi=str(data["kpi"]) if data.get("kpi") else None,
        corrected_on=str(data["corrected_on"]),
        by=to_person(node.child("by")),
        reason=node.text("reason"),
        digest=str(data["digest"]),
        **node.located(),
    )
