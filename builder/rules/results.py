"""Results: each names a KPI of that unit's agreement for the year and a round the unit
reports in, gives a value of the KPI's kind within its plausible range, keeps its evidence
in the evidence folders it may cite, and a verified score that differs says why."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from builder.diagnostics import Diagnostics, did_you_mean
from builder.evidence import EvidenceFinder, EvidenceRefused
from builder.fiscal import round_end
from builder.loader import shown_value
from builder.model import Content, Criteria, Kpi, Location, Result, ResultSet
from builder.queries import applies_to, kind_label, rounds_for_kind
from builder.rules.context import RuleContext
from builder.rules.references import unknown_year
from builder.scoring.schemes import Scheme, partial_counts, scheme_for
from builder.terms import ItemTerms


def _results_with_items(content: Content, ctx: RuleContext) -> Iterator[tuple[ResultSet, Result, ItemTerms, Kpi]]:
    """Every result whose KPI is in the unit's agreement that round, with the terms it is
    scored by (the others are reported once)."""
    queries = ctx.queries(content)
    for result_set in content.results.values():
        agreement = content.agreements.get((result_set.unit, result_set.year))
        if agreement is None:
            continue
        for result in result_set.results:
            terms = queries.item_terms(agreement, result_set.round, result.kpi)
            kpi = content.kpi(result_set.unit, result.kpi)
            if terms is not None and kpi is not None:
                yield result_set, result, terms, kpi


def results_reference_agreement(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    rounds = {r.id: r for r in content.site.rounds}
    years = set(content.site.fiscal_years)
    kinds = {k.id for k in ctx.queries(content).unit_kinds}  # an unknown kind is reported once, at the unit
    for result_set in content.results.values():
        unit = content.units.get(result_set.unit)
        if result_set.year not in years:
            unknown_year(diags, result_set.at("year"), result_set.year, years)
        round_ = rounds.get(result_set.round)
        if round_ is None:
            diags.error(
                "ref.unknown",
                result_set.at("round"),
                what="round",
                id=result_set.round,
                did_you_mean=did_you_mean(result_set.round, rounds),
            )
        elif unit is not None and unit.kind in kinds and not applies_to(round_, unit.kind):
            diags.error(
                "results.round-not-for-unit",
                result_set.at("round"),
                round=round_.id,
                kind=kind_label(content.site, unit.kind),
            )
        agreement = content.agreements.get((result_set.unit, result_set.year))
        if agreement is None:
            diags.error("results.no-agreement", result_set.at("year"), unit=result_set.unit, year=result_set.year)
            continue
        first: dict[str, Location] = {}
        for result in result_set.results:
            if result.kpi in first:
                diags.error("results.duplicate-kpi", result.at("kpi"), kpi=result.kpi, first=first[result.kpi].line)
            first.setdefault(result.kpi, result.at("kpi"))
            if agreement.any_item(result.kpi) is None:
                diags.error(
                    "results.kpi-not-in-agreement",
                    result.at("kpi"),
                    kpi=result.kpi,
                    unit=result_set.unit,
                    year=result_set.year,
                    did_you_mean=did_you_mean(result.kpi, [i.kpi for i in agreement.all_items()]),
                )


def _plausible_range(content: Content, kpi: Kpi) -> tuple[float, float] | None:
    if kpi.plausible_range:
        return kpi.plausible_range
    return content.site.scoring.plausible_percent if kpi.measure == "percent" else None


def values_of_the_right_kind(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for _, result, terms, kpi in _results_with_items(content, ctx):
        for value in (result, result.verified):
            if value is None:
                continue
            actual, level = value.actual, value.level
            wrong_field = "level" if kpi.kind == "numeric" else "actual"
            if kpi.kind != "mixed" and (level if kpi.kind == "numeric" else actual) is not None:
                diags.error("results.wrong-kind", value.at(wrong_field), variant=kpi.kind, kpi=kpi.id)
            elif value is result and actual is None and level is None:
                diags.error("results.missing-value", result.at("kpi"), kpi=kpi.id)
            steps = terms.criteria.steps
            if kpi.kind == "mixed" and terms.criteria.shape == "mixed" and level is not None:
                if not 0 <= level <= steps:
                    diags.error("results.step-range", value.at("level"), level=level, steps=steps)
                elif actual is not None and level < steps:
                    diags.warning(
                        "results.mixed-steps-incomplete", value.at("actual"), kpi=kpi.id, level=level, steps=steps
                    )
            elif level is not None and not 0 <= level <= 5:
                diags.error("results.level-range", value.at("level"), level=level)
            bounds = _plausible_range(content, kpi)
            if actual is not None and bounds and not bounds[0] <= actual <= bounds[1]:
                diags.warning(
                    "results.implausible", value.at("actual"), value=actual, kpi=kpi.id, low=bounds[0], high=bounds[1]
                )


def verified_differs_with_reason(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    scheme = scheme_for(content.site.scoring)
    for _, result, terms, kpi in _results_with_items(content, ctx):
        verified = result.verified
        if verified is None or verified.reason:
            continue
        self_score = _score(scheme, kpi, terms.criteria, result.actual, result.level, result.partial)
        verified_score = (
            verified.score
            if verified.score is not None
            else _score(scheme, kpi, terms.criteria, verified.actual, verified.level, None)
        )
        if (
            self_score is not None
            and verified_score is not None
            and abs(float(self_score) - float(verified_score)) > 5e-5
        ):
            diags.error(
                "results.verified-no-reason",
                verified.loc,
                verified=f"{float(verified_score):.4f}",
                self_score=f"{float(self_score):.4f}",
            )


def _score(
    scheme: Scheme, kpi: Kpi, criteria: Criteria, actual: float | None, level: int | None, partial: float | None
) -> Decimal | None:
    return scheme.score_value(kpi.kind, kpi.direction, criteria, actual, level, partial)


def verified_score_on_the_scale(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """An awarded score above the scheme's top (5, or the advanced tier's score) is a typo."""
    top = scheme_for(content.site.scoring).top()
    for _, result, _, _ in _results_with_items(content, ctx):
        verified = result.verified
        if verified is not None and verified.score is not None and verified.score > top:
            diags.error("results.verified-score-range", verified.at("score"), score=verified.score, top=float(top))


def partial_credit_where_steps_defined(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """`partial` counts only toward a next level whose criteria list steps; say so rather
    than silently ignore it."""
    for _, result, terms, kpi in _results_with_items(content, ctx):
        if kpi.kind == "numeric" or not result.partial or result.level is None or not 0 <= result.level < 5:
            continue
        if not partial_counts(result.level, terms.criteria):
            diags.warning("results.partial-without-steps", result.at("partial"), next_level=result.level + 1)


def evidence_in_evidence_folders(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """Each evidence file is a regular file in an evidence folder the reporting unit may
    cite (builder/evidence.py says exactly which), looked up in the tree read."""
    queries = ctx.queries(content)
    finder = EvidenceFinder(ctx.tree)
    for result_set in content.results.values():
        owners = queries.evidence_owners(result_set.unit)
        for result in result_set.results:
            for evidence in result.evidence:
                try:
                    finder.find(evidence.path, owners)
                except EvidenceRefused as refused:
                    shown = shown_value(evidence.path)
                    params = {"path": shown, "unit": result_set.unit, **refused.params}
                    diags.error(refused.code, evidence.at("path"), **params)


def rounds_passed_without_results(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """Only the current fiscal year: older years are history, not a to-do list."""
    year = content.site.current_year
    if year is None:
        return
    for (unit_id, agreement_year), agreement in content.agreements.items():
        unit = content.units.get(unit_id)
        if agreement_year != year or unit is None:
            continue
        for round_ in rounds_for_kind(content.site, unit.kind):
            end = round_end(year, round_.months)
            if end < ctx.today and (unit_id, year, round_.id) not in content.results:
                diags.warning(
                    "results.missing-round",
                    agreement.loc,
                    round=round_.id,
                    year=year,
                    end=end,
                    unit=unit_id,
                )
