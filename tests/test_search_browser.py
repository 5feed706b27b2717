"""search.js in headless Chromium, opened from file:// as people open an offline copy.

Each test writes a bare search page in tmp_path with the ids search.js expects, the
index script built by builder/site/search.py and the theme's search.js (the full site's
search page is tested with the site). The Thai tests search for words that sit in the
middle of Thai text without spaces; the scale test searches 50,000 documents and prints
how long that takes.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from browser import launch
from test_search_index import province_tree, published_content

from benchmarks.thai_words import WORDS
from builder.catalogue import default_catalogue
from builder.model import Content, Kpi, KpiPeople, Person, Site, Text, Unit
from builder.site.search import build_search_index, write_search_index

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SEARCH_JS = ROOT / "themes" / "default" / "static" / "js" / "search.js"
ARTIFACTS = ROOT / "test-artifacts"
LABELS = {
    "th": {"empty": "ไม่พบผลลัพธ์", "count": "พบ {n} รายการ", "more": "แสดง {shown} จาก {n} รายการ", "kind-kpi": "ตัวชี้วัด"},
    "en": {"empty": "Nothing found", "count": "{n} results", "more": "{shown} of {n} results", "kind-kpi": "KPI"},
}
RESULTS = """els => els.map(li => ({
    kind: li.className,
    title: li.querySelector('.search-title') ? li.querySelector('.search-title').textContent : null,
    href: li.querySelector('a') ? li.querySelector('a').getAttribute('href') : null,
    marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
    text: li.textContent,
}))"""


def search_page(folder: Path, index: dict[str, Any], translated: bool = True) -> Path:
    """search.html at the language root, as the site has it, with its two scripts; the
    theme's texts as data-* attributes on the list unless not `translated`."""
    lang = index["lang"]
    labels = LABELS[lang] if translated else {}
    write_search_index(index, folder / "static" / "search" / f"index.{lang}.js")
    (folder / "static" / "js").mkdir(parents=True, exist_ok=True)
    shutil.copy(SEARCH_JS, folder / "static" / "js" / "search.js")
    page = folder / "search.html"
    page.write_text(
        f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>search</title></head><body>
<form role="search" action="search.html" method="get">
  <input id="search-input" name="q" type="search"><button type="submit">go</button>
</form>
<p id="search-status" role="status"></p>
<ol id="search-results" {" ".join(f'data-{k}="{v}"' for k, v in labels.items())}></ol>
<script src="static/search/index.{lang}.js"></script>
<script src="static/js/search.js"></script>
</body></html>""",
        encoding="utf-8",
    )
    return page


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Content:
    return published_content(province_tree(tmp_path_factory.mktemp("content")))


def open_page(browser: Any, page_file: Path, query: str | None = None, no_segmenter: bool = False) -> Any:
    view = browser.new_page()
    errors: list[str] = []
    view.on("pageerror", lambda error: errors.append(str(error)))
    view.errors = errors
    if no_segmenter:
        view.add_init_script("delete Intl.Segmenter")
    view.goto(page_file.as_uri() + (f"?q={quote(query)}" if query else ""))
    return view


def results(view: Any) -> list[dict[str, Any]]:
    return view.eval_on_selector_all("#search-results li", RESULTS)  # type: ignore[no-any-return]


def type_query(view: Any, query: str) -> None:
    view.fill("#search-input", query)
    view.press("#search-input", "Enter")


def test_a_thai_word_in_the_middle_of_a_kpi_name_is_found_from_the_address(
    browser: Any, province: Content, tmp_path: Path
) -> None:
    view = open_page(browser, search_page(tmp_path, build_search_index(province, "th", default_catalogue())), "สำเร็จ")

    found = results(view)
    assert [r["title"] for r in found] == ["ระดับความสำเร็จของการจัดการความรู้"] * 4 + ["นางสาวมาลี ศรีสุข"]
    kpi_pages = {f"units/{u}/kpis/km-level.html" for u in ("dist-a", "dist-b", "officer-c", "prov")}
    assert {r["href"] for r in found[:4]} == kpi_pages
    assert found[0]["kind"] == "search-result search-kind-kpi"
    assert found[0]["marks"] == ["สำเร็จ"]
    assert "ตัวชี้วัด" in found[0]["text"]
    assert found[4]["kind"] == "search-result search-kind-person", "the KPI's owner: a context match ranks lower"
    assert found[4]["marks"] == ["สำเร็จ"]
    assert view.text_content("#search-status") == "พบ 5 รายการ"
    assert view.input_value("#search-input") == "สำเร็จ"
    ARTIFACTS.mkdir(exist_ok=True)
    view.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)
    assert view.errors == []


def test_thai_words_typed_together_must_all_match(browser: Any, province: Content, tmp_path: Path) -> None:
    view = open_page(browser, search_page(tmp_path, build_search_index(province, "th", default_catalogue())))

    type_query(view, "การจัดการความรู้ระดับ")
    found = results(view)
    assert [r["title"] for r in found] == ["ระดับความสำเร็จของการจัดการความรู้"] * 4 + ["นางสาวมาลี ศรีสุข"]
    assert found[0]["marks"] == ["ระดับ", "จัดการความรู้"], "every word marked, neighbours as one"
    assert "q=" in view.url, "the query is kept in the address"

    type_query(view, "ความรู้ข้าวหอมมะลิ")  # two words from different documents
    assert [r["kind"] for r in results(view)] == ["search-empty"]


def test_a_title_match_ranks_above_a_context_match(browser: Any, province: Content, tmp_path: Path) -> None:
    view = open_page(
        browser, search_page(tmp_path, build_search_index(province, "th", default_catalogue())), "ผลผลิตข้าว"
    )

    found = results(view)
    assert found[0]["title"] == "ผลผลิตข้าวเพิ่มขึ้น", "the goal: the shortest title that starts with the query"
    assert found[1]["title"] == "ผลผลิตข้าวหอมมะลิต่อไร่"
    assert all(r["title"].startswith("ผลผลิตข้าว") for r in found)


def test_an_english_query_finds_the_english_name(browser: Any, province: Content, tmp_path: Path) -> None:
    view = open_page(browser, search_page(tmp_path, build_search_index(province, "en", default_catalogue())))

    type_query(view, "Rice YIELD")
    found = results(view)
    assert found[0]["title"] == "Jasmine rice yield per rai"
    assert found[0]["href"] == "units/prov/kpis/rice-yield.html"
    assert found[0]["marks"] == ["rice yield"]
    type_query(view, "somchai")
    assert results(view)[0]["title"] == "Somchai Jaidee"


def test_no_result_says_so_in_the_pages_language(browser: Any, province: Content, tmp_path: Path) -> None:
    view = open_page(
        browser, search_page(tmp_path, build_search_index(province, "th", default_catalogue())), "ไม่มีคำนี้ในคู่มือ"
    )

    assert results(view) == [{"kind": "search-empty", "title": None, "href": None, "marks": [], "text": "ไม่พบผลลัพธ์"}]
    type_query(view, "")
    assert results(view) == []


def test_without_the_themes_texts_the_index_speaks_its_language(
    browser: Any, province: Content, tmp_path: Path
) -> None:
    view = open_page(
        browser,
        search_page(tmp_path, build_search_index(province, "th", default_catalogue()), translated=False),
        "ความรู้",
    )

    kinds = view.eval_on_selector_all("#search-results .search-kind", "els => els.map(e => e.textContent)")
    assert set(kinds) == {"ตัวชี้วัด", "เป้าประสงค์", "เจ้าภาพหลัก"}, "a person is labelled by their role"
    assert view.text_content("#search-status") == f"พบ {len(kinds)} รายการ"
    type_query(view, "ไม่มีคำนี้ในคู่มือ")
    assert view.text_content("#search-results") == "ไม่พบผลการค้นหา"


def test_a_query_is_cut_with_the_indexs_words_without_intl_segmenter(
    browser: Any, province: Content, tmp_path: Path
) -> None:
    view = open_page(
        browser,
        search_page(tmp_path, build_search_index(province, "th", default_catalogue())),
        "สำเร็จ",
        no_segmenter=True,
    )
    assert view.evaluate("typeof Intl.Segmenter") == "undefined"
    assert len(results(view)) == 5

    index = "window.KPIBOOK_SEARCH"
    assert view.evaluate(f"KpibookSearch.terms('การจัดการความรู้ระดับ', {index})") == ["ความรู้", "จัดการ", "ระดับ"]
    assert view.evaluate(f"KpibookSearch.terms('ความสำเร็จ', {index})") == ["ความสำเร็จ"], "one word, not ความ + สำเร็จ"
    assert view.evaluate(f"KpibookSearch.terms('ความสำเร', {index})") == ["ความสำเร"], "no word: the letters as typed"
    type_query(view, "การจัดการความรู้ระดับ")
    assert len(results(view)) == 5
    assert view.errors == []


def test_a_phrase_marks_itself_never_a_syllable_inside_another_word(
    browser: Any, province: Content, tmp_path: Path
) -> None:
    view = open_page(
        browser, search_page(tmp_path, build_search_index(province, "th", default_catalogue())), "ความสำเร็จ"
    )

    found = results(view)
    assert found[0]["title"] == "ระดับความสำเร็จของการจัดการความรู้"
    assert found[0]["marks"] == ["ความสำเร็จ"], "not ความ inside ความรู้"
    view.close()


def rice_content() -> Content:
    """KPIs about rice (ข้าว as a word) and corn (ข้าวโพด: ข้าว inside a word), and a rice
    research centre that supports one of them."""
    centre = Person(name=Text("ศูนย์วิจัยข้าว"))
    units = {"prov": Unit(id="prov", kind="organisation", name=Text("จังหวัดตัวอย่าง"))}
    names = {
        "corn": "ข้าวโพดเลี้ยงสัตว์ต่อไร่",
        "rice": "ผลผลิตข้าวเฉลี่ยต่อไร่ของเกษตรกรในเขตชลประทาน",
        "seed": "ร้อยละของเมล็ดพันธุ์ข้าวที่ผ่านมาตรฐาน",
    }
    kpis = {
        f"prov/{kid}": Kpi(
            unit="prov",
            id=kid,
            name=Text(name),
            people=KpiPeople(supporters=(centre,)) if kid == "rice" else KpiPeople(),
        )
        for kid, name in names.items()
    }
    return Content(site=Site(), units=units, kpis=kpis, agreements={}, results={})


def test_whole_words_rank_above_words_inside_words_and_kpis_above_people(browser: Any, tmp_path: Path) -> None:
    view = open_page(
        browser, search_page(tmp_path, build_search_index(rice_content(), "th", default_catalogue())), "ข้าว"
    )

    found = results(view)
    assert [r["title"] for r in found] == [
        "ร้อยละของเมล็ดพันธุ์ข้าวที่ผ่านมาตรฐาน",  # the word, shorter title
        "ผลผลิตข้าวเฉลี่ยต่อไร่ของเกษตรกรในเขตชลประทาน",  # the word
        "ข้าวโพดเลี้ยงสัตว์ต่อไร่",  # inside ข้าวโพด, although the title starts with it
        "ศูนย์วิจัยข้าว",  # a supporter, the shortest title of all
    ]
    labels = view.eval_on_selector_all("#search-results .search-kind", "els => els.map(e => e.textContent)")
    assert labels == ["ตัวชี้วัด", "ตัวชี้วัด", "ตัวชี้วัด", "ผู้สนับสนุน"], "the centre is a supporter, not a person"
    assert found[2]["marks"] == ["ข้าว"], "a word inside a word is still marked when it is nowhere whole"
    view.close()


def test_a_positions_kpis_rank_below_the_organisations_own(browser: Any, tmp_path: Path) -> None:
    """A field officer's KPI about rice (a position: a unit of an individual kind) comes
    after the province's, even with the shorter title; only a person's entry is lower."""
    content = rice_content()
    officer = Unit(id="officer", kind="person", name=Text("นักวิชาการส่งเสริมการเกษตร"), parent="prov", individual=True)
    units = {**content.units, "officer": officer}
    kpis = {**content.kpis, "officer/rice": Kpi(unit="officer", id="rice", name=Text("ข้าวต่อไร่"))}
    index = build_search_index(replace(content, units=units, kpis=kpis), "th", default_catalogue())

    view = open_page(browser, search_page(tmp_path, index), "ข้าว")

    titles = [r["title"] for r in results(view)]
    assert titles.index("ข้าวต่อไร่") > titles.index("ผลผลิตข้าวเฉลี่ยต่อไร่ของเกษตรกรในเขตชลประทาน")
    assert titles.index("ข้าวต่อไร่") > titles.index("ข้าวโพดเลี้ยงสัตว์ต่อไร่"), "below even a word inside a word"
    view.close()


def test_content_is_shown_as_text_never_as_markup(browser: Any, province: Content, tmp_path: Path) -> None:
    index = build_search_index(province, "th", default_catalogue())
    index["docs"].append(
        [2, "x", 'สำเร็จ<img src=x onerror="window.owned=1">', "<b>ตัวหนา</b>", "javascript:window.owned=2", -1]
    )
    view = open_page(browser, search_page(tmp_path, index), "สำเร็จ")

    hostile = [r for r in results(view) if "<img" in (r["title"] or "")]
    assert len(hostile) == 1 and hostile[0]["href"] is None, "no javascript: link"
    assert view.query_selector("#search-results img") is None and view.query_selector("#search-results b") is None
    assert view.evaluate("window.owned") is None


def test_a_mark_never_cuts_a_thai_cluster(browser: Any, province: Content, tmp_path: Path) -> None:
    view = open_page(
        browser, search_page(tmp_path, build_search_index(province, "th", default_catalogue())), "ความสำเร"
    )

    assert results(view)[0]["marks"][0] == "ความสำเร็", "MAITAIKHU stays with its consonant inside the mark"


# -- scale -----------------------------------------------------------------------------

NEEDLE = "อัตราการเข้าถึงบริการสาธารณสุขมูลฐานของผู้สูงอายุ"


def large_content(unit_count: int = 2000, kpis_per_unit: int = 25) -> Content:
    """50,000 KPIs by default, with Thai names of random words; one distinct needle."""
    rng = random.Random(2568)
    units: dict[str, Unit] = {}
    kpis: dict[str, Kpi] = {}
    for u in range(unit_count):
        uid = f"u{u:04d}"
        head = Person(name=Text(f"นาย{rng.choice(WORDS)}{rng.choice(WORDS)} {u}"))
        units[uid] = Unit(
            id=uid,
            kind="district",
            name=Text(f"สำนักงาน{rng.choice(WORDS)}ที่ {u}"),
            parent="u0000" if u else None,
            head=head,
        )
        for k in range(kpis_per_unit):
            name = "".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
            owner = Person(name=Text(f"นางสาว{rng.choice(WORDS)} {u}-{k % 3}"))
            kpis[f"{uid}/k{k:02d}"] = Kpi(unit=uid, id=f"k{k:02d}", name=Text(name), people=KpiPeople(owner=owner))
    kpis["u1234/k07"] = Kpi(unit="u1234", id="k07", name=Text(NEEDLE))
    return Content(site=Site(), units=units, kpis=kpis, agreements={}, results={})


def test_fifty_thousand_documents_are_searched_fast(browser: Any, tmp_path: Path) -> None:
    content = large_content()
    started = time.perf_counter()
    index = build_search_index(content, "th", default_catalogue())
    build_seconds = time.perf_counter() - started
    page = search_page(tmp_path, index)
    size = (tmp_path / "static" / "search" / "index.th.js").stat().st_size
    started = time.perf_counter()
    view = open_page(browser, page)
    view.wait_for_function("window.KpibookSearch !== undefined")
    load_seconds = time.perf_counter() - started

    timing = view.evaluate(
        """([queries, runs]) => queries.map(q => {
            const times = [];
            let outcome;
            for (let i = 0; i < runs; i++) {
                const t0 = performance.now();
                outcome = KpibookSearch.search(window.KPIBOOK_SEARCH, q, 50);
                times.push(performance.now() - t0);
            }
            return {q, first: times[0], warm: times.slice(1).sort((a, b) => a - b), total: outcome.total,
                    top: outcome.results.length ? outcome.results[0].doc[2] : null};
        })""",
        [["ผู้สูงอายุ", "สำเร็จ", "การจัดการความรู้ระดับ", "การ", "nothing-like-this"], 6],
    )
    docs = len(index["docs"])
    print(
        f"\nsearch index: {docs} documents, {size / 1e6:.1f} MB, built in {build_seconds:.2f} s, page loaded in {load_seconds:.2f} s"
    )
    for t in timing:
        print(
            f"  {t['q']!r:28} matches {t['total']:6d}  first {t['first']:6.1f} ms  warm median {statistics.median(t['warm']):6.1f} ms"
        )
    assert docs > 50_000
    needle, common = timing[0], timing[3]
    assert (needle["total"], needle["top"]) == (1, NEEDLE)
    assert common["total"] > 25_000, "a syllable in most names"
    assert max(statistics.median(t["warm"]) for t in timing) < 500, "a search over 50,000 documents stays interactive"

    type_query(view, "การ")  # the worst case, drawn in the page
    assert len(results(view)) == 50
    assert view.text_content("#search-status") == f"แสดง 50 จาก {common['total']} รายการ"
