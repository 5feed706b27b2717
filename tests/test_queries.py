"""The domain questions every output asks (`builder.queries`): the order of rounds, the
latest scorecard, group names, bands, split coverage; and the outputs giving the same
answer — site, handbook, JSON export and `build.py score` — because they all ask there.

The tree (tests/contenttree.py): province prov → districts dist-a, dist-b → officer-c,
FY 2568; rounds m6/m12 for organisations and districts, p1 for persons.
"""

from __future__ import annotations

import dataclasses
import io
import json
from contextlib import redirect_stdout
from decimal import Decimal
from pathlib import Path

import pytest
from contenttree import TODAY, ContentTree

from builder.cli import main
from builder.export import index_document
from builder.model import Content
from builder.options import BuildOptions
from builder.pdf.sections import unit_section
from builder.pipeline import build, load_and_check
from builder.queries import Queries, bands_in_force, reporting_order, rounds_for_kind
from builder.scoring.scorecard import score_content
from builder.stamp import Stamp

# a second 12-month round for organisations and districts: the committee's final round
# after the self-assessment (`m12`), or listed before it
FINAL_AFTER_M12 = (
    "  - {id: m12, name: {th: รอบ 12 เดือน, en: 12 months}, months: 12, for: [organisation, district]}\n",
    "  - {id: m12, name: {th: รอบ 12 เดือน, en: 12 months}, months: 12, for: [organisation, district]}\n"
    "  - {id: final, name: {th: รอบสรุปผล, en: Final}, months: 12, for: [organisation, district]}\n",
)
FINAL_BEFORE_M12 = (
    "  - {id: m12, name: {th: รอบ 12 เดือน, en: 12 months}, months: 12, for: [organisation, district]}\n",
    "  - {id: final, name: {th: รอบสรุปผล, en: Final}, months: 12, for: [organisation, district]}\n"
    "  - {id: m12, name: {th: รอบ 12 เดือน, en: 12 months}, months: 12, for: [organisation, district]}\n",
)
FINAL_RESULTS = "year: 2568\nround: final\nresults:\n  - {kpi: rice-yield, actual: 419}\n"


def loaded(tree: ContentTree) -> Content:
    checked = load_and_check(BuildOptions(content=tree.write(), today=TODAY))
    assert checked.content is not None and not checked.diagnostics.has_errors()
    return checked.content


def queries_of(tree: ContentTree) -> Queries:
    content = loaded(tree)
    return Queries(content, score_content(content))


def with_final_round(tree: ContentTree, placement: tuple[str, str]) -> ContentTree:
    tree.replace("site.yaml", *placement)
    return tree.set("units/prov/results/2568/final.yaml", FINAL_RESULTS)


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


# -- rounds ----------------------------------------------------------------------------


def test_rounds_are_in_reporting_order_by_months_then_as_listed(tree: ContentTree) -> None:
    tree.replace("site.yaml", *FINAL_BEFORE_M12)
    site = loaded(tree).site
    # site.yaml lists m6, final, m12, p1: by months m6 and p1 (6), then final and m12 (12) as listed
    assert [r.id for r in reporting_order(site)] == ["m6", "p1", "final", "m12"]
    assert [r.id for r in rounds_for_kind(site, "district")] == ["m6", "final", "m12"]
    assert [r.id for r in rounds_for_kind(site, "person")] == ["p1"]


def test_a_round_without_for_applies_to_every_kind(tree: ContentTree) -> None:
    tree.replace(
        "site.yaml",
        "  - {id: p1, name: {th: รอบที่ 1, en: Round 1}, months: 6, for: [person]}\n",
        "  - {id: p1, name: {th: รอบที่ 1, en: Round 1}, months: 6, for: [person]}\n"
        "  - {id: m3, name: {th: รอบ 3 เดือน, en: 3 months}, months: 3}\n",
    )
    site = loaded(tree).site
    assert [r.id for r in rounds_for_kind(site, "person")] == ["m3", "p1"]
    assert [r.id for r in rounds_for_kind(site, "organisation")] == ["m3", "m6", "m12"]


