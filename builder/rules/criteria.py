"""Score criteria: the right shape for the KPI and scheme, ordered in the KPI's
direction, and a stated target that is the level-3 (standard) value."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from builder.diagnostics import Diagnostics
from builder.model import AgreementItem, Content, Kpi
from builder.rules.context import RuleContext


def _items_with_kpi(content: Content) -> Iterator[tuple[AgreementItem, Kpi]]:
    for agreement in content.agreements.values():
        for item in agreement.items:
            kpi = content.kpi(agreement.unit, item.kpi)
            if kpi is not None:
                yield item, kpi


def _expected_shape(kpi: Kpi, scheme: str) -> str:
    if kpi.kind == "milestone":
        return "milestone"
    return "three-tier" if scheme == "three-tier" else "five-level"


def _shape(item: AgreementItem) -> str:
    criteria = item.criteria
    if criteria.milestones:
        return "milestone"
    if criteria.tiers:
        return "three-tier"
    return "five-level" if criteria.levels else "none"


def criteria_match_kpi_kind(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    scheme = content.site.scoring.scheme
    for item, kpi in _items_with_kpi(content):
        expected = _expected_shape(kpi, scheme)
        if _shape(item) != expected:
            diags.error("criteria.kind-mismatch", item.at("criteria"), kind=kpi.kind, kpi=kpi.id, expected=expected)


def criteria_monotonic_in_direction(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for item, kpi in _items_with_kpi(content):
        values = item.criteria.numeric_values
        pairs = list(pairwise(values))
        ordered = all(a > b for a, b in pairs) if kpi.direction == "lower" else all(a < b for a, b in pairs)
        if not ordered:
            diags.error("criteria.not-monotonic", item.at("criteria"), variant=kpi.direction, values=list(values))


def target_is_level_3(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for agreement in content.agreements.values():
        for item in agreement.items:
            standard = item.criteria.standard
            if item.target is not None and standard is not None and abs(item.target - standard) > 1e-9:
                diags.error("criteria.target-not-level-3", item.at("target"), target=item.target, level3=standard)
