"""A small results chart drawn at build time: inline SVG, no script, no request.

One point per reporting round (the actual that counts, or the milestone level reached),
joined by a line, over faint horizontal lines at the criteria levels with the agreed
target (level 3 / the standard tier) drawn stronger. Each round's name wraps under its
point to the room the point has (a person's "รอบที่ 1 (1 ต.ค. – 31 มี.ค.)" ran into its
neighbours), with the year under it on a chart across years.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from markupsafe import Markup, escape

from builder.catalogue import format_number, format_score
from builder.site.text_metrics import char_widths
from builder.thaitext import truncate, wrap

WIDTH, HEIGHT = 480, 200
LABEL_GAP = 13  # px between axis labels (the font is 12 px)
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
# a round's name under its point wraps to the room the point has, measured at the largest
# size the stylesheet gives axis labels (15 px on a phone), two lines at most
LABEL_SIZE, LABEL_LINE, LABEL_LINES = 15.0, 15, 2


@dataclass(frozen=True, slots=True)
class ChartPoint:
    label: str  # the round's name
    value: float | None  # None: not reported that round
    target: float | None = None  # the round's own target, where it has one (a 6-month target)
    sublabel: str = ""  # a second line under the label (the year, on a chart across years)
    score: bool = False  # the value is a score (a total): shown with four decimals


def results_chart(
    points: Sequence[ChartPoint], levels: Sequence[float], target: float | None, title: str, target_label: str
) -> Markup:
    """The SVG, or empty markup when no round has a value."""
    values = [p.value for p in points if p.value is not None]
    if not values:
        return Markup("")
    targets = [p.target for p in points if p.target is not None]
    low, high = _range([*values, *levels, *targets])
    step = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    labels = [_label_lines(p.label, p.sublabel, step - 6) for p in points]
    height = HEIGHT + LABEL_LINE * max(0, max(len(lines) for lines in labels) - 2)

    def y(v: float) -> float:
        return TOP + (high - v) / (high - low) * (HEIGHT - TOP - BOTTOM)

    # each point's x and y worked out once, and written with one decimal once
    xs = [LEFT + step * (i + 0.5) for i in range(len(points))]
    x1 = [f"{x:.1f}" for x in xs]
    ys = [None if p.value is None else y(p.value) for p in points]
    title_text = escape(title)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{title_text}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{title_text}</title>'
    ]
    labelled: list[float] = []  # y of the labels drawn: levels closer than a label's height share one
    for level in sorted(levels, key=lambda v: (target is None or v != target, v)):
        strong = target is not None and level == target
        at = y(level)
        parts.append(
            f'<line class="{"target" if strong else "level"}" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
            f'y1="{at:.1f}" y2="{at:.1f}"/>'
        )
        if all(abs(at - other) >= LABEL_GAP for other in labelled):
            labelled.append(at)
            parts.append(
                f'<text class="axis" x="{LEFT - 6}" y="{at + 4:.1f}" text-anchor="end">{format_number(level)}</text>'
            )
    if target is not None:
        parts.append(
            f'<text class="target-label" x="{WIDTH - RIGHT}" y="{y(target) - 4:.1f}" text-anchor="end">'
            f"{escape(target_label)}</text>"
        )
    for i, point in enumerate(points):
        if point.target is not None:  # the round's own target: a short bar across its column
            at = y(point.target)
            parts.append(
                f'<line class="round-target" x1="{xs[i] - 14:.1f}" x2="{xs[i] + 14:.1f}" y1="{at:.1f}" y2="{at:.1f}"/>'
            )
    drawn = [(x1[i], f"{at:.1f}") for i, at in enumerate(ys) if at is not None]
    if len(drawn) > 1:
        path = " ".join(f"{px},{py}" for px, py in drawn)
        parts.append(f'<polyline class="series" points="{path}"/>')
    for i, point in enumerate(points):
        for n, line in enumerate(labels[i]):
            parts.append(
                f'<text class="axis" x="{x1[i]}" y="{HEIGHT - BOTTOM + 18 + LABEL_LINE * n}" text-anchor="middle">'
                f"{line}</text>"
            )
        value_y = ys[i]
        if value_y is not None:
            value = format_score(point.value) if point.score else format_number(cast(float, point.value))
            parts.append(
                f'<circle class="point" cx="{x1[i]}" cy="{value_y:.1f}" r="4"/>'
                f'<text class="value" x="{x1[i]}" y="{value_y - 9:.1f}" text-anchor="middle">{value}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # every text above is escaped or a number


@lru_cache(maxsize=256)
def _label_lines(label: str, sublabel: str, room: float) -> tuple[str, ...]:
    """The round's name in lines that fit `room` (two at most, the last cut with "…"),
    then the year when the chart spans years, each escaped for the SVG. Kept: the same few round names come back
    on every chart of a build."""
    width = char_widths(LABEL_SIZE)
    lines = wrap(label, room, width)
    if len(lines) > LABEL_LINES:
        lines = [*lines[: LABEL_LINES - 1], truncate(" ".join(lines[LABEL_LINES - 1 :]), room, width)]
    return tuple(str(escape(line)) for line in ((*lines, sublabel) if sublabel else lines))


def _range(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or max(abs(high) * 0.1, 1.0)
    return low - pad, high + pad