# -- the latest scorecard --------------------------------------------------------------


def test_the_latest_scorecard_is_the_last_round_with_results(tree: ContentTree) -> None:
    queries = queries_of(tree)
    prov = queries.content.units["prov"]
    assert [(r.id, c.round) for r, c in queries.cards(prov, 2568)] == [("m6", "m6"), ("m12", "m12")]
    latest = queries.latest_card(prov, 2568)
    assert latest is not None and latest[0].id == "m12"


def test_a_round_without_results_is_never_the_latest(tree: ContentTree) -> None:
    for unit in ("prov", "dist-a", "dist-b"):  # the districts' 12-month yields would roll up
        tree.remove(f"units/{unit}/results/2568/m12.yaml")
    queries = queries_of(tree)
    prov = queries.content.units["prov"]
    latest = queries.latest_card(prov, 2568)
    assert latest is not None and latest[0].id == "m6"
    assert [r.id for r, _ in queries.all_cards(prov, 2568)] == ["m6", "m12"]  # still listed, unreported


def test_of_two_rounds_with_equal_months_the_later_listed_is_the_latest(tree: ContentTree) -> None:
    queries = queries_of(with_final_round(tree, FINAL_AFTER_M12))
    latest = queries.latest_card(queries.content.units["prov"], 2568)
    assert latest is not None and latest[0].id == "final"


def test_listed_before_the_other_12_month_round_it_is_not_the_latest(tree: ContentTree) -> None:
    queries = queries_of(with_final_round(tree, FINAL_BEFORE_M12))
    latest = queries.latest_card(queries.content.units["prov"], 2568)
    assert latest is not None and latest[0].id == "m12"


@pytest.mark.parametrize(("placement", "latest"), [(FINAL_AFTER_M12, "final"), (FINAL_BEFORE_M12, "m12")])
def test_site_handbook_export_and_score_agree_on_the_latest_round(
    tree: ContentTree, tmp_path: Path, placement: tuple[str, str], latest: str
) -> None:
    root = with_final_round(tree, placement).write()
    queries = queries_of(tree)
    prov = queries.content.units["prov"]

    out = tmp_path / "out"
    build(BuildOptions(content=root, out=out, pdf=False, today=TODAY))
    home = (out / "index.html").read_text("utf-8")
    shown = {"final": "รอบสรุปผล", "m12": "รอบ 12 เดือน"}
    assert f"card-prov-2568-{latest}" in home, "the home page shows the province's latest scorecard"
    assert shown[latest] in home

    section = unit_section(queries, prov, 1, 2568, "")
    assert section.scorecard is not None and section.scorecard.round.id == latest

    index = index_document(queries, ["prov"], Stamp())
    assert index["units"][0]["year_to_date"] == [{"year": 2568, "round": latest}]
    exported = json.loads((out / "data" / "index.json").read_text("utf-8"))
    assert next(u for u in exported["units"] if u["id"] == "prov")["year_to_date"] == [{"year": 2568, "round": latest}]

    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["score", "prov", "--content", str(root), "--lang", "en", "--today", TODAY.isoformat()]) == 0
    assert (
        printed.getvalue()
        .splitlines()[1]
        .endswith(f"· {'Final' if latest == 'final' else '12 months'} · five-level criteria")
    )


# -- groups and bands ------------------------------------------------------------------


