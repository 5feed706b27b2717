"""`kpibook sheet out` and `kpibook sheet in`: results forms for data collectors.

    kpibook sheet out --round R [--year Y] [--unit U ...] [--by unit|collector] -o results.xlsx
    kpibook sheet in results.xlsx

`out` writes the form (XLSX, or CSV when the name ends in .csv). `in` reads a filled one
into the results files, all or nothing (`builder/sheets/importer.py`). Exit status: 0
done; 1 problems in the workbook or the content, every one reported at its cell or line,
nothing written; 2 usage errors.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from builder.catalogue import Catalogue, load_catalogue
from builder.commands.common import EXIT_CONTENT, EXIT_OK, add_content_options, check_options, project_of
from builder.diagnostics import UsageError, format_report
from builder.model import Content
from builder.pipeline import load_and_check, site_language
from builder.queries import Queries
from builder.sheets.columns import ALL_COLUMNS, header_index
from builder.sheets.words import Words
from builder.tree import display_path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
FORMATS = (*WORKBOOK_SUFFIXES, ".csv")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sheet", help="help.sheet", description="help.sheet.description")
    commands = parser.add_subparsers(dest="sheet_command", title="help.sheet.commands", metavar="COMMAND")
    commands.required = True
    out = commands.add_parser("out", help="help.sheet.out", description="help.sheet.out.description")
    add_content_options(out)
    out.add_argument("--year", type=int, metavar="YEAR", help="help.sheet.year")
    out.add_argument("--round", dest="round_id", metavar="ROUND", required=True, help="help.sheet.round")
    out.add_argument(
        "--unit", dest="units", action="extend", nargs="+", default=[], metavar="U", help="help.sheet.unit"
    )
    out.add_argument("--by", choices=("unit", "collector"), default="unit", help="help.sheet.by")
    out.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="help.sheet.output")
    out.set_defaults(run=run_out)
    into = commands.add_parser("in", help="help.sheet.in", description="help.sheet.in.description")
    add_content_options(into)
    into.add_argument("file", type=Path, metavar="FILE", help="help.sheet.in.file")
    into.set_defaults(run=run_in)


def run_out(args: argparse.Namespace) -> int:
    from builder.sheets.csv_files import write_results_csv
    from builder.sheets.form import results_form
    from builder.sheets.results_out import Style, write_results_workbook

    suffix = _format_of(args.output)
    options = check_options(args, project_of(args))
    catalogue = load_catalogue(options.themes)
    checked = load_and_check(options)
    lang = site_language(checked.content, options)
    if checked.content is None or checked.diagnostics.has_errors():
        print(format_report(checked.diagnostics, "text", lang, catalogue))
        return EXIT_CONTENT
    content = checked.content
    queries = Queries(content)
    year = _year(content, args.year)
    round_ = queries.round(args.round_id)
    if round_ is None:
        raise UsageError(
            "usage.sheet-unknown-round", round=args.round_id, rounds=", ".join(r.id for r in queries.rounds)
        )
    for unit in args.units:
        if unit not in content.units:
            raise UsageError("usage.unknown-unit", unit=unit)
    form = results_form(queries, year, round_, args.units, args.by)
    if not any(sheet.rows for sheet in form.sheets):
        raise UsageError("usage.sheet-nothing-due", round=round_.id, year=year)
    words = Words(catalogue, lang)
    try:
        if suffix == ".csv":
            write_results_csv(form, args.output, words)
        else:
            style = Style(content.site.sheet_font, content.site.sheet_font_size)
            write_results_workbook(form, args.output, words, style)
    except OSError as exc:  # the folder of -o cannot be written (staged: nothing is left half-written)
        detail = exc.strerror or type(exc).__name__
        raise UsageError("usage.cannot-write", path=display_path(args.output), detail=detail) from exc
    rows = sum(len(sheet.rows) for sheet in form.sheets)
    print(catalogue.text("run.sheet-written", lang, file=display_path(args.output), sheets=len(form.sheets), rows=rows))
    return EXIT_OK


def run_in(args: argparse.Namespace) -> int:
    from builder.sheets.importer import import_workbook

    _format_of(args.file)
    if not args.file.is_file():
        raise UsageError("usage.sheet-not-found", file=args.file)
    options = check_options(args, project_of(args))
    catalogue = load_catalogue(options.themes)
    try:
        report = import_workbook(args.file, options, sheet_headers(catalogue))
    except OSError as exc:  # a results file could not be written; the ones written were put back
        detail = exc.strerror or type(exc).__name__
        path = display_path(Path(exc.filename) if exc.filename else options.content)
        raise UsageError("usage.cannot-write", path=path, detail=detail) from exc
    lang = site_language(report.content, options)
    diags = report.diagnostics
    print(format_report(diags, "text", lang, catalogue))
    if diags.has_errors():
        print(catalogue.text("run.sheet-nothing-written", lang))
        return EXIT_CONTENT
    for written in report.written:
        key = "run.sheet-new-file" if written.new else "run.sheet-updated"
        print(catalogue.text(key, lang, file=display_path(written.path), count=written.results))
    if not report.written:
        print(catalogue.text("run.sheet-unchanged", lang))
    return EXIT_OK


def _format_of(file: Path) -> str:
    suffix = file.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError("usage.sheet-format", file=file)
    return suffix


def _year(content: Content, year: int | None) -> int:
    years = content.site.fiscal_years
    chosen = year if year is not None else content.site.current_year
    if chosen is None or chosen not in years:
        raise UsageError("usage.unknown-year", year=chosen, years=", ".join(map(str, years)))
    return chosen


def sheet_headers(catalogue: Catalogue) -> dict[str, tuple[str, str | None]]:
    """Every column's header in Thai and English (and its key), for finding it on import."""
    labels = [
        (key, lang, catalogue.text(column.label_id, lang))
        for key, column in ALL_COLUMNS.items()
        for lang in ("th", "en")
    ]
    return header_index(labels)
