"""The handbook's chapters of the year's work and the plans above, printed before the
units' sections: the process calendar (deadlines of the rounds, then every step with
its dates, who does it and what it produces) and the alignment with the external plans
(each target with the goals, KPIs and initiatives serving it, or none). Plain frozen
dataclasses, like `builder.pdf.sections` (picklable, with a stable `repr`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from builder.alignment import TargetAlignment
from builder.budget import BudgetTotal, Standing
from builder.catalogue import Catalogue
from builder.model import Round, Site, Text, Unit
from builder.model_year import Calendar, CalendarStep, Parties, PlanLevel
from builder.queries import Queries
from builder.templating import about
from builder.timeline import months_covered, months_of

CALENDAR_KEY = "-calendar"  # not a unit id (ids start with a letter or digit): no clash
ALIGNMENT_KEY = "-alignment"


@dataclass(frozen=True, slots=True)
class PrintParties:
    """Who a step names: units by id, kinds of unit, named bodies or people."""

    units: tuple[Unit, ...] = field(metadata=about("Units named by id."))
    kinds: tuple[Text, ...] = field(metadata=about('Names of the kinds of unit named (print as "every ...").'))
    people: tuple[Text, ...] = field(metadata=about("Names of the people or bodies named (a working team, ...)."))


@dataclass(frozen=True, slots=True)
class PrintStep:
    """One step of the process calendar as printed."""

    step: CalendarStep = field(
        metadata=about("The step: `id`, `name`, `start`, `end` (ISO), `description`, `documents`, `done`.")
    )
    responsible: PrintParties = field(metadata=about("Who does it."))
    involved: PrintParties = field(metadata=about("Who takes part."))
    deadline_of: Round | None = field(metadata=about("The round whose results are due by its last day, if any."))
    rounds: tuple[Round, ...] = field(metadata=about("The rounds it concerns."))
    months: tuple[bool, ...] = field(
        default=(), metadata=about("One per timeline month (the chapter's `months`): whether the step runs in it.")
    )


@dataclass(frozen=True, slots=True)
class PrintDeadline:
    """A round's deadline for results."""

    round: Round = field(metadata=about("The reporting round."))
    day: str = field(metadata=about("Its deadline (ISO; show with the `date` filter)."))
    step: CalendarStep | None = field(
        metadata=about("The calendar step giving the deadline (none: the round's last day, by default).")
    )


@dataclass(frozen=True, slots=True)
class CalendarChapter:
    """Context of `print/handbook-calendar.html`."""

    template: ClassVar[str] = "handbook-calendar.html"

    site: Site = field(metadata=about("The site settings: organisation, rounds."))
    year: int = field(metadata=about("The fiscal year of the calendar."))
    calendar: Calendar = field(metadata=about("The process calendar: `name`, `revised`, `steps`."))
    deadlines: tuple[PrintDeadline, ...] = field(metadata=about("Each round's deadline, in reporting order."))
    steps: tuple[PrintStep, ...] = field(metadata=about("Every step, in the calendar's order."))
    months: tuple[dt.date, ...] = field(
        default=(),
        metadata=about(
            "The timeline's months (first days), the fiscal year widened to every step (`month_name` filter)."
        ),
    )


@dataclass(frozen=True, slots=True)
class AlignmentChapter:
    """Context of `print/handbook-alignment.html`."""

    template: ClassVar[str] = "handbook-alignment.html"

    site: Site = field(metadata=about("The site settings."))
    year: int = field(metadata=about("The fiscal year whose goals, KPIs and initiatives are shown."))
    levels: tuple[PlanLevel, ...] = field(metadata=about("The levels of the external plans, top to bottom."))
    targets: tuple[TargetAlignment, ...] = field(
        metadata=about(
            "Every external target, parents first: `item` (id, code, name, depth), `level`, and the `goals`, "
            "`kpis`, `initiatives` serving it directly, `below` and `served`."
        )
    )
    units: Mapping[str, Unit] = field(
        metadata=about("The units owning the goals, KPIs and initiatives named, by id (`doc.units.get(id)`).")
    )


@dataclass(frozen=True, slots=True)
class UnitInitiatives:
    """What a unit's handbook section prints of its initiatives."""

    standings: tuple[Standing, ...] = field(
        metadata=about(
            "Each initiative as of its latest report (`initiative`, `goals`, `disbursed`, `rate`, `progress`, "
            "`status`) with its `reports` round by round (`report`, `against_plan`)."
        )
    )
    goal_names: tuple[tuple[str, Text], ...] = field(
        metadata=about("The unit's goals, id and name (`goal_name(id)` finds one).")
    )
    round_names: tuple[tuple[str, Text], ...] = field(
        metadata=about("The rounds, id and name (`round_name(id)` finds one).")
    )
    total: BudgetTotal = field(metadata=about("Budget and disbursement of all its initiatives, each once."))
    by_perspective: tuple[tuple[Text, BudgetTotal], ...] = field(
        metadata=about("Totals per perspective (dimension), in the site's order.")
    )

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
    months = months_of(calendar, year)
    steps = tuple(
        PrintStep(
            step=step,
            responsible=_parties(queries, step.responsible, words),
            involved=_parties(queries, step.involved, words),
            deadline_of=queries.round(step.results_due) if step.results_due else None,
            rounds=tuple(r for r in (queries.round(rid) for rid in step.rounds) if r is not None),
            months=months_covered(step, months),
        )
        for step in calendar.steps
    )
    return CalendarChapter(queries.site, year, calendar, tuple(deadlines), steps, months)


def alignment_chapter(queries: Queries, year: int) -> AlignmentChapter | None:
    if not queries.plans.items:
        return None
    targets = queries.alignment(year)
    named = {g.unit.id for t in targets for g in t.goals}
    named |= {k.unit for t in targets for k in t.kpis} | {i.unit for t in targets for i in t.initiatives}
    units = {u: queries.content.units[u] for u in sorted(named) if u in queries.content.units}
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
