"""Scorecards: the results of one unit in one round, scored KPI by KPI and totalled.

The data shapes here are what the site, the PDFs, the JSON export and `build.py score`
read; `score_content` computes all of them once per build (pure, no I/O).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from builder.model import EMPTY, Band, Content, Text

CardKey = tuple[str, int, str]  # (unit id, fiscal year, round id)


@dataclass(frozen=True, slots=True)
class KpiScore:
    """One row of a scorecard."""

    kpi: str  # KPI id within the unit
    group: str  # dimension or category id
    weight: Decimal  # as given, or the importance multiplier (3/2/1)
    weight_share: Decimal  # weight ÷ Σ weights of the agreement
    actual: float | None = None  # the value that counts (verified if given)
    level: int | None = None  # milestone level that counts
    computed: bool = False  # actual rolled up from the children's actuals, not reported
    self_score: Decimal | None = None  # from the unit's own report
    verified_score: Decimal | None = None  # the committee's, where given
    score: Decimal | None = None  # the one that counts: verified if given, else self
    weighted: Decimal | None = None  # score × weight ÷ Σ weights, four decimals
    reason: Text = EMPTY  # why the verified score differs
    reported: bool = False  # a result was given (or computed) for this round


@dataclass(frozen=True, slots=True)
class GroupTotal:
    group: str
    weight: Decimal  # Σ weights of the group's KPIs
    weighted: Decimal  # Σ weighted scores of the group's KPIs


@dataclass(frozen=True, slots=True)
class Scorecard:
    unit: str
    year: int
    round: str
    rows: tuple[KpiScore, ...]
    groups: tuple[GroupTotal, ...]
    total: Decimal  # Σ weighted scores (unscored KPIs count 0)
    total_100: Decimal | None  # on a 100-point base (five-level: total × 20)
    band: Band | None
    scheme: str = "five-level"

    @property
    def reported_count(self) -> int:
        return sum(1 for r in self.rows if r.reported)

    def row(self, kpi_id: str) -> KpiScore | None:
        return next((r for r in self.rows if r.kpi == kpi_id), None)


@dataclass(frozen=True)
class Scorebook:
    """Every scorecard of the content, by (unit, year, round)."""

    cards: Mapping[CardKey, Scorecard] = field(default_factory=dict)

    def card(self, unit: str, year: int, round_id: str) -> Scorecard | None:
        return self.cards.get((unit, year, round_id))


def score_content(content: Content) -> Scorebook:
    raise NotImplementedError("being written")
