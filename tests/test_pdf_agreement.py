"""The signable agreement (คำรับรองการปฏิบัติราชการ): one PDF per unit per fiscal year with
the two parties, the period in Buddhist Era dates, the KPIs grouped by dimension with
weights, targets and five-level criteria, and signature blocks with names, positions and
date lines. A long table repeats its header on every page and never splits a KPI row."""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ContentTree
from pdfbuild import Rendered, fonts, page_texts, render_pdfs_of, save_pngs, squash, stream_text

pytestmark = pytest.mark.pdf

HEADER = squash("ที่ ตัวชี้วัด น้ำหนัก เป้าหมาย เกณฑ์การให้คะแนน")
MANY = 25  # KPIs of dist-b's long agreement: enough for two pages


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    tmp = tmp_path_factory.mktemp("agreements")
    tree = ContentTree(tmp / "content")
    with_many_kpis(tree, "dist-long", MANY)
    unsigned(tree, "officer-c")
    return render_pdfs_of(tree, tmp)


def with_many_kpis(tree: ContentTree, unit: str, count: int) -> None:
    """A district under the province whose agreement has `count` KPIs (weights add up per dimension)."""
    plan = [
        ("effectiveness", 12, 4),
        ("effectiveness", 1, 2),
        ("quality", 5, 4),
        ("efficiency", 2, 5),
        ("development", 5, 4),
    ]
    kpis, items = ["kpis:"], ["year: 2568", "items:"]
    number = 0
    for dimension, how_many, weight in plan:
        for _ in range(how_many):
            number += 1
            kpis.append(
                f"  - {{id: k{number}, name: {{th: ร้อยละของครัวเรือนที่ได้รับการส่งเสริมอาชีพตามแผนงานที่ {number} ของอำเภอ}}, kind: numeric}}"
            )
            items.append(
                f"  - {{kpi: k{number}, dimension: {dimension}, weight: {weight}, criteria: [60, 65, 70, 75, 80]}}"
            )
    assert number == count
    tree.set(f"units/{unit}/unit.yaml", f"id: {unit}\nkind: district\nname: {{th: อำเภอ ยาว}}\nparent: prov\n")
    tree.set(f"units/{unit}/kpis.yaml", "\n".join(kpis) + "\n")
    tree.set(f"units/{unit}/agreements/2568.yaml", "\n".join(items) + "\n")


def unsigned(tree: ContentTree, unit: str) -> None:
    tree.replace(f"units/{unit}/agreements/2568.yaml", "  signed_on: 2024-10-15\n", "")


def test_one_agreement_pdf_per_unit_and_year(rendered: Rendered) -> None:
    names = sorted(p.name for p in (rendered.stage / "agreements").iterdir())
    assert names == ["dist-a-2568.pdf", "dist-b-2568.pdf", "dist-long-2568.pdf", "officer-c-2568.pdf", "prov-2568.pdf"]


def test_the_agreement_names_the_parties_the_period_and_the_kpis(rendered: Rendered) -> None:
    text = "".join(page_texts(rendered.agreement("dist-a")))
    flat = squash(text)
    assert "คำรับรองการปฏิบัติราชการของอำเภอ ก" in text
    assert "ประจำปีงบประมาณ พ.ศ. 2568" in text
    assert squash("ผู้ประเมิน: นายบี, จังหวัดตัวอย่าง") in flat
    assert squash("ผู้รับการประเมิน: นายเอ, อำเภอ ก") in flat
    assert squash("เริ่มตั้งแต่วันที่ 1 ตุลาคม 2567 ถึงวันที่ 30 กันยายน 2568") in flat
    for kpi in ("ผลผลิตข้าวหอมมะลิต่อไร่ของอำเภอ ก", "ระดับความสำเร็จของการจัดการความรู้", "ร้อยละการเบิกจ่ายงบประมาณ"):
        assert squash(kpi) in flat


