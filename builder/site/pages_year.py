"""The pages of the year's work and the plans above: the process calendar (a printable
timeline, one page per year), what is still owed in each round (one page per year and
round), and the alignment with the external plans (one page per year); and the parts the
unit, KPI and strategy-map pages show of them (initiatives, budget totals, steps)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial

from builder.budget import Standing
from builder.model import Round, Unit
from builder.model_year import CalendarStep, Parties
from builder.owed import OwedKpi, RoundStatus, UnitGroup
from builder.queries import Queries
from builder.site import urls
from builder.site.chrome import Chrome
from builder.site.context import AlignmentContext, CalendarContext, OwedContext
from builder.site.links import Links
from builder.site.views_year import (
    Budget,
    BudgetRow,
    DeadlineView,
    FeedLink,
    InitiativeView,
    MonthView,
    OwedGroup,
    OwedRow,
    PartyView,
    RoundLink,
    StepView,
    TargetLink,
    TargetView,
    UnitLink,
)
from builder.timeline import months_covered, months_of, step_state

# -- the calendar ----------------------------------------------------------------------


def calendar_page(chrome: Chrome, year: int | None) -> CalendarContext:
    index = chrome.index
    shown = year or index.current_year
    frame = chrome.frame(
        urls.calendar(year), chrome.translate("calendar.title"), shown, year_href=lambda lk, y: lk.calendar(y)
    )
    links = frame.links
    calendar = index.calendar(shown)
    months = months_of(calendar, shown) if calendar and shown else ()
    today = chrome.today
    return CalendarContext(
        frame=frame,
        calendar=calendar,
        months=tuple(MonthView(first=m, current=(m.year, m.month) == (today.year, today.month)) for m in months),
        steps=tuple(step_view(index, links, s, shown, today, months) for s in calendar.steps)
        if calendar and shown
        else (),
        deadlines=deadline_views(chrome, links, shown) if shown else (),
        feeds=feed_links(index, links, shown) if calendar and shown else (),
        today=today,
    )


def step_view(
    index: Queries, links: Links, step: CalendarStep, year: int, today: dt.date, months: tuple[dt.date, ...] = ()
) -> StepView:
    due = index.round(step.results_due) if step.results_due else None
    return StepView(
        step=step,
        state=step_state(step, today),
        months=months_covered(step, months),
        responsible=_parties(index, links, step.responsible, year),
        involved=_parties(index, links, step.involved, year),
        rounds=tuple(r for r in (index.round(rid) for rid in step.rounds) if r is not None),
        deadline_of=due,
        owed_href=links.owed(due.id, year) if due else None,
    )


def _parties(index: Queries, links: Links, parties: Parties, year: int) -> PartyView:
    units = index.content.units
    return PartyView(
        units=tuple(UnitLink(units[u], links.unit(u, year)) for u in parties.units if u in units),
        kinds=parties.kinds,
        people=parties.people,
    )


def deadline_views(chrome: Chrome, links: Links, year: int) -> tuple[DeadlineView, ...]:
    index = chrome.index
    views = []
    for round_ in index.rounds_in_use(year):
        status = owed_status(chrome, year, round_)
        views.append(
            DeadlineView(
                round=round_,
                day=status.deadline.day,
                step=status.deadline.step,
                days_left=status.days_left,
                timing=status.timing,
                missing=status.missing,
                unverified=status.unverified,
                people_left_out=status.people_left_out and not status.due,
                href=links.owed(round_.id, year),
            )
        )
    return tuple(views)


def feed_links(index: Queries, links: Links, year: int) -> tuple[FeedLink, ...]:
    """The year's feed, then one per unit named by a step, in tree order."""
    calendar = index.calendar(year)
    if calendar is None:
        return ()
    feeds = [FeedLink(unit=None, href=links.feed(year), steps=len(calendar.steps))]
    for unit, _depth in index.tree_order():
        count = len(index.steps_naming(unit, year))
        if count:
            feeds.append(FeedLink(unit=unit, href=links.feed(year, unit.id), steps=count))
    return tuple(feeds)


def unit_feed(index: Queries, links: Links, unit: Unit, year: int | None) -> FeedLink | None:
    count = len(index.steps_naming(unit, year)) if year else 0
    return FeedLink(unit=unit, href=links.feed(year, unit.id), steps=count) if year and count else None


# -- who still owes what ----------------------------------------------------------------


def owed_status(chrome: Chrome, year: int, round_: Round) -> RoundStatus:
    """The round's status as the site publishes it (individuals as `publish_individual_results` says)."""
    include_people = chrome.content.site.publish_individual_results
    return chrome.index.round_status(year, round_, chrome.today, include_people)


def owed_pages(chrome: Chrome) -> Iterator[tuple[int | None, Round]]:
    """The owed pages there are: (year, None for the current one; round) of each."""
    current = chrome.index.current_year
    for year in chrome.content.site.fiscal_years:
        for round_ in chrome.index.rounds_in_use(year):
            yield None if year == current else year, round_


