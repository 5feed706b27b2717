"""How wide a text is in Sarabun, the font the site and the PDFs declare.

SVG cannot wrap text, so the strategy map breaks lines itself and must know the width of
each line before a browser or WeasyPrint draws it. The advance widths are read once
from the theme's Sarabun fonts with fontTools; the sum of advances (without kerning) is
what both renderers lay out, give or take a fraction of a pixel that the box padding
absorbs. Thai combining marks (vowels above and below, tone marks) have zero advance.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from builder.resources import DEFAULT_THEME
from builder.thaitext import is_zero_width

FONTS = DEFAULT_THEME / "static" / "fonts"
REGULAR = FONTS / "Sarabun-Regular.ttf"
BOLD = FONTS / "Sarabun-Bold.ttf"

# when a font file is missing or lacks a character: Sarabun's typical Thai advance
FALLBACK_EM = 0.56


def char_width(char: str, size: float, bold: bool = False) -> float:
    """Advance width of one character at `size` (same unit as the result)."""
    return _em_width(char, bold) * size


@cache
def char_widths(size: float, bold: bool = False) -> Callable[[str], float]:
    """`char_width` at one size, as a lookup in a table filled as characters come (the
    strategy maps and charts measure every character of every label they wrap: a
    table's lookup costs a fraction of three Python calls)."""
    return _WidthTable(size, bold).__getitem__


class _WidthTable(dict[str, float]):
    def __init__(self, size: float, bold: bool) -> None:
        super().__init__()
        self.size, self.bold = size, bold

    def __missing__(self, char: str) -> float:
        width = self[char] = char_width(char, self.size, self.bold)
        return width


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(_em_width(char, bold) for char in text) * size


@cache
def _em_width(char: str, bold: bool) -> float:
    if is_zero_width(char):
        return 0.0
    return _advances(bold).get(ord(char), FALLBACK_EM)


@cache
def _advances(bold: bool) -> dict[int, float]:
    """Code point -> advance width in em, from the font's cmap and hmtx tables."""
    path = BOLD if bold else REGULAR
    return _read_advances(path) if path.is_file() else {}


def _read_advances(path: Path) -> dict[int, float]:
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency; only loaded when measuring

    with TTFont(path, lazy=True) as font:
        per_em = float(font["head"].unitsPerEm)
        metrics = font["hmtx"].metrics
        return {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
