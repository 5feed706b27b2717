"""Every output names the revision it was built from, and two builds of one commit are
byte-identical: the site, the JSON export and the PDFs."""

from __future__ import annotations

import io
import json
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from contenttree import ContentTree
from gitcontent import GitContent, git

from builder.cli import main

SOURCE_DATE = "1764547200"  # 2025-12-01T00:00:00Z


@pytest.fixture(autouse=True)
def no_pinned_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KPIBOOK_REVISION", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def build(content: Path, out: Path, *extra: str) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        status = main(["build", "--content", str(content), "--out", str(out), *extra])
    return status, err.getvalue()


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def footer(page: Path) -> str:
    html = page.read_text("utf-8")
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.pdf
def test_two_builds_of_one_commit_are_byte_identical_and_name_it(tmp_path: Path) -> None:
    repo = GitContent(tmp_path / "repo")
    commit = repo.commit("the example province", date="2025-04-01T09:00:00+07:00")
    first, second = tmp_path / "first", tmp_path / "second"
    # separate PDF caches: both builds lay every document out
    assert build(repo.top / "content", first, "--cache", str(tmp_path / "cache-1"))[0] == 0
    assert build(repo.top / "content", second, "--cache", str(tmp_path / "cache-2"), "--jobs", "1")[0] == 0
    a, b = files_of(first), files_of(second)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert {"index.html", "data/index.json", "handbook.pdf", "agreements/dist-b-2568.pdf"} <= set(a)

    short = commit[:12]
    assert f"ข้อมูลรุ่น {short} ลงวันที่ 1 เมษายน 2568" in footer(first / "index.html")
    assert f"Revision {short} of 1 April 2025" in footer(first / "en/units/dist-b/index.html")
    assert json.loads(a["data/index.json"])["revision"] == {
        "revision": short,
        "commit": commit,
        "date": "2025-04-01",
        "uncommitted": False,
        "built": None,
    }
    handbook = pdf_text(first / "handbook.pdf").split("\f")
    stamp = f"ข้อมูลรุ่น {short} ลงวันที่ 1 เมษายน 2568"  # the PDFs are in the site's language
    assert stamp in handbook[0]  # the cover
    assert all(stamp in page for page in handbook[1:] if page.strip())  # every footer
    agreement = pdf_text(first / "agreements/dist-b-2568.pdf").split("\f")
    assert all(stamp in page for page in agreement if page.strip())


def test_uncommitted_changes_are_stamped(tmp_path: Path) -> None:
    repo = GitContent(tmp_path / "repo")
    commit = repo.commit("the example province")
    (repo.top / "content/units/dist-b/results/2568/m6.yaml").write_text(
        "year: 2568\nround: m6\nresults:\n  - {kpi: rice-yield, actual: 411}\n", encoding="utf-8"
    )
    assert build(repo.top / "content", tmp_path / "out", "--no-pdf")[0] == 0
    assert f"Revision {commit[:12]} of 1 April 2025 (with uncommitted changes)" in footer(
        tmp_path / "out/en/index.html"
    )
    revision = json.loads((tmp_path / "out/data/index.json").read_text("utf-8"))["revision"]
    assert (revision["commit"], revision["uncommitted"]) == (commit, True)


def test_a_revision_text_where_there_is_no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.write()
    assert build(tree.root, tmp_path / "out", "--no-pdf")[0] == 0
    assert "Revision not recorded" in footer(tmp_path / "out/en/index.html")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE)
    assert build(tree.root, tmp_path / "out", "--no-pdf", "--revision", "ร่างที่ 3")[0] == 0
    assert "Revision ร่างที่ 3 of 1 December 2025" in footer(tmp_path / "out/en/index.html")
    assert "ข้อมูลรุ่น ร่างที่ 3 ลงวันที่ 1 ธันวาคม 2568" in footer(tmp_path / "out/index.html")

    monkeypatch.setenv("KPIBOOK_REVISION", "golden")  # how golden-output tests pin it
    assert build(tree.root, tmp_path / "out", "--no-pdf")[0] == 0
    revision = json.loads((tmp_path / "out/data/index.json").read_text("utf-8"))["revision"]
    assert revision == {"revision": "golden", "commit": None, "date": "2025-12-01", "uncommitted": False, "built": None}


def test_the_build_date_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.write()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE)
    assert build(tree.root, tmp_path / "out", "--no-pdf", "--revision", "r1")[0] == 0
    assert "Built on" not in footer(tmp_path / "out/en/index.html")
    assert build(tree.root, tmp_path / "out", "--no-pdf", "--revision", "r1", "--build-date")[0] == 0
    assert "Revision r1 of 1 December 2025</span> · Built on 1 December 2025" in footer(tmp_path / "out/en/index.html")


def test_a_bad_source_date_epoch_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.write()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    status, err = build(tree.root, tmp_path / "out", "--no-pdf", "--lang", "en")
    assert (status, err.strip().splitlines()[-1]) == (
        2,
        "kpibook: error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not 'yesterday'",
    )
    assert not (tmp_path / "out").exists()


def test_a_theme_with_uncommitted_changes_counts(tmp_path: Path) -> None:
    repo = GitContent(tmp_path / "repo")
    theme = repo.top / "theme/templates"
    theme.mkdir(parents=True)
    (theme / "README.txt").write_text("our theme\n", encoding="utf-8")
    repo.commit("content and a theme")
    (theme / "README.txt").write_text("our theme, changed\n", encoding="utf-8")
    assert git(repo.top, "status", "--porcelain") == "M theme/templates/README.txt"
    assert build(repo.top / "content", tmp_path / "out", "--no-pdf", "--theme", str(repo.top / "theme"))[0] == 0
    assert "(with uncommitted changes)" in footer(tmp_path / "out/en/index.html")
