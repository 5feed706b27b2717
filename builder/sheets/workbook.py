"""Reading a filled workbook (XLSX) or CSV file into located cells.

A workbook is untrusted like content: its size, the size of what its zip holds, the
number of sheets, rows and columns read are bounded before and while openpyxl reads it
(with defusedxml, so no entity expansion), and anything openpyxl cannot read is one
located error, never a traceback. Formulas count by the result the spreadsheet program
saved with them; a formula saved without one is reported (it has never been calculated).

Every cell keeps its place: `results.xlsx!อำเภอ ก!D7`, or `results.csv!D7` (a CSV
record's row, as a spreadsheet program shows the file).
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from builder.diagnostics import Diagnostics
from builder.model import Location

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
MAX_ZIP_ENTRIES = 50_000
MAX_SHEETS = 10_000
MAX_ROWS = 200_000  # rows read from one sheet (or CSV file)
MAX_COLUMNS = 60  # columns read from each row


@dataclass(frozen=True, slots=True)
class SheetCell:
    value: Any
    loc: Location
    number_format: str = "General"
    formula: str | None = None  # the formula the cell holds, if any
    error: bool = False  # the cell shows an error value (#DIV/0!, #N/A, ...)


@dataclass
class Table:
    """One sheet (or a CSV file): its non-empty cells by row and column number."""

    name: str
    origin: Location  # the sheet as a whole (its A1)
    rows: dict[int, dict[int, SheetCell]] = field(default_factory=dict)
    merged: list[tuple[str, int, int, int, int]] = field(default_factory=list)  # (A1:B2, rows and columns)

    def cell_loc(self, row: int, column: int) -> Location:
        return cell_location(self.origin.path, row, column)


def cell_location(path: str, row: int, column: int) -> Location:
    return Location(path, row, column, cell=f"{get_column_letter(column)}{row}")


def read_tables(file: Path, shown: str, diags: Diagnostics) -> list[Table]:
    """The tables of a workbook (.xlsx, .xlsm) or a CSV file; problems go to `diags`."""
    whole = Location(shown, 0, 0, cell="A1")
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.error("sheet.too-large", whole, count=size, limit=MAX_FILE_BYTES)
            return []
        if file.suffix.lower() == ".csv":
            return read_csv(file.read_bytes(), shown, diags)
        return read_xlsx(file, shown, diags)
    except OSError as exc:
        diags.error("sheet.unreadable", whole, detail=exc.strerror or type(exc).__name__)
        return []


# -- XLSX --------------------------------------------------------------------------------


def read_xlsx(file: Path, shown: str, diags: Diagnostics) -> list[Table]:
    whole = Location(shown, 0, 0, cell="A1")
    if not zip_within_bounds(file, whole, diags):
        return []
    try:
        with warnings.catch_warnings():  # openpyxl warns of parts it does not read (slicers, ...)
            warnings.simplefilter("ignore")
            tables, formulas = _read_cells(file, shown)
            if formulas:
                _saved_results(file, tables, formulas)
    except _TooBig as exc:
        diags.error(exc.code, whole, count=exc.count, limit=exc.limit)
        return []
    except Exception as exc:
        diags.error("sheet.unreadable", whole, detail=_problem(exc))
        return []
    return tables


class _TooBig(Exception):
    def __init__(self, code: str, count: int, limit: int) -> None:
        super().__init__(code)
        self.code, self.count, self.limit = code, count, limit


def zip_within_bounds(file: Path, whole: Location, diags: Diagnostics) -> bool:
    """Refuse a workbook whose zip would unpack into more than the bounds allow."""
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        diags.error("sheet.unreadable", whole, detail=_problem(exc))
        return False
    unzipped = sum(e.file_size for e in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unzipped > MAX_UNZIPPED_BYTES:
        diags.error("sheet.too-large", whole, count=unzipped, limit=MAX_UNZIPPED_BYTES)
        return False
    return True


def _read_cells(file: Path, shown: str) -> tuple[list[Table], dict[str, set[tuple[int, int]]]]:
    """Every sheet's cells (formulas as written), and the cells holding formulas."""
    workbook = load_workbook(file, data_only=False)
    if len(workbook.worksheets) > MAX_SHEETS:
        raise _TooBig("sheet.too-many-sheets", len(workbook.worksheets), MAX_SHEETS)
    tables: list[Table] = []
    formulas: dict[str, set[tuple[int, int]]] = {}
    for ws in workbook.worksheets:
        path = f"{shown}!{ws.title}"
        table = Table(ws.title, Location(path, 0, 0, cell="A1"))
        if ws.max_row > MAX_ROWS:
            raise _TooBig("sheet.too-many-rows", ws.max_row, MAX_ROWS)
        for row in ws.iter_rows(max_col=min(ws.max_column, MAX_COLUMNS)):
            for cell in row:
                if cell.value is None or cell.value == "":
                    continue
                number, column = cell.row, cell.column
                formula = _formula_text(cell.value) if cell.data_type == "f" else None
                if formula is not None:
                    formulas.setdefault(ws.title, set()).add((number, column))
                table.rows.setdefault(number, {})[column] = SheetCell(
                    value=None if formula is not None else cell.value,
                    loc=cell_location(path, number, column),
                    number_format=cell.number_format or "General",
                    formula=formula,
                    error=cell.data_type == "e",
                )
        table.merged = [(r.coord, r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
        tables.append(table)
    workbook.close()
    return tables, formulas


def _formula_text(value: Any) -> str:
    return str(getattr(value, "text", value))


def _saved_results(file: Path, tables: list[Table], formulas: dict[str, set[tuple[int, int]]]) -> None:
    """The results saved with the formulas (what the spreadsheet program last showed)."""
    saved = load_workbook(file, data_only=True, read_only=True)
    try:
        for table in tables:
            wanted = formulas.get(table.name)
            if not wanted:
                continue
            last_row = max(r for r, _ in wanted)
            for row in saved[table.name].iter_rows(max_row=last_row, max_col=MAX_COLUMNS):
                for cell in row:
                    key = (getattr(cell, "row", 0), getattr(cell, "column", 0))
                    if key in wanted and cell.value is not None:
                        old = table.rows[key[0]][key[1]]
                        table.rows[key[0]][key[1]] = SheetCell(
                            cell.value, old.loc, old.number_format, old.formula, cell.data_type == "e"
                        )
    finally:
        saved.close()


def _problem(exc: BaseException) -> str:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {detail[:200]}" if detail else name


# -- CSV ---------------------------------------------------------------------------------


def read_csv(raw: bytes, shown: str, diags: Diagnostics) -> list[Table]:
    """A CSV file as one table; UTF-8, with or without the byte-order mark Excel writes."""
    whole = Location(shown, 0, 0, cell="A1")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        diags.error("sheet.csv-encoding", whole, offset=exc.start)
        return []
    table = Table(Path(shown).name, whole)
    try:
        for number, record in _records(text):
            for column, value in enumerate(record[:MAX_COLUMNS], start=1):
                if value.strip():
                    table.rows.setdefault(number, {})[column] = SheetCell(value, cell_location(shown, number, column))
    except csv.Error as exc:
        diags.error("sheet.unreadable", whole, detail=_problem(exc))
        return []
    except _TooBig as exc:
        diags.error(exc.code, whole, count=exc.count, limit=exc.limit)
        return []
    return [table]


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    for number, record in enumerate(reader, start=1):
        if number > MAX_ROWS:
            raise _TooBig("sheet.too-many-rows", number, MAX_ROWS)
        yield number, record
