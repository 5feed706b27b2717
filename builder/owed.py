"""Who still owes what in a reporting round: the KPIs due and not yet reported, or
reported and not yet verified, with the unit, the KPI template's data collector (and
their contacts) and the days left to the round's deadline or past it.

- **Due** is the domain's answer, not this module's: `Queries.due_kpis` (a KPI is due in
  a round by its reporting rounds; amendments and per-round terms decide it where the
  agreement has them).
- **Reported** means the unit's results file of the round holds the KPI; **verified**
  that the result carries the committee's verified assessment (`verified:`).
- **Deadline**: `builder.timeline` (the calendar's step, else the round's last day).
- **Individuals**: a person's unreported KPIs are personal data like their results; they
  are left out unless `include_people` (the site's `publish_individual_results`, or the
  office asking for them on its own machine).

Pure over the model and the queries; the site's owed pages, the JSON export and
`kpibook status` all format one `RoundStatus`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Literal, TypeVar

from builder.model import Kpi, Person, Round, Text, Unit
from builder.timeline import Deadline

T = TypeVar("T")

if TYPE_CHECKING:
    from builder.queries import Queries
    from builder.unit_pieces import Pieces

OwedState = Literal["missing", "unverified"]


@dataclass(frozen=True, slots=True)
class OwedKpi:
    unit: Unit
    kpi_id: str
    kpi: Kpi | None
    state: OwedState
    collector: Person | None  # the KPI template's data collector (ผู้จัดเก็บข้อมูล)
    reported_on: str | None  # the date of the unit's report of the round, when there is one


@dataclass(frozen=True, slots=True)
class CollectorGroup:
    """One data collector and what they still owe; `collector` None: not named."""

    collector: Person | None
    owed: tuple[OwedKpi, ...]


@dataclass(frozen=True, slots=True)
class UnitGroup:
    unit: Unit
    owed: tuple[OwedKpi, ...]


Timing = Literal["left", "today", "overdue", "past"]


def timing(days_left: int, owing: bool) -> Timing:
    """A deadline `days_left` days away (negative: passed), with KPIs still to report or not."""
    if days_left > 0:
        return "left"
    if days_left == 0:
        return "today"
    return "overdue" if owing else "past"


@dataclass(frozen=True, slots=True)
class RoundStatus:
    year: int
    round: Round
    deadline: Deadline
    today: dt.date
    due: int  # KPIs due in the round (in the units shown)
    reported: int
    verified: int
    owed: tuple[OwedKpi, ...]  # in unit tree order, then agreement order
    people_left_out: bool  # individuals are not shown
    # the groupings, each made once (kept as the list's one item): the owed page of each
    # language and the status export ask for them
    _by_unit: list[tuple[UnitGroup, ...]] = field(default_factory=list, init=False, repr=False, compare=False)
    _by_collector: list[tuple[CollectorGroup, ...]] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def days_left(self) -> int:
        """Days from today to the deadline; negative once it has passed."""
        return (self.deadline.day - self.today).days

    @property
    def timing(self) -> Timing:
        """Where the round stands against its reporting deadline: `left` (days to go),
        `today`, `overdue` (passed with KPIs not yet reported) or `past` (passed, none of
        the KPIs shown unreported: not late, whatever still waits for verification; a round
        of individuals left out shows none)."""
        return timing(self.days_left, self.missing > 0)

    @property
    def missing(self) -> int:
        return sum(1 for o in self.owed if o.state == "missing")

    @property
    def unverified(self) -> int:
        return sum(1 for o in self.owed if o.state == "unverified")

    def by_unit(self) -> tuple[UnitGroup, ...]:
        if not self._by_unit:
            groups: dict[str, list[OwedKpi]] = {}
            for owed in self.owed:
                groups.setdefault(owed.unit.id, []).append(owed)
            self._by_unit.append(tuple(UnitGroup(kpis[0].unit, tuple(kpis)) for kpis in groups.values()))
        return self._by_unit[0]

    def by_collector(self) -> tuple[CollectorGroup, ...]:
        """Collectors in the order they first appear; KPIs naming no collector last."""
        if not self._by_collector:
            grouped = by_collector(self.owed, lambda owed: owed.collector)
            self._by_collector.append(tuple(CollectorGroup(person, kpis) for person, kpis in grouped))
        return self._by_collector[0]


def by_collector(
    items: Iterable[T], collector_of: Callable[[T], Person | None]
) -> list[tuple[Person | None, tuple[T, ...]]]:
    """Items grouped by their data collector (ผู้จัดเก็บข้อมูล), one person by name (Thai and
    English) with every contact any of their KPI templates gives, in the order they first
    appear; items naming no collector last (person None). The status report and the
    per-collector results form both group this way."""
    groups: dict[tuple[str, str], list[T]] = {}
    people: dict[tuple[str, str], list[Person]] = {}
    unnamed: list[T] = []
    for item in items:
        person = collector_of(item)
        if person is None or not person.name:
            unnamed.append(item)
            continue
        key = (person.name.th, person.name.en)
        groups.setdefault(key, []).append(item)
        people.setdefault(key, []).append(person)
    named: list[tuple[Person | None, tuple[T, ...]]] = [
        (merged_contact(people[key]), tuple(found)) for key, found in groups.items()
    ]
    return named + ([(None, tuple(unnamed))] if unnamed else [])


def merged_contact(people: Iterable[Person | None]) -> Person:
    """One person named in several KPI templates, with every contact any of them gives."""
    found = [p for p in people if p is not None]
    first = found[0]
    return Person(
        name=first.name,
        position=next((p.position for p in found if p.position), Text()),
        phone=next((p.phone for p in found if p.phone), ""),
        email=next((p.email for p in found if p.email), ""),
        loc=first.loc,
    )


def _contact(queries: Queries, person: Person | None) -> Person | None:
    """The collector with every contact the KPI templates give for them, by name."""
    if person is None or not person.name:
        return person
    return queries.collector_contacts.get((person.name.th, person.name.en), person)


@dataclass(frozen=True, slots=True)
class UnitOwes:
    """One unit's part of a round's status: its KPIs due, reported and verified, and
    what it still owes. `left_out`: a person whose KPIs are not shown."""

    due: int = 0
    reported: int = 0
    verified: int = 0
    owed: tuple[OwedKpi, ...] = ()
    left_out: bool = False


NOT_REPORTING = UnitOwes()


def round_status(
    queries: Queries,
    year: int,
    round_: Round,
    today: dt.date,
    include_people: bool,
    top: str | None = None,
    parts: Pieces | None = None,
) -> RoundStatus:
    """The round's status over every unit reporting in it (or the subtree of `top`).
    `parts` (`kpibook serve`): each unit's part kept from the last build while the unit's
    facts are unchanged; they must have been made with the same collector contacts."""
    due = reported = verified = 0
    owed: list[OwedKpi] = []
    left_out = False
    for unit, _depth in queries.tree_order(top):
        make = partial(unit_owes, queries, unit, year, round_, include_people)
        part = parts.get(unit.id, ("owes", year, round_.id, include_people), make) if parts else make()
        due, reported, verified = due + part.due, reported + part.reported, verified + part.verified
        owed.extend(part.owed)
        left_out = left_out or part.left_out
    return RoundStatus(
        year=year,
        round=round_,
        deadline=queries.deadline(year, round_),
        today=today,
        due=due,
        reported=reported,
        verified=verified,
        owed=tuple(owed),
        people_left_out=left_out,
    )


def unit_owes(queries: Queries, unit: Unit, year: int, round_: Round, include_people: bool) -> UnitOwes:
    """One unit's part of the round's status (from its own facts and the collectors'
    contacts only)."""
    content = queries.content
    agreement = content.agreements.get((unit.id, year))
    if agreement is None or round_ not in queries.rounds_of(unit):
        return NOT_REPORTING
    if unit.is_person and not include_people:
        return UnitOwes(left_out=True)
    result_set = content.results.get((unit.id, year, round_.id))
    due = reported = verified = 0
    owed: list[OwedKpi] = []
    for kpi_id in queries.due_kpis(agreement, round_.id):
        due += 1
        result = queries.result(unit.id, year, round_.id, kpi_id)
        kpi = content.kpi(unit.id, kpi_id)
        if result is not None:
            reported += 1
            if result.verified is not None:
                verified += 1
                continue
        owed.append(
            OwedKpi(
                unit=unit,
                kpi_id=kpi_id,
                kpi=kpi,
                state="missing" if result is None else "unverified",
                collector=_contact(queries, kpi.people.collector) if kpi else None,
                reported_on=result_set.reported_on if result_set else None,
            )
        )
    return UnitOwes(due, reported, verified, tuple(owed))
