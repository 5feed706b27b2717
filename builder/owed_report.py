"""Who still owes what, as terminal text (`kpibook status`, see `builder/commands/status.py`).

A heading with the round, the deadline and the days left or overdue, the counts, then
every KPI owed, grouped by unit or by data collector, each with its state and the
collector's contacts. Words come from the catalogue (`status.*`); content is made
printable before it is echoed.
"""

from __future__ import annotations

from builder.catalogue import Catalogue, default_catalogue
from builder.echo import printable
from builder.model import Person, Text
from builder.owed import OwedKpi, RoundStatus


def format_status(status: RoundStatus, lang: str, by: str = "unit", words: Catalogue | None = None) -> str:
    words = words or default_catalogue()
    lines = [
        words.text(
            "status.title", lang, round=_said(status.round.name, lang), year=words.fiscal_year(status.year, lang)
        ),
        _deadline(status, lang, words),
        words.text(
            "status.counts",
            lang,
            due=status.due,
            reported=status.reported,
            verified=status.verified,
            missing=status.missing,
            unverified=status.unverified,
        ),
    ]
    if status.people_left_out:
        lines.append(words.text("status.people-left-out", lang))
    if not status.owed:
        return "\n".join([*lines, "", words.text("status.none", lang)])
    if by == "collector":
        for collector_group in status.by_collector():
            lines += ["", _collector(collector_group.collector, lang, words)]
            lines += [_row(o, lang, words, with_unit=True) for o in collector_group.owed]
    else:
        for unit_group in status.by_unit():
            lines += ["", f"{_said(unit_group.unit.name, lang)} [{printable(unit_group.unit.id)}]"]
            for owed in unit_group.owed:
                lines.append(_row(owed, lang, words, with_unit=False))
                collector = _collector(owed.collector, lang, words)
                lines.append("    " + words.text("status.collector", lang, collector=collector))
    return "\n".join(lines)


def _deadline(status: RoundStatus, lang: str, words: Catalogue) -> str:
    deadline = status.deadline
    where = _said(deadline.step.name, lang) if deadline.step else words.text("status.round-end", lang)
    key = {"left": "status.days-left", "today": "status.due-today", "overdue": "status.days-overdue"}
    left = words.text(key.get(status.timing, "status.days-past"), lang, count=abs(status.days_left))
    return words.text("status.deadline", lang, date=words.date(deadline.day, lang), step=where, days=left)


def _row(owed: OwedKpi, lang: str, words: Catalogue, with_unit: bool) -> str:
    name = _said(owed.kpi.name, lang) if owed.kpi else ""
    unit = f"{_said(owed.unit.short_name or owed.unit.name, lang)} [{printable(owed.unit.id)}] " if with_unit else ""
    state = words.text("status.state.missing" if owed.state == "missing" else "status.state.unverified", lang)
    return f"  - {unit}{printable(owed.kpi_id)}: {name} [{state}]"


def _collector(person: Person | None, lang: str, words: Catalogue) -> str:
    if person is None or not person.name:
        return words.text("status.no-collector", lang)
    parts = [_said(person.name, lang)]
    if person.position:
        parts.append(_said(person.position, lang))
    if person.phone:
        parts.append(words.text("status.phone", lang, phone=printable(person.phone)))
    if person.email:
        parts.append(printable(person.email))
    return " · ".join(parts)


def _said(text: Text, lang: str) -> str:
    return printable(text.get(lang))
