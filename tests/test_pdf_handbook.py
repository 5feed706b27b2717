"""The printed handbook: cover, table of contents with the right page numbers, an outline
that follows the unit tree, "page x of y" on every page, only Sarabun embedded, Thai text
that extracts as written, scope and language options, the cache, and a failing unit
that leaves the previous output alone."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from contenttree import ContentTree
from pdfbuild import ARTIFACTS, Rendered, fonts, outline, page_texts, render_pdfs_of, save_pngs, squash

pytestmark = pytest.mark.pdf

UNITS = {
    "prov": "จังหวัดตัวอย่าง",
    "dist-a": "อำเภอ ก",
    "dist-b": "อำเภอ ข",
    "officer-c": "นักวิชาการส่งเสริมการเกษตร (ตำบล ค)",
}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The example tree's PDFs, laid out by two worker processes."""
    tmp = tmp_path_factory.mktemp("handbook")
    rendered = render_pdfs_of(ContentTree(tmp / "content"), tmp, jobs=2)
    assert not rendered.diagnostics.has_errors()
    return rendered


def toc_entries(pages: list[str]) -> dict[str, int]:
    """Unit name -> page number, as the table of contents (page 2) prints them (the KPI
    templates listed under each unit are left out: tests/test_pdf_layout.py reads them)."""
    entries = {}
    for line in pages[1].splitlines():
        match = re.match(r"\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match and match.group(1) in UNITS.values():
            entries[match.group(1)] = int(match.group(2))
    return entries


def test_the_cover_names_the_organisation_and_the_fiscal_year_in_buddhist_era(book: Rendered) -> None:
    cover = page_texts(book.handbook)[0]
    assert "สำนักงานจังหวัดตัวอย่าง" in cover
    assert "คู่มือตัวชี้วัดและคำรับรองการปฏิบัติราชการ" in cover
    assert "ปีงบประมาณ พ.ศ. 2568" in cover
    assert "ข้อมูลรุ่น r1 ลงวันที่ 1 ธันวาคม 2568" in cover  # the revision it was built from


def test_the_table_of_contents_points_at_each_units_heading(book: Rendered) -> None:
    pages = page_texts(book.handbook, layout=True)
    entries = toc_entries(pages)
    assert set(entries) == set(UNITS.values())
    for name, number in entries.items():
        page = pages[number - 1]
        first_lines = [line.strip() for line in page.splitlines() if line.strip()][:3]
        assert name in first_lines, f"page {number} does not start {name}'s section: {first_lines}"
    assert sorted(entries.values()) == [entries[UNITS[u]] for u in ("prov", "dist-a", "officer-c", "dist-b")]


def test_every_page_but_the_cover_says_page_x_of_y(book: Rendered) -> None:
    pages = page_texts(book.handbook)
    total = len(pages)
    assert total >= 6
    assert "หน้า" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"หน้า {number} จาก {total}" in text


def test_the_outline_nests_by_the_unit_tree(book: Rendered) -> None:
    entries = outline(book.handbook)
    units = [(depth, title) for depth, title, _page in entries if title in UNITS.values()]
    assert units == [
        (0, UNITS["prov"]),
        (1, UNITS["dist-a"]),
        (2, UNITS["officer-c"]),
        (1, UNITS["dist-b"]),
    ]
    assert entries[0][:2] == (0, "สารบัญ")
    toc = toc_entries(page_texts(book.handbook, layout=True))
    for _depth, title, page in entries:
        if title in toc:
            assert page == toc[title]
    # each unit's sections sit under the unit, one level down
    prov_sections = [t for d, t, _p in entries[: entries.index((1, UNITS["dist-a"], toc[UNITS["dist-a"]]))] if d == 1]
    assert prov_sections[:2] == ["ยุทธศาสตร์", "คำรับรองการปฏิบัติราชการ ปีงบประมาณ พ.ศ. 2568"]


def test_running_header_names_the_unit_on_every_page_of_its_section(book: Rendered) -> None:
    pages = page_texts(book.handbook)
    toc = toc_entries(page_texts(book.handbook, layout=True))
    starts = sorted((page, name) for name, page in toc.items())
    for (start, name), (end, _next) in zip(starts, [*starts[1:], (len(pages) + 1, "")], strict=True):
        for number in range(start, end):
            assert pages[number - 1].lstrip().startswith(name), f"page {number} header is not {name}"


def test_only_sarabun_is_embedded(book: Rendered) -> None:
    for pdf in (book.handbook, book.agreement("prov")):
        listed = fonts(pdf)
        assert listed
        assert {re.sub(r"^[A-Z]{6}\+", "", name) for name, _emb in listed} <= {
            "Sarabun",
            "Sarabun-Bold",
            "Sarabun-Italic",
            "Sarabun-BoldItalic",
        }
        assert {emb for _name, emb in listed} == {"yes"}


def test_every_kpi_name_extracts_exactly(book: Rendered, tree_kpi_names: list[str]) -> None:
    text = squash("".join(page_texts(book.handbook)))
    missing = [name for name in tree_kpi_names if squash(name) not in text]
    assert missing == []


@pytest.fixture(scope="module")
def tree_kpi_names() -> list[str]:
    from contenttree import KPIS

    names = re.findall(r"name: \{th: ([^}]+)\}", "".join(KPIS.values()))
    return sorted(set(names))


def test_a_unit_section_shows_strategy_map_agreement_cascade_templates_and_scorecard(book: Rendered) -> None:
    pages = page_texts(book.handbook)
    toc = toc_entries(page_texts(book.handbook, layout=True))
    prov = squash("".join(pages[toc[UNITS["prov"]] - 1 : toc[UNITS["dist-a"]] - 1]))
    for expected in (
        "แผนที่ยุทธศาสตร์",
        "ผลผลิตข้าวเพิ่มขึ้น",  # a goal, in the map's SVG text
        "มิติที่1ประสิทธิผล(น้ำหนักร้อยละ50)",
        "ถ่ายทอดสู่หน่วยงานในสังกัด",
        "อำเภอก:ผลผลิตข้าวหอมมะลิต่อไร่ของอำเภอก(แบ่งเป้าหมาย)",
        "รายละเอียดตัวชี้วัด(KPITemplate)",
        "ผลการดำเนินงานรอบ12เดือนปีงบประมาณพ.ศ.2568",
        "ผลผลิตข้าวหอมมะลิต่อไร่304183.40001.0200",
    ):
        assert expected in prov, expected
    save_pngs(book.handbook, "handbook", [1, 2, toc[UNITS["prov"]]])


def test_a_subtree_handbook_in_english(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.replace("units/dist-a/unit.yaml", "name: {th: อำเภอ ก}", "name: {th: อำเภอ ก, en: District A}")
    rendered = render_pdfs_of(tree, tmp_path, unit="dist-a", lang="en")
    pages = page_texts(rendered.handbook)
    cover = " ".join(pages[0].split())
    assert "KPI and Performance Agreement Handbook" in cover
    assert "FY 2025 (B.E. 2568)" in cover
    assert "Scope: District A and the units below it" in cover
    assert [(d, t) for d, t, _p in outline(rendered.handbook) if d == 0] == [(0, "Contents"), (0, "District A")]
    assert [t for d, t, _p in outline(rendered.handbook) if d == 1][-1] == UNITS["officer-c"]
    assert UNITS["prov"] not in "".join(pages[1:2])
    assert f"Page 2 of {len(pages)}" in pages[1]


def test_unchanged_documents_come_from_the_cache(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    tree = ContentTree(tmp_path / "content")
    caplog.set_level(logging.INFO, logger="kpibook.pdf")
    first = render_pdfs_of(tree, tmp_path)
    assert "0 from the cache, 8 to lay out" in caplog.text
    before = first.handbook.read_bytes()
    caplog.clear()
    second = render_pdfs_of(tree, tmp_path)
    assert "8 from the cache, 0 to lay out" in caplog.text
    assert page_texts(second.handbook) == page_texts(first.handbook) and before
    caplog.clear()
    tree.replace("units/officer-c/kpis.yaml", "จำนวนครั้งที่ออกเยี่ยมเกษตรกร", "จำนวนครั้งที่ออกตรวจแปลงเกษตรกร")
    third = render_pdfs_of(tree, tmp_path)
    assert "6 from the cache, 2 to lay out" in caplog.text  # officer-c's section and agreement
    assert "จำนวนครั้งที่ออกตรวจแปลงเกษตรกร" in squash("".join(page_texts(third.handbook)))


def test_a_moved_content_folder_lays_out_nothing_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Cache keys depend on what the documents say, not on where the content lies (a CI
    runner checks out to another path; an office renames its folder)."""
    tree = ContentTree(tmp_path / "here" / "content")
    caplog.set_level(logging.INFO, logger="kpibook.pdf")
    first = render_pdfs_of(tree, tmp_path / "first", cache=tmp_path / "cache")
    assert "0 from the cache, 8 to lay out" in caplog.text
    caplog.clear()
    shutil.move(tmp_path / "here", tmp_path / "elsewhere")
    moved = ContentTree(tmp_path / "elsewhere" / "content")
    second = render_pdfs_of(moved, tmp_path / "second", cache=tmp_path / "cache")
    assert "8 from the cache, 0 to lay out" in caplog.text
    assert second.handbook.read_bytes() == first.handbook.read_bytes()


def test_a_large_handbook_is_split_into_one_book_per_subtree_with_a_shared_index(tmp_path: Path) -> None:
    """Past `--book-units` units: handbook/<unit>.pdf per subtree that fits, handbook.pdf
    the index (every unit in its contents, with the book and page it is printed on, and a
    link to that page) and the sections above the books."""
    from pypdf import PdfReader

    rendered = render_pdfs_of(ContentTree(tmp_path / "content"), tmp_path, book_units=2, jobs=2)
    assert not rendered.diagnostics.has_errors()
    index = rendered.handbook
    dist_a, dist_b = (rendered.stage / "handbook" / f"{unit}.pdf" for unit in ("dist-a", "dist-b"))
    assert sorted(p.name for p in (rendered.stage / "handbook").iterdir()) == ["dist-a.pdf", "dist-b.pdf"]
    index_pages = page_texts(index, layout=True)
    contents = squash(index_pages[1])
    for unit, book in (("dist-a", "handbook/dist-a.pdf"), ("officer-c", "handbook/dist-a.pdf")):
        assert f"{squash(UNITS[unit])}" in contents and f"เล่ม{book}หน้า" in contents
    assert [t for _d, t, _p in outline(index) if t in UNITS.values()] == [UNITS["prov"]]  # only the top is in the index
    assert f"หน้า 2 จาก {len(index_pages)}" in index_pages[1]

    book_pages = page_texts(dist_a, layout=True)
    assert "อำเภอ ก" in book_pages[0]  # the cover names the subtree the book covers
    entries = toc_entries(book_pages)
    assert set(entries) == {UNITS["dist-a"], UNITS["officer-c"]}
    for name, number in entries.items():
        assert name in book_pages[number - 1].strip().splitlines()[0] + book_pages[number - 1], name
    assert f"หน้า {len(book_pages)} จาก {len(book_pages)}" in book_pages[-1]
    assert [t for _d, t, _p in outline(dist_a) if t in UNITS.values()] == [UNITS["dist-a"], UNITS["officer-c"]]
    assert [t for _d, t, _p in outline(dist_b) if t in UNITS.values()] == [UNITS["dist-b"]]

    # the index's contents link to the very page of the other book
    links = {}
    for annotation in PdfReader(index).pages[1].get("/Annots", []):
        action = annotation.get_object().get("/A")
        if action is not None and action.get("/S") == "/GoToR":
            links[str(action["/F"])] = int(action["/D"][0]) + 1
    officer_page = entries[UNITS["officer-c"]]
    assert links.get("handbook/dist-a.pdf") in {entries[UNITS["dist-a"]], officer_page}
    assert f"เล่มhandbook/dist-a.pdfหน้า{officer_page}" in contents


def test_a_unit_that_fails_to_render_fails_the_build_and_keeps_the_previous_output(tmp_path: Path) -> None:
    from builder.cli import main

    tree = ContentTree(tmp_path / "content")
    tree.write()
    out = tmp_path / "output"
    common = ["build", "--content", str(tree.root), "--out", str(out), "--today", "2025-12-01", "--jobs", "1"]
    assert main(common) == 0
    previous = (out / "handbook.pdf").read_bytes()

    theme = tmp_path / "theme" / "print"
    theme.mkdir(parents=True)
    default = Path(__file__).resolve().parent.parent / "themes" / "default" / "print" / "handbook-unit.html"
    template = default.read_text("utf-8").replace(
        "{% block body %}", "{% block body %}{% if doc.unit.id == 'dist-b' %}{{ no_such_value }}{% endif %}", 1
    )
    (theme / "handbook-unit.html").write_text(template, "utf-8")
    lines: list[str] = []
    status = _run(main, [*common, "--theme", str(theme.parent), "--lang", "en"], lines)
    assert status == 1
    failures = [line for line in lines if "build.pdf-failed" in line]
    assert len(failures) == 1
    assert "units/dist-b/unit.yaml:1:1: error[build.pdf-failed]: PDF for 'dist-b' failed" in failures[0]
    assert "'no_such_value' is undefined" in failures[0]
    assert "handbook-unit.html" in failures[0]
    assert (out / "handbook.pdf").read_bytes() == previous


def _run(main: object, argv: list[str], lines: list[str]) -> int:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(argv)  # type: ignore[operator]
    lines.extend((out.getvalue() + err.getvalue()).splitlines())
    return status


def test_page_images_for_review(book: Rendered) -> None:
    """Pages as PNG in test-artifacts/pdf/ for a person to look at; the cover is not blank."""
    from PIL import Image

    cover, *_ = save_pngs(book.handbook, "handbook", [1])
    with Image.open(cover) as image:
        dark = sum(image.convert("L").histogram()[:128])
    assert dark > 500
    assert ARTIFACTS.is_dir()
    shutil.copy(book.handbook, ARTIFACTS / "handbook.pdf")


def test_thai_marks_in_svg_text_sit_where_html_text_puts_them() -> None:
    """Strategy maps draw goal names as SVG <text>: each mark must be placed as in HTML text
    (WeasyPrint 70 alone shapes SVG text one code point at a time: a tone mark is then drawn
    at the pen, beside its letter and on top of the vowel, instead of with the letter)."""
    from io import BytesIO

    import pdfplumber

    from builder.options import DEFAULT_THEME
    from builder.pdf.documents import layout
    from builder.pdf.parallel import prepare_weasyprint

    prepare_weasyprint()
    words = "ผลผลิตข้าวเพิ่มขึ้น ที่นั่น น้ำหนัก"
    html = (
        f'<p style="font-size: 20px; margin: 0">{words}</p>'
        f'<svg width="600" height="40"><text x="0" y="30" font-size="20" font-family="Sarabun">{words}</text></svg>'
    )
    with pdfplumber.open(BytesIO(layout(html, (DEFAULT_THEME,)).write_pdf())) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
    middle = (min(c["top"] for c in chars) + max(c["top"] for c in chars)) / 2
    lines = [[c for c in chars if c["top"] < middle], [c for c in chars if c["top"] >= middle]]

    def placed(line: list[dict[str, float]]) -> list[tuple[str, float, float]]:
        left, base = min(c["x0"] for c in line), max(c["bottom"] for c in line)
        return [(str(c["text"]), c["x0"] - left, c["bottom"] - base) for c in line]

    in_html, in_svg = placed(lines[0]), placed(lines[1])
    assert [c[0] for c in in_svg] == [c[0] for c in in_html]
    for (text, x_html, y_html), (_, x_svg, y_svg) in zip(in_html, in_svg, strict=True):
        assert abs(x_svg - x_html) < 0.08 and abs(y_svg - y_html) < 0.08, text
