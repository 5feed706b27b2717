"""`kpibook status [--round R] [--year Y] [--unit U]`: who still owes what in a round.

Lists, by unit (or `--by collector`, by data collector with the contacts of the KPI
templates), the KPIs due in the round and not yet reported or not yet verified, with the
deadline and the days left or overdue; `--format json` prints the document the build
exports as `data/status/<year>/<round>.json`, for sending reminders. The round defaults
to the next one due (the first whose deadline has not passed, else the year's last); the
year to the site's current year. Individuals are left out unless the site publishes
individual results or `--individuals` asks for them (the office's own machine).

Exit status: 0 printed; 1 the content has errors (printed, as `check` prints them);
2 an unknown year, round or unit, or a year no unit has an agreement for.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from typing import Any

from builder.catalogue import load_catalogue
from builder.commands.common import EXIT_CONTENT, EXIT_OK, add_content_options, check_options, project_of
from builder.diagnostics import UsageError, format_report, summary_line
from builder.export_status import status_document
from builder.model import Round
from builder.owed_report import format_status
from builder.pipeline import load_and_check, site_language
from builder.queries import Queries


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("status", help="help.status", description="help.status.description")
    add_content_options(parser)
    parser.add_argument("--round", dest="round_id", metavar="ROUND", help="help.status.round")
    parser.add_argument("--year", type=int, metavar="YEAR", help="help.status.year")
    parser.add_argument("--unit", metavar="ID", help="help.status.unit")
    parser.add_argument("--by", choices=("unit", "collector"), default="unit", help="help.status.by")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="help.status.format")
    parser.add_argument("--individuals", action="store_true", help="help.status.individuals")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = check_options(args, project_of(args))
    words = load_catalogue(options.themes)
    checked = load_and_check(options)
    lang = site_language(checked.content, options)
    if checked.content is None or checked.diagnostics.has_errors():
        print(format_report(checked.diagnostics, "text", lang, words), file=sys.stderr)
        return EXIT_CONTENT
    if checked.diagnostics.warnings and args.format == "text":
        print(summary_line(checked.diagnostics, lang, words), file=sys.stderr)
    queries = Queries(checked.content)
    year = _year(queries, args.year)
    round_ = _round(queries, year, args.round_id, options.today)
    if args.unit is not None and args.unit not in queries.content.units:
        close = difflib.get_close_matches(args.unit, list(queries.content.units), n=3)
        if close:
            raise UsageError("usage.unknown-unit-close", unit=args.unit, close=", ".join(close))
        raise UsageError("usage.unknown-unit", unit=args.unit)
    include_people = args.individuals or queries.site.publish_individual_results
    status = queries.round_status(year, round_, options.today, include_people, args.unit)
    if args.format == "json":
        print(json.dumps(status_document(status), ensure_ascii=False, indent=2))
    else:
        print(format_status(status, lang, args.by, words))
    return EXIT_OK


def _year(queries: Queries, year: int | None) -> int:
    years = queries.site.fiscal_years
    chosen = year or queries.current_year
    if chosen is None or chosen not in years:
        raise UsageError("usage.unknown-year", year=chosen, years=", ".join(map(str, years)))
    return chosen


def _round(queries: Queries, year: int, round_id: str | None, today: Any) -> Round:
    rounds = queries.rounds_in_use(year)
    if not rounds:
        raise UsageError("usage.status-no-agreements", year=year)
    if round_id is None:
        chosen = queries.next_round(year, today)
        assert chosen is not None  # some round is in use
        return chosen
    found = next((r for r in rounds if r.id == round_id), None)
    if found is None:
        raise UsageError(
            "usage.status-unknown-round", round=round_id, year=year, rounds=", ".join(r.id for r in rounds)
        )
    return found
