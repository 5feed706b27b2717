"""Leader dots drawn from the first dot's drawing (`builder/pdf/leaders.py`) make the very
PDF WeasyPrint makes dot by dot, and draw only the first dot of a plain leader."""

from __future__ import annotations

from pathlib import Path

import pytest

weasyprint = pytest.importorskip("weasyprint")

from weasyprint import draw  # noqa: E402
from weasyprint.layout import inline  # noqa: E402

from builder.pdf import leaders, seam  # noqa: E402
from builder.pdf.parallel import prepare_weasyprint  # noqa: E402

FONTS = Path(__file__).resolve().parent.parent / "themes" / "default" / "static" / "fonts"
LINES = 120  # over three pages: leaders on every page, and in the page's margin box


def contents_page() -> str:
    faces = "".join(
        f"@font-face {{ font-family: Sarabun; font-weight: {weight}; src: url({(FONTS / name).as_uri()}) }}"
        for name, weight in (("Sarabun-Regular.ttf", 400), ("Sarabun-Bold.ttf", 700))
    )
    lines = "".join(
        f'<li class="k{n % 4}"><a id="u{n}" href="#u{n}">หน่วยงานที่ {n} ระดับความสำเร็จ Unit {n}</a></li>'
        for n in range(LINES)
    )
    return f"""<html lang="th"><head><meta charset="utf-8"><style>{faces}
      @page {{ size: A5; margin: 15mm; @bottom-center {{ content: "สารบัญ" leader(".") counter(page) }} }}
      body {{ font-family: Sarabun; font-size: 11pt }}
      li {{ list-style: none }}
      a {{ text-decoration: none; color: inherit }}
      a::after {{ content: leader(".") " " counter(page) }}
      .k1 a::after {{ content: leader("·ํ") " " counter(page) }}  /* a Thai mark: drawn in a span */
      .k2 a {{ text-decoration: underline }}
      .k2 a::after {{ content: leader(". ") " " counter(page) }}
      .k3 {{ font-weight: bold; color: #804020 }}
    </style></head><body><ol>{lines}</ol></body></html>"""


def pdf(patched: bool) -> bytes:
    prepare_weasyprint()
    if not patched:
        leaders.uninstall()
    try:
        return weasyprint.HTML(string=contents_page()).write_pdf()  # type: ignore[no-any-return]
    finally:
        leaders.install()


def test_leaders_drawn_from_their_first_dot_give_weasyprints_very_bytes() -> None:
    assert pdf(patched=True) == pdf(patched=False)


def test_a_laid_out_leader_keeps_its_first_dot_only_in_the_box_tree() -> None:
    prepare_weasyprint()
    pages = weasyprint.HTML(string=contents_page()).render().pages
    boxes = [box for page in pages for box in page._page_box.descendants() if getattr(box, "is_leader", False)]
    assert len(boxes) > LINES  # a line's and every page's footer
    assert {len(box.children) for box in boxes} <= {0, 1}  # none: no room for a dot
    others = [len(box.kpibook_dots.xs) for box in boxes if hasattr(box, "kpibook_dots")]
    assert len(others) >= LINES and sum(others) > 20 * LINES  # the others: drawn from the first


def test_a_plain_leader_draws_its_first_dot_only(monkeypatch: pytest.MonkeyPatch) -> None:
    prepare_weasyprint()
    drawn: list[str] = []
    original = leaders._PATCH.draw_text

    def counting(stream: object, textbox: object, *args: object) -> None:
        drawn.append(textbox.text)  # type: ignore[attr-defined]
        original(stream, textbox, *args)

    monkeypatch.setattr(leaders._PATCH, "draw_text", counting)
    weasyprint.HTML(string=contents_page()).write_pdf()
    dots = drawn.count(".")
    # plain leaders (k0, k3: a quarter of the lines each, and the footer of every page)
    # draw one dot each; underlined ones (k2) and Thai ones (k1) are drawn dot by dot
    underlined = drawn.count(". ")
    assert underlined > 10 * (LINES // 4)
    assert LINES // 2 <= dots <= LINES // 2 + 10


def test_the_patch_is_in_place_and_its_functions_are_checked() -> None:
    prepare_weasyprint()
    assert draw.draw_inline_level is leaders._draw_inline_level
    assert draw.draw_text is leaders._draw_text
    assert inline.handle_leader is leaders._handle_leader
    pinned = {("weasyprint.draw", "draw_inline_level"), ("weasyprint.draw", "draw_text")}
    assert pinned | {("weasyprint.layout.leader", "handle_leader")} <= set(seam.PINNED_SOURCES)
    assert seam.first_problem() is None
