"""Every page type fits a phone (390 px) and a laptop (1366 px): nothing scrolls the page
sideways, every table's last column can be seen, the strategy map is legible, and the
menu opens on a phone.

The pages are the example organisation's (content/: long Thai names, milestone KPIs,
three-level cascades) and a small tree made hard to lay out on purpose (a long position
name, a KPI name with a long unbroken Latin word, a long milestone text). Of each page
type (the `page-<kind>` class of <body>) the longest page in each language is opened,
so a page type added later is covered without naming it here. To look at the pages,
run `python tools/screenshots.py` (every page type at both widths, and the PDFs).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import launch
from contenttree import TODAY, ContentTree
from sitebuild import build_site

from builder.options import BuildOptions
from builder.pipeline import build
from tools.screenshots import representative_pages

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

EXAMPLE = Path(__file__).resolve().parent.parent / "content"
WIDTHS = (390, 1366)

# What a page must not do, measured in the page. Returns a list of problems (empty: fine).
# A table passes when its last column's cells lie inside the page, or when it scrolls
# inside its wrapper with the first column fixed and the last column comes into view
# when the wrapper is scrolled to its end.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) problems.push(`the page scrolls sideways by ${doc.scrollWidth - doc.clientWidth}px`);
  const width = doc.clientWidth;
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const lastShown = row => [...row.children].filter(shown).pop();
  const name = table => (table.className || 'table') + ' #' + [...document.querySelectorAll('table')].indexOf(table);
  for (const table of document.querySelectorAll('main table')) {
    if (!shown(table)) continue;
    // a reflowed table's header row is visually hidden (a 1 px clipped thead): not a row anyone sees
    const clipped = section => { const r = section.getBoundingClientRect(); return r.width <= 1 || r.height <= 1; };
    const rows = [...table.rows].filter(shown).filter(r => r.children.length > 1 && !clipped(r.parentElement));
    let clip = table.parentElement;
    while (clip && getComputedStyle(clip).overflowX === 'visible') clip = clip.parentElement;
    const wrap = clip && clip !== document.body && clip !== doc ? clip : null;
    const scrolls = wrap && ['auto', 'scroll'].includes(getComputedStyle(wrap).overflowX) && wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && table.matches('.score-table')) problems.push(`${name(table)}: a scorecard must fit without scrolling`);
    if (scrolls) {
      const first = rows.length ? rows[0].children[0] : null;
      if (!first || getComputedStyle(first).position !== 'sticky') problems.push(`${name(table)} scrolls without a fixed first column`);
      wrap.scrollLeft = wrap.scrollWidth;
    }
    for (const row of rows) {
      if (getComputedStyle(row).display !== 'table-row') continue;  // a reflowed card: laid out on purpose
      const loose = [...row.children].filter(shown).find(c => getComputedStyle(c).display !== 'table-cell');
      if (loose) {
        problems.push(`${name(table)}: a cell ("${loose.textContent.trim().slice(0, 30)}") is out of its column (display: ${getComputedStyle(loose).display})`);
        break;
      }
    }
    const right = wrap ? Math.min(width, wrap.getBoundingClientRect().right) + 1 : width + 0.5;
    for (const row of rows) {
      const cell = lastShown(row);
      if (!cell) continue;
      const box = cell.getBoundingClientRect();
      if (box.right > right || box.left < -0.5) {
        problems.push(`${name(table)}: the last cell of a row ("${cell.textContent.trim().slice(0, 30)}") is cut off at ${Math.round(box.right)}px of ${Math.round(right)}px`);
        break;
      }
    }
    if (scrolls) wrap.scrollLeft = 0;
  }
  return problems;
}"""

# The smallest text of each visible strategy map, in CSS pixels as drawn.
MAP_TEXT_SIZES = """() => [...document.querySelectorAll('main svg.strategy-map')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
    return Math.min(...sizes);
  })"""


def hard_tree(root: Path) -> ContentTree:
    """The small province made hard to lay out."""
    tree = ContentTree(root)
    tree.replace(
        "units/officer-c/unit.yaml",
        "name: {th: ",
        "name: {th: นักวิชาการส่งเสริมการเกษตรชำนาญการพิเศษ รับผิดชอบตำบลค ตำบลง ตำบลจ และตำบลฉ ",
    )
    tree.replace(
        "units/prov/kpis.yaml",
        "name: {th: ผลผลิตข้าวหอมมะลิต่อไร่}",
        "name: {th: ผลผลิตข้าวหอมมะลิต่อไร่ตามรายงาน RiceYieldPerRaiFromTheProvincialAgriculturalExtensionOfficeSurvey}",
    )
    return tree


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("widths") / "example"
    build(BuildOptions(content=EXAMPLE, out=out, pdf=False, today=TODAY))
    return out


@pytest.fixture(scope="module")
def hard_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("widths-hard")
    return build_site(hard_tree(tmp / "content"), tmp / "out")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def open_at(browser: Any, site: Path, path: str, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site.resolve().as_uri()}/{path}")
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    return page


