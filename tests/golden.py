"""Golden files: whole outputs compared to reviewed expected copies in `tests/golden/`.

A golden test renders an output (a page, a JSON file, a PDF's text, a `check`
transcript) and hands it to `Golden.check(name, text)`. When it differs from
`tests/golden/<name>`, the test fails with a unified diff and leaves the output it got
in `test-artifacts/golden/<name>`. To accept a change, regenerate and review the diff:

    python -m pytest tests/test_golden.py --regen-golden
    git diff tests/golden/

The outputs are built with everything that could vary pinned (`pinned_environment`):
the date the build runs as, and the revision stamp a build may carry. Nothing is
normalised after the fact: an output that differs between two runs of the same content
is a bug in the output, not in the golden file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "golden"
ARTIFACTS = ROOT / "test-artifacts" / "golden"
REGEN_COMMAND = "python -m pytest tests/test_golden.py --regen-golden"
DIFF_LINES = 80  # of the diff shown in the failure; the whole output is in test-artifacts

GOLDEN_TODAY = dt.date(2025, 12, 1)
GOLDEN_REVISION = "golden"


def pinned_environment() -> dict[str, str]:
    """Environment variables a golden build runs with: `SOURCE_DATE_EPOCH` (the
    reproducible-builds convention for "now") and `KPIBOOK_REVISION`, the revision stamp
    a build writes into its outputs (a build that stamps a revision must take it from
    there when it is set, so golden outputs do not change with every commit)."""
    epoch = calendar.timegm(GOLDEN_TODAY.timetuple())
    return {"SOURCE_DATE_EPOCH": str(epoch), "KPIBOOK_REVISION": GOLDEN_REVISION}


@dataclass
class Golden:
    regenerate: bool = False
    written: list[str] = field(default_factory=list)

    def check(self, name: str, actual: str) -> None:
        """`actual` equals the expected file `name`, or the test fails with a diff."""
        expected_file = EXPECTED / name
        if self.regenerate:
            if not expected_file.is_file() or expected_file.read_text("utf-8") != actual:
                expected_file.parent.mkdir(parents=True, exist_ok=True)
                expected_file.write_text(actual, "utf-8")
                self.written.append(name)
            return
        expected = expected_file.read_text("utf-8") if expected_file.is_file() else None
        if expected == actual:
            return
        kept = ARTIFACTS / name
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(actual, "utf-8")
        if expected is None:
            raise AssertionError(f"no golden file tests/golden/{name} yet; review {kept}, then run {REGEN_COMMAND}")
        raise AssertionError(
            f"tests/golden/{name} differs from the output (whole output: {kept}).\n"
            f"If the change is intended, run {REGEN_COMMAND} and review `git diff tests/golden/`.\n"
            + unified_diff(expected, actual, name)
        )


def unified_diff(expected: str, actual: str, name: str, limit: int = DIFF_LINES) -> str:
    lines = list(
        difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), f"expected/{name}", f"actual/{name}", lineterm="", n=2
        )
    )
    shown = lines[:limit]
    if len(lines) > limit:
        shown.append(f"... {len(lines) - limit} more diff lines")
    return "\n".join(shown)
