"""One typed context object per page template.

Every page context holds the page's `frame` (a `PageContext`: header, navigation, links,
the same on every page) and the fields of its own page. A template receives the fields of
both as variables (`{{ title }}`, `{{ unit.name|t }}`), plus the environment's globals
(`lang`, `_`) and filters (`t`, `md`, `date`, `fy`, `num`, `score`). Every field carries
help text; `docs/themes.md` documents them for theme authors and
`tests/test_site_context.py` keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from markupsafe import Markup

from builder.model import Agreement, AgreementItem, Category, Dimension, Kpi, Round, Site, Text, Unit
from builder.model_year import Calendar, PlanLevel
from builder.owed import RoundStatus
from builder.site.links import Links
from builder.site.views import (
    AmendmentView,
    CascadeNode,
    ChildView,
    DashboardView,
    Download,
    ExplorerNode,
    GoalView,
    GroupView,
    KpiRef,
    LanguageLink,
    RoundResult,
    RoundTermsView,
    ScorecardsGlance,
    ScorecardView,
    ScoreTableRow,
    UnitNav,
    YearLink,
)
from builder.site.views_year import (
    Budget,
    DeadlineView,
    FeedLink,
    InitiativeView,
    MonthView,
    OwedGroup,
    RoundLink,
    StepView,
    TargetLink,
    TargetView,
)
from builder.stamp import Stamp
from builder.templating import about


@dataclass(frozen=True, kw_only=True)
class PageContext:
    """What every page has: the header, the navigation, the links (`base.html`)."""

    lang: str = field(metadata=about("Language of the page: `th` or `en` (also the global `lang`)."))
    page: str = field(metadata=about("Path of the page from the site root, e.g. `en/units/prov/index.html`."))
    site: Site = field(
        metadata=about("The site settings: organisation name, years, dimensions, categories, rounds, bands.")
    )
    links: Links = field(
        metadata=about("Relative links from this page: `links.unit(id, year)`, `links.kpi(unit, kpi)`, ...")
    )
    title: str = field(metadata=about("The page title (already in the page's language)."))
    year: int | None = field(
        metadata=about("The fiscal year the page shows (the current year for pages that span years).")
    )
    languages: tuple[LanguageLink, ...] = field(metadata=about("The language switch: this page in each language."))
    years: tuple[YearLink, ...] = field(
        metadata=about("The year switch: this page (or the home page) in each fiscal year.")
    )
    breadcrumbs: tuple[Unit, ...] = field(
        metadata=about("Units above the page's unit, the top first (empty off unit pages).")
    )
    nav: UnitNav = field(metadata=about("The left navigation tree of units (local to the page's unit)."))
    pdf: bool = field(metadata=about("Whether the handbook and agreement PDFs are built (show their links only then)."))
    stamp: Stamp = field(
        metadata=about(
            "The revision the site was built from: `stamp.revision` (a commit's first 12 characters, or the "
            "`--revision` text), `stamp.date` (ISO; the commit's date), `stamp.dirty` (uncommitted changes), "
            "`stamp.built` (ISO; only with `--build-date`)."
        )
    )
    kind_names: Mapping[str, Text] = field(
        metadata=about(
            "Labels site.yaml gives the kinds of unit, by kind id (empty for the built-in kinds, "
            "which the theme's `unit.kind.*` strings name): show one with `m.unit_kind(kind_names, unit.kind)`."
        )
    )
    next_round: Round | None = field(
        metadata=about("The round whose results are due next that year (the navigation links its owed page).")
    )
    emblem: str = field(
        default="",
        metadata=about(
            "Link to the organisation's emblem for the header (site.yaml `organisation.emblem`, else the theme's "
            "`print/emblem.*`); empty when there is none."
        ),
    )
    sidebar_key: tuple[object, ...] = field(
        metadata=about(
            "What the left column (sections and unit nav) depends on besides the language: the build, the page's "
            "folder, unit and year. `base.html` renders the column once for pages with the same key: "
            "`{% call cached(sidebar_key) %}...{% endcall %}`."
        )
    )


@dataclass(frozen=True, kw_only=True)
class Page:
    """A page: its template, its frame and its own fields."""

    template: ClassVar[str]

    frame: PageContext = field(metadata=about("What every page has (its fields are variables of their own)."))

    @property
    def path(self) -> str:
        """Where the page is written, from the site root."""
        return self.frame.page

    def variables(self) -> dict[str, Any]:
        """The template's variables: the frame's fields and the page's own, one per field."""
        frame = self.frame
        own = {name: getattr(self, name) for name in _field_names(type(self)) if name != "frame"}
        return {**{name: getattr(frame, name) for name in _field_names(type(frame))}, **own}


