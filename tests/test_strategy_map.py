"""The strategy map: a legible SVG for 20+ goals with long Thai names that wrap.

A provincial office's map with 24 goals in 4 perspectives (and one perspective of the
site that the unit does not use), cause→effect links within and across bands, and KPIs
under the goals. The map is checked as XML (every goal boxed, every name whole, every
line inside its box, no boxes overlapping, no arrow through a box, every link an arrow
with a head), then drawn — by Chromium from the SVG and by WeasyPrint from the print
form — into test-artifacts/ for a person to look at, with the drawn text checked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from itertools import combinations, pairwise
from pathlib import Path

import pytest
from browser import launch
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.model import Goal, Kpi, Perspective, Site, Strategy, Text, Unit
from builder.site.map_drawing import goal_anchor, plan_map
from builder.site.map_layout import PAD_X
from builder.site.strategy_map import strategy_map_svg
from builder.site.text_metrics import FONTS, text_width
from builder.thaitext import LEADING_VOWELS, NO_BREAK_BEFORE, wrap

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SVG = "{http://www.w3.org/2000/svg}"

PERSPECTIVES = (
    Perspective(id="effectiveness", name=Text("ประสิทธิผลตามพันธกิจ", "Effectiveness")),
    Perspective(id="quality", name=Text("คุณภาพการให้บริการ", "Service quality")),
    Perspective(id="unused", name=Text("มุมมองที่หน่วยงานไม่ได้ใช้", "Unused")),
    Perspective(id="efficiency", name=Text("ประสิทธิภาพของการปฏิบัติราชการ", "Efficiency")),
    Perspective(id="development", name=Text("การพัฒนาองค์การ", "Organisational development")),
)
GOAL_NAMES = {
    "effectiveness": [
        "ประชาชนในพื้นที่มีรายได้เพิ่มขึ้นอย่างมั่นคงและยั่งยืน",
        "ผลผลิตทางการเกษตรมีคุณภาพได้มาตรฐานและเป็นที่ต้องการของตลาด",
        "ความยากจนของครัวเรือนเป้าหมายลดลงอย่างต่อเนื่อง",
        "ชุมชนมีความเข้มแข็งและพึ่งพาตนเองได้",
        "ทรัพยากรธรรมชาติและสิ่งแวดล้อมได้รับการอนุรักษ์และฟื้นฟู",
        "การท่องเที่ยวเชิงเกษตรสร้างมูลค่าเพิ่มให้แก่ชุมชน",
    ],
    "quality": [
        "ประชาชนพึงพอใจต่อการให้บริการของหน่วยงานภาครัฐ",
        "การบริการเป็นไปตามมาตรฐานและระยะเวลาที่กำหนด",
        "เกษตรกรเข้าถึงองค์ความรู้และเทคโนโลยีที่เหมาะสม",
        "ข้อมูลสารสนเทศถูกต้องครบถ้วนและเป็นปัจจุบัน",
        "เครือข่ายภาคีความร่วมมือมีส่วนร่วมในการพัฒนาพื้นที่",
        "ระบบการรับเรื่องร้องเรียนมีประสิทธิภาพและโปร่งใส",
    ],
    "efficiency": [
        "การเบิกจ่ายงบประมาณเป็นไปตามแผนที่กำหนด",
        "กระบวนงานได้รับการปรับปรุงให้ลดขั้นตอนและระยะเวลา",
        "การบริหารจัดการทรัพยากรคุ้มค่าและประหยัด",
        "การนำเทคโนโลยีดิจิทัลมาใช้ในการปฏิบัติงานอย่างทั่วถึง",
        "การติดตามและประเมินผลการดำเนินงานเป็นระบบ",
        "ระบบการควบคุมภายในและบริหารความเสี่ยงมีประสิทธิผล",
    ],
    "development": [
        "บุคลากรมีสมรรถนะและทักษะที่จำเป็นต่อการปฏิบัติงาน",
        "ระดับความสำเร็จของการจัดการความรู้ในองค์การ",
        "องค์การมีวัฒนธรรมการทำงานที่มุ่งผลสัมฤทธิ์",
        "บุคลากรมีคุณภาพชีวิตที่ดีและมีความสุขในการทำงาน",
        "ระบบฐานข้อมูลและโครงสร้างพื้นฐานด้านเทคโนโลยีสารสนเทศมีความพร้อม",
        "ผู้บริหารมีภาวะผู้นำและธรรมาภิบาล",
    ],
}
PREFIX = {"effectiveness": "e", "quality": "q", "efficiency": "f", "development": "d"}
LEADS_TO = {
    "q1": ["e1", "e4"],
    "q2": ["e1"],
    "q3": ["e2", "e6"],
    "q4": ["e3"],
    "q5": ["e4", "e5"],
    "q6": ["q1"],  # within a band
    "f1": ["q2"],
    "f2": ["q2", "q6"],
    "f3": ["q5"],
    "f4": ["q4", "q3"],
    "f5": ["e3"],  # across a band
    "f6": ["q6"],
    "d1": ["f2", "f4"],
    "d2": ["f5", "q3"],
    "d3": ["f1"],
    "d4": ["d1"],
    "d5": ["f4", "e2"],  # across two bands
    "d6": ["f3", "f6"],
}


def provincial_office() -> tuple[Unit, Site, dict[str, list[Kpi]]]:
    goals = [
        Goal(
            id=f"{PREFIX[p]}{i}",
            name=Text(name, f"Goal {i} of {p}"),
            perspective=p,
            leads_to=tuple(LEADS_TO.get(f"{PREFIX[p]}{i}", ())),
        )
        for p, names in GOAL_NAMES.items()
        for i, name in enumerate(names, 1)
    ]
    unit = Unit(
        id="prov",
        name=Text("สำนักงานเกษตรจังหวัดตัวอย่าง", "Example Provincial Office"),
        strategy=Strategy(goals=tuple(goals)),
    )
    kpis = {
        g.id: [
            Kpi(unit="prov", id=f"{g.id}-k{j}", name=Text(f"ร้อยละของ{g.name.th}ที่ผ่านเกณฑ์ระดับ {j}"))
            for j in range(1, 2 + i % 4)
        ]
        for i, g in enumerate(goals)
    }
    return unit, Site(perspectives=PERSPECTIVES), kpis


def goal_href(goal: Goal) -> str:
    return f"index.html#goal-{goal.id}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def goal_groups(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-goal", ""): g for g in root.iter(f"{SVG}g") if g.get("class") == "smap-goal"}


def lines_of(text: ET.Element) -> list[str]:
    return [tspan.text or "" for tspan in text.iter(f"{SVG}tspan")]


def rect_of(group: ET.Element) -> tuple[float, float, float, float]:
    rect = group.find(f"{SVG}rect")
    assert rect is not None
    return tuple(float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- the SVG ---------------------------------------------------------------------------


def test_every_goal_has_a_box_with_its_whole_name_linked_to_its_kpis() -> None:
    unit, site, kpis = provincial_office()
    root = parse(strategy_map_svg(unit, site, "th", goal_href=goal_href, kpis_by_goal=kpis))

    groups = goal_groups(root)
    assert set(groups) == {g.id for g in unit.strategy.goals}
    links = {a.get("href"): a for a in root.iter(f"{SVG}a")}
    wrapped = 0
    for goal in unit.strategy.goals:
        group = groups[goal.id]
        lines = lines_of(group.findall(f"{SVG}text")[0])
        wrapped += len(lines) > 1
        assert without_spaces("".join(lines)) == without_spaces(goal.name.th), "no character lost or reordered"
        assert all(line in goal.name.th for line in lines), "each line is a slice of the name"
        title = group.find(f"{SVG}title")
        assert title is not None and title.text is not None
        assert title.text.startswith(goal.name.th)
        assert all(k.name.th in title.text for k in kpis[goal.id]), "the tooltip names every KPI"
        assert links[goal_href(goal)].find(f"{SVG}g") is group
        assert group.get("id") == goal_anchor("prov", goal.id)
    assert wrapped >= 20, "long Thai names wrap"


def test_the_svg_is_self_contained_and_labelled() -> None:
    unit, site, kpis = provincial_office()
    svg = strategy_map_svg(unit, site, "th", goal_href=goal_href, kpis_by_goal=kpis)
    root = parse(svg)

    assert root.get("role") == "group", "a map holding links is a group of links, not an image"
    assert parse(strategy_map_svg(unit, site, "th", kpis_by_goal=kpis)).get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 960 \d+(\.\d)?", root.get("viewBox", ""))
    assert root.get("aria-label") == "แผนที่ยุทธศาสตร์ สำนักงานเกษตรจังหวัดตัวอย่าง: เป้าประสงค์ 24 รายการ ใน 4 มุมมอง"
    assert root.find(f"{SVG}title") is not None
    assert "Sarabun" in root.get("font-family", "")
    for element in root.iter():
        assert element.tag != f"{SVG}script" and element.tag != f"{SVG}style" and element.tag != f"{SVG}image"
    assert "url(" not in svg.replace("url(#smap-prov-arrow)", ""), "no reference outside the SVG"
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_bands_are_the_perspectives_the_unit_uses_in_site_order() -> None:
    unit, site, kpis = provincial_office()
    root = parse(strategy_map_svg(unit, site, "en", kpis_by_goal=kpis))

    bands = [g for g in root.iter(f"{SVG}g") if g.get("class") == "smap-band"]
    assert [b.get("data-perspective") for b in bands] == ["effectiveness", "quality", "efficiency", "development"]
    assert [" ".join(lines_of(b.find(f"{SVG}text"))) for b in bands] == [  # type: ignore[arg-type]
        "Effectiveness",
        "Service quality",
        "Efficiency",
        "Organisational development",
    ]
    tops = [float(b.find(f"{SVG}rect").get("y")) for b in bands]  # type: ignore[union-attr]
    assert tops == sorted(tops)
    for band, perspective in zip(bands, ["effectiveness", "quality", "efficiency", "development"], strict=True):
        y, height = float(band.find(f"{SVG}rect").get("y")), float(band.find(f"{SVG}rect").get("height"))  # type: ignore[union-attr]
        for goal in (g for g in unit.strategy.goals if g.perspective == perspective):
            _, box_y, _, box_h = rect_of(goal_groups(root)[goal.id])
            assert y < box_y and box_y + box_h < y + height, f"{goal.id} lies inside its band"


def test_no_line_is_wider_than_its_box() -> None:
    unit, site, kpis = provincial_office()
    root = parse(strategy_map_svg(unit, site, "th", kpis_by_goal=kpis))

    for goal_id, group in goal_groups(root).items():
        _, _, width, _ = rect_of(group)
        for text in group.findall(f"{SVG}text"):
            size = float(text.get("font-size", "0"))
            for line in lines_of(text):
                assert text_width(line, size) <= width - 2 * PAD_X + 0.01, f"{goal_id}: {line!r}"


def test_boxes_do_not_overlap() -> None:
    unit, site, kpis = provincial_office()
    rects = [rect_of(g) for g in goal_groups(parse(strategy_map_svg(unit, site, "th", kpis_by_goal=kpis))).values()]

    for (x1, y1, w1, h1), (x2, y2, w2, h2) in combinations(rects, 2):
        assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1


def test_every_link_is_an_arrow_with_a_head() -> None:
    unit, site, kpis = provincial_office()
    root = parse(strategy_map_svg(unit, site, "th", kpis_by_goal=kpis))

    markers = {m.get("id") for m in root.iter(f"{SVG}marker")}
    arrows = {
        (p.get("data-from"), p.get("data-to")): p for p in root.iter(f"{SVG}path") if p.get("class") == "smap-arrow"
    }
    links = {(g.id, target) for g in unit.strategy.goals for target in g.leads_to}
    assert set(arrows) == links
    for path in arrows.values():
        assert re.fullmatch(r"url\(#(.+)\)", path.get("marker-end", "")).group(1) in markers  # type: ignore[union-attr]
        assert path.get("d", "").startswith("M")


def test_no_arrow_runs_through_a_box() -> None:
    unit, site, kpis = provincial_office()
    assert_routes_avoid_boxes(unit, site, kpis)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=22),
    st.lists(st.tuples(st.integers(min_value=0, max_value=21), st.integers(min_value=0, max_value=21)), max_size=30),
    st.sampled_from(["สำเร็จ", "การจัดการความรู้อย่างเป็นระบบ", "Digital government services for every district"]),
)
def test_any_map_keeps_boxes_apart_and_arrows_outside_them(
    perspectives: list[int], links: list[tuple[int, int]], stem: str
) -> None:
    ids = [f"g{i}" for i in range(len(perspectives))]
    leads: dict[str, list[str]] = {i: [] for i in ids}
    for a, b in links:
        if a < len(ids) and b < len(ids) and a != b and ids[b] not in leads[ids[a]]:
            leads[ids[a]].append(ids[b])
    goals = tuple(
        Goal(id=gid, name=Text(stem * (1 + n % 3)), perspective=PERSPECTIVES[p].id, leads_to=tuple(leads[gid]))
        for n, (gid, p) in enumerate(zip(ids, perspectives, strict=True))
    )
    unit = Unit(id="u", name=Text("หน่วย"), strategy=Strategy(goals=goals))
    site = Site(perspectives=PERSPECTIVES)
    root = parse(strategy_map_svg(unit, site, "th"))
    rects = [rect_of(g) for g in goal_groups(root).values()]
    assert len(rects) == len(goals)
    for (x1, y1, w1, h1), (x2, y2, w2, h2) in combinations(rects, 2):
        assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1
    assert_routes_avoid_boxes(unit, site, {})


def assert_routes_avoid_boxes(unit: Unit, site: Site, kpis: dict[str, list[Kpi]]) -> None:
    """Each straight piece of each arrow stays outside every box (touching the source
    and target edges at its ends is what an arrow does)."""
    layout = plan_map(unit, site, "th", None, kpis, 960.0).layout
    for arrow in layout.arrows:
        assert len(arrow.points) >= 2
        for (x1, y1), (x2, y2) in zip(arrow.points, arrow.points[1:], strict=False):
            assert x1 == pytest.approx(x2) or y1 == pytest.approx(y2), "orthogonal pieces"
            for box in layout.boxes.values():
                inside_x = max(x1, x2) > box.x + 0.5 and min(x1, x2) < box.right - 0.5
                inside_y = max(y1, y2) > box.y + 0.5 and min(y1, y2) < box.bottom - 0.5
                assert not (inside_x and inside_y), f"{arrow.source}→{arrow.target} crosses {box.goal.id}"


def test_hostile_names_are_text_not_markup() -> None:
    goals = (
        Goal(
            id="a", name=Text('<script>alert(1)</script> "onload=alert(2) & ยิ่ง'), perspective="quality", leads_to=("b",)
        ),
        Goal(id="b", name=Text("x' onmouseover='alert(3)\x00\x1b"), perspective="effectiveness"),
    )
    unit = Unit(
        id='u"><svg onload=alert(4)>', name=Text("</title><script>alert(5)</script>"), strategy=Strategy(goals=goals)
    )
    svg = strategy_map_svg(unit, Site(perspectives=PERSPECTIVES), "th", goal_href=lambda g: "javascript:alert(6)")
    root = parse(svg)

    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert not [e for e in root.iter() if any(k.startswith("on") for k in e.attrib)]
    assert not list(root.iter(f"{SVG}a")), "a javascript: link is dropped"
    groups = goal_groups(root)
    assert without_spaces("".join(lines_of(groups["a"].find(f"{SVG}text")))) == without_spaces(goals[0].name.th)  # type: ignore[arg-type]
    assert "".join(lines_of(groups["b"].find(f"{SVG}text"))) == "x' onmouseover='alert(3)"  # type: ignore[arg-type]
    assert root.find(f"{SVG}title").text == "แผนที่ยุทธศาสตร์ </title><script>alert(5)</script>"  # type: ignore[union-attr]


def test_a_unit_without_goals_gets_an_empty_map() -> None:
    root = parse(strategy_map_svg(Unit(id="u", name=Text("หน่วย")), Site(perspectives=PERSPECTIVES), "th"))
    assert not goal_groups(root)


# -- Thai line breaking ----------------------------------------------------------------


def unit_width(char: str) -> float:
    return 0.0 if unicodedata.combining(char) or unicodedata.category(char) == "Mn" else 1.0


def test_thai_breaks_between_words_with_the_dictionary() -> None:
    text = "ระดับความสำเร็จของการจัดการความรู้"
    assert wrap(text, 6, unit_width) == ["ระดับ", "ความ", "สำเร็จ", "ของการ", "จัดการ", "ความรู้"]
    assert wrap(text, 14, unit_width) == ["ระดับความสำเร็จ", "ของการจัดการ", "ความรู้"]


def test_thai_breaks_between_syllables_without_the_dictionary() -> None:
    text = "ระดับความสำเร็จของการจัดการความรู้"
    assert wrap(text, 14, unit_width, dictionary=False) == ["ระดับความสำ", "เร็จของการจัดการ", "ความรู้"]


def test_latin_words_break_at_spaces_only() -> None:
    assert wrap("Improve the service quality of district offices", 12, lambda c: 1.0) == [
        "Improve the",
        "service",
        "quality of",
        "district",
        "offices",
    ]


THAI = st.text(
    alphabet=st.sampled_from([chr(c) for c in range(0x0E01, 0x0E5C) if unicodedata.name(chr(c), "")] + [" ", "9", "K"]),
    min_size=1,
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(THAI, st.integers(min_value=1, max_value=20), st.booleans())
def test_a_line_never_ends_inside_a_thai_cluster(text: str, width: int, dictionary: bool) -> None:
    lines = wrap(text, width, unit_width, dictionary=dictionary)
    text = " ".join(text.split())  # as wrap sees it

    assert without_spaces("".join(lines)) == without_spaces(text), "no character lost or reordered"
    position = 0
    for line, following in pairwise(lines):
        position = text.index(line, position) + len(line)
        if text[position] == " ":
            continue  # a break at a space may come before anything
        assert following[0] not in NO_BREAK_BEFORE, f"{line!r} | {following!r}"
        assert line[-1] not in LEADING_VOWELS, f"{line!r} | {following!r}"


# -- drawn, for a person to look at ----------------------------------------------------


def page(body: str) -> str:
    faces = "".join(
        f"@font-face {{ font-family: Sarabun; font-weight: {weight}; src: url('{(FONTS / file).as_uri()}'); }}"
        for weight, file in (("normal", "Sarabun-Regular.ttf"), ("bold", "Sarabun-Bold.ttf"))
    )
    return (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><style>{faces}'
        "@page { size: A4; margin: 20mm } body { margin: 0; font-family: Sarabun }</style></head>"
        f"<body>{body}</body></html>"
    )


@pytest.mark.browser
def test_chromium_draws_every_line_inside_its_box(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    unit, site, kpis = provincial_office()
    html = tmp_path / "map.html"
    html.write_text(page(strategy_map_svg(unit, site, "th", goal_href=goal_href, kpis_by_goal=kpis)), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            view = browser.new_page(viewport={"width": 1000, "height": 900}, device_scale_factor=1.5)
            view.goto(html.as_uri())
            view.evaluate("document.fonts.ready")
            assert view.evaluate("document.fonts.check('13px Sarabun')")
            overflowing = view.evaluate(
                """() => [...document.querySelectorAll('g.smap-goal')].flatMap(g => {
                    const r = g.querySelector('rect').getBBox();
                    return [...g.querySelectorAll('text')].map(t => t.getBBox())
                      .filter(b => b.x < r.x + 2 || b.x + b.width > r.x + r.width - 2 || b.y < r.y || b.y + b.height > r.y + r.height)
                      .map(b => g.dataset.goal);
                })"""
            )
            ARTIFACTS.mkdir(exist_ok=True)
            view.screenshot(path=str(ARTIFACTS / "strategy-map-chromium.png"), full_page=True)
        finally:
            browser.close()
    assert overflowing == []


@pytest.mark.pdf
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_weasyprint_prints_the_map_with_its_thai_text(tmp_path: Path) -> None:
    """The handbook prints the site's SVG (with the SVG text and Thai text layer patches
    it is printed with): every line of every goal's name is in the PDF's text."""
    from weasyprint import HTML

    from builder.pdf.parallel import prepare_weasyprint
    from builder.pdf.thai_text_layer import thai_text_layer

    unit, site, kpis = provincial_office()
    svg = strategy_map_svg(unit, site, "th", goal_href=goal_href, kpis_by_goal=kpis)
    pdf = tmp_path / "map.pdf"
    prepare_weasyprint()
    with thai_text_layer():  # as the handbook is printed: an exact Thai text layer
        HTML(string=page(f'<div style="width: 170mm">{svg}</div>')).write_pdf(pdf)

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("\f") == 1, "the map fits one A4 page"
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "120", "-singlefile", str(pdf), str(ARTIFACTS / "strategy-map-print")], check=True
    )
    drawn = without_spaces(text)
    groups = goal_groups(parse(svg))
    for goal in unit.strategy.goals:
        assert goal.name.en not in text
        lines = lines_of(groups[goal.id])
        assert without_spaces("".join(lines)).startswith(without_spaces(goal.name.th))
        for line in lines:
            assert without_spaces(line) in drawn, line


def test_a_caption_too_long_keeps_what_fits_in_thai_and_in_english() -> None:
    """Cut between two grapheme clusters, marks on their letters: a Latin name kept
    nothing but the ellipsis before (it has no break inside a word run)."""
    from builder.site.text_metrics import char_width
    from builder.thaitext import attaches_to_previous, truncate

    def width(char: str) -> float:
        return char_width(char, 14)

    english = truncate("Bureau of Agricultural Commodities Promotion and Management", 300, width)
    assert english.startswith("Bureau of Agricultural") and english.endswith("…")
    name = "ร้อยละที่ลดลงของจำนวนครัวเรือนเกษตรกรยากจนที่มีรายได้ต่ำกว่าเกณฑ์"
    for room in range(120, 260, 7):
        thai = truncate(name, room, width)
        kept = thai[:-1]
        assert name.startswith(kept) and thai.endswith("…") and sum(map(width, thai)) <= room
        assert not attaches_to_previous(name[len(kept)]), f"a mark left off its letter at {room}: {thai}"
        assert kept[-1] not in "เแโใไ", f"a leading vowel without its letter at {room}: {thai}"
    assert sum(map(width, english)) <= 300
