"""Scorecards built from small content trees: weighted scores and totals worked by hand,
verified beside self-assessed scores, rollups of split KPIs through two levels, rounds
and years, and the diagnostics `check` gives for results that cannot be scored fairly.

The tree (tests/contenttree.py): province prov → districts dist-a, dist-b → officer-c
(a person, under dist-a), FY 2568; rounds m6/m12 for organisations and districts, p1 for
persons.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from contenttree import ContentTree, diagnostics_of

from builder.diagnostics import format_report
from builder.model import Content
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.queries import Queries
from builder.scoring.rollup import children_rows
from builder.scoring.scorecard import Scorebook, Scorecard, score_content

D = Decimal


def scored(tree: ContentTree) -> tuple[Content, Scorebook]:
    root = tree.write()
    checked = load_and_check(BuildOptions(content=root))
    assert checked.content is not None
    assert not checked.diagnostics.has_errors(), format_report(checked.diagnostics, "text")
    return checked.content, score_content(checked.content)


def card(tree: ContentTree, unit: str, round_id: str, year: int = 2568) -> Scorecard:
    _, scores = scored(tree)
    found = scores.card(unit, year, round_id)
    assert found is not None
    return found


def results(tree: ContentTree, unit: str, round_id: str, *lines: str, year: int = 2568) -> ContentTree:
    body = "".join(f"  - {line}\n" for line in lines)
    return tree.set(
        f"units/{unit}/results/{year}/{round_id}.yaml", f"year: {year}\nround: {round_id}\nresults:\n{body}"
    )


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def officer_visits_on_70_to_90(tree: ContentTree) -> ContentTree:
    """officer-c's routine KPI 'visits' (weight 20 of 100) on levels 70/75/80/85/90."""
    return tree.replace(
        "units/officer-c/agreements/2568.yaml", "criteria: [10, 12, 14, 16, 18]", "criteria: [70, 75, 80, 85, 90]"
    )


# -- weighted scores and totals --------------------------------------------------------


def test_weighted_score_is_score_times_weight_over_the_sum_of_weights(tree: ContentTree) -> None:
    results(officer_visits_on_70_to_90(tree), "officer-c", "p1", "{kpi: visits, actual: 83.5}")
    scorecard = card(tree, "officer-c", "p1")
    visits = scorecard.row("visits")
    assert visits is not None
    assert (visits.score, visits.weight, visits.weight_share, visits.weighted) == (D("3.7"), 20, D("0.2"), D("0.74"))
    assert scorecard.total == D("0.7400")
    assert scorecard.total_100 == D("14.8000")  # × 20
    assert scorecard.band is not None and scorecard.band.label.th == "ต้องปรับปรุง"


def test_province_totals_per_dimension_and_overall(tree: ContentTree) -> None:
    results(
        tree,
        "prov",
        "m12",
        "{kpi: rice-yield, actual: 418}",  # uneven levels 412/414.5/417/419.5/422: 3.4000, × 30/100
        "{kpi: service-time, actual: 25}",  # lower is better 30/28/26/24/22: 3.5000, × 20/100
        "{kpi: km-level, level: 4}",  # milestone: 4.0000, × 20/100
    )
    # poor-households is rolled up from the districts' 12-month 100 + 85 = 185 on
    # 100/150/200/250/300: 2 + 35/50 = 2.7000, × 20/100; budget is due and not reported: 0
    scorecard = card(tree, "prov", "m12")
    assert [(r.kpi, r.score, r.weighted) for r in scorecard.rows if r.reported] == [
        ("rice-yield", D("3.4000"), D("1.0200")),
        ("poor-households", D("2.7000"), D("0.5400")),
        ("service-time", D("3.5000"), D("0.7000")),
        ("km-level", D("4.0000"), D("0.8000")),
    ]
    assert [(g.group, g.weight, g.weighted) for g in scorecard.groups] == [
        ("effectiveness", 50, D("1.5600")),
        ("quality", 20, D("0.7000")),
        ("efficiency", 10, D("0")),
        ("development", 20, D("0.8000")),
    ]
    assert (scorecard.total, scorecard.total_100, scorecard.weight_total) == (D("3.0600"), D("61.2000"), 100)
    assert scorecard.band is not None and scorecard.band.label.th == "ดี"
    assert scorecard.reported_count == 4


