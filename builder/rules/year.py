"""The year's work and the plans above: every reference of the process calendar, of the
initiatives and of links to external plans names something that exists; a step's dates
make sense; a step past due is recorded as done; an initiative spends within its budget.
"""

from __future__ import annotations

from builder.diagnostics import Diagnostics
from builder.fiscal import parse_iso
from builder.model import Content, Located, Location, Round
from builder.model_year import CalendarStep, Initiative, Parties
from builder.queries import applies_to
from builder.rules.context import RuleContext
from builder.rules.references import report_duplicates, report_unknown


def _dates_in_order(thing: Located, start: str | None, end: str | None, diags: Diagnostics) -> None:
    first, last = parse_iso(start), parse_iso(end)
    if first and last and last < first:
        diags.error("dates.reversed", thing.at("end"), start=first, end=last)  # in words: B.E. in Thai


# -- the process calendar --------------------------------------------------------------


def calendar_references(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    years = set(content.site.fiscal_years)
    rounds = [r.id for r in content.site.rounds]
    kinds = {k.id for k in ctx.queries(content).unit_kinds}
    for calendar in content.calendars.values():
        if calendar.year not in years:
            diags.error("year.unknown", calendar.at("year"), year=calendar.year)
        report_duplicates(((s.id, s.at("id")) for s in calendar.steps), "step", diags)
        deadlines: dict[str, CalendarStep] = {}
        for step in calendar.steps:
            _step_dates(step, diags)
            for parties in (step.responsible, step.involved):
                _parties(content, kinds, parties, diags)
            for round_id in step.rounds:
                if round_id not in rounds:
                    report_unknown(diags, step.at("rounds"), "round", round_id, rounds)
            due = step.results_due
            if due is None:
                continue
            if due not in rounds:
                report_unknown(diags, step.at("results_due"), "round", due, rounds)
            elif due in deadlines:
                first = deadlines[due]
                loc = step.at("results_due")
                diags.error("calendar.deadline-twice", loc, round=due, step=first.id, line=first.loc.line)
            else:
                deadlines[due] = step


def _step_dates(step: CalendarStep, diags: Diagnostics) -> None:
    given = {name for name in ("date", "start", "end") if name in step.marks}
    if given not in ({"date"}, {"start", "end"}):
        diags.error("calendar.step-dates", step.at("id"), step=step.id)
    elif given == {"start", "end"}:
        _dates_in_order(step, step.start, step.end, diags)


def _parties(content: Content, kinds: set[str], parties: Parties, diags: Diagnostics) -> None:
    for unit_id in parties.units:
        if unit_id not in content.units:
            report_unknown(diags, parties.at("units"), "unit", unit_id, content.units)
    for kind in parties.kinds:
        if kind not in kinds:
            report_unknown(diags, parties.at("kinds"), "unit-kind", kind, kinds)


def steps_past_due_are_done(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """Only the current year's calendar: older years are history, not a to-do list."""
    year = content.site.current_year
    calendar = content.calendars.get(year) if year is not None else None
    if calendar is None:
        return
    for step in calendar.steps:
        end = parse_iso(step.end)
        if end is not None and end < ctx.today and step.done is None:
            diags.warning("calendar.overdue", step.at("id"), step=step.id, end=end)


# -- initiatives -----------------------------------------------------------------------


def initiative_references(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    years = set(content.site.fiscal_years)
    rounds = {r.id: r for r in content.site.rounds}
    for (unit_id, year), initiatives in content.initiatives.items():
        unit = content.units.get(unit_id)
        goals = [g.id for g in unit.strategy.goals] if unit else []
        kpis = [kpi.id for kpi in content.kpis.values() if kpi.unit == unit_id]
        if year not in years and initiatives:
            diags.error("year.unknown", initiatives[0].at("id"), year=year)
        report_duplicates(((i.id, i.at("id")) for i in initiatives), "initiative", diags)
        for initiative in initiatives:
            for goal in initiative.goals:
                if goal not in goals:
                    report_unknown(diags, initiative.at("goals"), "goal", goal, goals)
            for kpi in initiative.kpis:
                if kpi not in kpis:
                    report_unknown(diags, initiative.at("kpis"), "kpi", kpi, kpis)
            _dates_in_order(initiative, initiative.start, initiative.end, diags)
            _initiative_rounds(initiative, rounds, unit.kind if unit else None, diags)


def _initiative_rounds(initiative: Initiative, rounds: dict[str, Round], kind: str | None, diags: Diagnostics) -> None:
    first: dict[str, Location] = {}
    for report in initiative.rounds:
        round_ = rounds.get(report.round)
        if round_ is None:
            report_unknown(diags, report.at("round"), "round", report.round, rounds)
            continue
        if kind is not None and not applies_to(round_, kind):
            diags.error("initiative.round-not-for-unit", report.at("round"), round=report.round, kind=kind)
        if report.round in first:
            diags.error(
                "initiative.duplicate-round", report.at("round"), round=report.round, first=first[report.round].line
            )
        first.setdefault(report.round, report.at("round"))


def initiatives_within_budget(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for initiatives in content.initiatives.values():
        for initiative in initiatives:
            budget = initiative.budget
            for report in initiative.rounds:
                if budget is not None and report.disbursed is not None and report.disbursed > budget:
                    diags.warning(
                        "initiative.over-budget",
                        report.at("disbursed"),
                        initiative=initiative.id,
                        disbursed=float(report.disbursed),
                        budget=float(budget),
                    )


# -- plans above the organisation ------------------------------------------------------


def plan_references(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    plans = content.plans
    targets = [item.id for item in plans.items] if plans else []
    if plans is not None:
        levels = [level.id for level in plans.levels]
        report_duplicates(((lv.id, lv.at("id")) for lv in plans.levels), "plan-level", diags)
        report_duplicates(((i.id, i.at("id")) for i in plans.items), "plan-target", diags)
        for item in plans.items:
            if item.level not in levels:
                report_unknown(diags, item.at("level"), "plan-level", item.level, levels)
    linked: list[tuple[Located, tuple[str, ...]]] = []
    for unit in content.units.values():
        linked.extend((goal, goal.plans) for goal in unit.strategy.goals)
    linked.extend((kpi, kpi.plans) for kpi in content.kpis.values())
    linked.extend((i, i.plans) for initiatives in content.initiatives.values() for i in initiatives)
    known = set(targets)
    for thing, names in linked:
        for name in names:
            if name not in known:
                report_unknown(diags, thing.at("plans"), "plan-target", name, targets)
