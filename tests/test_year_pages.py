"""The pages of the year's work and the plans above, built from the example content: the
process calendar, what is still owed in each round, the alignment with the national
plans, and the initiatives on unit, KPI and strategy-map pages. First the built HTML by
CSS selector, then in headless Chromium as a reader uses them (a phone, the map's
toggle, printing the timeline, axe-core). Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import launch, require
from bs4 import BeautifulSoup
from sitebuild import ARTIFACTS, page, text_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    """The example built once per session (tests/conftest.py), as of 1 December 2025."""
    return example_site


def links_resolve(out: Path, soup: BeautifulSoup, where: str, selector: str) -> list[str]:
    hrefs = [a["href"] for a in soup.select(selector) if not a["href"].startswith("#")]
    base = (out / where).parent
    for href in hrefs:
        target = (base / href.split("#")[0]).resolve()
        assert target.is_file(), f"{where}: {href} does not exist"
    return hrefs


# -- the calendar ----------------------------------------------------------------------


def test_the_calendar_page_has_deadlines_a_timeline_and_every_step(site: Path) -> None:
    soup = page(site, "calendar.html")
    assert text_of(soup, "h1") == ["ปฏิทินการดำเนินงาน ปีงบประมาณ พ.ศ. 2568"]
    rows = [
        [" ".join(c.get_text(" ").split()) for c in tr.select("th, td")]
        for tr in soup.select("table.deadlines tbody tr")
    ]
    assert [r[:2] for r in rows] == [
        ["รอบ 6 เดือน", "11 เมษายน 2568 เลยกำหนด 234 วัน"],  # one KPI still not reported
        ["รอบที่ 1 (1 ต.ค. – 31 มี.ค.)", "10 เมษายน 2568 กำหนดผ่านมาแล้ว 235 วัน"],  # individuals: not shown
        ["รอบ 9 เดือน", "10 กรกฎาคม 2568 เลยกำหนด 144 วัน"],
        ["รอบ 12 เดือน", "15 ตุลาคม 2568 กำหนดผ่านมาแล้ว 47 วัน"],  # every KPI reported: not late
        ["รอบที่ 2 (1 เม.ย. – 30 ก.ย.)", "10 ตุลาคม 2568 กำหนดผ่านมาแล้ว 52 วัน"],
    ]
    overdue = [bool(tr.select(".days-overdue")) for tr in soup.select("table.deadlines tbody tr")]
    assert overdue == [True, False, True, False, False]
    assert rows[2][3:] == ["3", "2"]  # m9: not reported, awaiting verification
    assert rows[1][3:] == ["ไม่แสดงผลระดับบุคคล"]  # individuals' round: not published
    months = text_of(soup, "table.timeline thead th.month")
    assert (len(months), months[0], months[-1]) == (18, "ต.ค. 2567", "มี.ค. 2569")
    assert text_of(soup, "table.timeline thead th.current") == ["ธ.ค. 2568"]
    timeline = soup.select("table.timeline tbody tr")
    assert len(timeline) == 29
    # the working team is appointed in October 2567 only
    assert [td.get("class") for td in timeline[0].select("td")][:2] == [["on"], ["off"]]
    states = {li["id"]: li["class"][-1] for li in soup.select("ol.steps > li")}
    assert [s for s, state in states.items() if state != "state-done"] == [
        "step-report-9",
        "step-site-visit-2",
        "step-summary",
        "step-announce",
        "step-rewards",
    ]
    assert states["step-report-9"] == "state-overdue"
    sar6 = soup.select_one("#step-sar-6")
    assert sar6 is not None
    assert " ".join(sar6.select_one(".facts").get_text(" ").split()) == (
        "ผู้รับผิดชอบ ทุกสำนัก/กอง, ทุกศูนย์, ทุกสำนักงานเกษตรจังหวัด, ทุกสำนักงานเกษตรอำเภอ, ทุกกลุ่ม/ฝ่าย "
        "หน่วยงานที่เกี่ยวข้อง กลุ่มติดตามและประเมินผล "
        "กำหนดส่งผลของ รอบ 6 เดือน เอกสารที่ได้ รายงานการประเมินผลตนเอง (SAR) รอบ 6 เดือน "
        "ดำเนินการแล้วเมื่อ 11 เมษายน 2568"
    )
    feeds = links_resolve(site, soup, "calendar.html", "ul.feeds a")
    assert feeds[0] == "calendar/2568.ics" and len(feeds) == 18
    links_resolve(site, soup, "calendar.html", "table.deadlines a")


def test_a_year_without_a_calendar_says_so(site: Path) -> None:
    soup = page(site, "calendar-2567.html")
    assert text_of(soup, "main .empty") == ["ยังไม่มีปฏิทินการดำเนินงานของปีนี้"]


# -- what is owed ----------------------------------------------------------------------


def test_the_owed_page_of_the_9_month_round(site: Path) -> None:
    soup = page(site, "owed/m9.html")
    assert text_of(soup, "h1") == ["ผู้ที่ยังค้างส่งผล รอบ 9 เดือน ปีงบประมาณ พ.ศ. 2568"]
    assert text_of(soup, ".counts dd") == ["52", "49", "47", "3", "2"]
    by_unit = soup.select_one("section[aria-labelledby=by-unit]")
    assert by_unit is not None
    groups = [" ".join(h.get_text(" ").split()) for h in by_unit.select("h3")]
    assert groups == [
        "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร 1 ตัวชี้วัด",
        "กลุ่มยุทธศาสตร์และแผนงาน 1 ตัวชี้วัด",
        "สำนักงานเกษตรอำเภอ ก 1 ตัวชี้วัด",
        "สำนักงานเกษตรอำเภอ ข 1 ตัวชี้วัด",
        "กลุ่มยุทธศาสตร์และสารสนเทศ สำนักงานเกษตรจังหวัด ก 1 ตัวชี้วัด",
    ]
    states = [tr["class"][0] for tr in by_unit.select("table.owed tbody tr")]
    assert states == ["owed-missing", "owed-unverified", "owed-unverified", "owed-missing", "owed-missing"]
    by_collector = soup.select_one("section[aria-labelledby=by-collector]")
    assert by_collector is not None
    assert text_of(by_collector, ".contact")[0] == (
        "เจ้าพนักงานเครื่องคอมพิวเตอร์ชำนาญงาน · โทร. ต่อ 1420 · anucha.p@doae.example"
    )
    links_resolve(site, soup, "owed/m9.html", "table.owed a")
    links_resolve(site, soup, "owed/m9.html", ".data-link a")


def test_the_owed_page_of_individuals_shows_no_one_unless_published(site: Path) -> None:
    soup = page(site, "owed/p1.html")
    assert text_of(soup, ".privacy-note") == ["ไม่แสดงตัวชี้วัดระดับบุคคล เนื่องจากเว็บไซต์ไม่เผยแพร่ผลระดับบุคคล"]
    assert soup.select("table.owed") == []
    assert "dist-a-tambon-c" not in (site / "owed/p1.html").read_text("utf-8")


def test_the_navigation_links_the_round_due_next(site: Path) -> None:
    nav = page(site, "index.html").select_one("nav.sections")
    assert nav is not None
    assert [a["href"] for a in nav.select("a")][3:6] == ["calendar.html", "owed/p2.html", "alignment.html"]


# -- alignment -------------------------------------------------------------------------


def test_the_alignment_page_shows_what_serves_each_target_and_what_nothing_serves(site: Path) -> None:
    soup = page(site, "alignment.html")
    assert text_of(soup, ".gap-summary") == ["ยังไม่มีสิ่งใดสนับสนุน 6 จาก 32 เป้าหมาย"]
    assert [li["id"] for li in soup.select("li.target.unserved")] == [
        "target-ns-1",
        "target-mp-03-1",
        "target-mp-03-2",
        "target-mp-03-3",
        "target-mp-03-4",
        "target-ns-3",
    ]
    sub_plan = soup.select_one("#target-mp-03-6")
    assert sub_plan is not None
    assert text_of(sub_plan, ".servers li") == [
        "เป้าประสงค์ ผลผลิตต่อไร่ของสินค้าเกษตรหลักเพิ่มขึ้น กสก.",
        "เป้าประสงค์ ผลผลิตข้าวหอมมะลิต่อไร่เพิ่มขึ้น สนง.กษจ. ก",
        "ตัวชี้วัด ร้อยละที่เพิ่มขึ้นของผลผลิตข้าวหอมมะลิเฉลี่ยต่อไร่ในพื้นที่ส่งเสริม",
        "โครงการ โครงการส่งเสริมการเกษตรแบบแปลงใหญ่ กสก. · 125,400,000 บาท",
        "โครงการ กิจกรรมโรงเรียนเกษตรกรข้าวหอมมะลิ สนง.กษจ. ก · 640,000 บาท",
    ]
    links_resolve(site, soup, "alignment.html", ".servers a")
    english = page(site, "en/alignment.html")
    assert text_of(english, ".gap-summary") == ["Targets nothing serves yet: 6 of 32"]


def test_goals_and_kpis_name_the_targets_they_serve(site: Path) -> None:
    soup = page(site, "units/prov-a/index.html")
    assert text_of(soup, "#goal-g-poverty .goal-plans a") == [
        "แผนย่อยของแผนแม่บท 16.1 แผนย่อยการยกระดับศักยภาพการเป็นผู้ประกอบธุรกิจ",
        "เป้าหมายการพัฒนาที่ยั่งยืนรายเป้าหมาย SDG 1 ขจัดความยากจนทุกรูปแบบในทุกพื้นที่",
    ]
    hrefs = links_resolve(site, soup, "units/prov-a/index.html", ".goal-plans a")
    assert "../../alignment.html#target-mp-16-1" in hrefs
    kpi = page(site, "units/prov-a/kpis/poor-households-lifted.html")
    assert [a["href"] for a in kpi.select("dd.goal-plans a")] == ["../../../alignment.html#target-mp-16-1"]
    # every target linked is on the alignment page
    alignment = {li["id"] for li in page(site, "alignment.html").select("li.target")}
    assert {h.split("#")[1] for h in hrefs} <= alignment
    english = page(site, "en/units/prov-a/index.html")
    assert text_of(english, "#goal-g-poverty .goal-plans .label") == ["Serves national plans:"]


# -- initiatives on unit, KPI and strategy-map pages ------------------------------------


def test_the_unit_page_lists_initiatives_with_budget_totals(site: Path) -> None:
    soup = page(site, "units/doae/index.html")
    rows = soup.select("table.initiatives tbody tr")
    assert [tr["id"] for tr in rows] == [
        "initiative-large-farms",
        "initiative-learning-centres",
        "initiative-stubble-ploughing",
        "initiative-registry-update",
        "initiative-km-activity",
    ]
    cells = [" ".join(td.get_text(" ").split()) for td in rows[0].select("td")]
    assert cells[1:] == ["125,400,000", "121,650,000 ร้อยละ 97.01 ของงบประมาณ", "ร้อยละ 100", "แล้วเสร็จ ณ รอบ 12 เดือน"]
    totals = [
        [" ".join(c.get_text(" ").split()) for c in tr.select("th, td")]
        for tr in soup.select("table.budget-totals tr")[1:]
    ]
    assert totals == [
        ["มิติด้านประสิทธิผล", "3", "191,700,000", "186,810,000", "97.45"],
        ["มิติด้านคุณภาพการให้บริการ", "1", "86,500,000", "84,120,000", "97.25"],
        ["มิติด้านการพัฒนาองค์การ", "1", "1,200,000", "1,185,000", "98.75"],
        ["รวมทั้งหน่วยงาน", "5", "279,400,000", "272,115,000", "97.39"],
    ]
    # round by round, the disbursement to date against the plan to date
    assert text_of(soup, "#initiative-stubble-ploughing .initiative-rounds li") == [
        "รอบ 6 เดือน: แผนการเบิกจ่ายสะสม 18,000,000 บาท · เบิกจ่ายสะสม 16,420,000 บาท (ร้อยละ 91.22 ของแผน) · "
        "ความก้าวหน้าร้อยละ 70 · เป็นไปตามแผน",
        "รอบ 9 เดือน: แผนการเบิกจ่ายสะสม 24,000,000 บาท · เบิกจ่ายสะสม 23,180,000 บาท (ร้อยละ 96.58 ของแผน) · "
        "ความก้าวหน้าร้อยละ 100 · แล้วเสร็จ",
    ]
    goal = soup.select_one("#goal-g-income .goal-initiatives")
    assert goal is not None
    assert " ".join(goal.get_text(" ").split()) == (
        "โครงการ 1 รายการ: โครงการส่งเสริมการเกษตรแบบแปลงใหญ่ · งบประมาณ 125,400,000 บาท เบิกจ่าย 121,650,000 บาท"
    )
    steps = text_of(soup, "ul.unit-steps .what > a")
    assert steps[:2] == [
        "เจรจาตัวชี้วัดและค่าเป้าหมายระดับกรมกับกระทรวงเกษตรและสหกรณ์และสำนักงาน ก.พ.ร.",
        "ลงนามคำรับรองการปฏิบัติราชการระดับกรม",
    ]
    links_resolve(site, soup, "units/doae/index.html", "a.feed-link")


def test_the_kpi_page_lists_the_initiatives_serving_it(site: Path) -> None:
    soup = page(site, "units/doae/kpis/burning-reduction.html")
    year = soup.select_one("#y2568")
    assert year is not None
    assert text_of(year, "table.initiatives tbody th strong") == ["โครงการส่งเสริมการไถกลบตอซังและลดการเผาในพื้นที่เกษตรกรรม"]


def test_the_strategy_map_shows_initiatives_on_demand(site: Path) -> None:
    soup = page(site, "units/doae/strategy-map.html")
    plain = soup.select("figure.map-plain .map-wide svg")
    with_initiatives = soup.select("figure.map-initiatives .map-wide svg")
    assert len(plain) == len(with_initiatives) == 1
    assert plain[0].select("text.smap-initiatives") == []
    narrow = soup.select("figure.map-plain .map-narrow svg")  # the plain map laid out for a phone
    assert len(narrow) == 1 and narrow[0].select("text.smap-initiatives") == []
    [narrow_initiatives] = soup.select("figure.map-initiatives .map-narrow svg")  # and the one with initiatives
    assert narrow_initiatives["viewbox"].split()[2] == "360"  # (html.parser lowercases attribute names)
    assert len(narrow_initiatives.select("text.smap-initiatives")) == len(
        with_initiatives[0].select("text.smap-initiatives")
    )
    notes = with_initiatives[0].select("g[data-goal=g-clean-production] text.smap-initiatives tspan")
    assert len(notes) == 1 and notes[0].get_text().startswith("◆ โครงการส่งเสริมการไถกลบ")  # cut to the box
    ids = [el["id"] for el in soup.select("[id]")]
    assert len(ids) == len(set(ids)), "two maps on one page, yet every id is unique"
    # a unit without initiatives has one map and no toggle
    assert page(site, "units/doae-hr/strategy-map.html").select("#show-initiatives") == []


# -- in the browser --------------------------------------------------------------------

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def open_page(browser: Any, site: Path, path: str, width: int = 1366) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{site.resolve().as_uri()}/{path}")
    tab.wait_for_load_state("load")
    tab.errors = errors
    return tab


def shot(tab: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.evaluate("window.scrollTo(0, 0)")
    tab.screenshot(path=str(ARTIFACTS / f"site-{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["calendar.html", "owed/m9.html", "alignment.html", "units/doae/index.html"])
@pytest.mark.parametrize("width", [1366, 390])
def test_the_pages_fit_the_screen_and_pass_axe(browser: Any, site: Path, path: str, width: int) -> None:
    tab = open_page(browser, site, path, width)
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    shot(tab, f"{re.sub(r'[/.]', '-', path)}-{width}")
    assert tab.errors == []
    tab.context.close()


@pytest.mark.browser
def test_the_map_toggle_swaps_in_the_initiatives(browser: Any, site: Path) -> None:
    tab = open_page(browser, site, "units/doae/strategy-map.html")
    plain, rich = tab.locator("figure.map-plain"), tab.locator("figure.map-initiatives")
    assert (plain.is_visible(), rich.is_visible()) == (True, False)
    tab.get_by_label("แสดงโครงการ/กิจกรรมของปีนี้ในแผนที่").check()
    assert (plain.is_visible(), rich.is_visible()) == (False, True)
    assert rich.locator(".map-wide text.smap-initiatives").count() == 6  # the goals five initiatives serve
    shot(tab, "strategy-map-initiatives")
    tab.context.close()


@pytest.mark.browser
def test_on_a_phone_the_map_with_initiatives_is_the_phones_drawing_and_readable(browser: Any, site: Path) -> None:
    tab = open_page(browser, site, "units/doae/strategy-map.html", width=390)
    tab.get_by_label("แสดงโครงการ/กิจกรรมของปีนี้ในแผนที่").check()
    rich = tab.locator("figure.map-initiatives")
    assert rich.locator(".map-wide").is_visible() is False
    narrow = rich.locator(".map-narrow svg")
    assert narrow.is_visible()
    assert narrow.locator("text.smap-initiatives").count() == 6
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the map with initiatives scrolls sideways by {overflow}px on a phone"
    # text as drawn: its font size × the drawing's scale (the charts' floor is 9.5 px, test_site_widths)
    sizes = narrow.evaluate(
        """svg => { const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                  const drawn = sel => [...svg.querySelectorAll(sel)].map(
                      t => parseFloat(t.getAttribute('font-size')) * scale);
                  return {smallest: Math.min(...drawn('text')), names: Math.min(...drawn('.smap-goal > text:first-of-type'))}; }"""
    )
    assert sizes["smallest"] >= 10, f"the smallest text of the phone's map is {sizes['smallest']:.1f}px"
    assert sizes["names"] >= 12, f"goal names are drawn at {sizes['names']:.1f}px"
    shot(tab, "strategy-map-initiatives-390")
    assert tab.errors == []
    tab.context.close()


@pytest.mark.browser
def test_the_timeline_prints_on_a_landscape_page(browser: Any, site: Path, tmp_path: Path) -> None:
    require("pdftotext", "poppler-utils")
    tab = open_page(browser, site, "calendar.html")
    pdf = tmp_path / "calendar.pdf"
    tab.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    tab.context.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert width > height, "the calendar prints across a landscape page"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    first_page = text.split("\f")[0]
    assert "แผนดำเนินการรายเดือน" in text and "ต.ค." in first_page
    assert "แต่งตั้งคณะทำงานดำเนินการถ่ายทอดตัวชี้วัด" in re.sub(r"\s+", "", text)
    assert "ค้นหา" not in first_page.split("ปฏิทินการดำเนินงาน")[0]  # no header search box in print
