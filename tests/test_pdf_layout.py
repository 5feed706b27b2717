"""Printed pages that look finished: on the example's handbook and every agreement, no
letter falls outside the page's printable area or across a table's column rule, and
the running header stays one line with its two texts apart; a long unit name is
shortened to fit; numbers stand with their unit in the reader's order; a KPI template
that runs onto the next page repeats the KPI's name; the contents list each unit's KPI
templates; a theme's emblem is printed on the cover and the agreement.

Letters are read with their boxes (pdfplumber), so a test fails on the very defects a
person sees in the rendered page: a header "คะแนนถ่วงน้ำหนัก" sticking out of its table,
"ผลการดำเนินงาน" running over a column rule, two running texts colliding or wrapping.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from contenttree import ContentTree
from pdfbuild import Rendered, page_texts, render_pdfs_of, squash

from builder.options import DEFAULT_THEME
from builder.pdf.running import HEADER_WIDTH_MM, PT_PER_MM, SIZES, fit_header, fit_single
from builder.site.text_metrics import text_width
from builder.templating import quantity

pytestmark = pytest.mark.pdf

MM = PT_PER_MM
# print.css: @page margin 22mm (top) 16mm (right) 20mm (bottom) 22mm (left); the running
# header and the footer sit in the top and bottom margins
LEFT, RIGHT = 22 * MM, 16 * MM
PAPER_EDGE = 8 * MM  # header and footer text stays this far from the paper's edge
HEADER_BAND = 22 * MM  # letters above this (from the top) are the running header
TOLERANCE = 0.6  # points: a glyph's box may overhang its advance a little
RULE_GAP = 1.0  # points: no letter comes closer than this to a table's column rule


@dataclass(frozen=True)
class PageBoxes:
    """What the checks read of one page: its letters' boxes and its vertical rules."""

    name: str  # "handbook.pdf p12"
    running_texts: int  # 2 in the handbook (the unit's name, the title), 1 in an agreement (fit_single)
    width: float
    height: float
    letters: list[dict[str, Any]]
    rules: list[dict[str, Any]]  # thin and tall: a table's column borders


def page_boxes(pdf: Path) -> list[PageBoxes]:
    """Every page of `pdf`, read once (pdfplumber takes about 0.1 s of CPU a page)."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return [
            PageBoxes(
                f"{pdf.name} p{number}",
                1 if pdf.parent.name == "agreements" else 2,
                float(page.width),
                float(page.height),
                [c for c in page.chars if c["text"].strip()],
                [r for r in (*page.rects, *page.lines) if r["x1"] - r["x0"] < 1.5 and r["bottom"] - r["top"] > 5],
            )
            for number, page in enumerate(document.pages, start=1)
        ]


@pytest.fixture(scope="module")
def example_pages(example_pdfs: Path) -> list[PageBoxes]:
    """Every page of the example's handbook and of every agreement."""
    documents = [example_pdfs / "handbook.pdf", *sorted((example_pdfs / "agreements").glob("*.pdf"))]
    assert len(documents) > 10
    return [page for pdf in documents for page in page_boxes(pdf)]


def outside_printable_area(pages: list[PageBoxes]) -> list[str]:
    return [
        f"{page.name}: {c['text']!r} at x {c['x0'] / MM:.1f}-{c['x1'] / MM:.1f} mm"
        for page in pages
        for c in page.letters
        if c["x0"] < LEFT - TOLERANCE
        or c["x1"] > page.width - RIGHT + TOLERANCE
        or c["top"] < PAPER_EDGE
        or c["bottom"] > page.height - PAPER_EDGE
    ]


def across_column_rules(pages: list[PageBoxes]) -> list[str]:
    """Letters whose box straddles a vertical rule (a table's cell border) it overlaps in
    height, or comes within `RULE_GAP` of it: a cell's padding is 1.5 mm, so a letter that
    close has run through it (a header wider than its column)."""
    found = []
    for page in pages:
        for rule in page.rules:
            x = (rule["x0"] + rule["x1"]) / 2
            for c in page.letters:
                touches = c["x0"] < x + RULE_GAP and c["x1"] > x - RULE_GAP
                if touches and c["bottom"] > rule["top"] + TOLERANCE and c["top"] < rule["bottom"] - TOLERANCE:
                    found.append(f"{page.name}: {c['text']!r} on the rule at {x / MM:.1f} mm")
    return found


