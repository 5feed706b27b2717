"""`kpibook serve` checks and scores again only what an edit can change: each result below
is compared with the one computed afresh from the whole tree, and the work kept from the
last run is shown to be the same objects (not made again).
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from contenttree import TODAY

from builder import tree
from builder.diagnostics import Diagnostic, Diagnostics
from builder.model import Content
from builder.pipeline import check_tree
from builder.reader import ParseCache
from builder.rules import incremental
from builder.rules.context import RuleContext
from builder.rules.incremental import affected_units, neighbourhood
from builder.scoring.scorecard import score_content
from builder.tree import FolderTree

EXAMPLE = Path(__file__).resolve().parent.parent / "content"


def example(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    return content


def test_only_the_cards_of_the_edited_results_and_their_rollup_are_scored_again(tmp_path: Path) -> None:
    content = example(tmp_path)
    parsed = ParseCache()
    before = check_tree(FolderTree(content), TODAY, parsed=parsed).content
    assert before is not None
    previous = score_content(before)
    assert previous.cards[("prov-a", 2568, "m6")].row("poor-households-lifted").actual == 64.0  # type: ignore[union-attr]
    results = content / "units" / "dist-a" / "results" / "2568" / "m6.yaml"
    results.write_text(results.read_text("utf-8").replace("actual: 25\n", "actual: 30\n", 1), "utf-8")
    after = check_tree(FolderTree(content), TODAY, parsed=parsed).content
    assert after is not None

    scores = score_content(after, previous)

    assert scores.cards == score_content(after).cards
    # dist-a's own card, and the province's whose actual is the districts' sum
    assert scores.cards[("prov-a", 2568, "m6")].row("poor-households-lifted").actual == 69.0  # type: ignore[union-attr]
    again = sorted(key for key, card in scores.cards.items() if card is not previous.cards[key])
    assert again == [("dist-a", 2568, "m6"), ("prov-a", 2568, "m6")]


# -- the rules run again only around what changed ------------------------------------------

NUMBER = re.compile(r"(?<=[\s\[,:])(\d+(?:\.\d+)?)(?=[\s,\]}])")
WORD = re.compile(r"\b(?:from|kpi|combine|kind): ([a-z][a-z-]*)")
SWAPS = {"split": "direct", "direct": "split", "sum": "weighted-mean", "weighted-mean": "sum"}


def random_edit(root: Path, rng: random.Random, n: int) -> tuple[Path, str]:
    """One edit of a unit's file that a rule may see: a number moved (a weight, a criteria
    level, an actual, a year), a name changed (a KPI linked or reported, a cascade kind or
    method), or a results file taken out. Returns the file and its text before."""
    file = rng.choice(sorted(root.glob("units/*/**/*.yaml")))
    before = file.read_text("utf-8")
    kind = rng.choice(["number", "number", "word", "out"])
    if kind == "out" and "results" in file.parts:
        file.unlink()
        return file, before
    matches = list((WORD if kind == "word" else NUMBER).finditer(before))
    if not matches:
        return file, before
    match = rng.choice(matches)
    value = match.group(1)
    if kind == "word":
        changed = SWAPS.get(value, f"{value}-{n}")
    else:
        changed = f"{float(value) + rng.choice([-10, -1, 1, 5, 25]):g}"
    file.write_text(before[: match.start(1)] + changed + before[match.end(1) :], "utf-8")
    return file, before


def by_file(diags: Diagnostics) -> dict[str, list[Diagnostic]]:
    """Each file's diagnostics in the order they were found."""
    found: dict[str, list[Diagnostic]] = {}
    for diagnostic in diags.all:
        found.setdefault(diagnostic.loc.path, []).append(diagnostic)
    return found


