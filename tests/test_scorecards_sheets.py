"""Every build writes the scorecards as spreadsheets: `data/scorecards.xlsx` (one sheet per
year and round with results) and `data/scorecards-<year>-<round>.csv`, linked from the
scorecards page; four decimals; people only where publishing allows; the same bytes
from two builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ContentTree
from openpyxl import load_workbook
from sitebuild import build_site, page

HEADER = (
    "แถว,รหัสหน่วยงาน,หน่วยงาน,มิติหรือประเภทงาน,รหัสตัวชี้วัด,ตัวชี้วัด,น้ำหนัก,สัดส่วนน้ำหนัก,ผลการดำเนินงาน,"
    "ระดับที่ทำได้,คะแนนประเมินตนเอง,คะแนนที่ผ่านการตรวจสอบ,คะแนนที่ได้,คะแนนถ่วงน้ำหนัก,คะแนนเต็ม 100,ระดับผลการประเมิน"
)
DIST_A_M6 = [
    "ตัวชี้วัด,dist-a,อำเภอ ก,มิติที่ 1 ประสิทธิผล,rice-yield,ผลผลิตข้าวหอมมะลิต่อไร่ของอำเภอ ก,30,0.3000,433,,2.6000,,2.6000,0.7800,,",
    "ตัวชี้วัด,dist-a,อำเภอ ก,มิติที่ 1 ประสิทธิผล,poor-households,จำนวนครัวเรือนยากจนที่พ้นเกณฑ์ของอำเภอ ก,20,0.2000,,,,,,0.0000,,",
    "รวมกลุ่ม,dist-a,อำเภอ ก,มิติที่ 1 ประสิทธิผล,,,50,,,,,,,0.7800,,",
    "ตัวชี้วัด,dist-a,อำเภอ ก,มิติที่ 2 คุณภาพ,service-time,ระยะเวลาเฉลี่ยในการให้บริการของอำเภอ ก,20,0.2000,,,,,,0.0000,,",
    "รวมกลุ่ม,dist-a,อำเภอ ก,มิติที่ 2 คุณภาพ,,,20,,,,,,,0.0000,,",
    "ตัวชี้วัด,dist-a,อำเภอ ก,มิติที่ 3 ประสิทธิภาพ,budget,ร้อยละการเบิกจ่ายงบประมาณ,10,0.1000,,,,,,0.0000,,",
    "รวมกลุ่ม,dist-a,อำเภอ ก,มิติที่ 3 ประสิทธิภาพ,,,10,,,,,,,0.0000,,",
    "ตัวชี้วัด,dist-a,อำเภอ ก,มิติที่ 4 การพัฒนาองค์การ,km-level,ระดับความสำเร็จของการจัดการความรู้,20,0.2000,,,,,,0.0000,,",
    "รวมกลุ่ม,dist-a,อำเภอ ก,มิติที่ 4 การพัฒนาองค์การ,,,20,,,,,,,0.0000,,",
    "รวมทั้งหมด,dist-a,อำเภอ ก,,,,100,,,,,,,0.7800,15.6000,ต้องปรับปรุง",
]

DIST_A_SIX_MONTHS = "year: 2568\nround: m6\nresults:\n  - {kpi: rice-yield, actual: 433}\n"  # one KPI reported


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content").set("units/dist-a/results/2568/m6.yaml", DIST_A_SIX_MONTHS)


def csv_lines(out: Path, name: str) -> list[str]:
    raw = (out / "data" / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    return raw.decode("utf-8-sig").split("\r\n")[:-1]


def test_a_csv_per_year_and_round_with_every_units_scorecard_to_four_decimals(
    tree: ContentTree, tmp_path: Path
) -> None:
    out = build_site(tree, tmp_path / "out")
    assert sorted(p.name for p in (out / "data").glob("*.csv")) == ["scorecards-2568-m12.csv", "scorecards-2568-m6.csv"]
    lines = csv_lines(out, "scorecards-2568-m6.csv")
    assert lines[0] == HEADER
    assert [line for line in lines if ",dist-a," in line] == DIST_A_M6
    assert [line.split(",")[1] for line in lines[1:] if line.startswith("รวมทั้งหมด")] == ["prov", "dist-a", "dist-b"]


def test_the_workbook_has_a_sheet_per_year_and_round_with_numbers_to_four_decimals(
    tree: ContentTree, tmp_path: Path
) -> None:
    out = build_site(tree, tmp_path / "out")
    workbook = load_workbook(out / "data" / "scorecards.xlsx")
    assert workbook.sheetnames == ["2568 รอบ 6 เดือน", "2568 รอบ 12 เดือน"]
    ws = workbook["2568 รอบ 6 เดือน"]
    assert ws["A1"].value == "ตารางคะแนน รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2568"
    assert ",".join(str(c.value) for c in ws[3]) == HEADER
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    rice = next(r for r in rows if r[1] == "dist-a" and r[4] == "rice-yield")
    assert rice[6:14] == [30, 0.3, 433, None, 2.6, None, 2.6, 0.78]
    total = next(r for r in rows if r[1] == "dist-a" and r[0] == "รวมทั้งหมด")
    assert total[13:] == [0.78, 15.6, "ต้องปรับปรุง"]
    score_cell = next(row for row in ws.iter_rows(min_row=4) if row[4].value == "rice-yield")[12]
    assert score_cell.number_format == "0.0000"  # shown as 2.6000


def test_people_only_where_publishing_allows(tree: ContentTree, tmp_path: Path) -> None:
    hidden = build_site(tree, tmp_path / "hidden")
    assert "officer-c" not in (hidden / "data" / "scorecards-2568-m6.csv").read_text("utf-8-sig")
    assert "2568 รอบที่ 1" not in load_workbook(hidden / "data" / "scorecards.xlsx").sheetnames
    tree.replace("site.yaml", "scoring:", "publish_individual_results: true\nscoring:")
    shown = build_site(tree, tmp_path / "shown")
    assert load_workbook(shown / "data" / "scorecards.xlsx").sheetnames == [
        "2568 รอบ 6 เดือน",
        "2568 รอบที่ 1",
        "2568 รอบ 12 เดือน",
    ]
    assert any(line.startswith("รวมทั้งหมด,officer-c,") for line in csv_lines(shown, "scorecards-2568-p1.csv"))


def test_two_builds_write_the_same_bytes(tree: ContentTree, tmp_path: Path) -> None:
    one, two = build_site(tree, tmp_path / "one"), build_site(tree, tmp_path / "two")
    for name in ("scorecards.xlsx", "scorecards-2568-m6.csv", "scorecards-2568-m12.csv"):
        assert (one / "data" / name).read_bytes() == (two / "data" / name).read_bytes(), name


def test_the_scorecards_page_links_the_workbook_and_the_csv_files(tree: ContentTree, tmp_path: Path) -> None:
    out = build_site(tree, tmp_path / "out")
    links = [(a["href"], " ".join(a.get_text().split())) for a in page(out, "scorecards.html").select("p.downloads a")]
    assert links == [
        ("data/scorecards.xlsx", "ตารางคะแนนทุกปีและทุกรอบ (XLSX)"),
        ("data/scorecards-2568-m6.csv", "รอบ 6 เดือน (CSV)"),
        ("data/scorecards-2568-m12.csv", "รอบ 12 เดือน (CSV)"),
    ]
    english = [a["href"] for a in page(out, "en/scorecards.html").select("p.downloads a")]
    assert english[0] == "../data/scorecards.xlsx"
    for href, _text in links:
        assert (out / href).is_file()
