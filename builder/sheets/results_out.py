"""The results workbook a data collector fills: one sheet per unit (or collector), one row
per KPI due in the round.

Above the table: the form's title, the unit or collector, the round's dates in the
Buddhist Era and what to fill. The header row names every column (the import finds the
columns again by these names). The cells to fill are yellow, unlocked and validated
(numbers; levels 0–5; fractions 0–1; dates shown in the Buddhist Era); everything else
is locked (the sheet is protected without a password, so nobody overwrites a KPI by
accident). The cells of the other kind of KPI (a level for a numeric KPI) are grey.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from builder.fiscal import fiscal_year_start, round_end
from builder.model import Criteria, Text
from builder.sheets.columns import form_columns
from builder.sheets.form import FormRow, FormSheet, ResultsForm
from builder.sheets.words import Words
from builder.sheets.xlsx import fonts, line_height, put, save_workbook, wrapped_lines

HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1
FILL = PatternFill("solid", fgColor="FFF2CC")
NOT_APPLICABLE = PatternFill("solid", fgColor="E7E6E6")
HEADING = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
# a date in the Buddhist Era with Thai month names (calendar 07, Thai locale 041E); Excel
# and LibreOffice both show 10 เม.ย. 2568
THAI_DATE = "[$-107041E]d mmm yyyy"
ENGLISH_DATE = "d mmm yyyy"
SHEET_NAME_LIMIT = 31
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
MAX_NUMBER = 1e15  # as the content schemas bound numbers


@dataclass(frozen=True)
class Style:
    font: str
    size: float


# named cell styles: one assignment per cell instead of five (openpyxl hashes each style part)
CELL, FILLED_IN, NOT_FILLED, DATE, HEADER = (
    "kpibook cell",
    "kpibook to fill",
    "kpibook not applicable",
    "kpibook date to fill",
    "kpibook header",
)


def add_styles(workbook: Workbook, style: Style, lang: str) -> None:
    regular, bold = fonts(style.font, style.size)
    centred = Alignment(wrap_text=True, vertical="center", horizontal="center")
    date_format = THAI_DATE if lang == "th" else ENGLISH_DATE
    for named in (
        NamedStyle(CELL, font=regular, border=BOX, alignment=WRAP_TOP),
        NamedStyle(FILLED_IN, font=regular, border=BOX, alignment=WRAP_TOP, fill=FILL, protection=UNLOCKED),
        NamedStyle(NOT_FILLED, font=regular, border=BOX, alignment=WRAP_TOP, fill=NOT_APPLICABLE),
        NamedStyle(
            DATE,
            font=regular,
            border=BOX,
            alignment=WRAP_TOP,
            fill=FILL,
            protection=UNLOCKED,
            number_format=date_format,
        ),
        NamedStyle(HEADER, font=bold, border=BOX, alignment=centred, fill=HEADING),
    ):
        workbook.add_named_style(named)


def write_results_workbook(form: ResultsForm, path: Path, words: Words, style: Style) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_styles(workbook, style, words.lang)
    names: set[str] = set()
    for sheet in form.sheets:
        ws = workbook.create_sheet(sheet_name(sheet_label(sheet, words), names))
        _SheetWriter(ws, form, sheet, words, style).write()
    save_workbook(workbook, path)


def sheet_label(sheet: FormSheet, words: Words) -> str:
    return sheet.name.get(words.lang) if sheet.name else words("sheet.no-collector")


def sheet_name(label: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the book."""
    base = NOT_IN_SHEET_NAMES.sub(" ", label).strip().strip("'") or "-"
    name, n = base[:SHEET_NAME_LIMIT], 1
    while name.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


