"""`kpibook sheet out`: the results form a data collector fills.

One sheet per unit (or per data collector), one row per KPI due in the round, the
criteria and last values to read, the cells to fill validated and the rest locked; Thai
headers in the office's font, Buddhist Era dates; no text from content that a
spreadsheet program would run as a formula; the same bytes every time.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from contenttree import ContentTree
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sheetforms import cell, columns, export, rows, run

DIST_A = "อำเภอ ก"
HEADERS_TH = [
    "รหัสหน่วยงาน",
    "ปีงบประมาณ",
    "รหัสรอบ",
    "รหัสตัวชี้วัด",
    "ตัวชี้วัด",
    "หน่วยนับ",
    "ทิศทาง",
    "เกณฑ์ระดับ 1",
    "เกณฑ์ระดับ 2",
    "เกณฑ์ระดับ 3",
    "เกณฑ์ระดับ 4",
    "เกณฑ์ระดับ 5",
    "ผลรอบก่อน",
    "ผลรอบเดียวกันปีก่อน",
    "ผลการดำเนินงาน",
    "ระดับที่ทำได้ครบ (0–5)",
    "ความก้าวหน้าของระดับถัดไป (0–1)",
    "คำอธิบายผลการดำเนินงาน",
    "ไฟล์หลักฐาน (บรรทัดละหนึ่งไฟล์)",
    "วันที่รายงาน",
]

DIST_A_SIX_MONTHS = "year: 2568\nround: m6\nresults:\n  - {kpi: rice-yield, actual: 433}\n"  # one KPI reported


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentTree:
    monkeypatch.chdir(tmp_path)
    return ContentTree(tmp_path / "content").set("units/dist-a/results/2568/m6.yaml", DIST_A_SIX_MONTHS)


def sheet(path: Path, name: str) -> Worksheet:
    return load_workbook(path)[name]


def test_one_sheet_per_unit_reporting_in_the_round_one_row_per_kpi(tree: ContentTree, tmp_path: Path) -> None:
    form = export(tree.write(), tmp_path / "results.xlsx")
    workbook = load_workbook(form)
    # the province and its two districts report at 6 months; the officer (a person) does not
    assert workbook.sheetnames == ["จังหวัดตัวอย่าง", "อำเภอ ก", "อำเภอ ข"]
    ws = workbook[DIST_A]
    assert ws["A1"].value == "แบบรายงานผลการดำเนินงานตามตัวชี้วัด รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2568"
    assert ws["A2"].value == "หน่วยงาน: อำเภอ ก"
    assert ws["A3"].value == "ผลการดำเนินงานสะสมตั้งแต่วันที่ 1 ตุลาคม 2567 ถึงวันที่ 31 มีนาคม 2568"
    assert [c.value for c in ws[6]] == HEADERS_TH
    assert [(r["kpi"], r["level_1"], r["level_5"], r["actual"], r["level"]) for r in rows(ws)] == [
        ("rice-yield", 429, 439, 433, None),
        ("poor-households", 60, 180, None, None),
        ("service-time", 30, 22, None, None),
        ("budget", 90, 98, None, None),
        ("km-level", "มีแผน", "เชื่อมโยงสิ่งจูงใจ", None, None),
    ]
    assert cell(ws, "service-time", "direction").value == "ยิ่งน้อยยิ่งดี"
    assert cell(ws, "km-level", "direction").value is None  # milestones have no direction


def test_only_kpis_due_in_the_round_with_last_rounds_and_last_years_values(tree: ContentTree, tmp_path: Path) -> None:
    tree.replace(
        "units/dist-a/kpis.yaml",
        "kind: numeric, direction: lower}",
        "kind: numeric, direction: lower, reporting: [m12]}",
    )
    tree.replace("site.yaml", "fiscal_years: [2568]", "fiscal_years: [2567, 2568]")
    for unit in ("prov", "dist-a", "dist-b"):
        tree.set(
            f"units/{unit}/agreements/2567.yaml",
            tree.files[f"units/{unit}/agreements/2568.yaml"].replace("2568", "2567"),
        )
    tree.set(
        "units/dist-a/results/2567/m12.yaml", "year: 2567\nround: m12\nresults:\n  - {kpi: rice-yield, actual: 428}\n"
    )
    root = tree.write()
    six = sheet(export(root, tmp_path / "m6.xlsx"), DIST_A)
    assert [r["kpi"] for r in rows(six)] == ["rice-yield", "poor-households", "budget", "km-level"]
    twelve = sheet(export(root, tmp_path / "m12.xlsx", round_id="m12"), DIST_A)
    assert [r["kpi"] for r in rows(twelve)] == ["rice-yield", "poor-households", "service-time", "budget", "km-level"]
    rice = next(r for r in rows(twelve) if r["kpi"] == "rice-yield")
    assert (rice["previous"], rice["last_year"], rice["actual"]) == (433, 428, 436)


def test_cells_to_fill_are_validated_and_unlocked_the_rest_locked(tree: ContentTree, tmp_path: Path) -> None:
    ws = sheet(export(tree.write(), tmp_path / "results.xlsx"), DIST_A)
    assert ws.protection.sheet
    _header, where = columns(ws)
    for kpi, open_cells in (("rice-yield", {"actual"}), ("km-level", {"level", "partial"})):
        for key in where:
            fill = key in open_cells or key in ("narrative", "evidence", "reported_on")
            assert cell(ws, kpi, key).protection.locked is not fill, (kpi, key)
    rules = {(dv.type, dv.formula1, dv.formula2): str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert rules[("whole", "0", "5")] == "P7:P11"  # levels
    assert rules[("decimal", "0", "1")] == "Q7:Q11"  # progress to the next level
    assert rules[("decimal", "-1000000000000000", "1000000000000000")] == "O7:O11"  # actual values
    assert rules[("date", "1", "109574")] == "T7:T11"
    assert ws.freeze_panes == "F7"


def test_thai_font_from_site_settings_and_buddhist_era_dates(tree: ContentTree, tmp_path: Path) -> None:
    tree.replace("site.yaml", "limits:", "spreadsheets: {font: TH SarabunPSK, font_size: 16}\nlimits:")
    tree.replace("units/dist-a/results/2568/m6.yaml", "round: m6\n", "round: m6\nreported_on: 2025-04-10\n")
    ws = sheet(export(tree.write(), tmp_path / "results.xlsx"), DIST_A)
    rice = cell(ws, "rice-yield", "reported_on")
    assert (rice.font.name, rice.font.sz) == ("TH SarabunPSK", 16)
    assert rice.value.date().isoformat() == "2025-04-10"
    assert rice.number_format == "[$-107041E]d mmm yyyy"  # 10 เม.ย. 2568 in Excel and LibreOffice
    english = sheet(export(tree.root, tmp_path / "en.xlsx", "--lang", "en"), DIST_A)
    assert english["A1"].value == "KPI results form: 6 months, FY 2025 (B.E. 2568)"
    assert cell(english, "rice-yield", "reported_on").number_format == "d mmm yyyy"


def test_content_never_becomes_a_formula(tree: ContentTree, tmp_path: Path) -> None:
    tree.replace(
        "units/dist-a/kpis.yaml", "{th: ผลผลิตข้าวหอมมะลิต่อไร่ของอำเภอ ก}", '\'=HYPERLINK("http://x.example","คลิก")\''
    )
    tree.set(
        "units/dist-a/results/2568/m6.yaml",
        "year: 2568\nround: m6\nresults:\n  - {kpi: rice-yield, actual: 433, narrative: '@SUM(1+1)*cmd|'' /C calc''!A0'}\n",
    )
    root = tree.write()
    ws = sheet(export(root, tmp_path / "results.xlsx"), DIST_A)
    name, narrative = cell(ws, "rice-yield", "kpi_name"), cell(ws, "rice-yield", "narrative")
    assert (name.data_type, name.value) == ("s", '=HYPERLINK("http://x.example","คลิก")')
    assert (narrative.data_type, narrative.value) == ("s", "@SUM(1+1)*cmd|' /C calc'!A0")
    assert name.quotePrefix and narrative.quotePrefix  # editing the cell keeps it text
    csv_file = export(root, tmp_path / "results.csv")
    table = list(csv.reader(io.StringIO(csv_file.read_text("utf-8-sig"))))
    row = next(r for r in table if r[0] == "dist-a" and r[4] == "rice-yield")
    assert row[5] == '\'=HYPERLINK("http://x.example","คลิก")'
    assert row[18] == "'@SUM(1+1)*cmd|' /C calc'!A0"


def test_one_sheet_per_data_collector(tree: ContentTree, tmp_path: Path) -> None:
    collector = ", people: {collector: {name: {th: นางสาวสมใจ ใจดี}}}}"
    for unit in ("dist-a", "dist-b"):
        tree.replace(
            f"units/{unit}/kpis.yaml", "kind: numeric, direction: lower}", "kind: numeric, direction: lower" + collector
        )
    ws = load_workbook(export(tree.write(), tmp_path / "results.xlsx", "--by", "collector"))
    assert ws.sheetnames == ["นางสาวสมใจ ใจดี", "ไม่ระบุผู้จัดเก็บข้อมูล"]
    somjai = ws["นางสาวสมใจ ใจดี"]
    assert somjai["A2"].value == "ผู้จัดเก็บข้อมูล: นางสาวสมใจ ใจดี"
    assert [(r["unit"], r["unit_name"], r["kpi"]) for r in rows(somjai)] == [
        ("dist-a", "อำเภอ ก", "service-time"),
        ("dist-b", "อำเภอ ข", "service-time"),
    ]
    assert len(list(rows(ws["ไม่ระบุผู้จัดเก็บข้อมูล"]))) == 13


def test_the_same_bytes_every_time(tree: ContentTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree.write()
    first = export(root, tmp_path / "one.xlsx").read_bytes()
    assert export(root, tmp_path / "two.xlsx").read_bytes() == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    dated = export(root, tmp_path / "three.xlsx").read_bytes()
    assert dated != first and export(root, tmp_path / "four.xlsx").read_bytes() == dated
    assert load_workbook(tmp_path / "four.xlsx").properties.modified.isoformat() == "2025-01-01T00:00:00"


def test_usage_errors(tree: ContentTree, tmp_path: Path) -> None:
    root = str(tree.write())
    assert run("sheet", "out", "--content", root, "--round", "m7", "-o", "r.xlsx", "--lang", "en") == (
        2,
        "kpibook: error: unknown round 'm7' (rounds: m6, p1, m12)\n",
    )
    assert run(
        "sheet", "out", "--content", root, "--round", "m6", "--year", "2570", "-o", "r.xlsx", "--lang", "en"
    ) == (
        2,
        "kpibook: error: fiscal year 2570 is not in site.yaml (years: 2568)\n",
    )
    assert run(
        "sheet", "out", "--content", root, "--round", "m6", "--unit", "dist-z", "-o", "r.xlsx", "--lang", "en"
    ) == (
        2,
        "kpibook: error: unknown unit 'dist-z'\n",
    )
    assert run(
        "sheet", "out", "--content", root, "--round", "p1", "--unit", "dist-b", "-o", "r.xlsx", "--lang", "en"
    ) == (
        2,
        "kpibook: error: no unit has KPIs to report in round 'p1' of 2568\n",
    )
    assert not (tmp_path / "r.xlsx").exists()
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    for name in ("r.xlsx", "r.csv"):
        assert run("sheet", "out", "--content", root, "--round", "m6", "-o", f"notes.txt/{name}", "--lang", "en") == (
            2,
            f"kpibook: error: cannot write notes.txt/{name}: File exists\n",
        )
