"""What the site must never publish: scripts from content, `javascript:` links, and
individual people's results when the site does not allow them."""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ContentTree
from sitebuild import build_site, page

MARKER = "บันทึกลับเฉพาะบุคคล-Q7X9"  # a narrative no other text contains
ACTUAL = "7391.25"  # an actual value no other number equals


def _tree_with_a_persons_result(root: Path, publish: bool) -> ContentTree:
    tree = ContentTree(root)
    tree.set(
        "units/officer-c/results/2568/p1.yaml",
        f"year: 2568\nround: p1\nresults:\n  - {{kpi: visits, actual: {ACTUAL}, narrative: {{th: {MARKER}}}}}\n",
    )
    if publish:
        tree.replace("site.yaml", "scoring:", "publish_individual_results: true\nscoring:")
    return tree


def _files_containing(out: Path, needle: str) -> list[str]:
    """Every output file whose text holds `needle` (HTML, JS, JSON, anything textual)."""
    found = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if needle.encode("utf-8") in path.read_bytes():
            found.append(path.relative_to(out).as_posix())
    return found


def test_a_persons_result_appears_nowhere_when_individual_results_are_not_published(tmp_path: Path) -> None:
    out = build_site(_tree_with_a_persons_result(tmp_path / "content", publish=False), tmp_path / "out")
    assert _files_containing(out, MARKER) == []
    assert _files_containing(out, ACTUAL) == []
    assert _files_containing(out, "7391.2") == []  # nor rounded
    assert _files_containing(out, "7,391.2") == []  # nor as pages show numbers
    officer = page(out, "units/officer-c/index.html")
    assert "ไม่เผยแพร่ผลการประเมินระดับบุคคล" in officer.select_one("#scores").find_parent("section").get_text()
    assert officer.select("section.scorecard") == []


def test_a_persons_result_is_shown_when_the_site_publishes_individual_results(tmp_path: Path) -> None:
    out = build_site(_tree_with_a_persons_result(tmp_path / "content", publish=True), tmp_path / "out")
    with_marker = _files_containing(out, MARKER)
    assert "units/officer-c/kpis/visits.html" in with_marker
    assert "en/units/officer-c/kpis/visits.html" in with_marker
    assert "units/officer-c/kpis/visits.html" in _files_containing(out, "7,391.25")  # thousands grouped
    assert "data/units/officer-c/2568/p1.json" in _files_containing(out, "7391.25")  # the export's JSON number
    officer = page(out, "units/officer-c/index.html")
    assert [c.h3.get_text(" ", strip=True).split()[0:2] for c in officer.select("section.scorecard")] == [["รอบที่", "1"]]


PLANTED = """ผลผลิตเฉลี่ยของ **ข้าวหอมมะลิ** ต่อไร่

<script>document.title = "pwned"</script>
<img src=x onerror="alert(1)">
[ดูรายละเอียด](javascript:alert(1)) และ [แหล่งข้อมูล](https://example.org/data)
"""


@pytest.mark.parametrize("path", ["units/prov/kpis/rice-yield.html", "en/units/prov/kpis/rice-yield.html"])
def test_markdown_from_content_cannot_run_script(tmp_path: Path, path: str) -> None:
    tree = ContentTree(tmp_path / "content")
    quoted = PLANTED.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    tree.replace(
        "units/prov/kpis.yaml",
        "name: {th: ผลผลิตข้าวหอมมะลิต่อไร่}",
        f'name: {{th: ผลผลิตข้าวหอมมะลิต่อไร่}}, description: {{th: "{quoted}"}}',
    )
    out = build_site(tree, tmp_path / "out")
    kpi = page(out, path)
    description = kpi.select_one("dd.prose")
    assert description.strong.get_text() == "ข้าวหอมมะลิ"  # Markdown is rendered
    assert [a.get("href") for a in description.select("a")] == [None, "https://example.org/data"]
    scripts = [s.get("src") for s in kpi.select("script")]
    assert all(src for src in scripts), "an inline script survived"
    assert "pwned" not in str(kpi)
    assert kpi.select("[onerror]") == [] and "javascript:" not in str(kpi)


@pytest.mark.parametrize(
    "path",
    [
        "../outside.txt",
        "/etc/hostname",
        "units/../../outside.txt",
        "units/dist-a/evidence/../../officer-c/results/2568/p1.yaml",
        "units/officer-c/results/2568/p1.yaml",
        "site.yaml",
    ],
)
def test_evidence_outside_the_content_tree_is_never_copied(tmp_path: Path, path: str) -> None:
    """`build.py check` stops such a build; the copy refuses them all the same (a content
    file, however it is reached, is never evidence)."""
    from dataclasses import replace

    from builder.model import Evidence
    from builder.options import BuildOptions
    from builder.pipeline import load_and_check
    from builder.queries import Queries
    from builder.site.assets import copy_evidence

    (tmp_path / "outside.txt").write_text("ความลับ\n", "utf-8")
    root = ContentTree(tmp_path / "content").write()
    content = load_and_check(BuildOptions(content=root)).content
    assert content is not None
    key = ("dist-a", 2568, "m12")
    result_set = content.results[key]
    planted = replace(result_set.results[0], evidence=(Evidence(path=path),))
    content = replace(content, results={key: replace(result_set, results=(planted,))})
    stage = tmp_path / "stage"
    assert copy_evidence(Queries(content), root, stage) == 0
    assert not stage.exists() or [p for p in stage.rglob("*") if p.is_file()] == []