def check_pages(browser: Any, site: Path, label: str) -> list[str]:
    problems: list[str] = []
    pages = representative_pages(site)
    for width in WIDTHS:
        for kind, path in sorted(pages.items()):
            page = open_at(browser, site, path, width)
            if "search" in kind:
                page.wait_for_selector("#search-results li")
            problems += [f"{label} {kind} ({path}) at {width}px: {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
            page.context.close()
    return problems


def test_every_page_type_of_the_example_fits_a_phone_and_a_laptop(browser: Any, example_site: Path) -> None:
    pages = representative_pages(example_site)
    assert {"home", "unit", "kpi", "strategy-map", "cascade", "scorecards", "search"} <= set(pages)
    assert {"en-home", "en-unit", "en-kpi"} <= set(pages)
    problems = check_pages(browser, example_site, "example")
    assert not problems, "\n".join(problems)


def test_long_names_and_unbroken_words_do_not_widen_a_page(browser: Any, hard_site: Path) -> None:
    problems = check_pages(browser, hard_site, "hard")
    assert not problems, "\n".join(problems)


def test_the_checks_see_a_table_that_is_cut_off(browser: Any, hard_site: Path, tmp_path: Path) -> None:
    """The measurement itself: a stylesheet that widens the tables and clips them is caught,
    and so is one that lets them scroll without a fixed first column."""
    site = tmp_path / "site"
    shutil.copytree(hard_site, site)
    css = site / "static" / "css" / "site.css"
    original = css.read_text("utf-8")
    wide = "\n.score-table { min-width: 40rem; }\n"
    css.write_text(original + wide + ".table-wrap { overflow: hidden !important; }\n", "utf-8")
    page = open_at(browser, site, "units/prov/index.html", 390)
    problems = page.evaluate(LAYOUT_PROBLEMS)
    page.context.close()
    assert any("score-table" in p and "is cut off" in p for p in problems), problems

    css.write_text(original + wide + ".table-wrap > table > * > tr > :first-child { position: static !important; }\n")
    page = open_at(browser, site, "units/prov/index.html", 390)
    problems = page.evaluate(LAYOUT_PROBLEMS)
    page.context.close()
    assert any("score-table" in p and "without a fixed first column" in p for p in problems), problems


def test_the_checks_see_a_cell_pulled_out_of_its_column(browser: Any, example_site: Path, tmp_path: Path) -> None:
    """A badge style that reaches a table cell (a criteria level drawn as a pill) scrambles
    an agreement table at a laptop's width: the measurement catches it."""
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    css = site / "static" / "css" / "site.css"
    css.write_text(css.read_text("utf-8") + "\ntable.agreement td.level { display: inline-block; }\n", "utf-8")
    page = open_at(browser, site, "units/doae/index.html", 1366)
    problems = page.evaluate(LAYOUT_PROBLEMS)
    page.context.close()
    assert any("agreement" in p and "out of its column" in p for p in problems), problems


@pytest.mark.parametrize("width", WIDTHS)
def test_the_strategy_map_is_legible_at_any_width(browser: Any, example_site: Path, width: int) -> None:
    for path in ("units/doae/strategy-map.html", "units/doae/index.html"):
        page = open_at(browser, example_site, path, width)
        sizes = page.evaluate(MAP_TEXT_SIZES)
        page.context.close()
        assert len(sizes) == 1, "one drawing of the map is shown"
        assert sizes[0] >= 9.5, f"{path} at {width}px: map text drawn at {sizes[0]:.1f}px"


def test_on_a_phone_the_menu_button_opens_the_navigation_above_the_page(browser: Any, example_site: Path) -> None:
    page = open_at(browser, example_site, "units/doae-plan/index.html", 390)
    nav, button = page.locator("#site-nav"), page.locator(".menu-button")
    assert button.is_visible() and not nav.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert nav.is_visible() and button.get_attribute("aria-expanded") == "true"
    assert nav.bounding_box()["y"] < page.locator("main").bounding_box()["y"], "above the content"
    assert page.evaluate("document.activeElement.closest('#site-nav') !== null"), "focus moves into the menu"
    page.keyboard.press("Escape")
    assert not nav.is_visible() and page.evaluate("document.activeElement.classList.contains('menu-button')")
    page.context.close()

    desktop = open_at(browser, example_site, "units/doae-plan/index.html", 1366)
    assert desktop.locator("#site-nav").is_visible() and not desktop.locator(".menu-button").is_visible()
    desktop.context.close()


def test_without_javascript_the_menu_button_leads_to_the_navigation(browser: Any, example_site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{example_site.resolve().as_uri()}/units/doae-plan/index.html")
    assert page.locator("#site-nav").is_visible(), "the navigation follows the content"
    page.locator(".menu-button").click()
    assert page.evaluate("location.hash") == "#site-nav"
    context.close()


# The smallest text of each chart (dashboards, KPI results), in CSS pixels as drawn.
CHART_TEXT_SIZES = """() => [...document.querySelectorAll('main svg.chart')]
  .filter(svg => svg.getBoundingClientRect().width > 0 && svg.querySelector('text'))
  .map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
    return [svg.getAttribute('class'), Math.min(...sizes)];
  })"""


@pytest.mark.parametrize("width", WIDTHS)
def test_charts_are_legible_at_any_width(browser: Any, example_site: Path, width: int) -> None:
    """The dashboards of the home and a unit page and a KPI's charts: their smallest text
    is drawn at 9.5 px or more on a phone as on a laptop."""
    for path in ("index.html", "units/doae/index.html", "units/prov-a/kpis/poor-households-lifted.html"):
        page = open_at(browser, example_site, path, width)
        sizes = page.evaluate(CHART_TEXT_SIZES)
        page.context.close()
        assert sizes, f"{path} has no chart"
        small = [(kind, round(size, 1)) for kind, size in sizes if size < 9.5]
        assert small == [], f"{path} at {width}px"
