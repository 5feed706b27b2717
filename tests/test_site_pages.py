"""The site's pages say what the content says: the small province tree built through
the real pipeline, then read back by CSS selector."""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ContentTree
from sitebuild import build_site, page, text_of


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("site")
    return build_site(ContentTree(tmp / "content"), tmp / "out")


def test_home_page_in_thai_shows_the_dimensions_and_the_provinces_latest_scorecard(site: Path) -> None:
    home = page(site, "index.html")
    assert home.html["lang"] == "th"
    assert text_of(home, "h1") == ["สำนักงานจังหวัดตัวอย่าง"]
    weights = [
        row for row in text_of(home, "#dimensions ~ .table-wrap tbody tr, section[aria-labelledby=dimensions] tbody tr")
    ]
    assert weights == ["มิติที่ 1 ประสิทธิผล 50", "มิติที่ 2 คุณภาพ 20", "มิติที่ 3 ประสิทธิภาพ 10", "มิติที่ 4 การพัฒนาองค์การ 20"]
    overall = home.select_one("section[aria-labelledby=overall]")
    assert "รอบ 12 เดือน" in overall.get_text()  # the latest round with results
    # 1.0200 + 0.5400 (185 rolled up) + 0.7000 + 0.3500 + 0.8000
    assert text_of(overall, "tfoot tr.total td.num") == ["100", "3.4100"]  # Σ weights of the KPIs due, total
    assert "ปีงบประมาณ พ.ศ. 2568" in home.select_one(".year-switch summary").get_text()


def test_english_pages_live_under_en_with_common_era_years(site: Path) -> None:
    home = page(site, "en/index.html")
    assert home.html["lang"] == "en"
    assert text_of(home, "h1") == ["Example Province"]
    assert text_of(home, ".year-switch summary") == ["FY 2025 (B.E. 2568)"]
    assert home.select_one(".language-switch a[hreflang=th]")["href"] == "../index.html"
    unit = page(site, "en/units/dist-a/index.html")
    assert "Signed on 15 October 2024" in " ".join(text_of(unit, ".facts"))
    assert "ลงนามเมื่อ 15 ตุลาคม 2567" in " ".join(text_of(page(site, "units/dist-a/index.html"), ".facts"))


def test_every_page_links_to_itself_in_the_other_language(site: Path) -> None:
    for path in ["index.html", "units/prov/kpis/rice-yield.html", "cascade.html", "search.html"]:
        thai = page(site, path)
        assert thai.select_one(".language-switch a[hreflang=en]") is not None, path
        english = page(site, f"en/{path}")
        target = english.select_one(".language-switch a[hreflang=th]")["href"]
        assert (site / "en" / Path(path).parent / target).resolve() == (site / path).resolve()


def test_unit_page_shows_the_agreement_by_dimension_with_links_up_and_down(site: Path) -> None:
    unit = page(site, "units/dist-a/index.html")
    groups = text_of(unit, "section[aria-labelledby=agreement] h3")
    assert groups[0] == "มิติที่ 1 ประสิทธิผล (น้ำหนัก 50)"
    rice = unit.select("table.agreement tbody tr")[0]
    assert [td.get_text(strip=True) for td in rice.select("td")] == [
        "30",
        "429",
        "431.5",
        "434",
        "436.5",
        "439",
        "434",
        "–",
    ]
    up = rice.select_one(".cascade-links p")
    assert "แบ่งเป้าหมาย" in up.get_text() and up.a["href"] == "../prov/kpis/rice-yield.html#y2568"
    down = [a["href"] for a in rice.select(".cascade-links li a")]
    assert down == ["../officer-c/kpis/rice-yield.html#y2568"]
    assert unit.select_one("a[href='../officer-c/index.html']") is not None  # children list


def test_unit_page_has_a_scorecard_per_round_with_group_totals(site: Path) -> None:
    unit = page(site, "units/dist-a/index.html")
    cards = unit.select("section.scorecard")
    assert [c.h3.get_text(" ", strip=True) for c in cards] == ["รอบ 6 เดือน พอใช้", "รอบ 12 เดือน ดี"]
    m12 = cards[1]
    assert text_of(m12, "tbody tr:first-child td") == ["30", "436", "3.8000", "1.1400"]
    # 1.1400 + 0.4667 (100 on 60/90/120: 2.3333) + 0.6000 + 0.3500 + 0.8000
    assert text_of(m12, "tfoot tr.total td.num") == ["100", "3.3567"]
    assert m12.select_one(".band")["class"] == ["band", "band-2"]  # Good: the third of five bands


