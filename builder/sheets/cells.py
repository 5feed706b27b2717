"""What a filled cell means: numbers, levels, fractions, dates, texts and file lists as
people type them into a spreadsheet, each read the one way it can be read, or refused
with the reason (`CellProblem`, a diagnostic code and its parameters).

Numbers may come stored as text (`'85`), with thousands separators (`1,234.5`), in Thai
digits (`๘๕`), with a percent sign, or from a percent-formatted cell: a cell showing 85%
holds 0.85 and means 85 in a value column, 0.85 in a fraction column, as it reads. Dates
may come as dates, as serial numbers (45757 is 10 April 2025), as ISO text, as
day/month/year (a year above 2400 is Buddhist Era) or with Thai month names.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from openpyxl.utils.datetime import from_excel, to_excel

from builder.catalogue import default_catalogue
from builder.fiscal import BE_OFFSET
from builder.sheets.xlsx import FORMULA_STARTS

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
MAX_NUMBER = Decimal(10) ** 15  # as the content schemas bound numbers
SIGNIFICANT = 15  # digits a spreadsheet keeps: 85.30000000000001 is 85.3
MAX_NARRATIVE = 10_000
MAX_EVIDENCE_FILES = 50


class CellProblem(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def shown(value: Any) -> str:
    """A cell's value as quoted back in a message."""
    text = value.isoformat() if isinstance(value, dt.date | dt.datetime) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def is_percent_format(number_format: str) -> bool:
    """Whether a number format shows a percentage (`0%`, `0.0%`), not counting a
    percent sign inside quotes or a locale tag."""
    return "%" in re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format or "")


