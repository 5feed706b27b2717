"""Where everything on a strategy map goes: bands, goal boxes, wrapped lines, arrows.

Perspectives are horizontal bands (site order, top to bottom), goals are boxes in rows
inside their band, and cause→effect arrows run between boxes. The steps, each linear or
n·log n in the number of goals and links:

  1. rows:    a band with more goals than fit side by side gets several rows; goals
              with more effects in the band above go to its upper rows;
  2. order:   within rows, goals are ordered by the barycentre of the goals they link to
              in other bands (a few sweeps down and up), which removes most crossings;
  3. boxes:   one box width for the map, text wrapped Thai-aware, each row as tall as
              its tallest box;
  4. arrows:  (in `map_routes`) routed orthogonally through the gutters between rows and through the gaps
              between boxes, never through a box; row and gutter heights follow.

Coordinates are SVG user units; text is measured with Sarabun's advance widths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from builder.site.text_metrics import char_widths
from builder.thaitext import truncate, wrap

MARGIN = 8.0
LABEL_WIDTH = 118.0  # the band label column
LANE_MARGIN = 18.0  # free corridors left and right of the boxes, for long arrows
COLUMN_GAP = 26.0
MIN_BOX_WIDTH = 150.0
MAX_BOX_WIDTH = 230.0
PAD_X, PAD_Y = 9.0, 7.0
NAME_SIZE, NAME_LEADING = 13.0, 19.0
CAPTION_SIZE, CAPTION_LEADING = 10.5, 15.0
CAPTION_GAP = 3.0
LABEL_SIZE, LABEL_LEADING = 13.0, 18.0
MIN_GUTTER_BETWEEN_BANDS = 38.0
MIN_GUTTER_IN_BAND = 26.0
MIN_GUTTER_OUTSIDE = 14.0
TRACK_SPACING = 6.0
SWEEPS = 3
# narrower than this, one box no longer fits beside the labels
MIN_WIDTH = 2 * MARGIN + LABEL_WIDTH + 2 * LANE_MARGIN + MIN_BOX_WIDTH + COLUMN_GAP


@dataclass(frozen=True, slots=True)
class MapGoal:
    """A goal as the map shows it: its name in the page's language, small caption lines
    (its KPIs) under the name, and note lines (the initiatives serving it, on demand)."""

    id: str
    name: str
    perspective: str
    leads_to: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class Box:
    goal: MapGoal
    row: int  # global row index, top to bottom
    column: int
    x: float
    width: float
    name_lines: list[str]
    caption_lines: list[str]
    note_lines: list[str] = field(default_factory=list)
    y: float = 0.0
    height: float = 0.0

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def content_height(self) -> float:
        captions = len(self.caption_lines) * CAPTION_LEADING + (CAPTION_GAP if self.caption_lines else 0)
        notes = len(self.note_lines) * CAPTION_LEADING + (CAPTION_GAP if self.note_lines else 0)
        return 2 * PAD_Y + len(self.name_lines) * NAME_LEADING + captions + notes


@dataclass(slots=True)
class Band:
    perspective: str
    label_lines: list[str]
    rows: list[int]  # global row indices
    y: float = 0.0
    height: float = 0.0


@dataclass(slots=True)
class Arrow:
    source: str
    target: str
    points: list[tuple[float, float]] = field(default_factory=list)


@dataclass(slots=True)
class MapLayout:
    width: float
    height: float
    bands: list[Band]
    boxes: dict[str, Box]  # goal id -> box
    arrows: list[Arrow]
    row_tops: list[float]
    row_heights: list[float]

    @property
    def area(self) -> tuple[float, float]:
        """Left and right edge of the region where boxes go."""
        return _area(self.width)


def layout_map(goals: Sequence[MapGoal], perspectives: Sequence[tuple[str, str]], width: float = 960.0) -> MapLayout:
    """Lay out `goals` in bands of `perspectives` ((id, label), top to bottom, each with
    at least one goal) from left to right; a caption line is cut to the box's width.
    Heights and arrows are still open: `map_routes.route_arrows` settles them."""
    width = max(width, MIN_WIDTH)
    by_perspective: dict[str, list[MapGoal]] = {pid: [] for pid, _ in perspectives}
    for goal in goals:
        by_perspective[goal.perspective].append(goal)
    band_rows = [_rows_of_band(by_perspective[pid], _max_columns(width)) for pid, _ in perspectives]
    band_rows = _order_by_barycentre(band_rows, goals)
    box_width = _box_width(width, band_rows)
    bands, boxes = _place_boxes(band_rows, perspectives, width, box_width)
    arrows = [Arrow(g.id, target) for g in goals for target in g.leads_to if target in boxes and target != g.id]
    return MapLayout(width, 0.0, bands, boxes, arrows, [], [])


def band_of_rows(layout: MapLayout) -> list[int]:
    """Global row index -> band index."""
    return [index for index, band in enumerate(layout.bands) for _ in band.rows]


# -- rows and order --------------------------------------------------------------------


def _area(width: float) -> tuple[float, float]:
    return MARGIN + LABEL_WIDTH + LANE_MARGIN, width - MARGIN - LANE_MARGIN


def _max_columns(width: float) -> int:
    left, right = _area(width)
    return max(1, int((right - left + COLUMN_GAP) // (MIN_BOX_WIDTH + COLUMN_GAP)))


def _rows_of_band(goals: list[MapGoal], max_columns: int) -> list[list[MapGoal]]:
    """Balanced rows; goals whose effects lie above go up (they are ordered stably by how
    many of their links point out of the band)."""
    if not goals:
        return []
    count = math.ceil(len(goals) / max_columns)
    in_band = {g.id for g in goals}
    ranked = sorted(goals, key=lambda g: -sum(1 for t in g.leads_to if t not in in_band)) if count > 1 else goals
    sizes = [len(goals) // count + (1 if i < len(goals) % count else 0) for i in range(count)]
    rows, start = [], 0
    for size in sizes:
        rows.append(ranked[start : start + size])
        start += size
    return rows


def _order_by_barycentre(band_rows: list[list[list[MapGoal]]], goals: Sequence[MapGoal]) -> list[list[list[MapGoal]]]:
    """Sort each row by the mean horizontal position of the goals it links to in other
    bands; sweeps alternate top→bottom and bottom→top."""
    band_of = {g.id: b for b, rows in enumerate(band_rows) for row in rows for g in row}
    neighbours: dict[str, list[str]] = {g.id: [] for g in goals}
    for goal in goals:
        for target in goal.leads_to:
            if target in band_of and goal.id in band_of and band_of[target] != band_of[goal.id]:
                neighbours[goal.id].append(target)
                neighbours[target].append(goal.id)
    position = _positions(band_rows)
    order = list(range(len(band_rows)))
    for sweep in range(SWEEPS * 2):
        for b in order if sweep % 2 == 0 else reversed(order):
            for row in band_rows[b]:
                row.sort(key=lambda g: (_barycentre(g.id, neighbours, position), position[g.id]))
            position.update(_positions([band_rows[b]]))
    return band_rows


def _positions(band_rows: list[list[list[MapGoal]]]) -> dict[str, float]:
    """Goal id -> horizontal position as a fraction of the row's width."""
    return {g.id: (c + 0.5) / len(row) for rows in band_rows for row in rows for c, g in enumerate(row)}


