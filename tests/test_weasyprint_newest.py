"""Does WeasyPrint alone, without kpibook's patches, print Thai that extracts as written?

Run by `.ci/weasyprint-newest` against the newest WeasyPrint release (or the one it is
given), not by the default suite (`-m upstream`). When every test here passes, that
release fixes what `builder/pdf/thai_text_layer.py` and `builder/pdf/svg_text.py` work
around: the pin in pyproject.toml can move to it and the patches can go (docs/printing.md,
"A newer WeasyPrint"). The job also says whether the patches would work with it
unchanged (`builder.pdf.seam`), the other way to move the pin.

Nothing here imports the patches, so the module loads with any WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from thaipdf import (
    expected_segments,
    expected_text,
    first_difference,
    hard_thai_html,
    needs,
    pdfium_text,
    pdfplumber_text,
    pdftotext,
    pypdf_text,
    same_text_any_block_order,
    squash,
)

weasyprint = pytest.importorskip("weasyprint")

pytestmark = pytest.mark.upstream


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("newest") / "thai.pdf"
    weasyprint.HTML(string=hard_thai_html()).write_pdf(path)
    return path


def test_the_page_is_printed_by_weasyprint_alone() -> None:
    import sys

    assert not any(name in sys.modules for name in ("builder.pdf.thai_text_layer", "builder.pdf.svg_text"))
    print(f"\nWeasyPrint {weasyprint.__version__}")


def test_pdftotext_extracts_the_source_text(page: Path) -> None:
    needs("pdftotext")
    expected, actual = squash(expected_text()), squash(pdftotext(page))
    assert actual == expected, first_difference(expected, actual)


@pytest.mark.parametrize("extractor", [pypdf_text, pdfium_text, pdfplumber_text])
def test_other_extractors_extract_the_source_text(page: Path, extractor: Callable[[Path], str]) -> None:
    actual = extractor(page)
    missing = [s for s in expected_segments() if s not in squash(actual)]
    assert same_text_any_block_order(actual), f"not found: {missing}"
