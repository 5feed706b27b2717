"""Whole outputs against reviewed golden files (`tests/golden/`): the example's key pages,
its whole JSON export, the text of its handbook and of one agreement, and the `check`
transcript of a broken tree in Thai and English.

A change to pages, scores or messages shows here as a diff. When it is intended:

    python -m pytest tests/test_golden.py --regen-golden
    git diff tests/golden/          # review, then commit with the change

(`tests/golden.py` explains what is pinned.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ContentTree, diagnostics_of
from golden import Golden, pinned_environment
from pdfbuild import page_texts

KEY_PAGES = (
    "index.html",  # home: dimensions, the organisation's latest scorecard
    "en/index.html",
    "units/doae/index.html",  # the organisation: strategy map, agreement by dimension, scorecards, units below
    "units/prov-a/kpis/poor-households-lifted.html",  # a split KPI: cascade, coverage, results by round
    "scorecards.html",  # every unit's totals per round, with bands
)
AGREEMENT = "agreements/prov-a-2568.pdf"


@pytest.mark.parametrize("page", KEY_PAGES)
def test_key_pages_of_the_example(example_site: Path, golden: Golden, page: str) -> None:
    golden.check(f"site/{page}", (example_site / page).read_text("utf-8"))


def test_the_whole_json_export_of_the_example(example_site: Path, golden: Golden) -> None:
    data = example_site / "data"
    files = sorted(p.relative_to(data).as_posix() for p in data.rglob("*.json"))
    golden.check("export/FILES.txt", "".join(f"{name}\n" for name in files))
    for name in files:
        golden.check(f"export/{name}", (data / name).read_text("utf-8"))


def pdf_text(pdf: Path) -> str:
    """pdftotext's text laid out as on the page (table rows stay on their lines), each page
    under a `--- page n ---` line; the spaces that end a line are dropped."""
    pages = ["\n".join(line.rstrip() for line in text.rstrip().splitlines()) for text in page_texts(pdf, layout=True)]
    return "".join(f"--- page {n} ---\n{text}\n" for n, text in enumerate(pages, start=1))


@pytest.mark.pdf
def test_the_text_of_the_example_handbook(example_pdfs: Path, golden: Golden) -> None:
    golden.check("pdf/handbook.txt", pdf_text(example_pdfs / "handbook.pdf"))


@pytest.mark.pdf
def test_the_text_of_one_agreement(example_pdfs: Path, golden: Golden) -> None:
    golden.check(f"pdf/{Path(AGREEMENT).stem}.txt", pdf_text(example_pdfs / AGREEMENT))


# -- check on broken trees -------------------------------------------------------------


def broken_by_rules(tree: ContentTree) -> ContentTree:
    """Well-formed files that break the rules: references, weights, criteria, cascade, results."""
    prov, dist_a, dist_b = (f"units/{u}/agreements/2568.yaml" for u in ("prov", "dist-a", "dist-b"))
    tree.replace("units/prov/unit.yaml", "leads_to: [g-yield]", "leads_to: [g-yeild]")
    tree.replace(prov, "kpi: poor-households, dimension: effectiveness", "kpi: poor-households, dimension: quality")
    tree.replace(dist_b, "from: rice-yield", "from: rice-yeld")
    tree.replace(dist_b, "criteria: [30, 28, 26, 24, 22]", "criteria: [30, 28, 26, 26, 22]")
    tree.replace(dist_a, "kind: split, combine: sum", "kind: split, combine: weighted-mean, base: 5")
    tree.replace(dist_a, "{from: km-level, kind: direct}", "{from: km-level, kind: split}")
    tree.replace(
        "units/officer-c/kpis.yaml",
        "id: visits, name: {th: จำนวนครั้งที่ออกเยี่ยมเกษตรกร}, kind: numeric",
        "id: visits, name: {th: ระดับความสำเร็จของการเยี่ยมเกษตรกร}, kind: milestone",
    )
    tree.replace("units/prov/results/2568/m12.yaml", "round: m12", "round: m13")
    tree.files["units/prov/results/2568/m13.yaml"] = tree.files.pop("units/prov/results/2568/m12.yaml")
    tree.replace("units/officer-c/agreements/2568.yaml", "category: routine", "dimension: quality")
    return tree


def broken_files(tree: ContentTree) -> ContentTree:
    """Files that cannot be read or do not fit their schema."""
    tree.replace("units/dist-b/unit.yaml", "kind: district", "kidn: district")
    tree.replace("units/prov/agreements/2568.yaml", "[100, 150, 200, 250, 300]", "[100, 150, 200, 250]")
    tree.replace(
        "units/officer-c/agreements/2568.yaml", "category: routine, weight: 20", "category: routine, weight: 120"
    )
    tree.files["units/dist-a/kpis.yaml"] += "  - {id: rice-yield, name: {th: ซ้ำ}, kind: numeric, kind: numeric}\n"
    tree.files["units/dist-a/results/2568/m6.yaml"] = (
        "year: 2568\nround: m6\nresults:\n  - {kpi: rice-yield, actual: [\n"
    )
    return tree


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("breakage", [broken_by_rules, broken_files], ids=["rules", "files"])
def test_the_check_transcript_of_a_broken_tree(
    tmp_path: Path, golden: Golden, monkeypatch: pytest.MonkeyPatch, lang: str, breakage: object
) -> None:
    for name, value in pinned_environment().items():
        monkeypatch.setenv(name, value)
    tree = breakage(ContentTree(tmp_path / "content"))  # type: ignore[operator]
    status, lines = tree.check("--lang", lang)
    assert status == 1
    transcript = [*diagnostics_of(lines, tree.root), lines[-1]]
    golden.check(f"check/{breakage.__name__}.{lang}.txt", "".join(f"{line}\n" for line in transcript))  # type: ignore[attr-defined]
