"""Results forms in tests: write one with `kpibook sheet out`, fill its cells as a data
collector would (by KPI and column, never by cell address), import it with `kpibook
sheet in`, and compare the content tree byte for byte before and after."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from builder.catalogue import default_catalogue
from builder.cli import main
from builder.commands.sheet import sheet_headers
from builder.sheets.columns import header_key


def run(*argv: str) -> tuple[int, str]:
    """`kpibook ARGV` with its output (stdout and stderr together)."""
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        status = main(list(argv))
    return status, out.getvalue()


def export(root: Path, target: Path, *extra: str, round_id: str = "m6") -> Path:
    status, output = run("sheet", "out", "--content", str(root), "--round", round_id, "-o", str(target), *extra)
    assert status == 0, output
    return target


def import_(root: Path, source: Path, *extra: str) -> tuple[int, list[str]]:
    status, output = run(
        "sheet", "in", str(source), "--content", str(root), "--lang", "en", "--today", "2025-12-01", *extra
    )
    return status, output.splitlines()


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def columns(ws: Worksheet) -> tuple[int, dict[str, int]]:
    """The header row of a results sheet and the column number of each key."""
    headers = sheet_headers(default_catalogue())
    for row in ws.iter_rows(max_row=30):
        found = {
            headers[header_key(str(c.value))][0]: c.column
            for c in row
            if c.value and header_key(str(c.value)) in headers
        }
        if "kpi" in found:
            return row[0].row, found
    raise AssertionError(f"no header row in {ws.title}")


def kpi_row(ws: Worksheet, kpi: str, unit: str | None = None) -> int:
    header, where = columns(ws)
    for number in range(header + 1, ws.max_row + 1):
        if ws.cell(number, where["kpi"]).value == kpi and (
            unit is None or ws.cell(number, where["unit"]).value == unit
        ):
            return number
    raise AssertionError(f"no row for {kpi} in {ws.title}")


def cell(ws: Worksheet, kpi: str, key: str, unit: str | None = None) -> Any:
    """The cell of one KPI's row in one column (by column key)."""
    return ws.cell(kpi_row(ws, kpi, unit), columns(ws)[1][key])


def address(ws: Worksheet, kpi: str, key: str) -> str:
    return cell(ws, kpi, key).coordinate


def rows(ws: Worksheet) -> Iterator[dict[str, Any]]:
    header, where = columns(ws)
    for number in range(header + 1, ws.max_row + 1):
        values = {key: ws.cell(number, column).value for key, column in where.items()}
        if any(v is not None for v in values.values()):
            yield values


def filled(path: Path, sheet: str, values: dict[tuple[str, str], Any], target: Path | None = None) -> Path:
    """The workbook with `values[(kpi, column key)]` typed into its cells, saved as `target`."""
    workbook = load_workbook(path)
    ws = workbook[sheet]
    for (kpi, key), value in values.items():
        cell(ws, kpi, key).value = value
    workbook.save(target or path)
    return target or path
