"""The cascade as a graph: which items of which units derive from a superior's KPI.

Pure functions over the model, shared by the rules, the scoring rollup and the pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from builder.model import AgreementItem, CombineMethod, Content


@dataclass(frozen=True, slots=True)
class CascadeChild:
    unit: str
    item: AgreementItem


# (parent unit, year, parent KPI id) -> the children's items that cascade from it
CascadeIndex = Mapping[tuple[str, int, str], tuple[CascadeChild, ...]]


def cascade_index(content: Content) -> CascadeIndex:
    """Every cascade link, keyed by the superior's KPI; built once, in linear time."""
    index: dict[tuple[str, int, str], list[CascadeChild]] = {}
    for (unit_id, year), agreement in content.agreements.items():
        parent = content.units.get(unit_id)
        if parent is None or not parent.parent:
            continue
        for item in agreement.items:
            if item.cascade is not None:
                key = (parent.parent, year, item.cascade.parent_kpi)
                index.setdefault(key, []).append(CascadeChild(unit_id, item))
    return {k: tuple(sorted(v, key=lambda c: c.unit)) for k, v in index.items()}


def combine(values: Sequence[float], bases: Sequence[float | None], method: CombineMethod) -> float | None:
    """Children's values combined: their sum, or their mean weighted by each one's base."""
    if method == "sum":
        return sum(values)
    if any(b is None for b in bases):
        return None
    total_base = sum(b for b in bases if b is not None)
    if total_base <= 0:
        return None
    return sum(v * (b or 0.0) for v, b in zip(values, bases, strict=True)) / total_base


def combined_levels(children: Sequence[CascadeChild], method: CombineMethod) -> tuple[float | None, ...]:
    """Level by level, the children's criteria combined (empty if any is not numeric)."""
    columns = [c.item.criteria.numeric_values for c in children]
    if not columns or any(not col or len(col) != len(columns[0]) for col in columns):
        return ()
    bases = [c.item.cascade.base if c.item.cascade else None for c in children]
    return tuple(combine([col[level] for col in columns], bases, method) for level in range(len(columns[0])))


def covers(combined: float, parent: float, direction: str) -> bool:
    """Whether a combined target is at least as demanding as the superior's."""
    tolerance = 1e-9 * max(1.0, abs(parent))
    if direction == "lower":
        return combined <= parent + tolerance
    return combined >= parent - tolerance
