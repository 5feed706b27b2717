"""The rules of the year's work and the plans above: the process calendar, initiatives and
links to external plans, each shown by content that breaks exactly that rule, with the
complete located transcript of `check` (the clean tree of `tests/contenttree.py` plus a
clean calendar, plans file and initiatives file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ContentTree, diagnostics_of

CALENDAR = "calendar/2568.yaml"
PLANS = "plans.yaml"
INITIATIVES = "units/prov/initiatives/2568.yaml"

CLEAN_CALENDAR = """\
year: 2568
steps:
  - id: sign
    name: {th: ลงนามคำรับรอง}
    date: 2024-10-15
    responsible: {units: [prov]}
    done: {date: 2024-10-15}
  - id: report-6
    name: {th: รายงานผลรอบ 6 เดือน}
    start: 2025-04-01
    end: 2025-04-10
    responsible: {kinds: [district]}
    results_due: m6
    done: {date: 2025-04-10}
  - id: report-12
    name: {th: รายงานผลรอบ 12 เดือน}
    start: 2025-10-01
    end: 2025-10-15
    responsible: {kinds: [district]}
    involved: {units: [prov], people: [{name: {th: คณะทำงาน}}]}
    rounds: [m12]
    results_due: m12
    done: {date: 2025-10-15}
"""

CLEAN_PLANS = """\
levels:
  - {id: strategy, name: {th: ยุทธศาสตร์ชาติ}}
  - {id: master-plan, name: {th: แผนแม่บท}}
plans:
  - id: ns-2
    level: strategy
    name: {th: ด้านการสร้างความสามารถในการแข่งขัน}
    items:
      - {id: mp-03, level: master-plan, code: '03', name: {th: ประเด็นการเกษตร}}
"""

CLEAN_INITIATIVES = """\
year: 2568
initiatives:
  - id: rice-school
    name: {th: โรงเรียนเกษตรกรข้าวหอมมะลิ}
    goals: [g-yield]
    kpis: [rice-yield]
    plans: [mp-03]
    start: 2024-11-01
    end: 2025-08-31
    budget: 640000
    rounds:
      - {round: m6, planned: 200000, disbursed: 185500, progress: 30, status: on-track}
      - {round: m12, planned: 640000, disbursed: 632400, progress: 100, status: completed}
