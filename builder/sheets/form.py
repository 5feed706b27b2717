"""What a results workbook holds: one sheet per unit (or per data collector named in the
KPI templates), one row per KPI due in the round, with what is known so far.

Pure: which KPIs are due, with which criteria, and the values of the round before and of
last year come from `builder.queries`; the writers (XLSX, CSV) only format the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from builder import owed
from builder.model import EMPTY, Criteria, Kpi, Result, Round, Text, Unit
from builder.queries import Queries, applies_to

Grouping = Literal["unit", "collector"]


@dataclass(frozen=True, slots=True)
class FormRow:
    unit: Unit
    kpi: Kpi
    criteria: Criteria  # the criteria this round is scored with
    previous: float | None  # the value that counted in the latest earlier round of the year
    last_year: float | None  # the value that counted in the same round a year earlier
    result: Result | None  # what the unit has reported for this round so far
    reported_on: str | None  # the date of the round's results file, ISO


@dataclass(frozen=True, slots=True)
class FormSheet:
    name: Text  # the unit's name, or the collector's (EMPTY: KPIs naming no collector)
    rows: tuple[FormRow, ...]
    unit: Unit | None = None  # the unit of a per-unit sheet


@dataclass(frozen=True)
class ResultsForm:
    year: int
    round: Round
    scheme: str  # five-level | three-tier: which criteria columns the sheets have
    by: Grouping
    sheets: tuple[FormSheet, ...]

    @property
    def rows(self) -> Iterable[FormRow]:
        return (row for sheet in self.sheets for row in sheet.rows)


def units_in_form(queries: Queries, year: int, round_: Round, tops: Sequence[str]) -> list[Unit]:
    """The units of the subtrees of `tops` (every unit without), in tree order, whose kind
    reports in the round and who have an agreement that year."""
    starts: Sequence[str | None] = tops or [None]
    units: dict[str, Unit] = {}
    for top in starts:
        for unit, _depth in queries.tree_order(top):
            if applies_to(round_, unit.kind) and (unit.id, year) in queries.content.agreements:
                units.setdefault(unit.id, unit)
    return list(units.values())


def results_form(queries: Queries, year: int, round_: Round, tops: Sequence[str], by: Grouping) -> ResultsForm:
    rows_by_unit = [
        (unit, unit_rows(queries, unit, year, round_)) for unit in units_in_form(queries, year, round_, tops)
    ]
    if by == "unit":
        sheets = tuple(FormSheet(unit.name, rows, unit) for unit, rows in rows_by_unit)
    else:
        sheets = by_collector(row for _unit, rows in rows_by_unit for row in rows)
    return ResultsForm(year, round_, queries.site.scoring.scheme, by, sheets)


def unit_rows(queries: Queries, unit: Unit, year: int, round_: Round) -> tuple[FormRow, ...]:
    agreement = queries.content.agreements[(unit.id, year)]
    results = queries.content.results.get((unit.id, year, round_.id))
    rows = []
    for item, criteria in queries.due_items(agreement, round_.id):
        kpi = queries.content.kpi(unit.id, item.kpi) or Kpi(unit=unit.id, id=item.kpi)
        rows.append(
            FormRow(
                unit=unit,
                kpi=kpi,
                criteria=criteria,
                previous=queries.value_before(unit, year, round_.id, kpi.id),
                last_year=queries.counted_value(unit.id, year - 1, round_.id, kpi.id),
                result=queries.result(unit.id, year, round_.id, kpi.id),
                reported_on=results.reported_on if results else None,
            )
        )
    return tuple(rows)


def by_collector(rows: Iterable[FormRow]) -> tuple[FormSheet, ...]:
    """One sheet per data collector (ผู้จัดเก็บข้อมูล) named in the KPI templates, grouped as
    the status report groups them (`builder.owed.by_collector`); KPIs naming none share one
    sheet, last."""
    return tuple(
        FormSheet(person.name if person is not None else EMPTY, found)
        for person, found in owed.by_collector(rows, lambda row: row.kpi.people.collector)
    )
