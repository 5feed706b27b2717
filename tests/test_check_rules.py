"""Each consistency rule, shown by content that breaks exactly that rule.

Every test starts from the clean tree of `tests/contenttree.py` (which checks clean:
`test_the_clean_tree_checks_clean`), changes one fact, and asserts the complete located
diagnostic transcript of `build.py check`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ContentTree, diagnostics_of

PROV = "units/prov/agreements/2568.yaml"
DIST_A = "units/dist-a/agreements/2568.yaml"
DIST_B = "units/dist-b/agreements/2568.yaml"
OFFICER = "units/officer-c/agreements/2568.yaml"


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def check(tree: ContentTree, *extra: str, today: str = "2025-12-01") -> tuple[int, list[str]]:
    status, lines = tree.check(*extra, today=today)
    return status, diagnostics_of(lines, tree.root)


def test_the_clean_tree_checks_clean(tree: ContentTree) -> None:
    status, lines = tree.check()
    assert (status, lines) == (0, ["0 errors, 0 warnings"])


# -- identity and the unit tree ----------------------------------------------------------


def test_unknown_parent_unit(tree: ContentTree) -> None:
    tree.set("units/dist-c/unit.yaml", "id: dist-c\nkind: district\nname: อำเภอ ค\nparent: provx\n")
    assert check(tree) == (
        1,
        ["units/dist-c/unit.yaml:4:9: error[unit.unknown-parent]: unknown parent unit 'provx'; did you mean 'prov'?"],
    )


def test_cycle_in_the_unit_tree(tree: ContentTree) -> None:
    tree.set("units/g1/unit.yaml", "id: g1\nkind: group\nname: กลุ่ม 1\nparent: g2\n")
    tree.set("units/g2/unit.yaml", "id: g2\nkind: group\nname: กลุ่ม 2\nparent: g1\n")
    assert check(tree) == (1, ["units/g1/unit.yaml:4:9: error[unit.cycle]: units form a cycle: g1 → g2 → g1"])


def test_duplicate_kpi_id(tree: ContentTree) -> None:
    tree.files["units/dist-b/kpis.yaml"] += "  - {id: km-level, name: {th: ตัวชี้วัดซ้ำ}, kind: milestone}\n"
    assert check(tree) == (
        1,
        ["units/dist-b/kpis.yaml:8:10: error[id.duplicate]: duplicate KPI id 'km-level' (first on line 6)"],
    )


def test_kpi_twice_in_one_agreement(tree: ContentTree) -> None:
    tree.files[DIST_B] = tree.files[DIST_B].replace(
        "signatories:",
        "  - {kpi: budget, dimension: efficiency, weight: 0, criteria: [90, 92, 94, 96, 98]}\nsignatories:",
    )
    assert check(tree) == (
        1,
        [
            "units/dist-b/agreements/2568.yaml:10:11: error[agreement.duplicate-kpi]: KPI 'budget' appears twice "
            "in the agreement (first on line 8)"
        ],
    )


def test_unit_id_differs_from_folder(tree: ContentTree) -> None:
    tree.replace("units/dist-b/unit.yaml", "id: dist-b", "id: dist-bb")
    assert check(tree) == (
        1,
        [
            "units/dist-b/unit.yaml:1:5: error[unit.id-mismatch]: unit id 'dist-bb' differs from its folder name 'dist-b'"
        ],
    )


def test_dangling_kpi_reference_in_an_agreement(tree: ContentTree) -> None:
    tree.replace("units/dist-b/kpis.yaml", "id: service-time", "id: service-times")
    assert check(tree) == (
        1,
        [
            "units/dist-b/agreements/2568.yaml:7:11: error[ref.unknown]: unknown KPI 'service-time'; did you mean 'service-times'?"
        ],
    )


def test_goal_leads_to_an_unknown_goal(tree: ContentTree) -> None:
    tree.replace("units/prov/unit.yaml", "leads_to: [g-yield]", "leads_to: [g-yeild]")
    assert check(tree) == (
        1,
        ["units/prov/unit.yaml:8:88: error[ref.unknown]: unknown goal 'g-yeild'; did you mean 'g-yield'?"],
    )


# -- cascade -------------------------------------------------------------------------------


def test_cascade_link_to_a_kpi_not_in_the_superiors_agreement(tree: ContentTree) -> None:
    tree.replace(DIST_B, "from: rice-yield", "from: rice-yeld")
    assert check(tree) == (
        1,
        [
            "units/dist-b/agreements/2568.yaml:4:22: error[cascade.parent-kpi-missing]: KPI 'rice-yeld' is not "
            "in the agreement of superior 'prov' for 2568; did you mean 'rice-yield'?",
            "units/prov/agreements/2568.yaml:3:3: note[cascade.parent-kpi-missing]: the agreement of 'prov' for 2568",
        ],
    )


def test_direct_cascade_must_keep_the_parents_criteria(tree: ContentTree) -> None:
    tree.replace(
        DIST_B,
        "criteria: [90, 92, 94, 96, 98], cascade: {from: budget, kind: direct}",
        "criteria: [90, 92, 94, 96, 99], cascade: {from: budget, kind: direct}",
    )
    assert check(tree) == (
        1,
        [
            "units/dist-b/agreements/2568.yaml:8:64: error[cascade.direct-criteria-differ]: direct cascade from "
            "'prov/budget' must keep its criteria [90, 92, 94, 96, 98], found [90, 92, 94, 96, 99]",
            "units/prov/agreements/2568.yaml:6:64: note[cascade.direct-criteria-differ]: the criteria of "
            "'prov/budget' that a direct cascade keeps",
        ],
    )


def test_split_by_sum_short_of_the_parent_at_one_level(tree: ContentTree) -> None:
    tree.replace(DIST_B, "[40, 60, 80, 100, 120]", "[40, 60, 79, 100, 120]")
    assert check(tree) == (
        1,
        [
            "units/prov/agreements/2568.yaml:4:76: error[cascade.split-short]: split of 'prov/poor-households': "
            "the children combined (sum) give 199 at level 3, short of the superior's 200",
            # every place taking part, so the annotation shows on the district file a pull request changed
            "units/dist-a/agreements/2568.yaml:5:76: note[cascade.split-short]: 'dist-a' takes part in the split "
            "with 120 at level 3",
            "units/dist-b/agreements/2568.yaml:5:76: note[cascade.split-short]: 'dist-b' takes part in the split "
            "with 79 at level 3",
        ],
    )


def test_split_by_weighted_mean_uses_the_bases(tree: ContentTree) -> None:
    # dist-b's lower yields now weigh 9 times dist-a's: the mean falls short at levels 1-5
    tree.replace(DIST_B, "base: 1000", "base: 9000")
    status, lines = check(tree)
    assert status == 1
    assert lines == [
        line
        for level, combined, parent, share_a, share_b in [
            (1, "402.9", "412", "429", "400"),
            (2, "407.65", "414.5", "431.5", "405"),
            (3, "412.4", "417", "434", "410"),
            (4, "417.15", "419.5", "436.5", "415"),
            (5, "421.9", "422", "439", "420"),
        ]
        for line in (
            "units/prov/agreements/2568.yaml:3:71: error[cascade.split-short]: split of 'prov/rice-yield': the "
            f"children combined (weighted mean) give {combined} at level {level}, short of the superior's {parent}",
            "units/dist-a/agreements/2568.yaml:3:71: note[cascade.split-short]: 'dist-a' takes part in the split "
            f"with {share_a} at level {level}",
            "units/dist-b/agreements/2568.yaml:3:71: note[cascade.split-short]: 'dist-b' takes part in the split "
            f"with {share_b} at level {level}",
        )
    ]


def test_split_of_a_lower_is_better_kpi_must_not_exceed_the_parent(tree: ContentTree) -> None:
    # a sum split of a lower-is-better count: children together may allow at most the parent's
    tree.replace(
        "units/prov/kpis.yaml",
        "id: poor-households, name: {th: จำนวนครัวเรือนยากจนที่พ้นเกณฑ์}, kind: numeric, direction: higher",
        "id: poor-households, name: {th: จำนวนครั้งที่ระบบขัดข้อง}, kind: numeric, direction: lower",
    )
    tree.replace(PROV, "[100, 150, 200, 250, 300]", "[10, 8, 6, 4, 2]")
    tree.replace(DIST_A, "[60, 90, 120, 150, 180]", "[5, 4, 3, 2, 1]")
    tree.replace(OFFICER, "[60, 90, 120, 150, 180]", "[5, 4, 3, 2, 1]")
    tree.replace(DIST_B, "[40, 60, 80, 100, 120]", "[5, 4, 3.5, 2, 1]")
    for path in ("units/dist-a/kpis.yaml", "units/dist-b/kpis.yaml", "units/officer-c/kpis.yaml"):
        tree.replace(
            path, "kind: numeric}\n  - {id: service-time", "kind: numeric, direction: lower}\n  - {id: service-time"
        )
    assert check(tree) == (
        1,
        [
            "units/prov/agreements/2568.yaml:4:76: error[cascade.split-short]: split of 'prov/poor-households': "
            "the children combined (sum) give 6.5 at level 3, short of the superior's 6",
            "units/dist-a/agreements/2568.yaml:5:76: note[cascade.split-short]: 'dist-a' takes part in the split "
            "with 3 at level 3",
            "units/dist-b/agreements/2568.yaml:5:76: note[cascade.split-short]: 'dist-b' takes part in the split "
            "with 3.5 at level 3",
        ],
    )


def test_cascade_gap_is_a_warning(tree: ContentTree) -> None:
    tree.replace(
        OFFICER,
        "  - {kpi: budget, category: strategic, weight: 10, criteria: [90, 92, 94, 96, 98], cascade: {from: budget, kind: direct}}\n",
        "",
    )
    tree.replace(OFFICER, "category: routine, weight: 20", "category: routine, weight: 30")
    tree.replace("units/officer-c/results/2568/p1.yaml", "  - {kpi: budget, actual: 91}\n", "")
    assert check(tree) == (
        0,
        [
            "units/dist-a/agreements/2568.yaml:8:11: warning[cascade.gap]: KPI 'budget' of 'dist-a' for 2568 is carried by no unit below",
            "units/officer-c/agreements/2568.yaml:3:3: note[cascade.gap]: the agreement of 'officer-c' for 2568, "
            "which does not carry it",
        ],
    )


# -- weights and criteria ------------------------------------------------------------------


def test_kpi_weights_must_sum_to_100(tree: ContentTree) -> None:
    tree.replace(OFFICER, "category: routine, weight: 20", "category: routine, weight: 25")
    assert check(tree) == (
        1,
        [
            "units/officer-c/agreements/2568.yaml:3:3: error[weights.sum]: KPI weights sum to 105, not 100",
            "units/officer-c/agreements/2568.yaml:3:52: note[weights.sum]: KPI 'rice-yield' weighs 30",
            "units/officer-c/agreements/2568.yaml:4:57: note[weights.sum]: KPI 'poor-households' weighs 20",
            "units/officer-c/agreements/2568.yaml:5:54: note[weights.sum]: KPI 'service-time' weighs 10",
            "units/officer-c/agreements/2568.yaml:6:50: note[weights.sum]: KPI 'km-level' weighs 10",
            "units/officer-c/agreements/2568.yaml:7:48: note[weights.sum]: KPI 'budget' weighs 10",
            "units/officer-c/agreements/2568.yaml:8:46: note[weights.sum]: KPI 'visits' weighs 25",
        ],
    )


def test_importance_weighting_needs_no_sum(tree: ContentTree) -> None:
    text = tree.files[OFFICER].replace("weight: 30", "importance: 3").replace("weight: 20", "importance: 2")
    text = text.replace("weight: 10", "importance: 1")
    tree.set(OFFICER, "weighting: importance\n" + text)
    assert check(tree) == (0, [])


def test_dimension_weights_must_sum_to_100_each_dimension_named_by_its_name(tree: ContentTree) -> None:
    tree.replace("site.yaml", "weight: 10}", "weight: 15}")
    assert check(tree) == (
        1,
        [
            "site.yaml:10:3: error[weights.dimension-sum]: dimension weights sum to 105, not 100",
            "site.yaml:10:86: note[weights.dimension-sum]: the weight of dimension 'Effectiveness' is 50",
            "site.yaml:11:70: note[weights.dimension-sum]: the weight of dimension 'Quality' is 20",
            "site.yaml:12:81: note[weights.dimension-sum]: the weight of dimension 'Efficiency' is 15",
            "site.yaml:13:87: note[weights.dimension-sum]: the weight of dimension 'Development' is 20",
        ],
    )


def test_kpi_weights_within_a_dimension_match_its_weight(tree: ContentTree) -> None:
    tree.replace(PROV, "kpi: poor-households, dimension: effectiveness", "kpi: poor-households, dimension: quality")
    assert check(tree) == (
        1,
        [
            "units/prov/agreements/2568.yaml:3:34: error[weights.dimension-mismatch]: KPI weights in "
            "'Effectiveness' sum to 30, not the dimension's weight 50",
            "site.yaml:10:86: note[weights.dimension-mismatch]: the weight of dimension 'Effectiveness' is 50",
            "units/prov/agreements/2568.yaml:3:57: note[weights.dimension-mismatch]: KPI 'rice-yield' weighs 30",
            "units/prov/agreements/2568.yaml:4:39: error[weights.dimension-mismatch]: KPI weights in "
            "'Quality' sum to 40, not the dimension's weight 20",
            "site.yaml:11:70: note[weights.dimension-mismatch]: the weight of dimension 'Quality' is 20",
            "units/prov/agreements/2568.yaml:4:56: note[weights.dimension-mismatch]: KPI 'poor-households' weighs 20",
            "units/prov/agreements/2568.yaml:5:53: note[weights.dimension-mismatch]: KPI 'service-time' weighs 20",
        ],
    )


def test_criteria_must_follow_the_kpis_direction(tree: ContentTree) -> None:
    tree.replace(DIST_B, "criteria: [30, 28, 26, 24, 22]}", "criteria: [30, 28, 26, 26, 22]}")
    assert check(tree) == (
        1,
        [
            "units/dist-b/agreements/2568.yaml:7:67: error[criteria.not-monotonic]: criteria must decrease from "
            "level 1 to level 5 (lower is better): [30, 28, 26, 26, 22]"
        ],
    )


def test_stated_target_must_be_level_3(tree: ContentTree) -> None:
    tree.replace(PROV, "target: 417", "target: 419.5")
    assert check(tree) == (
        1,
        [
            "units/prov/agreements/2568.yaml:3:110: error[criteria.target-not-level-3]: target 419.5 is not the level-3 value 417"
        ],
    )


def test_milestone_kpi_needs_milestone_criteria(tree: ContentTree) -> None:
    tree.replace(
        "units/officer-c/kpis.yaml",
        "id: visits, name: {th: จำนวนครั้งที่ออกเยี่ยมเกษตรกร}, kind: numeric",
        "id: visits, name: {th: ระดับความสำเร็จของการเยี่ยมเกษตรกร}, kind: milestone",
    )
    assert check(tree) == (
        1,
        [
            "units/officer-c/agreements/2568.yaml:8:60: error[criteria.kind-mismatch]: milestone KPI 'visits' needs milestone criteria",
            "units/officer-c/results/2568/p1.yaml:4:27: error[results.wrong-kind]: milestone KPI 'visits' reports a level, not an actual",
        ],
    )


# -- results -------------------------------------------------------------------------------


def test_result_for_a_kpi_not_in_the_agreement(tree: ContentTree) -> None:
    tree.replace("units/dist-b/results/2568/m6.yaml", "results:\n", "results:\n  - {kpi: visits, actual: 3}\n")
    assert check(tree) == (
        1,
        [
            "units/dist-b/results/2568/m6.yaml:4:11: error[results.kpi-not-in-agreement]: KPI 'visits' is not in the agreement of 'dist-b' for 2568"
        ],
    )


def test_result_for_an_unknown_round(tree: ContentTree) -> None:
    tree.set(
        "units/dist-b/results/2568/m9.yaml", "year: 2568\nround: m9\nresults:\n  - {kpi: rice-yield, actual: 412}\n"
    )
    assert check(tree) == (1, ["units/dist-b/results/2568/m9.yaml:2:8: error[ref.unknown]: unknown round 'm9'"])


def test_result_for_a_round_of_another_kind_of_unit(tree: ContentTree) -> None:
    tree.set(
        "units/dist-b/results/2568/p1.yaml", "year: 2568\nround: p1\nresults:\n  - {kpi: rice-yield, actual: 412}\n"
    )
    assert check(tree) == (
        1,
        [
            "units/dist-b/results/2568/p1.yaml:2:8: error[results.round-not-for-unit]: round 'p1' is not reported by district units"
        ],
    )


def test_result_value_of_the_wrong_kind(tree: ContentTree) -> None:
    tree.replace("units/prov/results/2568/m12.yaml", "{kpi: km-level, level: 4}", "{kpi: km-level, actual: 4}")
    assert check(tree) == (
        1,
        [
            "units/prov/results/2568/m12.yaml:5:29: error[results.wrong-kind]: milestone KPI 'km-level' reports a level, not an actual"
        ],
    )


def test_milestone_level_outside_0_to_5(tree: ContentTree) -> None:
    tree.replace("units/prov/results/2568/m12.yaml", "level: 4", "level: 6")
    assert check(tree) == (
        1,
        ["units/prov/results/2568/m12.yaml:5:28: error[results.level-range]: milestone level 6 is outside 0–5"],
    )


def test_actual_outside_the_plausible_range_is_a_warning(tree: ContentTree) -> None:
    tree.replace("units/prov/results/2568/m6.yaml", "{kpi: budget, actual: 91}", "{kpi: budget, actual: 104}")
    assert check(tree) == (
        0,
        [
            "units/prov/results/2568/m6.yaml:6:27: warning[results.implausible]: actual 104 of 'budget' is outside its plausible range 0–100"
        ],
    )


def test_verified_score_that_differs_needs_a_reason(tree: ContentTree) -> None:
    tree.replace(
        "units/prov/results/2568/m12.yaml",
        "{kpi: km-level, level: 4}",
        "{kpi: km-level, level: 4, verified: {score: 4.8}}",
    )
    assert check(tree) == (
        1,
        [
            "units/prov/results/2568/m12.yaml:5:41: error[results.verified-no-reason]: verified score 4.8000 differs from the self-assessed 4.0000 without a reason"
        ],
    )
    tree.replace(
        "units/prov/results/2568/m12.yaml", "{score: 4.8}", "{score: 4.8, reason: {th: คณะกรรมการพิจารณาหลักฐานเพิ่มเติม}}"
    )
    assert check(tree) == (0, [])


def test_evidence_that_does_not_exist(tree: ContentTree) -> None:
    tree.replace("units/dist-a/results/2568/m12.yaml", "minutes.md", "minute.md")
    assert check(tree) == (
        1,
        [
            "units/dist-a/results/2568/m12.yaml:4:47: error[evidence.missing]: evidence file 'units/dist-a/evidence/minute.md' does not exist"
        ],
    )


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "units/../../secret.txt"])
def test_evidence_cannot_leave_the_content_tree(tree: ContentTree, path: str) -> None:
    tree.replace("units/dist-a/results/2568/m12.yaml", "units/dist-a/evidence/minutes.md", path)
    assert check(tree) == (
        1,
        [
            f"units/dist-a/results/2568/m12.yaml:4:47: error[evidence.outside]: evidence path '{path}' is absolute or climbs with '..'; write it from the content folder (units/<unit>/evidence/...)"
        ],
    )


def test_evidence_symlink_out_of_the_tree_is_refused(tree: ContentTree, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    tree.write()
    (tree.root / "units/dist-a/evidence/link.md").symlink_to(secret)
    tree.replace("units/dist-a/results/2568/m12.yaml", "minutes.md", "link.md")
    assert check(tree)[1] == [
        "units/dist-a/results/2568/m12.yaml:4:47: error[evidence.symlink]: evidence 'units/dist-a/evidence/link.md' goes through a symbolic link; evidence must be a real file in the evidence folder"
    ]


# -- warnings ------------------------------------------------------------------------------


def test_unsigned_agreement(tree: ContentTree) -> None:
    tree.replace(DIST_B, "  signed_on: 2024-10-15\n", "")
    expected = [
        "units/dist-b/agreements/2568.yaml:1:1: warning[agreement.unsigned]: the agreement of 'dist-b' for 2568 is not signed (no signed_on)"
    ]
    assert check(tree) == (0, expected)
    assert check(tree, "--strict") == (1, expected)


def test_too_many_kpis_on_one_person(tree: ContentTree) -> None:
    tree.replace("site.yaml", "max_kpis_per_person: 6", "max_kpis_per_person: 5")
    assert check(tree) == (
        0,
        [
            "units/officer-c/agreements/2568.yaml:3:3: warning[agreement.too-many-kpis]: 6 KPIs on one person, more than the limit of 5"
        ],
    )


def test_round_passed_without_results(tree: ContentTree) -> None:
    tree.remove("units/dist-b/results/2568/m12.yaml")
    expected = "units/dist-b/agreements/2568.yaml:1:1: warning[results.missing-round]: round 'm12' of 2568 has passed (30 September 2025) with no results from 'dist-b'"
    assert check(tree) == (0, [expected])
    assert check(tree, today="2025-09-30") == (0, [])  # the round's last day has not passed yet


# -- more identity, split and layout rules -------------------------------------------------


def test_split_children_must_combine_the_same_way(tree: ContentTree) -> None:
    tree.replace(
        DIST_B,
        "cascade: {from: poor-households, kind: split, combine: sum}",
        "cascade: {from: poor-households, kind: split, combine: weighted-mean, base: 5}",
    )
    assert check(tree) == (
        1,
        [
            "units/dist-a/agreements/2568.yaml:6:61: error[cascade.combine-mismatch]: children of "
            "'prov/poor-households' combine by sum and weighted mean; use one method",
            "units/dist-b/agreements/2568.yaml:6:61: note[cascade.combine-mismatch]: 'dist-b' combines by weighted mean",
        ],
    )


def test_weighted_mean_split_needs_a_base(tree: ContentTree) -> None:
    tree.replace(DIST_B, "combine: weighted-mean, base: 1000}", "combine: weighted-mean}")
    assert check(tree) == (
        1,
        [
            "units/dist-b/agreements/2568.yaml:4:15: error[cascade.split-missing-base]: a weighted-mean split needs this unit's base"
        ],
    )


def test_only_numeric_kpis_can_be_split(tree: ContentTree) -> None:
    tree.replace(DIST_A, "cascade: {from: km-level, kind: direct}", "cascade: {from: km-level, kind: split}")
    assert check(tree) == (
        1,
        [
            "units/dist-a/agreements/2568.yaml:9:196: error[cascade.split-not-numeric]: only numeric KPIs can be "
            "split; 'prov/km-level' is a milestone KPI"
        ],
    )


def test_the_top_unit_cannot_cascade(tree: ContentTree) -> None:
    tree.replace(PROV, "target: 417}", "target: 417, cascade: {from: rice-yield, kind: direct}}")
    assert check(tree) == (
        1,
        [
            "units/prov/agreements/2568.yaml:3:131: error[cascade.no-superior]: unit 'prov' has no superior to cascade from"
        ],
    )


def test_agreement_year_must_match_its_file_name(tree: ContentTree) -> None:
    tree.set("units/dist-b/agreements/2569.yaml", tree.files.pop(DIST_B))
    assert check(tree) == (
        1,
        [
            "units/dist-b/agreements/2569.yaml:1:7: error[file.name-mismatch]: year 2568 differs from the file name '2569'"
        ],
    )


def test_agreement_for_a_year_the_site_does_not_list(tree: ContentTree) -> None:
    tree.set("units/dist-b/agreements/2569.yaml", tree.files[DIST_B].replace("year: 2568", "year: 2569"))
    status, lines = check(tree)
    assert status == 1
    # its cascade links then also miss the superior's 2569 agreement, reported after this
    assert (
        lines[0]
        == "units/dist-b/agreements/2569.yaml:1:7: error[year.unknown]: fiscal year 2569 is not listed in site.yaml"
    )


@pytest.mark.parametrize(
    ("year", "hint"),
    [
        (2658, "; did you mean '2568'?"),  # swapped digits
        (2569, ""),  # a year next to a listed one: more likely one site.yaml should list
    ],
)
def test_an_unlisted_year_gets_a_hint_only_for_the_slips_it_can_name(tree: ContentTree, year: int, hint: str) -> None:
    tree.replace(DIST_B, "year: 2568", f"year: {year}")
    tree.set(f"units/dist-b/agreements/{year}.yaml", tree.files.pop(DIST_B))
    status, lines = check(tree)
    assert (status, lines[0]) == (
        1,
        f"units/dist-b/agreements/{year}.yaml:1:7: error[year.unknown]: fiscal year {year} is not listed in site.yaml{hint}",
    )


def test_an_unlisted_year_in_thai_names_the_year_meant(tree: ContentTree) -> None:
    tree.replace(DIST_B, "year: 2568", "year: 2658")
    tree.set("units/dist-b/agreements/2658.yaml", tree.files.pop(DIST_B))
    status, lines = check(tree, "--lang", "th")
    assert (status, lines[0]) == (
        1,
        "units/dist-b/agreements/2658.yaml:1:7: error[year.unknown]: ปีงบประมาณ 2658 ไม่อยู่ในรายการของ site.yaml"
        " (หมายถึง '2568' หรือไม่)",
    )


def test_missing_weight_under_free_weighting(tree: ContentTree) -> None:
    tree.replace(OFFICER, "category: routine, weight: 20, ", "category: routine, ")
    assert check(tree) == (
        1,
        [
            "units/officer-c/agreements/2568.yaml:8:11: error[weights.missing]: KPI 'visits' has no weight (the agreement uses weighting: weights)"
        ],
    )


def test_a_person_groups_kpis_by_category_not_dimension(tree: ContentTree) -> None:
    tree.replace(OFFICER, "kpi: visits, category: routine", "kpi: visits, dimension: efficiency")
    assert check(tree) == (
        1,
        [
            "units/officer-c/agreements/2568.yaml:8:30: error[agreement.group-kind]: individual agreements group their KPIs by category, not by dimension"
        ],
    )


def test_unit_folder_without_unit_file(tree: ContentTree) -> None:
    tree.set("units/dist-c/kpis.yaml", "kpis: []\n")
    status, lines = check(tree)
    assert status == 1
    assert lines == ["units/dist-c:1:1: error[content.missing-unit-file]: unit folder 'dist-c' has no unit.yaml"]


def test_yaml_file_out_of_place_is_a_warning(tree: ContentTree) -> None:
    tree.set("units/dist-b/notes.yaml", "a: 1\n")
    assert check(tree) == (
        0,
        [
            "units/dist-b/notes.yaml:1:1: warning[content.unexpected-file]: file is not part of the content format "
            "(site.yaml, plans.yaml, calendar/<year>.yaml, units/<unit>/{unit,kpis}.yaml, agreements/<year>.yaml, "
            "results/<year>/<round>.yaml, initiatives/<year>.yaml, closed/<year>/<round>.yaml)"
        ],
    )


def test_content_without_site_file(tree: ContentTree) -> None:
    tree.remove("site.yaml")
    status, lines = check(tree)
    assert (status, lines[0]) == (1, "site.yaml:1:1: error[content.missing-site]: no site.yaml in the content folder")
