"""Cascade consistency: each link names a KPI of the superior's agreement of the same
year; direct links keep the superior's criteria; split links together cover the
superior's targets at every level; and a superior's KPI that nobody below carries is a gap."""

from __future__ import annotations

from builder.cascade import CascadeChild
from builder.catalogue import format_number
from builder.diagnostics import Diagnostics, Related, did_you_mean, related
from builder.model import Agreement, AgreementItem, Content, Criteria, Text
from builder.queries import split_coverage, split_links
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
                superior = content.agreements.get((unit.parent, agreement.year))
                where = (
                    (
                        related(
                            superior.at("items"), "related.superior-agreement", parent=unit.parent, year=agreement.year
                        ),
                    )
                    if superior is not None
                    else ()
                )
                parent_kpis = [i.kpi for i in superior.items] if superior else []
                diags.error(
                    "cascade.parent-kpi-missing",
                    link.at("from"),
                    related=where,
                    kpi=link.parent_kpi,
                    parent=unit.parent,
                    year=agreement.year,
                    did_you_mean=did_you_mean(link.parent_kpi, parent_kpis),
                )


def _criteria_text(criteria: Criteria) -> Text | str:
    if criteria.milestones:
        return Text(*("[" + " | ".join(m.text.get(lang) for m in criteria.milestones) + "]" for lang in ("th", "en")))
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
                    related=(
                        related(
                            parent_item.at("criteria"),
                            "related.superior-criteria",
                            parent=parent,
                            kpi=item.cascade.parent_kpi,
                        ),
                    ),
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
        splits = split_links(children)
        if (
            parent_item is None
            or kpi is None
            or not splits
            or not _splits_combine(parent_unit, parent_kpi, kpi.kind, splits, diags)
        ):
            continue
        coverage = split_coverage(kpi, parent_item, splits)
        for level in coverage.short if coverage else ():
            if level.combined is None:
                continue
            diags.error(
                "cascade.split-short",
                parent_item.at("criteria"),
                related=_split_shares(splits, level.level),
                parent=parent_unit,
                kpi=parent_kpi,
                method=coverage.method if coverage else "",
                combined=round(level.combined, 4),
                level=level.level,
                expected=level.parent,
            )


def _split_shares(splits: list[CascadeChild], level: int) -> tuple[Related, ...]:
    """Each child's criteria taking part in a split, with its value at `level`."""
    shares = []
    for child in splits:
        values = child.item.criteria.numeric_values
        value = values[level - 1] if len(values) >= level else None
        shares.append(
            related(child.item.at("criteria"), "related.split-share", unit=child.unit, level=level, value=value)
        )
    return tuple(shares)


def _splits_combine(
    parent_unit: str, parent_kpi: str, kind: str, splits: list[CascadeChild], diags: Diagnostics
) -> bool:
    """Whether the split links can be combined at all; says why not."""
    first = splits[0].item.cascade
    assert first is not None
    if kind != "numeric":
        diags.error("cascade.split-not-numeric", first.at("kind"), parent=parent_unit, kpi=parent_kpi, kind=kind)
        return False
    methods = sorted({c.item.cascade.combine for c in splits if c.item.cascade})
    if len(methods) > 1:
        diags.error(
            "cascade.combine-mismatch",
            first.at("combine"),
            related=tuple(
                related(c.item.cascade.at("combine"), "related.combine", unit=c.unit, method=c.item.cascade.combine)
                for c in splits[1:]
                if c.item.cascade is not None
            ),
            parent=parent_unit,
            kpi=parent_kpi,
            methods=tuple(methods),
        )
        return False
    if first.combine == "weighted-mean":
        lacking = [c for c in splits if c.item.cascade and c.item.cascade.base is None]
        for child in lacking:
            assert child.item.cascade is not None
            diags.error("cascade.split-missing-base", child.item.cascade.loc)
        return not lacking
    return True


def gaps_nobody_below_carries(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """A KPI of a unit whose children have agreements that year, linked from none of them."""
    queries = ctx.queries(content)
    for (unit_id, year), agreement in content.agreements.items():
        for item in agreement.items:
            if queries.is_gap(unit_id, year, item.kpi):
                below = (content.agreements.get((child.id, year)) for child in content.children(unit_id))
                where = tuple(
                    related(a.at("items"), "related.child-agreement", unit=a.unit, year=year)
                    for a in below
                    if a is not None
                )
                diags.warning("cascade.gap", item.at("kpi"), related=where, kpi=item.kpi, unit=unit_id, year=year)
