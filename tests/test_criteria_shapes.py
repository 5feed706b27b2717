"""Criteria the seeds use beyond five plain values, worked by hand: levels left empty
(seed 001: "- 15 20 25"), mixed criteria (seed 003: "ขั้นตอน + ผลลัพธ์", steps for the
lower levels and a numeric result for the upper ones), and the errors `check` gives for
criteria of no allowed shape."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from contenttree import ContentTree, diagnostics_of

from builder.model import Criteria, MilestoneLevel, ScoringConfig, Text
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.scoring.schemes import scheme_for
from builder.scoring.scorecard import score_content

D = Decimal
FIVE = scheme_for(ScoringConfig())
FIVE_ZERO = scheme_for(ScoringConfig(below_level_1="zero"))
PROV = "units/prov/agreements/2568.yaml"
PROV_KPIS = "units/prov/kpis.yaml"
RICE = "criteria: [412, 414.5, 417, 419.5, 422], target: 417"


def levels(*values: float | None) -> Criteria:
    return Criteria(levels=values)


def mixed(steps: int, *values: float, with_steps: bool = False) -> Criteria:
    """`steps` milestone steps for the lowest levels, then the values of the others."""
    sub = (Text("ขั้นย่อย 1"), Text("ขั้นย่อย 2")) if with_steps else ()
    return Criteria(
        milestones=tuple(MilestoneLevel(text=Text(f"ขั้นตอนที่ {n}"), steps=sub) for n in range(1, steps + 1)),
        levels=(None,) * steps + values,
        texts_at=tuple(range(steps)),
    )


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


# -- levels left empty -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (17.5, "3.5000"),  # 3 + 2.5/5
        (15, "3.0000"),  # exactly the lowest level given
        (14, "1.0000"),  # below the lowest level given: what "below level 1" scores
        (25, "5.0000"),
        (30, "5.0000"),  # above level 5
    ],
)
def test_levels_1_and_2_left_empty_as_in_seed_001(actual: float, expected: str) -> None:
    # district A's share of the poverty reduction: "- 15 20 25" (levels 3, 4, 5)
    assert FIVE.score_actual(actual, levels(None, None, 15, 20, 25), "higher") == D(expected)


def test_below_the_lowest_level_given_scores_zero_where_below_level_1_does() -> None:
    assert FIVE_ZERO.score_actual(14, levels(None, None, 15, 20, 25), "higher") == D("0.0000")


def test_a_level_left_empty_in_the_middle_is_interpolated_across() -> None:
    # 10 / – / 20 / 25 / 30, actual 15: halfway from level 1 (10) to level 3 (20) = 2.0000
    assert FIVE.score_actual(15, levels(10, None, 20, 25, 30), "higher") == D("2.0000")


def test_levels_4_and_5_left_empty_cap_the_score_at_level_3() -> None:
    # 412 / 414.5 / 417 / – / –, actual 421: above the highest level given = 3.0000
    assert FIVE.score_actual(421, levels(412, 414.5, 417, None, None), "higher") == D("3.0000")


def test_empty_levels_of_a_lower_is_better_kpi_mirror() -> None:
    # – / – / 26 / 24 / 22 minutes, actual 25: 3.5000; actual 27: below level 3 given = 1.0000
    assert FIVE.score_actual(25, levels(None, None, 26, 24, 22), "lower") == D("3.5000")
    assert FIVE.score_actual(27, levels(None, None, 26, 24, 22), "lower") == D("1.0000")


def test_a_scorecard_with_empty_levels(tree: ContentTree) -> None:
    tree.replace(PROV, RICE, "criteria: [null, null, 417, 419.5, 422], target: 417")
    checked = load_and_check(BuildOptions(content=tree.write()))
    assert checked.content is not None and not checked.diagnostics.has_errors()
    scores = score_content(checked.content)
    # m6 415.2: below level 3 (the lowest given) → 1.0000 × 30 ÷ 100 = 0.3000
    # m12 418: 3 + 1/2.5 = 3.4000 × 30 ÷ 100 = 1.0200
    m6, m12 = (scores.card("prov", 2568, r).row("rice-yield") for r in ("m6", "m12"))  # type: ignore[union-attr]
    assert (m6.score, m6.weighted, m12.score, m12.weighted) == (D("1"), D("0.3"), D("3.4"), D("1.02"))  # type: ignore[union-attr]


def test_split_targets_with_an_empty_level_are_compared_where_both_give_one(tree: ContentTree) -> None:
    tree.replace(
        "units/dist-b/agreements/2568.yaml", "criteria: [40, 60, 80, 100, 120]", "criteria: [null, 60, 80, 100, 120]"
    )
    # dist-a 60 + dist-b – at level 1 cannot be combined: not compared, not short
    assert tree.check() == (0, ["0 errors, 0 warnings"])
    tree.replace(
        "units/dist-b/agreements/2568.yaml", "criteria: [null, 60, 80, 100, 120]", "criteria: [null, 60, 70, 100, 120]"
    )
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{PROV}:4:76: error[cascade.split-short]: split of 'prov/poor-households': the children combined "
        "(sum) give 190 at level 3, short of the superior's 200",
        "units/dist-a/agreements/2568.yaml:5:76: note[cascade.split-short]: 'dist-a' takes part in the split with "
        "120 at level 3",
        "units/dist-b/agreements/2568.yaml:5:76: note[cascade.split-short]: 'dist-b' takes part in the split with "
        "70 at level 3",
    ]


# -- mixed criteria: steps, then a result ----------------------------------------------

STEPS_THEN_60_70_80 = mixed(2, 60, 70, 80)  # seed 003: "2 ขั้นตอน + ผลลัพธ์"


@pytest.mark.parametrize(
    ("level", "actual", "expected"),
    [
        (0, None, "1.0000"),  # no step done: what "below level 1" scores
        (1, None, "1.0000"),  # step 1 done
        (2, None, "2.0000"),  # both steps done, no result yet
        (2, 55, "2.0000"),  # result below level 3 (60): the steps decide
        (2, 60, "3.0000"),
        (2, 65, "3.5000"),  # 3 + 5/10
        (2, 77.5, "4.7500"),  # 4 + 7.5/10
        (2, 85, "5.0000"),  # above level 5
        (None, 72, "4.2000"),  # an actual alone: the steps are taken as done; 4 + 2/10
        (1, 75, "1.0000"),  # a step missing: the result does not count yet
    ],
)
def test_mixed_criteria_score_the_steps_then_the_result(level: int | None, actual: float | None, expected: str) -> None:
    assert FIVE.score_value("mixed", "higher", STEPS_THEN_60_70_80, actual, level) == D(expected)


def test_mixed_criteria_below_level_1_zero() -> None:
    assert FIVE_ZERO.score_value("mixed", "higher", STEPS_THEN_60_70_80, None, 0) == D("0.0000")


def test_mixed_criteria_of_a_lower_is_better_result() -> None:
    # two steps, then 30 / 25 / 20 days: 27 days → 3 + 3/5 = 3.6000
    assert FIVE.score_value("mixed", "lower", mixed(2, 30, 25, 20), 27, 2) == D("3.6000")


def test_partial_credit_toward_a_step_that_lists_steps() -> None:
    # step 1 done and half of step 2's two sub-steps: 1.5000
    assert FIVE.score_value("mixed", "higher", mixed(2, 60, 70, 80, with_steps=True), None, 1, 0.5) == D("1.5000")


def test_one_step_then_four_values() -> None:
    # seed 003: "1 ขั้นตอน + ผลลัพธ์ (178+/-10)": a plan, then 168 / 173 / 178 / 183 hospitals
    criteria = mixed(1, 168, 173, 178, 183)
    assert FIVE.score_value("mixed", "higher", criteria, 180.5, 1) == D("4.5000")  # 4 + 2.5/5
    assert FIVE.score_value("mixed", "higher", criteria, 150, 1) == D("1.0000")


def test_three_tiers_do_not_score_mixed_criteria() -> None:
    assert (
        scheme_for(ScoringConfig(scheme="three-tier")).score_value("mixed", "higher", mixed(2, 1, 2, 3), 2, 2) is None
    )


KM_MIXED = "[{th: แต่งตั้งคณะทำงาน}, {th: จัดทำแผน}, 60, 70, 80]"
KM_MILESTONES = "[{th: มีแผน}, {th: ดำเนินการตามแผน}, {th: ติดตามผล}, {th: ประเมินผล}, {th: เชื่อมโยงสิ่งจูงใจ}]"


def km_mixed(tree: ContentTree) -> ContentTree:
    """The KM KPI as mixed criteria: two steps, then % of staff using the knowledge portal
    (the province's, and the same criteria passed down directly to everyone below)."""
    for unit in ("prov", "dist-a", "dist-b", "officer-c"):
        tree.replace(
            f"units/{unit}/kpis.yaml",
            "{id: km-level, name: {th: ระดับความสำเร็จของการจัดการความรู้}, kind: milestone}",
            "{id: km-level, name: {th: ระดับความสำเร็จของการจัดการความรู้}, kind: mixed}",
        )
        tree.replace(f"units/{unit}/agreements/2568.yaml", KM_MILESTONES, KM_MIXED)
    for path in [p for p in tree.files if "/results/" in p and "km-level" in tree.files[p]]:
        for level in range(5):
            tree.files[path] = tree.files[path].replace(
                f"{{kpi: km-level, level: {level}}}", "{kpi: km-level, level: 2}"
            )
    return tree


def test_a_scorecard_with_mixed_criteria(tree: ContentTree) -> None:
    km_mixed(tree)
    tree.replace(
        "units/prov/results/2568/m12.yaml", "{kpi: km-level, level: 2}", "{kpi: km-level, level: 2, actual: 65}"
    )
    checked = load_and_check(BuildOptions(content=tree.write()))
    assert checked.content is not None and not checked.diagnostics.has_errors()
    row = score_content(checked.content).card("prov", 2568, "m12").row("km-level")  # type: ignore[union-attr]
    # both steps done, 65 % on 60/70/80: 3.5000 × 20 ÷ 100 = 0.7000
    assert row is not None and (row.level, row.actual, row.score, row.weighted) == (2, 65, D("3.5"), D("0.7"))


def test_a_result_before_every_step_is_done_is_a_warning(tree: ContentTree) -> None:
    km_mixed(tree)
    tree.replace(
        "units/prov/results/2568/m12.yaml", "{kpi: km-level, level: 2}", "{kpi: km-level, level: 1, actual: 75}"
    )
    assert diagnostics_of(tree.check()[1], tree.root) == [
        "units/prov/results/2568/m12.yaml:5:39: warning[results.mixed-steps-incomplete]: the actual of "
        "'km-level' does not count until every step is done (step level 1 of 2)"
    ]


def test_a_step_level_beyond_the_steps_is_an_error(tree: ContentTree) -> None:
    km_mixed(tree)
    tree.replace("units/prov/results/2568/m12.yaml", "{kpi: km-level, level: 2}", "{kpi: km-level, level: 4}")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        "units/prov/results/2568/m12.yaml:5:28: error[results.step-range]: step level 4 is outside 0–2 "
        "(the criteria have 2 steps before the numeric levels)"
    ]


