"""Running headers that fit: the unit's name on the left of every handbook page, the
handbook's title and year on the right, on one line each and never touching.

A page's margin boxes cannot shrink their text to fit, and WeasyPrint lets two long
ones run into each other (or wraps them where Thai should not break: "คำ|รับรอง",
"พ.ศ./2568"). So the texts are chosen here, measured with Sarabun's advance widths
(`builder.site.text_metrics`), before the section is laid out, trying in order:

1. the unit's name and the full title at the normal size;
2. the unit's short name (กสก.) instead of its name;
3. the short title (คู่มือตัวชี้วัด · พ.ศ. 2568) instead of the full one;
4. both at the small size;
5. the name cut after its last whole word that fits (Thai words from the dictionary,
   `builder.site.words`), with an ellipsis.

The margin boxes then print the chosen texts without wrapping (`print.css`).
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.site.text_metrics import text_width
from builder.site.words import words

PT_PER_MM = 72 / 25.4
# A4 less the page's left and right margins (print.css: @page margin 22mm … 16mm … 22mm)
HEADER_WIDTH_MM = 210 - 22 - 16
GAP_MM = 8.0  # at least this much paper between the two texts
SIZES = (9.0, 8.0)  # points: the normal size, then the small one
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class RunningHeader:
    """The texts a section's pages carry in their top margin, and their size."""

    left: str
    right: str
    size: float  # points

    @property
    def small(self) -> bool:
        return self.size < SIZES[0]


def fit_header(
    name: str, short_name: str, title: str, short_title: str, width_mm: float = HEADER_WIDTH_MM
) -> RunningHeader:
    """The first of the choices (module docstring) whose two texts fit beside each other."""
    room = width_mm * PT_PER_MM - GAP_MM * PT_PER_MM
    lefts = list(dict.fromkeys(t for t in (name, short_name) if t))
    rights = list(dict.fromkeys(t for t in (title, short_title) if t))
    for size in SIZES:
        for right in rights:
            for left in lefts:
                if _width(left, size) + _width(right, size) <= room:
                    return RunningHeader(left, right, size)
    size, right = SIZES[-1], rights[-1] if rights else ""
    left = lefts[-1] if lefts else ""
    return RunningHeader(cut_to_width(left, room - _width(right, size), size), right, size)


def fit_single(text: str, width_mm: float = HEADER_WIDTH_MM) -> RunningHeader:
    """One running text alone on the line (an agreement's): whole, smaller, or cut."""
    room = width_mm * PT_PER_MM
    for size in SIZES:
        if _width(text, size) <= room:
            return RunningHeader("", text, size)
    return RunningHeader("", cut_to_width(text, room, SIZES[-1]), SIZES[-1])


def cut_to_width(text: str, room: float, size: float) -> str:
    """`text` up to its last whole word that fits in `room` points, then an ellipsis."""
    if _width(text, size) <= room:
        return text
    room -= _width(ELLIPSIS, size)
    kept = ""
    for word in words(text):
        if _width(kept + word, size) > room:
            break
        kept += word
    return kept.rstrip(" ·,") + ELLIPSIS


def _width(text: str, size: float) -> float:
    return text_width(text, size)
