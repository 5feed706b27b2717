"""The at-a-glance view that opens the home page and every unit page: the latest total
and band, each dimension's score as bars, the KPIs of the round by band, the KPIs below
target first, the total across the rounds of this year and the year before, and the
units below. The facts come from `builder.queries` (`group_standings`,
`kpi_band_counts`, `below_target`, `total_trend`); this module only draws and labels
them.
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from builder.model import Unit
from builder.queries import Queries, TotalPoint
from builder.site.chart import ChartPoint, results_chart
from builder.site.chrome import Chrome
from builder.site.dashboard_charts import Bar, Share, bar_chart, share_strip
from builder.site.links import Links
from builder.site.views import ConcernView, DashboardView, ScorecardsGlance


def dashboard(chrome: Chrome, links: Links, unit: Unit, year: int | None) -> DashboardView | None:
    """The unit's dashboard for `year`, or None when it has no results that year."""
    index = chrome.index
    latest = index.latest_card(unit, year) if year else None
    if latest is None or year is None:
        return None
    round_, card = latest
    lang, words = chrome.lang, chrome.catalogue
    groups = index.group_standings(card)
    counts = index.kpi_band_counts(card)
    trend = index.total_trend(unit, year)
    scale = float(card.scale)
    marks = [band.min for band in index.bands]
    target = float(index.target_score)
    return DashboardView(
        unit=unit,
        href=links.unit(unit.id, year),
        round=round_,
        card=card,
        band_rank=index.band_rank(card.band),
        previous=index.previous_year(card),
        groups=groups,
        groups_chart=bar_chart(
            [
                Bar(g.name.get(lang) or g.group, _float(g.score), index.band_rank(index.band_of(g.score)))
                for g in groups
            ],
            scale,
            marks,
            target,
            words.text("dashboard.groups_chart", lang),
        ),
        band_counts=counts,
        bands_chart=share_strip(
            [
                Share(c.band.label.get(lang) if c.band else words.text("dashboard.unscored", lang), c.count, c.rank)
                for c in counts
            ],
            words.text("dashboard.bands_chart", lang),
        ),
        below_target=tuple(
            ConcernView(row, index.content.kpi(unit.id, row.kpi), links.kpi(unit.id, row.kpi, year))
            for row in index.below_target(card)
        ),
        trend=trend,
        trend_chart=_trend_chart(chrome, trend, marks),
        children_chart=_children_chart(chrome, index, unit, year, scale, marks, target),
    )


def _trend_chart(chrome: Chrome, trend: tuple[TotalPoint, ...], marks: list[float]) -> Markup:
    if len(trend) < 2:
        return Markup("")
    lang = chrome.lang
    points = [ChartPoint(p.round.name.get(lang), float(p.total), sublabel=str(p.year), score=True) for p in trend]
    title = chrome.catalogue.text("dashboard.trend_chart", lang)
    return results_chart(points, [m for m in marks if m > 0], None, title, "")


def _children_chart(
    chrome: Chrome, index: Queries, unit: Unit, year: int, scale: float, marks: list[float], target: float
) -> Markup:
    bars = []
    for child in index.content.children(unit.id):
        latest = index.latest_card(child, year)
        if latest is not None:
            _round, card = latest
            bars.append(Bar(child.name.get(chrome.lang), float(card.total), index.band_rank(card.band)))
    title = chrome.catalogue.text("dashboard.children_chart", chrome.lang)
    return bar_chart(bars, scale, marks, target, title)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def scorecards_glance(chrome: Chrome, year: int) -> ScorecardsGlance | None:
    """The units of `year` at a glance (`Queries.unit_band_counts`, `group_means`); None
    when no unit has a scorecard that year."""
    index, lang, words = chrome.index, chrome.lang, chrome.catalogue
    latest = index.latest_cards(year)
    if not latest:
        return None
    counts, means = index.unit_band_counts(year), index.group_means(year)
    marks = [band.min for band in index.bands]
    scale = float(latest[0][2].scale)  # one scheme per site: every card has the same
    return ScorecardsGlance(
        units=len(latest),
        band_counts=counts,
        bands_chart=share_strip(
            [
                Share(c.band.label.get(lang) if c.band else words.text("dashboard.unscored", lang), c.count, c.rank)
                for c in counts
            ],
            words.text("scorecards.bands_chart", lang),
        ),
        groups=means,
        groups_chart=bar_chart(
            [Bar(m.name.get(lang) or m.group, float(m.score), index.band_rank(index.band_of(m.score))) for m in means],
            scale,
            marks,
            float(index.target_score),
            words.text("scorecards.groups_chart", lang),
        ),
    )