def test_kpis_are_grouped_by_dimension_in_site_order_with_weights_and_criteria(rendered: Rendered) -> None:
    flat = squash("".join(page_texts(rendered.agreement("prov"))))
    groups = [
        squash(g)
        for g in (
            "มิติที่ 1 ประสิทธิผล (น้ำหนักร้อยละ 50)",
            "มิติที่ 2 คุณภาพ (น้ำหนักร้อยละ 20)",
            "มิติที่ 3 ประสิทธิภาพ (น้ำหนักร้อยละ 10)",
            "มิติที่ 4 การพัฒนาองค์การ (น้ำหนักร้อยละ 20)",
        )
    ]
    positions = [flat.index(g) for g in groups]
    assert positions == sorted(positions)
    # row 1.1: weight 30, target 417, levels 412 414.5 417 419.5 422
    assert squash("1.1 ผลผลิตข้าวหอมมะลิต่อไร่ 30 417 412 414.5 417 419.5 422") in flat
    # a milestone KPI lists the text of each level under its name; the level columns name the levels
    drawn = squash(stream_text(rendered.agreement("prov")))
    assert squash("ระดับ 1 มีแผน ระดับ 2 ดำเนินการตามแผน ระดับ 3 ติดตามผล ระดับ 4 ประเมินผล ระดับ 5 เชื่อมโยงสิ่งจูงใจ") in drawn
    assert squash("ระดับ 1 ระดับ 2 ระดับ 3 ระดับ 4 ระดับ 5") in drawn
    assert squash("รวมน้ำหนัก 100") in drawn  # the footer's stamp may come between them in reading order


def test_signature_blocks_with_names_positions_and_the_signing_date(rendered: Rendered) -> None:
    last = page_texts(rendered.agreement("dist-a"))[-1]
    assert last.count("(ลงชื่อ) ....") == 2
    assert "( นายบี )" in last and "( นายเอ )" in last
    assert last.count("ตำแหน่ง") == 2
    assert last.count("วันที่ 15 ตุลาคม 2567") == 2
    pages = save_pngs(rendered.agreement("dist-a"), "agreement-signed", [len(page_texts(rendered.agreement("dist-a")))])
    assert pages[0].stat().st_size > 0


def test_an_unsigned_agreement_leaves_date_lines_to_sign_on(rendered: Rendered) -> None:
    last = page_texts(rendered.agreement("officer-c"))[-1]
    assert last.count("วันที่ ........ / ........................ / ........") == 2
    assert "15 ตุลาคม 2567" not in last


def test_a_long_table_repeats_its_header_and_never_splits_a_kpi_row(rendered: Rendered) -> None:
    pdf = rendered.agreement("dist-long")
    pages = page_texts(pdf)
    assert len(pages) >= 2
    with_table = [p for p in pages if "ร้อยละของครัวเรือน" in p]
    assert len(with_table) >= 2
    for page in with_table:
        assert HEADER in squash(page)
    for number in range(1, MANY + 1):
        name = squash(f"ร้อยละของครัวเรือนที่ได้รับการส่งเสริมอาชีพตามแผนงานที่ {number} ของอำเภอ")
        holding = [i for i, page in enumerate(pages) if name in squash(page)]
        assert len(holding) == 1, f"KPI {number} is split or missing: pages {holding}"
    save_pngs(pdf, "agreement-long", list(range(1, len(pages) + 1)))


def test_page_x_of_y_and_sarabun_only(rendered: Rendered) -> None:
    pdf = rendered.agreement("dist-long")
    pages = page_texts(pdf)
    for number, text in enumerate(pages, start=1):
        assert f"หน้า {number} จาก {len(pages)}" in text
    assert {name.split("+")[-1] for name, _ in fonts(pdf)} <= {"Sarabun", "Sarabun-Bold"}


def test_an_agreement_in_english(tmp_path: Path) -> None:
    rendered = render_pdfs_of(ContentTree(tmp_path / "content"), tmp_path, lang="en")
    text = squash("".join(page_texts(rendered.agreement("dist-a"))))
    assert squash("Performance agreement of อำเภอ ก") in text
    assert squash("for FY 2025 (B.E. 2568)") in text
    assert squash("from 1 October 2024 to 30 September 2025") in text
    assert squash("Date 15 October 2024") in text
