"""Progress of a build: stages and counts as plain lines in a CI log, a live display on a
terminal, nothing with --quiet, and warnings printed as soon as the check found them."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from contenttree import TODAY, ContentTree

from builder import progress
from builder.catalogue import default_catalogue
from builder.cli import main
from builder.options import BuildOptions
from builder.pipeline import build


def test_a_ci_log_gets_each_stage_with_its_counts(tmp_path: Path) -> None:
    tree = ContentTree(tmp_path / "content")
    tree.replace("units/dist-b/agreements/2568.yaml", "  signed_on: 2024-10-15\n", "")
    log = io.StringIO()
    with progress.reporting(progress.LogReporter("en", default_catalogue(), log)):
        build(BuildOptions(content=tree.write(), out=tmp_path / "out", pdf=False, today=TODAY))
    lines = [_untimed(line) for line in log.getvalue().splitlines()]
    started = [line for line in lines if not re.search(r" [1-9][0-9]*/[0-9]+$", line)]  # not the periodic counts
    assert started == [
        "kpibook: reading and checking the content",
        # the warning comes as soon as it is known, before the pages are written
        f"{Path(os.path.relpath(tree.root))}/units/dist-b/agreements/2568.yaml:1:1: warning[agreement.unsigned]: "
        "the agreement of 'dist-b' for 2568 is not signed (no signed_on)",
        "kpibook: site pages (units) 0/8",
        "kpibook: JSON export",
    ]


def test_counts_are_logged_every_few_seconds(monkeypatch: object) -> None:
    log = io.StringIO()
    reporter = progress.LogReporter("th", default_catalogue(), log)
    reporter.stage("progress.pdf-documents", 3)
    reporter.advance(1)
    reporter.last -= progress.LOG_EVERY  # as if the interval had passed
    reporter.advance(1)
    assert [_untimed(line) for line in log.getvalue().splitlines()] == [
        "kpibook: เอกสาร PDF 0/3",
        "kpibook: เอกสาร PDF 2/3",
    ]


def test_quiet_prints_no_progress(tmp_path: Path) -> None:
    root = ContentTree(tmp_path / "content").write()
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(["build", "--content", str(root), "--no-pdf", "--quiet", "--today", TODAY.isoformat()])
    assert (status, out.getvalue(), err.getvalue()) == (0, "", "")


def test_a_terminal_gets_a_live_display(tmp_path: Path) -> None:
    root = ContentTree(tmp_path / "content").write()
    argv = [sys.executable, "-m", "builder", "build", "--content", str(root), "--no-pdf", "--lang", "en"]
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    done = subprocess.run(argv, stdin=follower, stdout=follower, stderr=follower, env=env, timeout=120, check=False)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    text = shown.decode("utf-8", errors="replace")
    assert done.returncode == 0, text
    assert "\x1b[" in text  # drawn and redrawn in place
    assert "reading and checking the content" in text and "━" in text  # a stage and its bar
    assert "built " in text


def _untimed(line: str) -> str:
    """A progress line without its elapsed time, which differs from run to run."""
    return line.rsplit(" (", 1)[0] if line.startswith("kpibook: ") else line
