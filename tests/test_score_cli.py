"""`python build.py score UNIT`: the scorecard as a terminal table whose totals can be
recomputed by hand, Thai by default with columns that line up despite Thai vowel and
tone marks, and plain errors (exit 2 for what does not exist, 1 for content errors)."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from contenttree import ContentTree

from builder.cli import main
from builder.scorecard_table import wrap
from builder.thaitext import display_width, grapheme_clusters

M6_WITH_VERIFIED = """\
year: 2568
round: m6
results:
  - kpi: service-time
    actual: 25
    verified: {actual: 26, reason: {th: ตรวจสอบจากระบบคิว, en: Checked against the queue system}}
  - {kpi: km-level, level: 2}
  - {kpi: budget, actual: 93}
"""


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content").set("units/prov/results/2568/m6.yaml", M6_WITH_VERIFIED)


def score(tree: ContentTree, *args: str) -> tuple[int, str, str]:
    root = tree.write()
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(["score", "--content", str(root), *args])
    return status, out.getvalue(), err.getvalue()


def test_the_scorecard_table_in_english(tree: ContentTree) -> None:
    status, out, err = score(tree, "prov", "--round", "m6", "--lang", "en")
    assert (status, err) == (0, "")
    # rice-yield: not reported by the province, computed from its districts (433 and 410,
    # weighted mean by base 1000 each = 421.5 -> 4.8000); service-time: the committee
    # verified 26 minutes (3.0000) against the reported 25 (3.5000); poor-households: the
    # districts' 70 + 50 = 120 on 100/150/200/250/300 -> 1.4000; budget 93 on 90/92/94 -> 2.5000
    assert (
        out
        == """\
Scorecard: จังหวัดตัวอย่าง [prov]
FY 2025 (B.E. 2568) · 6 months · five-level criteria

KPI                               Weight   Actual  Self score  Verified  Weighted
─────────────────────────────────────────────────────────────────────────────────
Effectiveness
1. ผลผลิตข้าวหอมมะลิต่อไร่                 30   421.5*      4.8000         –    1.4400
2. จำนวนครัวเรือนยากจนที่พ้นเกณฑ์           20     120*      1.4000         –    0.2800
Subtotal Effectiveness                50                                   1.7200
Quality
3. ระยะเวลาเฉลี่ยในการให้บริการ           20  25 → 26      3.5000    3.0000    0.6000
Subtotal Quality                      20                                   0.6000
Efficiency
4. ร้อยละการเบิกจ่ายงบประมาณ             10       93      2.5000         –    0.2500
Subtotal Efficiency                   10                                   0.2500
Development
5. ระดับความสำเร็จของการจัดการความรู้      20  level 2      2.0000         –    0.4000
Subtotal Development                  20                                   0.4000
─────────────────────────────────────────────────────────────────────────────────
Total                                100                                   2.9700

On a 100-point base (total × 20): 59.4000
Rating: Good
* computed from the results of the units below
weighted = score that counts (verified where given) × weight ÷ 100
Reasons for verified scores:
  3. Checked against the queue system
