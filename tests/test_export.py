"""The JSON export under output/data/: valid against schemas/export.schema.json, complete
(every scorecard listed in the index has its file, and every file is listed), exact to
four decimals, and private where individual results are not published."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from contenttree import ContentTree, budget_rounds
from jsonschema import Draft202012Validator

from builder.export import export_json
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.privacy import publishable
from builder.scoring.scorecard import score_content

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "export.schema.json"
SCORE_FIELDS = {"total", "total_100", "self_score", "verified_score", "score", "weighted", "weight_share"}


def export(tree: ContentTree, stage: Path, unit: str | None = None) -> Path:
    root = tree.write()
    checked = load_and_check(BuildOptions(content=root))
    assert checked.content is not None and not checked.diagnostics.has_errors()
    content, scores = publishable(checked.content, score_content(checked.content))
    stage.mkdir()
    export_json(content, scores, stage, BuildOptions(content=root, out=stage, unit=unit))
    return stage / "data"


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def exported_files(data: Path) -> list[str]:
    return sorted(p.relative_to(data).as_posix() for p in (data / "units").rglob("*.json"))


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


@pytest.fixture
def validator() -> Draft202012Validator:
    schema = read(SCHEMA)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_exported_file_is_valid_against_the_export_schema(
    tree: ContentTree, tmp_path: Path, validator: Draft202012Validator
) -> None:
    data = export(tree, tmp_path / "out")
    documents = [data / "index.json", *(data / f for f in exported_files(data))]
    assert len(documents) == 7
    for path in documents:
        errors = [e.message for e in validator.iter_errors(read(path))]
        assert errors == [], f"{path.name}: {errors}"


def test_rounds_not_due_round_weights_and_amendments_are_exported(
    tree: ContentTree, tmp_path: Path, validator: Draft202012Validator
) -> None:
    agreement = "units/prov/agreements/2568.yaml"
    tree.replace("units/prov/kpis.yaml", "{id: rice-yield, ", "{id: rice-yield, reporting: [m12], ")
    budget_rounds(tree, "{m6: {criteria: [40, 45, 50, 55, 60], weight: 15}}")
    tree.replace(
        agreement,
        "signatories:",
        "amendments:\n  - {from: m12, cancel: service-time, date: 2025-04-02, approved_by: {name: {th: นายบี}}, "
        "reason: {th: ยกเลิกตามผลการเจรจา}}\nsignatories:",
    )
    data = export(tree, tmp_path / "out")
    documents = [data / "index.json", *(data / f for f in exported_files(data))]
    for path in documents:
        assert [e.message for e in validator.iter_errors(read(path))] == [], path.name
    m6 = {k["id"]: k for k in read(data / "units/prov/2568/m6.json")["kpis"]}
    assert (m6["rice-yield"]["status"], m6["rice-yield"]["due"], m6["rice-yield"]["weight_share"]) == (
        "not-due",
        False,
        0,
    )
    budget = m6["budget"]
    assert (budget["weight"], budget["annual_weight"], budget["round_weight"], budget["round_criteria"]) == (
        15,
        10,
        True,
        True,
    )
    assert (budget["criteria"]["levels"], budget["target"]) == ([40, 45, 50, 55, 60], 50)
    m12 = read(data / "units/prov/2568/m12.json")
    service = next(k for k in m12["kpis"] if k["id"] == "service-time")
    assert (service["status"], service["amendments"]) == ("cancelled", [1])
    assert [(a["number"], a["from"], a["action"], a["kpi"], a["date"]) for a in m12["amendments"]] == [
        (1, "m12", "cancel", "service-time", "2025-04-02")
    ]
    # m6: 15 + 20 + 20 + 20 = 75 due (rice-yield not due); m12: 100 - 20 (service-time cancelled)
    assert (read(data / "units/prov/2568/m6.json")["weight_total"], m12["weight_total"], m12["due_count"]) == (
        75,
        80,
        4,
    )
    prov = next(u for u in read(data / "index.json")["units"] if u["id"] == "prov")
    assert [(h["year"], [a["kpi"] for a in h["history"]]) for h in prov["amendments"]] == [(2568, ["service-time"])]


def test_the_schema_rejects_a_scorecard_missing_its_total(
    tree: ContentTree, tmp_path: Path, validator: Draft202012Validator
) -> None:
    card = read(export(tree, tmp_path / "out") / "units/prov/2568/m12.json")
    del card["total"]
    assert not validator.is_valid(card)


def test_the_index_lists_every_scorecard_file_and_nothing_else(tree: ContentTree, tmp_path: Path) -> None:
    data = export(tree, tmp_path / "out")
    index = read(data / "index.json")
    listed = sorted(c["file"] for u in index["units"] for c in u["scorecards"])
    assert listed == exported_files(data)
    assert [u["id"] for u in index["units"]] == ["dist-a", "dist-b", "officer-c", "prov"]
    assert [r["id"] for r in index["rounds"]] == ["m6", "p1", "m12"]  # reporting order: by months
    prov = next(u for u in index["units"] if u["id"] == "prov")
    assert prov["year_to_date"] == [{"year": 2568, "round": "m12"}]


def test_a_scorecard_carries_every_kpi_the_totals_and_the_band(tree: ContentTree, tmp_path: Path) -> None:
    tree.set(
        "units/prov/results/2568/m12.yaml",
        """\
        year: 2568
        round: m12
        results:
          - {kpi: rice-yield, actual: 418}
          - {kpi: service-time, actual: 25}
          - {kpi: km-level, level: 4, verified: {score: 4.8, reason: {th: มติคณะกรรมการ}}}
        """,
    )
    card = read(export(tree, tmp_path / "out") / "units/prov/2568/m12.json")
    assert (card["unit"]["id"], card["year"], card["round"]["id"], card["year_to_date"]) == ("prov", 2568, "m12", True)
    rows = {k["id"]: k for k in card["kpis"]}
    assert list(rows) == ["rice-yield", "poor-households", "service-time", "budget", "km-level"]
    assert (rows["rice-yield"]["actual"], rows["rice-yield"]["score"], rows["rice-yield"]["weighted"]) == (
        418,
        3.4,
        1.02,
    )
    km = rows["km-level"]
    assert (km["self_score"], km["verified_score"], km["score"], km["weighted"]) == (4, 4.8, 4.8, 0.96)
    assert km["reason"] == {"th": "มติคณะกรรมการ", "en": ""}
    # due and not reported: no score, counts 0
    assert (rows["budget"]["reported"], rows["budget"]["score"], rows["budget"]["weighted"]) == (False, None, 0)
    # poor-households rolled up from the districts: 100 + 85 = 185 -> 2.7000 × 20/100 = 0.54
    assert (rows["poor-households"]["actual"], rows["poor-households"]["weighted"]) == (185, 0.54)
    # 1.02 + 0.54 + 0.7 + 0.96
    assert (card["total"], card["total_100"], card["band"]["label"]["th"]) == (3.22, 64.4, "ดี")
    assert [(g["id"], g["weight"], g["weighted"]) for g in card["groups"]] == [
        ("effectiveness", 50, 1.56),
        ("quality", 20, 0.7),
        ("efficiency", 10, 0),
        ("development", 20, 0.96),
    ]
    assert rows["rice-yield"]["carried_by"] == [
        {"unit": "dist-a", "kpi": "rice-yield", "cascade": "split", "file": "units/dist-a/2568/m12.json"},
        {"unit": "dist-b", "kpi": "rice-yield", "cascade": "split", "file": "units/dist-b/2568/m12.json"},
    ]


def test_a_computed_actual_is_marked(tree: ContentTree, tmp_path: Path) -> None:
    tree.set("units/prov/results/2568/m6.yaml", "year: 2568\nround: m6\nresults:\n  - {kpi: km-level, level: 2}\n")
    rows = {k["id"]: k for k in read(export(tree, tmp_path / "out") / "units/prov/2568/m6.json")["kpis"]}
    assert (rows["rice-yield"]["actual"], rows["rice-yield"]["computed"]) == (421.5, True)
    assert rows["km-level"]["computed"] is False


def numbers(node: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from numbers(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from numbers(v, key)
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield key, node


def test_scores_are_json_numbers_exact_to_four_decimals(tree: ContentTree, tmp_path: Path) -> None:
    tree.set(
        "units/officer-c/results/2568/p1.yaml", "year: 2568\nround: p1\nresults:\n  - {kpi: visits, actual: 13.3}\n"
    )
    tree.replace("site.yaml", "limits:", "publish_individual_results: true\nlimits:")
    data = export(tree, tmp_path / "out")
    card = read(data / "units/officer-c/2568/p1.json")
    visits = next(k for k in card["kpis"] if k["id"] == "visits")
    assert visits["score"] == 2.65  # 2 + 1.3/2
    assert visits["weighted"] == 0.53  # 2.65 × 20 ÷ 100
    scores = [
        (k, v) for p in [data / "index.json", *(data / f for f in exported_files(data))] for k, v in numbers(read(p))
    ]
    assert any(k == "weighted" for k, _ in scores)
    for key, value in scores:
        if key in SCORE_FIELDS:
            assert -Decimal(str(value)).as_tuple().exponent <= 4, f"{key}: {value}"


def test_people_are_left_out_unless_individual_results_are_published(tree: ContentTree, tmp_path: Path) -> None:
    data = export(tree, tmp_path / "private")
    officer = next(u for u in read(data / "index.json")["units"] if u["id"] == "officer-c")
    assert officer["scorecards"] == [] and officer["year_to_date"] == []
    assert not (data / "units" / "officer-c").exists()
    dist_a = {k["id"]: k for k in read(data / "units/dist-a/2568/m6.json")["kpis"]}
    assert dist_a["poor-households"]["carried_by"] == [
        {"unit": "officer-c", "kpi": "poor-households", "cascade": "split", "file": None}
    ]

    tree.replace("site.yaml", "limits:", "publish_individual_results: true\nlimits:")
    data = export(tree, tmp_path / "public")
    assert exported_files(data).count("units/officer-c/2568/p1.json") == 1


def test_a_build_for_one_unit_exports_its_subtree(tree: ContentTree, tmp_path: Path) -> None:
    tree.replace("site.yaml", "limits:", "publish_individual_results: true\nlimits:")
    data = export(tree, tmp_path / "out", unit="dist-a")
    assert exported_files(data) == [
        "units/dist-a/2568/m12.json",
        "units/dist-a/2568/m6.json",
        "units/officer-c/2568/p1.json",
    ]
    assert [u["id"] for u in read(data / "index.json")["units"]] == ["dist-a", "officer-c"]


def test_every_schema_property_is_described_in_thai_and_english() -> None:
    def described(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
        if isinstance(node, dict):
            yield from (node.get("properties") or {}).items()
            for value in node.values():
                yield from described(value)
        elif isinstance(node, list):
            for value in node:
                yield from described(value)

    schema = read(SCHEMA)
    properties = list(described(schema))
    assert len(properties) > 50
    for where, sub in [("#", schema), *properties, *schema["$defs"].items()]:
        text = sub.get("description") or sub.get("$comment", "")
        th, _, en = text.partition(" — ")
        assert re.search("[\u0e00-\u0e7f]", th) and re.search("[A-Za-z]", en), where


PROV_INITIATIVES = """
year: 2568
initiatives:
  - id: rice-school
    kind: project
    name: {th: โครงการโรงเรียนชาวนา, en: Farmer field schools}
    goals: [g-yield, g-people]
    owner: {name: {th: นางสาวซี}, position: {th: เกษตรจังหวัด}}
    budget: 1250000
    rounds:
      - {round: m6, planned: 500000, disbursed: 400000, progress: 40, status: delayed}
      - {round: m12, planned: 1250000, disbursed: 1187500.50, progress: 100, status: completed}
  - id: field-days
    kind: activity
    name: {th: กิจกรรมวันถ่ายทอดเทคโนโลยี}
    kpis: [rice-yield]
    budget: 80000
    rounds:
      - {round: m6, planned: 30000, disbursed: 30000, progress: 50, status: on-track}
  - id: volunteers
    kind: activity
    name: {th: กิจกรรมอาสาสมัครเกษตร}
    goals: [g-people]
