"""The domain model: plain frozen dataclasses, no I/O, no YAML, no Jinja.

Every object that a diagnostic can point at carries a `Location`; `locs` maps a field
name to the location of its value where that is finer than the object's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

UnitKind = Literal["organisation", "division", "district", "group", "person"]
KpiKind = Literal["numeric", "milestone"]
Direction = Literal["higher", "lower"]
CascadeKind = Literal["direct", "split", "contributing"]
CombineMethod = Literal["sum", "weighted-mean"]
Weighting = Literal["weights", "importance"]
SchemeName = Literal["five-level", "three-tier"]

LANGUAGES = ("th", "en")


@dataclass(frozen=True, slots=True)
class Location:
    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


NOWHERE = Location("<content>")


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Thai and/or English; `get` falls back to whichever is given."""

    th: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en or self.th
        return self.th or self.en

    def __bool__(self) -> bool:
        return bool(self.th or self.en)


EMPTY = Text()


@dataclass(frozen=True, slots=True)
class Located:
    """Base for objects with a location and per-field locations."""

    loc: Location = NOWHERE
    locs: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)

    def at(self, name: str) -> Location:
        """Location of field `name`, or of the whole object when unknown."""
        return self.locs.get(name, self.loc)


# -- site ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Perspective(Located):
    id: str = ""
    name: Text = EMPTY


@dataclass(frozen=True, slots=True)
class Dimension(Located):
    id: str = ""
    name: Text = EMPTY
    weight: float | None = None


@dataclass(frozen=True, slots=True)
class Category(Located):
    id: str = ""
    name: Text = EMPTY


@dataclass(frozen=True, slots=True)
class Round(Located):
    id: str = ""
    name: Text = EMPTY
    months: int = 12
    applies_to: tuple[UnitKind, ...] = ()


@dataclass(frozen=True, slots=True)
class Band(Located):
    min: float = 0.0
    label: Text = EMPTY


@dataclass(frozen=True, slots=True)
class ScoringConfig(Located):
    scheme: SchemeName = "five-level"
    below_level_1: Literal["one", "zero"] = "one"
    tier_scores: Mapping[str, float] = field(
        default_factory=lambda: {"basic": 50.0, "standard": 75.0, "advanced": 100.0}
    )
    below_basic: float = 0.0
    bands: tuple[Band, ...] = ()
    plausible_percent: tuple[float, float] | None = (0.0, 100.0)


