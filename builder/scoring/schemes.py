"""Scoring schemes: how an actual value (or a milestone level) becomes a score.

Both schemes are piecewise-linear curves through (criterion value, score) points:
- five-level: level values v1..v5 score 1..5; between two levels the score is
  interpolated (levels 70/75/80/85/90, actual 83.5 -> 3 + 3.5/5 = 3.7000); above level 5
  the score is 5; below level 1 it is 1 by default (`below_level_1: one`, the 1.0000–5.0000
  scale of the official reporting system) or 0 (`below_level_1: zero`).
- three-tier: basic / standard / advanced values score 50 / 75 / 100 by default
  (configurable `tier_scores`), interpolated between tiers, the advanced score above
  advanced and `below_basic` (default 0) below basic.
Lower-is-better KPIs mirror the curve. Levels left empty have no point on the curve: it
runs through the levels that have a value, an actual below the lowest of them scores what
"below level 1" scores and one above the highest scores that level. Mixed criteria score
their steps like milestone levels until every step is done; from then on an actual that
reaches the first numeric level scores on the curve of the numeric levels. Scores are rounded to four decimals, half up,
with decimal arithmetic so that 3.7 is 3.7000 and never 3.6999.

A new scheme is a new `Scheme` subclass registered in `SCHEMES`: its curve points for
numeric criteria and for milestone levels, the score below the curve, and its default
rating bands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import ClassVar

from builder.model import Band, Criteria, Direction, KpiKind, ScoringConfig, Text

FOUR_PLACES = Decimal("0.0001")
Points = list[tuple[Decimal, Decimal]]

# catalogue ids of the labels Thai agencies use for the five rating bands, best first
DEFAULT_BAND_LABELS = ("band.outstanding", "band.very-good", "band.good", "band.fair", "band.needs-improvement")


def dec(value: float | int | str | Decimal) -> Decimal:
    """A number as a Decimal through its shortest repr, so 414.5 stays 414.5."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round4(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def interpolate(actual: Decimal, points: Points, below: Decimal, direction: Direction) -> Decimal:
    """Score of `actual` on the curve through `points` (ordered from worst to best value)."""
    sign = Decimal(-1) if direction == "lower" else Decimal(1)
    x = actual * sign
    curve = [(v * sign, s) for v, s in points]
    if x < curve[0][0]:
        return min(below, curve[0][1])  # never above the first point: scores cannot fall as results improve
    if x >= curve[-1][0]:
        return curve[-1][1]
    for (x0, s0), (x1, s1) in pairwise(curve):
        if x0 <= x < x1:
            return s0 + (s1 - s0) * (x - x0) / (x1 - x0)
    return curve[-1][1]  # unreachable for ordered criteria


@dataclass(frozen=True)
class Scheme:
    config: ScoringConfig
    name: ClassVar[str] = ""
    # criteria are scored once per round; their points are worked out once per build
    _points: dict[int, tuple[Criteria, Points]] = field(default_factory=dict, compare=False, repr=False)

    def _points_of(self, criteria: Criteria) -> Points:
        cached = self._points.get(id(criteria))
        if cached is None or cached[0] is not criteria:  # the criteria kept alive, so an id is not reused
            cached = self._points[id(criteria)] = (criteria, self.points(criteria))
        return cached[1]

    def points(self, criteria: Criteria) -> Points:
        raise NotImplementedError

    def below(self) -> Decimal:
        raise NotImplementedError

    def milestone_points(self) -> Points:
        """(level, score) points for milestone KPIs."""
        raise NotImplementedError

    def top(self) -> Decimal:
        """The highest score a KPI can get (the scale's maximum)."""
        raise NotImplementedError

    def default_bands(self, labels: Sequence[Text]) -> tuple[Band, ...]:
        """Rating bands used when site.yaml gives none, named `labels` (best first)."""
        raise NotImplementedError

    def on_100_point_base(self, total: Decimal) -> Decimal:
        """A total restated out of 100 (five-level: × 20)."""
        return round4(total * 100 / self.top())

    def score_actual(self, actual: float, criteria: Criteria, direction: Direction) -> Decimal | None:
        points = self._points_of(criteria)
        if not points:
            return None
        return round4(interpolate(dec(actual), points, self.below(), direction))

    def score_level(self, level: int, partial: float | None, criteria: Criteria) -> Decimal:
        """A milestone KPI: the level fully reached, plus the fraction of the next level's
        steps done where its criteria define steps."""
        reached = dec(level)
        if partial and partial_counts(level, criteria):
            reached += dec(partial)
        return round4(interpolate(reached, self.milestone_points(), self.below(), "higher"))

    def score_value(
        self,
        kind: KpiKind,
        direction: Direction,
        criteria: Criteria,
        actual: float | None,
        level: int | None,
        partial: float | None = None,
    ) -> Decimal | None:
        """The score of a reported value of a KPI of `kind`; None when it cannot be scored
        (no value of the KPI's kind, a level outside 0–5, criteria of another shape)."""
        if kind == "milestone":
            return self.score_level(level, partial, criteria) if level is not None and 0 <= level <= 5 else None
        if kind == "mixed":
            return self.score_mixed(level, actual, partial, criteria, direction)
        return self.score_actual(actual, criteria, direction) if actual is not None else None

    def score_mixed(
        self, level: int | None, actual: float | None, partial: float | None, criteria: Criteria, direction: Direction
    ) -> Decimal | None:
        """Steps for the lower levels, a result for the upper ones (seed 003's "ขั้นตอน +
        ผลลัพธ์"): the step level reached scores like a milestone level; once every step is
        done (`level` equal to the number of steps, or omitted beside an actual), an actual
        reaching the first numeric level scores on the numeric levels' curve instead."""
        steps = criteria.steps
        if criteria.shape != "mixed" or not self.scores_mixed():
            return None
        done = level if level is not None else (steps if actual is not None else None)
        if done is None or not 0 <= done <= steps:
            return None
        points = self._points_of(criteria)
        if actual is not None and done == steps and points and _reaches(dec(actual), points[0][0], direction):
            return round4(interpolate(dec(actual), points, self.below(), direction))
        return self.score_level(done, partial if done < steps else None, criteria)

    def scores_mixed(self) -> bool:
        """Whether the scheme scores mixed criteria (five levels do; three tiers have no
        levels for the steps)."""
        return False


