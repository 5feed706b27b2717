"""A unit's strategy map, made at build time: one SVG, for the site and for print.

Perspectives are horizontal bands, goals are boxes in their perspective's band, and
cause→effect links (`leads_to`) are arrows (layout in `map_layout`, routing in
`map_routes`, shared shapes in `map_drawing`).

`strategy_map_svg` is one self-contained SVG (presentation attributes only: no
stylesheet, script or external reference) that scales to its container; the page
declares Sarabun. The handbook prints the very same SVG: WeasyPrint 70 lays SVG text out
one code point at a time, which drops Thai mark stacking, and `builder/pdf/svg_text.py`
makes it go by grapheme cluster.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from builder.catalogue import Catalogue
from builder.model import Kpi, Site, Unit
from builder.site.map_drawing import (
    CAPTION_COLOUR,
    FONT_FAMILY,
    NOTE_COLOUR,
    PALETTE,
    TEXT_COLOUR,
    GoalHref,
    GoalMarks,
    PlannedMap,
    arrow_shapes,
    arrowhead,
    band_shapes,
    box_shape,
    escape,
    goal_anchor,
    n,
    plan_map,
)
from builder.site.map_layout import (
    CAPTION_GAP,
    CAPTION_LEADING,
    CAPTION_SIZE,
    LABEL_LEADING,
    LABEL_SIZE,
    LABEL_WIDTH,
    MARGIN,
    NAME_LEADING,
    NAME_SIZE,
    PAD_Y,
    Band,
    Box,
)

__all__ = ["NARROW_WIDTH", "goal_anchor", "strategy_map_svg"]

# a phone's column: one goal per row, text at its own size on a 360-390 px screen
NARROW_WIDTH = 360.0


def strategy_map_svg(
    unit: Unit,
    site: Site,
    lang: str,
    goal_href: GoalHref | None = None,
    kpis_by_goal: Mapping[str, Sequence[Kpi]] | None = None,
    width: float = 960.0,
    words: Catalogue | None = None,
    notes_by_goal: Mapping[str, Sequence[str]] | None = None,
    variant: str = "",
) -> str:
    """The map as inline SVG. `goal_href(goal)` links a goal's box (to its KPIs);
    `kpis_by_goal` (goal id -> KPIs) names the first KPIs under a goal's name and all of
    them in its tooltip; `notes_by_goal` (goal id -> initiative names) adds the
    initiatives under them. `width` is in user units: the SVG scales to its container
    (`NARROW_WIDTH` lays the goals out one under another, for a phone). `words`: the
    run's catalogue (title, summary, "+ n more KPIs"). `variant`: a suffix of its element
    ids, for a second drawing on the same page."""
    plan = plan_map(unit, site, lang, goal_href, kpis_by_goal, width, words, notes_by_goal, variant)
    layout = plan.layout
    # a picture with links inside is a group of links to assistive technology, not an image
    role = "group" if goal_href is not None else "img"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="strategy-map" '
        f'viewBox="0 0 {n(layout.width)} {n(layout.height)}" width="100%" role="{role}" '
        f'aria-label="{escape(plan.summary)}" font-family="{escape(FONT_FAMILY)}">',
        f"<title>{escape(plan.title)}</title>",
        arrowhead(plan.prefix),
        *(_svg_band(plan, index) for index in range(len(layout.bands))),
        *(_svg_goal(box, plan.marks[box.goal.id]) for box in layout.boxes.values()),
        arrow_shapes(layout, plan.prefix),
        "</svg>",
    ]
    return "\n".join(parts)


# -- SVG with text ---------------------------------------------------------------------


def _svg_band(plan: PlannedMap, index: int) -> str:
    band = plan.layout.bands[index]
    accent = PALETTE[index % len(PALETTE)][1]
    label = _tspans(band.label_lines, MARGIN + LABEL_WIDTH / 2, _label_top(band), LABEL_LEADING, LABEL_SIZE)
    return (
        f'<g class="smap-band" data-perspective="{escape(band.perspective)}">{band_shapes(plan.layout, index)}'
        f'<text font-size="{n(LABEL_SIZE)}" font-weight="bold" fill="{accent}" text-anchor="middle">{label}</text></g>'
    )


def _svg_goal(box: Box, marks: GoalMarks) -> str:
    top = _text_top(box)
    name = _tspans(box.name_lines, box.cx, top, NAME_LEADING, NAME_SIZE)
    caption = _tspans(box.caption_lines, box.cx, _caption_top(box, top), CAPTION_LEADING, CAPTION_SIZE)
    notes = _tspans(box.note_lines, box.cx, _notes_top(box, top), CAPTION_LEADING, CAPTION_SIZE)
    inner = (
        f'<g class="smap-goal" id="{marks.anchor}" data-goal="{escape(box.goal.id)}">'
        f"<title>{escape(marks.tooltip)}</title>{box_shape(box, marks.accent)}"
        f'<text font-size="{n(NAME_SIZE)}" fill="{TEXT_COLOUR}" text-anchor="middle">{name}</text>'
    )
    if caption:
        inner += f'<text font-size="{n(CAPTION_SIZE)}" fill="{CAPTION_COLOUR}" text-anchor="middle">{caption}</text>'
    if notes:
        inner += (
            f'<text class="smap-initiatives" font-size="{n(CAPTION_SIZE)}" fill="{NOTE_COLOUR}" '
            f'text-anchor="middle">{notes}</text>'
        )
    inner += "</g>"
    return f'<a href="{escape(marks.href)}">{inner}</a>' if marks.href else inner


def _tspans(lines: Sequence[str], x: float, top: float, leading: float, size: float) -> str:
    """One <tspan> per line; the baseline sits mid-line, so Thai marks above the
    tallest consonants and below the deepest stay inside the line."""
    baseline = top + (leading + size * 0.72) / 2
    return "".join(
        f'<tspan x="{n(x)}" y="{n(baseline + index * leading)}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )


def _label_top(band: Band) -> float:
    return band.y + (band.height - len(band.label_lines) * LABEL_LEADING) / 2


def _text_top(box: Box) -> float:
    return box.y + (box.height - box.content_height) / 2 + PAD_Y


def _caption_top(box: Box, text_top: float) -> float:
    return text_top + len(box.name_lines) * NAME_LEADING + CAPTION_GAP


def _notes_top(box: Box, text_top: float) -> float:
    captions = len(box.caption_lines) * CAPTION_LEADING + (CAPTION_GAP if box.caption_lines else 0)
    return text_top + len(box.name_lines) * NAME_LEADING + captions + CAPTION_GAP