def header_problems(pages: list[PageBoxes]) -> list[str]:
    """Running headers that wrap (more than one line) or whose two texts (one at each
    margin) come closer than 5 mm."""
    found = []
    for page in pages:
        head = sorted((c for c in page.letters if c["bottom"] < HEADER_BAND), key=lambda c: c["x0"])
        if not head:
            continue
        text = "".join(c["text"] for c in head)
        bottoms = [c["bottom"] for c in head]
        if max(bottoms) - min(bottoms) > min(c["size"] for c in head) / 2:  # a Thai mark sits a little lower
            found.append(f"{page.name}: the running header takes more than one line: {text}")
        if page.running_texts < 2:  # one text alone, which may fill the line: nothing to touch
            continue
        spans_page = head[0]["x0"] < LEFT + 5 * MM and head[-1]["x1"] > page.width - RIGHT - 5 * MM
        widest_gap = max((b["x0"] - a["x1"] for a, b in pairwise(head)), default=0.0)
        if spans_page and widest_gap < 5 * MM:
            found.append(f"{page.name}: the running texts touch ({widest_gap / MM:.1f} mm apart): {text}")
    return found


# -- the same rules on other content: the example in English, and a tree of very long
# Thai names, positions and units with numbers in the millions

LONG_PROVINCE = "สำนักงานเกษตรจังหวัดพระนครศรีอยุธยาและศูนย์ปฏิบัติการส่งเสริมการเกษตรแบบบูรณาการเฉลิมพระเกียรติ"
LONG_DISTRICT = "สำนักงานเกษตรอำเภอเฉลิมพระเกียรติสมเด็จพระศรีนครินทร์บรมราชชนนีและพื้นที่ส่งเสริมพิเศษลุ่มน้ำเจ้าพระยา"
LONG_POSITION = "นักวิชาการส่งเสริมการเกษตรชำนาญการพิเศษ (รักษาราชการแทนเกษตรอำเภอและผู้ประสานงานโครงการพระราชดำริ)"
LONG_KPI = "จำนวนครัวเรือนเกษตรกรยากจนที่ได้รับการส่งเสริมอาชีพตามแนวปรัชญาเศรษฐกิจพอเพียงและมีรายได้ผ่านเกณฑ์ความจำเป็นพื้นฐาน"
MILLIONS = 12_345  # the split's levels times this: 1,234,500 ... 3,703,500 households


def long_names_tree(root: Path) -> ContentTree:
    """The test tree with every name as long as real ones get, and split targets in the millions."""
    tree = ContentTree(root)
    tree.replace("units/prov/unit.yaml", "name: {th: จังหวัดตัวอย่าง}", f"name: {{th: {LONG_PROVINCE}}}")
    tree.replace("units/dist-a/unit.yaml", "name: {th: อำเภอ ก}", f"name: {{th: {LONG_DISTRICT}}}")
    tree.replace("units/dist-b/unit.yaml", "name: {th: อำเภอ ข}", f"name: {{th: {LONG_DISTRICT}ฝั่งตะวันออก}}")
    tree.replace(
        "units/officer-c/unit.yaml", "name: {th: นักวิชาการส่งเสริมการเกษตร (ตำบล ค)}", f"name: {{th: {LONG_POSITION}}}"
    )
    for unit in ("prov", "dist-a", "dist-b", "officer-c"):
        kpis = f"units/{unit}/kpis.yaml"
        tree.files[kpis] = re.sub(
            r"\{id: poor-households, name: \{th: [^}]*\}",
            f"{{id: poor-households, name: {{th: {LONG_KPI}}}, unit: {{th: ครัวเรือนเกษตรกรที่มีรายได้ผ่านเกณฑ์}}",
            tree.files[kpis],
        )
        agreement = f"units/{unit}/agreements/2568.yaml"
        tree.files[agreement] = re.sub(
            r"(\{kpi: poor-households,[^\[]*criteria: )\[([^\]]*)\]",
            lambda m: m.group(1) + "[" + ", ".join(str(int(v) * MILLIONS) for v in m.group(2).split(",")) + "]",
            tree.files[agreement],
        ).replace(
            "{name: {th: นายเอ}}", f"{{name: {{th: นายสมศักดิ์ศรี ศรีสวัสดิ์วงศ์วิวัฒน์}}, position: {{th: {LONG_POSITION}}}}}"
        )
    return tree


