"""The pieces a strategy map is drawn from, shared by its SVG and its print form.

`plan_map` turns a unit into a laid-out, routed map with everything the markup needs
(labels in the page's language, links, tooltips, colours, ids); the shape functions
write the SVG elements that carry no text: bands, boxes, arrows. Every content text is
cleaned and escaped here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from builder.catalogue import Catalogue, default_catalogue
from builder.model import Goal, Kpi, Site, Unit
from builder.site.map_layout import MARGIN, Box, MapGoal, MapLayout, band_of_rows, layout_map
from builder.site.map_routes import route_arrows

FONT_FAMILY = "Sarabun, 'Noto Sans Thai', sans-serif"
KPI_NAMES_SHOWN = 2
CORNER_RADIUS = 6.0
TEXT_COLOUR, CAPTION_COLOUR, ARROW_COLOUR = "#1a202c", "#4a5568", "#4a5568"
NOTE_COLOUR = "#8a3f00"  # initiatives under a goal, apart from its KPIs
NOTE_MARK = "◆ "
# (band fill, accent) per perspective, in site order
PALETTE = (
    ("#edf4fc", "#2b6cb0"),
    ("#eefaf3", "#2f855a"),
    ("#fdf5ea", "#b7791f"),
    ("#f4effb", "#6b46c1"),
    ("#fcf0f4", "#b83280"),
    ("#ecf8f8", "#2c7a7b"),
)
GoalHref = Callable[[Goal], "str | None"]


@dataclass(frozen=True, slots=True)
class GoalMarks:
    """What a goal's box shows besides its lines: colour, id, link, tooltip."""

    accent: str
    anchor: str
    href: str | None
    tooltip: str


@dataclass(frozen=True, slots=True)
class PlannedMap:
    layout: MapLayout
    title: str
    summary: str
    prefix: str  # of the element ids, unique per unit
    marks: Mapping[str, GoalMarks]  # goal id -> marks


def plan_map(
    unit: Unit,
    site: Site,
    lang: str,
    goal_href: GoalHref | None,
    kpis_by_goal: Mapping[str, Sequence[Kpi]] | None,
    width: float,
    words: Catalogue | None = None,
    notes_by_goal: Mapping[str, Sequence[str]] | None = None,
    variant: str = "",
) -> PlannedMap:
    """`words`: the run's catalogue (default: the default theme's). `notes_by_goal` (goal
    id -> initiative names) draws a second version of the map with the initiatives under
    each goal; its ids differ, so both fit on one page. `variant` tells two drawings of
    one map on one page apart (the phone's; their element ids differ)."""
    words = words or default_catalogue()
    kpis_by_goal = kpis_by_goal or {}
    notes = notes_by_goal or {}
    goals = {goal.id: goal for goal in unit.strategy.goals}
    map_goals = [
        _map_goal(goal, lang, kpis_by_goal.get(goal.id, ()), words, notes.get(goal.id, ())) for goal in goals.values()
    ]
    layout = layout_map(map_goals, map_perspectives(unit, site, lang), width)
    route_arrows(layout)
    band_of = band_of_rows(layout)
    variant = "-".join(part for part in (variant, "initiatives" if notes_by_goal is not None else "") if part)
    marks = {
        box.goal.id: GoalMarks(
            accent=PALETTE[band_of[box.row] % len(PALETTE)][1],
            anchor=goal_anchor(unit.id, box.goal.id, variant),
            href=safe_href(goal_href(goals[box.goal.id])) if goal_href else None,
            tooltip=_tooltip(box.goal, kpis_by_goal.get(box.goal.id, ()), lang, words, notes.get(box.goal.id, ())),
        )
        for box in layout.boxes.values()
    }
    unit_name = clean(unit.name.get(lang)) or unit.id
    summary = words.text("map.summary", lang, unit=unit_name, goals=len(goals), perspectives=len(layout.bands))
    title = words.text("map.title", lang, unit=unit_name)
    prefix = f"smap-{id_part(unit.id)}" + (f"-{variant}" if variant else "")
    return PlannedMap(layout, title, summary, prefix, marks)


def goal_anchor(unit_id: str, goal_id: str, variant: str = "") -> str:
    """The element id of a goal's box (unit and goal: unique in a whole handbook;
    `variant` for a second drawing on the same page)."""
    return f"smap-{id_part(unit_id)}-{id_part(goal_id)}" + (f"--{variant}" if variant else "")


def map_perspectives(unit: Unit, site: Site, lang: str) -> list[tuple[str, str]]:
    """(id, label) of the perspectives the unit's goals use, in the site's order; one the
    site does not define (a check reports it) comes last, labelled with its id."""
    used = {goal.perspective for goal in unit.strategy.goals}
    bands = [(p.id, clean(p.name.get(lang)) or p.id) for p in site.perspectives if p.id in used]
    known = {pid for pid, _ in bands}
    extra = dict.fromkeys(g.perspective for g in unit.strategy.goals if g.perspective not in known)
    return bands + [(pid, clean(pid)) for pid in extra]


