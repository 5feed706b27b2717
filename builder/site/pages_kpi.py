"""The KPI page: the whole KPI template, and for every year it is agreed its criteria,
its cascade up to the top and down to the units carrying it (with whether split targets
cover it), and its results by round with a chart."""

from __future__ import annotations

from markupsafe import Markup

from builder.model import Agreement, AgreementItem, CascadeLink, Kpi, Unit
from builder.queries import Queries
from builder.site import urls
from builder.site.chart import ChartPoint, results_chart
from builder.site.chrome import Chrome
from builder.site.context import KpiContext, KpiYear
from builder.site.links import Links
from builder.site.pages_year import initiative_views, target_links
from builder.site.parts import amendment_views, cancelled_by, kpi_ref, round_terms_views
from builder.site.views import CascadeNode, EvidenceLink, KpiRef, RoundResult

DOWN_DEPTH = 2  # levels of the cascade shown below a KPI; deeper units are one click away


def kpi_page(chrome: Chrome, unit: Unit, kpi: Kpi) -> KpiContext:
    index = chrome.index
    frame = chrome.frame(urls.kpi(unit.id, kpi.id), kpi.name.get(chrome.lang), index.current_year, unit)
    links = frame.links
    withheld = unit.is_person and not chrome.content.site.publish_individual_results
    years = sorted((y for y in index.years_of(unit.id)), reverse=True)
    kpi_years = []
    for year in years:
        agreement = chrome.content.agreements[(unit.id, year)]
        item = agreement.any_item(kpi.id)
        if item is not None:
            kpi_years.append(_kpi_year(chrome, links, unit, kpi, agreement, item, withheld))
    return KpiContext(
        frame=frame,
        unit=unit,
        kpi=kpi,
        reporting=index.reporting_rounds(kpi),
        kpi_years=tuple(kpi_years),
        results_withheld=withheld,
        targets=target_links(index, links, kpi.plans, None),
        trend_chart=Markup("") if withheld or not kpi_years else _trend_chart(chrome, unit, kpi, kpi_years[0].item),
    )


def _kpi_year(
    chrome: Chrome, links: Links, unit: Unit, kpi: Kpi, agreement: Agreement, item: AgreementItem, withheld: bool
) -> KpiYear:
    index, year = chrome.index, agreement.year
    results = () if withheld else round_results(index, links, unit, kpi.id, year)
    up, down = chrome.same_in_every_language(
        (urls.kpi(unit.id, kpi.id), "cascade", year),
        lambda: (paths_up(index, links, unit, year, item), cascade_down(index, links, unit, year, item, depth=0)),
    )
    return KpiYear(
        year=year,
        item=item,
        group=index.group_name(item.group),
        up=up,
        down=down,
        results=results,
        chart=_chart(chrome, kpi, item, results),
        due=index.due_rounds(unit, item),
        every_round=index.due_every_round(unit, item),
        rounds=round_terms_views(index, item),
        amendments=tuple(a for a in amendment_views(index, links, unit, agreement) if a.amendment.kpi == kpi.id),
        initiatives=initiative_views(index, links, unit, year, index.initiatives_for_kpi(unit.id, year, kpi.id)),
    )


MAX_PATHS = 12  # paths up to the top shown on a KPI page (a KPI rarely has more than two parents)


def paths_up(
    index: Queries, links: Links, unit: Unit, year: int, item: AgreementItem
) -> tuple[tuple[KpiRef, ...], ...]:
    """Every path from the top down to this KPI, one per chain of cascade links: each
    path lists the KPIs from the top first and ends with this one; each ref's `link` says
    how it derives from the one before it. A KPI with two parents has (at least) two."""
    found: list[tuple[KpiRef, ...]] = []

    def climb(unit: Unit, item: AgreementItem, below: tuple[KpiRef, ...], seen: frozenset[str]) -> None:
        parent = index.content.units.get(unit.parent or "")
        if not item.cascade or parent is None or parent.id in seen:
            found.append(below)
            return
        agreement = index.content.agreements.get((parent.id, year))
        for link in item.cascade:
            if len(found) >= MAX_PATHS:
                return
            step = (kpi_ref(index, links, unit, item.kpi, year, link), *below[1:])
            parent_item = agreement.any_item(link.parent_kpi) if agreement else None
            if parent_item is None:  # a link to a KPI not in the superior's agreement (an error of check)
                found.append((kpi_ref(index, links, parent, link.parent_kpi, year, None), *step))
                continue
            above = kpi_ref(index, links, parent, link.parent_kpi, year, None)
            climb(parent, parent_item, (above, *step), seen | {parent.id})

    climb(unit, item, (kpi_ref(index, links, unit, item.kpi, year, None),), frozenset({unit.id}))
    return tuple(found)