def test_kpi_page_shows_whether_split_targets_cover_the_parent_level_by_level(site: Path) -> None:
    kpi = page(site, "units/prov/kpis/rice-yield.html")
    rows = text_of(kpi, "#y2568 table.coverage tr")
    # dist-a 429..439 and dist-b 400..420, both on 1,000 rai: the mean of the two
    assert rows == [
        "ระดับ 1 รวม (ค่าเฉลี่ยถ่วงน้ำหนัก): 414.5 ≥ 412 ✓ ครอบคลุมเป้าหมาย",
        "ระดับ 2 รวม (ค่าเฉลี่ยถ่วงน้ำหนัก): 418.25 ≥ 414.5 ✓ ครอบคลุมเป้าหมาย",
        "ระดับ 3 รวม (ค่าเฉลี่ยถ่วงน้ำหนัก): 422 ≥ 417 ✓ ครอบคลุมเป้าหมาย",
        "ระดับ 4 รวม (ค่าเฉลี่ยถ่วงน้ำหนัก): 425.75 ≥ 419.5 ✓ ครอบคลุมเป้าหมาย",
        "ระดับ 5 รวม (ค่าเฉลี่ยถ่วงน้ำหนัก): 429.5 ≥ 422 ✓ ครอบคลุมเป้าหมาย",
    ]
    english = text_of(page(site, "en/units/prov/kpis/rice-yield.html"), "#y2568 table.coverage tr")
    assert english[2] == "Level 3 combined (weighted mean): 422 ≥ 417 ✓ covers the target"


def test_kpi_page_walks_the_cascade_from_the_province_down_to_the_officer(site: Path) -> None:
    kpi = page(site, "units/prov/kpis/rice-yield.html")
    tree = kpi.select_one("#y2568 .cascade-tree")
    links = [(a.get_text(" ", strip=True), a["href"]) for a in tree.select(".node a")]
    assert links == [
        ("อำเภอ ก : ผลผลิตข้าวหอมมะลิต่อไร่ของอำเภอ ก", "../../dist-a/kpis/rice-yield.html#y2568"),
        (
            "นักวิชาการส่งเสริมการเกษตร (ตำบล ค) : ผลผลิตข้าวหอมมะลิต่อไร่ของตำบล ค",
            "../../officer-c/kpis/rice-yield.html#y2568",
        ),
        ("อำเภอ ข : ผลผลิตข้าวหอมมะลิต่อไร่ของอำเภอ ข", "../../dist-b/kpis/rice-yield.html#y2568"),
    ]
    kinds = text_of(tree, ".node:not(.self) .link-kind")
    assert kinds == ["แบ่งเป้าหมาย", "สนับสนุน", "แบ่งเป้าหมาย"]
    officer = page(site, "units/officer-c/kpis/rice-yield.html")
    up = [a["href"] for a in officer.select("#y2568 .cascade-tree .node a")]
    assert up == ["../../prov/kpis/rice-yield.html#y2568", "../../dist-a/kpis/rice-yield.html#y2568"]


def test_kpi_page_charts_results_by_round_and_links_evidence(site: Path) -> None:
    kpi = page(site, "units/dist-a/kpis/rice-yield.html")
    chart = kpi.select_one("#y2568 svg.chart")
    assert [t.get_text() for t in chart.select("text.value")] == ["433", "436"]
    assert chart.select_one("line.target") is not None  # level 3 = 434
    evidence = kpi.select_one("#y2568 ul.evidence a")
    assert evidence["href"] == "../../../evidence/units/dist-a/evidence/minutes.md"
    assert (site / "evidence/units/dist-a/evidence/minutes.md").read_text("utf-8") == "รายงานการประชุม\n"


def test_a_milestone_kpi_names_its_target_level_and_the_breadcrumbs_its_name(site: Path) -> None:
    kpi = page(site, "units/prov/kpis/km-level.html")
    facts = dict(zip(text_of(kpi, "#y2568 .facts dt"), text_of(kpi, "#y2568 .facts dd"), strict=True))
    assert facts["เป้าหมาย"] == "ระดับ 3: ติดตามผล", "level 3 is the target, as the chart draws it"
    assert text_of(kpi, ".breadcrumbs li")[-1] == "ระดับความสำเร็จของการจัดการความรู้", "a name, not the id km-level"
    unit = page(site, "units/prov/index.html")
    [row] = [r for r in unit.select("table.agreement tbody tr") if "การจัดการความรู้" in r.get_text()]
    assert text_of(row, "td.target") == ["ระดับ 3"]


