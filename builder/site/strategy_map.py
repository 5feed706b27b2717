"""A unit's strategy map, made at build time: an SVG for the site, an HTML fragment for print.

Perspectives are horizontal bands, goals are boxes in their perspective's band, and
cause→effect links (`leads_to`) are arrows (layout in `map_layout`, routing in
`map_routes`, shared shapes in `map_drawing`).

`strategy_map_svg` is one self-contained SVG (presentation attributes only: no
stylesheet, script or external reference) that scales to its container; the page
declares Sarabun. `strategy_map_html` is the same map for WeasyPrint: WeasyPrint 70
lays SVG text out one character at a time, which drops Thai mark stacking (the tone
mark of "ที่" lands on the vowel), so for print the boxes and arrows stay SVG and the
text — already broken into the same lines — is HTML, which WeasyPrint shapes whole
(and whose PDF text layer is searchable).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from builder.catalogue import Catalogue
from builder.model import Kpi, Site, Unit
from builder.site.map_drawing import (
    CAPTION_COLOUR,
    FONT_FAMILY,
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

__all__ = ["goal_anchor", "strategy_map_html", "strategy_map_svg"]


def strategy_map_svg(
    unit: Unit,
    site: Site,
    lang: str,
    goal_href: GoalHref | None = None,
    kpis_by_goal: Mapping[str, Sequence[Kpi]] | None = None,
    width: float = 960.0,
    words: Catalogue | None = None,
) -> str:
    """The map as inline SVG. `goal_href(goal)` links a goal's box (to its KPIs);
    `kpis_by_goal` (goal id -> KPIs) names the first KPIs under a goal's name and all of
    them in its tooltip. `width` is in user units: the SVG scales to its container.
    `words`: the run's catalogue (title, summary, "+ n more KPIs")."""
    plan = plan_map(unit, site, lang, goal_href, kpis_by_goal, width, words)
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


def strategy_map_html(
    unit: Unit,
    site: Site,
    lang: str,
    goal_href: GoalHref | None = None,
    kpis_by_goal: Mapping[str, Sequence[Kpi]] | None = None,
    width: float = 960.0,
    scale: float = 1.0,
    words: Catalogue | None = None,
) -> str:
    """The map for print (WeasyPrint): a block `width × scale` CSS px wide, boxes and
    arrows in SVG, text in HTML. Same arguments as `strategy_map_svg`; every coordinate
    and font size is multiplied by `scale` (no CSS transform: WeasyPrint paginates
    absolutely positioned text by its untransformed place)."""
    plan = plan_map(unit, site, lang, goal_href, kpis_by_goal, width, words)
    layout = plan.layout
    shapes = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{n(layout.width * scale)}" '
        f'height="{n(layout.height * scale)}" viewBox="0 0 {n(layout.width)} {n(layout.height)}" '
        f'style="position:absolute;left:0;top:0" aria-hidden="true">',
        arrowhead(plan.prefix),
        *(band_shapes(layout, index) for index in range(len(layout.bands))),
        *(box_shape(box, plan.marks[box.goal.id].accent) for box in layout.boxes.values()),
        arrow_shapes(layout, plan.prefix),
        "</svg>",
    ]
    texts = [
        *(_html_band_label(band, PALETTE[index % len(PALETTE)][1], scale) for index, band in enumerate(layout.bands)),
        *(_html_goal(box, plan.marks[box.goal.id], scale) for box in layout.boxes.values()),
    ]
    return (
        f'<div class="strategy-map" role="img" aria-label="{escape(plan.summary)}" '
        f'style="position:relative;width:{n(layout.width * scale)}px;height:{n(layout.height * scale)}px;'
        f"break-inside:avoid;font-family:{escape(FONT_FAMILY)};font-weight:normal;font-style:normal;"
        f'letter-spacing:0;text-indent:0">' + "".join(shapes + texts) + "</div>"
    )


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
    inner = (
        f'<g class="smap-goal" id="{marks.anchor}" data-goal="{escape(box.goal.id)}">'
        f"<title>{escape(marks.tooltip)}</title>{box_shape(box, marks.accent)}"
        f'<text font-size="{n(NAME_SIZE)}" fill="{TEXT_COLOUR}" text-anchor="middle">{name}</text>'
    )
    if caption:
        inner += f'<text font-size="{n(CAPTION_SIZE)}" fill="{CAPTION_COLOUR}" text-anchor="middle">{caption}</text>'
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


# -- HTML text over SVG shapes (print) -------------------------------------------------


def _html_band_label(band: Band, accent: str, scale: float) -> str:
    style = _position(MARGIN, _label_top(band), LABEL_WIDTH, scale)
    lines = _html_lines(band.label_lines, LABEL_SIZE, LABEL_LEADING, scale)
    return f'<div style="{style}color:{accent};font-weight:bold;text-align:center">{lines}</div>'


def _html_goal(box: Box, marks: GoalMarks, scale: float) -> str:
    name = _html_lines(box.name_lines, NAME_SIZE, NAME_LEADING, scale)
    caption = _html_lines(box.caption_lines, CAPTION_SIZE, CAPTION_LEADING, scale)
    if caption:
        caption = f'<div style="margin-top:{n(CAPTION_GAP * scale)}px;color:{CAPTION_COLOUR}">{caption}</div>'
    style = _position(box.x, _text_top(box), box.width, scale)
    body = f'<div style="{style}color:{TEXT_COLOUR};text-align:center">{name}{caption}</div>'
    if marks.href:
        return f'<a id="{marks.anchor}" href="{escape(marks.href)}" style="text-decoration:none">{body}</a>'
    return f'<div id="{marks.anchor}">{body}</div>'


def _html_lines(lines: Sequence[str], size: float, leading: float, scale: float) -> str:
    """Lines as blocks that never wrap again: the map has already broken them."""
    line = n(leading * scale)
    style = f"font-size:{n(size * scale)}px;line-height:{line}px;height:{line}px;white-space:nowrap"
    return "".join(f'<div style="{style}">{escape(text)}</div>' for text in lines)


def _position(x: float, y: float, width: float, scale: float) -> str:
    return (
        f"position:absolute;left:{n(x * scale)}px;top:{n(y * scale)}px;width:{n(width * scale)}px;margin:0;padding:0;"
    )
