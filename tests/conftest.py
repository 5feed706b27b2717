"""Options and shared builds of the test suite.

`--regen-golden` rewrites the golden files (`tests/golden.py`). The example content is
built once per session, with the date and revision pinned as the golden files need: its
site and JSON export (`example_site`) and its PDFs (`example_pdfs`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from golden import GOLDEN_TODAY, Golden, pinned_environment

from builder.diagnostics import ContentError, Diagnostics
from builder.options import BuildOptions

EXAMPLE = Path(__file__).resolve().parent.parent / "content"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="write the outputs the golden tests get into tests/golden/ (review with git diff)",
    )


@pytest.fixture(scope="session")
def golden(request: pytest.FixtureRequest) -> Iterator[Golden]:
    files = Golden(regenerate=bool(request.config.getoption("--regen-golden")))
    yield files
    if files.written:
        print(f"\nrewrote {len(files.written)} golden files: {', '.join(files.written)}")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content built into a folder: site and JSON export, no PDFs."""
    from builder.pipeline import build

    out = tmp_path_factory.mktemp("example-site") / "output"
    with pytest.MonkeyPatch.context() as env:
        for name, value in pinned_environment().items():
            env.setenv(name, value)
        try:
            build(BuildOptions(content=EXAMPLE, out=out, pdf=False, today=GOLDEN_TODAY))
        except ContentError as error:
            raise AssertionError("\n".join(d.format() for d in error.diagnostics)) from error
    return out


@pytest.fixture(scope="session")
def example_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content's handbook and agreement PDFs, in a folder."""
    from builder.pdf.render import render_pdfs
    from builder.pipeline import load_and_check, with_stamp
    from builder.privacy import publishable
    from builder.scoring.scorecard import score_content

    tmp = tmp_path_factory.mktemp("example-pdfs")
    options = BuildOptions(content=EXAMPLE, out=tmp / "output", today=GOLDEN_TODAY, cache=tmp / "cache")
    with pytest.MonkeyPatch.context() as env:
        for name, value in pinned_environment().items():
            env.setenv(name, value)
        options = with_stamp(options)  # the revision the pinned environment names, as a build stamps it
        checked = load_and_check(options)
        assert checked.content is not None and not checked.diagnostics.has_errors()
        content, scores = publishable(checked.content, score_content(checked.content))
        stage = tmp / "stage"
        stage.mkdir()
        diags = Diagnostics()
        render_pdfs(content, scores, stage, options, diags)
    assert not diags.has_errors(), [d.format() for d in diags]
    return stage
