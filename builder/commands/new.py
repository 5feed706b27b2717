"""`kpibook new unit ID --parent P --kind K` and `kpibook new year YYYY`.

`new unit` adds a unit folder linked into the tree: unit.yaml, an empty kpis.yaml and an
empty draft agreement for the current year. `new year` is the yearly rollover: the year
is added to site.yaml and every agreement of the last year is copied to the new year as
an unsigned draft with last year's criteria, last year's actuals becoming the baselines
(`builder/authoring.py`). `check` then warns on every draft still unsigned. The content
must be free of errors first (exit 1, the errors printed); nothing is written otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from builder import authoring
from builder.catalogue import default_catalogue
from builder.commands.common import EXIT_CONTENT, EXIT_OK, add_content_options, check_options, project_of
from builder.commands.init import ID
from builder.diagnostics import UsageError, format_report
from builder.model import Content
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.scoring.scorecard import score_content


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("new", help="help.new", description="help.new.description")
    what = parser.add_subparsers(dest="what", title="help.new.what", metavar="WHAT", required=True)

    unit = what.add_parser("unit", help="help.new.unit", description="help.new.unit.description")
    unit.add_argument("id", metavar="ID", help="help.new.unit.id")
    unit.add_argument("--parent", required=True, metavar="ID", help="help.new.unit.parent")
    unit.add_argument("--kind", required=True, metavar="KIND", help="help.new.unit.kind")
    unit.add_argument("--name", help="help.new.unit.name")
    add_content_options(unit)
    unit.set_defaults(run=run_unit)

    year = what.add_parser("year", help="help.new.year", description="help.new.year.description")
    year.add_argument("year", type=int, metavar="YYYY", help="help.new.year.year")
    add_content_options(year)
    year.set_defaults(run=run_year)


def run_unit(args: argparse.Namespace) -> int:
    if not ID.fullmatch(args.id):
        raise UsageError("usage.bad-id", id=args.id)
    project = project_of(args)
    content, lang = _clean_content(check_options(args, project))
    if content is None:
        return EXIT_CONTENT
    changes = authoring.new_unit(project.content, content, args.id, args.parent, args.kind, args.name or args.id)
    _write(changes, project.content, lang)
    return EXIT_OK


def run_year(args: argparse.Namespace) -> int:
    if not 2400 <= args.year <= 2700:
        raise UsageError("usage.bad-year", year=args.year)
    project = project_of(args)
    content, lang = _clean_content(check_options(args, project))
    if content is None:
        return EXIT_CONTENT
    changes = authoring.new_year(project.content, content, score_content(content), args.year)
    _write(changes, project.content, lang)
    return EXIT_OK


def _clean_content(options: BuildOptions) -> tuple[Content | None, str]:
    """The content, or None when it has errors (printed): changes go onto clean content."""
    checked = load_and_check(options)
    lang = checked.language(options)
    if checked.content is None or checked.diagnostics.has_errors():
        print(format_report(checked.diagnostics, "text", lang), file=sys.stderr)
        print(f"kpibook: {default_catalogue().text('run.fix-first', lang)}", file=sys.stderr)
        return None, lang
    return checked.content, lang


def _write(changes: list[authoring.Change], content_dir: Path, lang: str) -> None:
    authoring.write(changes)
    for change in changes:
        print(default_catalogue().text("run.wrote", lang, path=change.path.relative_to(content_dir.parent)))
