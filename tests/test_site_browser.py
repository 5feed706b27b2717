"""The built site in headless Chromium, as a reader uses it: opened straight from the
folder (file://), switching language, searching, following a KPI down the cascade and
back, opening a strategy map, on a phone, by keyboard, and checked with axe-core.

Screenshots of every page type go to test-artifacts/ (look at them after a change).
axe-core is vendored in tests/vendor/ (see the README there), so the test runs offline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import launch
from contenttree import ContentTree
from sitebuild import ARTIFACTS, build_site

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

PAGE_TYPES = {
    "home": "index.html",
    "unit": "units/dist-a/index.html",
    "kpi": "units/prov/kpis/rice-yield.html",
    "strategy-map": "units/prov/strategy-map.html",
    "cascade": "cascade.html",
    "scorecards": "scorecards.html",
    "search": "search.html?q=ข้าว",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("browser")
    tree = ContentTree(tmp / "content")
    tree.replace(  # a Markdown description with an outside link: allowed as a plain link
        "units/prov/kpis.yaml",
        "name: {th: ผลผลิตข้าวหอมมะลิต่อไร่}",
        'name: {th: ผลผลิตข้าวหอมมะลิต่อไร่}, description: {th: "ผลผลิต **ข้าวเปลือก** เฉลี่ยต่อไร่ ตาม[รายงาน](https://example.org)"}',
    )
    return build_site(tree, tmp / "out")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


class Reader:
    """One browser tab on the built folder that records every request it makes."""

    def __init__(self, browser: Any, site: Path, width: int = 1280, height: int = 900) -> None:
        self.site = site.resolve()
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: str) -> Any:
        self.page.goto(f"{self.site.as_uri()}/{path}")
        self.page.wait_for_load_state("load")
        return self.page

    def path(self) -> str:
        """The current page, from the site root, without query or fragment."""
        url = re.sub(r"[?#].*$", "", self.page.url)
        return url.removeprefix(self.site.as_uri() + "/")

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.site.as_uri() + "/")]

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.evaluate("window.scrollTo(0, 0)")  # a sticky header would be drawn mid-page
        self.page.screenshot(path=str(ARTIFACTS / f"site-{name}.png"), full_page=True)

    def close(self) -> None:
        assert self.errors == [], self.errors
        self.context.close()


@pytest.fixture
def reader(browser: Any, site: Path) -> Iterator[Reader]:
    tab = Reader(browser, site)
    yield tab
    tab.close()


def test_home_page_opens_from_the_folder_and_switches_to_english(reader: Reader) -> None:
    page = reader.open("index.html")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == "สำนักงานจังหวัดตัวอย่าง"
    reader.shot("home-th")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state("load")
    assert reader.path() == "en/index.html"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".year-switch summary").inner_text() == "FY 2025 (B.E. 2568)"
    reader.shot("home-en")
    page.get_by_role("link", name="ไทย").click()
    page.wait_for_load_state("load")
    assert reader.path() == "index.html"
    assert reader.outside_requests() == []


def test_the_sarabun_font_is_loaded_from_the_site(reader: Reader) -> None:
    page = reader.open("units/dist-a/index.html")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ผลผลิต')")
    fonts = [u for u in reader.requests if u.endswith(".ttf")]
    assert fonts and all("/static/fonts/Sarabun-" in u for u in fonts)
    assert reader.outside_requests() == []


def test_searching_a_thai_word_from_mid_sentence_reaches_its_kpi(reader: Reader) -> None:
    page = reader.open("units/dist-b/index.html")
    # "หอมมะลิ" sits inside "ผลผลิตข้าวหอมมะลิต่อไร่": Thai has no space before it
    page.locator("#header-q").fill("หอมมะลิ")
    page.locator("#header-q").press("Enter")
    page.wait_for_load_state("load")
    assert reader.path() == "search.html"
    results = page.locator("#search-results li")
    results.first.wait_for()
    reader.shot("search")
    titles = results.locator("a").all_inner_texts()
    assert "ผลผลิตข้าวหอมมะลิต่อไร่" in titles
    page.locator("#search-results a", has_text=re.compile(r"^ผลผลิตข้าวหอมมะลิต่อไร่$")).first.click()
    page.wait_for_load_state("load")
    assert reader.path() == "units/prov/kpis/rice-yield.html"
    assert page.locator("h1").inner_text() == "ผลผลิตข้าวหอมมะลิต่อไร่"
    assert reader.outside_requests() == []


def test_search_says_so_when_nothing_matches(reader: Reader) -> None:
    page = reader.open("search.html?q=ไม่มีคำนี้แน่นอน")
    page.wait_for_function(
        "document.querySelector('#search-results').textContent.length > 0 || document.querySelector('#search-status').textContent.length > 0"
    )
    assert "ไม่พบผลการค้นหา" in page.locator("main").inner_text()


def test_a_kpi_followed_from_the_province_down_to_the_officer_and_back(reader: Reader) -> None:
    page = reader.open("units/prov/kpis/poor-households.html")
    tree = page.locator("#y2568 .cascade-tree")
    tree.get_by_role("link", name=re.compile("อำเภอ ก")).first.click()
    page.wait_for_load_state("load")
    assert reader.path() == "units/dist-a/kpis/poor-households.html"
    page.locator("#y2568 .cascade-tree").get_by_role("link", name=re.compile("ตำบล ค")).first.click()
    page.wait_for_load_state("load")
    assert reader.path() == "units/officer-c/kpis/poor-households.html"
    assert page.locator("h1").inner_text() == "จำนวนครัวเรือนยากจนที่พ้นเกณฑ์ของตำบล ค"
    reader.shot("kpi-person")
    assert "เว็บไซต์นี้ไม่เผยแพร่ผลการประเมินระดับบุคคล" in page.locator("#y2568").inner_text()
    # and back up: the top of the cascade tree is the province's KPI
    page.locator("#y2568 .cascade-tree .node a").first.click()
    page.wait_for_load_state("load")
    assert reader.path() == "units/prov/kpis/poor-households.html"
    assert page.locator("#y2568 table.coverage tr").count() == 10  # the province splits, so does district A


def test_the_strategy_map_opens_and_its_goals_lead_to_their_kpis(reader: Reader) -> None:
    page = reader.open("units/prov/index.html")
    page.locator(".actions").get_by_role("link", name="แผนที่ยุทธศาสตร์").click()
    page.wait_for_load_state("load")
    assert reader.path() == "units/prov/strategy-map.html"
    svg = page.locator("figure.strategy-map .map-wide svg")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 600  # legible: the map takes the column
    reader.shot("strategy-map")
    svg.locator("a").first.click()
    page.wait_for_load_state("load")
    assert reader.path() == "units/prov/index.html"
    target = page.evaluate("location.hash")
    assert target.startswith("#goal-")
    assert page.locator(f"{target} a").count() >= 1 or target == "#goal-g-people"


def test_scorecards_sort_by_total_when_the_heading_is_selected(reader: Reader) -> None:
    page = reader.open("scorecards.html")
    heading = page.locator("table.sortable thead th").nth(4)
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    totals = [float(t) for t in page.locator("table.sortable tbody tr td:nth-child(5)").all_inner_texts()]
    assert totals == sorted(totals)
    heading.locator("button").click()
    totals = [float(t) for t in page.locator("table.sortable tbody tr td:nth-child(5)").all_inner_texts()]
    assert totals == sorted(totals, reverse=True)
    reader.shot("scorecards")


def test_the_cascade_explorer_expands_and_collapses(reader: Reader) -> None:
    page = reader.open("cascade.html")
    officer = page.locator("li", has=page.locator(".explorer-row", has_text="ตำบล ค")).last.locator("details")
    assert officer.get_attribute("open") is None  # the third level starts closed
    page.get_by_role("button", name="เปิดทั้งหมด", exact=True).click()
    assert officer.get_attribute("open") == ""
    reader.shot("cascade")
    page.get_by_role("button", name="ปิดทั้งหมด", exact=True).click()
    assert page.locator(".explorer details[open]").count() == 0


def test_keyboard_users_can_skip_to_the_content_and_see_focus(reader: Reader) -> None:
    page = reader.open("units/dist-a/index.html")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["y"] >= 0  # shown on focus
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("name", ["unit", "kpi", "home", "cascade"])
def test_pages_fit_a_phone_screen(browser: Any, site: Path, name: str) -> None:
    phone = Reader(browser, site, width=375, height=812)
    page = phone.open(PAGE_TYPES[name])
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"
    phone.shot(f"{name}-375")
    phone.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
@pytest.mark.parametrize("lang", ["th", "en"])
def test_no_serious_accessibility_violation(reader: Reader, name: str, lang: str) -> None:
    path = PAGE_TYPES[name] if lang == "th" else f"en/{PAGE_TYPES[name]}"
    page = reader.open(path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}")
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert [text for _, text in serious] == []
    if lang == "th":
        reader.shot(name)
    assert reader.outside_requests() == []


def test_printing_a_page_leaves_out_the_navigation(reader: Reader) -> None:
    page = reader.open("units/dist-a/index.html")
    page.emulate_media(media="print")
    assert not page.locator(".sidebar").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert page.locator("table.agreement").first.is_visible()
    reader.shot("unit-print")