def test_only_evidence_of_published_results_is_copied(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.set("units/dist-a/evidence/draft.md", "ร่าง\n")
    out = build_site(tree, tmp_path / "out")
    copied = sorted(p.relative_to(out).as_posix() for p in (out / "evidence").rglob("*") if p.is_file())
    assert copied == ["evidence/units/dist-a/evidence/minutes.md"]


def test_cascade_explorer_lists_every_unit_as_a_tree_and_highlights_gaps(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    for unit in ("dist-a", "dist-b", "officer-c"):  # km-level no longer cascades anywhere
        tree.replace(f"units/{unit}/agreements/2568.yaml", ", cascade: {from: km-level, kind: direct}", "")
    out = build_site(tree, tmp_path / "out")
    explorer = page(out, "cascade.html")
    names = [a.get_text() for a in explorer.select(".explorer .explorer-row > a")]
    assert names == ["จังหวัดตัวอย่าง", "อำเภอ ก", "นักวิชาการส่งเสริมการเกษตร (ตำบล ค)", "อำเภอ ข"]
    gaps = [li.a.get_text() for li in explorer.select(".explorer-kpis li.gap")]
    assert gaps == ["ระดับความสำเร็จของการจัดการความรู้", "ระดับความสำเร็จของการจัดการความรู้"]  # province, dist-a
    assert text_of(explorer, ".gap-summary") == ["ตัวชี้วัดที่ยังไม่ถ่ายทอดในปีนี้: 2 ตัว"]
    assert explorer.select_one(".explorer details")["open"] == ""  # the top levels open, no script needed
    prov = page(out, "units/prov/index.html")
    assert [r.th.a.get_text() for r in prov.select("table.agreement tr.gap")] == ["ระดับความสำเร็จของการจัดการความรู้"]


def test_scorecards_table_has_every_unit_and_round_with_bands(site: Path) -> None:
    table = page(site, "scorecards.html").select_one("table.sortable")
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in table.select("tbody tr")]
    assert [r[0] for r in rows] == ["จังหวัดตัวอย่าง", "จังหวัดตัวอย่าง", "อำเภอ ก", "อำเภอ ก", "อำเภอ ข", "อำเภอ ข"]
    assert rows[1] == ["จังหวัดตัวอย่าง", "องค์กร", "รอบ 12 เดือน", "5/5", "3.4100", "68.2", "ดี"]
    assert table.select("tbody tr")[1]["class"] == ["band-row-2"]  # Good: third of five bands
    assert all(th.has_attr("data-sort") for th in table.select("thead th"))


def test_the_scorecards_page_opens_with_the_units_by_band_and_the_dimensions_means(site: Path) -> None:
    """The officer's results are withheld: three units, all Good (3.41, 3.36, 3.36)."""
    glance = page(site, "scorecards.html").select_one("section.scorecards-glance")
    assert glance is not None
    assert text_of(glance, ".glance-total") == ["หน่วยงาน 3 แห่ง นับจากผลรอบล่าสุดของแต่ละหน่วยงานในปีนี้"]
    strip, bars = glance.select("svg.chart")
    assert strip["role"] == "img" and strip.title.get_text() == "สัดส่วนหน่วยงานแยกตามระดับผลของคะแนนรวมรอบล่าสุด"
    assert [r["class"] for r in strip.select("rect")] == [["bar", "band-fill-2"]]  # one band, the whole width
    assert "ดี 3 หน่วยงาน" in text_of(glance, ".band-counts li")
    assert [t.get_text() for t in bars.select("text.value")] == ["3.3845", "3.0000", "3.5000", "3.6667"]
    assert text_of(glance, "ul.visually-hidden li")[0] == "มิติที่ 1 ประสิทธิผล: 3.3845 (เฉลี่ยจาก 3 หน่วยงาน)"
    assert page(site, "en/scorecards.html").select_one(".scorecards-glance h2").get_text() == "The units at a glance"


def test_person_rows_appear_in_the_scorecards_only_when_individual_results_are_published(tmp_path: Path) -> None:
    hidden = build_site(ContentTree(tmp_path / "a"), tmp_path / "out-a")
    assert "นักวิชาการ" not in page(hidden, "scorecards.html").select_one("table.sortable").get_text()
    tree = ContentTree(tmp_path / "b").replace("site.yaml", "scoring:", "publish_individual_results: true\nscoring:")
    shown = build_site(tree, tmp_path / "out-b")
    units = text_of(page(shown, "scorecards.html"), "table.sortable tbody th")
    assert "นักวิชาการส่งเสริมการเกษตร (ตำบล ค)" in units


def test_strategy_map_page_links_each_goal_to_its_kpis_on_the_unit_page(site: Path) -> None:
    smap = page(site, "units/prov/strategy-map.html")
    svg = smap.select_one("figure.strategy-map svg")
    assert svg is not None
    hrefs = {a.get("href") or a.get("xlink:href") for a in svg.select("a")}
    assert hrefs == {"index.html#goal-g-yield", "index.html#goal-g-people"}
    unit = page(site, "units/prov/index.html")
    goal = unit.select_one("#goal-g-yield")
    assert [a["href"] for a in goal.select("ul a")] == ["kpis/rice-yield.html#y2568"]


def test_pages_of_other_years_exist_and_the_year_switch_reaches_them(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content").replace("site.yaml", "fiscal_years: [2568]", "fiscal_years: [2567, 2568]")
    tree.set(
        "units/prov/agreements/2567.yaml",
        tree.files["units/prov/agreements/2568.yaml"].replace("year: 2568", "year: 2567"),
    )
    out = build_site(tree, tmp_path / "out")
    assert (out / "years/2567.html").is_file() and (out / "cascade-2567.html").is_file()
    assert (out / "units/prov/2567.html").is_file()
    assert not (out / "units/dist-a/2567.html").exists()  # no agreement that year
    prov = page(out, "units/prov/index.html")
    assert [a["href"] for a in prov.select(".year-switch a")] == ["index.html", "2567.html"]
    dist = page(out, "units/dist-a/index.html")
    assert [a["href"] for a in dist.select(".year-switch a")] == ["index.html", "index.html"]
    old = page(out, "units/prov/2567.html")
    assert "ปีงบประมาณ พ.ศ. 2567" in old.select_one("#agreement").get_text()
    kpi = page(out, "units/prov/kpis/rice-yield.html")
    assert [s["id"] for s in kpi.select("section.kpi-year")] == ["y2568", "y2567"]


def test_home_and_unit_pages_open_with_the_unit_at_a_glance(site: Path) -> None:
    """The province's 12-month card (tests/test_queries.py works out the same figures)."""
    for path in ("index.html", "units/prov/index.html"):
        glance = page(site, path).select_one("section.dashboard")
        assert glance is not None, path
        assert "รอบ 12 เดือน · คะแนนรวม 3.4100 (ฐาน 100: 68.2)" in " ".join(
            glance.select_one(".glance-total").get_text().split()
        )
        assert text_of(glance, ".band-counts li") == [
            "ดีเด่น 0 ตัวชี้วัด",
            "ดีมาก 3 ตัวชี้วัด",
            "ดี 2 ตัวชี้วัด",
            "พอใช้ 0 ตัวชี้วัด",
            "ต้องปรับปรุง 0 ตัวชี้วัด",
        ]
        assert text_of(glance, ".concerns li") == ["จำนวนครัวเรือนยากจนที่พ้นเกณฑ์ คะแนน 2.7000"]
        assert "kpis/poor-households.html#y2568" in glance.select_one(".concerns a")["href"]
        charts = glance.select("svg.chart")
        assert len(charts) == 4  # dimensions, bands, trend (m6 → m12), units below
        for chart in charts:
            assert chart["role"] == "img" and chart["aria-label"] and chart.select_one("title").get_text()
        assert [t.get_text() for t in glance.select("svg.bars")[0].select("text.value")] == [
            "3.1200",
            "3.5000",
            "3.5000",
            "4.0000",
        ]
        assert text_of(glance, ".glance-part ul.visually-hidden")[0].startswith("มิติที่ 1 ประสิทธิผล: 3.1200")


def test_a_persons_unit_page_has_no_glance_while_individual_results_are_withheld(site: Path) -> None:
    assert page(site, "units/officer-c/index.html").select_one("section.dashboard") is None


def test_a_charts_round_names_wrap_to_the_room_each_point_has() -> None:
    """A person's rounds are named "รอบที่ 1 (1 ต.ค. – 31 มี.ค.)": under six points across
    two years each name wraps to its point's room (two lines at most), the year under it."""
    import re

    from builder.site.chart import LABEL_SIZE, LEFT, RIGHT, WIDTH, ChartPoint, results_chart
    from builder.site.text_metrics import text_width

    names = ["รอบที่ 1 (1 ต.ค. – 31 มี.ค.)", "รอบที่ 2 (1 เม.ย. – 30 ก.ย.)"]
    points = [ChartPoint(names[i % 2], 3.0 + i / 10, sublabel=str(2566 + i // 2)) for i in range(6)]
    svg = str(results_chart(points, [1, 2, 3, 4, 5], 3, "ผล", "เป้าหมาย"))
    step = (WIDTH - LEFT - RIGHT) / len(points)
    labels: dict[str, list[str]] = {}
    for x, text in re.findall(r'<text class="axis" x="([\d.]+)" y="[\d.]+" text-anchor="middle">([^<]*)<', svg):
        labels.setdefault(x, []).append(text)
    assert len(labels) == 6
    for lines in labels.values():
        assert 2 <= len(lines) <= 3 and re.fullmatch(r"256\d", lines[-1])
        assert lines[0].startswith("รอบที่")
        assert all(text_width(line, LABEL_SIZE) <= step for line in lines)