def _map_goal(goal: Goal, lang: str, kpis: Sequence[Kpi], words: Catalogue, notes: Sequence[str]) -> MapGoal:
    names = [f"• {clean(kpi.name.get(lang)) or kpi.id}" for kpi in kpis[:KPI_NAMES_SHOWN]]
    if len(kpis) > KPI_NAMES_SHOWN:
        names.append(words.text("map.more", lang, count=len(kpis) - KPI_NAMES_SHOWN))
    shown = tuple(NOTE_MARK + clean(note) for note in notes)
    return MapGoal(goal.id, clean(goal.name.get(lang)) or goal.id, goal.perspective, goal.leads_to, tuple(names), shown)


def _tooltip(goal: MapGoal, kpis: Sequence[Kpi], lang: str, words: Catalogue, notes: Sequence[str]) -> str:
    """The goal's name, all its KPIs and initiatives, shown on hover and read by screen readers."""
    text = goal.name
    if kpis:
        names = "\n".join(f"• {clean(kpi.name.get(lang)) or kpi.id}" for kpi in kpis)
        text += f"\n{words.text('map.kpis', lang)}:\n{names}"
    if notes:
        text += f"\n{words.text('map.initiatives', lang)}:\n" + "\n".join(NOTE_MARK + clean(note) for note in notes)
    return text


# -- shapes without text ---------------------------------------------------------------


def arrowhead(prefix: str) -> str:
    return (
        f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        f'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{ARROW_COLOUR}"/></marker></defs>'
    )


def band_shapes(layout: MapLayout, index: int) -> str:
    band = layout.bands[index]
    fill, accent = PALETTE[index % len(PALETTE)]
    return (
        f'<rect x="{n(MARGIN)}" y="{n(band.y)}" width="{n(layout.width - 2 * MARGIN)}" height="{n(band.height)}" '
        f'fill="{fill}" stroke="{accent}" stroke-opacity="0.35"/>'
        f'<rect x="{n(MARGIN)}" y="{n(band.y)}" width="4" height="{n(band.height)}" fill="{accent}"/>'
    )


def box_shape(box: Box, accent: str) -> str:
    return (
        f'<rect x="{n(box.x)}" y="{n(box.y)}" width="{n(box.width)}" height="{n(box.height)}" rx="6" '
        f'fill="#ffffff" stroke="{accent}" stroke-width="1.3"/>'
    )


def arrow_shapes(layout: MapLayout, prefix: str) -> str:
    paths = "".join(
        f'<path class="smap-arrow" data-from="{escape(a.source)}" data-to="{escape(a.target)}" '
        f'd="{rounded_path(a.points)}" marker-end="url(#{prefix}-arrow)"/>'
        for a in layout.arrows
        if len(a.points) >= 2
    )
    return f'<g fill="none" stroke="{ARROW_COLOUR}" stroke-width="1.4" stroke-linejoin="round">{paths}</g>'


def rounded_path(points: Sequence[tuple[float, float]]) -> str:
    """SVG path data through `points`, each corner rounded with a small quadratic curve."""
    d = [f"M{n(points[0][0])},{n(points[0][1])}"]
    for prev, corner, nxt in zip(points, points[1:], points[2:], strict=False):
        radius = min(CORNER_RADIUS, _distance(prev, corner) / 2, _distance(corner, nxt) / 2)
        a, b = _toward(corner, prev, radius), _toward(corner, nxt, radius)
        d.append(f"L{n(a[0])},{n(a[1])} Q{n(corner[0])},{n(corner[1])} {n(b[0])},{n(b[1])}")
    d.append(f"L{n(points[-1][0])},{n(points[-1][1])}")
    return " ".join(d)


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


def _toward(start: tuple[float, float], end: tuple[float, float], length: float) -> tuple[float, float]:
    span = _distance(start, end) or 1.0
    return start[0] + (end[0] - start[0]) * length / span, start[1] + (end[1] - start[1]) * length / span


def n(value: float) -> str:
    """A coordinate with one decimal at most: small files, stable output."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


# -- text safety -----------------------------------------------------------------------

_NOT_XML = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ud800-\\udfff\\ufffe\\uffff]")
_INVISIBLE = re.compile("[\\u200b\\u200c\\ufeff\\u00ad]")


def clean(text: str) -> str:
    """Content text as the map shows it: no characters XML forbids, no invisible breaks
    (they would be measured as nothing yet may break lines in a renderer)."""
    return _INVISIBLE.sub("", _NOT_XML.sub("", text))


def escape(text: str) -> str:
    """For element text and for double- or single-quoted attribute values."""
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#39;")


def safe_href(href: str | None) -> str | None:
    """Relative links and http(s) only: a content-made `javascript:` never becomes a link."""
    if not href:
        return None
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", href)
    return href if scheme is None or scheme.group(1).lower() in ("http", "https") else None


def id_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)