# -- shapes `check` refuses ------------------------------------------------------------


def test_a_criteria_list_of_the_wrong_length_names_the_allowed_shapes(tree: ContentTree) -> None:
    tree.replace(PROV, RICE, "criteria: [412, 414.5, 417]")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{PROV}:3:71: error[criteria.shape]: criteria [412, 414.5, 417] have none of the allowed shapes: five "
        "levels, each a number, null for a level left empty, or a milestone text (texts before numbers), or "
        "a mapping of basic, standard, advanced"
    ]


def test_a_level_of_no_allowed_kind(tree: ContentTree) -> None:
    tree.replace(PROV, RICE, "criteria: [412, true, 417, 419.5, 422]")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{PROV}:3:77: error[criteria.level-shape]: true is not a level: give a number, null for a level left "
        "empty, or a milestone text"
    ]


def test_texts_after_numbers_are_no_allowed_shape(tree: ContentTree) -> None:
    km_mixed(tree)
    for unit in ("prov", "dist-a", "dist-b", "officer-c"):
        tree.replace(f"units/{unit}/agreements/2568.yaml", KM_MIXED, "[{th: แต่งตั้งคณะทำงาน}, 60, {th: จัดทำแผน}, 70, 80]")
    assert diagnostics_of(tree.check()[1], tree.root)[3] == (
        f"{PROV}:7:67: error[criteria.shape]: criteria […, 60, …, 70, 80] have none of the allowed shapes: "
        "five levels, each a number, null for a level left empty, or a milestone text (texts before numbers), "
        "or a mapping of basic, standard, advanced"
    )


def test_every_level_left_empty_is_no_allowed_shape(tree: ContentTree) -> None:
    tree.replace(PROV, RICE, "criteria: [null, null, null, null, null]")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{PROV}:3:71: error[criteria.shape]: criteria [–, –, –, –, –] have none of the allowed shapes: five "
        "levels, each a number, null for a level left empty, or a milestone text (texts before numbers), or "
        "a mapping of basic, standard, advanced"
    ]


def test_mixed_criteria_on_a_numeric_kpi_are_a_kind_mismatch(tree: ContentTree) -> None:
    tree.replace(PROV, KM_MILESTONES, KM_MIXED)
    assert f"{PROV}:7:67: error[criteria.kind-mismatch]: milestone KPI 'km-level' needs milestone criteria" in (
        diagnostics_of(tree.check()[1], tree.root)
    )
