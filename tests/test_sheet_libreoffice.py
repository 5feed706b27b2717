"""A results form through a real spreadsheet program: written by `kpibook sheet out`,
filled as a collector would (a formula, a percent cell, a number typed as text, Thai
digits), saved again by LibreOffice (`soffice --convert-to xlsx`, Debian's
libreoffice-calc), imported by `kpibook sheet in`: the results check clean and score as
worked out by hand. LibreOffice keeps the protection, the validation and the Thai font,
shows the dates in the Buddhist Era, and its CSV of the same form imports to the same
values. LibreOffice takes seconds to start, so this is two conversions in one test."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from browser import require
from contenttree import ContentTree
from openpyxl import load_workbook
from sheetforms import cell, export, import_

from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.scoring.scorecard import score_content
from builder.sheets.scorecards import export_spreadsheets

SOFFICE = "soffice"


def libreoffice(sources: list[Path], folder: Path, target: str) -> list[Path]:
    """`sources` opened and saved again by LibreOffice as `target` (a format, or a format
    and its filter's options), formulas recalculated; the files it wrote, by name."""
    require(SOFFICE, "libreoffice-calc")
    folder.mkdir()
    profile = (folder.parent / "lo-profile").as_uri()  # its own profile: no clash with a running LibreOffice
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return sorted(folder.iterdir())


# CSV as LibreOffice shows the cells (comma, double quote, UTF-8, formatted text, every sheet)
SHOWN_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def test_a_form_filled_and_saved_by_libreoffice_imports_and_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    tree = ContentTree(tmp_path / "content")
    root = tree.write()
    form = export(root, tmp_path / "results.xlsx", "--unit", "dist-a")
    workbook = load_workbook(form)
    ws = workbook["อำเภอ ก"]
    cell(ws, "rice-yield", "actual").value = "๔๓๕.๒๕"  # Thai digits, as text
    cell(ws, "poor-households", "actual").value = "=100+35"  # LibreOffice saves the result, 135
    cell(ws, "poor-households", "narrative").value = "ครัวเรือนเป้าหมายพ้นเกณฑ์ จปฐ. 135 ครัวเรือน"
    cell(ws, "service-time", "actual").value = "25"  # a number stored as text
    budget = cell(ws, "budget", "actual")
    budget.value, budget.number_format = 0.95, "0%"  # shows 95%
    cell(ws, "km-level", "level").value = 4
    cell(ws, "km-level", "evidence").value = "units/dist-a/evidence/minutes.md"
    for kpi in ("rice-yield", "km-level"):
        cell(ws, kpi, "reported_on").value = dt.date(2025, 4, 9 if kpi == "rice-yield" else 10)
    workbook.save(tmp_path / "filled.xlsx")

    [saved] = libreoffice([tmp_path / "filled.xlsx"], tmp_path / "saved", "xlsx")
    again = load_workbook(saved)["อำเภอ ก"]
    assert again.protection.sheet and again.data_validations.dataValidation  # LibreOffice kept both
    assert cell(again, "km-level", "level").protection.locked is False  # ... and the open cells
    assert (again["A1"].font.name, cell(again, "rice-yield", "actual").font.name) == ("Sarabun", "Sarabun")

    status, lines = import_(root, saved)
    assert (status, lines) == (
        0,
        ["0 errors, 0 warnings", "content/units/dist-a/results/2568/m6.yaml: 5 results updated"],
    )
    assert (root / "units/dist-a/results/2568/m6.yaml").read_text("utf-8") == (
        "year: 2568\n"
        "round: m6\n"
        "reported_on: 2025-04-10\n"
        "results:\n"
        "  - {kpi: rice-yield, actual: 435.25}\n"
        "  - {kpi: poor-households, actual: 135, narrative: ครัวเรือนเป้าหมายพ้นเกณฑ์ จปฐ. 135 ครัวเรือน}\n"
        "  - {kpi: service-time, actual: 25}\n"
        "  - {kpi: budget, actual: 95}\n"
        "  - {kpi: km-level, level: 4, evidence: [units/dist-a/evidence/minutes.md]}\n"
    )
    checked = load_and_check(BuildOptions(content=root, today=dt.date(2025, 12, 1)))
    assert checked.content is not None and [d.format("en") for d in checked.diagnostics] == []
    scores = score_content(checked.content)
    card = scores.card("dist-a", 2568, "m6")
    assert card is not None
    # 435.25 on 429/431.5/434/436.5/439: 3 + 1.25/2.5; 135 on 60..180 by 30s; 25 minutes on
    # 30..22 (lower is better); 95 % on 90..98; level 4 -> 3.5, 3.5, 3.5, 3.5, 4
    assert [(r.kpi, r.score, r.weighted) for r in card.rows] == [
        ("rice-yield", Decimal("3.5000"), Decimal("1.0500")),
        ("poor-households", Decimal("3.5000"), Decimal("0.7000")),
        ("service-time", Decimal("3.5000"), Decimal("0.7000")),
        ("budget", Decimal("3.5000"), Decimal("0.3500")),
        ("km-level", Decimal("4.0000"), Decimal("0.8000")),
    ]
    assert (card.total, card.total_100, card.band and card.band.label.en) == (
        Decimal("3.6000"),
        Decimal("72.0000"),
        "Very good",
    )

    # what LibreOffice shows of the saved form (Buddhist Era dates in Thai, the percent cell
    # as a percentage) and of the scorecards workbook a build writes: one run of LibreOffice
    export_spreadsheets(checked.content, scores, tmp_path / "site", BuildOptions(content=root))
    scorecards = tmp_path / "site" / "data" / "scorecards.xlsx"
    written = {p.name: p for p in libreoffice([saved, scorecards], tmp_path / "shown", SHOWN_CSV)}
    shown, scorecards_m6 = written["filled-อำเภอ ก.csv"], written["scorecards-2568 รอบ 6 เดือน.csv"]
    table = list(csv.reader(io.StringIO(shown.read_text("utf-8"))))
    assert table[0][0] == "แบบรายงานผลการดำเนินงานตามตัวชี้วัด รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2568"
    by_kpi = {row[3]: row for row in table[6:] if len(row) > 19}
    assert [by_kpi[kpi][14] for kpi in ("rice-yield", "poor-households", "service-time", "budget")] == [
        "๔๓๕.๒๕",
        "135",
        "25",
        "95%",
    ]
    assert (by_kpi["rice-yield"][19], by_kpi["km-level"][19]) == ("9 เม.ย. 2568", "10 เม.ย. 2568")

    # the same form saved by LibreOffice as CSV, as it shows: the same values, nothing to change
    status, lines = import_(root, shown)
    assert (status, lines) == (0, ["0 errors, 0 warnings", "the workbook changes no results file"])
    # the scorecards as LibreOffice shows them: four decimals, the band in Thai
    total = next(
        r for r in csv.reader(io.StringIO(scorecards_m6.read_text("utf-8"))) if r[:2] == ["รวมทั้งหมด", "dist-a"]
    )
    assert total[6:] == ["100", "", "", "", "", "", "", "3.6000", "72.0000", "ดีมาก"]