def test_importance_levels_become_weights(tree: ContentTree) -> None:
    officer_visits_on_70_to_90(tree)
    agreement = tree.files["units/officer-c/agreements/2568.yaml"]
    for kpi, weight, importance in [
        ("rice-yield", 30, 3),
        ("poor-households", 20, 3),
        ("service-time", 10, 1),
        ("km-level", 10, 2),
        ("budget", 10, 1),
        ("visits", 20, 2),
    ]:
        agreement = agreement.replace(
            f"{{kpi: {kpi}, category: strategic, weight: {weight}",
            f"{{kpi: {kpi}, category: strategic, importance: {importance}",
        )
        agreement = agreement.replace(
            f"{{kpi: {kpi}, category: routine, weight: {weight}",
            f"{{kpi: {kpi}, category: routine, importance: {importance}",
        )
    tree.set("units/officer-c/agreements/2568.yaml", "weighting: importance\n" + agreement)
    results(tree, "officer-c", "p1", "{kpi: visits, actual: 83.5}", "{kpi: km-level, level: 5}")
    scorecard = card(tree, "officer-c", "p1")
    assert scorecard.weight_total == 12  # 3 + 3 + 1 + 2 + 1 + 2
    visits, km = scorecard.row("visits"), scorecard.row("km-level")
    assert visits is not None and km is not None
    assert (visits.weight, visits.weighted) == (2, D("0.6167"))  # 3.7 × 2 ÷ 12 = 0.61666…
    assert (km.weight, km.weighted) == (2, D("0.8333"))  # 5 × 2 ÷ 12
    assert scorecard.total == D("1.4500")
    assert [(g.group, g.weight, g.weighted) for g in scorecard.groups] == [
        ("strategic", 10, D("0.8333")),
        ("routine", 2, D("0.6167")),
    ]


def test_custom_bands_from_site_yaml(tree: ContentTree) -> None:
    tree.replace(
        "site.yaml",
        "scoring:\n  scheme: five-level\n",
        "scoring:\n  scheme: five-level\n  bands:\n    - {min: 2, label: {th: ผ่าน, en: Pass}}\n    - {min: 0, label: {th: ไม่ผ่าน, en: Fail}}\n",
    )
    results(
        tree,
        "prov",
        "m12",
        "{kpi: rice-yield, actual: 418}",
        "{kpi: service-time, actual: 25}",
        "{kpi: km-level, level: 4}",
    )
    scorecard = card(tree, "prov", "m12")
    assert scorecard.band is not None and scorecard.band.label.get("en") == "Pass"


def without_m12(tree: ContentTree) -> ContentTree:
    """No results in the 12-month round (the districts' would roll up to the province)."""
    for unit in ("prov", "dist-a", "dist-b"):
        tree.remove(f"units/{unit}/results/2568/m12.yaml")
    return tree


def test_a_round_without_results_has_rows_but_no_total_100_or_band(tree: ContentTree) -> None:
    without_m12(tree)
    scorecard = card(tree, "prov", "m12")
    assert scorecard.reported_count == 0
    assert [r.kpi for r in scorecard.rows] == ["rice-yield", "poor-households", "service-time", "budget", "km-level"]
    assert (scorecard.total, scorecard.total_100, scorecard.band) == (0, None, None)


# -- self-assessed and verified ----------------------------------------------------------


