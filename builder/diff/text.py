"""The diff for a terminal: one block per unit, changes as `what  KPI  when: before → after`,
then its scorecards that moved and the problems introduced or fixed. Content is made
printable (no escape sequence or forged line reaches the terminal)."""

from __future__ import annotations

from builder.catalogue import format_score
from builder.diagnostics import Diagnostic
from builder.diff.report import Change, DiffReport, ScoreImpact, UnitDiff
from builder.diff.wording import Wording, delta
from builder.echo import printable


def render_text(report: DiffReport, lang: str) -> str:
    say = Wording(lang)
    lines = [f"{say('diff.title')}: {printable(say.side(report.base))} → {printable(say.side(report.head))}"]
    lines.append(say.summary(report))
    for side in (report.base, report.head):
        if not side.loaded:
            lines.append(say("diff.not-loaded", side=printable(say.side(side))))
    if report.site:
        lines += ["", say("diff.heading.site")]
        lines += [f"  {_change(say, report, None, c)}" for c in report.site]
    if report.introduced or report.fixed:
        lines += ["", say("diff.heading.outside")]
        lines += _diagnostics(say, report, report.introduced, report.fixed)
    for unit in report.units:
        lines += ["", _unit_heading(say, unit)]
        lines += [f"  {_change(say, report, unit, c)}" for c in unit.changes]
        for impact in unit.scores:
            lines += _score(say, report, unit, impact)
        lines += _diagnostics(say, report, unit.introduced, unit.fixed)
    if not report.units and not report.site and not report.introduced and not report.fixed:
        lines += ["", say("diff.no-change")]
    return "\n".join(lines)


def _unit_heading(say: Wording, unit: UnitDiff) -> str:
    return f"{unit.unit}  {printable(say.text(unit.name))}  [{say(f'diff.status.{unit.status}')}]"


def _change(say: Wording, report: DiffReport, unit: UnitDiff | None, change: Change) -> str:
    subject = printable(say.kpi(unit, change.kpi)) if unit is not None else ""
    when = printable(say.when(change, report))
    before, after = (printable(v) for v in say.before_after(change))
    head = "  ".join(p for p in (say.what(change), subject, when) if p)
    if before and after:
        return f"{head}: {before} → {after}"
    return f"{head}: {before or after}" if before or after else head


def _score(say: Wording, report: DiffReport, unit: UnitDiff, impact: ScoreImpact) -> list[str]:
    band = printable(say.band(impact.band))
    line = (
        f"  {say('diff.heading.scores')} {impact.year} {printable(say.round(impact.round, report))}: "
        f"{format_score(impact.total[0])} → {format_score(impact.total[1])} ({delta(impact.delta)}), {band}"
    )
    if impact.via_rollup:
        line += f" ({say('diff.rollup')})"
    return [line, *(f"      {printable(say.row(unit, row))}" for row in impact.rows)]


def _diagnostics(
    say: Wording, report: DiffReport, introduced: tuple[Diagnostic, ...], fixed: tuple[Diagnostic, ...]
) -> list[str]:
    lines = []
    for d in introduced:
        lines.append(f"  {say('diff.heading.introduced')}: {d.format(say.lang)}".replace("\n", "\n    "))
    in_base = say("diff.in-side", side=printable(say.side(report.base)))
    for d in fixed:
        lines.append(f"  {say('diff.heading.fixed')} ({in_base}): {d.format(say.lang)}".replace("\n", "\n    "))
    return lines
