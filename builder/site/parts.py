"""Builders of the parts several pages share: KPI references, agreement groups,
scorecards, goals. Each takes the page's `Links` so every href is relative to that page."""

from __future__ import annotations

from builder.model import Agreement, AgreementItem, Amendment, CascadeLink, Round, Text, Unit
from builder.queries import Queries
from builder.scoring.scorecard import KpiScore, Scorecard
from builder.site.links import Links
from builder.site.views import (
    AmendmentView,
    GoalView,
    GroupTotalView,
    GroupView,
    ItemView,
    KpiRef,
    RoundTermsView,
    ScorecardView,
    ScoreRowView,
)


def kpi_ref(
    index: Queries, links: Links, unit: Unit, kpi_id: str, year: int | None, link: CascadeLink | None
) -> KpiRef:
    return KpiRef(
        unit=unit,
        kpi_id=kpi_id,
        kpi=index.content.kpi(unit.id, kpi_id),
        href=links.kpi(unit.id, kpi_id, year),
        link=link,
    )


def parent_refs(index: Queries, links: Links, unit: Unit, year: int, item: AgreementItem) -> tuple[KpiRef, ...]:
    """The superior's KPIs an item derives from, each with its link."""
    parent = index.content.units.get(unit.parent or "")
    if parent is None:
        return ()
    return tuple(kpi_ref(index, links, parent, link.parent_kpi, year, link) for link in item.cascade)


def carrier_refs(index: Queries, links: Links, unit: Unit, year: int, kpi_id: str) -> tuple[KpiRef, ...]:
    """The KPIs of the units directly below that derive from this one."""
    units = index.content.units
    return tuple(
        kpi_ref(index, links, units[c.unit], c.item.kpi, year, c.link)
        for c in index.carriers(unit.id, year, kpi_id)
        if c.unit in units
    )


def item_view(index: Queries, links: Links, unit: Unit, agreement: Agreement, item: AgreementItem) -> ItemView:
    year = agreement.year
    return ItemView(
        item=item,
        kpi=index.content.kpi(unit.id, item.kpi),
        href=links.kpi(unit.id, item.kpi, year),
        parents=parent_refs(index, links, unit, year, item),
        carriers=carrier_refs(index, links, unit, year, item.kpi),
        gap=index.is_gap(unit.id, year, item.kpi),
        due=index.due_rounds(unit, item),
        every_round=index.due_every_round(unit, item),
        rounds=round_terms_views(index, item),
        amendments=tuple(
            v
            for v in amendment_views(index, links, unit, agreement)
            if v.amendment.kpi == item.kpi and v.amendment.action != "add"
        ),
    )


def round_terms_views(index: Queries, item: AgreementItem) -> tuple[RoundTermsView, ...]:
    """The item's terms of particular rounds, in reporting order."""
    return tuple(RoundTermsView(round=r, terms=t) for r, t in index.item_rounds(item))


def amendment_view(
    index: Queries, links: Links, unit: Unit, year: int, amendment: Amendment, number: int = 0
) -> AmendmentView:
    return AmendmentView(
        amendment=amendment,
        round=index.round(amendment.from_round),
        kpi=index.content.kpi(unit.id, amendment.kpi),
        href=links.kpi(unit.id, amendment.kpi, year),
        number=number,
    )


def amendment_views(index: Queries, links: Links, unit: Unit, agreement: Agreement) -> tuple[AmendmentView, ...]:
    """The agreement's amendments in the order they apply, numbered from 1."""
    history = index.amendments_in_order(agreement)
    return tuple(amendment_view(index, links, unit, agreement.year, a, n) for n, a in enumerate(history, start=1))


def group_views(index: Queries, links: Links, unit: Unit, agreement: Agreement) -> tuple[GroupView, ...]:
    """The agreement's items grouped by dimension or category, in the site's order."""
    by_group: dict[str, list[ItemView]] = {}
    for item in agreement.items:
        by_group.setdefault(item.group, []).append(item_view(index, links, unit, agreement, item))
    return tuple(
        GroupView(
            id=group,
            name=index.group_name(group),
            weight=index.group_weight(agreement, group),
            items=tuple(by_group[group]),
        )
        for group in index.groups_in_order(agreement)
    )


def scorecard_view(
    index: Queries, links: Links, round_: Round, card: Scorecard, with_rows: bool = True
) -> ScorecardView:
    """A scorecard for a page; tables of totals (`with_rows=False`) skip the KPI rows."""
    content = index.content
    return ScorecardView(
        round=round_,
        card=card,
        rows=tuple(
            ScoreRowView(
                score=row,
                kpi=content.kpi(card.unit, row.kpi),
                href=links.kpi(card.unit, row.kpi, card.year),
                cancelled_by=cancelled_by(index, links, card.unit, card.year, row),
            )
            for row in (card.rows if with_rows else ())
        ),
        groups=tuple(GroupTotalView(total=g, name=index.group_name(g.group)) for g in card.groups),
        band_rank=index.band_rank(card.band),
        closure=index.closure(card.year, card.round),
    )


def cancelled_by(index: Queries, links: Links, unit_id: str, year: int, row: KpiScore) -> AmendmentView | None:
    """The amendment that cancelled a row's KPI by its round (None for rows in force)."""
    unit = index.content.units.get(unit_id)
    last = row.terms.cancelled_by if row.terms else None
    if last is None or unit is None:
        return None
    agreement = index.content.agreements.get((unit_id, year))
    views = amendment_views(index, links, unit, agreement) if agreement else ()
    return next((v for v in views if v.amendment is last), amendment_view(index, links, unit, year, last))


def latest_scorecard(
    index: Queries, links: Links, unit: Unit, year: int, with_rows: bool = True
) -> ScorecardView | None:
    latest = index.latest_card(unit, year)
    return scorecard_view(index, links, *latest, with_rows=with_rows) if latest else None


def goal_views(index: Queries, links: Links, unit: Unit, year: int | None) -> tuple[GoalView, ...]:
    from builder.site.pages_year import initiative_views, target_links

    site = index.content.site
    perspectives = {p.id: p.name for p in site.perspectives}
    kpis = index.kpis_of(unit.id)
    budget = index.budget_by_goal(unit.id, year)
    return tuple(
        GoalView(
            goal=goal,
            perspective=perspectives.get(goal.perspective) or _plain(goal.perspective),
            kpis=tuple(kpi_ref(index, links, unit, k.id, year, None) for k in kpis if k.goal == goal.id),
            initiatives=initiative_views(index, links, unit, year, index.initiatives_for_goal(unit.id, year, goal.id)),
            budget=budget.get(goal.id),
            targets=target_links(index, links, goal.plans, year),
        )
        for goal in unit.strategy.goals
    )


def _plain(text: str) -> Text:
    """An id shown as is where the site gives it no name."""
    return Text(th=text, en=text)