def decimal_of(value: Any) -> tuple[Decimal, bool]:
    """A number from a cell value, and whether a percent sign came with it."""
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        raise CellProblem("sheet.not-a-number", value=shown(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellProblem("sheet.not-a-number", value=shown(value))
        return Decimal(repr(value)), False
    text = SPACES.sub("", str(value)).translate(THAI_DIGITS).replace("\u2212", "-")
    text = text.removeprefix("'")
    percent = text.endswith("%")
    text = text.removesuffix("%")
    if GROUPED.match(text):
        text = text.replace(",", "")
    if not PLAIN.match(text):
        raise CellProblem("sheet.not-a-number", value=shown(value))
    try:
        return Decimal(text), percent
    except InvalidOperation:
        raise CellProblem("sheet.not-a-number", value=shown(value)) from None


def as_float(number: Decimal) -> float | int:
    """A number as it is kept in YAML: whole numbers as integers, others to the 15
    significant digits a spreadsheet keeps."""
    if abs(number) > MAX_NUMBER:
        raise CellProblem("sheet.number-too-large", value=f"{number:.6g}", limit="10^15")
    rounded = float(f"{float(number):.{SIGNIFICANT}g}")
    return int(rounded) if rounded.is_integer() else rounded


def actual_value(value: Any, number_format: str) -> float | int:
    """A value as the cell shows it: 0.85 in a percent-formatted cell is 85 (percent)."""
    number, percent_sign = decimal_of(value)
    if not percent_sign and is_percent_format(number_format) and not isinstance(value, str):
        number *= 100
    return as_float(number)


def level_value(value: Any, number_format: str) -> int:
    """A milestone level: a whole number from 0 to 5."""
    try:
        number, percent = decimal_of(value)
    except CellProblem:
        raise CellProblem("sheet.not-a-level", value=shown(value)) from None
    if percent or number != number.to_integral_value() or not 0 <= number <= 5:
        raise CellProblem("sheet.not-a-level", value=shown(value))
    return int(number)


def fraction_value(value: Any, number_format: str) -> float | int:
    """Progress to the next level, 0 to 1; `50%` (typed, or shown by the cell) is 0.5."""
    try:
        number, percent_sign = decimal_of(value)
    except CellProblem:
        raise CellProblem("sheet.not-a-fraction", value=shown(value)) from None
    if percent_sign:
        number /= 100
    if not 0 <= number <= 1:
        raise CellProblem("sheet.not-a-fraction", value=shown(value))
    return as_float(number)


def date_value(value: Any, number_format: str) -> dt.date:
    """A date cell, a serial number or a text; a year above 2400 is Buddhist Era (10/4/2568
    typed into a date cell of a spreadsheet set up for the Common Era)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.year < 1900:  # a day number below 1 in a date cell: quoted as it was typed
            raise CellProblem("sheet.not-a-date", value=shown(_number(to_excel(value))))
        return _buddhist(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return serial_date(value)
    return text_date(str(value))


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def serial_date(value: float) -> dt.date:
    """A spreadsheet's day number (1900 date system): 45757 is 10 April 2025."""
    if not 1 <= value < 2_958_466:  # 1 January 1900 .. 31 December 9999
        raise CellProblem("sheet.not-a-date", value=shown(value))
    moment = from_excel(value)
    return moment.date() if isinstance(moment, dt.datetime) else moment


def text_date(text: str) -> dt.date:
    """ISO (2025-04-10), day/month/year (10/4/2568, 10/04/2025) or Thai month names
    (10 เม.ย. 2568, 10 เมษายน 2568); years above 2400 are Buddhist Era."""
    cleaned = SPACES.sub(" ", text.translate(THAI_DIGITS)).strip().removeprefix("'")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
            return _buddhist(dt.date.fromisoformat(cleaned))
        found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", cleaned)
        if found:
            day, month, year = (int(g) for g in found.groups())
            return _buddhist(dt.date(year, month, day))
        found = re.fullmatch(r"(\d{1,2}) ?(\S+?) ?(?:พ\.ศ\. ?)?(\d{4})", cleaned)
        months = thai_months()
        if found and found.group(2) in months:
            day, year = int(found.group(1)), int(found.group(3))
            return _buddhist(dt.date(year, months[found.group(2)], day))
    except ValueError:
        pass
    raise CellProblem("sheet.not-a-date", value=shown(text))


@cache
def thai_months() -> dict[str, int]:
    """Thai month names, long and short (มกราคม, ม.ค.), as the catalogue writes dates."""
    words = default_catalogue()
    return {words.text(f"date.{family}.{n}", "th"): n for family in ("month", "month-short") for n in range(1, 13)}


def _buddhist(day: dt.date) -> dt.date:
    return day.replace(year=day.year - BE_OFFSET) if day.year > 2400 else day


def text_value(value: Any, number_format: str) -> str:
    """A text as typed; a quote that only kept a leading = + - @ from being a formula
    (kpibook writes one into CSV files) is dropped."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = shown_text(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        text = text[1:]
    if len(text) > MAX_NARRATIVE:
        raise CellProblem("sheet.text-too-long", length=len(text), limit=MAX_NARRATIVE)
    return text


def shown_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else str(value)


def paths_value(value: Any, number_format: str) -> list[str]:
    """File names, one per line (or separated by `;`)."""
    text = text_value(value, number_format)
    paths = [p.strip() for p in re.split(r"[\n;]", text) if p.strip()]
    if len(paths) > MAX_EVIDENCE_FILES:
        raise CellProblem("sheet.too-many-files", count=len(paths), limit=MAX_EVIDENCE_FILES)
    return paths


def id_value(value: Any, number_format: str) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return SPACES.sub(" ", shown_text(value)).strip().removeprefix("'")


def year_value(value: Any, number_format: str) -> int:
    try:
        number, _ = decimal_of(value)
    except CellProblem:
        raise CellProblem("sheet.not-a-year", value=shown(value)) from None
    if number != number.to_integral_value() or not 2400 <= number <= 2800:
        raise CellProblem("sheet.not-a-year", value=shown(value))
    return int(number)


READERS = {
    "number": actual_value,
    "level": level_value,
    "fraction": fraction_value,
    "date": date_value,
    "text": text_value,
    "paths": paths_value,
    "id": id_value,
    "year": year_value,
}
