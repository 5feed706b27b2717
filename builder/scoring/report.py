"""One scorecard as a terminal table (`kpibook score UNIT`, see `builder/commands/score.py`).

Each KPI row shows its weight, the actual that counts (`*` when computed from the units
below), the self-assessed and the verified score and the weighted score; each group has a
subtotal, then come the total, the 100-point base and the band, so every total can be
recomputed by hand from the rows above it.

The year defaults to the site's current year and the round to the latest round of that
year with results (the year to date); `select_card` raises a `UsageError` naming what does
not exist: an unknown unit, year or round, a round the unit does not report in, or a unit
without an agreement that year.
"""

from __future__ import annotations

import difflib
import unicodedata
from decimal import Decimal

from builder.catalogue import Catalogue, default_catalogue, format_number
from builder.diagnostics import UsageError
from builder.echo import printable
from builder.model import Text
from builder.queries import Queries
from builder.scoring.scorecard import KpiScore, Scorecard


def _said(text: Text, lang: str) -> str:
    """A content text for the terminal: nothing in it can move the cursor or forge a line."""
    return printable(text.get(lang))


def select_card(queries: Queries, unit_id: str, year: int | None, round_id: str | None) -> Scorecard:
    """The scorecard asked for; a `UsageError` names what does not exist. Without a
    round, the year to date (the latest round with results), else the first round."""
    content = queries.content
    unit = content.units.get(unit_id)
    if unit is None:
        close = difflib.get_close_matches(unit_id, list(content.units), n=3)
        if close:
            raise UsageError("usage.unknown-unit-close", unit=unit_id, close=", ".join(close))
        raise UsageError("usage.unknown-unit", unit=unit_id)
    year = year or content.site.current_year
    if year is None or year not in content.site.fiscal_years:
        years = ", ".join(map(str, content.site.fiscal_years))
        raise UsageError("usage.unknown-year", year=year, years=years)
    if (unit_id, year) not in content.agreements:
        raise UsageError("usage.no-agreement", unit=unit_id, year=year)
    rounds = [r.id for r in queries.rounds_of(unit)]
    if round_id is None:
        chosen = queries.latest_card(unit, year) or next(iter(queries.all_cards(unit, year)), None)
        card = chosen[1] if chosen else None
    else:
        card = queries.scorebook.card(unit_id, year, round_id)
    if card is None and queries.round(round_id or "") is None:
        raise UsageError("usage.unknown-round", round=round_id, unit=unit_id, rounds=", ".join(rounds))
    if card is None:
        known = ", ".join(rounds) or "–"
        raise UsageError("usage.round-not-reported", unit=unit_id, kind=unit.kind, round=round_id, rounds=known)
    return card


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
        body.append([subtotal, _num(group.weight), "", "", "", _score(group.weighted)])
    body += [None, [words.text("score.total", lang), _num(card.weight_total), "", "", "", _score(card.total)]]
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
        lines.append(f"{words.text('score.base100', lang, factor=factor)}: {_score(card.total_100)}")
    band = _said(card.band.label, lang) if card.band else words.text("score.no-band", lang)
    lines.append(f"{words.text('score.band', lang)}: {band}")
    previous = queries.previous_year(card)
    if previous is not None and previous.reported_count:
        prev_band = f" ({_said(previous.band.label, lang)})" if previous.band else ""
        lines.append(f"{words.text('score.previous', lang, year=previous.year)}: {_score(previous.total)}{prev_band}")
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
    return [_score(row.self_score), _score(row.verified_score), _score(row.weighted)]


def _score(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _num(value: Decimal) -> str:
    return format_number(float(value))


# -- text width: Thai vowel and tone marks take no column of their own -----------------


def char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


# Thai vowels written before their consonant (เ แ โ ใ ไ) stay with the letter after them;
# vowels and the repetition mark written after it (ะ า ำ ๆ) stay with the letter before
LEADING_VOWELS = frozenset("เแโใไ")
FOLLOWING_SIGNS = frozenset("ะาำๅๆ")


def clusters(text: str) -> list[str]:
    """The smallest pieces a line may break between: a letter with its marks, never
    split, and a Thai leading vowel or following vowel kept with its consonant."""
    out: list[str] = []
    for char in text:
        joins_previous = char_width(char) == 0 or char in FOLLOWING_SIGNS
        if out and (joins_previous or out[-1][-1] in LEADING_VOWELS):
            out[-1] += char
        else:
            out.append(char)
    return out


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Lines of at most `width` columns (continuation lines indented by `indent`), broken at
    spaces where possible. Thai writes no spaces between words, so a run longer than a line
    fills the line and breaks between clusters (without a dictionary a word may break; a
    mark never leaves its letter)."""
    lines: list[str] = []
    line = ""

    def room() -> int:
        return width - (indent if lines else 0)

    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if display_width(candidate) <= room():
            line = candidate
            continue
        if line and display_width(word) <= width - indent:  # starts a line of its own
            lines.append(line)
            line = word
            continue
        line = f"{line} " if line else ""
        for piece in clusters(word):
            if display_width(line + piece) > room() and line.strip():
                lines.append(line.rstrip())
                line = ""
            line += piece
    if line:
        lines.append(line)
    return [lines[0], *(" " * indent + ln for ln in lines[1:])] if lines else []