def cascade_down(
    index: Queries,
    links: Links,
    unit: Unit,
    year: int,
    item: AgreementItem,
    depth: int,
    link: CascadeLink | None = None,
) -> CascadeNode:
    """This item and, to DOWN_DEPTH levels, the items below that derive from it (each
    with its link to the item above it)."""
    carriers = index.carriers(unit.id, year, item.kpi)
    ref = kpi_ref(index, links, unit, item.kpi, year, link)
    gap = index.is_gap(unit.id, year, item.kpi)
    held = index.held(unit.id, year, item.kpi)
    if depth >= DOWN_DEPTH:
        return CascadeNode(ref=ref, item=item, children=(), coverage=None, hidden=len(carriers), gap=gap, held=held)
    units = index.content.units
    children = tuple(
        cascade_down(index, links, units[c.unit], year, c.item, depth + 1, c.link) for c in carriers if c.unit in units
    )
    coverage = index.coverage(unit.id, year, item)
    return CascadeNode(ref=ref, item=item, children=children, coverage=coverage, gap=gap, held=held)


def round_results(index: Queries, links: Links, unit: Unit, kpi_id: str, year: int) -> tuple[RoundResult, ...]:
    """Every round that applies to the unit, with what was reported and scored."""
    found = []
    for round_ in index.rounds_of(unit):
        result = index.result(unit.id, year, round_.id, kpi_id)
        card = index.scorebook.card(unit.id, year, round_.id)
        score = card.row(kpi_id) if card else None
        result_set = index.content.results.get((unit.id, year, round_.id))
        found.append(
            RoundResult(
                round=round_,
                reported_on=result_set.reported_on if result_set else None,
                result=result,
                score=score,
                band_rank=index.band_rank(card.band) if card else None,
                evidence=tuple(
                    EvidenceLink(evidence=e, href=links.evidence(e.path)) for e in (result.evidence if result else ())
                ),
                cancelled_by=cancelled_by(index, links, unit.id, year, score) if score else None,
                closure=index.closure(year, round_.id),
                corrections=index.corrections(unit.id, year, round_.id, kpi_id),
            )
        )
    return tuple(found)


def _chart(chrome: Chrome, kpi: Kpi, item: AgreementItem, results: tuple[RoundResult, ...]) -> Markup:
    points = [ChartPoint(r.round.name.get(chrome.lang), _plotted(kpi, r), _round_target(kpi, r)) for r in results]
    levels, target = _levels(kpi, item)
    title = chrome.translate("kpi.chart_title")
    return results_chart(points, levels, target, title, chrome.translate("kpi.target"))


def _trend_chart(chrome: Chrome, unit: Unit, kpi: Kpi, newest: AgreementItem) -> Markup:
    """Its values across the rounds of every year (`Queries.kpi_trend`), against the
    levels of its newest agreement; only when it has values in more than one year (its
    values are looked up once for the pages of every language)."""
    index = chrome.index
    if len(index.years_of(unit.id)) < 2:
        return Markup("")
    trend = chrome.same_in_every_language((urls.kpi(unit.id, kpi.id), "trend"), lambda: index.kpi_trend(unit, kpi))
    if len({p.year for p in trend if p.value is not None}) < 2:
        return Markup("")
    points = [ChartPoint(p.round.name.get(chrome.lang), p.value, sublabel=str(p.year)) for p in trend]
    levels, target = _levels(kpi, newest)
    title = chrome.translate("kpi.trend_chart")
    return results_chart(points, levels, target, title, chrome.translate("kpi.target"))


def _levels(kpi: Kpi, item: AgreementItem) -> tuple[tuple[float, ...], float | None]:
    if kpi.kind == "milestone":
        return (1, 2, 3, 4, 5), 3
    return item.criteria.given_values, item.criteria.standard


def _round_target(kpi: Kpi, result: RoundResult) -> float | None:
    """A round's own target, where its criteria differ from the annual ones."""
    terms = result.score.terms if result.score is not None else None
    if kpi.kind != "numeric" or terms is None or not terms.round_criteria or not terms.due:
        return None
    return terms.target


def _plotted(kpi: Kpi, result: RoundResult) -> float | None:
    score = result.score
    if score is not None and score.reported:
        return float(score.level) if kpi.kind == "milestone" and score.level is not None else score.actual
    if result.result is None:
        return None
    level = result.result.level
    return float(level) if kpi.kind == "milestone" and level is not None else result.result.actual
