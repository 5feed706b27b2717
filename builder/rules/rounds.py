"""The year in rounds: terms per round and amendments name rounds the unit reports in
and KPIs that are in force; results are given for KPIs due in their round, and a KPI due
in a round that has passed without a result is a warning (it counts 0)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from builder.cascade import CascadeChild
from builder.diagnostics import Diagnostics, did_you_mean
from builder.fiscal import round_end
from builder.model import Agreement, Content, Location, RoundTerms
from builder.queries import applies_to, kind_label
from builder.rules.context import RuleContext
from builder.terms import kpis_before_each


def _round_terms(agreement: Agreement) -> Iterator[RoundTerms]:
    for item in agreement.all_items():
        yield from item.rounds
    for amendment in agreement.amendments:
        if amendment.change is not None:
            yield from amendment.change.rounds or ()


def rounds_named_in_agreements(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """Terms per round and amendments name rounds of the site that the unit reports in."""
    queries = ctx.queries(content)
    kinds = {k.id for k in queries.unit_kinds}
    for agreement in content.agreements.values():
        unit = content.units.get(agreement.unit)
        if unit is not None and unit.kind not in kinds:
            unit = None  # an unknown kind is reported once, at the unit
        named: list[tuple[str, Location]] = [(t.round, t.loc) for t in _round_terms(agreement)]
        named += [(a.from_round, a.at("from")) for a in agreement.amendments]
        reported = [r.id for r in (queries.rounds_of(unit) if unit is not None else queries.rounds)]
        for round_id, loc in named:
            round_ = queries.round(round_id)
            if round_ is None:
                hint = did_you_mean(round_id, reported)
                diags.error("ref.unknown", loc, what="round", id=round_id, did_you_mean=hint)
            elif unit is not None and not applies_to(round_, unit.kind):
                diags.error(
                    "agreement.round-not-for-unit", loc, round=round_id, kind=kind_label(content.site, unit.kind)
                )


def round_weights_match_weighting(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """A weight of a round is given the way the agreement weighs its KPIs."""
    for agreement in content.agreements.values():
        wrong = "weight" if agreement.weighting == "importance" else "importance"
        changes = [a.change for a in agreement.amendments if a.change is not None]
        for terms in (*_round_terms(agreement), *changes):
            if getattr(terms, wrong) is not None:
                code = "weights.importance-expected" if wrong == "weight" else "weights.weight-expected"
                diags.error(code, terms.at(wrong))


def amendments_name_kpis_in_force(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """A KPI is cancelled or changed while in force, and added while not."""
    positions = ctx.queries(content).round_positions
    for agreement in content.agreements.values():
        for amendment, in_force in kpis_before_each(agreement, positions):
            if amendment.action == "add" and amendment.kpi in in_force:
                diags.error("amendment.already-agreed", amendment.at("add"), kpi=amendment.kpi)
            elif amendment.action != "add" and amendment.kpi not in in_force:
                field = "cancel" if amendment.action == "cancel" else "change"
                diags.error(
                    "amendment.unknown-kpi",
                    amendment.at(field),
                    kpi=amendment.kpi,
                    round=amendment.from_round,
                    did_you_mean=did_you_mean(amendment.kpi, sorted(in_force)),
                )


def results_of_kpis_due(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """A result for a KPI that is not due in its round, or cancelled by then, is not scored."""
    queries = ctx.queries(content)
    for result_set in content.results.values():
        agreement = content.agreements.get((result_set.unit, result_set.year))
        unit, round_ = content.units.get(result_set.unit), queries.round(result_set.round)
        if agreement is None or unit is None or round_ is None or not applies_to(round_, unit.kind):
            continue  # results.no-agreement, ref.unknown or results.round-not-for-unit
        for result in result_set.results:
            if agreement.any_item(result.kpi) is None:
                continue  # results.kpi-not-in-agreement
            terms = queries.item_terms(agreement, result_set.round, result.kpi)
            cancelled = terms.cancelled_by if terms else None
            if cancelled is not None:
                diags.warning(
                    "results.kpi-cancelled",
                    result.at("kpi"),
                    kpi=result.kpi,
                    round=cancelled.from_round,
                    date=_day(cancelled.date),
                )
            elif terms is None or not terms.due:
                diags.warning("results.not-due", result.at("kpi"), kpi=result.kpi, round=result_set.round)


def kpis_due_without_results(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """In the current year, every KPI due in a round that has passed has a result in that
    round's file. A round without a file is one warning (`results.missing-round`); a KPI
    whose value is rolled up from its split below is not missing (the units below are
    warned instead)."""
    queries = ctx.queries(content)
    year = content.site.current_year
    for (unit_id, result_year, round_id), result_set in content.results.items():
        agreement = content.agreements.get((unit_id, result_year))
        round_ = queries.round(round_id)
        if result_year != year or agreement is None or round_ is None:
            continue
        end = round_end(result_year, round_.months)
        if end >= ctx.today:
            continue
        given = {r.kpi for r in result_set.results}
        for terms in queries.terms(agreement, round_id):
            kpi = terms.item.kpi
            if not terms.due or kpi in given or _rolled_up(content, queries.carriers(unit_id, result_year, kpi)):
                continue
            diags.warning("results.missing-kpi", result_set.at("results"), kpi=kpi, round=round_id, end=end)


def _day(iso: str | None) -> dt.date | str:
    """An ISO date as a date (messages show it in words), or as written when it is none."""
    try:
        return dt.date.fromisoformat(iso) if iso else ""
    except ValueError:
        return iso or ""


def _rolled_up(content: Content, carriers: tuple[CascadeChild, ...]) -> bool:
    """A superior's split KPI is computed from the units below, unless one of them is a
    person whose results are not published (then the superior reports it itself)."""
    splits = [c for c in carriers if c.link.kind == "split"]
    if not splits:
        return False
    people = any(getattr(content.units.get(c.unit), "is_person", False) for c in splits)
    return content.site.publish_individual_results or not people
