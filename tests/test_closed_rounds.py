"""A certified round's data cannot change silently: `kpibook close-round` records digests
of its results and the year's agreements; `check` then fails, located at the changed
value, until the change is recorded as a correction with its reason, which the KPI page
shows."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from gitcontent import GitContent, git
from jsonschema import Draft202012Validator

from builder.cli import main
from builder.closing import meaning_digest

M6 = "units/dist-b/results/2568/m6.yaml"
CLOSURE = "content/closed/2568/m6.yaml"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main([*args, "--lang", "en"])
    return status, out.getvalue(), err.getvalue()


def check() -> tuple[int, list[str]]:
    status, out, _ = run("check", "--today", "2025-12-01")
    return status, out.splitlines()


@pytest.fixture
def closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitContent:
    """The example province with round m6 of 2568 closed at a commit."""
    repo = GitContent(tmp_path / "repo")
    repo.commit("the example province")
    monkeypatch.chdir(repo.top)
    status, _, err = run("close-round", "2568", "m6", "--by", "นางสาวสมศรี ตั้งใจ", "--date", "2025-05-20")
    assert (status, err) == (0, "closed round m6 of 2568: 7 files certified\n")
    git(repo.top, "add", "-A")
    git(repo.top, "commit", "-q", "-m", "close m6")
    return repo


def test_closing_records_who_when_the_commit_and_a_digest_of_every_file(closed: GitContent) -> None:
    record = yaml.safe_load((closed.top / CLOSURE).read_text("utf-8"))
    assert record["year"] == 2568 and record["round"] == "m6" and record["closed_on"] == "2025-05-20"
    assert record["closed_by"] == {"name": "นางสาวสมศรี ตั้งใจ"}
    assert record["revision"] == closed.commits[0]
    assert sorted(record["files"]) == [
        "units/dist-a/agreements/2568.yaml",
        "units/dist-a/results/2568/m6.yaml",
        "units/dist-b/agreements/2568.yaml",
        "units/dist-b/results/2568/m6.yaml",
        "units/officer-c/agreements/2568.yaml",
        "units/prov/agreements/2568.yaml",
        "units/prov/results/2568/m6.yaml",
    ]
    data = yaml.safe_load((closed.top / "content" / M6).read_text("utf-8"))
    assert record["files"][M6] == meaning_digest(data)
    assert record["corrections"] == []
    assert check() == (0, ["0 errors, 0 warnings"])


def test_the_digest_is_over_meaning_so_layout_and_comments_do_not_break_it(closed: GitContent) -> None:
    file = closed.top / "content" / M6
    data = yaml.safe_load(file.read_text("utf-8"))
    results = [dict(reversed(list(r.items()))) for r in data["results"]]  # keys in another order
    for result in results:
        if "actual" in result:
            result["actual"] = float(result["actual"])  # 410.0 says what 410 says
    text = yaml.safe_dump({"round": "m6", "year": 2568, "results": results}, allow_unicode=True, sort_keys=False)
    file.write_text("# checked by the planning office\n" + text, encoding="utf-8")
    assert "actual: 410.0" in file.read_text("utf-8")
    assert check() == (0, ["0 errors, 0 warnings"])


def test_a_changed_result_fails_check_at_the_value(closed: GitContent) -> None:
    closed.tree.replace(M6, "actual: 410", "actual: 412")
    closed.tree.write()
    assert check() == (
        1,
        [
            "content/units/dist-b/results/2568/m6.yaml:4:31: error[round.closed-changed]: round m6 of 2568 was "
            "closed on 2025-05-20, when this value was 410: record the change as a correction with its reason "
            "(`kpibook close-round 2568 m6 --correct ...`)",
            "1 error, 0 warnings",
        ],
    )


def test_an_agreement_change_of_the_closed_year_fails_too(closed: GitContent) -> None:
    closed.tree.replace(
        "units/prov/agreements/2568.yaml", "weight: 20, criteria: [30, 28", "weight: 20, criteria: [31, 28"
    )
    closed.tree.write()
    status, lines = check()
    assert status == 1
    assert lines[0].startswith(
        "content/units/prov/agreements/2568.yaml:5:68: error[round.closed-changed]: round m6 of 2568 was closed on "
        "2025-05-20, when this value was 30:"
    )


def test_a_correction_with_its_reason_passes_and_shows_on_the_kpi_page(closed: GitContent, tmp_path: Path) -> None:
    closed.tree.replace(M6, "actual: 410", "actual: 412")
    closed.tree.write()
    status, _, err = run("close-round", "2568", "m6", "--correct", "dist-b", "--kpi", "rice-yield")
    assert (status, err.strip()) == (2, "kpibook: error: a correction needs its reason (--reason)")
    status, _, err = run(
        "close-round", "2568", "m6", "--correct", "dist-b", "--kpi", "rice-yield",
        "--reason", "ผลผลิตแก้ตามรายงานการตรวจแปลง", "--by", "นายตรวจ สอบ", "--date", "2025-06-02",
    )  # fmt: skip
    assert (status, err) == (0, "recorded a correction of units/dist-b/results/2568/m6.yaml\n")
    assert check() == (0, ["0 errors, 0 warnings"])
    record = yaml.safe_load((closed.top / CLOSURE).read_text("utf-8"))
    assert record["corrections"] == [
        {
            "file": M6,
            "kpi": "rice-yield",
            "corrected_on": "2025-06-02",
            "by": {"name": "นายตรวจ สอบ"},
            "reason": "ผลผลิตแก้ตามรายงานการตรวจแปลง",
            "digest": meaning_digest(yaml.safe_load((closed.top / "content" / M6).read_text("utf-8"))),
        }
    ]
    assert run("build", "--no-pdf", "--out", str(tmp_path / "site"), "--revision", "r1")[0] == 0
    kpi_page = (tmp_path / "site/units/dist-b/kpis/rice-yield.html").read_text("utf-8")
    assert "Corrected after closing on 2 Jun 2025: ผลผลิตแก้ตามรายงานการตรวจแปลง (นายตรวจ สอบ)" in kpi_page
    closed_line = f"Closed on 20 May 2025 (revision {closed.commits[0][:12]}) · certified by นางสาวสมศรี ตั้งใจ"
    assert f'<span class="note closed-round">{closed_line}</span>' in kpi_page
    unit_page = (tmp_path / "site/units/dist-b/index.html").read_text("utf-8")
    assert f'<p class="closed-round">{closed_line}</p>' in unit_page
    # the JSON export carries the certification and the unit's corrections with the scorecard
    exported = json.loads((tmp_path / "site/data/units/dist-b/2568/m6.json").read_text("utf-8"))
    assert exported["closure"] == {
        "closed_on": "2025-05-20",
        "closed_by": {"name": {"th": "นางสาวสมศรี ตั้งใจ", "en": ""}, "position": {"th": "", "en": ""}},
        "revision": closed.commits[0],
        "corrections": [
            {
                "file": M6,
                "kpi": "rice-yield",
                "date": "2025-06-02",
                "by": {"name": {"th": "นายตรวจ สอบ", "en": ""}, "position": {"th": "", "en": ""}},
                "reason": {"th": "ผลผลิตแก้ตามรายงานการตรวจแปลง", "en": ""},
            }
        ],
    }
    prov = json.loads((tmp_path / "site/data/units/prov/2568/m6.json").read_text("utf-8"))
    assert prov["closure"]["corrections"] == []  # the correction touched dist-b only
    schema = json.loads((Path(__file__).parent.parent / "schemas/export.schema.json").read_text("utf-8"))
    for document in (exported, prov):
        assert list(Draft202012Validator(schema).iter_errors(document)) == []
    # a later change to the same file needs a correction of its own
    closed.tree.replace(M6, "actual: 412", "actual: 413")
    closed.tree.write()
    assert check()[0] == 1


def test_without_the_certified_revision_the_change_is_located_at_the_file(closed: GitContent, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(closed.top / "content", copy / "content")  # outside git: no history to read
    text = (copy / "content" / M6).read_text("utf-8").replace("actual: 410", "actual: 412")
    (copy / "content" / M6).write_text(text, encoding="utf-8")
    status, out, _ = run("check", "--content", str(copy / "content"), "--today", "2025-12-01")
    assert status == 1
    assert out.splitlines()[0].endswith(
        "units/dist-b/results/2568/m6.yaml:1:1: error[round.closed-changed]: round m6 of 2568 was closed on "
        "2025-05-20, and units/dist-b/results/2568/m6.yaml has changed since (the certified revision is not in "
        "this clone to show which value): record the change as a correction with its reason "
        "(`kpibook close-round 2568 m6 --correct ...`)"
    )


def test_a_certified_file_removed_and_a_file_added_after_closing(closed: GitContent) -> None:
    closed.tree.remove(M6)
    closed.tree.set("units/officer-c/results/2568/m6.yaml", "year: 2568\nround: m6\nresults: []\n")
    (closed.top / "content" / M6).unlink()
    closed.tree.write()
    status, lines = check()
    assert status == 1
    assert any(
        "content/units/officer-c/results/2568/m6.yaml:1:1: error[round.closed-added]: this file appeared after "
        "round m6 of 2568 was closed on 2025-05-20" in line
        for line in lines
    )
    missing = [line for line in lines if "round.closed-missing" in line]
    assert missing == [
        f"{CLOSURE}:12:3: error[round.closed-missing]: units/dist-b/results/2568/m6.yaml was certified when round "
        "m6 of 2568 was closed on 2025-05-20, and it is gone"
    ]


def test_closing_needs_committed_content_and_a_known_round(closed: GitContent) -> None:
    status, _, err = run("close-round", "2568", "m6")
    assert status == 2 and "round m6 of 2568 is closed already" in err
    status, _, err = run("close-round", "2568", "q3")
    assert (status, err.strip()) == (2, "kpibook: error: unknown round 'q3' (rounds in site.yaml: m6, m12, p1)")
    closed.tree.replace("units/dist-b/results/2568/m12.yaml", "actual: 416", "actual: 417")
    closed.tree.write()
    status, _, err = run("close-round", "2568", "m12")
    assert status == 2 and "has uncommitted changes" in err


def test_a_pull_request_editing_closed_data_shows_in_the_diff(closed: GitContent) -> None:
    closed.tree.replace(M6, "actual: 410", "actual: 412")
    closed.tree.write()
    _, out, _ = run("diff", "HEAD", "--format", "json", "--today", "2025-12-01")
    document = json.loads(out)
    dist_b = next(u for u in document["units"] if u["unit"] == "dist-b")
    assert [d["code"] for d in dist_b["introduced"]] == ["round.closed-changed"]
    assert dist_b["introduced"][0]["line"] == 4


@pytest.mark.pdf
def test_the_handbook_shows_the_latest_round_as_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from contenttree import ContentTree
    from pdfbuild import page_texts, render_pdfs_of, save_pngs, squash

    tree = ContentTree(tmp_path / "content")
    tree.write()
    monkeypatch.chdir(tmp_path)  # outside git: the closure names no commit
    status, _, err = run("close-round", "2568", "m12", "--content", str(tree.root), "--date", "2025-11-10")
    assert status == 0, err
    tree.set("closed/2568/m12.yaml", (tree.root / "closed/2568/m12.yaml").read_text("utf-8"))
    rendered = render_pdfs_of(tree, tmp_path, lang="th")
    pages = page_texts(rendered.handbook)
    prov = next(i for i, text in enumerate(pages) if "ผลการดำเนินงาน" in text and "รอบ 12 เดือน" in text)
    assert "ปิดรอบแล้วเมื่อ10พฤศจิกายน2568" in squash(pages[prov])
    save_pngs(rendered.handbook, "closed-round", [prov + 1])


def test_the_diff_lists_a_round_closed_and_a_correction_recorded(closed: GitContent) -> None:
    _, out, _ = run("diff", "HEAD~1", "HEAD", "--today", "2025-12-01")
    assert out.splitlines()[2:4] == ["", "Site settings (site.yaml)"]
    assert out.splitlines()[4] == "  round closed  2568 m6: 20 May 2025"
    closed.tree.replace(M6, "actual: 410", "actual: 412")
    closed.tree.write()
    run("close-round", "2568", "m6", "--correct", "dist-b", "--kpi", "rice-yield", "--reason", "ตรวจแปลงใหม่")
    _, out, _ = run("diff", "HEAD", "--format", "json", "--today", "2025-12-01")
    document = json.loads(out)
    assert document["site"] == [
        {
            "topic": "site",
            "action": "added",
            "field": "correction",
            "year": 2568,
            "round": "m6",
            "kpi": "rice-yield",
            "key": M6,
            "old": None,
            "new": {"th": "ตรวจแปลงใหม่", "en": ""},
            "at": {"path": CLOSURE, "line": 17, "column": 3},
        }
    ]
    dist_b = next(u for u in document["units"] if u["unit"] == "dist-b")
    assert dist_b["introduced"] == [] and [c["field"] for c in dist_b["changes"]] == ["actual"]
