"""The dashboards' own charts, drawn at build time as inline SVG (no script, no request):
a bar per dimension or category, and the KPIs of a round as one bar split by rating band.
Every text is escaped; each chart carries a title for screen readers, and the page lists
the same figures in words beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from builder.catalogue import format_score
from builder.site.text_metrics import char_widths
from builder.thaitext import truncate

WIDTH = 380  # drawn at about this width on a desktop and 330 px on a phone: text stays 12 px or more
ROW = 46  # px per bar: its label above, the bar under it
BAR = 16
LEFT, RIGHT = 4, 60  # room on the right for the value
LABEL_SIZE = 14  # px, as site.css sets .bar-label


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None  # a score; None: nothing to draw (no KPI of it due)
    rank: int | None = None  # band rank, colours the bar


def bar_chart(bars: Sequence[Bar], scale: float, marks: Sequence[float], target: float | None, title: str) -> Markup:
    """Horizontal bars from 0 to `scale`, with faint lines at `marks` (the bands' lower
    bounds) and a dashed one at `target`; empty markup without bars."""
    if not bars:
        return Markup("")
    height = ROW * len(bars) + 8
    span = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return LEFT + max(0.0, min(value, scale)) / scale * span

    parts = [
        f'<svg class="chart bars" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        top = ROW * i + 4
        label = truncate(bar.label, WIDTH - LEFT, char_widths(LABEL_SIZE))
        parts.append(
            f'<text class="bar-label" x="{LEFT}" y="{top + 15}">'
            f"<title>{escape(bar.label)}</title>{escape(label)}</text>"
        )
        parts.append(f'<rect class="bar-track" x="{LEFT}" y="{top + 21}" width="{span}" height="{BAR}" rx="3"/>')
        if bar.value is not None:
            rank = "none" if bar.rank is None else bar.rank
            parts.append(
                f'<rect class="bar band-fill-{rank}" x="{LEFT}" y="{top + 21}" width="{x(bar.value) - LEFT:.1f}" '
                f'height="{BAR}" rx="3"/>'
            )
            parts.append(f'<text class="value" x="{WIDTH - RIGHT + 6}" y="{top + 34}">{format_score(bar.value)}</text>')
        parts.extend(_marks(x, marks, scale, target, top + 18, top + 40))
    parts.append("</svg>")
    return Markup("".join(parts))  # every text above is escaped or a number


def _marks(
    x: Callable[[float], float], marks: Sequence[float], scale: float, target: float | None, top: float, bottom: float
) -> list[str]:
    """The bands' lower bounds (faint) and the target (dashed) across one bar, over it and
    not through its label."""
    lines = [(m, "level") for m in marks if 0 < m < scale]
    if target is not None:
        lines.append((target, "target"))
    return [f'<line class="{kind}" x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{top}" y2="{bottom}"/>' for v, kind in lines]


@dataclass(frozen=True, slots=True)
class Share:
    label: str
    count: int
    rank: int | None  # band rank; None: not scored


def share_strip(shares: Sequence[Share], title: str) -> Markup:
    """One bar split in proportion to the counts (the KPIs of a round by band), each part
    in its band's colour with its count; empty markup when every count is 0."""
    total = sum(share.count for share in shares)
    if not total:
        return Markup("")
    parts = [
        f'<svg class="chart strip" viewBox="0 0 {WIDTH} 28" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    left = 0.0
    for share in shares:
        if not share.count:
            continue
        width = share.count / total * WIDTH
        rank = "none" if share.rank is None else share.rank
        parts.append(
            f'<rect class="bar band-fill-{rank}" x="{left:.1f}" y="2" width="{width:.1f}" height="24">'
            f"<title>{escape(share.label)}: {share.count}</title></rect>"
        )
        if width >= 18:
            parts.append(
                f'<text class="strip-count" x="{left + width / 2:.1f}" y="19" text-anchor="middle">{share.count}</text>'
            )
        left += width
    parts.append("</svg>")
    return Markup("".join(parts))
