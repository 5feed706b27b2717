"""Folios written from a few laid-out samples (`builder/pdf/folio_stamps.py`): each is
byte for byte the content stream WeasyPrint draws for its page, they are refused when a
sample contradicts them, and a handbook gets every "page x of y" either way."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from contenttree import ContentTree
from pdfbuild import STAMP, page_texts, render_pdfs_of
from pypdf import PdfReader

from builder.options import DEFAULT_THEME
from builder.pdf import handbook
from builder.pdf.documents import RenderedPdf, RenderJob, render_job
from builder.pdf.folio_stamps import SampleNumbers, folio_stamps, sample_numbers
from builder.pdf.parallel import prepare_weasyprint
from builder.pdf.sections import Folios

pytestmark = pytest.mark.pdf

TOTAL = 1234


def folios(numbers: tuple[int, ...], total: int = TOTAL) -> RenderedPdf:
    """Folio pages laid out by WeasyPrint, one per number, with the default theme."""
    prepare_weasyprint()
    context = Folios(2, total, total, STAMP, numbers)
    return render_job(RenderJob("handbook", context, "th", (DEFAULT_THEME,)))


@pytest.fixture(scope="module")
def samples() -> tuple[SampleNumbers, RenderedPdf]:
    numbers = sample_numbers(2, TOTAL)
    return numbers, folios(numbers.numbers)


def test_the_samples_have_every_digit_at_every_position_of_every_width() -> None:
    numbers = sample_numbers(2, 345).numbers
    assert {len(str(n)) for n in numbers} == {1, 2, 3}
    three = [str(n) for n in numbers if len(str(n)) == 3]
    assert {n[0] for n in three} == set("123456789")  # no leading zero
    assert {n[1] for n in three} == {n[2] for n in three} == set("0123456789")
    assert {2, 9, 10, 99, 100, 345} <= set(numbers)  # the first and last page of each width: checks
    assert {11, 22, 99, 111, 555, 999} <= set(numbers)  # and every digit at every place at once


def test_a_written_folio_is_the_stream_weasyprint_draws_for_that_page(
    samples: tuple[SampleNumbers, RenderedPdf],
) -> None:
    stamps = folio_stamps(*samples)
    assert stamps is not None
    numbers = (2, 7, 10, 38, 99, 100, 406, 871, 999, 1000, 1111, 1234)
    drawn = PdfReader(BytesIO(folios((1, *numbers)).pdf)).pages[1:]  # the first page also sets the revision
    for number, page in zip(numbers, drawn, strict=True):
        assert stamps.folio(number)[0] == page.get_contents().get_data(), number  # type: ignore[union-attr]


def test_folios_are_not_written_from_samples_that_contradict_them(
    samples: tuple[SampleNumbers, RenderedPdf],
) -> None:
    numbers, rendered = samples
    _width, _base, variants, checks = numbers.widths[-1]
    misread = list(numbers.numbers)
    misread[checks[-1]] -= 1  # a check page that does not show what the samples predict
    assert folio_stamps(SampleNumbers(tuple(misread), numbers.widths), rendered) is None
    swapped = list(numbers.numbers)
    swapped[variants[0]], swapped[variants[1]] = swapped[variants[1]], swapped[variants[0]]
    assert folio_stamps(SampleNumbers(tuple(swapped), numbers.widths), rendered) is None
    assert folio_stamps(numbers, replace(rendered, pages=rendered.pages - 1)) is None  # one page per number, or none


def _every_page_numbered(pdf: Path) -> None:
    pages = page_texts(pdf)
    assert "หน้า" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"หน้า {number} จาก {len(pages)}" in text


def test_a_handbook_takes_its_folios_from_the_samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def laid_out_page_by_page(total: int, stamp: object) -> list[Folios]:
        raise AssertionError("folios laid out page by page")

    monkeypatch.setattr(handbook, "folio_chunks", laid_out_page_by_page)
    rendered = render_pdfs_of(ContentTree(tmp_path / "content"), tmp_path)
    assert not rendered.diagnostics.has_errors()
    _every_page_numbered(rendered.handbook)


def test_a_handbook_whose_samples_are_refused_lays_its_folios_out_page_by_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handbook, "folio_stamps", lambda samples, rendered: None)
    rendered = render_pdfs_of(ContentTree(tmp_path / "content"), tmp_path)
    assert not rendered.diagnostics.has_errors()
    _every_page_numbered(rendered.handbook)
