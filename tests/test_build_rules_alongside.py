"""A build runs the cascade rules in a forked process while it scores
(`builder.pipeline.checked_and_scored`); with one job, in its own process. Either way it
reports exactly what `check` reports, and a build the rules reject writes nothing."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from contenttree import ContentTree

import builder.pipeline
from builder.cli import main

DIST_B = "units/dist-b/agreements/2568.yaml"


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def build(tree: ContentTree, out: Path, jobs: int) -> tuple[int, list[str]]:
    """`kpibook build` in English; the exit status and what it printed to stderr."""
    root = tree.write()
    args = ["build", "--content", str(root), "--out", str(out), "--no-pdf", "--lang", "en", "-q"]
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        status = main([*args, "--today", "2025-12-01", "--revision", "test", "--jobs", str(jobs)])
    return status, err.getvalue().splitlines()


def checked(tree: ContentTree) -> list[str]:
    """What `kpibook check` says: the diagnostics, then the summary line."""
    return tree.check()[1]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and change time: a file written over again changes the time."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_ctime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def with_rule_errors(tree: ContentTree) -> ContentTree:
    tree.replace(DIST_B, "from: rice-yield", "from: rice-yeld")  # an error of the cascade rules
    tree.replace(DIST_B, "  signed_on: 2024-10-15\n", "")  # and a warning of theirs
    return tree


@pytest.mark.parametrize("jobs", [2, 1])
def test_a_build_the_rules_reject_reports_what_check_does_and_writes_nothing(
    tree: ContentTree, tmp_path: Path, jobs: int
) -> None:
    out = tmp_path / "site"
    assert build(tree, out, jobs)[0] == 0
    before = snapshot(out)

    status, lines = build(with_rule_errors(tree), out, jobs)

    expected = checked(tree)
    assert [line for line in expected if "error[cascade.parent-kpi-missing]" in line]
    assert [line for line in expected if "warning[agreement.unsigned]" in line]
    assert expected[-1] == "1 error, 1 warning"
    assert (status, lines) == (1, [*expected, "kpibook: nothing written; the previous output is unchanged"])
    assert snapshot(out) == before


@pytest.mark.parametrize("jobs", [2, 1])
def test_a_build_prints_the_rules_warnings_as_check_does(tree: ContentTree, tmp_path: Path, jobs: int) -> None:
    tree.replace(DIST_B, "  signed_on: 2024-10-15\n", "")
    status, lines = build(tree, tmp_path / "site", jobs)
    assert (status, lines) == (0, checked(tree))


@pytest.mark.parametrize(("jobs", "forked"), [(2, True), (1, False)])
def test_the_rules_run_in_a_fork_only_with_more_than_one_job(
    tree: ContentTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, forked: bool
) -> None:
    ran_in = tmp_path / "rules-ran-in"
    check_assembled = builder.pipeline.check_assembled

    def noted(*args: object, **kwargs: object) -> object:
        ran_in.write_text(str(os.getpid()))
        return check_assembled(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builder.pipeline, "check_assembled", noted)
    status, _ = build(with_rule_errors(tree), tmp_path / "site", jobs)
    assert status == 1
    assert (int(ran_in.read_text()) != os.getpid()) is forked