def _field_names(kind: type) -> tuple[str, ...]:
    """A context class's fields, looked up once (every page asks)."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True, kw_only=True)
class HomeContext(Page):
    template: ClassVar[str] = "home.html"

    roots: tuple[Unit, ...] = field(metadata=about("The top units of the organisation."))
    dimensions: tuple[Dimension, ...] = field(
        metadata=about("The dimensions of organisation agreements with their weights.")
    )
    categories: tuple[Category, ...] = field(metadata=about("The categories of individual agreements."))
    root_cards: tuple[tuple[Unit, ScorecardView], ...] = field(
        metadata=about("The latest scorecard of each top unit that year.")
    )
    unit_count: int = field(metadata=about("Number of units."))
    agreement_count: int = field(metadata=about("Number of agreements that year."))
    kpi_count: int = field(metadata=about("Number of agreement items (KPIs) that year."))
    dashboards: tuple[DashboardView, ...] = field(
        metadata=about("The at-a-glance view of each top unit with results that year.")
    )


@dataclass(frozen=True, kw_only=True)
class UnitContext(Page):
    template: ClassVar[str] = "unit.html"

    unit: Unit = field(metadata=about("The unit: id, kind, name, head, strategy (vision, mission, issues, goals)."))
    agreement: Agreement | None = field(
        metadata=about("Its agreement for the year shown (signatories, date, weighting).")
    )
    groups: tuple[GroupView, ...] = field(metadata=about("The agreement's items as signed, by dimension or category."))
    amendments: tuple[AmendmentView, ...] = field(
        metadata=about("Amendments to the signed agreement, in the order they apply (the history).")
    )
    scorecards: tuple[ScorecardView, ...] = field(
        metadata=about("Its scorecards that year, one per round, in round order.")
    )
    rounds: tuple[Round, ...] = field(metadata=about("The reporting rounds that apply to the unit."))
    results_withheld: bool = field(metadata=about("True for a person whose results the site does not publish."))
    children: tuple[ChildView, ...] = field(metadata=about("The units directly below."))
    goals: tuple[GoalView, ...] = field(metadata=about("The strategy's goals with the KPIs measuring each."))
    strategy_map: Markup = field(metadata=about("The strategy map as inline SVG (empty when the unit has no goals)."))
    strategy_map_narrow: Markup = field(
        metadata=about("The same map laid out for a phone, one goal under another (shown on narrow screens).")
    )
    other_kpis: tuple[KpiRef, ...] = field(
        metadata=about("KPI templates of the unit that are not in this year's agreement.")
    )
    initiatives: tuple[InitiativeView, ...] = field(metadata=about("The unit's projects and activities that year."))
    budget: Budget | None = field(
        metadata=about("Budget totals of its initiatives: per goal, per perspective, in all.")
    )
    steps: tuple[StepView, ...] = field(metadata=about("The calendar steps that year naming the unit (by id or kind)."))
    feed: FeedLink | None = field(
        metadata=about("The unit's calendar feed (`.ics`) for that year, if any step names it.")
    )
    dashboard: DashboardView | None = field(
        metadata=about("The unit at a glance that year (None without results, or when they are withheld).")
    )
    seal: str = field(
        default="",
        metadata=about("Link to the unit's own seal (unit.yaml `emblem`), shown beside its name; empty for none."),
    )


@dataclass(frozen=True, kw_only=True)
class StrategyMapContext(Page):
    template: ClassVar[str] = "strategy_map.html"

    unit: Unit = field(metadata=about("The unit whose strategy it is."))
    strategy_map: Markup = field(
        metadata=about("The strategy map as inline SVG; each goal links to its KPIs on the unit page.")
    )
    strategy_map_narrow: Markup = field(
        metadata=about("The same map laid out for a phone, one goal under another (shown on narrow screens).")
    )
    goals: tuple[GoalView, ...] = field(
        metadata=about("The goals with their perspective and KPIs (the map as a list).")
    )
    initiatives_map: Markup = field(
        metadata=about(
            "The same map with the current year's initiatives under the goals they serve (empty without any)."
        )
    )
    initiatives_map_narrow: Markup = field(
        default=Markup(""),
        metadata=about(
            "The map with initiatives laid out for a phone, one goal under another (empty without initiatives)."
        ),
    )


@dataclass(frozen=True, kw_only=True)
class KpiYear:
    """One fiscal year of a KPI: its agreement item, its cascade and its results."""

    year: int = field(metadata=about("Fiscal year."))
    item: AgreementItem = field(
        metadata=about("The agreement item that year (criteria, weight, target, baseline, responsible).")
    )
    group: Text = field(metadata=about("Name of its dimension or category."))
    up: tuple[tuple[KpiRef, ...], ...] = field(
        metadata=about(
            "One path per chain of cascade links from the top down to this KPI (two parents: two paths); "
            "each path lists the KPIs top first and ends with this one, each ref's `link` saying how it "
            "derives from the one before it."
        )
    )
    down: CascadeNode = field(metadata=about("This KPI and the items below that derive from it."))
    results: tuple[RoundResult, ...] = field(metadata=about("Its results by round (empty when withheld)."))
    due: tuple[Round, ...] = field(metadata=about("The rounds it is due in, in reporting order (as signed)."))
    every_round: bool = field(metadata=about("True when it is due in every round of the unit."))
    rounds: tuple[RoundTermsView, ...] = field(
        metadata=about("Criteria, weight or target its item sets for particular rounds.")
    )
    amendments: tuple[AmendmentView, ...] = field(
        metadata=about("The amendments that add, cancel or change it that year, in the order they apply.")
    )
    chart: Markup = field(metadata=about("The results by round as an inline SVG chart (empty without results)."))
    initiatives: tuple[InitiativeView, ...] = field(
        metadata=about("The unit's initiatives that year serving this KPI.")
    )


@dataclass(frozen=True, kw_only=True)
class KpiContext(Page):
    template: ClassVar[str] = "kpi.html"

    unit: Unit = field(metadata=about("The unit that owns the KPI."))
    kpi: Kpi = field(metadata=about("The KPI template: description, formula, unit, baseline, data source, people, ..."))
    reporting: tuple[Round, ...] = field(
        metadata=about("The rounds the template names for reporting, in reporting order.")
    )
    kpi_years: tuple[KpiYear, ...] = field(
        metadata=about("The years in which the KPI is in an agreement, newest first.")
    )
    results_withheld: bool = field(metadata=about("True for a person whose results the site does not publish."))
    targets: tuple[TargetLink, ...] = field(
        metadata=about("The external targets the KPI serves (`plans:`), linked to the current alignment page.")
    )
    trend_chart: Markup = field(
        metadata=about(
            "Its values in every round of every year against the newest year's levels (inline SVG; "
            "empty unless it has values in two years or more)."
        )
    )


@dataclass(frozen=True, kw_only=True)
class CascadeContext(Page):
    template: ClassVar[str] = "cascade.html"

    roots: tuple[ExplorerNode, ...] = field(metadata=about("The unit tree with each unit's KPIs that year."))
    gap_count: int = field(metadata=about("How many KPIs that year nobody below carries."))


@dataclass(frozen=True, kw_only=True)
class ScorecardsContext(Page):
    template: ClassVar[str] = "scorecards.html"

    rows: tuple[ScoreTableRow, ...] = field(
        metadata=about("One row per unit and round that has a scorecard, in tree order.")
    )
    spreadsheet: str = field(
        metadata=about("Every scorecard as a workbook, one sheet per year and round (`data/scorecards.xlsx`).")
    )
    downloads: tuple[Download, ...] = field(
        metadata=about("The year's scorecards as a CSV file per round with something reported, in reporting order.")
    )
    glance: ScorecardsGlance | None = field(
        default=None,
        metadata=about(
            "The units at a glance: counted by the band of their latest total, and each dimension's mean score, "
            "as charts (none: no scorecard that year)."
        ),
    )


@dataclass(frozen=True, kw_only=True)
class SearchContext(Page):
    template: ClassVar[str] = "search.html"

    index_script: str = field(
        metadata=about("The search index script of this language (`static/search/index.<lang>.js`).")
    )


@dataclass(frozen=True, kw_only=True)
class CalendarContext(Page):
    template: ClassVar[str] = "calendar.html"

    calendar: Calendar | None = field(
        metadata=about("The year's process calendar (name, steps), if the content has one.")
    )
    months: tuple[MonthView, ...] = field(metadata=about("The months of the timeline, October first."))
    steps: tuple[StepView, ...] = field(
        metadata=about("Every step, in the calendar's order, with its state and months.")
    )
    deadlines: tuple[DeadlineView, ...] = field(metadata=about("Each round's deadline and what is still owed in it."))
    feeds: tuple[FeedLink, ...] = field(metadata=about("The calendar feeds: the whole year's first, then each unit's."))
    today: dt.date = field(metadata=about("The date the states and days are counted from (the build's date)."))


@dataclass(frozen=True, kw_only=True)
class OwedContext(Page):
    template: ClassVar[str] = "owed.html"

    round: Round = field(metadata=about("The reporting round."))
    status: RoundStatus = field(
        metadata=about(
            "The round's status: `deadline` (`day`, `step`), `days_left`, `timing` (`left`, `today`, `overdue`: "
            "passed with KPIs not reported, `past`: passed with none unreported), `due`, `reported`, `verified`, "
            "`missing`, `unverified`, `people_left_out`."
        )
    )
    by_unit: tuple[OwedGroup, ...] = field(metadata=about("What is owed, by unit (tree order)."))
    by_collector: tuple[OwedGroup, ...] = field(metadata=about("What is owed, by data collector with contacts."))
    rounds: tuple[RoundLink, ...] = field(metadata=about("The other rounds of the year."))
    today: dt.date = field(metadata=about("The date the days are counted from (the build's date)."))
    data_href: str = field(metadata=about("The same list as JSON (`data/status/<year>/<round>.json`)."))


@dataclass(frozen=True, kw_only=True)
class AlignmentContext(Page):
    template: ClassVar[str] = "alignment.html"

    levels: tuple[PlanLevel, ...] = field(metadata=about("The levels of the external plans, top to bottom."))
    targets: tuple[TargetView, ...] = field(
        metadata=about("Every external target, parents first, with what serves it.")
    )
    unserved: int = field(metadata=about("How many targets nothing serves, directly or below."))


PAGE_CONTEXTS: tuple[type[Page], ...] = (
    HomeContext,
    UnitContext,
    StrategyMapContext,
    KpiContext,
    CascadeContext,
    ScorecardsContext,
    SearchContext,
    CalendarContext,
    OwedContext,
    AlignmentContext,
)
