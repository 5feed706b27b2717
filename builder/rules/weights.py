"""Weights: KPI weights sum to 100 per agreement; dimension weights sum to 100 and the
KPIs of a dimension share exactly that dimension's weight."""

from __future__ import annotations

from builder.diagnostics import Diagnostics, Related, related
from builder.model import Agreement, AgreementItem, Content, Location
from builder.rules.context import RuleContext

_EPSILON = 1e-6


def _close(a: float, b: float) -> bool:
    return abs(a - b) < _EPSILON


def dimension_weights(content: Content, agreement: Agreement) -> dict[str, float]:
    """The agreement's own dimension weights, else the site's."""
    if agreement.dimension_weights:
        return dict(agreement.dimension_weights)
    return {d.id: d.weight for d in content.site.dimensions if d.weight is not None}


def weights_sum_to_100(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for agreement in content.agreements.values():
        field = "importance" if agreement.weighting == "importance" else "weight"
        missing = [i for i in agreement.items if getattr(i, field) is None]
        for item in missing:
            diags.error("weights.missing", item.at("kpi"), kpi=item.kpi, field=field, weighting=agreement.weighting)
        if agreement.weighting == "importance" or missing or not agreement.items:
            continue  # importance multipliers are normalised, they need not sum to 100
        total = sum(i.weight or 0.0 for i in agreement.items)
        if not _close(total, 100.0):
            diags.error(
                "weights.sum", agreement.at("items"), related=_item_weights(agreement.items), total=round(total, 4)
            )


def dimension_weights_sum_to_100(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    site_weights = [d.weight for d in content.site.dimensions if d.weight is not None]
    if site_weights and not _close(sum(site_weights), 100.0):
        name = ctx.queries(content).group_name
        where = tuple(
            related(d.at("weight"), "related.dimension-weight", dimension=name(d.id), weight=d.weight)
            for d in content.site.dimensions
            if d.weight is not None
        )
        diags.error(
            "weights.dimension-sum", content.site.at("dimensions"), related=where, total=round(sum(site_weights), 4)
        )
    for agreement in content.agreements.values():
        if agreement.dimension_weights:
            total = sum(agreement.dimension_weights.values())
            if not _close(total, 100.0):
                diags.error("weights.dimension-sum", agreement.at("dimension_weights"), total=round(total, 4))


def kpi_weights_match_dimension_weights(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for agreement in content.agreements.values():
        unit = content.units.get(agreement.unit)
        if unit is None or unit.is_person or agreement.weighting != "weights":
            continue
        expected = dimension_weights(content, agreement)
        if not _close(sum(expected.values()), 100.0) or any(i.weight is None for i in agreement.items):
            continue  # broken dimension weights are reported once, where they are written
        totals: dict[str, float] = {}
        for item in agreement.items:
            totals[item.group] = totals.get(item.group, 0.0) + (item.weight or 0.0)
        for dimension, total in totals.items():
            if dimension in expected and not _close(total, expected[dimension]):
                members = [i for i in agreement.items if i.group == dimension]
                set_at = _dimension_weight_location(content, agreement, dimension)
                name = ctx.queries(content).group_name(dimension)
                diags.error(
                    "weights.dimension-mismatch",
                    members[0].at("dimension"),
                    related=(
                        related(set_at, "related.dimension-weight", dimension=name, weight=expected[dimension]),
                        *_item_weights(members),
                    ),
                    dimension=name,
                    total=round(total, 4),
                    expected=expected[dimension],
                )


def _item_weights(items: tuple[AgreementItem, ...] | list[AgreementItem]) -> tuple[Related, ...]:
    """Where each item's weight is written: a pull request changing one sees the sum there."""
    return tuple(related(i.at("weight"), "related.kpi-weight", kpi=i.kpi, weight=i.weight) for i in items)


def _dimension_weight_location(content: Content, agreement: Agreement, dimension: str) -> Location:
    """Where a dimension's weight in force for this agreement is written: the agreement's
    own `dimension_weights`, else site.yaml."""
    if agreement.dimension_weights:
        return agreement.at("dimension_weights")
    site_dimension = next((d for d in content.site.dimensions if d.id == dimension), None)
    return site_dimension.at("weight") if site_dimension is not None else content.site.at("dimensions")
