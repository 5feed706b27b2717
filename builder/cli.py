"""Command line: `python build.py [check|build|score] ...`.

Exit status: 0 clean, 1 content errors (or warnings with --strict), 2 usage errors.
Content problems never show a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from builder.diagnostics import ContentError, Diagnostics, UsageError, format_report, summary_line
from builder.options import PROJECT_ROOT, BuildOptions
from builder.pipeline import build, load_and_check, site_language

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content", help="content folder")
    parser.add_argument("--lang", choices=("th", "en"), help="language of messages and pages")
    parser.add_argument("--today", type=_date, default=dt.date.today(), help="date the check runs as")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="kpibook: check and build KPI handbooks")
    commands = parser.add_subparsers(dest="command")

    check = commands.add_parser("check", help="validate the content (for CI)")
    _common(check)
    check.add_argument("--strict", action="store_true", help="warnings fail the check too")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")

    build_cmd = commands.add_parser("build", help="build the site, JSON export and PDFs")
    _common(build_cmd)
    build_cmd.add_argument("--out", type=Path, default=PROJECT_ROOT / "output", help="output folder")
    build_cmd.add_argument("--unit", help="handbook for this unit's subtree only")
    build_cmd.add_argument(
        "--theme", type=Path, action="append", default=[], help="theme folder overriding the default"
    )
    build_cmd.add_argument("--no-pdf", action="store_true", help="skip the handbook and agreement PDFs")
    build_cmd.add_argument("--jobs", type=int, default=0, help="parallel PDF workers (0: one per core)")
    build_cmd.add_argument("--cache", type=Path, help="PDF cache folder (default: .kpibook-cache beside the output)")

    score = commands.add_parser("score", help="print a unit's scorecard")
    _common(score)
    score.add_argument("unit", help="unit id")
    score.add_argument("--round", dest="round_id", help="round id (default: the latest with results)")
    score.add_argument("--year", type=int, help="fiscal year, Buddhist Era (default: current)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    command = args.command or "build"
    if args.command is None:  # plain `python build.py`: build the example content
        args = make_parser().parse_args(["build"])
    try:
        if not args.content.is_dir():
            raise UsageError(f"content folder not found: {args.content}")
        if command == "check":
            return run_check(args)
        if command == "score":
            from builder.scoring.report import run_score

            return run_score(args)
        return run_build(args)
    except UsageError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def run_check(args: argparse.Namespace) -> int:
    options = BuildOptions(content=args.content, lang=args.lang, today=args.today)
    checked = load_and_check(options)
    lang = site_language(checked.content, options)
    print(format_report(checked.diagnostics, args.format, lang))
    failed = checked.diagnostics.has_errors() or (args.strict and checked.diagnostics.warnings)
    return EXIT_CONTENT if failed else EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    missing = [str(theme) for theme in args.theme if not theme.is_dir()]
    if missing:
        raise UsageError(f"theme folder not found: {', '.join(missing)}")
    options = BuildOptions(
        content=args.content,
        out=args.out,
        lang=args.lang,
        today=args.today,
        themes=(*args.theme, *BuildOptions().themes),
        unit=args.unit,
        pdf=not args.no_pdf,
        jobs=args.jobs,
        cache=args.cache,
    )
    started = time.perf_counter()
    try:
        diags = build(options)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics, exc.lang or options.lang)
        print("build.py: nothing written; the previous output is unchanged", file=sys.stderr)
        return EXIT_CONTENT
    _print_diagnostics(diags, options.lang)
    print(f"built {options.out} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return EXIT_OK


def _print_diagnostics(diags: Diagnostics, lang: str | None) -> None:
    lang = lang or "th"
    if len(diags):
        print(format_report(diags, "text", lang), file=sys.stderr)
    else:
        print(summary_line(diags, lang), file=sys.stderr)
