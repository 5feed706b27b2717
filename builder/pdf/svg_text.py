"""Thai marks in SVG <text> drawn on their letters (strategy maps in the PDFs).

WeasyPrint 70.0 lays out SVG text one code point at a time (so that per-character
`x`/`y`/`rotate` lists can apply), which shapes every Thai vowel and tone mark alone and
draws it beside its consonant instead of on it: "ผลผลิตข้าว" prints as "ผลผล ิตข ้าว"
(upstream: Kozea/WeasyPrint#2249, open). HTML text is not affected.

The fix hands WeasyPrint's `text()` the node text as a `str` whose iteration yields
grapheme clusters (a letter with the marks that sit on it) instead of code points; the
one loop that splits the text into "letters" then shapes whole clusters. Nothing else
changes. Positions given per character (`x="1 2 3"`) then apply per cluster, which is
what SVG 2 says for characters that form one typographic cluster.

Because this relies on how WeasyPrint's `svg/text.py` iterates, it is pinned to the
source of WeasyPrint 70.0's function and refuses to patch any other.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from builder.pdf import seam
from builder.thaitext import grapheme_clusters

_original: Any = None


class UnsupportedSvgText(RuntimeError):
    """WeasyPrint's SVG text function is not the one this fix was written for."""


class _ClusteredText(str):
    """A str that iterates by grapheme cluster (only WeasyPrint's letter loop iterates it)."""

    __slots__ = ()

    def __iter__(self) -> Iterator[str]:
        return iter(grapheme_clusters(str(self)))


def _clustered_text(svg: Any, node: Any, font_size: float) -> None:
    element = node._etree_node
    raw = element.text
    if raw:
        element.text = _ClusteredText(raw)
    try:
        _original(svg, node, font_size)
    finally:
        element.text = raw


def install() -> None:
    """Patch WeasyPrint's SVG text drawing. Idempotent."""
    global _original
    if _original is not None:
        return
    import weasyprint.svg as svg_package

    text_module = sys.modules["weasyprint.svg.text"]
    original = text_module.text
    if seam.source_digest(original) != seam.PINNED_SOURCES[("weasyprint.svg.text", "text")]:
        raise UnsupportedSvgText(f"weasyprint.svg.text.text differs from WeasyPrint {seam.PINNED_VERSION}'s")
    _original = original
    # svg/__init__.py keeps its own references: the tag table and the name it compares with
    svg_package.text = _clustered_text
    for tag, function in list(svg_package.TAGS.items()):
        if function is original:
            svg_package.TAGS[tag] = _clustered_text
