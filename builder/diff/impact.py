"""Score impact: every scorecard whose total moved, before → after, from the two sides'
scorebooks (the same scoring every other output uses).

A unit appears here when its own results or agreement changed, and also when only the
units below it changed: a superior's split KPI that it does not report is rolled up from
theirs, so its total moves with them (`via_rollup`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from builder.diff.report import RowChange, ScoreImpact
from builder.scoring.scorecard import KpiScore, Scorebook, Scorecard


def score_impacts(base: Scorebook, head: Scorebook, unit: str, changed_units: set[str]) -> list[ScoreImpact]:
    keys = sorted(
        {(y, r) for (u, y, r) in base.cards if u == unit} | {(y, r) for (u, y, r) in head.cards if u == unit},
        key=lambda key: (key[0], head.round_months.get(key[1], base.round_months.get(key[1], 0)), key[1]),
    )
    impacts = []
    for year, round_id in keys:
        before, after = base.card(unit, year, round_id), head.card(unit, year, round_id)
        impact = _impact(before, after, year, round_id, via_rollup=unit not in changed_units)
        if impact is not None:
            impacts.append(impact)
    return impacts


def _reported(card: Scorecard | None) -> Scorecard | None:
    return card if card is not None and card.reported_count else None


def _impact(
    before: Scorecard | None, after: Scorecard | None, year: int, round_id: str, via_rollup: bool
) -> ScoreImpact | None:
    was, now = _reported(before), _reported(after)
    if was is None and now is None:
        return None  # nothing reported on either side: no score to move
    total = (was.total if was else None, now.total if now else None)
    total_100 = (was.total_100 if was else None, now.total_100 if now else None)
    band = (was.band.label if was and was.band else None, now.band.label if now and now.band else None)
    rows = tuple(_row_changes(before, after))
    if total[0] == total[1] and total_100[0] == total_100[1] and band[0] == band[1] and not rows:
        return None
    return ScoreImpact(year, round_id, total, total_100, band, via_rollup, rows)


def _row_changes(before: Scorecard | None, after: Scorecard | None) -> Iterable[RowChange]:
    old = {r.kpi: r for r in before.rows} if before else {}
    new = {r.kpi: r for r in after.rows} if after else {}
    for kpi in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(kpi), new.get(kpi)
        if _shown(was) != _shown(now):
            yield RowChange(
                kpi=kpi,
                actual=(_value(was), _value(now)),
                computed=(bool(was and was.computed), bool(now and now.computed)),
                score=(was.score if was else None, now.score if now else None),
                weighted=(was.weighted if was else None, now.weighted if now else None),
            )


def _value(row: KpiScore | None) -> float | None:
    """The actual that counts, or the milestone level reached."""
    if row is None:
        return None
    return row.actual if row.actual is not None else (float(row.level) if row.level is not None else None)


def _shown(row: KpiScore | None) -> tuple[float | None, Decimal | None, Decimal | None, bool]:
    if row is None:
        return (None, None, None, False)
    return (_value(row), row.score, row.weighted, row.computed)
