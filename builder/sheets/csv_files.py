"""CSV files as Excel opens them correctly in Thai: UTF-8 with a byte-order mark, CRLF
line ends, and no field that a spreadsheet program would take for a formula (a text
starting with = + - @ gets a leading quote, which the import drops again).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from builder.output import write_atomic
from builder.sheets.columns import form_columns
from builder.sheets.form import ResultsForm
from builder.sheets.results_out import row_values
from builder.sheets.words import Words
from builder.sheets.xlsx import FORMULA_STARTS


def csv_field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int | Decimal):
        return str(value)  # scores keep their four decimals: 3.7000
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return csv_lines([header]) + csv_lines(rows)


def csv_lines(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV lines (a file is its header's lines and then its rows')."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([csv_field(v) for v in row] for row in rows)
    return out.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    write_atomic(path, csv_text(header, rows).encode("utf-8-sig"))


def write_results_csv(form: ResultsForm, path: Path, words: Words) -> None:
    """The results form as one table: every sheet's rows, each naming its unit."""
    columns = form_columns(form.scheme, unit_name=True)
    rows = []
    for row in form.rows:
        values = dict(row_values(form, row, words))
        rows.append([values.get(c.key) for c in columns])
    write_csv(path, [words(c.label_id) for c in columns], rows)
