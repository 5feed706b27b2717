"""Domain questions, answered in one place for every output.

The site, the PDFs, the JSON export, `build.py score` and the rules all need the same
facts: which rounds a unit reports in and in what order, which scorecard is the latest,
the names and order of dimensions and categories, the rating bands in force, who carries
a KPI below, whether split targets cover a superior's. They ask here and only format the
answers, so two outputs can never disagree.

Two layers:
- functions of the site settings alone (`reporting_order`, `rounds_for_kind`,
  `bands_in_force`, `group_order`, `group_names`, `split_coverage`), which scoring and the
  rules use before any scorecard exists;
- `Queries`, one object per build over the content and (once scored) the scorebook, whose
  indexes are built once, lazily, so pages asking thousands of times stay linear.

**Reporting order.** Rounds are ordered by the months they cover from 1 October; rounds
covering equal months keep the order `site.yaml` lists them in. The latest scorecard of a
year is the last round in that order with something reported, so of two 12-month rounds
the later-listed one is the latest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, partial
from typing import TYPE_CHECKING

from builder.alignment import TargetAlignment, alignment
from builder.budget import BudgetTotal, Standing, standing, totals_by_goal, totals_by_perspective
from builder.budget import total as budget_total
from builder.cascade import CascadeChild, CascadeIndex, cascade_index, combined_levels, covers
from builder.model import (
    DEFAULT_UNIT_KINDS,
    Agreement,
    AgreementItem,
    Amendment,
    Band,
    Content,
    Correction,
    Criteria,
    Emblem,
    Kpi,
    Person,
    Result,
    Round,
    RoundClosure,
    RoundTerms,
    ScoringConfig,
    Site,
    Text,
    Unit,
    UnitKindDef,
)
from builder.model_year import Calendar, CalendarStep, PlanItem, PlanLevel, Plans
from builder.owed import RoundStatus, merged_contact, round_status
from builder.terms import ItemTerms, applying_by, due_rounds, round_terms
from builder.timeline import Deadline, round_deadline, steps_naming
from builder.unit_pieces import UnitPieces

if TYPE_CHECKING:
    from builder.scoring.scorecard import KpiScore, Scorebook, Scorecard


# -- rounds ----------------------------------------------------------------------------


def reporting_order(site: Site) -> tuple[Round, ...]:
    """Every round, by months covered; equal months keep the order of site.yaml."""
    return tuple(sorted(site.rounds, key=lambda r: r.months))  # sorted() is stable


def applies_to(round_: Round, kind: str) -> bool:
    """A round with no `for:` list applies to every kind of unit."""
    return not round_.applies_to or kind in round_.applies_to


def rounds_for_kind(site: Site, kind: str) -> tuple[Round, ...]:
    """The rounds a unit of `kind` reports in, in reporting order."""
    return tuple(r for r in reporting_order(site) if applies_to(r, kind))


# -- groups and bands ------------------------------------------------------------------


def group_order(site: Site) -> dict[str, int]:
    """Position of each dimension, then each category, as site.yaml lists them."""
    return {g: i for i, g in enumerate([d.id for d in site.dimensions] + [c.id for c in site.categories])}


def kind_label(site: Site, kind: str) -> Text | str:
    """What a message calls a kind of unit: the name site.yaml gives it, else its id (a
    built-in kind, which the catalogue's `term.unit-kind.*` names)."""
    return next((k.name for k in site.unit_kinds if k.id == kind and k.name), kind)


def group_names(site: Site) -> dict[str, Text]:
    """Names of the dimensions and categories by id."""
    return {d.id: d.name for d in site.dimensions} | {c.id: c.name for c in site.categories}


def bands_in_force(scoring: ScoringConfig) -> tuple[Band, ...]:
    """The site's rating bands (the scheme's defaults, named from the catalogue, when
    site.yaml names none: filled in by `builder.assemble.site`); highest first."""
    return tuple(sorted(scoring.bands, key=lambda b: b.min, reverse=True))


# -- split coverage --------------------------------------------------------------------

_HELP = "help"


@dataclass(frozen=True, slots=True)
class CoverageLevel:
    level: int = field(metadata={_HELP: "Criteria level (1–5, or tier 1–3)."})
    combined: float | None = field(metadata={_HELP: "The children's split targets combined (sum or weighted mean)."})
    parent: float = field(metadata={_HELP: "The superior's target at that level."})
    covered: bool = field(metadata={_HELP: "Whether the combined target is at least as demanding as the superior's."})


@dataclass(frozen=True, slots=True)
class Coverage:
    method: str = field(metadata={_HELP: "How split targets combine: `sum` or `weighted-mean`."})
    direction: str = field(metadata={_HELP: "`higher` or `lower` is better (decides ≥ or ≤)."})
    levels: tuple[CoverageLevel, ...] = field(metadata={_HELP: "One row per criteria level."})

    @property
    def short(self) -> tuple[CoverageLevel, ...]:
        """Levels the combined targets do not reach (a level a child leaves empty cannot
        be combined and is not counted short)."""
        return tuple(level for level in self.levels if not level.covered and level.combined is not None)


def split_links(carriers: Sequence[CascadeChild]) -> list[CascadeChild]:
    return [c for c in carriers if c.link.kind == "split"]


def split_coverage(
    kpi: Kpi | None,
    item: AgreementItem,
    carriers: Sequence[CascadeChild],
    parent_criteria: Criteria | None = None,
    child_criteria: Sequence[Criteria] | None = None,
) -> Coverage | None:
    """Level by level, whether the split children's targets, combined by their one
    method, reach this item's: the annual criteria, or those given (the criteria of one
    round, `child_criteria` one per split link). None where there is nothing to compare:
    no split below, a KPI that is not numeric, mixed methods, a weighted mean without every
    base, or criteria of different shapes (each of those is an error of `check` of its own)."""
    splits = split_links(carriers)
    if kpi is None or kpi.kind != "numeric" or not splits:
        return None
    methods = {c.link.combine for c in splits}
    if len(methods) != 1:
        return None
    method = methods.pop()
    if method == "weighted-mean" and any(c.link.base is None for c in splits):
        return None
    combined = combined_levels(splits, method, child_criteria)
    targets = (parent_criteria or item.criteria).numeric_values
    if not combined or len(combined) != len(targets):
        return None
    return Coverage(
        method=method,
        direction=kpi.direction,
        levels=tuple(
            CoverageLevel(
                level=n,
                combined=value,
                parent=target,
                covered=value is not None and covers(value, target, kpi.direction),
            )
            for n, (value, target) in enumerate(zip(combined, targets, strict=True), start=1)
            if target is not None  # a level the superior leaves empty asks nothing
        ),
    )


def round_criteria(item: AgreementItem, round_id: str) -> Criteria:
    """The criteria an item scores a round with: the round's own, else the annual ones."""
    terms = item.terms(round_id)
    return terms.criteria if terms is not None and terms.criteria is not None else item.criteria


# -- the build's questions -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BandCount:
    """How many KPIs due in a round scored within one rating band (`band` None: due and
    without a score, which counts 0)."""

    band: Band | None
    rank: int | None  # the band's position among the bands in force, 0 the best
    count: int


@dataclass(frozen=True, slots=True)
class GroupStanding:
    """A dimension's (or category's) score in a round: the weighted mean of its KPIs'
    scores on the scheme's scale, so groups of different weights compare."""

    group: str
    name: Text
    weight: Decimal  # Σ weights of its KPIs due
    score: Decimal | None  # None: no KPI of it due


@dataclass(frozen=True, slots=True)
class GroupMean:
    """A dimension's (or category's) score across units: the plain mean of its score in
    each unit's latest scorecard of the year that has KPIs of it due."""

    group: str
    name: Text
    score: Decimal
    units: int  # how many units' scores it is the mean of


@dataclass(frozen=True, slots=True)
class TotalPoint:
    """A unit's total of one round of one year."""

    year: int
    round: Round
    total: Decimal
    band: Band | None


@dataclass(frozen=True, slots=True)
class KpiPoint:
    """A KPI's value in one round of one year: the actual that counts, or the milestone
    level reached (None: due and not reported)."""

    year: int
    round: Round
    value: float | None


@dataclass
class Queries:
    """Questions over one content set and, once scored, its scorebook."""

    content: Content
    scores: Scorebook | None = None
    # parts of the answers kept from the last build, by unit (`kpibook serve`)
    pieces: UnitPieces | None = field(default=None, compare=False, repr=False)

    # -- site settings

    @property
    def site(self) -> Site:
        return self.content.site

    @property
    def current_year(self) -> int | None:
        return self.site.current_year

    @cached_property
    def rounds(self) -> tuple[Round, ...]:
        """Every round in reporting order."""
        return reporting_order(self.site)

    @cached_property
    def _round_by_id(self) -> dict[str, Round]:
        return {r.id: r for r in self.site.rounds}

    def round(self, round_id: str) -> Round | None:
        return self._round_by_id.get(round_id)

    def rounds_of(self, unit: Unit) -> tuple[Round, ...]:
        """The rounds the unit's kind reports in, in reporting order."""
        rounds = self._rounds_of_kind.get(unit.kind)
        if rounds is None:  # asked for every KPI of every unit: worked out once per kind
            rounds = self._rounds_of_kind[unit.kind] = tuple(r for r in self.rounds if applies_to(r, unit.kind))
        return rounds

    @cached_property
    def _rounds_of_kind(self) -> dict[str, tuple[Round, ...]]:
        return {}

    def rounds_before(self, unit: Unit, round_id: str) -> tuple[Round, ...]:
        """The rounds the unit reports in before `round_id`, in reporting order."""
        rounds = self.rounds_of(unit)
        ids = [r.id for r in rounds]
        return rounds[: ids.index(round_id)] if round_id in ids else ()

    def reporting_rounds(self, kpi: Kpi) -> tuple[Round, ...]:
        """The rounds the KPI template names for reporting, in reporting order."""
        named = set(kpi.reporting)
        return tuple(r for r in self.rounds if r.id in named)

    @cached_property
    def unit_kinds(self) -> tuple[UnitKindDef, ...]:
        """The kinds of unit in force: the site's, else the five built-in ones (unnamed:
        the theme names them)."""
        if self.site.unit_kinds:
            return self.site.unit_kinds
        return tuple(UnitKindDef(id=k, individual=k == "person") for k in DEFAULT_UNIT_KINDS)

    @cached_property
    def kind_names(self) -> dict[str, Text]:
        """The labels site.yaml gives the kinds of unit (none for the built-in kinds)."""
        return {k.id: k.name for k in self.unit_kinds if k.name}

    @cached_property
    def group_names(self) -> dict[str, Text]:
        return group_names(self.site)

    def group_name(self, group: str) -> Text:
        """A dimension's or category's name; an id the site does not name, as is."""
        return self.group_names.get(group) or Text(th=group, en=group)

    def groups_in_order(self, agreement: Agreement) -> tuple[str, ...]:
        """The groups an agreement uses: the site's dimensions, then its categories, in
        site order, then any others in agreement order."""
        order = group_order(self.site)
        used = list(dict.fromkeys(item.group for item in agreement.items))
        return tuple(sorted(used, key=lambda g: order.get(g, len(order))))

    def group_weight(self, agreement: Agreement, group: str) -> float | None:
        """A dimension's weight in this agreement: its own, else the site's (none for categories)."""
        if group in agreement.dimension_weights:
            return agreement.dimension_weights[group]
        return self._dimension_weights.get(group)

    @cached_property
    def _dimension_weights(self) -> dict[str, float | None]:
        return {d.id: d.weight for d in self.site.dimensions}

    @cached_property
    def bands(self) -> tuple[Band, ...]:
        """The rating bands in force, highest first."""
        return bands_in_force(self.site.scoring)

    def band_rank(self, band: Band | None) -> int | None:
        """Position of a band among the bands in force, 0 the best: pages colour a band
        by its rank, not by its label."""
        if band is None:
            return None
        for rank, candidate in enumerate(self.bands):
            if candidate.min == band.min and candidate.label == band.label:
                return rank
        return None

    # -- units and their KPIs

    @cached_property
    def _kpis_of(self) -> dict[str, tuple[Kpi, ...]]:
        index: dict[str, list[Kpi]] = {}
        for kpi in self.content.kpis.values():
            index.setdefault(kpi.unit, []).append(kpi)
        return {unit: tuple(kpis) for unit, kpis in index.items()}

    def kpis_of(self, unit_id: str) -> tuple[Kpi, ...]:
        """The unit's KPI templates, in the order of its kpis.yaml."""
        return self._kpis_of.get(unit_id, ())

    @cached_property
    def _years_of(self) -> dict[str, tuple[int, ...]]:
        years: dict[str, set[int]] = {}
        for unit_id, year in self.content.agreements:
            years.setdefault(unit_id, set()).add(year)
        return {uid: tuple(sorted(ys)) for uid, ys in years.items()}

    def years_of(self, unit_id: str) -> tuple[int, ...]:
        """The fiscal years the unit has an agreement for, oldest first."""
        return self._years_of.get(unit_id, ())

    def tree_order(self, top: str | None = None) -> Iterator[tuple[Unit, int]]:
        """Units depth first with their depth (0 at the top): the subtree of `top`, or
        every top unit by id; children in id order."""
        content = self.content
        tops = (content.units[top],) if top else tuple(sorted(content.roots(), key=lambda u: u.id))
        stack = [(unit, 0) for unit in reversed(tops)]
        seen: set[str] = set()
        while stack:
            unit, depth = stack.pop()
            if unit.id in seen:  # a cycle in the unit tree is an error of its own
                continue
            seen.add(unit.id)
            yield unit, depth
            stack.extend((child, depth + 1) for child in reversed(content.children(unit.id)))

    def ancestors(self, unit_id: str, limit: int | None = None) -> tuple[Unit, ...]:
        """The unit's superiors, the top first (the unit itself excluded); with `limit`,
        only that many levels up."""
        chain: list[Unit] = []
        units = self.content.units
        unit = units.get(unit_id)
        seen = {unit_id}
        while unit is not None and unit.parent in units and unit.parent not in seen:
            if limit is not None and len(chain) >= limit:
                break
            seen.add(unit.parent or "")
            unit = units[unit.parent or ""]
            chain.append(unit)
        return tuple(reversed(chain))

    # -- emblems

    @property
    def organisation_emblem(self) -> Emblem | None:
        """The organisation's emblem (site.yaml), as checked; None when it names none."""
        return self.content.emblems.get(self.site.emblem) if self.site.emblem else None

    def own_seal(self, unit_id: str) -> Emblem | None:
        """The unit's own seal (`emblem` in its unit.yaml), as checked; None when it names
        none (its documents then carry a superior's: `emblem_of`)."""
        unit = self.content.units.get(unit_id)
        return self.content.emblems.get(unit.emblem) if unit and unit.emblem else None

    def emblem_of(self, unit_id: str) -> Emblem | None:
        """The emblem a unit's documents carry: its own seal, else that of the nearest unit
        above it that has one (a province's districts print the province's seal), else
        the organisation's."""
        unit = self.content.units.get(unit_id)
        for holder in (unit, *reversed(self.ancestors(unit_id))) if unit else ():
            if holder is not None and holder.emblem and holder.emblem in self.content.emblems:
                return self.content.emblems[holder.emblem]
        return self.organisation_emblem

    def evidence_owners(self, unit_id: str) -> frozenset[str]:
        """Units whose evidence folder (`units/<unit>/evidence/`) the results of `unit_id`
        may cite: its own and those of the units above and below it in the tree; another
        person's only when individual results are published (docs/content-format.md)."""
        publish = self.site.publish_individual_results
        line = [*self.ancestors(unit_id), *(unit for unit, _ in self.tree_order(unit_id))]
        return frozenset({unit_id, *(unit.id for unit in line if publish or not unit.is_person)})

    @cached_property
    def _agreed(self) -> set[tuple[str, int, str]]:
        return {(uid, year, item.kpi) for (uid, year), a in self.content.agreements.items() for item in a.all_items()}

    def is_agreed(self, unit_id: str, year: int, kpi_id: str) -> bool:
        """Whether the KPI is in the unit's agreement that year."""
        return (unit_id, year, kpi_id) in self._agreed

    # -- the cascade

    @cached_property
    def cascade(self) -> CascadeIndex:
        return cascade_index(self.content)

    def carriers(self, unit_id: str, year: int, kpi_id: str) -> tuple[CascadeChild, ...]:
        """The items of the units directly below that derive from this KPI."""
        return self.cascade.get((unit_id, year, kpi_id), ())

    @cached_property
    def _below_agreed(self) -> set[tuple[str, int]]:
        units = self.content.units
        return {
            (parent, year)
            for unit_id, year in self.content.agreements
            if (parent := getattr(units.get(unit_id), "parent", None))
        }

    def children_have_agreements(self, unit_id: str, year: int) -> bool:
        return (unit_id, year) in self._below_agreed

    def is_gap(self, unit_id: str, year: int, kpi_id: str) -> bool:
        """A KPI nobody below carries although units below have agreements that year,
        unless its item says why it is held at this level (`held:`)."""
        if self.carriers(unit_id, year, kpi_id) or not self.children_have_agreements(unit_id, year):
            return False
        return not self.held(unit_id, year, kpi_id)

    def held(self, unit_id: str, year: int, kpi_id: str) -> Text:
        """Why the KPI is held at this level and not cascaded (empty if it is not)."""
        agreement = self.content.agreements.get((unit_id, year))
        item = agreement.any_item(kpi_id) if agreement else None
        return item.held if item else Text()

    def coverage(self, unit_id: str, year: int, item: AgreementItem, round_id: str | None = None) -> Coverage | None:
        """Whether the split targets below cover this item's (see `split_coverage`): the
        annual ones, or those of one round, each unit below taking its own round that
        covers the same months (its round's criteria where given, else its annual ones)."""
        kpi = self.content.kpi(unit_id, item.kpi)
        carriers = self.carriers(unit_id, year, item.kpi)
        if round_id is None:
            return split_coverage(kpi, item, carriers)
        terms = item.terms(round_id)
        parent = terms.criteria if terms is not None and terms.criteria is not None else item.criteria
        round_ = self.round(round_id)
        months = round_.months if round_ is not None else None
        children = [self._criteria_covering(c, months) for c in split_links(carriers)]
        return split_coverage(kpi, item, carriers, parent, children)

    def _criteria_covering(self, child: CascadeChild, months: int | None) -> Criteria:
        unit = self.content.units.get(child.unit)
        covering = self.round_covering(unit, months) if unit is not None and months is not None else None
        return round_criteria(child.item, covering.id) if covering else child.item.criteria

    def round_covering(self, unit: Unit, months: int) -> Round | None:
        """The unit's round covering `months` from 1 October (the first in reporting order)."""
        return next((r for r in self.rounds_of(unit) if r.months == months), None)

    # -- the terms of each round

    @cached_property
    def round_positions(self) -> dict[str, int]:
        """Each round's position in reporting order."""
        return {r.id: i for i, r in enumerate(self.rounds)}

    def terms(self, agreement: Agreement, round_id: str) -> tuple[ItemTerms, ...]:
        """Every KPI of the agreement in one round: in force after the amendments applying
        by then (or cancelled), due or not, with the round's criteria and weight."""
        key = (agreement.unit, agreement.year, round_id)
        found = self._terms.get(key)
        if found is None:
            unit = self.content.units.get(agreement.unit)
            unit_rounds = [r.id for r in self.rounds_of(unit)] if unit else []
            kpi_of = partial(self.content.kpi, agreement.unit)
            found = self._terms[key] = round_terms(agreement, round_id, self.round_positions, unit_rounds, kpi_of)
        return found

    @cached_property
    def _terms(self) -> dict[tuple[str, int, str], tuple[ItemTerms, ...]]:
        return {}

    def item_terms(self, agreement: Agreement, round_id: str, kpi_id: str) -> ItemTerms | None:
        key = (agreement.unit, agreement.year, round_id)
        by_kpi = self._terms_by_kpi.get(key)
        if by_kpi is None:
            by_kpi = self._terms_by_kpi[key] = {}
            for found in self.terms(agreement, round_id):
                by_kpi.setdefault(found.item.kpi, found)  # a KPI listed twice: the first (agreement.duplicate-kpi)
        return by_kpi.get(kpi_id)

    @cached_property
    def _terms_by_kpi(self) -> dict[tuple[str, int, str], dict[str, ItemTerms]]:
        return {}

    def due_rounds(self, unit: Unit, item: AgreementItem) -> tuple[Round, ...]:
        """The rounds of the unit in which the item's KPI is due (before amendments)."""
        due = set(due_rounds(self.content.kpi(unit.id, item.kpi), item, [r.id for r in self.rounds_of(unit)]))
        return tuple(r for r in self.rounds_of(unit) if r.id in due)

    def due_every_round(self, unit: Unit, item: AgreementItem) -> bool:
        """True when the item's KPI is due in every round the unit reports in."""
        return len(self.due_rounds(unit, item)) == len(self.rounds_of(unit))

    def item_rounds(self, item: AgreementItem) -> tuple[tuple[Round, RoundTerms], ...]:
        """The terms the item gives for particular rounds, in reporting order (rounds
        not in site.yaml left out: rule ref.unknown)."""
        found = ((self.round(t.round), t) for t in item.rounds)
        known = [(r, t) for r, t in found if r is not None]
        return tuple(sorted(known, key=lambda rt: self.round_positions[rt[0].id]))

    def amendments_in_order(self, agreement: Agreement) -> tuple[Amendment, ...]:
        """The agreement's amendments in the order they apply: by round, then as listed."""
        return tuple(applying_by(agreement, len(self.rounds), self.round_positions))

    # -- results and scorecards

    @cached_property
    def _results(self) -> dict[tuple[str, int, str, str], Result]:
        return {(rs.unit, rs.year, rs.round, r.kpi): r for rs in self.content.results.values() for r in rs.results}

    def result(self, unit_id: str, year: int, round_id: str, kpi_id: str) -> Result | None:
        return self._results.get((unit_id, year, round_id, kpi_id))

    def counted_value(self, unit_id: str, year: int, round_id: str, kpi_id: str) -> float | None:
        """What a unit reported for a KPI in a round as it counts: the verified actual
        (or milestone level) where the committee gave one, else the unit's own."""
        result = self.result(unit_id, year, round_id, kpi_id)
        if result is None:
            return None
        verified = result.verified
        for value in (
            verified.actual if verified else None,
            verified.level if verified else None,
            result.actual,
            result.level,
        ):
            if value is not None:
                return value
        return None

    def value_before(self, unit: Unit, year: int, round_id: str, kpi_id: str) -> float | None:
        """The value that counted in the latest earlier round of the year with one (a KPI
        reported at 6 and 12 months shows its 6-month value beside the 12-month round)."""
        for before in reversed(self.rounds_before(unit, round_id)):
            value = self.counted_value(unit.id, year, before.id, kpi_id)
            if value is not None:
                return value
        return None

    def due_items(self, agreement: Agreement, round_id: str) -> tuple[tuple[AgreementItem, Criteria], ...]:
        """The agreement's KPIs due in a round (after the amendments applying by then),
        with the criteria the round is scored with (its own where the item gives them), in
        agreement order (`terms`)."""
        return tuple((t.item, t.criteria) for t in self.terms(agreement, round_id) if t.due)

    @property
    def scorebook(self) -> Scorebook:
        if self.scores is None:
            raise RuntimeError("these questions need the scorebook: Queries(content, scores)")
        return self.scores

    def all_cards(self, unit: Unit, year: int) -> tuple[tuple[Round, Scorecard], ...]:
        """Every scorecard of the unit that year, reported or not, in reporting order."""
        found = ((r, self.scorebook.card(unit.id, year, r.id)) for r in self.rounds_of(unit))
        return tuple((r, card) for r, card in found if card is not None)

    def cards(self, unit: Unit, year: int) -> tuple[tuple[Round, Scorecard], ...]:
        """The unit's scorecards that year with something reported, in reporting order."""
        return tuple((r, card) for r, card in self.all_cards(unit, year) if card.reported_count)

    def rounds_reported(self, year: int) -> tuple[Round, ...]:
        """The rounds of the year in which some unit has a scorecard with something
        reported, in reporting order."""
        reported = {card.round for card in self.scorebook.cards.values() if card.year == year and card.reported_count}
        return tuple(r for r in self.rounds if r.id in reported)

    def latest_card(self, unit: Unit, year: int) -> tuple[Round, Scorecard] | None:
        """The year to date: each round reports cumulative values since 1 October, so the
        year so far is the last round in reporting order with something reported."""
        cards = self.cards(unit, year)
        return cards[-1] if cards else None

    def year_end_values(self, unit: Unit, year: int) -> dict[str, float]:
        """Each KPI's value in the last round of `year` that reported it: the actual that
        counts, or the milestone level reached (what next year's baseline starts from)."""
        values: dict[str, float] = {}
        for _round, card in self.cards(unit, year):
            for row in card.rows:
                value = row.actual if row.actual is not None else row.level
                if row.reported and value is not None:
                    values[row.kpi] = value
        return values

    def is_latest(self, card: Scorecard) -> bool:
        unit = self.content.units.get(card.unit)
        latest = self.latest_card(unit, card.year) if unit else None
        return latest is not None and latest[1] is card

    # -- closed rounds

    def closure(self, year: int, round_id: str) -> RoundClosure | None:
        """The record of a round's certification, if it is closed."""
        return self.content.closures.get((year, round_id))

    def corrections(self, unit_id: str, year: int, round_id: str, kpi_id: str) -> tuple[Correction, ...]:
        """Corrections recorded after the round was closed that touch this KPI of the unit:
        those naming it, and those of a whole file of the unit (naming no KPI)."""
        closure = self.closure(year, round_id)
        if closure is None:
            return ()
        return tuple(c for c in closure.corrections if c.unit == unit_id and c.kpi in (kpi_id, None))

    # -- how a unit stands (the dashboards of the site)

    def band_of(self, score: Decimal | None) -> Band | None:
        """The band in force a score falls in (bands are on the scheme's scale, the scale of
        a KPI's score as of a total)."""
        if score is None:
            return None
        return next((band for band in self.bands if score >= Decimal(str(band.min))), None)

    def kpi_band_counts(self, card: Scorecard) -> tuple[BandCount, ...]:
        """KPIs due in the round counted by the band their own score falls in, best band
        first, then those without a score; bands no KPI falls in count 0."""
        found: dict[int | None, int] = {}
        for row in card.rows:
            if row.due:
                rank = self.band_rank(self.band_of(row.score)) if row.score is not None else None
                found[rank] = found.get(rank, 0) + 1
        counts = [BandCount(band, rank, found.get(rank, 0)) for rank, band in enumerate(self.bands)]
        if found.get(None):
            counts.append(BandCount(None, None, found[None]))
        return tuple(counts)

    def group_standings(self, card: Scorecard) -> tuple[GroupStanding, ...]:
        """Each group's score in the round, in the site's order of groups."""
        standings = []
        for group in card.groups:
            score = None
            if group.weight and card.weight_total:
                score = (group.weighted * card.weight_total / group.weight).quantize(Decimal("0.0001"))
            standings.append(GroupStanding(group.group, self.group_name(group.group), group.weight, score))
        return tuple(standings)

    def latest_cards(self, year: int) -> tuple[tuple[Unit, Round, Scorecard], ...]:
        """Each unit's latest scorecard of the year (`latest_card`), in tree order."""
        found = []
        for unit, _depth in self.tree_order():
            latest = self.latest_card(unit, year)
            if latest is not None:
                found.append((unit, *latest))
        return tuple(found)

    def unit_band_counts(self, year: int) -> tuple[BandCount, ...]:
        """Units counted by the band of their latest total of the year, best band first;
        bands no unit falls in count 0 (`BandCount.band` None: a card with nothing reported)."""
        found: dict[int | None, int] = {}
        for _unit, _round, card in self.latest_cards(year):
            rank = self.band_rank(card.band)
            found[rank] = found.get(rank, 0) + 1
        counts = [BandCount(band, rank, found.get(rank, 0)) for rank, band in enumerate(self.bands)]
        if found.get(None):
            counts.append(BandCount(None, None, found[None]))
        return tuple(counts)

    def group_means(self, year: int) -> tuple[GroupMean, ...]:
        """Each dimension and category, in the site's order, with the mean of its score in
        the units' latest scorecards of the year (units without KPIs of it left out)."""
        scores: dict[str, list[Decimal]] = {}
        for _unit, _round, card in self.latest_cards(year):
            for group in self.group_standings(card):
                if group.score is not None:
                    scores.setdefault(group.group, []).append(group.score)
        order = group_order(self.site)
        return tuple(
            GroupMean(
                group,
                self.group_name(group),
                (sum(found, Decimal(0)) / len(found)).quantize(Decimal("0.0001")),
                len(found),
            )
            for group, found in sorted(scores.items(), key=lambda item: order.get(item[0], len(order)))
        )

    @property
    def target_score(self) -> Decimal:
        """The score a KPI gets for meeting its target: level 3, or the standard tier."""
        scoring = self.site.scoring
        if scoring.scheme == "three-tier":
            return Decimal(str(scoring.tier_scores.get("standard", 0)))
        return Decimal(3)

    def below_target(self, card: Scorecard) -> tuple[KpiScore, ...]:
        """KPIs due in the round that scored under their target (or were not reported:
        they count 0), the lowest first."""
        target = self.target_score
        below = [row for row in card.rows if row.due and (row.score is None or row.score < target)]
        return tuple(sorted(below, key=lambda row: row.score if row.score is not None else Decimal(-1)))

    def total_trend(self, unit: Unit, year: int) -> tuple[TotalPoint, ...]:
        """The unit's total in every round with results of the year before and of `year`,
        in time order."""
        return tuple(
            TotalPoint(y, round_, card.total, card.band)
            for y in (year - 1, year)
            for round_, card in self.cards(unit, y)
        )

    def kpi_trend(self, unit: Unit, kpi: Kpi) -> tuple[KpiPoint, ...]:
        """The KPI's value in every round it was due in, over every year the unit has an
        agreement, in time order (a round with nothing reported by the unit is left out)."""
        points = []
        for year in sorted(self.years_of(unit.id)):
            for round_, card in self.cards(unit, year):
                row = card.row(kpi.id)
                if row is None or not row.due:
                    continue
                value = float(row.level) if kpi.kind == "milestone" and row.level is not None else row.actual
                points.append(KpiPoint(year, round_, value if row.reported else None))
        return tuple(points)

    def previous_year(self, card: Scorecard) -> Scorecard | None:
        """The same unit's scorecard of the same round one year earlier."""
        return self.scorebook.card(card.unit, card.year - 1, card.round)

    # -- the year's work and the plans above (builder.timeline, .budget, .alignment)

    def calendar(self, year: int | None) -> Calendar | None:
        """The process calendar of a fiscal year, if the content has one."""
        return self.content.calendars.get(year) if year is not None else None

    def deadline(self, year: int, round_: Round) -> Deadline:
        """When the round's results are due that year (see `builder.timeline`)."""
        return round_deadline(self.calendar(year), year, round_)

    def steps_naming(self, unit: Unit, year: int | None) -> tuple[CalendarStep, ...]:
        """The year's calendar steps the unit is responsible for or takes part in."""
        return steps_naming(self.calendar(year), unit)

    def rounds_in_use(self, year: int) -> tuple[Round, ...]:
        """The rounds some unit with an agreement that year reports in, in reporting order."""
        return self._rounds_in_use.get(year, ())

    @cached_property
    def _rounds_in_use(self) -> dict[int, tuple[Round, ...]]:
        units = self.content.units
        kinds: dict[int, set[str]] = {}
        for unit_id, year in self.content.agreements:
            if unit_id in units:
                kinds.setdefault(year, set()).add(units[unit_id].kind)
        return {y: tuple(r for r in self.rounds if any(applies_to(r, k) for k in ks)) for y, ks in kinds.items()}

    def next_round(self, year: int, today: dt.date) -> Round | None:
        """The round whose results are due next (the first not yet past its deadline), else
        the last round of the year."""
        key = (year, today)
        if key not in self._next_round:
            rounds = self.rounds_in_use(year)
            upcoming = [r for r in rounds if self.deadline(year, r).day >= today]
            found = min(upcoming, key=lambda r: self.deadline(year, r).day) if upcoming else None
            self._next_round[key] = found or (rounds[-1] if rounds else None)
        return self._next_round[key]

    @cached_property
    def _next_round(self) -> dict[tuple[int, dt.date], Round | None]:
        return {}

    @cached_property
    def _goal_of_kpi(self) -> dict[str, dict[str, str]]:
        goals: dict[str, dict[str, str]] = {}
        for kpi in self.content.kpis.values():
            if kpi.goal:
                goals.setdefault(kpi.unit, {})[kpi.id] = kpi.goal
        return goals

    def initiatives(self, unit_id: str, year: int | None) -> tuple[Standing, ...]:
        """The unit's initiatives that year, each as of its latest round report."""
        if year is None:
            return ()
        key = (unit_id, year)
        if key not in self._standings:
            goal_of_kpi = self._goal_of_kpi.get(unit_id, {})
            found = self.content.initiatives.get(key, ())
            self._standings[key] = tuple(standing(i, self.round_positions, goal_of_kpi) for i in found)
        return self._standings[key]

    @cached_property
    def _standings(self) -> dict[tuple[str, int], tuple[Standing, ...]]:
        return {}

    def initiatives_for_goal(self, unit_id: str, year: int | None, goal_id: str) -> tuple[Standing, ...]:
        """The initiatives serving a goal: naming it, or one of the KPIs measuring it."""
        return tuple(s for s in self.initiatives(unit_id, year) if goal_id in s.goals)

    def initiatives_for_kpi(self, unit_id: str, year: int | None, kpi_id: str) -> tuple[Standing, ...]:
        return tuple(s for s in self.initiatives(unit_id, year) if kpi_id in s.initiative.kpis)

    def budget_total(self, unit_id: str, year: int | None) -> BudgetTotal:
        return budget_total(self.initiatives(unit_id, year))

    def budget_by_goal(self, unit_id: str, year: int | None) -> dict[str, BudgetTotal]:
        """Budget totals per goal of the unit (an initiative counts in every goal it serves)."""
        return totals_by_goal(self.initiatives(unit_id, year))

    def budget_by_perspective(self, unit: Unit, year: int | None) -> dict[str, BudgetTotal]:
        """Budget totals per perspective of the unit's goals (the dimensions, where the
        site's perspectives are the four dimensions)."""
        perspective_of = {g.id: g.perspective for g in unit.strategy.goals}
        return totals_by_perspective(self.initiatives(unit.id, year), perspective_of)

    @property
    def plans(self) -> Plans:
        return self.content.plans or Plans()

    def targets(self, ids: Sequence[str]) -> tuple[tuple[PlanItem, PlanLevel | None], ...]:
        """The external targets a goal, KPI or initiative names (`plans:`), in the order
        named, each with its level; an unknown id (which `check` reports) is left out."""
        levels = {level.id: level for level in self.plans.levels}
        found = (self.plans.item(i) for i in dict.fromkeys(ids))
        return tuple((item, levels.get(item.level)) for item in found if item is not None)

    def alignment(self, year: int) -> tuple[TargetAlignment, ...]:
        """Every external target with the goals, KPIs (agreed that year) and initiatives
        (of that year) serving it."""
        agreed: dict[str, set[str]] = {}
        for unit_id, agreed_year, kpi_id in self._agreed:
            if agreed_year == year:
                agreed.setdefault(unit_id, set()).add(kpi_id)
        return alignment(self.content, year, agreed)

    def due_kpis(self, agreement: Agreement, round_id: str) -> tuple[str, ...]:
        """The KPIs of the agreement due in the round, in agreement order (added ones after
        the signed): in force after the amendments applying by then, and due by their
        reporting rounds or the item's terms of that round (`terms`)."""
        return tuple(t.item.kpi for t in self.terms(agreement, round_id) if t.due)

    @cached_property
    def collector_contacts(self) -> dict[tuple[str, str], Person]:
        """Each data collector named in the KPI templates (by name), with every contact
        any of the templates gives."""
        named: dict[tuple[str, str], list[Person]] = {}
        for kpi in self.content.kpis.values():
            person = kpi.people.collector
            if person is not None and person.name:
                named.setdefault((person.name.th, person.name.en), []).append(person)
        return {key: merged_contact(people) for key, people in named.items()}

    def round_status(
        self, year: int, round_: Round, today: dt.date, include_people: bool, top: str | None = None
    ) -> RoundStatus:
        """Who still owes what in the round (see `builder.owed`); asked by the calendar,
        owed and export pages of every language, so answered once."""
        key = (year, round_.id, today, include_people, top)
        if key not in self._round_status:
            parts = self.pieces.of("owed", self.collector_contacts) if self.pieces is not None else None
            self._round_status[key] = round_status(self, year, round_, today, include_people, top, parts)
        return self._round_status[key]

    @cached_property
    def _round_status(self) -> dict[tuple[int, str, dt.date, bool, str | None], RoundStatus]:
        return {}
