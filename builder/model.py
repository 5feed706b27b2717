"""The domain model: plain frozen dataclasses, no I/O, no YAML, no Jinja.

Every object that a diagnostic can point at carries a `Location`; `marks` gives the
(line, column) of each of its fields in the same file, so `at(field)` can point finer
than the object's own place. Nothing of the parser is kept: a model object pickles to
its values and these numbers (the PDF workers receive model objects).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from builder.model_year import Calendar, Initiative, Plans

UnitKind = str  # an id of site.yaml's unit_kinds, or one of DEFAULT_UNIT_KINDS
DEFAULT_UNIT_KINDS = ("organisation", "division", "district", "group", "person")
KpiKind = Literal["numeric", "milestone", "mixed"]
Direction = Literal["higher", "lower"]
CascadeKind = Literal["direct", "split", "contributing"]
CombineMethod = Literal["sum", "weighted-mean"]
Weighting = Literal["weights", "importance"]
AmendmentAction = Literal["cancel", "add", "change"]
CriteriaShape = Literal["five-level", "milestone", "mixed", "three-tier", "none"]
SchemeName = Literal["five-level", "three-tier"]

LANGUAGES = ("th", "en")


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: `path:line:col`, or a spreadsheet cell `path!cell` where `cell`
    is given (path `results.xlsx!อำเภอ ก`, cell `D7`; line and column are its row and
    column numbers, so cells sort in reading order)."""

    path: str
    line: int = 0
    column: int = 0
    cell: str = ""

    def __str__(self) -> str:
        if self.cell:
            return f"{self.path}!{self.cell}"
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
    """Base for objects with a location and the (line, column) of each of their fields."""

    loc: Location = NOWHERE
    marks: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    def at(self, name: str) -> Location:
        """Location of field `name`, or of the whole object when unknown."""
        mark = self.marks.get(name)
        return Location(self.loc.path, *mark) if mark is not None else self.loc


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
class UnitKindDef(Located):
    """A kind of unit site.yaml defines (province, district, bureau, centre, person ...)."""

    id: str = ""
    name: Text = EMPTY
    individual: bool = False  # units of this kind are people (positions)


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


# units of measure written before their number unless site.yaml says otherwise
UNITS_BEFORE_NUMBER = ("ร้อยละ", "ระดับ", "level")