def test_the_verified_actual_counts_and_the_self_score_stays_beside_it(tree: ContentTree) -> None:
    results(
        tree,
        "prov",
        "m12",
        "{kpi: rice-yield, actual: 418, verified: {actual: 417, reason: {th: ข้อมูลสำนักงานเกษตรจังหวัดปรับปรุงแล้ว}}}",
    )
    row = card(tree, "prov", "m12").row("rice-yield")
    assert row is not None
    assert (row.self_score, row.verified_score, row.score) == (D("3.4000"), D("3.0000"), D("3.0000"))
    assert (row.self_actual, row.actual, row.weighted) == (418, 417, D("0.9000"))
    assert row.reason.th == "ข้อมูลสำนักงานเกษตรจังหวัดปรับปรุงแล้ว"


def test_an_awarded_verified_score_overrides_the_computed_one(tree: ContentTree) -> None:
    results(
        tree, "prov", "m12", "{kpi: km-level, level: 4, verified: {level: 4, score: 4.8, reason: {th: มติคณะกรรมการ}}}"
    )
    row = card(tree, "prov", "m12").row("km-level")
    assert row is not None
    assert (row.self_score, row.verified_score, row.score, row.weighted) == (D(4), D("4.8"), D("4.8"), D("0.96"))


def test_a_verified_assessment_that_agrees_needs_no_reason(tree: ContentTree) -> None:
    results(tree, "prov", "m12", "{kpi: service-time, actual: 25, verified: {actual: 25}}")
    row = card(tree, "prov", "m12").row("service-time")
    assert row is not None and row.self_score == row.verified_score == row.score == D("3.5")


def test_partial_milestone_credit_on_a_scorecard(tree: ContentTree) -> None:
    km4_with_steps = "{text: {th: ประเมินผล}, steps: [{th: แต่งตั้งคณะทำงาน}, {th: รายงานผล}]}"
    for unit in ("prov", "dist-a", "dist-b", "officer-c"):  # direct cascades keep the same criteria
        tree.replace(f"units/{unit}/agreements/2568.yaml", "{th: ประเมินผล}", km4_with_steps)
    results_with(tree, "prov", "m12", "{kpi: km-level, level: 3, partial: 0.5}")
    row = card(tree, "prov", "m12").row("km-level")
    assert row is not None and (row.level, row.partial, row.score) == (3, 0.5, D("3.5"))


# -- rollups through the cascade ---------------------------------------------------------


def two_level_split(tree: ContentTree) -> ContentTree:
    """poor-households: prov splits it (sum) between dist-a and dist-b; dist-a splits its
    share to officer-c. Only the officer (round 1 = 6 months) and dist-b report it.
    Individual results are published, so the officer's value may be rolled up."""
    tree.files["site.yaml"] += "publish_individual_results: true\n"
    tree.replace("units/dist-a/results/2568/m6.yaml", "  - {kpi: poor-households, actual: 70}\n", "")
    results(tree, "officer-c", "p1", "{kpi: poor-households, actual: 130}")
    results(tree, "dist-b", "m6", "{kpi: rice-yield, actual: 410}", "{kpi: poor-households, actual: 70}")
    return tree


def test_a_two_level_rollup_computes_the_district_and_then_the_province(tree: ContentTree) -> None:
    _, scores = scored(two_level_split(tree))
    district = scores.card("dist-a", 2568, "m6").row("poor-households")  # type: ignore[union-attr]
    province = scores.card("prov", 2568, "m6").row("poor-households")  # type: ignore[union-attr]
    assert district is not None and province is not None
    # dist-a: the officer's 130 on 60/90/120/150/180 -> 3 + 10/30
    assert (district.actual, district.computed, district.score) == (130, True, D("3.3333"))
    # prov: 130 + 70 = 200 on 100/150/200/250/300 -> 3.0000, weight 20 of 100
    assert (province.actual, province.computed, province.score, province.weighted) == (200, True, D("3"), D("0.6"))


