"""Organisation-wide pages: home, cascade explorer, scorecards (one per year) and search.

The explorer and the scorecards table list every unit by nature; they are built by one
walk of the unit tree, so their cost is linear in the number of units and KPIs.
"""

from __future__ import annotations

from functools import partial

from builder.model import Agreement, Unit
from builder.site import urls
from builder.site.chrome import Chrome
from builder.site.context import CascadeContext, HomeContext, ScorecardsContext, SearchContext
from builder.site.dashboard import dashboard, scorecards_glance
from builder.site.links import Links
from builder.site.parts import latest_scorecard, scorecard_view
from builder.site.views import Download, ExplorerKpi, ExplorerNode, ScoreTableRow


def year_pages(chrome: Chrome) -> tuple[int | None, ...]:
    """`None` (the current year's page) and each other fiscal year."""
    current = chrome.index.current_year
    return (None, *(y for y in chrome.content.site.fiscal_years if y != current))


def home_page(chrome: Chrome, year: int | None) -> HomeContext:
    content, index = chrome.content, chrome.index
    shown = year or index.current_year
    frame = chrome.frame(urls.home(year), content.site.name.get(chrome.lang), shown)
    links = frame.links
    roots = content.roots()
    cards = ((root, latest_scorecard(index, links, root, shown) if shown else None) for root in roots)
    agreements = [a for (_, y), a in content.agreements.items() if y == shown]
    return HomeContext(
        frame=frame,
        roots=roots,
        dimensions=content.site.dimensions,
        categories=content.site.categories,
        root_cards=tuple((root, card) for root, card in cards if card is not None),
        unit_count=len(content.units),
        agreement_count=len(agreements),
        kpi_count=sum(len(a.items) for a in agreements),
        dashboards=tuple(d for d in (dashboard(chrome, links, root, shown) for root in roots) if d is not None),
    )


def cascade_page(chrome: Chrome, year: int | None) -> CascadeContext:
    shown = year or chrome.index.current_year
    title = chrome.translate("cascade.title")
    frame = chrome.frame(urls.cascade(year), title, shown, year_href=lambda lk, y: lk.cascade(y))
    links = frame.links
    roots = tuple(_explorer_node(chrome, links, root, shown, 0) for root in chrome.content.roots())
    return CascadeContext(frame=frame, roots=roots, gap_count=sum(_gaps(node) for node in roots))


def _explorer_node(chrome: Chrome, links: Links, unit: Unit, year: int | None, depth: int) -> ExplorerNode:
    agreement = chrome.content.agreements.get((unit.id, year)) if year else None
    kpis = _explorer_kpis(chrome, links, agreement) if agreement else ()
    return ExplorerNode(
        unit=unit,
        href=links.unit(unit.id, year),
        kpis=kpis,
        children=tuple(_explorer_node(chrome, links, c, year, depth + 1) for c in chrome.content.children(unit.id)),
        gaps=sum(1 for k in kpis if k.gap),
        depth=depth,
    )


def _explorer_kpis(chrome: Chrome, links: Links, agreement: Agreement) -> tuple[ExplorerKpi, ...]:
    """The agreement's KPIs as the explorer lists them; `kpibook serve` keeps them while
    neither the unit's facts nor its children's change (who carries each KPI below)."""
    pieces = chrome.index.pieces
    make = partial(_explorer_kpis_made, chrome, links, agreement)
    if pieces is None:
        return make()
    kept = pieces.of("explorer-kpis", None, children_too=True)
    return kept.get(agreement.unit, (links.page, agreement.year), make)


def _explorer_kpis_made(chrome: Chrome, links: Links, agreement: Agreement) -> tuple[ExplorerKpi, ...]:
    index, unit_id, year = chrome.index, agreement.unit, agreement.year
    return tuple(
        ExplorerKpi(
            item=item,
            kpi=chrome.content.kpi(unit_id, item.kpi),
            href=links.kpi(unit_id, item.kpi, year),
            carried_by=len(index.carriers(unit_id, year, item.kpi)),
            gap=index.is_gap(unit_id, year, item.kpi),
        )
        for item in agreement.items
    )


def _gaps(node: ExplorerNode) -> int:
    return node.gaps + sum(_gaps(child) for child in node.children)


def scorecards_page(chrome: Chrome, year: int | None) -> ScorecardsContext:
    index = chrome.index
    shown = year or index.current_year
    title = chrome.translate("scorecards.title")
    frame = chrome.frame(urls.scorecards(year), title, shown, year_href=lambda lk, y: lk.scorecards(y))
    links = frame.links
    rows = tuple(
        ScoreTableRow(
            unit=unit,
            href=links.unit(unit.id, shown),
            depth=depth,
            card=scorecard_view(index, links, r, c, with_rows=False),
        )
        for unit, depth in index.tree_order()
        for r, c in (index.cards(unit, shown) if shown else ())
    )
    downloads = (
        tuple(Download(r, links.shared(urls.scorecards_csv(shown, r.id))) for r in index.rounds_reported(shown))
        if shown
        else ()
    )
    return ScorecardsContext(
        frame=frame,
        rows=rows,
        spreadsheet=links.shared(urls.scorecards_xlsx()),
        downloads=downloads,
        glance=scorecards_glance(chrome, shown) if shown else None,
    )


def search_page(chrome: Chrome) -> SearchContext:
    frame = chrome.frame(urls.search(), chrome.translate("search.title"), chrome.index.current_year)
    links = frame.links
    return SearchContext(frame=frame, index_script=links.static(f"search/index.{chrome.lang}.js"))
