"""Cascade consistency: each link names a KPI of the superior's agreement of the same
year; direct links keep the superior's criteria; split links together cover the
superior's targets at every level; and a superior's KPI that nobody below carries is a gap."""

from __future__ import annotations

from builder.cascade import CascadeChild, combined_levels, covers
from builder.diagnostics import Diagnostics
from builder.messages import format_number
from builder.model import Agreement, AgreementItem, Content, Criteria
from builder.rules.context import RuleContext


def _parent_item(content: Content, agreement: Agreement, item: AgreementItem) -> AgreementItem | None:
    unit = content.units.get(agreement.unit)
    if unit is None or not unit.parent or item.cascade is None:
        return None
    parent_agreement = content.agreements.get((unit.parent, agreement.year))
    return parent_agreement.item(item.cascade.parent_kpi) if parent_agreement else None


def link_to_superiors_agreement(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for agreement in content.agreements.values():
        unit = content.units.get(agreement.unit)
        if unit is None:
            continue
        for item in agreement.items:
            link = item.cascade
            if link is None:
                continue
            if not unit.parent or unit.parent not in content.units:
                diags.error("cascade.no-superior", link.at("from"), unit=unit.id)
            elif _parent_item(content, agreement, item) is None:
                diags.error(
                    "cascade.parent-kpi-missing",
                    link.at("from"),
                    kpi=link.parent_kpi,
                    parent=unit.parent,
                    year=agreement.year,
                )


def _criteria_text(criteria: Criteria) -> str:
    if criteria.milestones:
        return "[" + " | ".join(m.text.get("th") for m in criteria.milestones) + "]"
    if criteria.tiers:
        return "{" + ", ".join(f"{k}: {format_number(v)}" for k, v in criteria.tiers.items()) + "}"
    return "[" + ", ".join(format_number(v) for v in criteria.levels) + "]"


def _same_criteria(a: Criteria, b: Criteria) -> bool:
    # compare what the criteria say, not where they were written
    return (
        a.levels == b.levels
        and dict(a.tiers) == dict(b.tiers)
        and [(m.text, m.steps) for m in a.milestones] == [(m.text, m.steps) for m in b.milestones]
    )


def direct_keeps_parent_criteria(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for agreement in content.agreements.values():
        for item in agreement.items:
            if item.cascade is None or item.cascade.kind != "direct":
                continue
            parent_item = _parent_item(content, agreement, item)
            if parent_item is not None and not _same_criteria(item.criteria, parent_item.criteria):
                parent = content.units[agreement.unit].parent
                diags.error(
                    "cascade.direct-criteria-differ",
                    item.at("criteria"),
                    parent=parent,
                    kpi=item.cascade.parent_kpi,
                    expected=_criteria_text(parent_item.criteria),
                    found=_criteria_text(item.criteria),
                )


def split_targets_cover_parent(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for (parent_unit, year, parent_kpi), children in ctx.cascade(content).items():
        parent_agreement = content.agreements.get((parent_unit, year))
        parent_item = parent_agreement.item(parent_kpi) if parent_agreement else None
        kpi = content.kpi(parent_unit, parent_kpi)
        splits = [c for c in children if c.item.cascade and c.item.cascade.kind == "split"]
        if parent_item is None or kpi is None or not splits:
            continue
        _check_split(content, parent_unit, parent_kpi, parent_item, kpi.kind, kpi.direction, splits, diags)


def _check_split(
    content: Content,
    parent_unit: str,
    parent_kpi: str,
    parent_item: AgreementItem,
    kind: str,
    direction: str,
    splits: list[CascadeChild],
    diags: Diagnostics,
) -> None:
    first = splits[0].item.cascade
    assert first is not None
    if kind != "numeric":
        diags.error("cascade.split-not-numeric", first.at("kind"), parent=parent_unit, kpi=parent_kpi, kind=kind)
        return
    methods = sorted({c.item.cascade.combine for c in splits if c.item.cascade})
    if len(methods) > 1:
        diags.error(
            "cascade.combine-mismatch",
            first.at("combine"),
            parent=parent_unit,
            kpi=parent_kpi,
            methods=", ".join(methods),
        )
        return
    method = first.combine
    if method == "weighted-mean":
        lacking = [c for c in splits if c.item.cascade and c.item.cascade.base is None]
        for child in lacking:
            assert child.item.cascade is not None
            diags.error("cascade.split-missing-base", child.item.cascade.loc)
        if lacking:
            return
    combined = combined_levels(splits, method)
    parent_values = parent_item.criteria.numeric_values
    if len(combined) != len(parent_values):
        return  # shapes differ: criteria.kind-mismatch has said so
    for level, (value, expected) in enumerate(zip(combined, parent_values, strict=True), start=1):
        if value is not None and not covers(value, expected, direction):
            diags.error(
                "cascade.split-short",
                parent_item.at("criteria"),
                parent=parent_unit,
                kpi=parent_kpi,
                method=method,
                combined=round(value, 4),
                level=level,
                expected=expected,
            )


def gaps_nobody_below_carries(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """A KPI of a unit whose children have agreements that year, linked from none of them."""
    index = ctx.cascade(content)
    for (unit_id, year), agreement in content.agreements.items():
        children = content.children_of.get(unit_id, ())
        if not any((child, year) in content.agreements for child in children):
            continue
        for item in agreement.items:
            if (unit_id, year, item.kpi) not in index:
                diags.warning("cascade.gap", item.at("kpi"), kpi=item.kpi, unit=unit_id, year=year)
