"""Every build's scorecards as spreadsheets: `data/scorecards.xlsx`, one sheet per year
and round with something reported, and the same table of each as
`data/scorecards-<year>-<round>.csv` beside the JSON export.

A sheet lists every unit's scorecard in tree order: its KPIs due in the round (a KPI not
due, or cancelled by an amendment, is not part of the round's scorecard), group by group (dimension or
category) with weight, weight share, the actual (or milestone level) that counts, the
self-assessed, verified and counted scores and the weighted score; a subtotal row per
group and a total row with Σ weights, the total, the 100-point total and the band.
Scores to four decimals, as the scoring keeps them. Only what the pipeline hands over
is written: people's scorecards are gone unless `publish_individual_results` allows
them. The first column tells KPI rows from subtotal and total rows, for filters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from builder.catalogue import load_catalogue
from builder.export import exported_units
from builder.model import Content, Round
from builder.options import BuildOptions
from builder.queries import Queries
from builder.scoring.schemes import round4
from builder.scoring.scorecard import Scorebook, Scorecard
from builder.sheets.csv_files import write_csv
from builder.sheets.results_out import sheet_name
from builder.sheets.words import Words
from builder.sheets.xlsx import fonts, put, save_workbook
from builder.site import urls

FOUR_DECIMALS = "0.0000"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    width: float
    format: str = "General"


COLUMNS = (
    Column("row", 11),
    Column("unit", 14),
    Column("unit_name", 30),
    Column("group", 28),
    Column("kpi", 18),
    Column("kpi_name", 44),
    Column("weight", 9),
    Column("weight_share", 10, FOUR_DECIMALS),
    Column("actual", 11),
    Column("level", 9),
    Column("self_score", 11, FOUR_DECIMALS),
    Column("verified_score", 11, FOUR_DECIMALS),
    Column("score", 10, FOUR_DECIMALS),
    Column("weighted", 11, FOUR_DECIMALS),
    Column("total_100", 11, FOUR_DECIMALS),
    Column("band", 16),
)
RowKind = Literal["kpi", "group", "total"]


@dataclass(frozen=True, slots=True)
class ScoreRow:
    kind: RowKind
    values: dict[str, Any]  # column key -> value

    def cells(self, words: Words) -> list[Any]:
        values = {**self.values, "row": words(f"sheet.scorecards.row.{self.kind}")}
        return [_shown(values.get(column.key), column) for column in COLUMNS]


def _shown(value: Any, column: Column) -> Any:
    """Scores to four decimals (a total of nothing is 0.0000, as the scorecard prints it)."""
    if isinstance(value, Decimal) and column.format == FOUR_DECIMALS:
        return round4(value)
    return value


TOTAL_FILL = PatternFill("solid", fgColor="D9E1F2")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
HEADER_ROW = 3


def export_spreadsheets(content: Content, scores: Scorebook, stage: Path, options: BuildOptions) -> None:
    queries = Queries(content, scores)
    lang = options.lang or content.site.language
    words = Words(load_catalogue(options.themes), lang)

    units = exported_units(content, options.unit)
    tables = [
        (year, round_, list(table_rows(queries, year, round_, units, lang)))
        for year in content.site.fiscal_years
        for round_ in queries.rounds_reported(year)
    ]
    header = [words(f"sheet.scorecards.{c.key}") for c in COLUMNS]
    for year, round_, rows in tables:
        write_csv(stage / urls.scorecards_csv(year, round_.id), header, [row.cells(words) for row in rows])
    write_workbook(stage / urls.scorecards_xlsx(), tables, header, words, content, lang)


def table_rows(queries: Queries, year: int, round_: Round, units: set[str], lang: str) -> Iterator[ScoreRow]:
    """Every unit's scorecard of one year and round, as rows keyed by column."""
    for unit, _depth in queries.tree_order():
        card = queries.scorebook.card(unit.id, year, round_.id)
        if unit.id in units and card is not None:
            yield from card_rows(queries, card, lang)


