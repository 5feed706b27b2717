"""What every workbook kpibook writes shares: cells that hold content as text (never as a
formula), a Thai font, row heights for wrapped Thai text, and deterministic bytes.

- **No formula injection.** openpyxl takes any string starting with `=` for a formula.
  A text from content (a KPI name, a narrative, a file name) is written as a string
  cell, and one starting with `=`, `+`, `-` or `@` also gets Excel's quote prefix, so
  editing the cell later keeps it text (`text_cell`).
- **Deterministic bytes.** Two builds of one commit give the same file: the document
  properties carry a fixed date (SOURCE_DATE_EPOCH where set) instead of now, and every
  zip entry a fixed timestamp, in openpyxl's fixed order (`save_workbook`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import unicodedata
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from builder.output import replace_whole

DEFAULT_FONT = "Sarabun"
DEFAULT_SIZE = 11.0
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
MAX_CELL_TEXT = 32_767  # Excel's limit on the text of one cell


def fonts(name: str = DEFAULT_FONT, size: float = DEFAULT_SIZE) -> tuple[Font, Font]:
    """The regular and bold fonts of a workbook."""
    return Font(name=name, size=size), Font(name=name, size=size, bold=True)


def text_cell(cell: Cell, text: str) -> Cell:
    """A text from content, written so no spreadsheet program evaluates it."""
    text = text[:MAX_CELL_TEXT]
    cell.value = text
    cell.data_type = "s"  # openpyxl made "=..." a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """A value in a cell: strings through `text_cell`, numbers and dates as they are."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        return text_cell(cell, value)
    cell.value = value
    return cell


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (Thai vowel and
    tone marks take no room; explicit line breaks count)."""
    lines = 0
    for line in text.split("\n"):
        visible = sum(1 for char in line if not _zero_width(char))
        lines += max(1, math.ceil(visible / max(width - 1, 1)))
    return lines


def _zero_width(char: str) -> bool:
    return unicodedata.combining(char) != 0 or unicodedata.category(char) in ("Mn", "Me", "Cf")


def line_height(size: float) -> float:
    """Points per line of Thai text: room for marks above and below the letters."""
    return round(size * 1.55, 1)


def build_time() -> dt.datetime:
    """The time written into the document: SOURCE_DATE_EPOCH where set (reproducible
    builds), else a fixed date, never the time of the run."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return dt.datetime(2000, 1, 1)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip file whose every entry carries the same time and permissions."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        super().writestr(info, data)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        # openpyxl streams big sheets through a temporary file: its mtime must not leak in
        with open(filename, "rb") as handle:
            self.writestr(arcname or os.path.basename(filename), handle.read())


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Write the workbook deterministically, whole or not at all."""
    workbook.properties.creator = "kpibook"
    workbook.properties.created = workbook.properties.modified = build_time()
    replace_whole(path, lambda out: _write_zip(workbook, out))


def _write_zip(workbook: Workbook, out: BinaryIO) -> None:
    with _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
