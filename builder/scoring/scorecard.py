"""Scorecards: the results of one unit in one round, scored KPI by KPI and totalled.

The data shapes here are what the site, the PDFs, the JSON export and `build.py score`
read; `score_content` computes all of them once per build (pure, no I/O). Given the
scorebook of an earlier version of the content (`kpibook serve`), it takes over each card
whose inputs are the same objects or values as those it was computed from.

A unit gets a scorecard for every round its kind reports in, for every year it has an
agreement. Its rows are the KPIs of the agreement in force that round (`builder.terms`):
the ones due are scored and totalled, the ones not due and the ones cancelled by an
amendment are listed but count nothing. A due KPI without a result scores nothing and
counts 0. Each due KPI is scored against the round's criteria where the item gives them,
else the annual ones, and weighted by its weight in the round over the sum of the due
KPIs' weights (the annual weights rescaled over the KPIs due, unless the item gives the
round's own). A round with nothing reported has total 0 and no band.

In each row the verified assessment counts where the committee gave one (`verified.score`
as awarded, else the score of `verified.actual` / `verified.level`); the self-assessed
score stays beside it. Weighted scores are rounded to four decimals and the totals are
sums of the rounded rows, so every total can be recomputed by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, partial

from builder.model import EMPTY, Agreement, Amendment, Band, Content, Criteria, Kpi, Result, Text
from builder.queries import Queries, bands_in_force, group_order, rounds_for_kind
from builder.scoring.rollup import Links, ValueKey, cascade_links, rolled_up_actuals
from builder.scoring.schemes import Scheme, dec, partial_counts, round4, scheme_for
from builder.terms import ItemTerms, RowStatus

CardKey = tuple[str, int, str]  # (unit id, fiscal year, round id)


@dataclass(frozen=True, slots=True)
class KpiScore:
    """One row of a scorecard."""

    kpi: str  # KPI id within the unit
    group: str  # dimension or category id
    weight: Decimal  # in this round: as given, or the importance multiplier (3/2/1)
    weight_share: Decimal  # weight ÷ Σ weights of the KPIs due, four decimals (0 when not due)
    actual: float | None = None  # the value that counts (verified if given)
    level: int | None = None  # milestone level that counts
    computed: bool = False  # actual rolled up from the children's actuals, not reported
    self_score: Decimal | None = None  # from the unit's own report
    verified_score: Decimal | None = None  # the committee's, where given
    score: Decimal | None = None  # the one that counts: verified if given, else self
    weighted: Decimal | None = None  # score × weight ÷ Σ weights, four decimals
    reason: Text = EMPTY  # why the verified score differs
    reported: bool = False  # a result was given (or computed) for this round
    self_actual: float | None = None  # the unit's own actual, where the committee verified another
    self_level: int | None = None  # the unit's own milestone level
    partial: float | None = None  # fraction of the next milestone level that counted
    status: RowStatus = "due"  # due | not-due (not a reporting round of the KPI) | cancelled
    terms: ItemTerms | None = None  # the item in force, the round's criteria, target and weight

    @property
    def due(self) -> bool:
        return self.status == "due"

    @property
    def criteria(self) -> Criteria | None:
        """The criteria the round is scored against."""
        return self.terms.criteria if self.terms else None


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
    total_100: Decimal | None  # on a 100-point base (five-level: total × 20); None if nothing reported
    band: Band | None  # None if nothing reported
    scheme: str = "five-level"
    weight_total: Decimal = Decimal(0)  # Σ weights: the divisor of every weighted score
    scale: Decimal = Decimal(5)  # the highest score of the scheme

    @property
    def reported_count(self) -> int:
        return sum(1 for r in self.rows if r.reported)

    @property
    def due_count(self) -> int:
        return sum(1 for r in self.rows if r.due)

    @property
    def amendments(self) -> tuple[Amendment, ...]:
        """The amendments applying by this round, as they shaped its rows."""
        found: dict[int, Amendment] = {}  # by identity: an amendment holding criteria is not hashable
        for row in self.rows:
            for amendment in row.terms.amendments if row.terms else ():
                found.setdefault(id(amendment), amendment)
        return tuple(found.values())

    def row(self, kpi_id: str) -> KpiScore | None:
        return next((r for r in self.rows if r.kpi == kpi_id), None)


@dataclass(frozen=True)
class Scorebook:
    """Every scorecard of the content, by (unit, year, round), and the cascade links
    that let a superior's KPI be shown beside the rows of the units carrying it.
    Questions across cards (their order, the latest, last year's) are answered by
    `builder.queries.Queries`."""

    cards: Mapping[CardKey, Scorecard] = field(default_factory=dict)
    round_months: Mapping[str, int] = field(default_factory=dict)
    links: Links = field(default_factory=dict)
    # what each card was computed from (`CardInputs`), for the next `score_content` to reuse it
    made_from: Mapping[CardKey, CardInputs] = field(default_factory=dict, compare=False, repr=False)

    def card(self, unit: str, year: int, round_id: str) -> Scorecard | None:
        return self.cards.get((unit, year, round_id))

    def card_covering(self, unit: str, year: int, months: int) -> Scorecard | None:
        """A unit's scorecard for the round covering `months` from 1 October (of rounds
        covering equal months, the first in reporting order)."""
        return self._by_months.get((unit, year, months))

    @cached_property
    def _by_months(self) -> dict[tuple[str, int, int], Scorecard]:
        index: dict[tuple[str, int, int], Scorecard] = {}
        for card in self.cards.values():
            months = self.round_months.get(card.round)
            if months is not None:
                index.setdefault((card.unit, card.year, months), card)
        return index


def score_content(content: Content, previous: Scorebook | None = None) -> Scorebook:
    """Every unit's scorecard for every round of every year it has an agreement for.
    A card of `previous` (the scorebook of an earlier version of the content) is taken
    over where it was computed from the same inputs (`CardInputs`)."""
    scheme = scheme_for(content.site.scoring)
    results = _results_by_round(content)
    links = cascade_links(content)
    computed = rolled_up_actuals(content, links, _counted_actuals(results))
    card_of = _CardMaker(content, scheme, results, computed)
    earlier = previous.made_from if previous is not None else {}
    cards: dict[CardKey, Scorecard] = {}
    made_from: dict[CardKey, CardInputs] = {}
    for (unit_id, year), agreement in sorted(content.agreements.items()):
        unit = content.units.get(unit_id)
        if unit is None:
            continue
        for round_ in rounds_for_kind(content.site, unit.kind):
            key = (unit_id, year, round_.id)
            inputs = made_from[key] = _card_inputs(content, agreement, round_.id, computed)
            kept = previous.cards.get(key) if previous is not None and earlier.get(key) == inputs else None
            cards[key] = kept if kept is not None else card_of(agreement, round_.id)
    return Scorebook(
        cards=cards,
        round_months={r.id: r.months for r in content.site.rounds},
        links=links,
        made_from=made_from,
    )


# Everything one scorecard is computed from: the site (scheme, bands, rounds, groups), the
# unit (its kind's rounds), the agreement, the unit's KPIs in it (kind, direction, reporting
# rounds), the round's results and the actuals rolled up from below. An unchanged file is
# read as the same objects (`builder.assemble.made`), so most comparisons are by identity.
CardInputs = tuple[object, ...]


def _card_inputs(
    content: Content, agreement: Agreement, round_id: str, computed: Mapping[ValueKey, float]
) -> CardInputs:
    unit, year = agreement.unit, agreement.year
    kpi_ids = tuple(dict.fromkeys(item.kpi for item in agreement.all_items()))
    return (
        content.site,
        content.units.get(unit),
        agreement,
        round_id,
        tuple(content.kpi(unit, kpi) for kpi in kpi_ids),
        content.results.get((unit, year, round_id)),
        tuple(computed.get((unit, year, round_id, kpi)) for kpi in kpi_ids),
    )


def _results_by_round(content: Content) -> dict[CardKey, dict[str, Result]]:
    return {key: {r.kpi: r for r in rs.results} for key, rs in content.results.items()}


def _counted_actuals(results: Mapping[CardKey, Mapping[str, Result]]) -> dict[ValueKey, float]:
    """The reported actual that counts for each KPI and round: verified where given."""
    counted: dict[ValueKey, float] = {}
    for (unit, year, round_id), by_kpi in results.items():
        for kpi_id, result in by_kpi.items():
            verified = result.verified.actual if result.verified else None
            actual = verified if verified is not None else result.actual
            if actual is not None:
                counted[(unit, year, round_id, kpi_id)] = actual
    return counted


@dataclass(frozen=True)
class _CardMaker:
    content: Content
    scheme: Scheme
    results: Mapping[CardKey, Mapping[str, Result]]
    computed: Mapping[ValueKey, float]

    @cached_property
    def queries(self) -> Queries:
        return Queries(self.content)

    def __call__(self, agreement: Agreement, round_id: str) -> Scorecard:
        unit, year = agreement.unit, agreement.year
        terms = self.queries.terms(agreement, round_id)
        weight_total = sum((_weight(t.weight) for t in terms if t.due), Decimal(0))
        reported = self.results.get((unit, year, round_id), {})
        rows = tuple(
            self.row(
                self.kpi(unit, t.item.kpi),
                t,
                weight_total,
                reported.get(t.item.kpi),
                self.computed.get((unit, year, round_id, t.item.kpi)),
            )
            for t in terms
        )
        total = sum((r.weighted for r in rows if r.weighted is not None), Decimal(0))
        anything = any(r.reported for r in rows)
        return Scorecard(
            unit=unit,
            year=year,
            round=round_id,
            rows=rows,
            groups=self.group_totals(rows),
            total=total,
            total_100=self.scheme.on_100_point_base(total) if anything else None,
            band=band_for(total, self.bands) if anything else None,
            scheme=self.scheme.name,
            weight_total=weight_total,
            scale=self.scheme.top(),
        )

    @cached_property
    def bands(self) -> tuple[Band, ...]:
        return bands_in_force(self.content.site.scoring)

    @cached_property
    def group_order(self) -> dict[str, int]:
        return group_order(self.content.site)

    def kpi(self, unit: str, kpi_id: str) -> Kpi:
        return self.content.kpi(unit, kpi_id) or Kpi(unit=unit, id=kpi_id)

    def row(
        self, kpi: Kpi, terms: ItemTerms, weight_total: Decimal, result: Result | None, computed: float | None
    ) -> KpiScore:
        item = terms.item
        weight = _weight(terms.weight)
        if not terms.due:  # listed, but neither scored nor counted
            return KpiScore(item.kpi, item.group, weight, Decimal(0), status=terms.status, terms=terms)
        share = _share(weight, weight_total)
        if result is not None:
            return self.reported_row(kpi, terms, weight, share, weight_total, result)
        if computed is None:  # due and not reported: counts 0
            return KpiScore(item.kpi, item.group, weight, share, weighted=Decimal("0.0000"), terms=terms)
        score = self.scheme.score_value(kpi.kind, kpi.direction, terms.criteria, computed, None)
        return KpiScore(
            kpi=item.kpi,
            group=item.group,
            weight=weight,
            weight_share=share,
            actual=computed,
            computed=True,
            self_score=score,
            score=score,
            weighted=_weighted(score, weight, weight_total),
            reported=True,
            terms=terms,
        )

    def reported_row(
        self, kpi: Kpi, terms: ItemTerms, weight: Decimal, share: Decimal, weight_total: Decimal, result: Result
    ) -> KpiScore:
        item, criteria = terms.item, terms.criteria
        verified = result.verified
        score_of = partial(self.scheme.score_value, kpi.kind, kpi.direction, criteria)
        self_score = score_of(result.actual, result.level, result.partial)
        verified_score = None
        if verified is not None:
            verified_score = (
                round4(dec(verified.score))
                if verified.score is not None
                else score_of(verified.actual, verified.level, None)
            )
        score = verified_score if verified_score is not None else self_score
        level_verified = verified is not None and verified.level is not None
        counted_partial = None
        if not level_verified and result.level is not None and result.partial:
            counted_partial = result.partial if partial_counts(result.level, criteria) else None
        return KpiScore(
            kpi=item.kpi,
            group=item.group,
            weight=weight,
            weight_share=share,
            actual=verified.actual if verified is not None and verified.actual is not None else result.actual,
            level=verified.level if verified is not None and verified.level is not None else result.level,
            self_score=self_score,
            verified_score=verified_score,
            score=score,
            weighted=_weighted(score, weight, weight_total),
            reason=verified.reason if verified is not None else EMPTY,
            reported=True,
            self_actual=result.actual,
            self_level=result.level,
            partial=counted_partial,
            terms=terms,
        )

    def group_totals(self, rows: tuple[KpiScore, ...]) -> tuple[GroupTotal, ...]:
        """Σ weights and Σ weighted scores of each group's KPIs due this round."""
        sums: dict[str, tuple[Decimal, Decimal]] = {}
        for row in rows:
            weight, weighted = sums.get(row.group, (Decimal(0), Decimal(0)))
            if row.due:
                weight, weighted = weight + row.weight, weighted + (row.weighted or Decimal(0))
            sums[row.group] = (weight, weighted)
        # the site's order of dimensions and categories; groups it does not list keep theirs
        ordered = sorted(sums, key=lambda g: self.group_order.get(g, len(self.group_order)))
        return tuple(GroupTotal(g, *sums[g]) for g in ordered)


def _weight(value: float) -> Decimal:
    """A weight as written: 20 rather than 20.0, 12.5 as 12.5."""
    return Decimal(int(value)) if value == int(value) else dec(value)


def _share(weight: Decimal, weight_total: Decimal) -> Decimal:
    return round4(weight / weight_total) if weight_total else Decimal(0)


def _weighted(score: Decimal | None, weight: Decimal, weight_total: Decimal) -> Decimal | None:
    """score × weight ÷ Σ weights, four decimals (weight 20 of 100 at 3.7000 -> 0.7400)."""
    if score is None or not weight_total:
        return None
    return round4(score * weight / weight_total)


def band_for(total: Decimal, bands: tuple[Band, ...]) -> Band | None:
    """The highest band whose minimum the total reaches (`bands` highest first)."""
    return next((b for b in bands if total >= dec(b.min)), None)
