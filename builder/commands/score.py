"""`kpibook score UNIT [--round R] [--year Y]`: one scorecard as a terminal table.

The year defaults to the site's current year and the round to the latest round of that
year with results (the year to date). Exit status: 0 printed; 1 the content has errors
(printed, as `check` prints them); 2 an unknown unit, year or round, a round the unit does
not report in, or a unit without an agreement that year.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import Any

from builder.catalogue import load_catalogue
from builder.commands.common import EXIT_CONTENT, EXIT_OK, add_content_options, check_options, project_of
from builder.diagnostics import format_report, summary_line
from builder.pipeline import load_and_check
from builder.queries import Queries
from builder.scoring.report import format_scorecard, select_card
from builder.scoring.scorecard import score_content


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


def terminal_width() -> int:
    return max(60, shutil.get_terminal_size((100, 24)).columns)
