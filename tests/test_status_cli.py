"""`kpibook status`: who still owes what in a round, by unit or by data collector, as text
or as the JSON the build exports; individuals only where published or asked for.

The example's 9-month round, worked out by hand from content/: 52 KPIs of non-person units
are due in m9 (their templates name m9 among their reporting rounds; PAEO A's
registration time is cancelled from m9 by an amendment, which adds the large-farm GAP
KPI instead); three have no m9 result (the ICT Centre's preventive
maintenance, District B's registration time, PAEO A's strategy group's registry entry)
and two are reported without the M&E group's verification (the strategy group's project
screening, District A's KM level); the deadline is the end of the calendar's step
`report-9`, 10 July 2025.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from contenttree import ContentTree

from builder.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content"

M9_OWED = [
    ("doae-ict", "preventive-maintenance", "missing"),
    ("doae-plan-strategy", "project-screening", "unverified"),
    ("dist-a", "km-success", "unverified"),
    ("dist-b", "registration-time", "missing"),
    ("prov-a-strategy", "registry-entry", "missing"),
]


def status(*args: str, content: Path = EXAMPLE) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["status", "--content", str(content), *args])
    return code, out.getvalue(), err.getvalue()


def as_json(*args: str, content: Path = EXAMPLE) -> Any:
    code, out, err = status(*args, "--format", "json", content=content)
    assert code == 0, err
    return json.loads(out)


def test_the_9_month_round_of_the_example_lists_exactly_what_is_missing() -> None:
    document = as_json("--round", "m9", "--today", "2025-07-14")
    assert [(o["unit"]["id"], o["kpi"]["id"], o["state"]) for o in document["owed"]] == M9_OWED
    assert document["counts"] == {"due": 52, "reported": 49, "verified": 47, "missing": 3, "unverified": 2}
    assert document["deadline"] == {
        "date": "2025-07-10",
        "step": {
            "id": "report-9",
            "name": {
                "th": "หน่วยงานรายงานผลการดำเนินงานรอบ 9 เดือนต่อกองแผนงาน",
                "en": "Units report their 9-month results to the Planning Division",
            },
        },
        "days_left": -4,
        "timing": "overdue",  # passed, with KPIs not reported
    }
    # the collector's contacts come from every KPI template naming them
    collector = document["owed"][4]["collector"]
    assert collector == {
        "name": {"th": "นางสาวสุภาพร ศรีทอง", "en": "Supaporn Srithong"},
        "position": {"th": "หัวหน้ากลุ่มยุทธศาสตร์และสารสนเทศ", "en": "Head, Strategy and Information Group"},
        "phone": None,
        "email": "supaporn.s@doae.example",
    }


def test_the_9_month_round_as_text_in_english() -> None:
    code, out, err = status("--round", "m9", "--today", "2025-07-06", "--lang", "en")
    assert (code, err) == (0, "0 errors, 3 warnings\n")  # the three KPIs missing; the step report-9 is not overdue yet
    assert out.splitlines() == [
        "Still owed: 9 months · FY 2025 (B.E. 2568)",
        "due 10 July 2025 (Units report their 9-month results to the Planning Division) · 4 days left",
        "due 52 · reported 49 · verified 47 · not reported 3 · awaiting verification 2",
        "",
        "Information and Communication Technology Centre [doae-ict]",
        "  - preventive-maintenance: Percentage of core network devices given preventive maintenance on plan "
        "[not reported]",
        "    data collector: Anucha Phromma · Computer Officer, Experienced Level · tel. ต่อ 1420 · "
        "anucha.p@doae.example",
        "",
        "Strategy and Planning Group [doae-plan-strategy]",
        "  - project-screening: Percentage of projects screened for strategic fit before the budget request "
        "[awaiting verification]",
        "    data collector: Thanakorn Meesuk · Policy and Plan Analyst, Professional Level · tel. ต่อ 2305",
        "",
        "District Agricultural Extension Office A [dist-a]",
        "  - km-success: Level of success of knowledge management supporting the strategic issues "
        "[awaiting verification]",
        "    data collector: Wichai Sukcharoen · Agricultural Extension Officer, District Office A · tel. 0 4351 1145",
        "",
        "District Agricultural Extension Office B [dist-b]",
        "  - registration-time: Average time to register a farmer or update a registration [not reported]",
        "    data collector: Orathai Kaewmanee · Agricultural Officer, District Office B · tel. 0 4351 2230 · "
        "orathai.k@doae.example",
        "",
        "Strategy and Information Group, PAEO A [prov-a-strategy]",
        "  - registry-entry: Percentage of registration forms entered in the system within 7 working days "
        "[not reported]",
        "    data collector: Supaporn Srithong · Head, Strategy and Information Group · supaporn.s@doae.example",
    ]


def test_a_round_past_its_deadline_with_every_kpi_reported_is_not_overdue() -> None:
    """The 12-month round of 2568: every KPI reported, some still awaiting verification
    (the superior's work, not the units' lateness)."""
    document = as_json("--round", "m12", "--today", "2025-12-01")
    assert document["counts"]["missing"] == 0 and document["counts"]["unverified"] > 0
    assert (document["deadline"]["days_left"] < 0, document["deadline"]["timing"]) == (True, "past")
    code, out, _ = status("--round", "m12", "--today", "2025-12-01", "--lang", "en")
    assert code == 0 and out.splitlines()[1].endswith("· the deadline was 47 days ago"), "not 'overdue'"
    late = as_json("--round", "m9", "--today", "2025-12-01")
    assert (late["counts"]["missing"] > 0, late["deadline"]["timing"]) == (True, "overdue")


def test_by_data_collector_in_thai() -> None:
    code, out, _ = status("--round", "m9", "--today", "2025-07-10", "--by", "collector", "--lang", "th")
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == ("กำหนดส่ง 10 กรกฎาคม 2568 (หน่วยงานรายงานผลการดำเนินงานรอบ 9 เดือนต่อกองแผนงาน) · ครบกำหนดวันนี้")
    assert lines[4:7] == [
        "นายอนุชา พรหมมา · เจ้าพนักงานเครื่องคอมพิวเตอร์ชำนาญงาน · โทร. ต่อ 1420 · anucha.p@doae.example",
        "  - ศทส. [doae-ict] preventive-maintenance: ร้อยละของอุปกรณ์เครือข่ายหลักที่ได้รับการบำรุงรักษาเชิงป้องกันตามแผน "
        "[ยังไม่รายงาน]",
        "",
    ]


def test_a_subtree_and_the_default_round() -> None:
    document = as_json("--unit", "prov-a", "--today", "2025-07-01")
    assert document["round"]["id"] == "m9"  # the next round due on 1 July 2025
    assert [(o["unit"]["id"], o["kpi"]["id"]) for o in document["owed"]] == [
        ("dist-a", "km-success"),
        ("dist-b", "registration-time"),
        ("prov-a-strategy", "registry-entry"),
    ]
    assert document["deadline"]["days_left"] == 9


def test_the_same_document_as_the_build_exports(example_site: Path) -> None:
    exported = json.loads((example_site / "data/status/2568/m9.json").read_text("utf-8"))  # as of 1 December 2025
    assert exported == as_json("--round", "m9", "--today", "2025-12-01")


# -- individuals ---------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def test_individuals_are_left_out_unless_published_or_asked_for(tree: ContentTree) -> None:
    root = tree.write()
    hidden = as_json("--round", "p1", "--today", "2025-04-20", content=root)
    assert (hidden["people_left_out"], hidden["owed"], hidden["counts"]["due"]) == (True, [], 0)
    tree.replace("units/officer-c/results/2568/p1.yaml", "  - {kpi: service-time, actual: 28}\n", "")
    tree.replace(
        "units/officer-c/results/2568/p1.yaml",
        "{kpi: visits, actual: 13}",
        "{kpi: visits, actual: 13, verified: {actual: 13}}",
    )
    asked = as_json("--round", "p1", "--today", "2025-04-20", "--individuals", content=tree.write())
    assert asked["people_left_out"] is False
    # officer-c reported five of six KPIs, one of them verified
    assert asked["counts"] == {"due": 6, "reported": 5, "verified": 1, "missing": 1, "unverified": 4}
    assert [(o["kpi"]["id"], o["state"]) for o in asked["owed"]] == [
        ("rice-yield", "unverified"),
        ("poor-households", "unverified"),
        ("service-time", "missing"),
        ("km-level", "unverified"),
        ("budget", "unverified"),
    ]
    tree.replace("site.yaml", "limits:", "publish_individual_results: true\nlimits:")
    published = as_json("--round", "p1", "--today", "2025-04-20", content=tree.write())
    assert len(published["owed"]) == 5


# -- what the user named does not exist ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--round", "m7"], "kpibook: error: unknown round 'm7' (rounds of 2568: m6, p1, m9, m12, p2)"),
        (["--year", "2570"], "kpibook: error: fiscal year 2570 is not in site.yaml (years: 2567, 2568)"),
        (["--unit", "doae-itc"], "kpibook: error: unknown unit 'doae-itc'; did you mean doae-ict, doae-hr, doae?"),
    ],
)
def test_unknown_round_year_or_unit_is_a_usage_error(args: list[str], message: str) -> None:
    code, out, err = status(*args, "--lang", "en")
    assert (code, out, err.splitlines()[-1]) == (2, "", message)


def test_content_errors_stop_before_anything_is_listed(tree: ContentTree) -> None:
    tree.replace("units/prov/kpis.yaml", "goal: g-yield", "goal: g-yeild")
    code, out, err = status("--lang", "en", "--today", "2025-12-01", content=tree.write())
    assert (code, out) == (1, "")
    assert "error[ref.unknown]: unknown goal 'g-yeild'" in err
