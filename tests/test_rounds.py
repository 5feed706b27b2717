"""The year in rounds, worked by hand: criteria of a round, KPIs due in a round with the
annual weights rescaled over them (or the round's own weights), amendments from a round
on, and what `check` says about results of KPIs not due, cancelled or missing.

The tree (tests/contenttree.py): province prov → districts dist-a, dist-b → officer-c,
FY 2568, rounds m6/m12 (organisations, districts) and p1 (persons). The province's
agreement: rice-yield 30 (412/414.5/417/419.5/422), poor-households 20
(100/150/200/250/300, split between the districts), service-time 20 (30/28/26/24/22,
lower is better), budget 10 (90/92/94/96/98), km-level 20 (milestone). Its results:
m6 rice-yield 415.2, service-time 27, budget 91, km-level 2; m12 rice-yield 418,
service-time 25, budget 95, km-level 4; poor-households is rolled up from the districts
(m6: 70 + 50 = 120, m12: 100 + 85 = 185).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from contenttree import ContentTree, budget_rounds, diagnostics_of

from builder.diagnostics import format_report
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.scoring.scorecard import Scorecard, score_content

D = Decimal
PROV = "units/prov/agreements/2568.yaml"
PROV_KPIS = "units/prov/kpis.yaml"
BUDGET_ITEM = "{kpi: budget, dimension: efficiency, weight: 10, criteria: [90, 92, 94, 96, 98]}"
SIGNED = "signatories:\n"


def card(tree: ContentTree, round_id: str, unit: str = "prov") -> Scorecard:
    checked = load_and_check(BuildOptions(content=tree.write()))
    assert checked.content is not None
    assert not checked.diagnostics.has_errors(), format_report(checked.diagnostics, "text")
    found = score_content(checked.content).card(unit, 2568, round_id)
    assert found is not None
    return found


def rows(scorecard: Scorecard) -> list[tuple[str, str, Decimal, Decimal | None, Decimal | None]]:
    return [(r.kpi, r.status, r.weight, r.score, r.weighted) for r in scorecard.rows]


def amend(tree: ContentTree, *amendments: str) -> ContentTree:
    """Amendments approved by the evaluator on 2 April 2025 (seed 002: the deadline for
    changes to KPI details), each given as its own YAML mapping."""
    body = "".join(
        f"  - {{{a}, date: 2025-04-02, approved_by: {{name: {{th: นายบี}}}}, reason: {{th: ผลการเจรจา}}}}\n"
        for a in amendments
    )
    return tree.replace(PROV, SIGNED, f"amendments:\n{body}{SIGNED}")


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


# -- criteria of a round ---------------------------------------------------------------


def test_a_round_is_scored_against_its_own_criteria(tree: ContentTree) -> None:
    # a cumulative KPI: 6 months into the year the disbursement target is 50 %, not 94 %
    budget_rounds(tree, "{m6: {criteria: [40, 45, 50, 55, 60]}}")
    tree.replace("units/prov/results/2568/m6.yaml", "{kpi: budget, actual: 91}", "{kpi: budget, actual: 52}")
    m6 = card(tree, "m6").row("budget")
    # 52 on 40/45/50/55/60: 3 + 2/5 = 3.4000 (on the annual 90..98 it would score 1.0000);
    # weighted 3.4000 × 10 ÷ 100 = 0.3400
    assert m6 is not None and (m6.score, m6.weighted) == (D("3.4000"), D("0.3400"))
    assert m6.terms is not None and m6.terms.round_criteria and m6.terms.target == 50
    # the 12-month round has no criteria of its own: 95 on 90/92/94/96/98 = 3.5000
    m12 = card(tree, "m12").row("budget")
    assert m12 is not None and m12.score == D("3.5000") and m12.terms is not None and not m12.terms.round_criteria


def test_a_round_can_state_its_target_which_must_be_its_level_3(tree: ContentTree) -> None:
    budget_rounds(tree, "{m6: {criteria: [40, 45, 50, 55, 60]}}")
    tree.replace(PROV, "[40, 45, 50, 55, 60]}", "[40, 45, 50, 55, 60], target: 55}")
    status, lines = tree.check()
    assert status == 1
    assert diagnostics_of(lines, tree.root) == [
        f"{PROV}:6:140: error[criteria.target-not-level-3]: target 55 is not the level-3 value 50"
    ]


# -- KPIs due in a round, weights rescaled ---------------------------------------------


def test_a_kpi_not_due_is_not_part_of_the_rounds_scorecard(tree: ContentTree) -> None:
    # rice yield is measured at harvest: the template names only the 12-month round
    tree.replace(PROV_KPIS, "{id: rice-yield, ", "{id: rice-yield, reporting: [m12], ")
    tree.replace("units/prov/results/2568/m6.yaml", "  - {kpi: rice-yield, actual: 415.2}\n", "")
    scorecard = card(tree, "m6")
    # due: poor-households 20, service-time 20, budget 10, km-level 20: Σ 70
    #   poor-households 120 on 100/150/200: 1 + 20/50 = 1.4000 × 20 ÷ 70 = 0.4000
    #   service-time 27 on 30/28/26 (lower): 2 + 1/2 = 2.5000 × 20 ÷ 70 = 0.714285… → 0.7143
    #   budget 91 on 90/92: 1 + 1/2 = 1.5000 × 10 ÷ 70 = 0.214285… → 0.2143
    #   km-level 2: 2.0000 × 20 ÷ 70 = 0.571428… → 0.5714
    # total 0.4000 + 0.7143 + 0.2143 + 0.5714 = 1.9000
    assert rows(scorecard) == [
        ("rice-yield", "not-due", 30, None, None),
        ("poor-households", "due", 20, D("1.4000"), D("0.4000")),
        ("service-time", "due", 20, D("2.5000"), D("0.7143")),
        ("budget", "due", 10, D("1.5000"), D("0.2143")),
        ("km-level", "due", 20, D("2.0000"), D("0.5714")),
    ]
    assert (scorecard.weight_total, scorecard.total, scorecard.total_100) == (70, D("1.9000"), D("38.0000"))
    assert (scorecard.groups[0].group, scorecard.groups[0].weight, scorecard.groups[0].weighted) == (
        "effectiveness",
        20,
        D("0.4000"),
    )
    assert (scorecard.due_count, scorecard.reported_count) == (4, 4)
    # in the 12-month round it is due and counts with the annual weights (Σ 100)
    assert card(tree, "m12").weight_total == 100


def test_per_round_criteria_make_a_kpi_due_in_that_round(tree: ContentTree) -> None:
    tree.replace(PROV_KPIS, "{id: budget, ", "{id: budget, reporting: [m12], ")
    budget_rounds(tree, "{m6: {criteria: [40, 45, 50, 55, 60]}}")
    row = card(tree, "m6").row("budget")
    # 91 on 40..60 is above level 5: 5.0000 × 10 ÷ 100 = 0.5000
    assert row is not None and (row.status, row.score, row.weighted) == ("due", D("5.0000"), D("0.5000"))


def test_a_rounds_own_weight_replaces_the_annual_one(tree: ContentTree) -> None:
    tree.replace(PROV_KPIS, "{id: rice-yield, ", "{id: rice-yield, reporting: [m12], ")
    tree.replace("units/prov/results/2568/m6.yaml", "  - {kpi: rice-yield, actual: 415.2}\n", "")
    tree.replace(
        PROV,
        "{kpi: service-time, dimension: quality, weight: 20, ",
        "{kpi: service-time, dimension: quality, weight: 20, rounds: {m6: {weight: 30}}, ",
    )
    scorecard = card(tree, "m6")
    # due: poor-households 20, service-time 30 (its 6-month weight), budget 10, km-level 20: Σ 80
    #   1.4000 × 20 ÷ 80 = 0.3500; 2.5000 × 30 ÷ 80 = 0.9375; 1.5000 × 10 ÷ 80 = 0.1875;
    #   2.0000 × 20 ÷ 80 = 0.5000; total 1.9750
    assert [(r.kpi, r.weight, r.weighted) for r in scorecard.rows if r.due] == [
        ("poor-households", 20, D("0.3500")),
        ("service-time", 30, D("0.9375")),
        ("budget", 10, D("0.1875")),
        ("km-level", 20, D("0.5000")),
    ]
    assert (scorecard.weight_total, scorecard.total) == (80, D("1.9750"))
    service = scorecard.row("service-time")
    assert service is not None and service.terms is not None and service.terms.round_weight
    assert service.terms.annual_weight == 20


def test_a_kpi_due_without_a_result_counts_0(tree: ContentTree) -> None:
    tree.replace("units/prov/results/2568/m12.yaml", "  - {kpi: budget, actual: 95}\n", "")
    budget = card(tree, "m12").row("budget")
    assert budget is not None and (budget.status, budget.reported, budget.score, budget.weighted) == (
        "due",
        False,
        None,
        D("0.0000"),
    )


# -- amendments ------------------------------------------------------------------------


def test_a_kpi_cancelled_from_a_round_counts_before_it_and_not_from_it(tree: ContentTree) -> None:
    amend(tree, "from: m12, cancel: budget")
    tree.replace("units/prov/results/2568/m12.yaml", "  - {kpi: budget, actual: 95}\n", "")
    # m6 follows the signed agreement: budget 91 → 1.5000 × 10 ÷ 100 = 0.1500
    m6 = card(tree, "m6")
    assert (m6.row("budget").status, m6.row("budget").weighted, m6.weight_total) == ("due", D("0.15"), 100)  # type: ignore[union-attr]
    m12 = card(tree, "m12")
    # due: rice-yield 30, poor-households 20, service-time 20, km-level 20: Σ 90
    #   rice-yield 418: 3 + 1/2.5 = 3.4000 × 30 ÷ 90 = 1.133333… → 1.1333
    #   poor-households 185: 2 + 35/50 = 2.7000 × 20 ÷ 90 = 0.6000
    #   service-time 25: 3.5000 × 20 ÷ 90 = 0.777777… → 0.7778
    #   km-level 4: 4.0000 × 20 ÷ 90 = 0.888888… → 0.8889
    # total 1.1333 + 0.6000 + 0.7778 + 0.8889 = 3.4000
    assert rows(m12) == [
        ("rice-yield", "due", 30, D("3.4000"), D("1.1333")),
        ("poor-households", "due", 20, D("2.7000"), D("0.6000")),
        ("service-time", "due", 20, D("3.5000"), D("0.7778")),
        ("budget", "cancelled", 10, None, None),
        ("km-level", "due", 20, D("4.0000"), D("0.8889")),
    ]
    assert (m12.weight_total, m12.total, m12.total_100) == (90, D("3.4000"), D("68.0000"))
    cancelled = m12.row("budget")
    assert cancelled is not None and cancelled.terms is not None
    assert [(a.action, a.kpi, a.from_round, a.date) for a in cancelled.terms.amendments] == [
        ("cancel", "budget", "m12", "2025-04-02")
    ]
    assert [a.action for a in m12.amendments] == ["cancel"] and m6.amendments == ()


def test_a_kpi_added_from_a_round_is_in_the_scorecards_from_it(tree: ContentTree) -> None:
    tree.files[PROV_KPIS] += "  - {id: complaints, name: {th: ร้อยละของเรื่องร้องเรียนที่แก้ไขเสร็จ}, kind: numeric}\n"
    amend(tree, "from: m12, add: {kpi: complaints, dimension: quality, weight: 10, criteria: [70, 75, 80, 85, 90]}")
    tree.replace("units/prov/results/2568/m12.yaml", "results:\n", "results:\n  - {kpi: complaints, actual: 87.5}\n")
    assert card(tree, "m6").row("complaints") is None  # not yet in the agreement
    m12 = card(tree, "m12")
    # Σ 110 (the signed 100 and the added 10):
    #   rice-yield 3.4000 × 30 ÷ 110 = 0.927272… → 0.9273
    #   poor-households 2.7000 × 20 ÷ 110 = 0.490909… → 0.4909
    #   service-time 3.5000 × 20 ÷ 110 = 0.636363… → 0.6364
    #   budget 95: 3.5000 × 10 ÷ 110 = 0.318181… → 0.3182
    #   km-level 4.0000 × 20 ÷ 110 = 0.727272… → 0.7273
    #   complaints 87.5 on 70..90: 4 + 2.5/5 = 4.5000 × 10 ÷ 110 = 0.409090… → 0.4091
    # total 0.9273 + 0.4909 + 0.6364 + 0.3182 + 0.7273 + 0.4091 = 3.5092
    assert [(r.kpi, r.weighted) for r in m12.rows][-1] == ("complaints", D("0.4091"))
    assert (m12.weight_total, m12.total) == (110, D("3.5092"))
    assert [g.group for g in m12.groups] == ["effectiveness", "quality", "efficiency", "development"]
    assert m12.groups[1].weight == 30


def test_a_weight_and_criteria_change_applies_from_its_round(tree: ContentTree) -> None:
    amend(
        tree,
        "from: m12, change: {kpi: rice-yield, weight: 20}",
        "from: m12, change: {kpi: budget, weight: 20}",
        "from: m12, change: {kpi: service-time, criteria: [28, 27, 26, 25, 24]}",
    )
    m6 = card(tree, "m6")
    assert [(r.kpi, r.weight) for r in m6.rows] == [
        ("rice-yield", 30),
        ("poor-households", 20),
        ("service-time", 20),
        ("budget", 10),
        ("km-level", 20),
    ]
    m12 = card(tree, "m12")
    # rice-yield 3.4000 × 20 ÷ 100 = 0.6800; poor-households 2.7000 × 20 ÷ 100 = 0.5400;
    # service-time 25 on 28/27/26/25/24 (lower): 4.0000 × 20 ÷ 100 = 0.8000;
    # budget 3.5000 × 20 ÷ 100 = 0.7000; km-level 4.0000 × 20 ÷ 100 = 0.8000; total 3.5200
    assert [(r.kpi, r.weight, r.score, r.weighted) for r in m12.rows] == [
        ("rice-yield", 20, D("3.4000"), D("0.6800")),
        ("poor-households", 20, D("2.7000"), D("0.5400")),
        ("service-time", 20, D("4.0000"), D("0.8000")),
        ("budget", 20, D("3.5000"), D("0.7000")),
        ("km-level", 20, D("4.0000"), D("0.8000")),
    ]
    assert m12.total == D("3.5200")


# -- what check says -------------------------------------------------------------------

M6 = "units/prov/results/2568/m6.yaml"
M12 = "units/prov/results/2568/m12.yaml"


def test_a_result_of_a_kpi_not_due_is_not_scored_and_says_so(tree: ContentTree) -> None:
    tree.replace(PROV_KPIS, "{id: rice-yield, ", "{id: rice-yield, reporting: [m12], ")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{M6}:4:11: warning[results.not-due]: KPI 'rice-yield' is not due in round 'm6'; the result is not scored"
    ]


def test_a_result_of_a_cancelled_kpi_is_not_scored_and_says_so(tree: ContentTree) -> None:
    amend(tree, "from: m12, cancel: budget")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{M12}:7:11: warning[results.kpi-cancelled]: KPI 'budget' is cancelled from round 'm12' "
        "(amendment approved 2 April 2025); the result is not scored"
    ]


def test_each_kpi_due_in_a_passed_round_without_a_result_is_a_warning(tree: ContentTree) -> None:
    tree.replace(M12, "  - {kpi: budget, actual: 95}\n", "")
    tree.replace(M12, "  - {kpi: service-time, actual: 25}\n", "")
    expected = [
        f"{M12}:4:3: warning[results.missing-kpi]: KPI 'service-time' is due in round 'm12', which ended "
        "30 September 2025, and has no result: it counts 0",
        f"{M12}:4:3: warning[results.missing-kpi]: KPI 'budget' is due in round 'm12', which ended "
        "30 September 2025, and has no result: it counts 0",
    ]
    assert diagnostics_of(tree.check()[1], tree.root) == expected
    assert tree.check(today="2025-09-30") == (0, ["0 errors, 0 warnings"])  # the round has not ended yet


def test_a_kpi_rolled_up_from_its_split_is_not_missing(tree: ContentTree) -> None:
    # the province reports no poor-households at all: the districts' values roll up
    assert "poor-households" not in tree.files[M6] + tree.files[M12]
    assert tree.check() == (0, ["0 errors, 0 warnings"])


def test_a_mistyped_round_or_kpi_of_an_amendment_gets_the_closest_id_as_a_hint(tree: ContentTree) -> None:
    amend(tree, "from: m21, cancel: visits", "from: m12, cancel: service-tme")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{PROV}:9:12: error[ref.unknown]: unknown round 'm21'; did you mean 'm12'?",
        f"{PROV}:10:25: error[amendment.unknown-kpi]: KPI 'service-tme' is not in the agreement in force in round "
        "'m12'; did you mean 'service-time'?",
    ]


def test_rounds_and_kpis_named_by_terms_and_amendments_must_exist(tree: ContentTree) -> None:
    tree.replace(
        PROV, BUDGET_ITEM, BUDGET_ITEM[:-1] + ", rounds: {m9: {criteria: [40, 45, 50, 55, 60]}, p1: {weight: 5}}}"
    )
    amend(
        tree,
        "from: m12, cancel: visits",
        "from: m12, add: {kpi: budget, dimension: efficiency, weight: 5, criteria: [1, 2, 3, 4, 5]}",
    )
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{PROV}:6:95: error[ref.unknown]: unknown round 'm9'",
        f"{PROV}:6:133: error[agreement.round-not-for-unit]: round 'p1' is not reported by organisation units",
        f"{PROV}:9:25: error[amendment.unknown-kpi]: KPI 'visits' is not in the agreement in force in round 'm12'",
        f"{PROV}:10:22: error[amendment.already-agreed]: KPI 'budget' is already in the agreement; change it rather than add it",
    ]


def test_a_rounds_weight_follows_the_agreements_weighting(tree: ContentTree) -> None:
    tree.replace(PROV, BUDGET_ITEM, BUDGET_ITEM[:-1] + ", rounds: {m6: {importance: 2}}}")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{PROV}:6:112: error[weights.weight-expected]: the agreement gives KPIs weights: give weight, not importance"
    ]


def test_an_amendment_gives_exactly_one_change(tree: ContentTree) -> None:
    amend(tree, "from: m12, cancel: budget, change: {kpi: budget, weight: 5}")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{PROV}:9:5: error[amendment.shape]: an amendment gives exactly one of cancel, add or change"
    ]


# -- the cascade, round by round -------------------------------------------------------


def test_split_targets_cover_the_superiors_targets_of_a_round(tree: ContentTree) -> None:
    # the districts' annual 60..180 + 40..120 = 100..300 cover the province's 6-month
    # targets up to level 4; its level 5 (310) is short
    tree.replace(
        PROV,
        "criteria: [100, 150, 200, 250, 300]}",
        "criteria: [100, 150, 200, 250, 300], rounds: {m6: {criteria: [100, 150, 200, 250, 310]}}}",
    )
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{PROV}:4:127: error[cascade.split-short-round]: split of 'prov/poor-households' in round 'm6': the "
        "children combined (sum) give 300 at level 5, short of the superior's 310"
    ]


def test_a_direct_cascade_keeps_the_targets_of_each_round(tree: ContentTree) -> None:
    budget_rounds(tree, "{m6: {criteria: [40, 45, 50, 55, 60]}}")
    tree.replace("units/dist-b/agreements/2568.yaml", "[40, 45, 50, 55, 60]", "[30, 35, 40, 45, 50]")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        "units/dist-b/agreements/2568.yaml:8:110: error[cascade.direct-round-criteria-differ]: direct cascade "
        "from 'prov/budget' must keep its criteria of round 'm6' [40, 45, 50, 55, 60], found [30, 35, 40, 45, 50]",
        f"{PROV}:6:110: note[cascade.direct-round-criteria-differ]: the criteria of 'prov/budget' that a direct "
        "cascade keeps",
    ]
