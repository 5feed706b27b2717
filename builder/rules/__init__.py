"""Cross-file rules over the whole content set, run after every file has been read.

A rule is a function `(content, context, diags) -> None` in one of the modules below; add
a new rule to its module and to `RULES`, and its message (`diag.<code>`, Thai and English) to
`themes/default/catalogue/diagnostics.yaml`.
"""

from __future__ import annotations

from collections.abc import Callable

from builder.diagnostics import Diagnostics
from builder.model import Content
from builder.rules import cascade, criteria, references, results, tree, weights
from builder.rules.context import RuleContext

Rule = Callable[[Content, RuleContext, Diagnostics], None]

RULES: tuple[Rule, ...] = (
    references.duplicate_site_ids,
    references.unknown_parents,
    tree.cycles_in_unit_tree,
    references.strategy_references,
    references.plan_period_in_order,
    references.kpi_references,
    references.agreement_references,
    weights.weights_sum_to_100,
    weights.dimension_weights_sum_to_100,
    weights.kpi_weights_match_dimension_weights,
    criteria.criteria_match_kpi_kind,
    criteria.criteria_monotonic_in_direction,
    criteria.target_is_level_3,
    cascade.link_to_superiors_agreement,
    cascade.direct_keeps_parent_criteria,
    cascade.split_targets_cover_parent,
    cascade.gaps_nobody_below_carries,
    references.agreement_signed,
    references.kpis_per_person_within_limit,
    results.results_reference_agreement,
    results.values_of_the_right_kind,
    results.verified_differs_with_reason,
    results.verified_score_on_the_scale,
    results.partial_credit_where_steps_defined,
    results.evidence_in_evidence_folders,
    results.rounds_passed_without_results,
)


def check_content(content: Content, context: RuleContext, diags: Diagnostics) -> None:
    for rule in RULES:
        rule(content, context, diags)
