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
from functools import partial
from pathlib import Path
from typing import Any, Literal

from builder.catalogue import load_catalogue
from builder.export import exported_units
from builder.model import Content
from builder.options import BuildOptions
from builder.output import write_atomic
from builder.queries import Queries
from builder.scoring.schemes import round4
from builder.scoring.scorecard import Scorebook, Scorecard
from builder.sheets.csv_files import csv_lines
from builder.sheets.deflated import write_zip
from builder.sheets.results_out import sheet_name
from builder.sheets.scorecards_book import FOUR_DECIMALS, Sheet, UnitRows, row_style, unit_rows, workbook_members
from builder.sheets.words import Words
from builder.site import urls
from builder.unit_pieces import UnitPieces

BOM = "\ufeff".encode()


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


@dataclass(frozen=True, slots=True)
class UnitPart:
    """One unit's scorecard of one round in both files: CSV lines (UTF-8) and workbook rows."""

    csv: bytes
    rows: UnitRows


def export_spreadsheets(
    content: Content,
    scores: Scorebook,
    stage: Path,
    options: BuildOptions,
    pieces: UnitPieces | None = None,
    queries: Queries | None = None,
) -> None:
    """Write the CSV files and the workbook; with `pieces` (`kpibook serve`), each unit's
    part is taken from the last build where the unit's facts did not change. `queries`:
    those of the same content and scores, when the build has them already."""
    queries = queries or Queries(content, scores)
    lang = options.lang or content.site.language
    catalogue = load_catalogue(options.themes)
    words = Words(catalogue, lang)
    parts = (pieces or UnitPieces()).of("scorecards", (lang, options.themes, content.site))
    units = exported_units(content, options.unit)
    header = [words(f"sheet.scorecards.{c.key}") for c in COLUMNS]
    in_order = [unit.id for unit, _depth in queries.tree_order() if unit.id in units]
    sheets: list[Sheet] = []
    taken: set[str] = set()
    for year in content.site.fiscal_years:
        for round_ in queries.rounds_reported(year):
            table = [
                parts.get(card.unit, (year, round_.id), partial(unit_part, queries, card, words))
                for card in (scores.card(unit, year, round_.id) for unit in in_order)
                if card is not None
            ]
            csv = b"".join((BOM, csv_lines([header]).encode("utf-8"), *(part.csv for part in table)))
            write_atomic(stage / urls.scorecards_csv(year, round_.id), csv)
            name = sheet_name(f"{year} {round_.name.get(lang)}", taken)
            title = words("sheet.scorecards.title", round=round_.name.get(lang), fiscal_year=words.fiscal_year(year))
            sheets.append(Sheet(name, title, [part.rows for part in table]))
    write_workbook(stage / urls.scorecards_xlsx(), sheets, header, words, content)


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


def unit_part(queries: Queries, card: Scorecard, words: Words) -> UnitPart:
    """One unit's scorecard of one round, as CSV lines and as workbook rows."""
    rows = list(card_rows(queries, card, words.lang))
    cells = [row.cells(words) for row in rows]
    styles = [[row_style(row.kind, column.format) for column in COLUMNS] for row in rows]
    return UnitPart(csv_lines(cells).encode("utf-8"), unit_rows(cells, styles))


def write_workbook(path: Path, sheets: list[Sheet], header: list[str], words: Words, content: Content) -> None:
    empty = (words("sheet.scorecards.none-title"), words("sheet.scorecards.none"))
    widths = [column.width for column in COLUMNS]
    write_zip(
        path, workbook_members(sheets, header, widths, content.site.sheet_font, content.site.sheet_font_size, empty)
    )
