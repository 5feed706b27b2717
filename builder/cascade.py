"""The cascade as a graph: which items of which units derive from a superior's KPI.

Pure functions over the model, shared by the rules, the scoring rollup and the pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from builder.model import AgreementItem, CascadeLink, CombineMethod, Content, Criteria


@dataclass(frozen=True, slots=True)
class CascadeChild:
    """An item of a unit below and its link to the superior's KPI (an item deriving from
    two of the superior's KPIs is a child of each, through each link)."""

    unit: str
    item: AgreementItem
    link: CascadeLink


# (parent unit, year, parent KPI id) -> the children's items that cascade from it
CascadeIndex = Mapping[tuple[str, int, str], tuple[CascadeChild, ...]]


def cascade_index(content: Content) -> CascadeIndex:
    """Every cascade link of the signed items and the items amendments add, keyed by the
    superior's KPI; built once, in linear time."""
    index: dict[tuple[str, int, str], list[CascadeChild]] = {}
    for (unit_id, year), agreement in content.agreements.items():
        parent = content.units.get(unit_id)
        if parent is None or not parent.parent:
            continue
        for item in agreement.all_items():
            for link in item.cascade:
                key = (parent.parent, year, link.parent_kpi)
                index.setdefault(key, []).append(CascadeChild(unit_id, item, link))
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


def combined_levels(
    children: Sequence[CascadeChild], method: CombineMethod, criteria: Sequence[Criteria] | None = None
) -> tuple[float | None, ...]:
    """Level by level, the children's criteria combined (empty if any is not numeric):
    their annual criteria, or the `criteria` given for each child (those of one round)."""
    columns = (
        [c.numeric_values for c in criteria]
        if criteria is not None
        else [c.item.criteria.numeric_values for c in children]
    )
    if not columns or any(not col or len(col) != len(columns[0]) for col in columns):
        return ()
    bases = [c.link.base for c in children]
    return tuple(_combined_level([col[level] for col in columns], bases, method) for level in range(len(columns[0])))


def _combined_level(
    values: Sequence[float | None], bases: Sequence[float | None], method: CombineMethod
) -> float | None:
    """A level a child leaves empty cannot be combined: the level is not compared."""
    if any(v is None for v in values):
        return None
    return combine([v for v in values if v is not None], bases, method)


def covers(combined: float, parent: float, direction: str) -> bool:
    """Whether a combined target is at least as demanding as the superior's."""
    tolerance = 1e-9 * max(1.0, abs(parent))
    if direction == "lower":
        return combined <= parent + tolerance
    return combined >= parent - tolerance