"""


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    tree = ContentTree(tmp_path / "content")
    tree.set(CALENDAR, CLEAN_CALENDAR).set(PLANS, CLEAN_PLANS).set(INITIATIVES, CLEAN_INITIATIVES)
    return tree


def check(tree: ContentTree, *extra: str, today: str = "2025-12-01") -> tuple[int, list[str]]:
    status, lines = tree.check(*extra, today=today)
    return status, diagnostics_of(lines, tree.root)


def test_the_year_files_check_clean(tree: ContentTree) -> None:
    assert tree.check() == (0, ["0 errors, 0 warnings"])


# -- the calendar ------------------------------------------------------------------------


def test_a_step_past_due_and_not_done_is_a_warning(tree: ContentTree) -> None:
    tree.replace(CALENDAR, "    results_due: m12\n    done: {date: 2025-10-15}\n", "    results_due: m12\n")
    assert check(tree) == (
        0,
        [
            "calendar/2568.yaml:15:9: warning[calendar.overdue]: step 'report-12' was due by 15 October 2025 "
            "and is not recorded as done (add `done:` with the `date:` it was done)"
        ],
    )
    # the day it ends it is still under way, not overdue
    assert check(tree, today="2025-10-15") == (0, [])


def test_overdue_steps_are_warned_in_thai(tree: ContentTree) -> None:
    from builder.cli import main

    tree.replace(CALENDAR, "    results_due: m12\n    done: {date: 2025-10-15}\n", "    results_due: m12\n")
    tree.write()
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "--content", str(tree.root), "--lang", "th", "--today", "2025-12-01"])
    assert diagnostics_of(out.getvalue().splitlines(), tree.root) == [
        "calendar/2568.yaml:15:9: warning[calendar.overdue]: ขั้นตอน 'report-12' ถึงกำหนดแล้วเมื่อ 15 ตุลาคม 2568 "
        "แต่ยังไม่ได้บันทึกว่าดำเนินการแล้ว (เพิ่ม `done:` พร้อม `date:` ของวันที่ดำเนินการ)"
    ]


def test_only_the_current_years_calendar_is_a_to_do_list(tree: ContentTree) -> None:
    tree.replace("site.yaml", "fiscal_years: [2568]", "fiscal_years: [2567, 2568]")
    tree.set(
        "calendar/2567.yaml",
        "year: 2567\nsteps:\n  - {id: old, name: {th: งานปีก่อน}, date: 2024-01-10}\n",
    )
    assert check(tree) == (0, [])


def test_a_step_needs_a_day_or_a_range(tree: ContentTree) -> None:
    tree.replace(CALENDAR, "    date: 2024-10-15\n", "    date: 2024-10-15\n    end: 2024-10-20\n")
    tree.replace(CALENDAR, "    start: 2025-04-01\n", "")
    assert check(tree) == (
        1,
        [
            "calendar/2568.yaml:3:9: error[calendar.step-dates]: step 'sign' takes either `date:` (one day) "
            "or `start:` and `end:` (a range)",
            "calendar/2568.yaml:9:9: error[calendar.step-dates]: step 'report-6' takes either `date:` (one day) "
            "or `start:` and `end:` (a range)",
        ],
    )


def test_a_step_ending_before_it_starts(tree: ContentTree) -> None:
    tree.replace(CALENDAR, "    end: 2025-04-10\n", "    end: 2025-03-10\n")
    assert check(tree) == (
        1,
        ["calendar/2568.yaml:11:10: error[dates.reversed]: ends (10 March 2025) before it starts (1 April 2025)"],
    )
    assert check(tree, "--lang", "th") == (  # dates in words, Buddhist Era in Thai
        1,
        ["calendar/2568.yaml:11:10: error[dates.reversed]: วันสิ้นสุด (10 มีนาคม 2568) อยู่ก่อนวันเริ่ม (1 เมษายน 2568)"],
    )


def test_unknown_units_and_rounds_in_the_calendar(tree: ContentTree) -> None:
    tree.replace(CALENDAR, "responsible: {units: [prov]}", "responsible: {units: [porv]}")
    tree.replace(CALENDAR, "    rounds: [m12]\n", "    rounds: [m13]\n")
    tree.replace(CALENDAR, "    results_due: m6\n", "    results_due: m5\n")
    assert check(tree) == (
        1,
        [
            "calendar/2568.yaml:6:26: error[ref.unknown]: unknown unit 'porv'; did you mean 'prov'?",
            "calendar/2568.yaml:13:18: error[ref.unknown]: unknown round 'm5'",
            "calendar/2568.yaml:21:13: error[ref.unknown]: unknown round 'm13'; did you mean 'm12'?",
        ],
    )


def test_a_rounds_deadline_is_given_by_one_step(tree: ContentTree) -> None:
    tree.replace(CALENDAR, "    results_due: m12\n", "    results_due: m6\n")
    assert check(tree) == (
        1,
        [
            "calendar/2568.yaml:22:18: error[calendar.deadline-twice]: the results of round 'm6' are already due "
            "by step 'report-6' (line 8); one step gives a round's deadline"
        ],
    )


def test_a_calendar_of_an_unknown_year_or_misnamed(tree: ContentTree) -> None:
    tree.set("calendar/2570.yaml", "year: 2570\nsteps: []\n")
    tree.set("calendar/2569.yaml", "year: 2568\nsteps: []\n")
    assert check(tree) == (
        1,
        [
            "calendar/2569.yaml:1:7: error[file.name-mismatch]: year 2568 differs from the file name '2569'",
            "calendar/2570.yaml:1:7: error[year.unknown]: fiscal year 2570 is not listed in site.yaml",
        ],
    )


def test_a_calendar_step_with_an_unknown_key_is_a_schema_error(tree: ContentTree) -> None:
    tree.replace(CALENDAR, "    results_due: m6\n", "    result_due: m6\n")
    assert check(tree) == (
        1,
        [
            "calendar/2568.yaml:13:5: error[schema.unknown-field]: unknown field 'result_due'; did you mean 'results_due'?",
        ],
    )


# -- initiatives -------------------------------------------------------------------------


def test_unknown_goals_kpis_targets_and_rounds_of_an_initiative(tree: ContentTree) -> None:
    tree.replace(INITIATIVES, "goals: [g-yield]", "goals: [g-yeild]")
    tree.replace(INITIATIVES, "kpis: [rice-yield]", "kpis: [rice-yeild]")
    tree.replace(INITIATIVES, "plans: [mp-03]", "plans: [mp-3]")
    tree.replace(INITIATIVES, "{round: m12,", "{round: m21,")
    assert check(tree) == (
        1,
        [
            "units/prov/initiatives/2568.yaml:5:12: error[ref.unknown]: unknown goal 'g-yeild'; did you mean 'g-yield'?",
            "units/prov/initiatives/2568.yaml:6:11: error[ref.unknown]: unknown KPI 'rice-yeild'; "
            "did you mean 'rice-yield'?",
            "units/prov/initiatives/2568.yaml:7:12: error[ref.unknown]: unknown plan target 'mp-3'; "
            "did you mean 'mp-03'?",
            "units/prov/initiatives/2568.yaml:13:17: error[ref.unknown]: unknown round 'm21'; did you mean 'm12'?",
        ],
    )


def test_an_initiative_reports_in_the_units_rounds_once_each(tree: ContentTree) -> None:
    tree.replace(INITIATIVES, "{round: m12,", "{round: m6,")
    tree.files[INITIATIVES] += "      - {round: p1, disbursed: 1000}\n"
    assert check(tree) == (
        1,
        [
            "units/prov/initiatives/2568.yaml:13:17: error[initiative.duplicate-round]: round 'm6' is reported "
            "twice for this initiative (first on line 12)",
            "units/prov/initiatives/2568.yaml:14:17: error[initiative.round-not-for-unit]: round 'p1' is not "
            "reported by organisation units",
        ],
    )


def test_disbursing_more_than_the_budget_is_a_warning(tree: ContentTree) -> None:
    tree.replace(INITIATIVES, "disbursed: 632400", "disbursed: 640000.5")
    assert check(tree) == (
        0,
        [
            "units/prov/initiatives/2568.yaml:13:50: warning[initiative.over-budget]: initiative 'rice-school' "
            "has disbursed 640,000.5 baht, more than its budget of 640,000 baht"
        ],
    )


def test_duplicate_initiatives_and_reversed_dates(tree: ContentTree) -> None:
    tree.replace(INITIATIVES, "    end: 2025-08-31\n", "    end: 2024-08-31\n")
    tree.files[INITIATIVES] += "  - {id: rice-school, name: {th: ซ้ำ}}\n"
    assert check(tree) == (
        1,
        [
            "units/prov/initiatives/2568.yaml:9:10: error[dates.reversed]: ends (31 August 2024) before it "
            "starts (1 November 2024)",
            "units/prov/initiatives/2568.yaml:14:10: error[id.duplicate]: duplicate initiative id 'rice-school' "
            "(first on line 3)",
        ],
    )


def test_money_is_never_negative(tree: ContentTree) -> None:
    tree.replace(INITIATIVES, "budget: 640000", "budget: -640000")
    assert check(tree) == (
        1,
        ["units/prov/initiatives/2568.yaml:10:13: error[schema.range]: -640000 is less than the minimum 0"],
    )


# -- plans above -------------------------------------------------------------------------


def test_goals_and_kpis_name_known_targets(tree: ContentTree) -> None:
    tree.replace(
        "units/prov/unit.yaml", "perspective: effectiveness}", "perspective: effectiveness, plans: [ns-2, mp-30]}"
    )
    tree.replace(
        "units/prov/kpis.yaml",
        "kind: numeric, direction: higher, goal: g-yield}",
        "kind: numeric, goal: g-yield, plans: [ns2]}",
    )
    assert check(tree) == (
        1,
        [
            "units/prov/kpis.yaml:3:96: error[ref.unknown]: unknown plan target 'ns2'; did you mean 'ns-2'?",
            "units/prov/unit.yaml:7:89: error[ref.unknown]: unknown plan target 'mp-30'; did you mean 'mp-03'?",
        ],
    )


def test_plan_levels_and_ids(tree: ContentTree) -> None:
    tree.replace(PLANS, "level: master-plan, code", "level: masterplan, code")
    tree.files[PLANS] += "  - {id: mp-03, level: strategy, name: {th: ซ้ำ}}\n"
    assert check(tree) == (
        1,
        [
            "plans.yaml:9:28: error[ref.unknown]: unknown plan level 'masterplan'; did you mean 'master-plan'?",
            "plans.yaml:10:10: error[id.duplicate]: duplicate plan target id 'mp-03' (first on line 9)",
        ],
    )


def test_links_to_plans_without_a_plans_file(tree: ContentTree) -> None:
    tree.remove(PLANS)
    assert check(tree) == (
        1,
        ["units/prov/initiatives/2568.yaml:7:12: error[ref.unknown]: unknown plan target 'mp-03'"],
    )