def test_no_rollup_from_people_whose_results_are_not_published(tree: ContentTree) -> None:
    two_level_split(tree).replace("site.yaml", "publish_individual_results: true", "publish_individual_results: false")
    _, scores = scored(tree)
    district = scores.card("dist-a", 2568, "m6").row("poor-households")  # type: ignore[union-attr]
    province = scores.card("prov", 2568, "m6").row("poor-households")  # type: ignore[union-attr]
    assert district is not None and (district.reported, district.actual) == (False, None)
    assert province is not None and (province.reported, province.actual) == (False, None)


def test_a_weighted_mean_rollup_uses_each_childs_base(tree: ContentTree) -> None:
    results(tree, "prov", "m6", "{kpi: km-level, level: 2}")  # no rice-yield reported by the province
    row = card(tree, "prov", "m6").row("rice-yield")
    # (433 × 1000 + 410 × 1000) ÷ 2000 = 421.5 on 412/414.5/417/419.5/422 -> 4 + 2/2.5
    assert row is not None and (row.actual, row.computed, row.score) == (421.5, True, D("4.8"))


def test_a_reported_actual_is_never_replaced_by_the_rollup(tree: ContentTree) -> None:
    row = card(two_level_split(tree), "prov", "m6").row("rice-yield")
    assert row is not None and (row.actual, row.computed) == (415.2, False)


def test_no_rollup_while_a_unit_carrying_the_split_has_not_reported(tree: ContentTree) -> None:
    tree.files["site.yaml"] += "publish_individual_results: true\n"
    tree.replace("units/dist-a/results/2568/m6.yaml", "  - {kpi: poor-households, actual: 70}\n", "")
    tree.replace("units/dist-b/results/2568/m6.yaml", "  - {kpi: poor-households, actual: 50}\n", "")
    results(tree, "officer-c", "p1", "{kpi: poor-households, actual: 130}")  # dist-b has no value
    _, scores = scored(tree)
    assert scores.card("dist-a", 2568, "m6").row("poor-households").computed  # type: ignore[union-attr]
    province = scores.card("prov", 2568, "m6").row("poor-households")  # type: ignore[union-attr]
    assert province is not None and (province.reported, province.actual) == (False, None)


def test_children_rows_sit_beside_the_superiors_kpi(tree: ContentTree) -> None:
    _, scores = scored(two_level_split(tree))
    rows = children_rows(scores, "prov", 2568, "m6", "poor-households")
    assert [(c.unit, c.kind, c.round, c.row.actual if c.row else None) for c in rows] == [
        ("dist-a", "split", "m6", 130),
        ("dist-b", "split", "m6", 70),
    ]
    officer = children_rows(scores, "dist-a", 2568, "m6", "poor-households")
    assert [(c.unit, c.round, c.row.actual if c.row else None) for c in officer] == [("officer-c", "p1", 130)]


# -- rounds and years --------------------------------------------------------------------


def two_years(tree: ContentTree) -> ContentTree:
    tree.replace("site.yaml", "fiscal_years: [2568]", "fiscal_years: [2567, 2568]")
    tree.set(
        "units/prov/agreements/2567.yaml",
        tree.files["units/prov/agreements/2568.yaml"].replace("year: 2568", "year: 2567"),
    )
    return results(tree, "prov", "m6", "{kpi: rice-yield, actual: 413}", year=2567)


def test_the_same_round_of_the_previous_year_sits_beside_it(tree: ContentTree) -> None:
    content, scores = scored(two_years(tree))
    this_year = scores.card("prov", 2568, "m6")
    assert this_year is not None
    last_year = Queries(content, scores).previous_year(this_year)
    assert last_year is not None and (last_year.year, last_year.round) == (2567, "m6")
    assert last_year.row("rice-yield").score == D("1.4")  # type: ignore[union-attr]
    assert Queries(content, scores).previous_year(last_year) is None


def test_each_unit_gets_a_card_for_the_rounds_its_kind_reports_in(tree: ContentTree) -> None:
    _, scores = scored(tree)
    assert sorted(scores.cards) == [
        ("dist-a", 2568, "m12"),
        ("dist-a", 2568, "m6"),
        ("dist-b", 2568, "m12"),
        ("dist-b", 2568, "m6"),
        ("officer-c", 2568, "p1"),
        ("prov", 2568, "m12"),
        ("prov", 2568, "m6"),
    ]


