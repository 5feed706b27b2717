"""Cascade consistency: each link names a KPI of the superior's agreement of the same
year, once; direct links keep the superior's criteria (annual and per round); split links
together cover the superior's targets at every level (annual and per round); and a
superior's KPI that nobody below carries is a gap, unless its item says why it is held at
its own level (`held:`)."""

from __future__ import annotations

from collections.abc import Iterator

from builder.cascade import CascadeChild
from builder.catalogue import format_number
from builder.diagnostics import Diagnostics, Related, did_you_mean, related
from builder.model import Agreement, AgreementItem, CascadeLink, Content, Criteria, Text
from builder.queries import Queries, round_criteria, split_coverage, split_links
from builder.rules.context import RuleContext


def _parent_item(content: Content, agreement: Agreement, link: CascadeLink) -> AgreementItem | None:
    """The superior's item a link names: signed, or added by an amendment."""
    unit = content.units.get(agreement.unit)
    if unit is None or not unit.parent:
        return None
    parent_agreement = content.agreements.get((unit.parent, agreement.year))
    return parent_agreement.any_item(link.parent_kpi) if parent_agreement else None


def _links(content: Content) -> Iterator[tuple[Agreement, AgreementItem, CascadeLink]]:
    """Every link of every item, signed or added by an amendment."""
    for agreement in content.agreements.values():
        for item in agreement.all_items():
            for link in item.cascade:
                yield agreement, item, link


