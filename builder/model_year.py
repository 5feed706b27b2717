"""The model of the year's work and of the plans above the organisation: the process
calendar, initiatives (projects and activities) with their budgets, and the external
plans goals, KPIs and initiatives serve. Plain frozen dataclasses, like `builder.model`.

- A **calendar** (`calendar/<year>.yaml`) lists the year's steps: appoint the working
  team, brief units, sign, report each round, evaluate, announce. A step has dates, who
  is responsible and who takes part, the rounds and documents it produces, and a record
  of when it was done. The step whose `results_due` names a round gives that round's
  deadline.
- An **initiative** (`units/<unit>/initiatives/<year>.yaml`) is a project (โครงการ) or
  activity (กิจกรรม) of one unit in one year: the goals, KPIs and external targets it
  serves, its owner and dates, its budget, and per reporting round the planned and
  disbursed money (cumulative), its progress and status.
- **Plans** (`plans.yaml`) are the external plans as one tree of targets: the national
  strategy, its master plans and sub-plans, a ministry's plan, the SDGs; each with a
  level. Goals, KPIs and initiatives name the targets they serve (`plans:`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from builder.model import EMPTY, Located, Person, Text, UnitKind

InitiativeKind = Literal["project", "activity"]
InitiativeStatus = Literal["not-started", "on-track", "delayed", "completed", "cancelled"]


# -- the process calendar --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Parties(Located):
    """Who a calendar step names: units by id, every unit of some kinds, and people or
    bodies by name (a working team, a committee, the evaluators)."""

    units: tuple[str, ...] = ()
    kinds: tuple[UnitKind, ...] = ()
    people: tuple[Person, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.units or self.kinds or self.people)

    def names(self, unit_id: str, kind: str) -> bool:
        """Whether a unit is named, by its id or by its kind."""
        return unit_id in self.units or kind in self.kinds


@dataclass(frozen=True, slots=True)
class StepDone(Located):
    date: str = ""  # ISO date the step was done
    note: Text = EMPTY


@dataclass(frozen=True, slots=True)
class CalendarStep(Located):
    id: str = ""
    name: Text = EMPTY
    description: Text = EMPTY
    start: str = ""  # ISO date
    end: str = ""  # ISO date, the same as `start` for a one-day step
    responsible: Parties = field(default_factory=Parties)
    involved: Parties = field(default_factory=Parties)
    rounds: tuple[str, ...] = ()  # the rounds whose reports the step produces
    results_due: str | None = None  # the round whose results are due by the step's end
    documents: tuple[Text, ...] = ()  # the documents it produces
    done: StepDone | None = None


@dataclass(frozen=True, slots=True)
class Calendar(Located):
    year: int = 0
    name: Text = EMPTY
    revised: str | None = None  # ISO date the plan was last revised (the feeds' stamp)
    steps: tuple[CalendarStep, ...] = ()

    def step(self, step_id: str) -> CalendarStep | None:
        return next((s for s in self.steps if s.id == step_id), None)


# -- initiatives -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InitiativeRound(Located):
    """An initiative's report in one round: money cumulative since 1 October."""

    round: str = ""
    planned: Decimal | None = None  # the disbursement planned by the round's end
    disbursed: Decimal | None = None  # disbursed by the round's end
    progress: float | None = None  # percent of the work done
    status: InitiativeStatus | None = None
    note: Text = EMPTY


@dataclass(frozen=True, slots=True)
class Initiative(Located):
    unit: str = ""
    year: int = 0
    id: str = ""
    kind: InitiativeKind = "project"
    name: Text = EMPTY
    description: Text = EMPTY
    goals: tuple[str, ...] = ()  # goals of the unit's strategy it serves
    kpis: tuple[str, ...] = ()  # KPIs of the unit it serves
    plans: tuple[str, ...] = ()  # external targets it serves
    owner: Person | None = None
    start: str | None = None  # ISO dates
    end: str | None = None
    budget: Decimal | None = None  # planned for the year
    budget_source: Text = EMPTY
    rounds: tuple[InitiativeRound, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.unit}/{self.id}"


# -- plans above the organisation ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanLevel(Located):
    """A kind of external plan: national strategy, master plan, sub-plan, SDG, ..."""

    id: str = ""
    name: Text = EMPTY


@dataclass(frozen=True, slots=True)
class PlanItem(Located):
    """One external plan or target in the tree of plans."""

    id: str = ""
    level: str = ""
    code: str = ""  # how the plan numbers it ("3.2", "SDG 2")
    name: Text = EMPTY
    description: Text = EMPTY
    parent: str | None = None
    depth: int = 0  # 0 for a top plan


@dataclass(frozen=True, slots=True)
class Plans(Located):
    levels: tuple[PlanLevel, ...] = ()
    items: tuple[PlanItem, ...] = ()  # depth first: every parent before its children

    def item(self, item_id: str) -> PlanItem | None:
        return next((i for i in self.items if i.id == item_id), None)