@dataclass(frozen=True, slots=True)
class Site(Located):
    name: Text = EMPTY
    short_name: Text = EMPTY
    languages: tuple[str, ...] = LANGUAGES
    fiscal_years: tuple[int, ...] = ()
    perspectives: tuple[Perspective, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    categories: tuple[Category, ...] = ()
    rounds: tuple[Round, ...] = ()
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    publish_individual_results: bool = False
    max_kpis_per_person: int | None = None

    @property
    def language(self) -> str:
        return self.languages[0] if self.languages else "th"

    @property
    def current_year(self) -> int | None:
        return self.fiscal_years[-1] if self.fiscal_years else None


# -- units and strategy ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person(Located):
    name: Text = EMPTY
    position: Text = EMPTY
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class StrategicIssue(Located):
    id: str = ""
    name: Text = EMPTY


@dataclass(frozen=True, slots=True)
class Goal(Located):
    id: str = ""
    name: Text = EMPTY
    perspective: str = ""
    issue: str | None = None
    leads_to: tuple[str, ...] = ()
    description: Text = EMPTY


@dataclass(frozen=True, slots=True)
class Strategy(Located):
    plan_period: tuple[int, int] | None = None
    vision: Text = EMPTY
    mission: tuple[Text, ...] = ()
    issues: tuple[StrategicIssue, ...] = ()
    goals: tuple[Goal, ...] = ()


@dataclass(frozen=True, slots=True)
class Unit(Located):
    id: str = ""
    kind: UnitKind = "organisation"
    name: Text = EMPTY
    short_name: Text = EMPTY
    parent: str | None = None
    head: Person | None = None
    strategy: Strategy = field(default_factory=Strategy)
    folder: str = ""  # the unit's folder, relative to the content root

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


# -- KPI templates ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KpiPeople(Located):
    overseer: Person | None = None
    collector: Person | None = None
    owner: Person | None = None
    co_owners: tuple[Person, ...] = ()
    supporters: tuple[Person, ...] = ()


@dataclass(frozen=True, slots=True)
class Kpi(Located):
    unit: str = ""
    id: str = ""
    name: Text = EMPTY
    goal: str | None = None
    kind: KpiKind = "numeric"
    direction: Direction = "higher"
    measure: str = "number"
    unit_of_measure: Text = EMPTY
    type: str = ""
    level: str = ""
    source: Text = EMPTY
    description: Text = EMPTY
    formula: Text = EMPTY
    baseline: Mapping[int, float] = field(default_factory=dict)
    data_source: Text = EMPTY
    collection_method: Text = EMPTY
    conditions: Text = EMPTY
    reporting: tuple[str, ...] = ()
    plausible_range: tuple[float, float] | None = None
    people: KpiPeople = field(default_factory=KpiPeople)

    @property
    def key(self) -> str:
        """Globally unique reference: `unit/kpi`."""
        return f"{self.unit}/{self.id}"


# -- agreements ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MilestoneLevel(Located):
    text: Text = EMPTY
    steps: tuple[Text, ...] = ()


@dataclass(frozen=True, slots=True)
class Criteria(Located):
    """Score criteria of one agreement item.

    Exactly one of the shapes is used: `levels` (five numeric values, level 1..5),
    `milestones` (five texts), or `tiers` (basic/standard/advanced values).
    """

    levels: tuple[float, ...] = ()
    milestones: tuple[MilestoneLevel, ...] = ()
    tiers: Mapping[str, float] = field(default_factory=dict)

    @property
    def numeric_values(self) -> tuple[float, ...]:
        if self.levels:
            return self.levels
        if self.tiers:
            return tuple(self.tiers[t] for t in ("basic", "standard", "advanced") if t in self.tiers)
        return ()

    @property
    def standard(self) -> float | None:
        """The agreed target: level 3, or the standard tier."""
        if len(self.levels) >= 3:
            return self.levels[2]
        return self.tiers.get("standard")


@dataclass(frozen=True, slots=True)
class CascadeLink(Located):
    parent_kpi: str = ""  # KPI id in the parent unit
    kind: CascadeKind = "direct"
    combine: CombineMethod = "sum"
    base: float | None = None


@dataclass(frozen=True, slots=True)
class AgreementItem(Located):
    kpi: str = ""
    group: str = ""  # a dimension id or a category id
    weight: float | None = None
    importance: int | None = None
    criteria: Criteria = field(default_factory=Criteria)
    target: float | None = None
    baseline: float | None = None
    responsible: Text = EMPTY
    cascade: CascadeLink | None = None


@dataclass(frozen=True, slots=True)
class Agreement(Located):
    unit: str = ""
    year: int = 0
    weighting: Weighting = "weights"
    dimension_weights: Mapping[str, float] = field(default_factory=dict)
    items: tuple[AgreementItem, ...] = ()
    evaluatee: Person | None = None
    evaluator: Person | None = None
    signed_on: str | None = None

    def item(self, kpi_id: str) -> AgreementItem | None:
        for item in self.items:
            if item.kpi == kpi_id:
                return item
        return None

    def effective_weights(self) -> dict[str, float]:
        """KPI id -> weight as given, or importance multipliers (3/2/1) as given."""
        if self.weighting == "importance":
            return {i.kpi: float(i.importance or 0) for i in self.items}
        return {i.kpi: float(i.weight or 0) for i in self.items}


# -- results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence(Located):
    path: str = ""  # relative to the content root, normalised
    title: Text = EMPTY


@dataclass(frozen=True, slots=True)
class Verification(Located):
    actual: float | None = None
    level: int | None = None
    score: float | None = None
    reason: Text = EMPTY


@dataclass(frozen=True, slots=True)
class Result(Located):
    kpi: str = ""
    actual: float | None = None
    level: int | None = None
    partial: float | None = None
    narrative: Text = EMPTY
    evidence: tuple[Evidence, ...] = ()
    verified: Verification | None = None


@dataclass(frozen=True, slots=True)
class ResultSet(Located):
    unit: str = ""
    year: int = 0
    round: str = ""
    reported_on: str | None = None
    results: tuple[Result, ...] = ()


# -- the whole content -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Content:
    """Everything read from a content tree, indexed by ID."""

    site: Site
    units: Mapping[str, Unit]
    kpis: Mapping[str, Kpi]  # key: "unit/kpi"
    agreements: Mapping[tuple[str, int], Agreement]  # (unit, year)
    results: Mapping[tuple[str, int, str], ResultSet]  # (unit, year, round)
    children_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    root: str = ""

    def children(self, unit_id: str) -> tuple[Unit, ...]:
        return tuple(self.units[c] for c in self.children_of.get(unit_id, ()))

    def roots(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units.values() if not u.parent or u.parent not in self.units)

    def kpi(self, unit_id: str, kpi_id: str) -> Kpi | None:
        return self.kpis.get(f"{unit_id}/{kpi_id}")