def _barycentre(goal_id: str, neighbours: Mapping[str, list[str]], position: Mapping[str, float]) -> float:
    linked = neighbours.get(goal_id, [])
    return sum(position[n] for n in linked) / len(linked) if linked else position[goal_id]


# -- boxes -----------------------------------------------------------------------------


def _box_width(width: float, band_rows: list[list[list[MapGoal]]]) -> float:
    left, right = _area(width)
    columns = max((len(row) for rows in band_rows for row in rows), default=1)
    return min(MAX_BOX_WIDTH, (right - left) / columns - COLUMN_GAP)


def _place_boxes(
    band_rows: list[list[list[MapGoal]]],
    perspectives: Sequence[tuple[str, str]],
    width: float,
    box_width: float,
) -> tuple[list[Band], dict[str, Box]]:
    left, right = _area(width)
    name_width = char_widths(NAME_SIZE)
    caption_width = char_widths(CAPTION_SIZE)
    label_width = char_widths(LABEL_SIZE, bold=True)
    text_room = box_width - 2 * PAD_X
    bands: list[Band] = []
    boxes: dict[str, Box] = {}
    row_index = 0
    for (pid, label), rows in zip(perspectives, band_rows, strict=True):
        band = Band(pid, wrap(label, LABEL_WIDTH - 2 * PAD_X, label_width), [])
        for row in rows:
            slot = (right - left) / len(row)
            for column, goal in enumerate(row):
                x = left + slot * (column + 0.5) - box_width / 2
                name = wrap(goal.name, text_room, name_width)
                lines = [truncate(c, text_room, caption_width) for c in goal.captions]
                notes = [truncate(c, text_room, caption_width) for c in goal.notes]
                boxes[goal.id] = Box(goal, row_index, column, x, box_width, name, lines, notes)
            band.rows.append(row_index)
            row_index += 1
        bands.append(band)
    return bands, boxes