@pytest.fixture(scope="module")
def long_names_pages(tmp_path_factory: pytest.TempPathFactory) -> list[PageBoxes]:
    tmp = tmp_path_factory.mktemp("long-names")
    rendered = render_pdfs_of(long_names_tree(tmp / "content"), tmp)
    assert not rendered.diagnostics.has_errors()
    documents = [rendered.handbook, *sorted((rendered.stage / "agreements").glob("*.pdf"))]
    assert len(documents) == 5
    pages = [page for pdf in documents for page in page_boxes(pdf)]
    assert any(
        LONG_KPI[:20] in "".join(c["text"] for c in page.letters) for page in pages
    )  # what it is about is printed
    return pages


@pytest.fixture(scope="module")
def english_example_pages(tmp_path_factory: pytest.TempPathFactory) -> list[PageBoxes]:
    """The example's handbook and agreements built in English (other words, other widths)."""
    from conftest import EXAMPLE
    from golden import GOLDEN_TODAY
    from pdfbuild import STAMP

    from builder.diagnostics import Diagnostics
    from builder.options import BuildOptions
    from builder.pdf.render import render_pdfs
    from builder.pipeline import load_and_check
    from builder.privacy import publishable
    from builder.scoring.scorecard import score_content

    tmp = tmp_path_factory.mktemp("example-en")
    options = BuildOptions(
        content=EXAMPLE, out=tmp / "out", today=GOLDEN_TODAY, cache=tmp / "cache", lang="en", stamp=STAMP
    )
    checked = load_and_check(options)
    assert checked.content is not None
    content, scores = publishable(checked.content, score_content(checked.content))
    diags = Diagnostics()
    render_pdfs(content, scores, tmp, options, diags)
    assert not diags.has_errors()
    documents = [tmp / "handbook.pdf", *sorted((tmp / "agreements").glob("*.pdf"))]
    assert len(documents) > 10
    pages = [page for pdf in documents for page in page_boxes(pdf)]
    assert any("Agreement" in "".join(c["text"] for c in page.letters) for page in pages[:3])
    return pages


CONTENT_SETS = ["example_pages", "english_example_pages", "long_names_pages"]


@pytest.mark.parametrize("content_set", CONTENT_SETS)
def test_no_text_outside_the_printable_area_of_any_page(content_set: str, request: pytest.FixtureRequest) -> None:
    assert outside_printable_area(request.getfixturevalue(content_set)) == []


@pytest.mark.parametrize("content_set", CONTENT_SETS)
def test_no_text_runs_across_or_onto_a_table_column_rule(content_set: str, request: pytest.FixtureRequest) -> None:
    assert across_column_rules(request.getfixturevalue(content_set)) == []


@pytest.mark.parametrize("content_set", CONTENT_SETS)
def test_running_headers_stay_on_one_line_and_never_touch(content_set: str, request: pytest.FixtureRequest) -> None:
    assert header_problems(request.getfixturevalue(content_set)) == []


def test_the_checks_catch_a_header_sticking_out_and_running_texts_colliding(tmp_path: Path) -> None:
    """The three checks above fail on the defects they are for (a page made to have them)."""
    from builder.pdf.documents import layout
    from builder.pdf.parallel import prepare_weasyprint

    prepare_weasyprint()
    long = "นักวิเคราะห์นโยบายและแผนชำนาญการ (ติดตามและประเมินผลตามคำรับรอง) " * 2
    html = f"""<style>
      @page {{ size: A4; margin: 22mm 16mm 20mm 22mm;
        @top-left {{ content: "{long}"; font-family: Sarabun; font-size: 9pt; vertical-align: bottom; }}
        @top-right {{ content: "คู่มือตัวชี้วัดและคำรับรองการปฏิบัติราชการ"; font-family: Sarabun; font-size: 9pt;
                      vertical-align: bottom; }} }}
      body {{ font-family: Sarabun; }}
      table {{ table-layout: fixed; width: 100%; border-collapse: collapse; }}
      td, th {{ border: 0.5pt solid black; white-space: nowrap; }}
    </style>
    <table><tr><th style="width: 80%">ตัวชี้วัด</th><th>คะแนนถ่วงน้ำหนัก คะแนนถ่วงน้ำหนัก</th></tr></table>
    <table style="width: 40mm; font-size: 9.5pt; table-layout: fixed"><col style="width: 12mm"><col>
    <tr><th style="padding: 1mm 1.5mm">น้ำหนัก</th>
    <th>x</th></tr></table>"""
    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(layout(html, (DEFAULT_THEME,)).write_pdf())
    pages = page_boxes(pdf)
    assert outside_printable_area(pages)
    assert across_column_rules(pages)
    assert header_problems(pages)
    # "น้ำหนัก" in bold (10.2 mm) in a 12 mm column with 1.5 mm padding: into the padding
    assert any("'ก' on the rule" in problem for problem in across_column_rules(pages)), across_column_rules(pages)