"""


def test_a_units_initiatives_and_their_money_are_exported(
    tree: ContentTree, tmp_path: Path, validator: Draft202012Validator
) -> None:
    tree.set("units/prov/initiatives/2568.yaml", PROV_INITIATIVES)
    data = export(tree, tmp_path / "out")
    document = read(data / "units/prov/2568/initiatives.json")
    assert list(validator.iter_errors(document)) == []
    found = {i["id"]: i for i in document["initiatives"]}
    school = found["rice-school"]
    # where it stands is its latest report (m12); 1,187,500.50 of 1,250,000 is 95.00 percent
    assert (school["as_of"], school["status"], school["progress"]) == ("m12", "completed", 100)
    assert (school["disbursed"], school["planned_to_date"], school["rate"]) == (1187500.5, 1250000, 95)
    assert [(r["round"], r["disbursed"], r["against_plan"]) for r in school["rounds"]] == [
        ("m6", 400000, 80),
        ("m12", 1187500.5, 95),
    ]
    assert school["owner"] == {"name": {"th": "นางสาวซี", "en": ""}, "position": {"th": "เกษตรจังหวัด", "en": ""}}
    # an initiative naming only a KPI serves that KPI's goal
    assert found["field-days"]["goals"] == ["g-yield"] and found["field-days"]["rate"] == 37.5
    assert found["volunteers"]["as_of"] is None and found["volunteers"]["budget"] is None
    # the unit's total counts each initiative once; a goal's, every initiative serving it
    assert document["total"] == {"count": 3, "budget": 1330000, "disbursed": 1217500.5, "without_budget": 1}
    by_goal = {g["goal"]: (g["count"], g["budget"], g["disbursed"]) for g in document["by_goal"]}
    assert by_goal == {"g-yield": (2, 1330000, 1217500.5), "g-people": (2, 1250000, 1187500.5)}
    assert [p["perspective"] for p in document["by_perspective"]] == ["effectiveness", "development"]
    # the index lists the file with the unit's totals; units without initiatives list none
    units = {u["id"]: u for u in read(data / "index.json")["units"]}
    assert units["prov"]["initiatives"] == [
        {"year": 2568, "file": "units/prov/2568/initiatives.json", **document["total"]}
    ]
    assert units["dist-a"]["initiatives"] == []
    assert list(validator.iter_errors(read(data / "index.json"))) == []


OFFICER_INITIATIVES = """
year: 2568
initiatives:
  - id: farm-visits
    kind: activity
    name: {th: กิจกรรมเยี่ยมแปลงเกษตรกร}
    kpis: [visits]
    budget: 12000
    rounds:
      - {round: p1, planned: 6000, disbursed: 5400, progress: 45, status: on-track}
"""


def test_a_persons_initiatives_come_without_their_reports_unless_results_are_published(
    tree: ContentTree, tmp_path: Path
) -> None:
    tree.set("units/officer-c/initiatives/2568.yaml", OFFICER_INITIATIVES)
    private = read(export(tree, tmp_path / "private") / "units/officer-c/2568/initiatives.json")
    visits = private["initiatives"][0]
    assert (visits["budget"], visits["rounds"], visits["disbursed"], visits["status"]) == (12000, [], None, None)
    assert private["total"] == {"count": 1, "budget": 12000, "disbursed": 0, "without_budget": 0}

    tree.replace("site.yaml", "limits:", "publish_individual_results: true\nlimits:")
    public = read(export(tree, tmp_path / "public") / "units/officer-c/2568/initiatives.json")
    visits = public["initiatives"][0]
    assert (visits["disbursed"], visits["rate"], visits["status"]) == (5400, 45, "on-track")
