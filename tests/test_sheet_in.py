"""`kpibook sheet in`: a filled results form becomes results files, all or nothing.

Each bad input gives its located error (`results.xlsx!อำเภอ ก!O7: error[...]`), exit 1,
and leaves the content tree byte for byte as it was; each awkward but readable input
(numbers as text, Thai digits, percent cells, serial dates, empty rows, extra sheets) is
read the one way it can be read.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import stat
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from contenttree import ContentTree
from openpyxl import load_workbook
from sheetforms import cell, export, filled, import_, run, snapshot

from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.scoring.scorecard import score_content
from builder.sheets import importer
from builder.sheets import workbook as workbook_reader

DIST_A = "อำเภอ ก"
EXAMPLE = Path(__file__).resolve().parent.parent / "content"
NOTHING = "nothing written; the content is unchanged"
COMMENTED_M6 = """\
# District A, first half: figures from the district office
year: 2568
round: m6
results:
  - {kpi: rice-yield, actual: 433}   # crop cutting, 12 plots
"""


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentTree:
    monkeypatch.chdir(tmp_path)
    tree = ContentTree(tmp_path / "content")
    tree.set("units/dist-a/results/2568/m6.yaml", COMMENTED_M6)
    tree.write()
    return tree


@pytest.fixture
def form(tree: ContentTree, tmp_path: Path) -> Path:
    return export(tree.root, tmp_path / "results.xlsx")


def refused(tree: ContentTree, source: Path) -> list[str]:
    """Import `source`, expecting a refusal that leaves every file as it was: the
    diagnostics about the workbook (without the whole check's warnings about content the
    form did not touch, and without the summary and the last line)."""
    before = snapshot(tree.root)
    status, lines = import_(tree.root, source)
    assert status == 1, lines
    assert lines[-1] == NOTHING
    assert snapshot(tree.root) == before
    return [line for line in lines[:-2] if not CONTENT_WARNING.match(line)]


SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?$")
CONTENT_WARNING = re.compile(r"^content/\S+: warning\[")


def accepted(tree: ContentTree, source: Path) -> list[str]:
    """Import `source`, expecting success: the lines about the workbook and the files
    written (the whole check's warnings about content the form did not touch, such as
    KPIs other units have not reported yet, and the summary are left out)."""
    status, lines = import_(tree.root, source)
    assert status == 0, lines
    return [line for line in lines if not SUMMARY.match(line) and not CONTENT_WARNING.match(line)]


def results_text(tree: ContentTree, unit: str = "dist-a", round_id: str = "m6") -> str:
    return (tree.root / f"units/{unit}/results/2568/{round_id}.yaml").read_text("utf-8")


def scorecard(tree: ContentTree, unit: str = "dist-a", round_id: str = "m6"):  # type: ignore[no-untyped-def]
    checked = load_and_check(BuildOptions(content=tree.root))
    assert checked.content is not None and not checked.diagnostics.has_errors()
    card = score_content(checked.content).card(unit, 2568, round_id)
    assert card is not None
    return card


# -- what a collector fills ------------------------------------------------------------------


def test_filled_values_update_only_their_lines_and_score(tree: ContentTree, form: Path) -> None:
    filled(
        form,
        DIST_A,
        {
            ("rice-yield", "actual"): 435.25,
            ("poor-households", "actual"): 135,
            ("poor-households", "narrative"): "ครัวเรือนเป้าหมายพ้นเกณฑ์ 135 ครัวเรือน",
            ("service-time", "actual"): 25,
            ("budget", "actual"): 95,
            ("km-level", "level"): 4,
            ("km-level", "evidence"): "units/dist-a/evidence/minutes.md",
            ("km-level", "reported_on"): dt.date(2025, 4, 10),
        },
    )
    lines = accepted(tree, form)
    assert lines == ["content/units/dist-a/results/2568/m6.yaml: 5 results updated"]
    assert results_text(tree) == (
        "# District A, first half: figures from the district office\n"
        "year: 2568\n"
        "round: m6\n"
        "reported_on: 2025-04-10\n"
        "results:\n"
        "  - {kpi: rice-yield, actual: 435.25} # crop cutting, 12 plots\n"
        "  - {kpi: poor-households, actual: 135, narrative: ครัวเรือนเป้าหมายพ้นเกณฑ์ 135 ครัวเรือน}\n"
        "  - {kpi: service-time, actual: 25}\n"
        "  - {kpi: budget, actual: 95}\n"
        "  - {kpi: km-level, level: 4, evidence: [units/dist-a/evidence/minutes.md]}\n"
    )
    card = scorecard(tree)
    assert [(r.kpi, r.score) for r in card.rows] == [
        ("rice-yield", Decimal("3.5000")),
        ("poor-households", Decimal("3.5000")),
        ("service-time", Decimal("3.5000")),
        ("budget", Decimal("3.5000")),
        ("km-level", Decimal("4.0000")),
    ]
    assert card.total == Decimal("3.6000")


def test_export_then_import_without_edits_changes_no_file(tree: ContentTree, form: Path) -> None:
    before = snapshot(tree.root)
    assert accepted(tree, form) == ["the workbook changes no results file"]
    assert snapshot(tree.root) == before


def test_csv_round_trip_changes_no_file_and_reads_a_filled_value(tree: ContentTree, tmp_path: Path) -> None:
    csv_file = export(tree.root, tmp_path / "results.csv")
    raw = csv_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark: Excel shows the Thai
    before = snapshot(tree.root)
    assert accepted(tree, csv_file) == ["the workbook changes no results file"]
    assert snapshot(tree.root) == before
    lines = raw.decode("utf-8-sig").split("\r\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("dist-b,") and ",budget," in line)
    fields = lines[row].split(",")
    fields[15] = "๙๔"  # Thai digits in the actual column
    lines[row] = ",".join(fields)
    csv_file.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    assert accepted(tree, csv_file)[0] == "content/units/dist-b/results/2568/m6.yaml: 1 result updated"
    assert "  - {kpi: budget, actual: 94}\n" in results_text(tree, "dist-b")


def test_a_csv_file_is_located_by_cell_too(tree: ContentTree, tmp_path: Path) -> None:
    csv_file = export(tree.root, tmp_path / "results.csv")
    lines = csv_file.read_bytes().decode("utf-8-sig").split("\r\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("dist-b,") and ",budget," in line)
    fields = lines[row].split(",")
    fields[15], fields[20] = "เก้าสิบ", "31/2/2568"
    lines[row] = ",".join(fields)
    csv_file.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    assert refused(tree, csv_file) == [
        f"results.csv!P{row + 1}: error[sheet.not-a-number]: 'เก้าสิบ' is not a number",
        f"results.csv!U{row + 1}: error[sheet.not-a-date]: '31/2/2568' is not a date (e.g. 10/4/2568 or 2025-04-10)",
    ]


def test_awkward_numbers_are_read_as_they_show(tree: ContentTree, form: Path) -> None:
    workbook = load_workbook(form)
    ws = workbook[DIST_A]
    cell(ws, "rice-yield", "actual").value = "'434"  # a number stored as text
    cell(ws, "poor-households", "actual").value = "1,234"  # thousands separator
    cell(ws, "service-time", "actual").value = "๒๕.๕"  # Thai digits
    budget = cell(ws, "budget", "actual")
    budget.value, budget.number_format = 0.953, "0.0%"  # shows 95.3%
    cell(ws, "km-level", "level").value = "๓"
    cell(ws, "km-level", "partial").value = "50%"
    cell(ws, "km-level", "reported_on").value = 45757  # a date as its serial number: 10 April 2025
    workbook.save(form)
    accepted(tree, form)
    text = results_text(tree)
    assert "reported_on: 2025-04-10\n" in text
    for line in (
        "{kpi: rice-yield, actual: 434}",
        "{kpi: poor-households, actual: 1234}",
        "{kpi: service-time, actual: 25.5}",
        "{kpi: budget, actual: 95.3}",
        "{kpi: km-level, level: 3, partial: 0.5}",
    ):
        assert line in text


def test_an_empty_row_in_the_middle_and_an_extra_sheet_do_not_stop_the_import(tree: ContentTree, form: Path) -> None:
    workbook = load_workbook(form)
    ws = workbook[DIST_A]
    ws.protection.sheet = False
    row = cell(ws, "service-time", "actual").row
    ws.insert_rows(row)  # an empty row between poor-households and service-time
    cell(ws, "service-time", "actual").value = 25
    ws.title = "ส่งแล้ว"  # renamed: rows are found by their unit, not by the sheet name
    notes = workbook.create_sheet("บันทึก")
    notes["A1"] = "โทรตามผลแล้ว 2 ครั้ง"
    workbook.save(form)
    assert accepted(tree, form) == [
        "results.xlsx!บันทึก!A1: warning[sheet.not-a-results-sheet]: sheet 'บันทึก' has no header row of a results form; it is passed over",
        "content/units/dist-a/results/2568/m6.yaml: 1 result updated",
    ]
    assert "{kpi: service-time, actual: 25}" in results_text(tree)


def test_formula_results_count_and_a_formula_never_calculated_is_refused(tree: ContentTree, form: Path) -> None:
    workbook = load_workbook(form)
    cell(workbook[DIST_A], "budget", "actual").value = "=SUM(40,54)"  # openpyxl saves no result with it
    workbook.save(form)
    assert refused(tree, form) == [
        "results.xlsx!อำเภอ ก!O10: error[sheet.formula-without-value]: the formula =SUM(40,54) was saved without "
        "its result; open and save the file in Excel or LibreOffice, or type the value",
    ]


# -- what is refused, at its cell -------------------------------------------------------------


def test_a_text_that_is_not_a_number(tree: ContentTree, form: Path) -> None:
    filled(form, DIST_A, {("rice-yield", "actual"): "ประมาณ 430", ("poor-households", "actual"): "1,23,4"})
    assert refused(tree, form) == [
        "results.xlsx!อำเภอ ก!O7: error[sheet.not-a-number]: 'ประมาณ 430' is not a number",
        "results.xlsx!อำเภอ ก!O8: error[sheet.not-a-number]: '1,23,4' is not a number",
    ]


def test_levels_fractions_and_dates_out_of_their_range(tree: ContentTree, form: Path) -> None:
    filled(
        form,
        DIST_A,
        {
            ("km-level", "level"): 7,
            ("km-level", "partial"): 1.5,
            ("km-level", "reported_on"): "31/02/2568",
            ("budget", "reported_on"): -3,
        },
    )
    assert refused(tree, form) == [
        "results.xlsx!อำเภอ ก!T10: error[sheet.not-a-date]: '-3' is not a date (e.g. 10/4/2568 or 2025-04-10)",
        "results.xlsx!อำเภอ ก!P11: error[sheet.not-a-level]: '7' is not a level: give a whole number from 0 to 5",
        "results.xlsx!อำเภอ ก!Q11: error[sheet.not-a-fraction]: '1.5' is not a fraction from 0 to 1 (or 0% to 100%)",
        "results.xlsx!อำเภอ ก!T11: error[sheet.not-a-date]: '31/02/2568' is not a date (e.g. 10/4/2568 or 2025-04-10)",
    ]


def test_merged_cells_over_two_kpis(tree: ContentTree, form: Path) -> None:
    workbook = load_workbook(form)
    ws = workbook[DIST_A]
    ws.protection.sheet = False
    cell(ws, "rice-yield", "narrative").value = "ทั้งสองตัวชี้วัดเป็นไปตามแผน"
    ws.merge_cells("R7:R8")
    workbook.save(form)
    assert refused(tree, form) == [
        "results.xlsx!อำเภอ ก!R7: error[sheet.merged-cells]: cells R7:R8 are merged, so which KPI they belong to "
        "cannot be told; unmerge them",
    ]


def test_rows_for_unknown_units_kpis_rounds_and_rows_given_twice_with_the_closest_known_id(
    tree: ContentTree, form: Path
) -> None:
    workbook = load_workbook(form)
    ws = workbook[DIST_A]
    ws.protection.sheet = False
    ws.append(["dist-a", 2568, "m6", "budgets", None, None, None, None, None, None, None, None, None, None, 80])
    ws.append(["dist-aa", 2568, "m6", "budget", None, None, None, None, None, None, None, None, None, None, 80])
    ws.append(["dist-a", 2568, "m6", "budget", None, None, None, None, None, None, None, None, None, None, 93])
    ws.append(["dist-a", 2568, "m6x", "budget", None, None, None, None, None, None, None, None, None, None, 93])
    ws.append([None, None, None, None, None, None, None, None, None, None, None, None, None, None, 93])
    workbook.save(form)
    assert refused(tree, form) == [
        "results.xlsx!อำเภอ ก!D12: error[sheet.unknown-kpi]: KPI 'budgets' is not in the agreement of 'dist-a' for 2568; "
        "did you mean 'budget'?",
        "results.xlsx!อำเภอ ก!A13: error[sheet.unknown-unit]: unknown unit 'dist-aa'; did you mean 'dist-a'?",
        "results.xlsx!อำเภอ ก!D14: error[sheet.duplicate-row]: KPI 'budget' of 'dist-a' is given again (first at results.xlsx!อำเภอ ก!D10)",
        "results.xlsx!อำเภอ ก!C15: error[sheet.unknown-round]: 'dist-a' does not report in a round 'm6x'; did you mean 'm6'?",
        "results.xlsx!อำเภอ ก!A16: error[sheet.missing-id]: the row has values but no Unit ID",
    ]


def test_evidence_names_never_leave_the_content_folder(tree: ContentTree, form: Path) -> None:
    filled(
        form,
        DIST_A,
        {
            ("rice-yield", "evidence"): "../../etc/passwd",
            ("budget", "evidence"): "/etc/hosts\nunits/dist-a/evidence/missing.pdf",
        },
    )
    assert refused(tree, form) == [
        "results.xlsx!อำเภอ ก!S7: error[evidence.outside]: evidence path '../../etc/passwd' is absolute or climbs "
        "with '..'; write it from the content folder (units/<unit>/evidence/...)",
        "results.xlsx!อำเภอ ก!D10: error[results.missing-value]: result for 'budget' gives neither an actual nor a level",
        "results.xlsx!อำเภอ ก!S10: error[evidence.missing]: evidence file 'units/dist-a/evidence/missing.pdf' does not exist",
        "results.xlsx!อำเภอ ก!S10: error[evidence.outside]: evidence path '/etc/hosts' is absolute or climbs with "
        "'..'; write it from the content folder (units/<unit>/evidence/...)",
    ]


def test_what_check_finds_in_the_new_values_is_shown_at_their_cells(tree: ContentTree, form: Path) -> None:
    filled(form, DIST_A, {("km-level", "actual"): 4, ("budget", "actual"): 250})
    workbook = load_workbook(form)
    # a milestone KPI's actual cell is locked and grey; a CSV or an unprotected copy can still fill it
    assert cell(workbook[DIST_A], "km-level", "actual").protection.locked
    assert refused(tree, form) == [
        "results.xlsx!อำเภอ ก!O10: warning[results.implausible]: actual 250 of 'budget' is outside its plausible range 0–100",
        "results.xlsx!อำเภอ ก!O11: error[results.wrong-kind]: milestone KPI 'km-level' reports a level, not an actual",
    ]


def test_a_header_renamed_away_and_a_workbook_with_no_results_sheet(tree: ContentTree, form: Path) -> None:
    workbook = load_workbook(form)
    workbook[DIST_A]["C6"] = "รอบที่"
    for name in workbook.sheetnames:
        if name != DIST_A:
            del workbook[name]
    workbook.save(form)
    assert refused(tree, form) == [
        "results.xlsx!อำเภอ ก!A6: error[sheet.missing-column]: the header row has no column Round ID",
    ]
    workbook[DIST_A].delete_rows(1, 6)
    workbook.save(form)
    assert refused(tree, form) == [
        "results.xlsx!อำเภอ ก!A1: error[sheet.no-results-sheet]: no sheet is a results form: none has a header row "
        "with the columns Unit ID, Fiscal year, Round ID and KPI ID",
        "results.xlsx!อำเภอ ก!A1: warning[sheet.not-a-results-sheet]: sheet 'อำเภอ ก' has no header row of a results form; it is passed over",
    ]


def test_files_that_are_no_workbook(tree: ContentTree, tmp_path: Path) -> None:
    broken = tmp_path / "results.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert refused(tree, broken) == [
        "results.xlsx!A1: error[sheet.unreadable]: cannot read the file as a workbook (BadZipFile: File is not a zip file)",
    ]
    windows = tmp_path / "results.csv"
    windows.write_bytes("รหัสหน่วยงาน,รหัสตัวชี้วัด\r\n".encode("cp874"))
    assert refused(tree, windows) == [
        "results.csv!A1: error[sheet.csv-encoding]: the CSV file is not UTF-8 (byte 0); in Excel save it as CSV UTF-8",
    ]
    status, output = run("sheet", "in", "results.xls", "--content", str(tree.root), "--lang", "en")
    assert (status, output) == (
        2,
        "kpibook: error: results.xls: a workbook must be .xlsx (or .xlsm) or .csv; save .xls and .ods files as .xlsx first\n",
    )


def test_a_zip_that_would_unpack_beyond_the_bounds(
    tree: ContentTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_UNZIPPED_BYTES", 1024 * 1024)  # 512 MiB in use; smaller here
    bomb = tmp_path / "results.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (2 * 1024 * 1024))
    assert bomb.stat().st_size < 10_000
    assert refused(tree, bomb) == [
        "results.xlsx!A1: error[sheet.too-large]: the workbook holds 2097152 bytes, more than the limit of 1048576",
    ]


def test_a_round_without_a_results_file_gets_a_new_one(tree: ContentTree, tmp_path: Path) -> None:
    tree.remove("units/dist-b/results/2568/m6.yaml")
    (tree.root / "units/dist-b/results/2568/m6.yaml").unlink()
    (tree.root / "units/dist-b/results/2568/m12.yaml").unlink()
    (tree.root / "units/dist-b/results/2568").rmdir()  # the year's folder is made too
    form = export(tree.root, tmp_path / "results.xlsx", "--unit", "dist-b")
    filled(form, "อำเภอ ข", {("rice-yield", "actual"): 411, ("km-level", "level"): 2})
    assert accepted(tree, form) == ["content/units/dist-b/results/2568/m6.yaml: new file, 2 results"]
    assert results_text(tree, "dist-b") == (
        "year: 2568\nround: m6\nresults:\n  - kpi: rice-yield\n    actual: 411\n  - kpi: km-level\n    level: 2\n"
    )


def test_an_updated_results_file_keeps_its_mode(tree: ContentTree, form: Path) -> None:
    # an office that keeps a unit's results readable by the group only keeps them so
    results = tree.root / "units/dist-a/results/2568/m6.yaml"
    results.chmod(0o640)
    filled(form, DIST_A, {("rice-yield", "actual"): 435})
    assert accepted(tree, form) == ["content/units/dist-a/results/2568/m6.yaml: 1 result updated"]
    assert "{kpi: rice-yield, actual: 435}" in results_text(tree)
    assert stat.S_IMODE(results.stat().st_mode) == 0o640


@pytest.mark.parametrize(
    ("round_id", "name", "by"), [("m12", "results.xlsx", "collector"), ("m6", "results.csv", "unit")]
)
def test_the_example_content_round_trips_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, round_id: str, name: str, by: str
) -> None:
    """The example's results files (block style, narratives in both languages, quoted
    strings, evidence with titles) survive an export and an import byte for byte."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "content"
    shutil.copytree(EXAMPLE, root)
    form = export(root, tmp_path / name, "--by", by, round_id=round_id)
    before = snapshot(root)
    status, lines = import_(root, form)
    assert (status, lines[-1]) == (0, "the workbook changes no results file")
    assert snapshot(root) == before


