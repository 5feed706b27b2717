"""IDs are unique and every reference by ID names something that exists."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from builder.diagnostics import Diagnostics, did_you_mean
from builder.model import Content, Located, Location
from builder.queries import kind_label
from builder.rules.context import RuleContext


def report_duplicates(items: Iterable[tuple[str, Location]], what: str, diags: Diagnostics) -> set[str]:
    """Report repeated ids; returns the set of ids seen."""
    first: dict[str, Location] = {}
    for ident, loc in items:
        if ident in first:
            diags.error("id.duplicate", loc, what=what, id=ident, first=first[ident].line)
        else:
            first[ident] = loc
    return set(first)


def report_unknown(diags: Diagnostics, loc: Location, what: str, ident: str, known: Iterable[str]) -> None:
    """A reference to an id that does not exist, with the closest known one as a hint."""
    diags.error("ref.unknown", loc, what=what, id=ident, did_you_mean=did_you_mean(ident, known))


def unknown_year(diags: Diagnostics, loc: Location, year: int, years: Collection[int]) -> None:
    """A fiscal year site.yaml does not list. Swapped digits (2658 for 2568) get the listed
    year as a hint; a year next to a listed one (2569) is more likely one that site.yaml
    should list, so it gets no guess (a Common Era year is already a schema error)."""
    swapped = [y for y in years if sorted(str(y)) == sorted(str(year))]
    diags.error("year.unknown", loc, year=year, did_you_mean=str(swapped[0]) if swapped else "")


def _ids(items: Iterable[Located], attr: str = "id") -> list[tuple[str, Location]]:
    return [(getattr(i, attr), i.at(attr)) for i in items]


def duplicate_site_ids(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    site = content.site
    report_duplicates(_ids(site.unit_kinds), "unit-kind", diags)
    report_duplicates(_ids(site.perspectives), "perspective", diags)
    report_duplicates(_ids(site.dimensions), "dimension", diags)
    report_duplicates(_ids(site.categories), "category", diags)
    report_duplicates(_ids(site.rounds), "round", diags)


def unit_kinds_defined(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """Units and rounds name kinds of unit the site defines (or the built-in ones)."""
    known = {k.id for k in ctx.queries(content).unit_kinds}
    for unit in content.units.values():
        if unit.kind not in known:
            hint = did_you_mean(unit.kind, known)
            diags.error("ref.unknown", unit.at("kind"), what="unit-kind", id=unit.kind, did_you_mean=hint)
    for round_ in content.site.rounds:
        for kind in round_.applies_to:
            if kind not in known:
                hint = did_you_mean(kind, known)
                diags.error("ref.unknown", round_.at("for"), what="unit-kind", id=kind, did_you_mean=hint)


def unknown_parents(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for unit in content.units.values():
        if unit.parent and unit.parent not in content.units:
            diags.error(
                "unit.unknown-parent",
                unit.at("parent"),
                parent=unit.parent,
                did_you_mean=did_you_mean(unit.parent, content.units),
            )


def strategy_references(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    perspectives = {p.id for p in content.site.perspectives}
    for unit in content.units.values():
        strategy = unit.strategy
        issues = report_duplicates(_ids(strategy.issues), "strategic-issue", diags)
        goals = report_duplicates(_ids(strategy.goals), "goal", diags)
        for goal in strategy.goals:
            if goal.perspective not in perspectives:
                report_unknown(diags, goal.at("perspective"), "perspective", goal.perspective, perspectives)
            if goal.issue and goal.issue not in issues:
                report_unknown(diags, goal.at("issue"), "strategic-issue", goal.issue, issues)
            for target in goal.leads_to:
                if target not in goals:
                    report_unknown(diags, goal.at("leads_to"), "goal", target, goals)


def plan_period_in_order(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for unit in content.units.values():
        period = unit.strategy.plan_period
        if period is not None and period[0] > period[1]:
            where = unit.strategy.at("plan_period")
            diags.error("unit.plan-period-reversed", where, first=period[0], last=period[1])


def kpi_references(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    rounds = {r.id for r in content.site.rounds}
    goals_of = {u.id: {g.id for g in u.strategy.goals} for u in content.units.values()}
    for kpi in content.kpis.values():
        goals = goals_of.get(kpi.unit, set())
        if kpi.goal and kpi.goal not in goals:
            report_unknown(diags, kpi.at("goal"), "goal", kpi.goal, goals)
        for round_id in kpi.reporting:
            if round_id not in rounds:
                report_unknown(diags, kpi.at("reporting"), "round", round_id, rounds)


def agreement_references(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    years = set(content.site.fiscal_years)
    dimensions = {d.id for d in content.site.dimensions}
    categories = {c.id for c in content.site.categories}
    for agreement in content.agreements.values():
        unit = content.units.get(agreement.unit)
        if agreement.year not in years:
            unknown_year(diags, agreement.at("year"), agreement.year, years)
        for dim in agreement.dimension_weights:
            if dim not in dimensions:
                report_unknown(diags, agreement.at("dimension_weights"), "dimension", dim, dimensions)
        first: dict[str, Location] = {}
        for item in agreement.items:
            if item.kpi in first:
                diags.error("agreement.duplicate-kpi", item.at("kpi"), kpi=item.kpi, first=first[item.kpi].line)
            first.setdefault(item.kpi, item.at("kpi"))
        for item in agreement.all_items():  # the signed items and those amendments add
            if content.kpi(agreement.unit, item.kpi) is None:
                unit_kpis = [k.id for k in content.kpis.values() if k.unit == agreement.unit]
                report_unknown(diags, item.at("kpi"), "kpi", item.kpi, unit_kpis)
            if unit is None:
                continue
            uses_category = "category" in item.marks
            expected = "category" if unit.is_person else "dimension"
            given = "category" if uses_category else "dimension"
            if given != expected:
                diags.error(
                    "agreement.group-kind",
                    item.at(given),
                    kind=kind_label(content.site, unit.kind),
                    expected=expected,
                    given=given,
                )
            elif item.group not in (known := categories if uses_category else dimensions):
                report_unknown(diags, item.at(given), given, item.group, known)


def agreement_signed(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for agreement in content.agreements.values():
        if not agreement.items:  # a draft just started (`kpibook new unit`)
            diags.warning("agreement.empty", agreement.at("items"), unit=agreement.unit, year=agreement.year)
        if not agreement.signed_on:
            diags.warning("agreement.unsigned", agreement.loc, unit=agreement.unit, year=agreement.year)


def kpis_per_person_within_limit(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    limit = content.site.max_kpis_per_person
    if not limit:
        return
    for agreement in content.agreements.values():
        unit = content.units.get(agreement.unit)
        if unit is not None and unit.is_person and len(agreement.items) > limit:
            diags.warning("agreement.too-many-kpis", agreement.at("items"), count=len(agreement.items), limit=limit)