# -- running headers -------------------------------------------------------------------

ROOM = (HEADER_WIDTH_MM - 8) * MM  # the header's width less the gap the texts keep


def width_of(header: Any) -> float:
    return text_width(header.left, header.size) + text_width(header.right, header.size)


def test_a_running_header_that_fits_keeps_the_full_name_and_title() -> None:
    header = fit_header("กองแผนงาน", "กผ.", "คู่มือตัวชี้วัดและคำรับรองการปฏิบัติราชการ · ปีงบประมาณ พ.ศ. 2568", "x")
    assert (header.left, header.size, header.small) == ("กองแผนงาน", SIZES[0], False)
    assert header.right.startswith("คู่มือตัวชี้วัดและคำรับรอง")


def test_a_long_name_takes_the_short_title_then_the_small_size_then_is_cut_at_a_word() -> None:
    name = "นักวิเคราะห์นโยบายและแผนชำนาญการ (ติดตามและประเมินผลตามคำรับรอง)"
    title, short = "คู่มือตัวชี้วัดและคำรับรองการปฏิบัติราชการ · ปีงบประมาณ พ.ศ. 2568", "คู่มือตัวชี้วัด · พ.ศ. 2568"
    header = fit_header(name, "", title, short)
    assert (header.left, header.right, header.size) == (name, short, SIZES[0])
    assert width_of(header) <= ROOM
    longer = name + " สำนักงานเกษตรจังหวัดตัวอย่างที่มีชื่อยาวมาก" * 2
    cut = fit_header(longer, "", title, short)
    assert cut.small and cut.right == short and cut.left.endswith("…")
    assert longer.startswith(cut.left[:-1].rstrip()) and width_of(cut) <= ROOM
    assert fit_header(longer, "นวค.", title, short).left == "นวค."  # the short name before cutting


def test_an_agreements_running_title_is_made_smaller_or_cut_to_fit_alone() -> None:
    assert fit_single("กองแผนงาน · ปีงบประมาณ พ.ศ. 2568").size == SIZES[0]
    very_long = "สำนักงานเกษตรอำเภอที่มีชื่อยาวมาก " * 12
    header = fit_single(very_long)
    assert header.small and header.right.endswith("…")
    assert text_width(header.right, header.size) <= HEADER_WIDTH_MM * MM


# -- numbers and their units -----------------------------------------------------------

BEFORE = ("ร้อยละ", "ระดับ", "level")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (86, "ร้อยละ", "ร้อยละ 86"),
        (70, "ร้อยละของแปลง", "ร้อยละ 70 ของแปลง"),
        (4, "ระดับ", "ระดับ 4"),
        (417, "กก./ไร่", "417 กก./ไร่"),
        (200, "ครัวเรือน", "200 ครัวเรือน"),
        (86, "percent", "86 percent"),
        (4, "level", "level 4"),
        (3, "levels of service", "3 levels of service"),  # a whole word only, in Latin script
        (12.5, "", "12.5"),
    ],
)
def test_numbers_stand_with_their_unit_in_the_readers_order(value: float, unit: str, shown: str) -> None:
    assert quantity(value, unit, BEFORE) == shown


# -- an office's book: its own units order, a long KPI template, its emblem --------------

LONG_DESCRIPTION = "ค่าเฉลี่ยผลผลิตข้าวหอมมะลิต่อไร่ของแปลงตัวอย่างที่สุ่มวัดในพื้นที่ส่งเสริม " * 12
PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The test tree with `units_before_number: [กก./ไร่]`, a KPI template long enough to
    run onto a second page, and a theme of the office's with an emblem."""
    tmp = tmp_path_factory.mktemp("office")
    tree = ContentTree(tmp / "content")
    tree.replace("site.yaml", "scoring:", "units_before_number: [กก./ไร่]\nscoring:")
    paragraphs = "\\n\\n".join([LONG_DESCRIPTION] * 6)
    tree.replace(
        "units/prov/kpis.yaml",
        "name: {th: ผลผลิตข้าวหอมมะลิต่อไร่}",
        f'name: {{th: ผลผลิตข้าวหอมมะลิต่อไร่}}, unit: {{th: กก./ไร่}}, description: {{th: "{paragraphs}"}}',
    )
    tree.replace("units/prov/kpis.yaml", "measure: percent}", "measure: percent, unit: {th: ร้อยละ}}")
    theme = tmp / "office-theme"
    (theme / "print").mkdir(parents=True)
    (theme / "print" / "emblem.png").write_bytes(PNG_1x1)
    rendered = render_pdfs_of(tree, tmp, themes=(theme, DEFAULT_THEME))
    assert not rendered.diagnostics.has_errors()
    return rendered