def link_to_superiors_agreement(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for agreement, _item, link in _links(content):
        unit = content.units.get(agreement.unit)
        if unit is None:
            continue
        if not unit.parent or unit.parent not in content.units:
            diags.error("cascade.no-superior", link.at("from"), unit=unit.id)
        elif _parent_item(content, agreement, link) is None:
            superior = content.agreements.get((unit.parent, agreement.year))
            where = (
                (related(superior.at("items"), "related.superior-agreement", parent=unit.parent, year=agreement.year),)
                if superior is not None
                else ()
            )
            parent_kpis = [i.kpi for i in superior.all_items()] if superior else []
            diags.error(
                "cascade.parent-kpi-missing",
                link.at("from"),
                related=where,
                kpi=link.parent_kpi,
                parent=unit.parent,
                year=agreement.year,
                did_you_mean=did_you_mean(link.parent_kpi, parent_kpis),
            )


def one_link_per_parent_kpi(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """A KPI derives from each of the superior's KPIs once (two links to one KPI would
    count it twice in a rollup)."""
    for agreement in content.agreements.values():
        for item in agreement.all_items():
            first: dict[str, CascadeLink] = {}
            for link in item.cascade:
                if link.parent_kpi in first:
                    line = first[link.parent_kpi].loc.line
                    diags.error("cascade.duplicate-link", link.at("from"), kpi=link.parent_kpi, first=line)
                first.setdefault(link.parent_kpi, link)


def _criteria_text(criteria: Criteria) -> Text | str:
    """Criteria as written: milestone texts, the steps then the values of mixed criteria,
    "–" for a level left empty, or the tiers."""
    if criteria.tiers:
        return "{" + ", ".join(f"{k}: {format_number(v)}" for k, v in criteria.tiers.items()) + "}"
    values = ["–" if v is None else format_number(v) for v in criteria.levels[criteria.steps :]]
    if not criteria.milestones:
        return "[" + ", ".join(values) + "]"
    shown = [
        ("[" + " | ".join(m.text.get(lang) for m in criteria.milestones) + "]")
        if criteria.shape == "milestone"
        else "[" + ", ".join([*(m.text.get(lang) for m in criteria.milestones), *values]) + "]"
        for lang in ("th", "en")
    ]
    return Text(*shown)


def direct_keeps_parent_criteria(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for agreement, item, link in _links(content):
        if link.kind != "direct":
            continue
        parent_item = _parent_item(content, agreement, link)
        if parent_item is None:
            continue
        parent = content.units[agreement.unit].parent
        if not item.criteria.same_as(parent_item.criteria):
            diags.error(
                "cascade.direct-criteria-differ",
                item.at("criteria"),
                related=(
                    related(
                        parent_item.at("criteria"), "related.superior-criteria", parent=parent, kpi=link.parent_kpi
                    ),
                ),
                parent=parent,
                kpi=link.parent_kpi,
                expected=_criteria_text(parent_item.criteria),
                found=_criteria_text(item.criteria),
            )
            continue
        _direct_keeps_round_criteria(ctx.queries(content), agreement, item, link, parent_item, diags)


def _direct_keeps_round_criteria(
    queries: Queries,
    agreement: Agreement,
    item: AgreementItem,
    link: CascadeLink,
    parent_item: AgreementItem,
    diags: Diagnostics,
) -> None:
    """The targets of particular rounds are passed down unchanged too: each round with
    criteria of its own, above or below, against the other's round of the same months."""
    unit = queries.content.units[agreement.unit]
    superior = queries.content.units.get(unit.parent or "")
    if superior is None:
        return
    named = {t.round for t in (*parent_item.rounds, *item.rounds) if t.criteria is not None}
    months = sorted({r.months for r in map(queries.round, named) if r is not None})
    for month in months:
        above, below = queries.round_covering(superior, month), queries.round_covering(unit, month)
        if above is None or below is None:
            continue
        expected, found = round_criteria(parent_item, above.id), round_criteria(item, below.id)
        if not found.same_as(expected):
            own, theirs = item.terms(below.id), parent_item.terms(above.id)
            diags.error(
                "cascade.direct-round-criteria-differ",
                own.criteria.loc if own is not None and own.criteria is not None else item.at("criteria"),
                related=(
                    related(
                        theirs.criteria.loc if theirs is not None and theirs.criteria else parent_item.at("criteria"),
                        "related.superior-criteria",
                        parent=superior.id,
                        kpi=link.parent_kpi,
                    ),
                ),
                parent=superior.id,
                kpi=link.parent_kpi,
                round=below.id,
                expected=_criteria_text(expected),
                found=_criteria_text(found),
            )


def split_targets_cover_parent(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for (parent_unit, year, parent_kpi), children in ctx.cascade(content).items():
        parent_agreement = content.agreements.get((parent_unit, year))
        parent_item = parent_agreement.any_item(parent_kpi) if parent_agreement else None
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
            diags.error(
                "cascade.split-short",
                parent_item.at("criteria"),
                related=_split_shares(splits, level.level),
                parent=parent_unit,
                kpi=parent_kpi,
                method=coverage.method if coverage else "",
                combined=round(level.combined or 0, 4),
                level=level.level,
                expected=level.parent,
            )
        for terms in parent_item.rounds:  # a round's own targets are covered too
            if terms.criteria is None:
                continue
            covered = ctx.queries(content).coverage(parent_unit, year, parent_item, terms.round)
            for level in covered.short if covered else ():
                diags.error(
                    "cascade.split-short-round",
                    terms.criteria.loc,
                    parent=parent_unit,
                    kpi=parent_kpi,
                    round=terms.round,
                    method=covered.method if covered else "",
                    combined=round(level.combined or 0, 4),
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
    first = splits[0].link
    if kind != "numeric":
        diags.error("cascade.split-not-numeric", first.at("kind"), parent=parent_unit, kpi=parent_kpi, kind=kind)
        return False
    methods = sorted({c.link.combine for c in splits})
    if len(methods) > 1:
        diags.error(
            "cascade.combine-mismatch",
            first.at("combine"),
            related=tuple(
                related(c.link.at("combine"), "related.combine", unit=c.unit, method=c.link.combine) for c in splits[1:]
            ),
            parent=parent_unit,
            kpi=parent_kpi,
            methods=tuple(methods),
        )
        return False
    if first.combine == "weighted-mean":
        lacking = [c for c in splits if c.link.base is None]
        for child in lacking:
            diags.error("cascade.split-missing-base", child.link.loc)
        return not lacking
    return True


def gaps_nobody_below_carries(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """A KPI of a unit whose children have agreements that year, linked from none of them
    and not said to be held at this level."""
    queries = ctx.queries(content)
    for (unit_id, year), agreement in content.agreements.items():
        for item in agreement.all_items():
            if queries.is_gap(unit_id, year, item.kpi):
                below = (content.agreements.get((child.id, year)) for child in content.children(unit_id))
                where = tuple(
                    related(a.at("items"), "related.child-agreement", unit=a.unit, year=year)
                    for a in below
                    if a is not None
                )
                diags.warning("cascade.gap", item.at("kpi"), related=where, kpi=item.kpi, unit=unit_id, year=year)


def held_kpis_not_carried(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """A KPI said to be held at its own level that units below carry after all: one of
    the two is out of date."""
    queries = ctx.queries(content)
    for (unit_id, year), agreement in content.agreements.items():
        for item in agreement.all_items():
            carriers = queries.carriers(unit_id, year, item.kpi)
            if item.held and carriers:
                names = ", ".join(sorted({c.unit for c in carriers}))
                diags.warning("cascade.held-but-carried", item.at("held"), kpi=item.kpi, units=names)