"""
    )


def test_thai_is_the_default_and_the_columns_line_up(tree: ContentTree) -> None:
    status, out, _ = score(tree, "prov", "--round", "m6")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "บัตรคะแนน: จังหวัดตัวอย่าง [prov]"
    assert lines[1] == "ปีงบประมาณ พ.ศ. 2568 · รอบ 6 เดือน · เกณฑ์ 5 ระดับ"
    assert "ระดับผลการประเมิน: ดี" in lines
    assert "คะแนนฐาน 100 (รวม × 20): 59.4000" in lines
    # every row that ends in a weighted score ends in the same terminal column
    table = [ln for ln in lines if re.search(r"  (\d+\.\d{4}|–)$", ln)]
    assert len(table) == 10  # five KPIs, four subtotals and the total
    header = lines[3]
    assert header.startswith("ตัวชี้วัด") and header.endswith("คะแนนถ่วงน้ำหนัก")
    assert {display_width(ln) for ln in table} == {display_width(header)}


def test_the_default_round_is_the_year_to_date(tree: ContentTree) -> None:
    status, out, _ = score(tree, "prov", "--lang", "en")
    assert status == 0
    assert out.splitlines()[1:3] == [
        "FY 2025 (B.E. 2568) · 12 months · five-level criteria",
        "(year to date: the latest round with results)",
    ]


def test_a_persons_round_with_hand_checkable_totals(tree: ContentTree) -> None:
    status, out, _ = score(tree, "officer-c", "--lang", "en")
    assert status == 0
    # visits 13 on 10/12/14/16/18 -> 2.5000 × 20 ÷ 100 = 0.5000; with the strategic work
    # (0.7800 + 0.2667 + 0.2000 + 0.2000 + 0.1500 = 1.5967) the total is 2.0967
    assert "6. จำนวนครั้งที่ออกเยี่ยมเกษตรกร                20       13      2.5000         –    0.5000" in out
    assert "Total                                    100                                   2.0967" in out
    assert "On a 100-point base (total × 20): 41.9340" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prv"], "kpibook: error: unknown unit 'prv'; did you mean prov?"),
        (["prov", "--round", "m7"], "kpibook: error: unknown round 'm7' (rounds of 'prov': m6, m12)"),
        (
            ["prov", "--round", "p1"],
            "kpibook: error: 'prov' does not report in round 'p1': organisation units report in m6, m12",
        ),
        (["prov", "--year", "2560"], "kpibook: error: fiscal year 2560 is not in site.yaml (years: 2568)"),
    ],
)
def test_what_does_not_exist_is_a_usage_error(tree: ContentTree, args: list[str], message: str) -> None:
    status, out, err = score(tree, *args, "--lang", "en")
    assert (status, out, err.strip()) == (2, "", message)


def test_usage_errors_speak_the_sites_language(tree: ContentTree) -> None:
    status, out, err = score(tree, "prv")
    assert (status, out, err.strip()) == (2, "", "kpibook: ข้อผิดพลาด: ไม่พบหน่วยงาน 'prv' หรือหมายถึง prov")


def test_a_unit_without_an_agreement_that_year_is_a_usage_error(tree: ContentTree) -> None:
    tree.replace("site.yaml", "fiscal_years: [2568]", "fiscal_years: [2567, 2568]")
    status, _, err = score(tree, "prov", "--year", "2567", "--lang", "en")
    assert (status, err.strip()) == (2, "kpibook: error: 'prov' has no agreement for 2567")


def test_content_errors_are_printed_without_a_traceback(tree: ContentTree) -> None:
    tree.set("units/prov/results/2568/m6.yaml", "year: 2568\nround: m6\nresults:\n  - {kpi: km-level, level: 9}\n")
    status, out, err = score(tree, "prov", "--lang", "en")
    assert (status, out) == (1, "")
    assert "units/prov/results/2568/m6.yaml:4:28: error[results.level-range]: milestone level 9 is outside 0–5" in err
    assert "Traceback" not in err


# -- Thai text in terminal columns -------------------------------------------------------


def test_thai_vowel_and_tone_marks_take_no_column() -> None:
    assert display_width("ผลผลิตข้าวหอมมะลิต่อไร่") == 18  # 23 code points, 5 of them marks
    assert display_width("น้ำ") == 2  # น + ้ (a mark) + ำ (a spacing vowel)
    assert display_width("ที่") == 1
    assert display_width("KPI") == 3
    assert display_width("表") == 2


def test_wrapping_thai_never_separates_a_mark_from_its_letter() -> None:
    text = "ระดับความสำเร็จของการจัดการความรู้"
    lines = wrap(text, 7)
    assert "".join(lines) == text
    assert all(display_width(line) <= 7 for line in lines)
    assert all(display_width(line[0]) == 1 for line in lines)  # no line starts with a mark
    assert grapheme_clusters("ที่") == ["ที่"]


def test_a_thai_name_wraps_between_words_where_it_can() -> None:
    lines = wrap("ร้อยละของครัวเรือนเกษตรกรที่ได้รับการพัฒนาตามแผน", 20, indent=3)
    assert all(display_width(line) <= 20 for line in lines)
    assert all(line.startswith("   ") for line in lines[1:])
    assert lines[0].endswith(("ครัวเรือน", "ของ", "ร้อยละ", "เกษตรกร"))  # a dictionary word break


def test_wrapping_prefers_spaces() -> None:
    assert wrap("Subtotal Effectiveness work", 14) == ["Subtotal", "Effectiveness", "work"]
