"""`kpibook diff` over a real git history of the example province: a target change, a
weight change, a new KPI, a district edit that breaks a split, and a result correction.

Every step's whole output is compared with reviewed golden files in `tests/golden/diff/`
(Markdown in Thai, as the pull-request comment; JSON in English). Regenerate after a
deliberate change with `python -m pytest tests/test_diff.py --regen-golden` and review
`git diff tests/golden/`.
The score impact numbers are worked out by hand below, next to each step.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from decimal import Decimal
from pathlib import Path

import pytest
from gitcontent import GitContent
from golden import Golden

from builder.cli import main

PROV = "units/prov/agreements/2568.yaml"
DIST_B = "units/dist-b/agreements/2568.yaml"
DIST_B_M6 = "units/dist-b/results/2568/m6.yaml"
DIST_B_M12 = "units/dist-b/results/2568/m12.yaml"
TODAY = "2025-12-01"
STEPS = ("target", "weights", "new-kpi", "split-broken", "correction")


def build_history(top: Path) -> GitContent:
    repo = GitContent(top)
    tree = repo.tree
    # the base: every KPI due has a result, except the province's poor households, which is
    # rolled up from its districts' split: 70 + 50 = 120 at 6 months, 100 + 85 = 185 at 12
    repo.commit("base", date="2025-03-01T09:00:00+07:00")
    # 1. the province's level-3 rice target falls from 417 to 415
    tree.replace(
        PROV,
        "criteria: [412, 414.5, 417, 419.5, 422], target: 417",
        "criteria: [410, 412.5, 415, 417.5, 420], target: 415",
    )
    repo.commit("rice target 417 -> 415", date="2025-03-02T09:00:00+07:00")
    # 2. weight moves from rice to poor households within dimension 1 (50 = 25 + 25)
    tree.replace(
        PROV,
        "kpi: rice-yield, dimension: effectiveness, weight: 30",
        "kpi: rice-yield, dimension: effectiveness, weight: 25",
    )
    tree.replace(
        PROV,
        "kpi: poor-households, dimension: effectiveness, weight: 20",
        "kpi: poor-households, dimension: effectiveness, weight: 25",
    )
    repo.commit("weights 30/20 -> 25/25", date="2025-03-03T09:00:00+07:00")
    # 3. dist-b takes on a new KPI from half of service time's weight, and reports it
    tree.files["units/dist-b/kpis.yaml"] += (
        "  - {id: training, name: {th: ร้อยละของเจ้าหน้าที่ที่ผ่านการอบรม, en: Staff trained}, kind: numeric, measure: percent}\n"
    )
    tree.replace(
        DIST_B,
        "  - {kpi: service-time, dimension: quality, weight: 20,",
        "  - {kpi: training, dimension: quality, weight: 10, criteria: [60, 70, 80, 90, 100]}\n  - {kpi: service-time, dimension: quality, weight: 10,",
    )
    tree.replace(
        DIST_B_M6,
        "  - {kpi: poor-households, actual: 50}\n",
        "  - {kpi: poor-households, actual: 50}\n  - {kpi: training, actual: 75}\n",
    )
    tree.replace(
        DIST_B_M12,
        "  - {kpi: poor-households, actual: 85}\n",
        "  - {kpi: poor-households, actual: 85}\n  - {kpi: training, actual: 85}\n",
    )
    repo.commit("dist-b: training KPI", date="2025-03-04T09:00:00+07:00")
    # 4. dist-b lowers its level-3 share of poor households 80 -> 79: the districts now
    #    give 120 + 79 = 199 at level 3, short of the province's 200
    tree.replace(DIST_B, "[40, 60, 80, 100, 120]", "[40, 60, 79, 100, 120]")
    repo.commit("dist-b: share 80 -> 79", date="2025-03-05T09:00:00+07:00")
    # 5. the committee verifies dist-b's 12-month poor households at 90 (self-assessed 85)
    tree.replace(
        DIST_B_M12,
        "{kpi: poor-households, actual: 85}",
        "{kpi: poor-households, actual: 85, verified: {actual: 90, reason: {th: ตรวจสอบกับทะเบียนครัวเรือนแล้ว, en: Checked against the household register}}}",
    )
    repo.commit("dist-b: verified 90", date="2025-03-06T09:00:00+07:00")
    return repo


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> GitContent:
    return build_history(tmp_path_factory.mktemp("diff") / "repo")


@pytest.fixture
def repo(history: GitContent, monkeypatch: pytest.MonkeyPatch) -> GitContent:
    monkeypatch.chdir(history.top)  # paths are shown from the repository's top, as in CI
    return history


def diff(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["diff", *args, "--today", TODAY])
    return status, out.getvalue()


def as_json(*args: str) -> dict:  # type: ignore[type-arg]
    status, out = diff(*args, "--format", "json", "--lang", "en")
    assert status == 0
    return json.loads(out)


def scores(document: dict, unit: str) -> list[tuple[str, Decimal | None, Decimal | None]]:  # type: ignore[type-arg]
    found = next(u for u in document["units"] if u["unit"] == unit)
    return [
        (s["round"], *(Decimal(str(s[side]["total"])) if s[side] else None for side in ("before", "after")))
        for s in found["scores"]
    ]


@pytest.mark.parametrize("step", range(1, len(STEPS) + 1))
def test_each_step_against_golden_output(repo: GitContent, golden: Golden, step: int) -> None:
    before, after = repo.commits[step - 1], repo.commits[step]
    name = f"diff/{step:02d}-{STEPS[step - 1]}"
    golden.check(f"{name}.md", diff(before, after, "--format", "markdown", "--lang", "th")[1])
    golden.check(f"{name}.json", diff(before, after, "--format", "json", "--lang", "en")[1])


def test_the_whole_series_against_golden_output(repo: GitContent, golden: Golden) -> None:
    golden.check("diff/all.md", diff(repo.commits[0], repo.commits[-1], "--format", "markdown", "--lang", "en")[1])
    golden.check("diff/all.txt", diff(repo.commits[0], repo.commits[-1], "--lang", "th")[1])


def test_target_change_moves_the_provinces_totals(repo: GitContent) -> None:
    document = as_json(repo.commits[0], repo.commits[1])
    # m6: rice 415.2 on 412/414.5/417/419.5/422 scores 2 + 0.7/2.5 = 2.2800, × 30/100 = 0.6840;
    #     on 410/412.5/415/417.5/420 it scores 3 + 0.2/2.5 = 3.0800, × 0.3 = 0.9240. The other
    #     rows stay: poor households rolled up to 120 (1 + 20/50 = 1.4 × 0.2 = 0.2800), service
    #     time 27 minutes (lower is better, 2.5 × 0.2 = 0.5000), budget 91 (1.5 × 0.1 = 0.1500),
    #     knowledge management level 2 (× 0.2 = 0.4000): 2.0140 → 2.2540
    # m12: rice 418 scores 3 + 1/2.5 = 3.4000 → 4 + 0.5/2.5 = 4.2000 (× 0.3: 1.0200 → 1.2600);
    #     with poor households 185 (2.7 × 0.2 = 0.5400), service time 25 (3.5 × 0.2 = 0.7000),
    #     budget 95 (3.5 × 0.1 = 0.3500), level 4 (0.8000): 3.4100 → 3.6500
    assert scores(document, "prov") == [
        ("m6", Decimal("2.014"), Decimal("2.254")),
        ("m12", Decimal("3.41"), Decimal("3.65")),
    ]
    changes = next(u for u in document["units"] if u["unit"] == "prov")["changes"]
    assert [(c["field"], c["old"], c["new"]) for c in changes] == [
        ("criteria", [412, 414.5, 417, 419.5, 422], [410, 412.5, 415, 417.5, 420]),
        ("target", 417, 415),
    ]


def test_weight_change(repo: GitContent) -> None:
    document = as_json(repo.commits[1], repo.commits[2])
    # m6: rice 3.08 × 25/100 = 0.7700 (was 0.9240), poor households 1.4 × 0.25 = 0.3500 (was
    #     0.2800): 2.2540 - 0.1540 + 0.0700 = 2.1700
    # m12: rice 4.2 × 0.25 = 1.0500 (was 1.2600), poor households 2.7 × 0.25 = 0.6750 (was
    #     0.5400): 3.6500 - 0.2100 + 0.1350 = 3.5750
    assert scores(document, "prov") == [
        ("m6", Decimal("2.254"), Decimal("2.17")),
        ("m12", Decimal("3.65"), Decimal("3.575")),
    ]


def test_new_kpi(repo: GitContent) -> None:
    document = as_json(repo.commits[2], repo.commits[3])
    unit = next(u for u in document["units"] if u["unit"] == "dist-b")
    assert [(c["topic"], c["action"], c.get("field"), c.get("kpi"), c.get("round")) for c in unit["changes"]] == [
        ("kpi", "added", None, "training", None),
        ("item", "added", None, "training", None),
        ("item", "changed", "weight", "service-time", None),
        ("result", "added", None, "training", "m6"),
        ("result", "added", None, "training", "m12"),
    ]
    # dist-b m6: rice 410 (3.0 × 0.3 = 0.9000), poor households 50 (1.5 × 0.2 = 0.3000), service
    # time 29 (1.5 × 0.2 = 0.3000 → × 10/100 = 0.1500), budget 91 (0.1500), level 2 (0.4000),
    # and now training 75 on 60/70/80/90/100 (2.5 × 0.1 = 0.2500): 2.0500 → 2.1500
    # m12: rice 416 (4.2 × 0.3 = 1.2600), poor households 85 (3.25 × 0.2 = 0.6500), service
    # time 27 (2.5 × 0.2 = 0.5000 → × 0.1 = 0.2500), budget 95 (0.3500), level 3 (0.6000),
    # training 85 (3.5 × 0.1 = 0.3500): 3.3600 → 3.4600
    assert scores(document, "dist-b") == [
        ("m6", Decimal("2.05"), Decimal("2.15")),
        ("m12", Decimal("3.36"), Decimal("3.46")),
    ]


def test_a_district_edit_that_breaks_a_split(repo: GitContent) -> None:
    document = as_json(repo.commits[3], repo.commits[4])
    prov = next(u for u in document["units"] if u["unit"] == "prov")
    assert prov["status"] == "affected" and prov["scores"] == []
    (problem,) = prov["introduced"]
    assert problem["code"] == "cascade.split-short"
    assert [r["path"] for r in problem["related"]] == [
        "content/units/dist-a/agreements/2568.yaml",
        "content/units/dist-b/agreements/2568.yaml",
    ]
    # dist-b's own 85 at 12 months now scores 3 + 6/21 = 3.2857 (× 0.2 = 0.6571, was 0.6500):
    # 3.4600 → 3.4671; its 50 at 6 months is below level 2 either way
    assert scores(document, "dist-b") == [("m12", Decimal("3.46"), Decimal("3.4671"))]


def test_a_verified_correction_moves_the_province_through_the_rollup(repo: GitContent) -> None:
    document = as_json(repo.commits[4], repo.commits[5])
    dist_b = next(u for u in document["units"] if u["unit"] == "dist-b")
    assert [(c["field"], c["old"], c["new"]) for c in dist_b["changes"]] == [
        ("verified-actual", None, 90),
        ("verified-reason", None, {"th": "ตรวจสอบกับทะเบียนครัวเรือนแล้ว", "en": "Checked against the household register"}),
    ]
    # dist-b: verified 90 scores 3 + 11/21 = 3.5238, × 0.2 = 0.7048 (was 0.6571): 3.4671 → 3.5148
    assert scores(document, "dist-b") == [("m12", Decimal("3.4671"), Decimal("3.5148"))]
    # the province reports no poor households: 100 + 90 = 190 scores 2 + 40/50 = 2.8, × 25/100
    # = 0.7000 (was 185: 2.7 × 0.25 = 0.6750): 3.5750 → 3.6000, through the rollup alone
    prov = next(u for u in document["units"] if u["unit"] == "prov")
    assert prov["status"] == "affected" and prov["changes"] == []
    assert scores(document, "prov") == [("m12", Decimal("3.575"), Decimal("3.6"))]
    assert prov["scores"][0]["via_rollup"] is True
    assert prov["scores"][0]["rows"] == [
        {
            "kpi": "poor-households",
            "actual": [185, 190],
            "computed": [True, True],
            "score": [2.7, 2.8],
            "weighted": [0.675, 0.7],
        }
    ]


def test_the_working_tree_is_the_default_head(repo: GitContent) -> None:
    status, out = diff("HEAD", "--lang", "en")
    assert (status, out.splitlines()[-1]) == (0, "No change of meaning.")
    (repo.top / "content/units/dist-a/unit.yaml").write_text(
        "# a comment, and keys in another order\nkind: district\nid: dist-a\nparent: prov\nname: {th: อำเภอ ก}\n",
        encoding="utf-8",
    )
    try:
        document = as_json("HEAD")
        assert document["head"]["label"] == "working tree"
        assert document["changed_files"] == ["content/units/dist-a/unit.yaml"]
        assert document["units"] == [] and document["summary"]["units_changed"] == 0
    finally:
        repo.tree.write()


def test_a_content_folder_as_a_side(repo: GitContent, tmp_path: Path) -> None:
    document = as_json(repo.commits[0], str(repo.top / "content"))
    assert document["head"]["commit"] is None
    assert {u["unit"] for u in document["units"]} == {"prov", "dist-b"}


def test_usage_errors(repo: GitContent) -> None:
    err = io.StringIO()
    from contextlib import redirect_stderr

    with redirect_stderr(err):
        status = main(["diff", "no-such-branch", "--lang", "en"])
    assert status == 2
    assert err.getvalue().startswith("kpibook: error: 'no-such-branch' is neither a folder nor a revision git knows: ")
