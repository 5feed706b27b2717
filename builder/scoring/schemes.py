"""Scoring schemes: how an actual value (or a milestone level) becomes a score.

Both schemes are piecewise-linear curves through (criterion value, score) points:
- five-level: level values v1..v5 score 1..5; between two levels the score is
  interpolated (levels 70/75/80/85/90, actual 83.5 -> 3 + 3.5/5 = 3.7000); above level 5
  the score is 5; below level 1 it is 1 by default (`below_level_1: one`, the 1.0000–5.0000
  scale of the official reporting system) or 0 (`below_level_1: zero`).
- three-tier: basic / standard / advanced values score 50 / 75 / 100 by default
  (configurable `tier_scores`), interpolated between tiers, 100 above advanced and
  `below_basic` (default 0) below basic.
Lower-is-better KPIs mirror the curve. Scores are rounded to four decimals, half up,
with decimal arithmetic so that 3.7 is 3.7000 and never 3.6999.

A new scheme is a new `Scheme` subclass registered in `SCHEMES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import ClassVar

from builder.model import Criteria, Direction, ScoringConfig

FOUR_PLACES = Decimal("0.0001")


def dec(value: float | int | str | Decimal) -> Decimal:
    """A number as a Decimal through its shortest repr, so 414.5 stays 414.5."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round4(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def interpolate(
    actual: Decimal, points: list[tuple[Decimal, Decimal]], below: Decimal, direction: Direction
) -> Decimal:
    """Score of `actual` on the curve through `points` (ordered from worst to best value)."""
    sign = Decimal(-1) if direction == "lower" else Decimal(1)
    x = actual * sign
    curve = [(v * sign, s) for v, s in points]
    if x < curve[0][0]:
        return below
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
    maximum: ClassVar[Decimal] = Decimal(5)

    def points(self, criteria: Criteria) -> list[tuple[Decimal, Decimal]]:
        raise NotImplementedError

    def below(self) -> Decimal:
        raise NotImplementedError

    def milestone_points(self) -> list[tuple[Decimal, Decimal]]:
        """(level, score) points for milestone KPIs."""
        raise NotImplementedError

    def score_actual(self, actual: float, criteria: Criteria, direction: Direction) -> Decimal | None:
        points = self.points(criteria)
        if len(points) < 2:
            return None
        return round4(interpolate(dec(actual), points, self.below(), direction))

    def score_level(self, level: int, partial: float | None, criteria: Criteria) -> Decimal:
        """A milestone KPI: the level fully reached, plus the fraction of the next level's
        steps done where its criteria define steps."""
        reached = dec(level)
        next_index = level  # criteria.milestones[level] is level+1's definition
        if partial and 0 <= next_index < len(criteria.milestones) and criteria.milestones[next_index].steps:
            reached += dec(partial)
        return round4(interpolate(reached, self.milestone_points(), self.below(), "higher"))


@dataclass(frozen=True)
class FiveLevel(Scheme):
    name: ClassVar[str] = "five-level"
    maximum: ClassVar[Decimal] = Decimal(5)

    def points(self, criteria: Criteria) -> list[tuple[Decimal, Decimal]]:
        return [(dec(v), Decimal(i)) for i, v in enumerate(criteria.levels, start=1)]

    def below(self) -> Decimal:
        return Decimal(0) if self.config.below_level_1 == "zero" else Decimal(1)

    def milestone_points(self) -> list[tuple[Decimal, Decimal]]:
        return [(Decimal(i), Decimal(i)) for i in range(1, 6)]


@dataclass(frozen=True)
class ThreeTier(Scheme):
    name: ClassVar[str] = "three-tier"
    maximum: ClassVar[Decimal] = Decimal(100)
    TIERS: ClassVar[tuple[str, ...]] = ("basic", "standard", "advanced")

    def tier_score(self, tier: str) -> Decimal:
        return dec(self.config.tier_scores.get(tier, {"basic": 50, "standard": 75, "advanced": 100}[tier]))

    def points(self, criteria: Criteria) -> list[tuple[Decimal, Decimal]]:
        return [(dec(criteria.tiers[t]), self.tier_score(t)) for t in self.TIERS if t in criteria.tiers]

    def below(self) -> Decimal:
        return dec(self.config.below_basic)

    def milestone_points(self) -> list[tuple[Decimal, Decimal]]:
        # five milestone levels on the tier scale: level 1 basic, 3 standard, 5 advanced
        return [(Decimal(level), self.tier_score(t)) for level, t in zip((1, 3, 5), self.TIERS, strict=True)]


SCHEMES: dict[str, type[Scheme]] = {s.name: s for s in (FiveLevel, ThreeTier)}


def scheme_for(config: ScoringConfig) -> Scheme:
    return SCHEMES[config.scheme](config)
