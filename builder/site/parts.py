"""Builders of the parts several pages share: KPI references, agreement groups,
scorecards, goals. Each takes the page's `Links` so every href is relative to that page."""

from __future__ import annotations

from builder.model import Agreement, AgreementItem, CascadeLink, Round, Text, Unit
from builder.queries import Queries
from builder.scoring.scorecard import Scorecard
from builder.site.links import Links
from builder.site.views import (
    GoalView,
    GroupTotalView,
    GroupView,
    ItemView,
    KpiRef,
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


def parent_ref(index: Queries, links: Links, unit: Unit, year: int, item: AgreementItem) -> KpiRef | None:
    """The superior's KPI an item derives from."""
    parent = index.content.units.get(unit.parent or "")
    if item.cascade is None or parent is None:
        return None
    return kpi_ref(index, links, parent, item.cascade.parent_kpi, year, item.cascade)


def carrier_refs(index: Queries, links: Links, unit: Unit, year: int, kpi_id: str) -> tuple[KpiRef, ...]:
    """The KPIs of the units directly below that derive from this one."""
    units = index.content.units
    return tuple(
        kpi_ref(index, links, units[c.unit], c.item.kpi, year, c.item.cascade)
        for c in index.carriers(unit.id, year, kpi_id)
        if c.unit in units
    )


def item_view(index: Queries, links: Links, unit: Unit, year: int, item: AgreementItem) -> ItemView:
    return ItemView(
        item=item,
        kpi=index.content.kpi(unit.id, item.kpi),
        href=links.kpi(unit.id, item.kpi, year),
        parent=parent_ref(index, links, unit, year, item),
        carriers=carrier_refs(index, links, unit, year, item.kpi),
        gap=index.is_gap(unit.id, year, item.kpi),
    )


def group_views(index: Queries, links: Links, unit: Unit, agreement: Agreement) -> tuple[GroupView, ...]:
    """The agreement's items grouped by dimension or category, in the site's order."""
    by_group: dict[str, list[ItemView]] = {}
    for item in agreement.items:
        by_group.setdefault(item.group, []).append(item_view(index, links, unit, agreement.year, item))
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
            )
            for row in (card.rows if with_rows else ())
        ),
        groups=tuple(GroupTotalView(total=g, name=index.group_name(g.group)) for g in card.groups),
        band_rank=index.band_rank(card.band),
    )


def latest_scorecard(
    index: Queries, links: Links, unit: Unit, year: int, with_rows: bool = True
) -> ScorecardView | None:
    latest = index.latest_card(unit, year)
    return scorecard_view(index, links, *latest, with_rows=with_rows) if latest else None


def goal_views(index: Queries, links: Links, unit: Unit, year: int | None) -> tuple[GoalView, ...]:
    site = index.content.site
    perspectives = {p.id: p.name for p in site.perspectives}
    kpis = index.kpis_of(unit.id)
    return tuple(
        GoalView(
            goal=goal,
            perspective=perspectives.get(goal.perspective) or _plain(goal.perspective),
            kpis=tuple(kpi_ref(index, links, unit, k.id, year, None) for k in kpis if k.goal == goal.id),
        )
        for goal in unit.strategy.goals
    )


def _plain(text: str) -> Text:
    """An id shown as is where the site gives it no name."""
    return Text(th=text, en=text)