def card_rows(queries: Queries, card: Scorecard, lang: str) -> Iterator[ScoreRow]:
    unit = queries.content.units[card.unit]
    who = {"unit": unit.id, "unit_name": unit.name.get(lang)}
    for group in card.groups:
        group_name = queries.group_name(group.group).get(lang)
        for row in card.rows:
            if row.group != group.group or not row.due:  # not due, or cancelled: not part of this round
                continue
            kpi = queries.content.kpi(card.unit, row.kpi)
            yield ScoreRow(
                "kpi",
                {
                    **who,
                    "group": group_name,
                    "kpi": row.kpi,
                    "kpi_name": kpi.name.get(lang) if kpi else "",
                    "weight": row.weight,
                    "weight_share": row.weight_share,
                    "actual": row.actual,
                    "level": row.level,
                    "self_score": row.self_score,
                    "verified_score": row.verified_score,
                    "score": row.score,
                    "weighted": row.weighted,
                },
            )
        yield ScoreRow("group", {**who, "group": group_name, "weight": group.weight, "weighted": group.weighted})
    yield ScoreRow(
        "total",
        {
            **who,
            "weight": card.weight_total,
            "weighted": card.total,
            "total_100": card.total_100,
            "band": card.band.label.get(lang) if card.band else None,
        },
    )


def _style_name(kind: RowKind, number_format: str) -> str:
    return f"kpibook {kind}{' score' if number_format == FOUR_DECIMALS else ''}"


def add_styles(workbook: Workbook, regular: Font, bold: Font) -> None:
    """Named cell styles, one per row kind and number format: one assignment per cell."""
    fills: dict[RowKind, PatternFill | None] = {"kpi": None, "group": GROUP_FILL, "total": TOTAL_FILL}
    for kind, fill in fills.items():
        for number_format in ("General", FOUR_DECIMALS):
            named = NamedStyle(_style_name(kind, number_format), font=regular if kind == "kpi" else bold)
            named.number_format = number_format
            if fill is not None:
                named.fill = fill
            workbook.add_named_style(named)
    centred = Alignment(wrap_text=True, vertical="center", horizontal="center")
    workbook.add_named_style(NamedStyle("kpibook header", font=bold, fill=TOTAL_FILL, alignment=centred))


def write_workbook(
    path: Path,
    tables: list[tuple[int, Round, list[ScoreRow]]],
    header: list[str],
    words: Words,
    content: Content,
    lang: str,
) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_styles(workbook, *fonts(content.site.sheet_font, content.site.sheet_font_size))
    names: set[str] = set()
    for year, round_, rows in tables:
        ws = workbook.create_sheet(sheet_name(f"{year} {round_.name.get(lang)}", names))
        title = put(
            ws,
            1,
            1,
            words("sheet.scorecards.title", round=round_.name.get(lang), fiscal_year=words.fiscal_year(year)),
        )
        title.font = Font(name=content.site.sheet_font, size=content.site.sheet_font_size + 3, bold=True)
        for n, text in enumerate(header, start=1):
            ws.cell(HEADER_ROW, n).style = "kpibook header"
            put(ws, HEADER_ROW, n, text)
        for offset, row in enumerate(rows, start=1):
            for n, (column, value) in enumerate(zip(COLUMNS, row.cells(words), strict=True), start=1):
                ws.cell(HEADER_ROW + offset, n).style = _style_name(row.kind, column.format)
                put(ws, HEADER_ROW + offset, n, float(value) if isinstance(value, Decimal) else value)
        for n, column in enumerate(COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(n)].width = column.width
        ws.row_dimensions[HEADER_ROW].height = content.site.sheet_font_size * 3.2
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, 4)
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{HEADER_ROW + len(rows)}"
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if not tables:  # a workbook needs a sheet; say why it is empty
        ws = workbook.create_sheet(words("sheet.scorecards.none-title"))
        put(ws, 1, 1, words("sheet.scorecards.none"))
    save_workbook(workbook, path)
