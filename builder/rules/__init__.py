"""Cross-file rules over the whole content set, run after every file has been read.

A rule is a function `(content, context, diags) -> None` in one of the modules below; add
a new rule to its module and to `RULES`, and its message (`diag.<code>`, Thai and English) to
`themes/default/catalogue/diagnostics.yaml`. What a rule says about a unit's files may
depend on the unit, its superior, its children and its siblings, and on the shared files
(site, calendars, plans): `kpibook serve` runs the rules again only around the units an
edit changed (`builder.rules.incremental`).
"""

from __future__ import annotations

from collections.abc import Callable

from builder.diagnostics import Diagnostics
from builder.model import Content
from builder.rules import cascade, criteria, references, results, rounds, tree, weights, year
from builder.rules.context import RuleContext

Rule = Callable[[Content, RuleContext, Diagnostics], None]

RULES: tuple[Rule, ...] = (
    references.duplicate_site_ids,
    references.unit_kinds_defined,
    references.unknown_parents,
    tree.cycles_in_unit_tree,
    references.strategy_references,
    references.plan_period_in_order,
    references.kpi_references,
    references.agreement_references,
    rounds.rounds_named_in_agreements,
    rounds.amendments_name_kpis_in_force,
    rounds.round_weights_match_weighting,
    weights.weights_sum_to_100,
    weights.dimension_weights_sum_to_100,
    weights.kpi_weights_match_dimension_weights,
    criteria.criteria_match_kpi_kind,
    criteria.criteria_monotonic_in_direction,
    criteria.target_is_level_3,
    cascade.link_to_superiors_agreement,
    cascade.one_link_per_parent_kpi,
    cascade.direct_keeps_parent_criteria,
    cascade.split_targets_cover_parent,
    cascade.gaps_nobody_below_carries,
    cascade.held_kpis_not_carried,
    references.agreement_signed,
    references.kpis_per_person_within_limit,
    results.results_reference_agreement,
    rounds.results_of_kpis_due,
    results.values_of_the_right_kind,
    results.verified_differs_with_reason,
    results.verified_score_on_the_scale,
    results.partial_credit_where_steps_defined,
    results.evidence_in_evidence_folders,
    results.rounds_passed_without_results,
    rounds.kpis_due_without_results,
    year.calendar_references,
    year.steps_past_due_are_done,
    year.initiative_references,
    year.initiatives_within_budget,
    year.plan_references,
)


def check_content(content: Content, context: RuleContext, diags: Diagnostics) -> None:
    for rule in RULES:
        rule(content, context, diags)