def test_after_each_random_edit_the_rules_say_what_a_clean_check_says(tmp_path: Path) -> None:
    content = example(tmp_path)
    rng = random.Random(15)
    parsed = ParseCache()
    previous = check_tree(FolderTree(content), TODAY, parsed=parsed).findings
    assert previous is not None
    incremental = 0
    for n in range(40):
        file, before = random_edit(content, rng, n)
        checked = check_tree(FolderTree(content), TODAY, parsed=parsed, previous=previous)
        clean = check_tree(FolderTree(content), TODAY)
        what = f"edit {n} of {file.relative_to(content)}"
        assert checked.diagnostics.sorted() == clean.diagnostics.sorted(), what
        assert by_file(checked.diagnostics) == by_file(clean.diagnostics), what
        if checked.findings is not None:  # the rules ran (the files were well formed)
            incremental += affected_units(previous, checked.content, TODAY) is not None  # type: ignore[arg-type]
            previous = checked.findings
        if rng.random() < 0.5:  # undo half of them, so that errors do not pile up
            file.write_text(before, "utf-8")
    assert incremental >= 15


def test_only_the_neighbourhood_of_an_edited_unit_is_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = example(tmp_path)
    parsed = ParseCache()
    first = check_tree(FolderTree(content), TODAY, parsed=parsed)
    assert first.content is not None and first.findings is not None
    results = content / "units" / "dist-a" / "results" / "2568" / "m6.yaml"
    results.write_text(results.read_text("utf-8").replace("actual: 25\n", "actual: 30\n", 1), "utf-8")
    checked: list[set[str]] = []
    rule = incremental.RULES[0]

    def counted(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
        checked.append(set(content.units))
        rule(content, ctx, diags)

    monkeypatch.setattr(incremental, "RULES", (counted, *incremental.RULES[1:]))
    again = check_tree(FolderTree(content), TODAY, parsed=parsed, previous=first.findings)
    # dist-a, its superior, its siblings and its tambons: the units whose neighbourhood it is in
    affected = {"dist-a", "prov-a", "dist-b", "prov-a-strategy", "dist-a-tambon-c", "dist-a-tambon-d"}
    assert affected_units(first.findings, again.content, TODAY) == affected  # type: ignore[arg-type]
    assert checked == [neighbourhood(first.content, affected)]
    assert len(checked[0]) < len(first.content.units)
    assert again.diagnostics.sorted() == check_tree(FolderTree(content), TODAY).diagnostics.sorted()


def test_a_split_method_changed_by_one_sibling_is_reported_at_the_other(tmp_path: Path) -> None:
    content = example(tmp_path)
    parsed = ParseCache()
    first = check_tree(FolderTree(content), TODAY, parsed=parsed)
    agreement = content / "units" / "dist-b" / "agreements" / "2568.yaml"
    text = agreement.read_text("utf-8")
    split = "{from: poor-households-lifted, kind: split, combine: sum"
    assert split in text
    agreement.write_text(text.replace(split, split.replace("sum", "weighted-mean, base: 10")), "utf-8")

    again = check_tree(FolderTree(content), TODAY, parsed=parsed, previous=first.findings)

    mismatch = [d for d in again.diagnostics.sorted() if d.code == "cascade.combine-mismatch"]
    assert [Path(d.loc.path).parts[-3] for d in mismatch] == ["dist-a"]  # the first of the splits, unedited
    assert again.diagnostics.sorted() == check_tree(FolderTree(content), TODAY).diagnostics.sorted()


# -- the files read again ----------------------------------------------------------------


def test_a_file_whose_times_have_settled_is_not_read_again_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = example(tmp_path)
    kpis = content / "units" / "dist-a" / "kpis.yaml"
    kpis.write_text(kpis.read_text("utf-8"), "utf-8")
    # written just now: a write within the clock's tick could keep its times, so the tree cannot vouch for it
    assert FolderTree(content).version(("units", "dist-a", "kpis.yaml")) is None
    monkeypatch.setattr(tree, "SETTLED_NS", 0)  # as if every file had been written long ago
    parsed = ParseCache()
    check_tree(FolderTree(content), TODAY, parsed=parsed)
    parsed.forget_unused()
    reads: list[tuple[str, ...]] = []
    read = FolderTree.read
    monkeypatch.setattr(FolderTree, "read", lambda self, file, limit: reads.append(file) or read(self, file, limit))
    kpis.write_text(kpis.read_text("utf-8").replace("name: {th: ", "name: {th: ใหม่ ", 1), "utf-8")

    again = check_tree(FolderTree(content), TODAY, parsed=parsed)

    assert [file for file in reads if file[-1].endswith(".yaml")] == [("units", "dist-a", "kpis.yaml")]
    assert again.content == check_tree(FolderTree(content), TODAY).content
