"""The parts of the pages of the year's work and the plans above: calendar steps and
deadlines, what units and data collectors still owe, initiatives with their money, and
external targets with what serves them. Like `builder.site.views`, each field's `help`
is what `docs/themes.md` says about it; the facts come from the domain queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from builder.alignment import TargetAlignment
from builder.budget import BudgetTotal, RoundMoney, Standing
from builder.model import Goal, Kpi, Person, Round, Text, Unit
from builder.model_year import CalendarStep, PlanItem, PlanLevel
from builder.owed import OwedKpi
from builder.templating import about

# -- the calendar ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitLink:
    unit: Unit = field(metadata=about("A unit."))
    href: str = field(metadata=about("Its unit page for the year shown."))


@dataclass(frozen=True, slots=True)
class PartyView:
    units: tuple[UnitLink, ...] = field(metadata=about("Units named by id, linked."))
    kinds: tuple[str, ...] = field(
        metadata=about("Kinds of unit named (every division, ...): `unit.kind.<kind>` names them.")
    )
    people: tuple[Person, ...] = field(metadata=about("People or bodies named (a working team, a committee)."))


@dataclass(frozen=True, slots=True)
class MonthView:
    first: dt.date = field(metadata=about("The first day of the month; show it with the `month` filter."))
    current: bool = field(metadata=about("True for the month of the build's date."))


@dataclass(frozen=True, slots=True)
class StepView:
    step: CalendarStep = field(metadata=about("The step: name, dates (ISO), description, documents, done record."))
    state: str = field(
        metadata=about("`done`, `overdue` (past its last day, nothing recorded), `under-way` or `upcoming`.")
    )
    months: tuple[bool, ...] = field(metadata=about("One per timeline month: whether the step runs in it."))
    responsible: PartyView = field(metadata=about("Who is responsible."))
    involved: PartyView = field(metadata=about("Who else takes part."))
    rounds: tuple[Round, ...] = field(metadata=about("The rounds whose reports it produces."))
    deadline_of: Round | None = field(metadata=about("The round whose results are due by its last day, if any."))
    owed_href: str | None = field(metadata=about("The owed page of that round."))


@dataclass(frozen=True, slots=True)
class DeadlineView:
    round: Round = field(metadata=about("The reporting round."))
    day: dt.date = field(metadata=about("When its results are due; show with the `date` filter."))
    step: CalendarStep | None = field(
        metadata=about("The calendar step giving the deadline (none: the round's last day).")
    )
    days_left: int = field(metadata=about("Days from the build's date to the deadline; negative once passed."))
    timing: str = field(
        metadata=about("`left`, `today`, `overdue` (passed, KPIs not reported) or `past` (passed, none unreported).")
    )
    missing: int = field(metadata=about("KPIs due and not yet reported (individuals only where published)."))
    unverified: int = field(metadata=about("KPIs reported and not yet verified (individuals only where published)."))
    people_left_out: bool = field(metadata=about("True when the round's individuals are not shown."))
    href: str = field(metadata=about("The round's owed page."))


@dataclass(frozen=True, slots=True)
class FeedLink:
    unit: Unit | None = field(metadata=about("The unit whose steps the feed holds (none: every step)."))
    href: str = field(metadata=about("The `.ics` file."))
    steps: int = field(metadata=about("How many steps it holds."))


# -- who still owes what ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwedRow:
    owed: OwedKpi = field(metadata=about("The KPI owed: unit, KPI, `state` (`missing` or `unverified`), collector."))
    href: str = field(metadata=about("The KPI page, at the year."))
    unit_href: str = field(metadata=about("The unit page, at the year."))


@dataclass(frozen=True, slots=True)
class OwedGroup:
    unit: Unit | None = field(metadata=about("The unit (grouped by unit), else none."))
    collector: Person | None = field(
        metadata=about("The data collector with contacts (grouped by collector; none: not named).")
    )
    href: str = field(metadata=about("The unit's page (grouped by unit); empty by collector."))
    rows: tuple[OwedRow, ...] = field(metadata=about("What the group owes."))

    def runs(self) -> tuple[tuple[OwedRow, ...], ...]:
        """The rows cut where the unit changes (a collector's rows come unit by unit):
        the parts `kpibook serve` renders again only for the units that changed."""
        runs: list[list[OwedRow]] = []
        for row in self.rows:
            if not runs or runs[-1][0].owed.unit.id != row.owed.unit.id:
                runs.append([])
            runs[-1].append(row)
        return tuple(tuple(run) for run in runs)


@dataclass(frozen=True, slots=True)
class RoundLink:
    round: Round = field(metadata=about("A round of the year."))
    href: str = field(metadata=about("Its owed page."))
    current: bool = field(metadata=about("True for the round this page shows."))


# -- initiatives -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InitiativeView:
    standing: Standing = field(
        metadata=about(
            "The initiative (`standing.initiative`: name, kind, owner, dates, budget, rounds) as of its latest report: "
            "`round`, `disbursed`, `rate` (percent of the budget), `progress`, `status`."
        )
    )
    goals: tuple[Goal, ...] = field(metadata=about("The unit's goals it serves (named, or through its KPIs)."))
    kpis: tuple[tuple[Kpi, str], ...] = field(metadata=about("The KPIs it names, with their pages."))
    shared: bool = field(metadata=about("True when it serves more than one goal (it counts in each goal's total)."))
    round: Round | None = field(metadata=about("The round of its latest report (where it stands)."))
    reports: tuple[tuple[Round, RoundMoney], ...] = field(
        metadata=about(
            "Its reports in reporting order: the round, and `report` (`planned`, `disbursed`, `progress`, `status`, "
            "`note`) with `against_plan` (disbursed as a percent of planned)."
        )
    )


@dataclass(frozen=True, slots=True)
class BudgetRow:
    name: Text = field(metadata=about("The goal or perspective."))
    anchor: str = field(metadata=about("Where the goal is on the unit page (empty for perspectives)."))
    total: BudgetTotal = field(metadata=about("`count`, `budget`, `disbursed`, `rate` (percent), `without_budget`."))


@dataclass(frozen=True, slots=True)
class Budget:
    total: BudgetTotal = field(metadata=about("Every initiative of the unit that year, each once."))
    by_goal: tuple[BudgetRow, ...] = field(metadata=about("Totals per goal, in strategy order."))
    by_perspective: tuple[BudgetRow, ...] = field(metadata=about("Totals per perspective (dimension), in site order."))


# -- alignment -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TargetLink:
    item: PlanItem = field(metadata=about("An external target a goal or KPI serves (`code`, `name`, `depth`)."))
    level: PlanLevel | None = field(metadata=about("Its level (national strategy, master plan, sub-plan, ...)."))
    href: str = field(metadata=about("The target on the alignment page, with everything else serving it."))


@dataclass(frozen=True, slots=True)
class TargetView:
    target: TargetAlignment = field(
        metadata=about(
            "The external target (`item`: id, code, name, depth; `level`) with `goals`, `kpis`, `initiatives` "
            "serving it directly, `below` (serving the targets below it) and `served`."
        )
    )
    goals: tuple[tuple[Unit, Goal, str], ...] = field(metadata=about("Goals serving it: unit, goal, link."))
    kpis: tuple[tuple[Kpi, str], ...] = field(metadata=about("KPIs agreed that year serving it, with their pages."))
    initiatives: tuple[tuple[Unit, Standing, str], ...] = field(
        metadata=about("That year's initiatives serving it: unit, initiative, link to the unit page.")
    )