def test_an_items_round_terms_are_in_reporting_order_and_make_it_due(tree: ContentTree) -> None:
    rice = "target: 417"
    tree.replace(
        "units/prov/agreements/2568.yaml", rice, f"{rice}, rounds: {{m12: {{weight: 25}}, m6: {{weight: 35}}}}"
    )
    # both templates report at 12 months only; rice-yield's terms name m6 as well
    tree.replace("units/prov/kpis.yaml", "{id: rice-yield, ", "{id: rice-yield, reporting: [m12], ")
    tree.replace("units/prov/kpis.yaml", "{id: budget, ", "{id: budget, reporting: [m12], ")
    queries = queries_of(tree)
    prov = queries.content.units["prov"]
    agreement = queries.content.agreements[("prov", 2568)]
    rice_item, budget_item = agreement.item("rice-yield"), agreement.item("budget")
    assert rice_item is not None and budget_item is not None
    assert [r.id for r, _ in queries.item_rounds(rice_item)] == ["m6", "m12"]  # listed m12 first
    assert [r.id for r in queries.due_rounds(prov, rice_item)] == ["m6", "m12"]
    assert queries.due_every_round(prov, rice_item)
    assert [r.id for r in queries.due_rounds(prov, budget_item)] == ["m12"]
    assert not queries.due_every_round(prov, budget_item) and queries.item_rounds(budget_item) == ()


def test_groups_are_named_and_ordered_as_the_site_lists_them(tree: ContentTree) -> None:
    queries = queries_of(tree)
    agreement = queries.content.agreements[("officer-c", 2568)]
    assert queries.groups_in_order(agreement) == ("strategic", "routine")
    assert queries.group_name("routine").en == "Routine"
    assert queries.group_name("unlisted").th == "unlisted"  # an id the site does not name, as is
    prov = queries.content.agreements[("prov", 2568)]
    assert queries.groups_in_order(prov) == ("effectiveness", "quality", "efficiency", "development")
    assert [queries.group_weight(prov, g) for g in queries.groups_in_order(prov)] == [50, 20, 10, 20]


def test_bands_in_force_are_the_sites_else_the_schemes_highest_first(tree: ContentTree) -> None:
    site = loaded(tree).site
    assert [b.min for b in bands_in_force(site.scoring)] == [4.5, 3.5, 2.5, 1.5, 0]
    tree.replace(
        "site.yaml",
        "scoring:\n  scheme: five-level\n",
        "scoring:\n  scheme: five-level\n  bands:\n    - {min: 0, label: {th: ต่ำ}}\n    - {min: 3, label: {th: สูง}}\n",
    )
    queries = queries_of(tree)
    assert [b.label.th for b in queries.bands] == ["สูง", "ต่ำ"]
    assert queries.band_rank(queries.bands[1]) == 1


# -- split coverage --------------------------------------------------------------------


def test_split_coverage_compares_the_combined_targets_level_by_level(tree: ContentTree) -> None:
    queries = queries_of(tree)
    prov = queries.content.agreements[("prov", 2568)]
    item = prov.item("poor-households")
    assert item is not None
    coverage = queries.coverage("prov", 2568, item)
    # dist-a 60/90/120/150/180 + dist-b 40/60/80/100/120 against 100/150/200/250/300
    assert coverage is not None and coverage.method == "sum"
    assert [(c.combined, c.parent, c.covered) for c in coverage.levels] == [
        (100, 100, True),
        (150, 150, True),
        (200, 200, True),
        (250, 250, True),
        (300, 300, True),
    ]
    assert coverage.short == ()


# -- how a unit stands (the dashboards) ------------------------------------------------


def test_a_units_standing_by_group_band_and_target_in_its_latest_round(tree: ContentTree) -> None:
    """prov's 12-month card: rice 3.4 (weight 30), poor households 2.7 (20, rolled up),
    service time 3.5 (20), budget 3.5 (10), KM 4 (20)."""
    index = queries_of(tree)
    prov = index.content.units["prov"]
    round_, card = index.latest_card(prov, 2568) or (None, None)
    assert round_ is not None and card is not None and round_.id == "m12"
    assert [(g.group, g.weight, g.score) for g in index.group_standings(card)] == [
        ("effectiveness", Decimal(50), Decimal("3.1200")),  # (3.4 × 30 + 2.7 × 20) ÷ 50
        ("quality", Decimal(20), Decimal("3.5000")),
        ("efficiency", Decimal(10), Decimal("3.5000")),
        ("development", Decimal(20), Decimal("4.0000")),
    ]
    assert [(c.band.label.th if c.band else None, c.rank, c.count) for c in index.kpi_band_counts(card)] == [
        ("ดีเด่น", 0, 0),
        ("ดีมาก", 1, 3),
        ("ดี", 2, 2),
        ("พอใช้", 3, 0),
        ("ต้องปรับปรุง", 4, 0),
    ]
    assert [row.kpi for row in index.below_target(card)] == ["poor-households"]  # 2.7 < level 3


