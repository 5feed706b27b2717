"""Questions over the process calendar: a step's days and state, the steps that name a
unit, each round's deadline, and the stamp of the calendar feeds.

**Deadlines.** The step whose `results_due` names a round gives that round's deadline:
the day the step ends (the planning office's internal date for the SAR, say, before it
goes to the OPDC). A round no step names is due on the last day it covers (a 6-month
round on 31 March): the deadline is never missing, only less precise.

Pure functions over the model; the site, the feeds, the status report and the rules ask
through `builder.queries`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Literal

from builder.fiscal import fiscal_year_end, fiscal_year_start, parse_iso, round_end
from builder.model import Round, Unit
from builder.model_year import Calendar, CalendarStep

StepState = Literal["done", "overdue", "under-way", "upcoming"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a round's results are due."""

    round: Round
    day: dt.date
    step: CalendarStep | None  # the step giving it; None: the last day of the round


def step_days(step: CalendarStep) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a step (None when its dates are missing: `check` says so)."""
    start, end = parse_iso(step.start), parse_iso(step.end)
    if start is None or end is None:
        return None
    return start, max(start, end)


def step_state(step: CalendarStep, today: dt.date) -> StepState:
    """Done when recorded as done; else overdue once its last day has passed, under way
    between its first and last day, upcoming before."""
    if step.done is not None:
        return "done"
    days = step_days(step)
    if days is None or today < days[0]:
        return "upcoming"
    return "overdue" if today > days[1] else "under-way"


def round_deadline(calendar: Calendar | None, year: int, round_: Round) -> Deadline:
    step = next((s for s in calendar.steps if s.results_due == round_.id), None) if calendar else None
    days = step_days(step) if step is not None else None
    if step is not None and days is not None:
        return Deadline(round_, days[1], step)
    return Deadline(round_, round_end(year, round_.months), None)


def steps_naming(calendar: Calendar | None, unit: Unit) -> tuple[CalendarStep, ...]:
    """The steps a unit is responsible for or takes part in, by its id or its kind."""
    if calendar is None:
        return ()
    return tuple(
        s for s in calendar.steps if s.responsible.names(unit.id, unit.kind) or s.involved.names(unit.id, unit.kind)
    )


def months_of(calendar: Calendar, year: int) -> tuple[dt.date, ...]:
    """The first day of every month the timeline shows: the fiscal year, widened to the
    steps before or after it (results due in October, site visits in December)."""
    first, last = fiscal_year_start(year), fiscal_year_end(year)
    for days in filter(None, map(step_days, calendar.steps)):
        first, last = min(first, days[0]), max(last, days[1])
    months, month = [], dt.date(first.year, first.month, 1)
    while month <= last:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return tuple(months)


def months_covered(step: CalendarStep, months: tuple[dt.date, ...]) -> tuple[bool, ...]:
    """One per timeline month (`months_of`): whether the step runs in it. The site's
    calendar page and the handbook's calendar chapter draw their bars from this."""
    days = step_days(step)
    if days is None:
        return tuple(False for _ in months)
    first, last = (dt.date(d.year, d.month, 1) for d in days)
    return tuple(first <= month <= last for month in months)


def feed_stamp(calendar: Calendar, year: int) -> dt.datetime:
    """When the calendar was last revised, for the feeds' DTSTAMP: never the clock, so two
    builds of one commit write the same bytes. `SOURCE_DATE_EPOCH` (set by reproducible
    builds to the commit's time) wins; else the calendar's `revised:` date; else the first
    day of its fiscal year."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    day = parse_iso(calendar.revised) or fiscal_year_start(year)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