def test_error_values_and_values_beyond_what_a_column_holds(tree: ContentTree, form: Path) -> None:
    workbook = load_workbook(form)
    ws = workbook[DIST_A]
    ws.protection.sheet = False
    cell(ws, "rice-yield", "actual").value = "#DIV/0!"  # the error value a formula showed, saved as such
    cell(ws, "poor-households", "actual").value = 1e16
    cell(ws, "service-time", "narrative").value = "ก" * 10_001
    cell(ws, "budget", "evidence").value = "\n".join(f"units/dist-a/evidence/p{n}.pdf" for n in range(51))
    cell(ws, "km-level", "year").value = "ปีนี้"
    ws.append(["dist-a", 2570, "m6", "budget", None, None, None, None, None, None, None, None, None, None, 93])
    workbook.save(form)
    assert refused(tree, form) == [
        "results.xlsx!อำเภอ ก!O7: error[sheet.error-value]: the cell shows the error #DIV/0!",
        "results.xlsx!อำเภอ ก!O8: error[sheet.number-too-large]: 1e+16 is beyond ±10^15",
        "results.xlsx!อำเภอ ก!R9: error[sheet.text-too-long]: the text has 10001 characters, more than 10000",
        "results.xlsx!อำเภอ ก!S10: error[sheet.too-many-files]: 51 evidence files, more than 50",
        "results.xlsx!อำเภอ ก!B11: error[sheet.not-a-year]: 'ปีนี้' is not a fiscal year (Buddhist Era, e.g. 2568)",
        "results.xlsx!อำเภอ ก!B12: error[sheet.unknown-year]: fiscal year 2570 is not in site.yaml",
    ]