# -- diagnostics from `check` ------------------------------------------------------------

M12 = "units/prov/results/2568/m12.yaml"


def results_with(tree: ContentTree, unit: str, round_id: str, *lines: str) -> ContentTree:
    """The round's results with `lines` first (where the expected locations point) and the
    clean tree's results of the other KPIs after them, so no KPI due is missing."""
    path = f"units/{unit}/results/2568/{round_id}.yaml"
    given = {re.search(r"kpi: ([\w-]+)", line).group(1) for line in lines}  # type: ignore[union-attr]
    others = [
        line.removeprefix("  - ")
        for line in tree.files[path].splitlines()
        if line.startswith("  - {kpi:") and re.search(r"kpi: ([\w-]+)", line).group(1) not in given  # type: ignore[union-attr]
    ]
    return results(tree, unit, round_id, *lines, *others)


def test_a_result_outside_its_plausible_range_is_a_warning(tree: ContentTree) -> None:
    results_with(tree, "prov", "m12", "{kpi: rice-yield, actual: 418}", "{kpi: budget, actual: 104}")
    status, lines = tree.check()
    assert status == 0
    assert diagnostics_of(lines, tree.root) == [
        f"{M12}:5:27: warning[results.implausible]: actual 104 of 'budget' is outside its plausible range 0–100"
    ]


def test_the_plausible_range_of_a_kpi_overrides_the_percent_default(tree: ContentTree) -> None:
    tree.replace("units/prov/kpis.yaml", "direction: lower}", "direction: lower, plausible_range: [5, 60]}")
    results_with(tree, "prov", "m12", "{kpi: service-time, actual: 2}")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{M12}:4:33: warning[results.implausible]: actual 2 of 'service-time' is outside its plausible range 5–60"
    ]


def test_plausible_percent_null_turns_the_check_off(tree: ContentTree) -> None:
    tree.replace(
        "site.yaml", "scoring:\n  scheme: five-level\n", "scoring:\n  scheme: five-level\n  plausible_percent: null\n"
    )
    results_with(tree, "prov", "m12", "{kpi: budget, actual: 104}")
    assert tree.check() == (0, ["0 errors, 0 warnings"])


def test_a_milestone_level_outside_0_to_5_is_an_error(tree: ContentTree) -> None:
    results_with(tree, "prov", "m12", "{kpi: km-level, level: 7}")
    status, lines = tree.check()
    assert status == 1
    assert diagnostics_of(lines, tree.root) == [
        f"{M12}:4:28: error[results.level-range]: milestone level 7 is outside 0–5"
    ]


def test_a_verified_score_that_differs_needs_a_reason(tree: ContentTree) -> None:
    tree.replace(
        M12, "{kpi: rice-yield, actual: 418}", "kpi: rice-yield\n    actual: 418\n    verified: {actual: 419.5}"
    )
    status, lines = tree.check()
    assert status == 1
    assert diagnostics_of(lines, tree.root) == [
        f"{M12}:6:15: error[results.verified-no-reason]: "
        "verified score 4.0000 differs from the self-assessed 3.4000 without a reason"
    ]


def test_an_awarded_score_above_the_scale_is_an_error(tree: ContentTree) -> None:
    results_with(tree, "prov", "m12", "{kpi: km-level, level: 4, verified: {score: 5.2, reason: {th: พิมพ์ผิด}}}")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{M12}:4:49: error[results.verified-score-range]: verified score 5.2 is above the top of the scale (5)"
    ]


def test_partial_credit_without_steps_is_a_warning(tree: ContentTree) -> None:
    results_with(tree, "prov", "m12", "{kpi: km-level, level: 3, partial: 0.5}")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{M12}:4:40: warning[results.partial-without-steps]: "
        "partial credit does not count: the criteria of level 4 define no steps"
    ]
