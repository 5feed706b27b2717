"""The parts pages are made of: small, documented records that templates read.

Each field's `help` metadata is the documentation `docs/themes.md` repeats for theme
authors (and `tests/test_site_context.py` fails when a field is missing there). They hold
model objects and facts derived once by `builder.site.pages*`; templates only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

from builder.model import (
    AgreementItem,
    Amendment,
    CascadeLink,
    Correction,
    Evidence,
    Goal,
    Kpi,
    Result,
    Round,
    RoundClosure,
    RoundTerms,
    Text,
    Unit,
)
from builder.queries import BandCount, Coverage, GroupMean, GroupStanding, TotalPoint
from builder.scoring.scorecard import GroupTotal, KpiScore, Scorecard
from builder.templating import about

if TYPE_CHECKING:
    from builder.budget import BudgetTotal
    from builder.site.views_year import InitiativeView, TargetLink

# -- navigation ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LanguageLink:
    lang: str = field(metadata=about("Language code: `th` or `en`."))
    href: str = field(metadata=about("The same page in that language."))
    current: bool = field(metadata=about("True for the language of this page."))


@dataclass(frozen=True, slots=True)
class YearLink:
    year: int = field(metadata=about("Fiscal year, Buddhist Era (2568); show it with the `fy` filter."))
    href: str = field(metadata=about("This page (or the nearest page) for that year."))
    current: bool = field(metadata=about("True for the year this page shows."))


@dataclass(frozen=True, slots=True)
class NavEntry:
    unit: Unit = field(metadata=about("A unit in the navigation tree."))
    href: str = field(metadata=about("Its unit page."))
    current: bool = field(metadata=about("True for the unit this page is about."))
    children: tuple[NavEntry, ...] = field(default=(), metadata=about("Entries below it that are shown."))
    more: int = field(default=0, metadata=about("How many of its children are not listed (see the unit page)."))


@dataclass(frozen=True, slots=True)
class UnitNav:
    """The left navigation: only the current unit's ancestors, its siblings and its
    children, so a page stays small however many units the organisation has."""

    entries: tuple[NavEntry, ...] = field(metadata=about("Top-level entries; each may hold `children`."))


# -- agreements and cascade ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KpiRef:
    unit: Unit = field(metadata=about("The unit that owns the KPI."))
    kpi_id: str = field(metadata=about("The KPI id within that unit."))
    kpi: Kpi | None = field(metadata=about("The KPI template, when it exists."))
    href: str = field(metadata=about("The KPI page."))
    link: CascadeLink | None = field(
        metadata=about("How this KPI derives from the one above (`kind`: direct, split, contributing).")
    )


@dataclass(frozen=True, slots=True)
class RoundTermsView:
    round: Round = field(metadata=about("The round."))
    terms: RoundTerms = field(
        metadata=about("What the item sets for it: `criteria`, `weight`, `importance`, `target`.")
    )


@dataclass(frozen=True, slots=True)
class AmendmentView:
    amendment: Amendment = field(
        metadata=about(
            "The amendment: `action` (cancel, add, change), `kpi`, `date`, `approved_by`, `reason`, "
            "`item` (added) or `change` (what changes)."
        )
    )
    round: Round | None = field(metadata=about("The first round it applies to."))
    kpi: Kpi | None = field(metadata=about("The template of the KPI it cancels, adds or changes."))
    href: str = field(metadata=about("That KPI's page."))
    number: int = field(default=0, metadata=about("Its place in the agreement's history, from 1 (for anchors)."))


@dataclass(frozen=True, slots=True)
class ItemView:
    item: AgreementItem = field(
        metadata=about("The agreement item: weight, criteria, target, baseline, responsible, cascade.")
    )
    kpi: Kpi | None = field(metadata=about("The KPI template of the item."))
    href: str = field(metadata=about("The KPI page."))
    parents: tuple[KpiRef, ...] = field(metadata=about("The superior's KPIs this item derives from (one per link)."))
    carriers: tuple[KpiRef, ...] = field(metadata=about("KPIs of units directly below that derive from this one."))
    gap: bool = field(metadata=about("True when units below have agreements that year but none carries this KPI."))
    due: tuple[Round, ...] = field(
        default=(), metadata=about("The rounds the KPI is due in, in reporting order (as signed).")
    )
    every_round: bool = field(default=True, metadata=about("True when it is due in every round of the unit."))
    rounds: tuple[RoundTermsView, ...] = field(
        default=(), metadata=about("Criteria, weight or target the item sets for particular rounds.")
    )
    amendments: tuple[AmendmentView, ...] = field(
        default=(), metadata=about("The amendments that cancel or change this item, in the order they apply.")
    )


@dataclass(frozen=True, slots=True)
class GroupView:
    id: str = field(metadata=about("Dimension or category id."))
    name: Text = field(metadata=about("Its name."))
    weight: float | None = field(metadata=about("The dimension's weight in this agreement (none for categories)."))
    items: tuple[ItemView, ...] = field(metadata=about("The agreement items of the group, in agreement order."))


@dataclass(frozen=True, slots=True)
class CascadeNode:
    ref: KpiRef = field(metadata=about("The unit and KPI at this point of the cascade."))
    item: AgreementItem | None = field(metadata=about("Its agreement item that year (criteria, weight)."))
    children: tuple[CascadeNode, ...] = field(
        metadata=about("Items below that derive from it (shown to a limited depth).")
    )
    coverage: Coverage | None = field(
        metadata=about("For split links below: whether the combined targets cover this one.")
    )
    hidden: int = field(
        default=0, metadata=about("How many units below carry it but are not shown here (follow `ref.href`).")
    )
    gap: bool = field(default=False, metadata=about("Units below have agreements but none carries it."))
    held: Text = field(
        default=Text(), metadata=about("Why it is held at its own level and not cascaded (empty when it is not).")
    )


# -- results and scores --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoreRowView:
    score: KpiScore = field(
        metadata=about("The scored row: actual, level, self/verified/counting score, weighted score.")
    )
    kpi: Kpi | None = field(metadata=about("The KPI template."))
    href: str = field(metadata=about("The KPI page."))
    cancelled_by: AmendmentView | None = field(
        default=None, metadata=about("For a KPI cancelled by this round: the amendment that cancelled it.")
    )


@dataclass(frozen=True, slots=True)
class GroupTotalView:
    total: GroupTotal = field(metadata=about("Weight and weighted score of one dimension or category."))
    name: Text = field(metadata=about("Name of the dimension or category."))


@dataclass(frozen=True, slots=True)
class ScorecardView:
    round: Round = field(metadata=about("The reporting round."))
    card: Scorecard = field(metadata=about("The scorecard: rows, group totals, total, total on 100, band."))
    rows: tuple[ScoreRowView, ...] = field(
        metadata=about("The rows with their KPI templates (empty where a page shows totals only).")
    )
    groups: tuple[GroupTotalView, ...] = field(metadata=about("Totals per dimension or category."))
    band_rank: int | None = field(
        metadata=about("Position of the card's band among the site's bands, 0 the best (for colour).")
    )
    closure: RoundClosure | None = field(
        default=None, metadata=about("The round's certification (date, by whom, revision) when it is closed.")
    )


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    evidence: Evidence = field(metadata=about("The evidence entry (path, title)."))
    href: str = field(metadata=about("The copied file in the output (`evidence/<path>`)."))


@dataclass(frozen=True, slots=True)
class RoundResult:
    round: Round = field(metadata=about("The reporting round."))
    reported_on: str | None = field(metadata=about("Date of the report (ISO; show with the `date` filter)."))
    result: Result | None = field(metadata=about("The reported result: actual or level, narrative, verification."))
    score: KpiScore | None = field(metadata=about("The scored row for this KPI in the round's scorecard."))
    band_rank: int | None = field(metadata=about("Band position of the unit's card that round."))
    evidence: tuple[EvidenceLink, ...] = field(metadata=about("Evidence files, linked."))
    cancelled_by: AmendmentView | None = field(
        default=None, metadata=about("When the KPI is cancelled by that round: the amendment that cancelled it.")
    )
    closure: RoundClosure | None = field(
        default=None, metadata=about("The round's certification (date, by whom, revision) when it is closed.")
    )
    corrections: tuple[Correction, ...] = field(
        default=(), metadata=about("Corrections of this KPI's data recorded after the round was closed, with reasons.")
    )


@dataclass(frozen=True, slots=True)
class GoalView:
    goal: Goal = field(metadata=about("A goal of the unit's strategy."))
    perspective: Text = field(metadata=about("Name of the goal's perspective."))
    kpis: tuple[KpiRef, ...] = field(metadata=about("The unit's KPIs that measure the goal."))
    initiatives: tuple[InitiativeView, ...] = field(
        default=(), metadata=about("The unit's initiatives that year serving the goal (named, or through its KPIs).")
    )
    budget: BudgetTotal | None = field(
        default=None, metadata=about("Budget total of those initiatives (none without initiatives).")
    )
    targets: tuple[TargetLink, ...] = field(
        default=(), metadata=about("The external targets it serves (`plans:`), linked to the alignment page.")
    )


@dataclass(frozen=True, slots=True)
class ChildView:
    unit: Unit = field(metadata=about("A unit directly below."))
    href: str = field(metadata=about("Its unit page for the year shown."))
    has_agreement: bool = field(metadata=about("Whether it has an agreement that year."))
    latest: ScorecardView | None = field(metadata=about("Its latest scorecard that year, if any (totals, no rows)."))


# -- organisation-wide pages ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExplorerKpi:
    item: AgreementItem = field(metadata=about("The agreement item (its `cascade` says where it comes from)."))
    kpi: Kpi | None = field(metadata=about("The KPI template."))
    href: str = field(metadata=about("The KPI page, at that year."))
    carried_by: int = field(metadata=about("How many units directly below carry it."))
    gap: bool = field(metadata=about("True when units below have agreements that year but none carries it."))


@dataclass(frozen=True, slots=True)
class ExplorerNode:
    unit: Unit = field(metadata=about("A unit of the organisation."))
    href: str = field(metadata=about("Its unit page for the year shown."))
    kpis: tuple[ExplorerKpi, ...] = field(metadata=about("The KPIs of its agreement that year."))
    children: tuple[ExplorerNode, ...] = field(metadata=about("The units directly below."))
    gaps: int = field(metadata=about("How many of its KPIs are cascade gaps."))
    depth: int = field(metadata=about("0 for a top unit; the explorer opens the first levels."))


@dataclass(frozen=True, slots=True)
class ScoreTableRow:
    unit: Unit = field(metadata=about("The unit."))
    href: str = field(metadata=about("Its unit page for the year shown."))
    depth: int = field(metadata=about("Depth in the unit tree (0 at the top), for indentation."))
    card: ScorecardView = field(metadata=about("Its scorecard for one round (totals, no rows)."))


@dataclass(frozen=True, slots=True)
class Download:
    round: Round = field(metadata=about("The round whose scorecards the file holds."))
    href: str = field(metadata=about("The CSV file of that year and round (`data/scorecards-<year>-<round>.csv`)."))


@dataclass(frozen=True, slots=True)
class ConcernView:
    score: KpiScore = field(metadata=about("The KPI's row of the scorecard (score, actual or level, weight)."))
    kpi: Kpi | None = field(metadata=about("Its KPI template."))
    href: str = field(metadata=about("Link to the KPI's page."))


@dataclass(frozen=True, slots=True)
class DashboardView:
    """How a unit stands at a glance: its latest round of the year (`dashboard` macro)."""

    unit: Unit = field(metadata=about("The unit."))
    href: str = field(metadata=about("Link to the unit's page of that year."))
    round: Round = field(metadata=about("The latest round of the year with results."))
    card: Scorecard = field(metadata=about("Its scorecard: total, total on 100, band."))
    band_rank: int | None = field(metadata=about("Position of the card's band among the site's bands, 0 the best."))
    previous: Scorecard | None = field(metadata=about("The same round's scorecard of the year before, if any."))
    groups: tuple[GroupStanding, ...] = field(
        metadata=about("Each dimension's (or category's) score on the scheme's scale, in the site's order.")
    )
    groups_chart: Markup = field(metadata=about("The groups' scores as bars (inline SVG)."))
    band_counts: tuple[BandCount, ...] = field(
        metadata=about("KPIs due that round counted by the band their score falls in, best first; unscored last.")
    )
    bands_chart: Markup = field(metadata=about("The same counts as one bar split by band (inline SVG)."))
    below_target: tuple[ConcernView, ...] = field(
        metadata=about("KPIs due that round scoring under their target (or not reported), the lowest first.")
    )
    trend: tuple[TotalPoint, ...] = field(
        metadata=about("The total of every round with results, the year before and this year, in time order.")
    )
    trend_chart: Markup = field(metadata=about("The trend as a line (inline SVG; empty with fewer than two points)."))
    children_chart: Markup = field(
        metadata=about("The latest totals of the units directly below as bars (inline SVG; empty without results).")
    )


@dataclass(frozen=True, slots=True)
class ScorecardsGlance:
    """How the units stand together in a year, above the scorecards table (`scorecards.html`)."""

    units: int = field(metadata=about("How many units have a scorecard that year (each counted by its latest round)."))
    band_counts: tuple[BandCount, ...] = field(
        metadata=about("Units counted by the band of their latest total, best first; bands with none count 0.")
    )
    bands_chart: Markup = field(metadata=about("The same counts as one bar split by band (inline SVG)."))
    groups: tuple[GroupMean, ...] = field(
        metadata=about("Each dimension and category: the mean of its score in the units' latest scorecards.")
    )
    groups_chart: Markup = field(metadata=about("Those means as bars on the scheme's scale (inline SVG)."))
