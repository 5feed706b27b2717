"""`kpibook serve` checks and scores again only what an edit can change: each result below
is compared with the one computed afresh from the whole tree, and the work kept from the
last run is shown to be the same objects (not made again).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from contenttree import TODAY

from builder.pipeline import check_tree
from builder.reader import ParseCache
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
