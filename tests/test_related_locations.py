"""A problem involving several files is shown on every one of them.

A district that lowers its split share breaks its province's target: the error belongs to
the province's item, but the pull request changed only the district's file. Every place
taking part gets its own located line, in each output format, so the annotation appears on
whichever file the pull request touched.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from contenttree import ContentTree

from builder.cli import main

DIST_B = "units/dist-b/agreements/2568.yaml"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentTree:
    monkeypatch.chdir(tmp_path)  # as in CI: paths are shown from the repository's top
    return ContentTree(tmp_path / "content")


def check(tree: ContentTree, fmt: str) -> tuple[int, str]:
    tree.write()
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["check", "--content", "content", "--lang", "en", "--today", "2025-12-01", "--format", fmt])
    return status, out.getvalue()


def test_a_district_edit_that_breaks_a_split_is_annotated_on_the_district_file(tree: ContentTree) -> None:
    tree.replace(DIST_B, "[40, 60, 80, 100, 120]", "[40, 60, 79, 100, 120]")  # the only edit
    status, out = check(tree, "github")
    message = (
        "split of 'prov/poor-households': the children combined (sum) give 199 at level 3, short of the superior's 200"
    )
    assert status == 1
    assert out.splitlines() == [
        f"::error file=content/units/prov/agreements/2568.yaml,line=4,col=76,title=cascade.split-short::{message}",
        "::error file=content/units/dist-a/agreements/2568.yaml,line=5,col=76,title=cascade.split-short::"
        f"{message} ('dist-a' takes part in the split with 120 at level 3)",
        "::error file=content/units/dist-b/agreements/2568.yaml,line=5,col=76,title=cascade.split-short::"
        f"{message} ('dist-b' takes part in the split with 79 at level 3)",
        "1 error, 0 warnings",
    ]


def test_related_places_in_json(tree: ContentTree) -> None:
    tree.replace(
        DIST_B,
        "criteria: [90, 92, 94, 96, 98], cascade: {from: budget, kind: direct}",
        "criteria: [90, 92, 94, 96, 99], cascade: {from: budget, kind: direct}",
    )
    status, out = check(tree, "json")
    assert status == 1
    assert json.loads(out)["diagnostics"] == [
        {
            "path": "content/units/dist-b/agreements/2568.yaml",
            "line": 8,
            "column": 64,
            "severity": "error",
            "code": "cascade.direct-criteria-differ",
            "message": "direct cascade from 'prov/budget' must keep its criteria [90, 92, 94, 96, 98], "
            "found [90, 92, 94, 96, 99]",
            "related": [
                {
                    "path": "content/units/prov/agreements/2568.yaml",
                    "line": 6,
                    "column": 64,
                    "message": "the criteria of 'prov/budget' that a direct cascade keeps",
                }
            ],
        }
    ]


def test_related_notes_in_thai(tree: ContentTree) -> None:
    tree.replace(DIST_B, "[40, 60, 80, 100, 120]", "[40, 60, 79, 100, 120]")
    tree.write()
    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "--content", "content", "--lang", "th", "--today", "2025-12-01"])
    assert out.getvalue().splitlines()[1:3] == [
        "content/units/dist-a/agreements/2568.yaml:5:76: note[cascade.split-short]: 'dist-a' ร่วมรับส่วนแบ่งค่าเป้าหมาย 120 ที่ระดับ 3",
        "content/units/dist-b/agreements/2568.yaml:5:76: note[cascade.split-short]: 'dist-b' ร่วมรับส่วนแบ่งค่าเป้าหมาย 79 ที่ระดับ 3",
    ]


def test_a_kpi_weight_change_is_annotated_on_its_line(tree: ContentTree) -> None:
    tree.replace(
        "units/officer-c/agreements/2568.yaml", "category: routine, weight: 20", "category: routine, weight: 25"
    )
    status, out = check(tree, "github")
    assert status == 1
    assert (
        "::error file=content/units/officer-c/agreements/2568.yaml,line=8,col=46,title=weights.sum::"
        "KPI weights sum to 105, not 100 (KPI 'visits' weighs 25)"
    ) in out.splitlines()


def test_a_merge_request_sees_it_on_the_district_file_too(tree: ContentTree) -> None:
    tree.replace(DIST_B, "[40, 60, 80, 100, 120]", "[40, 60, 79, 100, 120]")
    status, out = check(tree, "gitlab")
    entries = json.loads(out)
    assert status == 1
    assert [(e["location"]["path"], e["location"]["lines"]["begin"], e["check_name"]) for e in entries] == [
        ("content/units/prov/agreements/2568.yaml", 4, "cascade.split-short"),
        ("content/units/dist-a/agreements/2568.yaml", 5, "cascade.split-short"),
        ("content/units/dist-b/agreements/2568.yaml", 5, "cascade.split-short"),
    ]
    assert entries[2]["description"].endswith("('dist-b' takes part in the split with 79 at level 3)")
    assert len({e["fingerprint"] for e in entries}) == 3