def _reaches(actual: Decimal, value: Decimal, direction: Direction) -> bool:
    return actual <= value if direction == "lower" else actual >= value


def partial_counts(level: int, criteria: Criteria) -> bool:
    """Partial credit toward level+1 counts only where that level's criteria list steps."""
    # criteria.milestones[level] is the definition of level + 1
    return 0 <= level < len(criteria.milestones) and bool(criteria.milestones[level].steps)


def _bands(minimums: tuple[float, ...], labels: Sequence[Text]) -> tuple[Band, ...]:
    return tuple(Band(min=m, label=label) for m, label in zip(minimums, labels, strict=True))


@dataclass(frozen=True)
class FiveLevel(Scheme):
    name: ClassVar[str] = "five-level"

    def points(self, criteria: Criteria) -> Points:
        # levels left empty (and the step levels of mixed criteria) have no point
        return [(dec(v), Decimal(i)) for i, v in enumerate(criteria.levels, start=1) if v is not None]

    def scores_mixed(self) -> bool:
        return True

    def below(self) -> Decimal:
        return Decimal(0) if self.config.below_level_1 == "zero" else Decimal(1)

    def milestone_points(self) -> Points:
        # level 0 scores what "below level 1" scores, so partial credit toward level 1
        # under `below_level_1: zero` rises from 0 to 1
        return [(Decimal(0), self.below()), *((Decimal(i), Decimal(i)) for i in range(1, 6))]

    def top(self) -> Decimal:
        return Decimal(5)

    def default_bands(self, labels: Sequence[Text]) -> tuple[Band, ...]:
        return _bands((4.5, 3.5, 2.5, 1.5, 0.0), labels)


@dataclass(frozen=True)
class ThreeTier(Scheme):
    name: ClassVar[str] = "three-tier"
    TIERS: ClassVar[tuple[str, ...]] = ("basic", "standard", "advanced")
    DEFAULT_SCORES: ClassVar[dict[str, float]] = {"basic": 50.0, "standard": 75.0, "advanced": 100.0}

    def tier_score(self, tier: str) -> Decimal:
        return dec(self.config.tier_scores.get(tier, self.DEFAULT_SCORES[tier]))

    def points(self, criteria: Criteria) -> Points:
        return [(dec(criteria.tiers[t]), self.tier_score(t)) for t in self.TIERS if t in criteria.tiers]

    def below(self) -> Decimal:
        return dec(self.config.below_basic)

    def milestone_points(self) -> Points:
        # five milestone levels on the tier scale: level 1 basic, 3 standard, 5 advanced;
        # level 0 scores what "below basic" scores
        tiers = [(Decimal(level), self.tier_score(t)) for level, t in zip((1, 3, 5), self.TIERS, strict=True)]
        return [(Decimal(0), min(self.below(), tiers[0][1])), *tiers]

    def top(self) -> Decimal:
        return self.tier_score("advanced")

    def default_bands(self, labels: Sequence[Text]) -> tuple[Band, ...]:
        # the civil-service appraisal bands: 90 / 80 / 70 / 60 out of 100, scaled to the
        # advanced tier's score where tier_scores change it
        top = float(self.top())
        return _bands(tuple(top * share for share in (0.9, 0.8, 0.7, 0.6, 0.0)), labels)


SCHEMES: dict[str, type[Scheme]] = {s.name: s for s in (FiveLevel, ThreeTier)}


def scheme_for(config: ScoringConfig) -> Scheme:
    return SCHEMES[config.scheme](config)