def test_units_before_the_number_are_set_in_site_yaml(office: Rendered) -> None:
    text = squash("".join(page_texts(office.agreement("prov"))))
    assert "กก./ไร่417" in text and "417กก./ไร่" not in text  # this office writes its unit first
    assert "94ร้อยละ" in text  # and ร้อยละ after the number: it is not in this office's list


def test_a_kpi_template_continued_on_the_next_page_repeats_the_kpis_name(office: Rendered) -> None:
    pages = page_texts(office.handbook)
    with_description = [n for n, text in enumerate(pages) if "ค่าเฉลี่ยผลผลิตข้าวหอมมะลิต่อไร่ของแปลง" in text]
    assert len(with_description) >= 2, "the template should run over more than one page"
    for number in with_description:
        body = pages[number].replace("ค่าเฉลี่ยผลผลิตข้าวหอมมะลิต่อไร่", "§")
        name_at = body.find("ผลผลิตข้าวหอมมะลิต่อไร่")
        assert 0 <= name_at < body.find("§"), f"page {number + 1} goes on without the KPI's name"


def test_the_contents_list_each_units_kpi_templates_with_their_pages(office: Rendered) -> None:
    pages = page_texts(office.handbook, layout=True)
    entries = [
        (match.group(1), int(match.group(2)))
        for line in pages[1].splitlines()
        if (match := re.match(r"\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line))
    ]
    names = [name for name, _page in entries]
    prov_kpis = ["ผลผลิตข้าวหอมมะลิต่อไร่", "จำนวนครัวเรือนยากจนที่พ้นเกณฑ์", "ระยะเวลาเฉลี่ยในการให้บริการ"]
    start = names.index("จังหวัดตัวอย่าง")
    assert names[start + 1 : start + 4] == prov_kpis  # listed under their unit, in its order
    for name, number in entries:
        assert squash(name) in squash(pages[number - 1]), f"'{name}' is not on page {number}"
    assert names.index("อำเภอ ก") > start + 4


def test_a_themes_emblem_is_printed_on_the_cover_and_on_each_agreement(office: Rendered, example_pdfs: Path) -> None:
    assert image_pages(office.handbook) == [1]
    assert image_pages(office.agreement("prov")) == [1]
    assert image_pages(example_pdfs / "handbook.pdf") == []  # the example's own emblem is an SVG: drawn, no picture


def image_pages(pdf: Path) -> list[int]:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    return sorted({int(line.split()[0]) for line in listing.splitlines()[2:] if line.strip()})


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (417, "417"),
        (414.5, "414.5"),
        (99999, "99,999"),
        (1234500, '<span class="long-number">1,<wbr>234,<wbr>500</span>'),
        (-250000.25, '<span class="long-number">-250,<wbr>000.25</span>'),
        (None, "–"),
    ],
)
def test_a_long_level_value_is_grouped_smaller_and_may_wrap_after_a_comma(value: float | None, shown: str) -> None:
    from builder.pdf.documents import level_value

    assert str(level_value(value)) == shown


def test_a_target_breaks_only_between_its_words() -> None:
    """ "1,100 ครัวเรือน" in the agreement's narrow target column: each short word kept
    whole (never "1," on one line and "100" on the next); a long one free to wrap; content
    escaped."""
    from builder.pdf.documents import unbroken_words

    assert str(unbroken_words("1,100 ครัวเรือน")) == (
        '<span class="unbroken">1,100</span> <span class="unbroken">ครัวเรือน</span>'
    )
    long = "ร้อยละของครัวเรือนเกษตรกรที่ผ่านเกณฑ์"
    assert str(unbroken_words(f"ร้อยละ 70 {long}")).endswith(f"</span> {long}")
    assert "&lt;b&gt;" in str(unbroken_words("<b>"))
