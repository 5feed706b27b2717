"""The diff as Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the score
impact of the whole change first, then one collapsible section per unit (`<details>`).

Content is untrusted here too: every text from it is escaped for Markdown and HTML, and an
`@` gets a zero-width space after it, so a KPI name can neither inject a link, an image or
markup into the comment nor mention (and notify) anyone. The comment stays within
GitHub's size limit for one comment: units past `MAX_CHARS` are counted, not shown.
"""

from __future__ import annotations

import html
import re

from builder.catalogue import format_score
from builder.diagnostics import Diagnostic
from builder.diff.report import DiffReport, UnitDiff
from builder.diff.wording import Wording, delta
from builder.echo import printable

MAX_CHARS = 60_000  # GitHub refuses comments over 65,536 characters
_INLINE = re.compile(r"([\\`*_\[\]|~])")  # emphasis, code, links and images, table cells, strikethrough
_LEADING = re.compile(r"^(\s*|\s*\d+)([#+=>-]|(?<=\d)[.)])")  # a heading, list or quote starting a line


def md(text: str) -> str:
    """Content text inside Markdown: whatever Markdown or HTML would read as markup is escaped."""
    escaped = _INLINE.sub(r"\\\1", html.escape(printable(text), quote=False))
    return _no_mentions(_LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped))


def raw_html(text: str) -> str:
    """Content text inside an HTML element (a summary line), where Markdown does not apply."""
    return _no_mentions(html.escape(printable(text)))


def code(text: str) -> str:
    return f"<code>{raw_html(text)}</code>"


def _no_mentions(text: str) -> str:
    return text.replace("@", "@\u200b")


def render_markdown(report: DiffReport, lang: str) -> str:
    say = Wording(lang)
    parts = [
        f"## {say('diff.title')}: {code(say.side(report.base))} → {code(say.side(report.head))}",
        "",
        say.summary(report),
    ]
    for side in (report.base, report.head):
        if not side.loaded:
            parts += ["", f"> {md(say('diff.not-loaded', side=say.side(side)))}"]
    if report.score_impacts:
        parts += ["", *_score_table(say, report)]
    if report.site:
        parts += ["", f"### {say('diff.heading.site')}", "", *_change_table(say, report, None)]
    if report.introduced or report.fixed:
        parts += [
            "",
            f"### {say('diff.heading.outside')}",
            "",
            *_diagnostics(say, report, report.introduced, report.fixed),
        ]
    if not report.units and not report.site and not report.introduced and not report.fixed:
        parts += ["", say("diff.no-change")]
    shown = "\n".join(parts)
    left = list(report.units)
    while left:
        section = "\n\n" + _unit_section(say, report, left[0])
        if len(shown) + len(section) > MAX_CHARS:
            break
        shown += section
        left.pop(0)
    if left:
        shown += "\n\n" + md(say("diff.more-units", count=len(left)))
    return shown + "\n"


def _score_table(say: Wording, report: DiffReport) -> list[str]:
    header = [say(f"diff.col.{c}") for c in ("unit", "when", "before", "after", "change", "band")]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * 2 + "---:|" * 3 + "---|"]
    for unit, impact in report.score_impacts:
        name = f"{md(say.text(unit.name))} {code(unit.unit)}"
        when = f"{impact.year} {md(say.round(impact.round, report))}"
        if impact.via_rollup:
            when += f" ({md(say('diff.rollup'))})"
        cells = [
            name,
            when,
            format_score(impact.total[0]),
            format_score(impact.total[1]),
            delta(impact.delta),
            md(say.band(impact.band)),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _change_table(say: Wording, report: DiffReport, unit: UnitDiff | None) -> list[str]:
    changes = report.site if unit is None else unit.changes
    header = [say(f"diff.col.{c}") for c in ("what", "kpi", "when", "before", "after")]
    rows = ["| " + " | ".join(header) + " |", "|---|---|---|---|---|"]
    for change in changes:
        kpi = ""
        if unit is not None and change.kpi is not None:
            name = say.text(unit.kpi_names.get(change.kpi))
            kpi = f"{md(name)} {code(change.kpi)}" if name and name != change.kpi else code(change.kpi)
        before, after = say.before_after(change)
        cells = [md(say.what(change)), kpi, md(say.when(change, report)), md(before), md(after)]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _unit_section(say: Wording, report: DiffReport, unit: UnitDiff) -> str:
    summary = (
        f"<b>{raw_html(say.text(unit.name))}</b> {code(unit.unit)} · {raw_html(say(f'diff.status.{unit.status}'))}"
    )
    for impact in unit.scores[:1]:
        when = f"{impact.year} {raw_html(say.round(impact.round, report))}"
        summary += f" · {when} {format_score(impact.total[0])} → {format_score(impact.total[1])}"
    body = [f"<details><summary>{summary}</summary>", ""]
    if unit.changes:
        body += [*_change_table(say, report, unit), ""]
    if unit.scores:
        body += [f"**{say('diff.heading.scores')}**", ""]
        for impact in unit.scores:
            line = (
                f"- {impact.year} {md(say.round(impact.round, report))}: {format_score(impact.total[0])} → "
                f"{format_score(impact.total[1])} ({delta(impact.delta)}), {md(say.band(impact.band))}"
            )
            if impact.via_rollup:
                line += f" ({md(say('diff.rollup'))})"
            body.append(line)
            body += [f"  - {md(say.row(unit, row))}" for row in impact.rows]
        body.append("")
    if unit.introduced or unit.fixed:
        body += [*_diagnostics(say, report, unit.introduced, unit.fixed), ""]
    body.append("</details>")
    return "\n".join(body)


def _diagnostics(
    say: Wording, report: DiffReport, introduced: tuple[Diagnostic, ...], fixed: tuple[Diagnostic, ...]
) -> list[str]:
    lines = []
    for heading, found, suffix in (
        ("diff.heading.introduced", introduced, ""),
        ("diff.heading.fixed", fixed, f" ({say('diff.in-side', side=say.side(report.base))})"),
    ):
        if not found:
            continue
        lines += [f"**{say(heading)}**{md(suffix)}", ""]
        for d in found:
            where = f"{d.loc.path}:{d.loc.line}:{d.loc.column}"
            lines.append(f"- {code(where)} {d.severity} {code(d.code)}: {md(d.message(say.lang))}")
            for r in d.related:
                lines.append(f"  - {code(f'{r.loc.path}:{r.loc.line}:{r.loc.column}')} {md(r.message(say.lang))}")
        lines.append("")
    return lines[:-1] if lines else lines
