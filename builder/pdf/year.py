"""The handbook's chapters of the year's work and the plans above, printed before the
units' sections: the process calendar (deadlines of the rounds, then every step with
its dates, who does it and what it produces) and the alignment with the external plans
(each target with the goals, KPIs and initiatives serving it, or none). Plain frozen
dataclasses, like `builder.pdf.sections` (picklable, with a stable `repr`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from builder.alignment import TargetAlignment
from builder.budget import BudgetTotal, Standing
from builder.catalogue import Catalogue
from builder.model import Round, Site, Text, Unit
from builder.model_year import Calendar, CalendarStep, Parties, PlanLevel
from builder.queries import Queries

CALENDAR_KEY = "-calendar"  # not a unit id (ids start with a letter or digit): no clash
ALIGNMENT_KEY = "-alignment"


@dataclass(frozen=True, slots=True)
class PrintParties:
    units: tuple[Unit, ...]
    kinds: tuple[Text, ...]  # the names of the kinds of unit named (every bureau, ...)
    people: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class PrintStep:
    step: CalendarStep
    responsible: PrintParties
    involved: PrintParties
    deadline_of: Round | None
    rounds: tuple[Round, ...]


@dataclass(frozen=True, slots=True)
class PrintDeadline:
    round: Round
    day: str  # ISO
    step: CalendarStep | None


@dataclass(frozen=True, slots=True)
class CalendarChapter:
    """Context of `print/handbook-calendar.html`."""

    template: ClassVar[str] = "handbook-calendar.html"

    site: Site
    year: int
    calendar: Calendar
    deadlines: tuple[PrintDeadline, ...]
    steps: tuple[PrintStep, ...]


@dataclass(frozen=True, slots=True)
class AlignmentChapter:
    """Context of `print/handbook-alignment.html`."""

    template: ClassVar[str] = "handbook-alignment.html"

    site: Site
    year: int
    levels: tuple[PlanLevel, ...]
    targets: tuple[TargetAlignment, ...]
    units: tuple[Unit, ...]  # the units owning the goals, KPIs and initiatives named

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


@dataclass(frozen=True, slots=True)
class UnitInitiatives:
    """What a unit's handbook section prints of its initiatives."""

    standings: tuple[Standing, ...]
    goal_names: tuple[tuple[str, Text], ...]  # the unit's goals: id, name
    round_names: tuple[tuple[str, Text], ...]  # the rounds its initiatives report in: id, name
    total: BudgetTotal
    by_perspective: tuple[tuple[Text, BudgetTotal], ...]

    def goal_name(self, goal_id: str) -> Text:
        return next((name for gid, name in self.goal_names if gid == goal_id), Text(th=goal_id, en=goal_id))

    def round_name(self, round_id: str) -> Text:
        return next((name for rid, name in self.round_names if rid == round_id), Text(th=round_id, en=round_id))


def calendar_chapter(queries: Queries, year: int, words: Catalogue) -> CalendarChapter | None:
    calendar = queries.calendar(year)
    if calendar is None:
        return None
    deadlines = []
    for round_ in queries.rounds_in_use(year):
        deadline = queries.deadline(year, round_)
        deadlines.append(PrintDeadline(round_, deadline.day.isoformat(), deadline.step))
    steps = tuple(
        PrintStep(
            step=step,
            responsible=_parties(queries, step.responsible, words),
            involved=_parties(queries, step.involved, words),
            deadline_of=queries.round(step.results_due) if step.results_due else None,
            rounds=tuple(r for r in (queries.round(rid) for rid in step.rounds) if r is not None),
        )
        for step in calendar.steps
    )
    return CalendarChapter(queries.site, year, calendar, tuple(deadlines), steps)


def alignment_chapter(queries: Queries, year: int) -> AlignmentChapter | None:
    if not queries.plans.items:
        return None
    targets = queries.alignment(year)
    named = {g.unit.id for t in targets for g in t.goals}
    named |= {k.unit for t in targets for k in t.kpis} | {i.unit for t in targets for i in t.initiatives}
    units = tuple(queries.content.units[u] for u in sorted(named) if u in queries.content.units)
    return AlignmentChapter(queries.site, year, queries.plans.levels, targets, units)


def unit_initiatives(queries: Queries, unit: Unit, year: int) -> UnitInitiatives | None:
    standings = queries.initiatives(unit.id, year)
    if not standings:
        return None
    by_perspective = queries.budget_by_perspective(unit, year)
    return UnitInitiatives(
        standings=standings,
        goal_names=tuple((g.id, g.name) for g in unit.strategy.goals),
        round_names=tuple((r.id, r.name) for r in queries.site.rounds),
        total=queries.budget_total(unit.id, year),
        by_perspective=tuple(
            (p.name, by_perspective[p.id]) for p in queries.site.perspectives if p.id in by_perspective
        ),
    )


def _parties(queries: Queries, parties: Parties, words: Catalogue) -> PrintParties:
    units = queries.content.units
    names = queries.kind_names
    return PrintParties(
        units=tuple(units[u] for u in parties.units if u in units),
        kinds=tuple(names.get(kind) or words.both(f"print.kind.{kind}") for kind in parties.kinds),
        people=tuple(p.name for p in parties.people),
    )
