"""`kpibook score UNIT [--round R] [--year Y]`: one scorecard as a terminal table.

The year defaults to the site's current year and the round to the latest round of that
year with results (the year to date). Exit status: 0 printed; 1 the content has errors
(printed, as `check` prints them); 2 an unknown unit, year or round, a round the unit does
not report in, or a unit without an agreement that year.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
from typing import Any

from builder.catalogue import load_catalogue
from builder.commands.common import EXIT_CONTENT, EXIT_OK, add_content_options, check_options, project_of
from builder.diagnostics import UsageError, format_report, summary_line
from builder.pipeline import load_and_check
from builder.queries import Queries, kind_label
from builder.scorecard_table import format_scorecard
from builder.scoring.scorecard import Scorecard, score_content


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("score", help="help.score", description="help.score.description")
    add_content_options(parser)
    parser.add_argument("unit", help="help.score.unit")
    parser.add_argument("--round", dest="round_id", metavar="ROUND", help="help.score.round")
    parser.add_argument("--year", type=int, metavar="YEAR", help="help.score.year")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = check_options(args, project_of(args))
    words = load_catalogue(options.themes)
    checked = load_and_check(options)
    lang = checked.language(options)
    if checked.content is None or checked.diagnostics.has_errors():
        print(format_report(checked.diagnostics, "text", lang, words), file=sys.stderr)
        return EXIT_CONTENT
    if checked.diagnostics.warnings:
        print(summary_line(checked.diagnostics, lang, words), file=sys.stderr)
    queries = Queries(checked.content, score_content(checked.content))
    card = select_card(queries, args.unit, args.year, args.round_id)
    print(format_scorecard(queries, card, lang, terminal_width(), words))
    return EXIT_OK


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
        raise UsageError(
            "usage.round-not-reported",
            unit=unit_id,
            kind=kind_label(content.site, unit.kind),
            round=round_id,
            rounds=known,
        )
    return card


def terminal_width() -> int:
    return max(60, shutil.get_terminal_size((100, 24)).columns)
