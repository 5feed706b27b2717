"""How long a results form for 2,000 units × 10 KPIs takes to write and to import, against
openpyxl writing and reading the same cells bare.

    python benchmarks/sheets.py [--units 2000] [--kpis 10] [--changed 1.0]

Generates the tree (benchmarks/generate.py, fan-out 13, so every unit reports at 6
months), then in one process:
  1. `kpibook sheet out --round m6`: the form, one sheet per unit (content read and
     checked, rows, styles, validation, protection, deterministic save);
     floor: openpyxl writing the same sheets of the same number of cells, values only;
  2. the form filled (a share `--changed` of the actual values changed, not timed);
  3. `kpibook sheet in`: workbook read, rows checked, results files updated with
     ruamel.yaml, the whole content checked again with the new files, files written;
     floor: openpyxl opening the same workbook and reading every cell bare.
Prints each time with its phases, the floor and the ratio.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from builder.cli import main as cli_main
from builder.commands import sheet as sheet_command
from builder.sheets import form, importer, results_out

PHASES: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # name -> [wall, CPU] seconds


class Clock:
    """Wall and CPU seconds (this process) since it was made: the machine is shared, so
    CPU time is the figure to compare; wall time shows what a user waits."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        clock = Clock()
        try:
            return function(*args, **kwargs)
        finally:
            wall, cpu = clock.lap()
            PHASES[name][0] += wall
            PHASES[name][1] += cpu

    return run


@contextmanager
def phases() -> Iterator[dict[str, float]]:
    """Time the named steps of a command (wrapping the functions it calls)."""
    wrapped = [
        (sheet_command, "load_and_check", "content read and checked"),
        (form, "unit_rows", "rows of the form"),
        (results_out._SheetWriter, "write", "cells written, styled, validated"),
        (results_out, "save_workbook", "workbook saved"),
        (importer, "check_tree", "content read and checked (before and with the new files)"),
        (importer, "read_tables", "workbook read"),
        (importer, "entries_of", "rows checked"),
        (importer, "planned_changes", "results files updated in memory (ruamel.yaml)"),
        (importer, "write_all", "files written"),
    ]
    saved = [(module, name, getattr(module, name, None)) for module, name, _ in wrapped]
    for module, name, label in wrapped:
        if hasattr(module, name):
            setattr(module, name, timed(label, getattr(module, name)))
    PHASES.clear()
    try:
        yield PHASES
    finally:
        for module, name, function in saved:
            if function is not None:
                setattr(module, name, function)


def command(*argv: str) -> tuple[float, float]:
    out = io.StringIO()
    clock = Clock()
    with redirect_stdout(out):
        status = cli_main(list(argv))
    elapsed = clock.lap()
    if status != 0:
        raise SystemExit(f"kpibook {' '.join(argv)} failed:\n{out.getvalue()[-3000:]}")
    return elapsed


def shape(path: Path) -> list[tuple[str, int, int]]:
    """(sheet name, cells with a value, columns) of each sheet of a workbook."""
    workbook = load_workbook(path, read_only=True)
    found = []
    for ws in workbook.worksheets:
        filled = sum(1 for row in ws.iter_rows(values_only=True) for value in row if value is not None)
        found.append((ws.title, filled, ws.max_column or 1))
    workbook.close()
    return found


def bare_write(sheets: list[tuple[str, int, int]], target: Path) -> tuple[float, float]:
    """The same sheets with the same number of cells holding a value, in rows as wide as the
    form's, values only: no styles, validation, protection or merged cells."""
    clock = Clock()
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, filled, columns in sheets:
        ws = workbook.create_sheet(title)
        for start in range(0, filled, columns):
            width = min(columns, filled - start)
            ws.append([f"ข้อความ {start}" if c % 3 == 0 else start * 1.5 + c for c in range(width)])
    workbook.save(target)
    return clock.lap()


def bare_read(path: Path) -> tuple[float, float]:
    clock = Clock()
    workbook = load_workbook(path)
    count = sum(1 for ws in workbook.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None)
    assert count
    return clock.lap()


def fill(path: Path, share: float) -> int:
    """Change `share` of the actual values, as collectors would; returns how many."""
    workbook = load_workbook(path)
    rng, changed = random.Random(2568), 0
    for ws in workbook.worksheets:
        header = next(r for r in ws.iter_rows(max_row=10) if r[0].value == "รหัสหน่วยงาน")
        actual = next(c.column for c in header if c.value == "ผลการดำเนินงาน")
        for row in ws.iter_rows(min_row=header[0].row + 1):
            value = row[actual - 1].value
            if isinstance(value, int | float) and rng.random() < share:
                row[actual - 1].value = round(value + 1.25, 2)
                changed += 1
    workbook.save(path)
    return changed


def report(title: str, total: tuple[float, float], floor_name: str, floor: tuple[float, float]) -> None:
    print(f"{title}: {total[0]:.1f} s wall, {total[1]:.1f} s CPU (load average {os.getloadavg()[0]:.1f})")
    for name, (wall, cpu) in PHASES.items():
        print(f"    {name}: {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"  floor, {floor_name}: {floor[0]:.1f} s wall, {floor[1]:.1f} s CPU")
    print(f"  ratio: {total[0] / floor[0]:.1f} wall, {total[1] / floor[1]:.1f} CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--changed", type=float, default=1.0, help="share of actual values the collectors change")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        root = generate(folder / "content", args.units, args.kpis, fanout=13)
        content = ["--content", str(root), "--lang", "th", "--today", "2025-12-01"]
        xlsx = folder / "results.xlsx"
        with phases():
            written = command("sheet", "out", *content, "--round", "m6", "-o", str(xlsx))
            sheets = shape(xlsx)
            cells = sum(filled for _, filled, _ in sheets)
            print(f"{len(sheets)} sheets, {cells} cells with a value, {xlsx.stat().st_size / 1e6:.1f} MB")
            floor = bare_write(sheets, folder / "bare.xlsx")
            report("sheet out", written, "openpyxl writing the same cells bare", floor)
        changed = fill(xlsx, args.changed)
        print(f"{changed} actual values changed by the collectors")
        with phases():
            imported = command("sheet", "in", str(xlsx), *content)
            report("sheet in", imported, "openpyxl reading the same workbook bare", bare_read(xlsx))


if __name__ == "__main__":
    main()
