"""Cascades beyond one link per KPI: a superior's KPI held at its own level on purpose
(no gap warning), and a KPI deriving from two of the superior's KPIs (every link counts,
split rollups stay per link).

The tree (tests/contenttree.py): province prov → districts dist-a, dist-b → officer-c.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from contenttree import ContentTree, diagnostics_of

from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.queries import Queries
from builder.scoring.rollup import children_rows
from builder.scoring.scorecard import score_content

DIST_A = "units/dist-a/agreements/2568.yaml"
OFFICER = "units/officer-c/agreements/2568.yaml"
OFFICER_BUDGET = (
    "  - {kpi: budget, category: strategic, weight: 10, criteria: [90, 92, 94, 96, 98], "
    "cascade: {from: budget, kind: direct}}\n"
)


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def without_officer_budget(tree: ContentTree) -> ContentTree:
    """The officer no longer carries dist-a's budget KPI: a gap in dist-a's agreement."""
    tree.replace(OFFICER, OFFICER_BUDGET, "")
    tree.replace(OFFICER, "category: routine, weight: 20", "category: routine, weight: 30")
    return tree.replace("units/officer-c/results/2568/p1.yaml", "  - {kpi: budget, actual: 91}\n", "")


# -- held at its own level -------------------------------------------------------------


def test_a_kpi_held_at_its_own_level_is_no_gap(tree: ContentTree) -> None:
    without_officer_budget(tree)
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{DIST_A}:8:11: warning[cascade.gap]: KPI 'budget' of 'dist-a' for 2568 is carried by no unit below",
        f"{OFFICER}:3:3: note[cascade.gap]: the agreement of 'officer-c' for 2568, which does not carry it",
    ]
    tree.replace(
        DIST_A,
        "{kpi: budget, dimension: efficiency, weight: 10, criteria: [90, 92, 94, 96, 98],",
        "{kpi: budget, dimension: efficiency, weight: 10, criteria: [90, 92, 94, 96, 98], "
        "held: {th: เบิกจ่ายโดยฝ่ายบริหารทั่วไปของอำเภอ},",
    )
    assert tree.check() == (0, ["0 errors, 0 warnings"])
    checked = load_and_check(BuildOptions(content=tree.write()))
    assert checked.content is not None
    queries = Queries(checked.content)
    assert not queries.is_gap("dist-a", 2568, "budget")
    assert queries.held("dist-a", 2568, "budget").th == "เบิกจ่ายโดยฝ่ายบริหารทั่วไปของอำเภอ"


def test_a_kpi_held_at_its_own_level_yet_carried_below_is_a_warning(tree: ContentTree) -> None:
    tree.replace(
        DIST_A,
        "{kpi: budget, dimension: efficiency, weight: 10, criteria: [90, 92, 94, 96, 98],",
        "{kpi: budget, dimension: efficiency, weight: 10, criteria: [90, 92, 94, 96, 98], held: ดำเนินการเอง,",
    )
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{DIST_A}:8:92: warning[cascade.held-but-carried]: KPI 'budget' is said to be held at this level, "
        "yet units below carry it: officer-c"
    ]


# -- more than one parent --------------------------------------------------------------

VISITS = "{kpi: visits, category: routine, weight: 20, criteria: [10, 12, 14, 16, 18]}"
VISITS_TWO_PARENTS = (
    "{kpi: visits, category: routine, weight: 20, criteria: [10, 12, 14, 16, 18], "
    "cascade: [{from: rice-yield, kind: contributing}, {from: service-time, kind: contributing}]}"
)


def test_a_kpi_contributing_to_two_parents_is_carried_below_each(tree: ContentTree) -> None:
    tree.replace(OFFICER, VISITS, VISITS_TWO_PARENTS)
    assert tree.check() == (0, ["0 errors, 0 warnings"])
    checked = load_and_check(BuildOptions(content=tree.write()))
    assert checked.content is not None
    queries = Queries(checked.content)
    for parent in ("rice-yield", "service-time"):
        carriers = [(c.unit, c.item.kpi, c.link.parent_kpi) for c in queries.carriers("dist-a", 2568, parent)]
        assert ("officer-c", "visits", parent) in carriers


def test_each_link_to_a_parent_kpi_is_given_once(tree: ContentTree) -> None:
    tree.replace(
        OFFICER,
        VISITS,
        VISITS[:-1] + ", cascade: [{from: rice-yield, kind: contributing}, {from: rice-yield, kind: contributing}]}",
    )
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{OFFICER}:8:139: error[cascade.duplicate-link]: this KPI already derives from 'rice-yield' (line 8); "
        "give each superior KPI once"
    ]


def test_a_link_to_a_kpi_the_superior_does_not_have_is_named(tree: ContentTree) -> None:
    tree.replace(
        OFFICER,
        VISITS,
        VISITS[:-1] + ", cascade: [{from: rice-yield, kind: contributing}, {from: typo, kind: contributing}]}",
    )
    assert diagnostics_of(tree.check()[1], tree.root) == [
        f"{OFFICER}:8:139: error[cascade.parent-kpi-missing]: KPI 'typo' is not in the agreement of superior "
        "'dist-a' for 2568",
        f"{DIST_A}:3:3: note[cascade.parent-kpi-missing]: the agreement of 'dist-a' for 2568",
    ]


def test_split_rollups_stay_per_link(tree: ContentTree) -> None:
    """dist-b's poor-households is split from the province's poor-households (sum) and also
    contributes to the province's service-time: the rollup of poor-households takes it
    (70 + 50 = 120), service-time is not rolled up from it."""
    tree.replace(
        "units/dist-b/agreements/2568.yaml",
        "cascade: {from: poor-households, kind: split, combine: sum}",
        "cascade: [{from: poor-households, kind: split, combine: sum}, {from: service-time, kind: contributing}]",
    )
    tree.replace("units/prov/results/2568/m6.yaml", "  - {kpi: service-time, actual: 27}\n", "")
    checked = load_and_check(BuildOptions(content=tree.write()))
    assert checked.content is not None and not checked.diagnostics.has_errors()
    scores = score_content(checked.content)
    prov = scores.card("prov", 2568, "m6")
    assert prov is not None
    poor, service = prov.row("poor-households"), prov.row("service-time")
    # 120 on 100/150/200: 1 + 20/50 = 1.4000
    assert poor is not None and (poor.actual, poor.computed, poor.score) == (120, True, Decimal("1.4000"))
    assert service is not None and (service.reported, service.actual) == (False, None)
    beside = children_rows(scores, "prov", 2568, "m6", "service-time")
    assert [(c.unit, c.kpi, c.kind) for c in beside] == [
        ("dist-a", "service-time", "contributing"),
        ("dist-b", "poor-households", "contributing"),
    ]