def test_workbooks_beyond_the_sheet_and_row_bounds(
    tree: ContentTree, form: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_SHEETS", 2)  # 10,000 in use; smaller here
    assert refused(tree, form) == [
        "results.xlsx!A1: error[sheet.too-many-sheets]: the workbook has 3 sheets, more than the limit of 2",
    ]
    monkeypatch.setattr(workbook_reader, "MAX_ROWS", 10)  # 200,000 in use
    assert refused(tree, export(tree.root, tmp_path / "results.csv")) == [
        "results.csv!A1: error[sheet.too-many-rows]: more than 10 rows in one sheet (row 11); split the workbook",
    ]


def test_messages_in_thai(tree: ContentTree, form: Path) -> None:
    filled(form, DIST_A, {("rice-yield", "actual"): "ประมาณ 430", ("km-level", "level"): 9})
    before = snapshot(tree.root)
    status, output = run("sheet", "in", str(form), "--content", str(tree.root), "--lang", "th", "--today", "2025-12-01")
    missing = "ต้องรายงานในรอบ 'm6' ซึ่งสิ้นสุดแล้ว (31 มีนาคม 2568) แต่ยังไม่มีผล จึงได้คะแนน 0"
    assert (status, output.splitlines()) == (
        1,
        [
            *(
                f"content/units/dist-a/results/2568/m6.yaml:5:3: warning[results.missing-kpi]: ตัวชี้วัด '{kpi}' {missing}"
                for kpi in ("poor-households", "service-time", "budget", "km-level")
            ),
            "results.xlsx!อำเภอ ก!O7: error[sheet.not-a-number]: 'ประมาณ 430' ไม่ใช่ตัวเลข",
            "results.xlsx!อำเภอ ก!P11: error[sheet.not-a-level]: '9' ไม่ใช่ระดับ ต้องเป็นจำนวนเต็มตั้งแต่ 0 ถึง 5",
            "ข้อผิดพลาด 2 รายการ คำเตือน 4 รายการ",
            "ไม่ได้เขียนสิ่งใด เนื้อหายังคงเดิมทุกแฟ้ม",
        ],
    )
    assert snapshot(tree.root) == before


def test_a_write_cut_short_puts_every_file_back(
    tree: ContentTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up while the second file is renamed into place: the first file gets
    its earlier text back, the new file and its new folder go, exit 2 with the reason."""
    for round_id in ("m6", "m12"):
        tree.remove(f"units/dist-b/results/2568/{round_id}.yaml")
        (tree.root / f"units/dist-b/results/2568/{round_id}.yaml").unlink()
    (tree.root / "units/dist-b/results/2568").rmdir()
    form = export(tree.root, tmp_path / "results.xlsx")
    filled(form, DIST_A, {("rice-yield", "actual"): 436})
    filled(form, "อำเภอ ข", {("rice-yield", "actual"): 411})
    before = snapshot(tree.root)
    real_replace = os.replace
    new_file = tree.root / "units/dist-b/results/2568/m6.yaml"

    def full_disk(source: str, target: str) -> None:
        if Path(target) == new_file:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real_replace(source, target)

    monkeypatch.setattr(importer.os, "replace", full_disk)
    status, output = run("sheet", "in", str(form), "--content", str(tree.root), "--lang", "en")
    assert (status, output.splitlines()[-1]) == (
        2,
        "kpibook: error: cannot write content/units/dist-b/results/2568/m6.yaml: No space left on device",
    )
    assert snapshot(tree.root) == before
    assert not (tree.root / "units/dist-b/results/2568").exists()
    assert not [p for p in tree.root.rglob(".*") if p.is_file()]  # no staged file left behind
