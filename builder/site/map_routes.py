"""Routing the cause→effect arrows of a strategy map, and the heights that follow.

Boxes sit in rows with a gutter above and below every row. An arrow leaves its source
through the edge that faces its target (top for an effect higher up), runs horizontally
in the gutter next to that edge, and, when it must pass other rows, climbs a vertical
lane through the gaps between their boxes (or the free corridor at either side) to the
gutter next to the target, which it enters through the facing edge. Side-by-side
neighbours in a row are joined by a short horizontal arrow. So no arrow crosses a box.

Arrows sharing an edge get their own ports spread along it, ordered by where they head,
and arrows sharing a gutter get their own horizontal tracks; gutters grow to hold them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from builder.site.map_layout import (
    LABEL_LEADING,
    LANE_MARGIN,
    MARGIN,
    MIN_GUTTER_BETWEEN_BANDS,
    MIN_GUTTER_IN_BAND,
    MIN_GUTTER_OUTSIDE,
    PAD_Y,
    TRACK_SPACING,
    Arrow,
    Box,
    MapLayout,
    band_of_rows,
)

CLEARANCE = 7.0  # between a lane and a box
LANE_SPACING = 6.0
TRACK_GAP = 8.0  # horizontal room between two segments sharing a track


@dataclass(slots=True)
class _Route:
    arrow: Arrow
    source: Box
    target: Box
    exit_side: str  # "top", "bottom" or "side"
    entry_side: str
    gutters: tuple[int, ...] = ()  # one, or two with a lane between them
    lane: float | None = None
    ports: list[float] = field(default_factory=lambda: [0.0, 0.0])
    tracks: list[int] = field(default_factory=list)


def route_arrows(layout: MapLayout) -> None:
    """Give every arrow its points and every row, box and band its vertical place."""
    rows = _rows(layout)
    routes = [_plan(arrow, layout) for arrow in layout.arrows]
    _choose_lanes(routes, rows, layout)
    _assign_ports(routes)
    gutter_tracks = _assign_tracks(routes, len(rows) + 1)
    _place_vertically(layout, rows, gutter_tracks)
    for route in routes:
        route.arrow.points = _points(route, layout, gutter_tracks)


def _rows(layout: MapLayout) -> list[list[Box]]:
    count = 1 + max((box.row for box in layout.boxes.values()), default=-1)
    rows: list[list[Box]] = [[] for _ in range(count)]
    for box in layout.boxes.values():
        rows[box.row].append(box)
    for row in rows:
        row.sort(key=lambda box: box.x)
    return rows


def _plan(arrow: Arrow, layout: MapLayout) -> _Route:
    source, target = layout.boxes[arrow.source], layout.boxes[arrow.target]
    if source.row == target.row:
        if abs(source.column - target.column) == 1:
            return _Route(arrow, source, target, "side", "side")
        return _Route(arrow, source, target, "top", "top", (source.row,))
    if target.row < source.row:  # an effect higher up: the usual direction
        return _Route(arrow, source, target, "top", "bottom", (source.row, target.row + 1))
    return _Route(arrow, source, target, "bottom", "top", (source.row + 1, target.row))


# -- lanes -----------------------------------------------------------------------------


def _choose_lanes(routes: list[_Route], rows: list[list[Box]], layout: MapLayout) -> None:
    left, right = layout.area
    taken: list[tuple[float, int, int]] = []  # lane x, first and last row it passes
    for route in routes:
        if len(route.gutters) < 2 or route.gutters[0] == route.gutters[1]:
            route.gutters = route.gutters[:1]
            continue
        first, last = sorted((route.source.row, route.target.row))
        passed = range(first + 1, last)
        free = _free_intervals(passed, rows, left - LANE_MARGIN + 3, right + LANE_MARGIN - 3)
        wanted = (route.source.cx + route.target.cx) / 2
        route.lane = _free_lane(wanted, free, taken, first, last)
        taken.append((route.lane, first, last))


def _free_intervals(passed: range, rows: list[list[Box]], low: float, high: float) -> list[tuple[float, float]]:
    """The x ranges that no box of the passed rows covers."""
    free = [(low, high)]
    for r in passed:
        for box in rows[r]:
            blocked = (box.x - CLEARANCE, box.right + CLEARANCE)
            free = [part for a, b in free for part in _subtract((a, b), blocked)]
    return free


def _subtract(span: tuple[float, float], blocked: tuple[float, float]) -> list[tuple[float, float]]:
    (a, b), (c, d) = span, blocked
    if d <= a or c >= b:
        return [span]
    return [part for part in ((a, c), (d, b)) if part[1] > part[0]]


def _free_lane(
    wanted: float, free: list[tuple[float, float]], taken: list[tuple[float, int, int]], first: int, last: int
) -> float:
    """The free x nearest to `wanted`, away from lanes already running beside it."""
    near = [x for x, a, b in taken if a <= last and b >= first]
    candidates = sorted(
        (min(max(wanted, a), b) + shift * LANE_SPACING, a, b)
        for a, b in free
        for shift in (0, 1, -1, 2, -2, 3, -3, 4, -4)
    )
    good = [x for x, a, b in candidates if a <= x <= b and all(abs(x - other) >= LANE_SPACING - 0.5 for other in near)]
    pool = good or [min(max(wanted, a), b) for a, b in free]
    return min(pool, key=lambda x: abs(x - wanted))


# -- ports and tracks ------------------------------------------------------------------


def _assign_ports(routes: list[_Route]) -> None:
    """Spread the arrows meeting one edge of a box along it, ordered by where they head,
    so that arrows of the same box do not cross each other at the box."""
    edges: dict[tuple[str, str], list[tuple[float, _Route, int]]] = defaultdict(list)
    for route in routes:
        if route.exit_side == "side":
            continue
        via_source = route.lane if route.lane is not None else route.target.cx
        via_target = route.lane if route.lane is not None else route.source.cx
        edges[(route.source.goal.id, route.exit_side)].append((via_source, route, 0))
        edges[(route.target.goal.id, route.entry_side)].append((via_target, route, 1))
    for attached in edges.values():
        attached.sort(key=lambda item: item[0])
        for index, (_, route, end) in enumerate(attached):
            box = route.source if end == 0 else route.target
            route.ports[end] = box.x + box.width * (index + 1) / (len(attached) + 1)


def _assign_tracks(routes: list[_Route], gutter_count: int) -> list[int]:
    """Give every horizontal segment a track of its gutter; returns tracks per gutter."""
    segments: dict[int, list[tuple[float, float, _Route]]] = defaultdict(list)
    for route in routes:
        ends = _segment_ends(route)
        for gutter, (x0, x1) in zip(route.gutters, ends, strict=True):
            segments[gutter].append((min(x0, x1), max(x0, x1), route))
            route.tracks.append(0)
    counts = [0] * gutter_count
    for gutter, parts in segments.items():
        track_ends: list[float] = []
        for x0, x1, route in sorted(parts, key=lambda part: part[0]):
            track = next((t for t, end in enumerate(track_ends) if end + TRACK_GAP <= x0), len(track_ends))
            if track == len(track_ends):
                track_ends.append(x1)
            track_ends[track] = x1
            route.tracks[route.gutters.index(gutter)] = track
        counts[gutter] = len(track_ends)
    return counts


def _segment_ends(route: _Route) -> list[tuple[float, float]]:
    start, end = route.ports
    if route.lane is None:
        return [(start, end)] if route.gutters else []
    return [(start, route.lane), (route.lane, end)]


# -- heights ---------------------------------------------------------------------------


def _place_vertically(layout: MapLayout, rows: list[list[Box]], tracks: list[int]) -> None:
    band_of = band_of_rows(layout)
    gutters = [_gutter_height(g, band_of, tracks[g]) for g in range(len(rows) + 1)]
    heights = [max(box.content_height for box in row) for row in rows]
    _make_room_for_labels(layout, gutters, heights)
    y = MARGIN
    layout.row_tops, layout.row_heights = [], heights
    for r, row in enumerate(rows):
        y += gutters[r]
        layout.row_tops.append(y)
        for box in row:
            box.y, box.height = y, heights[r]
        y += heights[r]
    layout.height = y + gutters[-1] + MARGIN
    for b, band in enumerate(layout.bands):
        first, last = band.rows[0], band.rows[-1]
        top = MARGIN if b == 0 else layout.row_tops[first] - gutters[first] / 2
        bottom = (
            layout.height - MARGIN
            if b == len(layout.bands) - 1
            else layout.row_tops[last] + heights[last] + gutters[last + 1] / 2
        )
        band.y, band.height = top, bottom - top


def _gutter_height(gutter: int, band_of: list[int], tracks: int) -> float:
    if gutter == 0 or gutter == len(band_of):
        least = MIN_GUTTER_OUTSIDE
    elif band_of[gutter - 1] != band_of[gutter]:
        least = MIN_GUTTER_BETWEEN_BANDS
    else:
        least = MIN_GUTTER_IN_BAND
    return max(least, (tracks + 1) * TRACK_SPACING + 2 * PAD_Y)


def _make_room_for_labels(layout: MapLayout, gutters: list[float], heights: list[float]) -> None:
    """A band is at least as tall as its wrapped label: its outer gutters grow."""
    last_gutter = len(gutters) - 1
    for band in layout.bands:
        first, last = band.rows[0], band.rows[-1]
        inner = sum(heights[first : last + 1]) + sum(gutters[first + 1 : last + 1])
        outer = [(first, 1.0 if first == 0 else 0.5), (last + 1, 1.0 if last + 1 == last_gutter else 0.5)]
        have = inner + sum(gutters[g] * share for g, share in outer)
        need = len(band.label_lines) * LABEL_LEADING + 4 * PAD_Y
        if need > have:
            for g, share in outer:
                gutters[g] += (need - have) / 2 / share


# -- points ----------------------------------------------------------------------------


def _points(route: _Route, layout: MapLayout, tracks: list[int]) -> list[tuple[float, float]]:
    source, target = route.source, route.target
    if route.exit_side == "side":
        y = source.y + source.height / 2
        if target.x > source.x:
            return [(source.right, y), (target.x, y)]
        return [(source.x, y), (target.right, y)]
    start_y = source.y if route.exit_side == "top" else source.bottom
    end_y = target.y if route.entry_side == "top" else target.bottom
    (start_x, end_x), ys = (
        route.ports,
        [_track_y(layout, g, t, tracks) for g, t in zip(route.gutters, route.tracks, strict=True)],
    )
    if route.lane is None:
        points = [(start_x, start_y), (start_x, ys[0]), (end_x, ys[0]), (end_x, end_y)]
    else:
        lane = route.lane
        points = [(start_x, start_y), (start_x, ys[0]), (lane, ys[0]), (lane, ys[1]), (end_x, ys[1]), (end_x, end_y)]
    return _without_redundant(points)


def _track_y(layout: MapLayout, gutter: int, track: int, tracks: list[int]) -> float:
    if gutter < len(layout.row_tops):
        bottom = layout.row_tops[gutter]
    else:
        bottom = layout.row_tops[-1] + layout.row_heights[-1] + _outer_gutter(layout)
    top = layout.row_tops[gutter - 1] + layout.row_heights[gutter - 1] if gutter > 0 else MARGIN
    middle = (top + bottom) / 2
    return middle + (track - (tracks[gutter] - 1) / 2) * TRACK_SPACING


def _outer_gutter(layout: MapLayout) -> float:
    return layout.height - MARGIN - (layout.row_tops[-1] + layout.row_heights[-1])


def _without_redundant(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated points and the middle of three points on one line."""
    kept: list[tuple[float, float]] = []
    for point in points:
        if kept and abs(kept[-1][0] - point[0]) < 0.01 and abs(kept[-1][1] - point[1]) < 0.01:
            continue
        if len(kept) >= 2 and _collinear(kept[-2], kept[-1], point):
            kept[-1] = point
        else:
            kept.append(point)
    return kept


def _collinear(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> bool:
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) < 0.01