@dataclass(frozen=True, slots=True)
class Site(Located):
    name: Text = EMPTY
    short_name: Text = EMPTY
    languages: tuple[str, ...] = LANGUAGES
    fiscal_years: tuple[int, ...] = ()
    perspectives: tuple[Perspective, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    categories: tuple[Category, ...] = ()
    unit_kinds: tuple[UnitKindDef, ...] = ()  # empty: the DEFAULT_UNIT_KINDS, "person" individual
    rounds: tuple[Round, ...] = ()
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    publish_individual_results: bool = False
    max_kpis_per_person: int | None = None
    sheet_font: str = "Sarabun"  # the Thai font of the spreadsheets kpibook writes (site.yaml `spreadsheets:`)
    sheet_font_size: float = 11.0
    # units of measure written before their number ("ร้อยละ 86", "ระดับ 4"): a unit whose
    # text begins with one of these words; the others follow it ("417 กก./ไร่")
    units_before_number: tuple[str, ...] = UNITS_BEFORE_NUMBER
    emblem: str = ""  # the organisation's emblem: a path in the content tree, as written (`organisation.emblem`)

    @property
    def language(self) -> str:
        return self.languages[0] if self.languages else "th"

    @property
    def current_year(self) -> int | None:
        return self.fiscal_years[-1] if self.fiscal_years else None


# -- units and strategy ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Emblem:
    """An emblem or seal from the content tree, checked (`builder.emblem`): its path as
    written, its media type and its bytes, which are what the site and the PDFs show."""

    path: str
    media_type: Literal["image/svg+xml", "image/png", "image/jpeg"]
    data: bytes = field(repr=False)

    @property
    def suffix(self) -> str:
        return {"image/svg+xml": ".svg", "image/png": ".png", "image/jpeg": ".jpg"}[self.media_type]


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
    plans: tuple[str, ...] = ()  # external targets it serves (plans.yaml)


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
    individual: bool = False  # its kind is a person's (a position); set from site.yaml's unit kinds
    emblem: str = ""  # its own emblem or seal (a path in the content tree), when not the organisation's

    @property
    def is_person(self) -> bool:
        return self.individual


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
    plans: tuple[str, ...] = ()  # external targets it serves (plans.yaml)

    @property
    def key(self) -> str:
        """Globally unique reference: `unit/kpi`."""
        return f"{self.unit}/{self.id}"


# -- agreements ------------------------------------------------------------------------


TARGET_LEVEL = 3  # the level criteria set at the agreed target (the standard)


@dataclass(frozen=True, slots=True)
class MilestoneLevel(Located):
    text: Text = EMPTY
    steps: tuple[Text, ...] = ()


@dataclass(frozen=True, slots=True)
class Criteria(Located):
    """Score criteria of one agreement item, in one of four shapes:

    - five-level: `levels` holds the values of levels 1..5; None is a level left empty
      (seed 001 writes "- 15 20 25": no value for levels 1 and 2);
    - milestone: `milestones` holds what levels 1..5 mean;
    - mixed: `milestones` holds the steps of the lower levels 1..k and `levels` the five
      levels, None for those k and the values of the upper levels (seed 003's
      "ขั้นตอน + ผลลัพธ์": steps first, then a numeric result);
    - three-tier: `tiers` holds the basic/standard/advanced values.
    """

    levels: tuple[float | None, ...] = ()
    milestones: tuple[MilestoneLevel, ...] = ()
    tiers: Mapping[str, float] = field(default_factory=dict)
    texts_at: tuple[int, ...] = ()  # mixed: where the texts were written (0-based); valid when the first ones

    @property
    def shape(self) -> CriteriaShape:
        if self.milestones:
            return "mixed" if self.levels else "milestone"
        if self.tiers:
            return "three-tier"
        return "five-level" if self.levels else "none"

    @property
    def steps(self) -> int:
        """How many of the lowest levels are milestone steps (5 for milestone criteria)."""
        return len(self.milestones)

    @property
    def numeric_values(self) -> tuple[float | None, ...]:
        """The values level by level (None where a level has no value), or the tiers'."""
        if self.levels:
            return self.levels
        if self.tiers:
            return tuple(self.tiers[t] for t in ("basic", "standard", "advanced") if t in self.tiers)
        return ()

    @property
    def given_values(self) -> tuple[float, ...]:
        """The values that are given, lowest level first."""
        return tuple(v for v in self.numeric_values if v is not None)

    @property
    def standard(self) -> float | None:
        """The agreed target: level 3, or the standard tier."""
        if len(self.levels) >= TARGET_LEVEL:
            return self.levels[TARGET_LEVEL - 1]
        return self.tiers.get("standard")

    def same_as(self, other: Criteria) -> bool:
        """Whether two criteria say the same, wherever they are written."""
        return (
            self.levels == other.levels
            and dict(self.tiers) == dict(other.tiers)
            and [(m.text, m.steps) for m in self.milestones] == [(m.text, m.steps) for m in other.milestones]
        )

    @property
    def target_level(self) -> int:
        return TARGET_LEVEL

    @property
    def target_milestone(self) -> MilestoneLevel | None:
        """For a milestone KPI, the agreed target: what level 3 means."""
        if len(self.milestones) >= TARGET_LEVEL:
            return self.milestones[TARGET_LEVEL - 1]
        return None


@dataclass(frozen=True, slots=True)
class CascadeLink(Located):
    parent_kpi: str = ""  # KPI id in the parent unit
    kind: CascadeKind = "direct"
    combine: CombineMethod = "sum"
    base: float | None = None


@dataclass(frozen=True, slots=True)
class RoundTerms(Located):
    """What an agreement item sets for one round besides its annual terms (a KPI
    template's or the e-SAR card's target and weight per 6/9/12 months)."""

    round: str = ""
    criteria: Criteria | None = None
    weight: float | None = None
    importance: int | None = None
    target: float | None = None


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
    cascade: tuple[CascadeLink, ...] = ()  # one link per superior KPI it derives from
    rounds: tuple[RoundTerms, ...] = ()  # terms of particular rounds
    held: Text = EMPTY  # why a superior's KPI is held at this level, not cascaded below

    def terms(self, round_id: str) -> RoundTerms | None:
        return next((t for t in self.rounds if t.round == round_id), None)


@dataclass(frozen=True, slots=True)
class ItemChange(Located):
    """The fields an amendment changes; None leaves a field as it was."""

    weight: float | None = None
    importance: int | None = None
    criteria: Criteria | None = None
    target: float | None = None
    rounds: tuple[RoundTerms, ...] | None = None


@dataclass(frozen=True, slots=True)
class Amendment(Located):
    """A change to a signed agreement, applying from one round on: a KPI cancelled, a
    KPI added, or an item's weight or criteria changed; dated, with a reason and who
    approved it."""

    from_round: str = ""
    action: AmendmentAction = "change"
    kpi: str = ""
    item: AgreementItem | None = None  # add: the new item
    change: ItemChange | None = None  # change: what changes
    date: str | None = None  # ISO date of the approval
    approved_by: Person | None = None
    reason: Text = EMPTY


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
    amendments: tuple[Amendment, ...] = ()

    def item(self, kpi_id: str) -> AgreementItem | None:
        """The signed item of a KPI (amendments leave the signed agreement as it was)."""
        for item in self.items:
            if item.kpi == kpi_id:
                return item
        return None

    def all_items(self) -> tuple[AgreementItem, ...]:
        """The signed items and the items amendments add."""
        added = tuple(a.item for a in self.amendments if a.action == "add" and a.item is not None)
        return self.items + added

    def any_item(self, kpi_id: str) -> AgreementItem | None:
        """The signed item of a KPI, else the item an amendment adds."""
        return next((item for item in self.all_items() if item.kpi == kpi_id), None)

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


# -- closed rounds ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Correction(Located):
    """A change to a certified file after its round was closed, with its reason."""

    file: str = ""  # path from the content folder
    kpi: str | None = None  # the KPI corrected, where one is named
    corrected_on: str = ""  # ISO date
    by: Person | None = None
    reason: Text = EMPTY
    digest: str = ""  # the file's digest after the correction

    @property
    def unit(self) -> str | None:
        parts = self.file.split("/")
        return parts[1] if len(parts) > 2 and parts[0] == "units" else None


@dataclass(frozen=True, slots=True)
class RoundClosure(Located):
    """The record that a round was certified: when, by whom, from which revision, and the
    digest of every results file of the round and every agreement of the year."""

    year: int = 0
    round: str = ""
    closed_on: str = ""  # ISO date
    closed_by: Person | None = None
    revision: str | None = None  # the commit the certified data was read from
    files: Mapping[str, str] = field(default_factory=dict)  # path from the content folder -> digest
    corrections: tuple[Correction, ...] = ()

    def accepted_digest(self, file: str) -> str | None:
        """The digest a file must have: its latest correction's, else the certified one."""
        for correction in reversed(self.corrections):
            if correction.file == file:
                return correction.digest
        return self.files.get(file)


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
    closures: Mapping[tuple[int, str], RoundClosure] = field(default_factory=dict)  # (year, round)
    calendars: Mapping[int, Calendar] = field(default_factory=dict)  # by fiscal year
    initiatives: Mapping[tuple[str, int], tuple[Initiative, ...]] = field(default_factory=dict)  # (unit, year)
    plans: Plans | None = None  # the external plans (plans.yaml), if any
    emblems: Mapping[str, Emblem] = field(default_factory=dict)  # checked emblems, by the path written

    def children(self, unit_id: str) -> tuple[Unit, ...]:
        return tuple(self.units[c] for c in self.children_of.get(unit_id, ()))

    def roots(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units.values() if not u.parent or u.parent not in self.units)

    def kpi(self, unit_id: str, kpi_id: str) -> Kpi | None:
        return self.kpis.get(f"{unit_id}/{kpi_id}")