def owed_page(chrome: Chrome, year: int | None, round_: Round) -> OwedContext:
    index = chrome.index
    shown = year or index.current_year or 0
    title = chrome.translate("owed.title", round=round_.name.get(chrome.lang))
    frame = chrome.frame(
        urls.owed(round_.id, year), title, shown, year_href=lambda lk, y: lk.owed_or_calendar(round_.id, y)
    )
    links = frame.links
    status = owed_status(chrome, shown, round_)

    rows: dict[int, OwedRow] = {}  # each KPI owed shows twice (by unit, by collector): one row for both

    def row(owed: OwedKpi) -> OwedRow:
        found = rows.get(id(owed))
        if found is None:
            href, unit_href = links.kpi(owed.unit.id, owed.kpi_id, shown), links.unit(owed.unit.id, shown)
            found = rows[id(owed)] = OwedRow(owed=owed, href=href, unit_href=unit_href)
        return found

    def unit_group(group: UnitGroup) -> OwedGroup:
        return OwedGroup(
            unit=group.unit, collector=None, href=links.unit(group.unit.id, shown), rows=tuple(map(row, group.owed))
        )

    # `kpibook serve`: a unit's group kept from the page's last writing while the unit's
    # facts and the collectors' contacts (what its round status was made from) are unchanged
    kept = index.pieces.of("owed-rows", index.collector_contacts) if index.pieces is not None else None
    by_unit = tuple(
        kept.get(g.unit.id, (links.page, round_.id), partial(unit_group, g)) if kept else unit_group(g)
        for g in status.by_unit()
    )
    rows.update((id(r.owed), r) for g in by_unit for r in g.rows)  # the rows of kept groups too
    by_collector = tuple(
        OwedGroup(unit=None, collector=g.collector, href="", rows=tuple(map(row, g.owed)))
        for g in status.by_collector()
    )
    return OwedContext(
        frame=frame,
        round=round_,
        status=status,
        by_unit=by_unit,
        by_collector=by_collector,
        rounds=tuple(
            RoundLink(round=r, href=links.owed(r.id, shown), current=r.id == round_.id)
            for r in index.rounds_in_use(shown)
        ),
        today=chrome.today,
        data_href=links.shared(urls.status_json(shown, round_.id)),
    )


# -- alignment with the plans above ----------------------------------------------------


def target_links(index: Queries, links: Links, ids: tuple[str, ...], year: int | None) -> tuple[TargetLink, ...]:
    """The external targets named, each linked to its place on the year's alignment page."""
    return tuple(
        TargetLink(item=item, level=level, href=links.alignment(year, anchor=f"target-{item.id}"))
        for item, level in index.targets(ids)
    )


def alignment_page(chrome: Chrome, year: int | None) -> AlignmentContext:
    index = chrome.index
    shown = year or index.current_year or 0
    title = chrome.translate("alignment.title")
    frame = chrome.frame(urls.alignment(year), title, shown, year_href=lambda lk, y: lk.alignment(y))
    links = frame.links
    units = index.content.units
    standings = {
        s.initiative.key: s for (uid, y) in index.content.initiatives if y == shown for s in index.initiatives(uid, y)
    }
    targets = tuple(
        TargetView(
            target=t,
            goals=tuple((g.unit, g.goal, links.unit(g.unit.id, shown, anchor=f"goal-{g.goal.id}")) for g in t.goals),
            kpis=tuple((k, links.kpi(k.unit, k.id, shown)) for k in t.kpis),
            initiatives=tuple(
                (units[i.unit], standings[i.key], links.unit(i.unit, shown, anchor=f"initiative-{i.id}"))
                for i in t.initiatives
                if i.unit in units and i.key in standings
            ),
        )
        for t in index.alignment(shown)
    )
    return AlignmentContext(
        frame=frame,
        levels=index.plans.levels,
        targets=targets,
        unserved=sum(1 for t in targets if not t.target.served),
    )


# -- parts of the unit, KPI and strategy-map pages ---------------------------------------


def initiative_views(
    index: Queries, links: Links, unit: Unit, year: int | None, only: tuple[Standing, ...] | None = None
) -> tuple[InitiativeView, ...]:
    goals = {g.id: g for g in unit.strategy.goals}
    found = index.initiatives(unit.id, year) if only is None else only
    views = []
    for s in found:
        kpis = [
            (k, links.kpi(unit.id, k.id, year))
            for k in (index.content.kpi(unit.id, kid) for kid in s.initiative.kpis)
            if k
        ]
        views.append(
            InitiativeView(
                standing=s,
                goals=tuple(goals[g] for g in s.goals if g in goals),
                kpis=tuple(kpis),
                shared=len(s.goals) > 1,
                round=index.round(s.round) if s.round else None,
                reports=tuple((r, money) for money in s.reports if (r := index.round(money.report.round))),
            )
        )
    return tuple(views)


def budget_view(index: Queries, unit: Unit, year: int | None) -> Budget | None:
    if not index.initiatives(unit.id, year):
        return None
    by_goal = index.budget_by_goal(unit.id, year)
    by_perspective = index.budget_by_perspective(unit, year)
    return Budget(
        total=index.budget_total(unit.id, year),
        by_goal=tuple(BudgetRow(g.name, f"goal-{g.id}", by_goal[g.id]) for g in unit.strategy.goals if g.id in by_goal),
        by_perspective=tuple(
            BudgetRow(p.name, "", by_perspective[p.id]) for p in index.site.perspectives if p.id in by_perspective
        ),
    )


def unit_steps(index: Queries, links: Links, unit: Unit, year: int | None, today: dt.date) -> tuple[StepView, ...]:
    if year is None:
        return ()
    return tuple(step_view(index, links, s, year, today) for s in index.steps_naming(unit, year))
