"""`kpibook check`: validate the content, report every problem located, for people and CI.

Exit status: 0 clean; 1 errors (or warnings with `--strict`); 2 usage errors.
"""

from __future__ import annotations

import argparse
from typing import Any

from builder.catalogue import load_catalogue
from builder.commands.common import EXIT_CONTENT, EXIT_OK, add_content_options, check_options, project_of
from builder.diagnostics import OUTPUT_FORMATS, format_report
from builder.pipeline import load_and_check


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("check", help="help.check", description="help.check.description")
    add_content_options(parser)
    parser.add_argument("--strict", action="store_true", help="help.check.strict")
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="text", help="help.check.format")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = check_options(args, project_of(args))
    words = load_catalogue(options.themes)
    checked = load_and_check(options)
    lang = checked.language(options)
    print(format_report(checked.diagnostics, args.format, lang, words))
    failed = checked.diagnostics.has_errors() or (args.strict and checked.diagnostics.warnings)
    return EXIT_CONTENT if failed else EXIT_OK