def test_a_kpi_due_and_not_reported_is_unscored_and_first_below_target(tree: ContentTree) -> None:
    tree.replace("units/prov/results/2568/m12.yaml", "  - {kpi: budget, actual: 95}\n", "")
    index = queries_of(tree)
    _round, card = index.latest_card(index.content.units["prov"], 2568) or (None, None)
    assert card is not None
    counts = index.kpi_band_counts(card)
    assert (counts[-1].band, counts[-1].count) == (None, 1)
    assert sum(c.count for c in counts) == card.due_count == 5
    assert [row.kpi for row in index.below_target(card)] == ["budget", "poor-households"]


def test_the_target_score_is_level_3_or_the_standard_tier(tree: ContentTree) -> None:
    content = loaded(tree)
    assert Queries(content).target_score == Decimal(3)
    scoring = dataclasses.replace(content.site.scoring, scheme="three-tier")
    three_tier = dataclasses.replace(content, site=dataclasses.replace(content.site, scoring=scoring))
    assert Queries(three_tier).target_score == Decimal(75)  # the standard tier's score


def test_the_total_and_a_kpi_across_rounds_in_time_order(tree: ContentTree) -> None:
    index = queries_of(tree)
    prov = index.content.units["prov"]
    assert [(p.year, p.round.id, p.total) for p in index.total_trend(prov, 2568)] == [
        (2568, "m6", Decimal("2.0140")),
        (2568, "m12", Decimal("3.4100")),
    ]
    rice, km = index.content.kpi("prov", "rice-yield"), index.content.kpi("prov", "km-level")
    assert rice is not None and km is not None
    assert [(p.round.id, p.value) for p in index.kpi_trend(prov, rice)] == [("m6", 415.2), ("m12", 418.0)]
    assert [(p.round.id, p.value) for p in index.kpi_trend(prov, km)] == [("m6", 2.0), ("m12", 4.0)]


def test_the_units_of_a_year_by_band_and_each_dimensions_mean(tree: ContentTree) -> None:
    """Each unit counted once, by its latest round (the officer reports in p1); a
    dimension's mean leaves out the units with no KPI of it (the officer's categories)."""
    index = queries_of(tree)
    assert [(u.id, r.id) for u, r, _card in index.latest_cards(2568)] == [
        ("prov", "m12"),
        ("dist-a", "m12"),
        ("officer-c", "p1"),
        ("dist-b", "m12"),
    ]
    assert [(c.band.label.th if c.band else None, c.count) for c in index.unit_band_counts(2568)] == [
        ("ดีเด่น", 0),
        ("ดีมาก", 0),
        ("ดี", 3),  # 3.4100, 3.3567, 3.3600
        ("พอใช้", 1),  # the officer's 2.0967
        ("ต้องปรับปรุง", 0),
    ]
    assert [(g.group, g.score, g.units) for g in index.group_means(2568)] == [
        ("effectiveness", Decimal("3.3845"), 3),  # (3.1200 + 3.2134 + 3.8200) ÷ 3
        ("quality", Decimal("3.0000"), 3),  # (3.5 + 3.0 + 2.5) ÷ 3
        ("efficiency", Decimal("3.5000"), 3),
        ("development", Decimal("3.6667"), 3),  # (4 + 4 + 3) ÷ 3
        ("strategic", Decimal("1.9959"), 1),
        ("routine", Decimal("2.5000"), 1),
    ]
    assert index.latest_cards(2567) == () and index.group_means(2567) == ()