class _SheetWriter:
    def __init__(self, ws: Worksheet, form: ResultsForm, sheet: FormSheet, words: Words, style: Style) -> None:
        self.ws, self.form, self.sheet, self.words, self.style = ws, form, sheet, words, style
        self.columns = form_columns(form.scheme, unit_name=sheet.unit is None)
        self.position = {c.key: i for i, c in enumerate(self.columns, start=1)}
        self.regular, self.bold = fonts(style.font, style.size)

    def write(self) -> None:
        self.heading()
        self.header()
        for n, row in enumerate(self.sheet.rows):
            self.row(FIRST_ROW + n, row)
        self.validations()
        self.layout()

    # -- above the table

    def heading(self) -> None:
        words, lang, form = self.words, self.words.lang, self.form
        start, end = fiscal_year_start(form.year), round_end(form.year, form.round.months)
        who = (
            words("sheet.heading.unit", unit=self.sheet.unit.name.get(lang))
            if self.sheet.unit
            else words("sheet.heading.collector", collector=sheet_label(self.sheet, words))
        )
        lines = [
            words("sheet.heading.title", round=form.round.name.get(lang), fiscal_year=words.fiscal_year(form.year)),
            who,
            words("sheet.heading.period", start=words.date(start), end=words.date(end)),
            words("sheet.heading.instructions"),
        ]
        last = get_column_letter(len(self.columns))
        for number, text in enumerate(lines, start=1):
            cell = put(self.ws, number, 1, text)
            cell.font = Font(name=self.style.font, size=self.style.size + 3, bold=True) if number == 1 else self.regular
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self.ws.merge_cells(f"A{number}:{last}{number}")
        self.ws.row_dimensions[1].height = line_height(self.style.size + 3)
        self.ws.row_dimensions[4].height = line_height(self.style.size) * 2

    def header(self) -> None:
        for n, column in enumerate(self.columns, start=1):
            put(self.ws, HEADER_ROW, n, self.words(column.label_id)).style = HEADER
        self.ws.row_dimensions[HEADER_ROW].height = line_height(self.style.size) * 2 + 4

    # -- one KPI

    def row(self, number: int, row: FormRow) -> None:
        values = dict(row_values(self.form, row, self.words))
        milestone = row.kpi.kind == "milestone"
        not_applicable = {"level", "partial"} if not milestone else {"actual"}
        lines = 1
        for n, column in enumerate(self.columns, start=1):
            value = values.get(column.key)
            cell = self.ws.cell(number, n)
            if column.key == "reported_on":
                cell.style = DATE
            elif column.fill:
                cell.style = NOT_FILLED if column.key in not_applicable else FILLED_IN
            else:
                cell.style = CELL
            if value not in (None, ""):
                put(self.ws, number, n, value)  # after the style: a text may add its quote prefix
            if isinstance(value, str):
                lines = max(lines, wrapped_lines(value, column.width))
        self.ws.row_dimensions[number].height = line_height(self.style.size) * min(lines, 30) + 4

    # -- the whole sheet

    def validations(self) -> None:
        if not self.sheet.rows:
            return
        last = FIRST_ROW + len(self.sheet.rows) - 1
        rules = {
            "actual": DataValidation(
                "decimal", operator="between", formula1=f"{-MAX_NUMBER:.0f}", formula2=f"{MAX_NUMBER:.0f}"
            ),
            "level": DataValidation("whole", operator="between", formula1="0", formula2="5"),
            "partial": DataValidation("decimal", operator="between", formula1="0", formula2="1"),
            "reported_on": DataValidation("date", operator="between", formula1="1", formula2="109574"),
            "narrative": DataValidation("textLength", operator="lessThanOrEqual", formula1="10000"),
            "evidence": DataValidation("textLength", operator="lessThanOrEqual", formula1="4000"),
        }
        for key, rule in rules.items():
            letter = get_column_letter(self.position[key])
            rule.sqref = f"{letter}{FIRST_ROW}:{letter}{last}"
            rule.allow_blank = True
            rule.showErrorMessage = rule.showInputMessage = True
            rule.errorTitle = self.words("sheet.validate.title")
            rule.error = rule.prompt = self.words(f"sheet.validate.{key}")
            self.ws.add_data_validation(rule)

    def layout(self) -> None:
        ws = self.ws
        for n, column in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(n)].width = column.width
        ws.freeze_panes = ws.cell(FIRST_ROW, self.position["kpi_name"] + 1)
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.protection.sheet = True
        ws.protection.formatColumns = ws.protection.formatRows = False  # widths may change


def row_values(form: ResultsForm, row: FormRow, words: Words) -> Iterator[tuple[str, Any]]:
    """Column key -> value of one KPI's row (the same for the XLSX and the CSV file)."""
    kpi, result, lang = row.kpi, row.result, words.lang
    yield "unit", row.unit.id
    yield "unit_name", row.unit.name.get(lang)
    yield "year", form.year
    yield "round", form.round.id
    yield "kpi", kpi.id
    yield "kpi_name", kpi.name.get(lang)
    yield "measure", kpi.unit_of_measure.get(lang)
    if kpi.kind == "numeric":
        yield "direction", words(f"kpi.direction.{kpi.direction}")
    yield from criteria_cells(row.criteria, form.scheme, lang)
    yield "previous", row.previous
    yield "last_year", row.last_year
    if result is not None:
        yield "actual", result.actual
        yield "level", result.level
        yield "partial", result.partial
        yield "narrative", result.narrative.get(lang)
        yield "evidence", "\n".join(e.path for e in result.evidence)
    if row.reported_on:
        yield "reported_on", dt.date.fromisoformat(row.reported_on)


def criteria_cells(criteria: Criteria, scheme: str, lang: str) -> Iterator[tuple[str, Any]]:
    """The criteria a round is scored with, one value or level text per column."""
    keys = (
        ("tier_basic", "tier_standard", "tier_advanced")
        if scheme == "three-tier"
        else tuple(f"level_{n}" for n in range(1, 6))
    )
    if criteria.milestones:
        texts = [m.text for m in criteria.milestones]
        shown: list[Text | float | None] = list(texts[0::2] if scheme == "three-tier" else texts)
    elif criteria.tiers:
        shown = [criteria.tiers.get(t) for t in ("basic", "standard", "advanced")]
    else:
        shown = list(criteria.levels)
    for key, value in zip(keys, shown, strict=False):
        yield key, value.get(lang) if isinstance(value, Text) else value
