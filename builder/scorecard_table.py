"""One scorecard as a terminal table (what `kpibook score UNIT` prints).

Each KPI row shows its weight, the actual that counts (`*` when computed from the units
below), the self-assessed and the verified score and the weighted score; each group has a
subtotal, then come the total, the 100-point base and the band, so every total can be
recomputed by hand from the rows above it. Words come from the catalogue (`score.*`),
widths and line breaks from `builder.thaitext` (a Thai mark takes no column; a Thai name
wraps between words).
"""

from __future__ import annotations

from decimal import Decimal

from builder import thaitext
from builder.catalogue import Catalogue, default_catalogue, format_number, format_score
from builder.echo import printable
from builder.model import Text
from builder.queries import Queries
from builder.scoring.scorecard import KpiScore, Scorecard
from builder.thaitext import display_width


def _said(text: Text, lang: str) -> str:
    """A content text for the terminal: nothing in it can move the cursor or forge a line."""
    return printable(text.get(lang))


# -- the table -------------------------------------------------------------------------


def format_scorecard(
    queries: Queries, card: Scorecard, lang: str, width: int = 100, words: Catalogue | None = None
) -> str:
    """The scorecard as text `width` columns wide; `words`: the run's catalogue (`score.*`)."""
    words = words or default_catalogue()
    content = queries.content
    unit = content.units[card.unit]
    round_ = queries.round(card.round)
    round_name = _said(round_.name, lang) if round_ else card.round
    lines = [
        f"{words.text('score.title', lang)}: {_said(unit.name, lang)} [{unit.id}]",
        f"{words.fiscal_year(card.year, lang)} · {round_name} · {words.text(f'score.scheme.{card.scheme}', lang)}",
    ]
    if queries.is_latest(card):
        lines.append(f"({words.text('score.ytd', lang)})")
    lines += ["", *_table(queries, card, lang, width, words), ""]
    lines += _footer(queries, card, lang, words)
    return "\n".join(lines)


def _table(queries: Queries, card: Scorecard, lang: str, width: int, words: Catalogue) -> list[str]:
    header = [words.text(f"score.{k}", lang) for k in ("kpi", "weight", "actual", "self", "verified", "weighted")]
    body: list[list[str] | str | None] = []  # a row of cells, a group heading, or None: a rule
    number = 0
    rows_by_group: dict[str, list[KpiScore]] = {}
    for row in card.rows:
        rows_by_group.setdefault(row.group, []).append(row)
    for group in card.groups:
        group_name = _said(queries.group_name(group.group), lang)
        body.append(group_name)
        for row in rows_by_group.get(group.group, []):
            number += 1
            kpi = queries.content.kpi(card.unit, row.kpi)
            name = _said(kpi.name, lang) if kpi and kpi.name else row.kpi
            if row.due:
                body.append([f"{number}. {name}", _num(row.weight), _actual(row, lang, words), *_scores(row)])
            else:  # listed, not part of the round: its weight in brackets, no scores
                status = words.text("score.cancelled" if row.status == "cancelled" else "score.not-due", lang)
                body.append([f"{number}. {name}", f"({_num(row.weight)})", status, "", "", ""])
        subtotal = f"{words.text('score.subtotal', lang)} {group_name}"
        body.append([subtotal, _num(group.weight), "", "", "", format_score(group.weighted)])
    body += [None, [words.text("score.total", lang), _num(card.weight_total), "", "", "", format_score(card.total)]]
    return _layout(header, body, width)


def _layout(header: list[str], body: list[list[str] | str | None], width: int) -> list[str]:
    cells = [header, *(r for r in body if isinstance(r, list))]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]
    others = sum(widths[1:]) + 2 * (len(widths) - 1)
    widths[0] = max(20, min(widths[0], width - others))
    rule = "─" * (sum(widths) + 2 * (len(widths) - 1))
    lines = [*_row_lines(header, widths), rule]
    for row in body:
        if row is None:
            lines.append(rule)
        elif isinstance(row, str):
            lines += wrap(row, len(rule))
        else:
            lines += _row_lines(row, widths)
    return lines


def _row_lines(cells: list[str], widths: list[int]) -> list[str]:
    """One table row; the first cell wraps, numbers align right on its first line."""
    first, *rest = cells
    name_lines = wrap(first, widths[0], indent=3) or [""]
    numbers = "  ".join(pad(cell, w, right=True) for cell, w in zip(rest, widths[1:], strict=True))
    lines = [f"{pad(name_lines[0], widths[0])}  {numbers}".rstrip()]
    lines += [line.rstrip() for line in name_lines[1:]]
    return lines


def _footer(queries: Queries, card: Scorecard, lang: str, words: Catalogue) -> list[str]:
    lines: list[str] = []
    if card.total_100 is not None:
        factor = format_number(float(Decimal(100) / card.scale))
        lines.append(f"{words.text('score.base100', lang, factor=factor)}: {format_score(card.total_100)}")
    band = _said(card.band.label, lang) if card.band else words.text("score.no-band", lang)
    lines.append(f"{words.text('score.band', lang)}: {band}")
    previous = queries.previous_year(card)
    if previous is not None and previous.reported_count:
        prev_band = f" ({_said(previous.band.label, lang)})" if previous.band else ""
        lines.append(
            f"{words.text('score.previous', lang, year=previous.year)}: {format_score(previous.total)}{prev_band}"
        )
    if any(r.computed for r in card.rows):
        lines.append(words.text("score.computed", lang))
    if card.due_count < len(card.rows):
        lines.append(words.text("score.due-note", lang, due=card.due_count, all=len(card.rows)))
    numbers = _numbers(card)
    own = [numbers[r.kpi] for r in card.rows if r.due and r.terms and (r.terms.round_criteria or r.terms.round_weight)]
    if own:
        lines.append(words.text("score.round-terms", lang, kpis=", ".join(map(str, sorted(own)))))
    lines.append(words.text("score.formula", lang, total=_num(card.weight_total)))
    reasons = [(i, _said(r.reason, lang)) for i, r in enumerate(card.rows, start=1) if r.reason]
    if reasons:
        lines.append(f"{words.text('score.reasons', lang)}:")
        lines += [f"  {i}. {text}" for i, text in reasons]
    return lines


def _numbers(card: Scorecard) -> dict[str, int]:
    """Each row's number in the table (rows are listed group by group)."""
    order = [row.kpi for group in card.groups for row in card.rows if row.group == group.group]
    return {kpi: number for number, kpi in enumerate(order, start=1)}


def _actual(row: KpiScore, lang: str, words: Catalogue) -> str:
    if not row.reported:
        return "–"
    if row.level is not None:
        changed = row.self_level is not None and row.self_level != row.level
        text = words.text("score.level", lang, level=f"{row.self_level} → {row.level}" if changed else row.level)
        return f"{text} +{format_number(row.partial)}" if row.partial else text
    if row.actual is None:
        return "–"
    shown = format_number(row.actual) + ("*" if row.computed else "")
    if row.self_actual is not None and row.self_actual != row.actual:
        return f"{format_number(row.self_actual)} → {shown}"
    return shown


def _scores(row: KpiScore) -> list[str]:
    return [format_score(row.self_score), format_score(row.verified_score), format_score(row.weighted)]


def _num(value: Decimal) -> str:
    return format_number(float(value))


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Lines of at most `width` columns, the lines after the first indented by `indent`."""
    lines = thaitext.wrap(text, width, thaitext.columns, later_width=width - indent)
    return [lines[0], *(" " * indent + line for line in lines[1:])] if lines else []
