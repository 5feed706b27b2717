"""The KPI page: the whole KPI template, and for every year it is agreed its criteria,
its cascade up to the top and down to the units carrying it (with whether split targets
cover it), and its results by round with a chart."""

from __future__ import annotations

from markupsafe import Markup

from builder.model import AgreementItem, Kpi, Unit
from builder.queries import Queries
from builder.site import urls
from builder.site.chart import ChartPoint, results_chart
from builder.site.chrome import Chrome
from builder.site.context import KpiContext, KpiYear
from builder.site.links import Links
from builder.site.parts import kpi_ref
from builder.site.views import CascadeNode, EvidenceLink, KpiRef, RoundResult

DOWN_DEPTH = 2  # levels of the cascade shown below a KPI; deeper units are one click away


def kpi_page(chrome: Chrome, unit: Unit, kpi: Kpi) -> KpiContext:
    index = chrome.index
    base = chrome.base(urls.kpi(unit.id, kpi.id), kpi.name.get(chrome.lang), index.current_year, unit)
    links: Links = base["links"]
    withheld = unit.is_person and not chrome.content.site.publish_individual_results
    years = sorted((y for y in index.years_of(unit.id)), reverse=True)
    kpi_years = []
    for year in years:
        item = chrome.content.agreements[(unit.id, year)].item(kpi.id)
        if item is not None:
            kpi_years.append(_kpi_year(chrome, links, unit, kpi, year, item, withheld))
    return KpiContext(
        **base,
        unit=unit,
        kpi=kpi,
        reporting=index.reporting_rounds(kpi),
        kpi_years=tuple(kpi_years),
        results_withheld=withheld,
    )


def _kpi_year(
    chrome: Chrome, links: Links, unit: Unit, kpi: Kpi, year: int, item: AgreementItem, withheld: bool
) -> KpiYear:
    index = chrome.index
    results = () if withheld else round_results(index, links, unit, kpi.id, year)
    return KpiYear(
        year=year,
        item=item,
        group=index.group_name(item.group),
        up=chain_up(index, links, unit, year, item),
        down=cascade_down(index, links, unit, year, item, depth=0),
        results=results,
        chart=_chart(chrome, kpi, item, results),
    )


def chain_up(index: Queries, links: Links, unit: Unit, year: int, item: AgreementItem) -> tuple[KpiRef, ...]:
    """The KPIs above this one, the top first; each `link` says how it derives from the next one up."""
    units, chain, seen = index.content.units, [], {unit.id}
    while item.cascade is not None and unit.parent and unit.parent in units and unit.parent not in seen:
        parent = units[unit.parent]
        seen.add(parent.id)
        agreement = index.content.agreements.get((parent.id, year))
        parent_item = agreement.item(item.cascade.parent_kpi) if agreement else None
        link = parent_item.cascade if parent_item else None
        chain.append(kpi_ref(index, links, parent, item.cascade.parent_kpi, year, link))
        if parent_item is None:
            break
        unit, item = parent, parent_item
    return tuple(reversed(chain))


def cascade_down(index: Queries, links: Links, unit: Unit, year: int, item: AgreementItem, depth: int) -> CascadeNode:
    """This item and, to DOWN_DEPTH levels, the items below that derive from it."""
    carriers = index.carriers(unit.id, year, item.kpi)
    ref = kpi_ref(index, links, unit, item.kpi, year, item.cascade)
    gap = index.is_gap(unit.id, year, item.kpi)
    if depth >= DOWN_DEPTH:
        return CascadeNode(ref=ref, item=item, children=(), coverage=None, hidden=len(carriers), gap=gap)
    units = index.content.units
    children = tuple(
        cascade_down(index, links, units[c.unit], year, c.item, depth + 1) for c in carriers if c.unit in units
    )
    return CascadeNode(ref=ref, item=item, children=children, coverage=index.coverage(unit.id, year, item), gap=gap)


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
            )
        )
    return tuple(found)


def _chart(chrome: Chrome, kpi: Kpi, item: AgreementItem, results: tuple[RoundResult, ...]) -> Markup:
    points = [ChartPoint(r.round.name.get(chrome.lang), _plotted(kpi, r)) for r in results]
    if kpi.kind == "milestone":
        levels: tuple[float, ...] = (1, 2, 3, 4, 5)
        target: float | None = 3
    else:
        levels, target = item.criteria.numeric_values, item.criteria.standard
    title = chrome.translate("kpi.chart_title")
    return results_chart(points, levels, target, title, chrome.translate("kpi.target"))


def _plotted(kpi: Kpi, result: RoundResult) -> float | None:
    score = result.score
    if score is not None and score.reported:
        return float(score.level) if kpi.kind == "milestone" and score.level is not None else score.actual
    if result.result is None:
        return None
    level = result.result.level
    return float(level) if kpi.kind == "milestone" and level is not None else result.result.actual
