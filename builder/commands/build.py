"""`kpibook build`: the site, the JSON export and the PDFs, into the project's `output/`.

A build with content errors writes nothing (exit 1); the previous output stays whole.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from builder import progress
from builder.catalogue import Catalogue, load_catalogue
from builder.commands.common import EXIT_CONTENT, EXIT_OK, add_content_options, project_of, themes_of
from builder.diagnostics import ContentError, Diagnostics, UsageError, summary_line
from builder.options import BOOK_UNITS, BuildOptions, today
from builder.pipeline import build


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("build", help="help.build", description="help.build.description")
    add_content_options(parser)
    parser.add_argument("--out", type=Path, metavar="DIR", help="help.build.out")
    parser.add_argument("--unit", metavar="ID", help="help.build.unit")
    parser.add_argument("--no-pdf", action="store_true", help="help.build.no-pdf")
    parser.add_argument("--jobs", type=int, default=0, metavar="N", help="help.build.jobs")
    parser.add_argument("--book-units", type=int, default=BOOK_UNITS, metavar="N", help="help.build.book-units")
    parser.add_argument("--executor", metavar="dask://HOST:PORT", help="help.build.executor")
    parser.add_argument("--cache", type=Path, metavar="DIR", help="help.build.cache")
    parser.add_argument("--no-spare", action="store_true", help="help.build.no-spare")
    parser.add_argument("--revision", metavar="TEXT", help="help.build.revision")
    parser.add_argument("--build-date", action="store_true", help="help.build.build-date")
    parser.add_argument("-q", "--quiet", action="store_true", help="help.build.quiet")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.executor:
        from builder.cluster import reachable

        reachable(args.executor)  # a usage error before anything is read: a bad address, no scheduler there
    project = project_of(args)
    options = BuildOptions(
        content=project.content,
        out=project.out,
        lang=args.lang,
        today=args.today or today(),
        themes=themes_of(args),
        unit=args.unit,
        pdf=not args.no_pdf,
        jobs=args.jobs,
        executor=args.executor,
        book_units=args.book_units,
        cache=args.cache,
        revision=args.revision,
        build_date=args.build_date,
        spare=not args.no_spare,
    )
    words = load_catalogue(options.themes)
    started = time.perf_counter()
    reporter = progress.reporter_for(sys.stderr, args.ui_lang, words, args.quiet)

    def waiting() -> None:
        print(f"kpibook: {words.text('run.waiting', args.ui_lang, out=project.out)}", file=sys.stderr, flush=True)

    try:
        with progress.reporting(reporter):
            diags = build(options, on_wait=waiting)
    except OSError as exc:  # the output folder or its parent cannot be written
        detail = exc.strerror or type(exc).__name__
        raise UsageError("usage.cannot-write", path=exc.filename or project.out, detail=detail) from exc
    except ContentError as exc:
        lang = exc.lang or args.ui_lang
        print_diagnostics(exc.diagnostics, lang, words, shown=reporter.shown)
        print(f"kpibook: {words.text('run.nothing-written', lang)}", file=sys.stderr)
        return EXIT_CONTENT
    lang = args.ui_lang
    print_diagnostics(diags, lang, words, quiet=args.quiet, shown=reporter.shown)
    if not args.quiet:
        seconds = f"{time.perf_counter() - started:.1f}"
        print(words.text("run.built", lang, out=project.out, seconds=seconds), file=sys.stderr)
    return EXIT_OK


def print_diagnostics(
    diags: Diagnostics, lang: str, words: Catalogue, quiet: bool = False, shown: Any = frozenset()
) -> None:
    """Every diagnostic not printed yet (warnings are printed as soon as the check found
    them), then the summary."""
    fresh = [d for d in diags.sorted() if id(d) not in shown]
    for diagnostic in fresh:
        print(diagnostic.format(lang, words), file=sys.stderr)
    if fresh or len(diags) or not quiet:
        print(summary_line(diags, lang, words), file=sys.stderr)
