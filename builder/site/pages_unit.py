"""The unit page (one per unit and year) and the unit's strategy map page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from builder.budget import Standing
from builder.model import Kpi, Unit
from builder.site import urls
from builder.site.assets import emblem_path
from builder.site.chrome import Chrome
from builder.site.context import Page, StrategyMapContext, UnitContext
from builder.site.dashboard import dashboard
from builder.site.links import Links
from builder.site.pages_year import budget_view, initiative_views, unit_feed, unit_steps
from builder.site.parts import amendment_views, goal_views, group_views, kpi_ref, latest_scorecard, scorecard_view
from builder.site.strategy_map import NARROW_WIDTH, strategy_map_svg
from builder.site.views import ChildView


def unit_page_years(chrome: Chrome, unit: Unit) -> tuple[int | None, ...]:
    """The unit's pages: the current year's (`None`, index.html) and one per other agreement year."""
    current = chrome.index.current_year
    return (None, *(y for y in chrome.index.years_of(unit.id) if y != current))


def unit_pages(chrome: Chrome, unit: Unit) -> Iterator[Page]:
    """The unit's pages of every year and its strategy map page. They sit in one folder,
    so one drawing of the map (goals linking to `index.html#goal-...`) serves them all."""
    drawing = _strategy_map(chrome, unit)
    for year in unit_page_years(chrome, unit):
        yield unit_page(chrome, unit, year, drawing)
    yield strategy_map_page(chrome, unit, drawing, _strategy_map(chrome, unit, with_initiatives=True))


def unit_page(chrome: Chrome, unit: Unit, year: int | None, drawing: MapDrawings) -> UnitContext:
    index, content = chrome.index, chrome.content
    shown = year or index.current_year
    path = urls.unit(unit.id, year)
    frame = chrome.frame(path, unit.name.get(chrome.lang), shown, unit, lambda lk, y: lk.unit(unit.id, y))
    links = frame.links
    agreement = content.agreements.get((unit.id, shown)) if shown else None
    withheld = unit.is_person and not content.site.publish_individual_results
    in_agreement = {i.kpi for i in agreement.items} if agreement else set()
    goals = chrome.same_in_every_language((path, "goals"), lambda: goal_views(index, links, unit, shown))
    groups = chrome.same_in_every_language(
        (path, "groups"), lambda: group_views(index, links, unit, agreement) if agreement else ()
    )
    children = chrome.same_in_every_language(
        (path, "children"), lambda: tuple(_child(chrome, links, child, shown) for child in content.children(unit.id))
    )
    return UnitContext(
        frame=frame,
        unit=unit,
        agreement=agreement,
        groups=groups,
        amendments=amendment_views(index, links, unit, agreement) if agreement else (),
        scorecards=tuple(scorecard_view(index, links, r, c) for r, c in index.cards(unit, shown)) if shown else (),
        rounds=index.rounds_of(unit),
        results_withheld=withheld,
        children=children,
        goals=goals,
        strategy_map=drawing.wide,
        strategy_map_narrow=drawing.narrow,
        other_kpis=tuple(
            kpi_ref(index, links, unit, k.id, None, None) for k in index.kpis_of(unit.id) if k.id not in in_agreement
        ),
        initiatives=initiative_views(index, links, unit, shown),
        budget=budget_view(index, unit, shown),
        steps=unit_steps(index, links, unit, shown, chrome.today),
        feed=unit_feed(index, links, unit, shown),
        dashboard=None if withheld else dashboard(chrome, links, unit, shown),
        seal=links.shared(emblem_path(seal)) if (seal := index.own_seal(unit.id)) else "",
    )


def strategy_map_page(
    chrome: Chrome, unit: Unit, drawing: MapDrawings, with_initiatives: MapDrawings
) -> StrategyMapContext:
    index = chrome.index
    title = f"{chrome.translate('strategy_map.title')}: {unit.name.get(chrome.lang)}"
    frame = chrome.frame(urls.strategy_map(unit.id), title, index.current_year, unit)
    links = frame.links
    goals = chrome.same_in_every_language(
        (urls.strategy_map(unit.id), "goals"), lambda: goal_views(index, links, unit, index.current_year)
    )
    return StrategyMapContext(
        frame=frame,
        unit=unit,
        strategy_map=drawing.wide,
        strategy_map_narrow=drawing.narrow,
        goals=goals,
        initiatives_map=with_initiatives.wide,
        initiatives_map_narrow=with_initiatives.narrow,
    )


def _child(chrome: Chrome, links: Links, child: Unit, year: int | None) -> ChildView:
    return ChildView(
        unit=child,
        href=links.unit(child.id, year),
        has_agreement=year is not None and (child.id, year) in chrome.content.agreements,
        latest=latest_scorecard(chrome.index, links, child, year, with_rows=False) if year else None,
    )


@dataclass(frozen=True)
class MapDrawings:
    """A unit's strategy map drawn for a wide column and for a phone."""

    wide: Markup
    narrow: Markup


def _strategy_map(chrome: Chrome, unit: Unit, with_initiatives: bool = False) -> MapDrawings:
    """The map, wide and for a phone; `with_initiatives`: the current year's initiatives
    under the goals they serve (empty when the unit has none)."""
    index = chrome.index
    initiatives = index.initiatives(unit.id, index.current_year) if with_initiatives else ()
    if not unit.strategy.goals or (with_initiatives and not initiatives):
        return MapDrawings(Markup(""), Markup(""))
    kpis_by_goal: dict[str, list[Kpi]] = {}
    for kpi in index.kpis_of(unit.id):
        if kpi.goal:
            kpis_by_goal.setdefault(kpi.goal, []).append(kpi)
    # hrefs from the unit's folder, where all the pages that show this drawing are
    links = chrome.links(urls.strategy_map(unit.id))
    notes = _initiatives_by_goal(initiatives, chrome.lang) if with_initiatives else None

    def draw(width: float, variant: str) -> Markup:
        svg = strategy_map_svg(
            unit,
            chrome.content.site,
            chrome.lang,
            goal_href=lambda goal: links.unit(unit.id, anchor=f"goal-{goal.id}"),
            kpis_by_goal=kpis_by_goal,
            words=chrome.catalogue,
            width=width,
            notes_by_goal=notes,
            variant=variant,
        )
        return Markup(svg)  # built by strategy_map_svg, which escapes every text it draws

    return MapDrawings(wide=draw(960.0, ""), narrow=draw(NARROW_WIDTH, "narrow"))


def _initiatives_by_goal(standings: tuple[Standing, ...], lang: str) -> dict[str, list[str]]:
    by_goal: dict[str, list[str]] = {}
    for s in standings:
        for goal in s.goals:
            by_goal.setdefault(goal, []).append(s.initiative.name.get(lang) or s.initiative.id)
    return by_goal
