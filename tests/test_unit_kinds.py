"""Kinds of unit site.yaml defines (province, district, bureau, centre, person ...): their
labels on the pages, the rounds each reports in, which kinds are individuals, and what
`check` says about a kind no one defined.

The tree (tests/contenttree.py) uses the built-in kinds: prov (organisation) → dist-a,
dist-b (district) → officer-c (person).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ContentTree, diagnostics_of
from sitebuild import build_site, page, text_of

from builder.options import BuildOptions
from builder.pipeline import load_and_check

KINDS = """unit_kinds:
  - {id: province, name: {th: จังหวัด, en: Province}}
  - {id: district, name: {th: อำเภอ, en: District}}
  - {id: officer, name: {th: เจ้าหน้าที่ประจำตำบล, en: Tambon officer}, individual: true}
rounds:
"""


def with_kinds(tree: ContentTree) -> ContentTree:
    tree.replace("site.yaml", "rounds:\n", KINDS)
    tree.files["site.yaml"] = (
        tree.files["site.yaml"]
        .replace("for: [organisation, district]", "for: [province, district]")
        .replace("for: [person]", "for: [officer]")
    )
    tree.replace("units/prov/unit.yaml", "kind: organisation", "kind: province")
    return tree.replace("units/officer-c/unit.yaml", "kind: person", "kind: officer")


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def test_kinds_the_site_defines_check_clean(tree: ContentTree) -> None:
    assert with_kinds(tree).check() == (0, ["0 errors, 0 warnings"])
    checked = load_and_check(BuildOptions(content=tree.write()))
    assert checked.content is not None
    units = checked.content.units
    # an individual kind: grouped by category, results private unless published
    assert units["officer-c"].is_person and not units["prov"].is_person


def test_a_kind_no_one_defined_is_named(tree: ContentTree) -> None:
    with_kinds(tree).replace("units/dist-b/unit.yaml", "kind: district", "kind: distrikt")
    tree.replace("site.yaml", "for: [officer]", "for: [officer, persn]")
    assert diagnostics_of(tree.check()[1], tree.root) == [
        "site.yaml:24:65: error[ref.unknown]: unknown unit kind 'persn'",
        "units/dist-b/unit.yaml:2:7: error[ref.unknown]: unknown unit kind 'distrikt'; did you mean 'district'?",
    ]


def test_without_unit_kinds_the_built_in_ones_apply(tree: ContentTree) -> None:
    tree.replace("units/dist-b/unit.yaml", "kind: district", "kind: province")
    assert diagnostics_of(tree.check()[1], tree.root)[0] == (
        "units/dist-b/unit.yaml:2:7: error[ref.unknown]: unknown unit kind 'province'"
    )


def test_pages_show_the_sites_label_of_a_kind(tree: ContentTree, tmp_path: Path) -> None:
    site = build_site(with_kinds(tree), tmp_path / "out")
    assert text_of(page(site, "units/prov/index.html"), ".page-head .kind") == ["จังหวัด"]
    assert text_of(page(site, "en/units/prov/index.html"), ".page-head .kind") == ["Province"]
    rows = page(site, "scorecards.html").select("table.sortable tbody tr")
    assert [r.select("td")[0].get_text(strip=True) for r in rows][:3] == ["จังหวัด", "จังหวัด", "อำเภอ"]
    # the built-in kinds keep the theme's names
    plain = build_site(ContentTree(tmp_path / "plain"), tmp_path / "out-plain")
    assert text_of(page(plain, "units/prov/index.html"), ".page-head .kind") == ["องค์กร"]
