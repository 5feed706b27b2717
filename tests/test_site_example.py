"""The example organisation in content/ builds into a site with no broken link (the site
is built once per session: `example_site` in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

from test_links import crawl

from builder.options import BuildOptions
from builder.pipeline import load_and_check

EXAMPLE = Path(__file__).resolve().parent.parent / "content"


def test_the_example_site_has_a_page_for_every_unit_and_kpi_in_both_languages(example_site: Path) -> None:
    checked = load_and_check(BuildOptions(content=EXAMPLE))
    assert checked.content is not None
    for unit in checked.content.units:
        assert (example_site / "units" / unit / "index.html").is_file()
        assert (example_site / "en" / "units" / unit / "index.html").is_file()
    for key in checked.content.kpis:
        unit, kpi = key.split("/")
        assert (example_site / "units" / unit / "kpis" / f"{kpi}.html").is_file()


def test_the_example_site_has_no_broken_link(example_site: Path) -> None:
    assert [str(p) for p in crawl(example_site)] == []


def test_a_kpi_agreed_in_two_years_shows_its_values_across_both(example_site: Path) -> None:
    from bs4 import BeautifulSoup

    kpi = BeautifulSoup(
        (example_site / "units/prov-a/kpis/poor-households-lifted.html").read_text("utf-8"), "html.parser"
    )
    chart = kpi.select_one("section[aria-labelledby=trend] svg.chart")
    assert chart is not None and chart["role"] == "img"
    labels = [t.get_text() for t in chart.select("text.axis")]
    assert "2567" in labels and "2568" in labels  # rounds of both years on one axis
    assert len(chart.select("circle.point")) >= 2
