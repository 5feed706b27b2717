"""A results form through a real spreadsheet program: written by `kpibook sheet out`,
filled as a collector would (a formula, a percent cell, a number typed as text, Thai
digits), saved again by LibreOffice (`soffice --convert-to xlsx`, Debian's
libreoffice-calc), imported by `kpibook sheet in`: the results check clean and score as
worked out by hand. LibreOffice takes seconds to start, so this is one conversion."""

from __future__ import annotations

import datetime as dt
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

SOFFICE = "soffice"


def libreoffice_saved(source: Path, folder: Path) -> Path:
    """`source` opened and saved again as XLSX by LibreOffice (formulas recalculated)."""
    require(SOFFICE, "libreoffice-calc")
    folder.mkdir()
    profile = (folder.parent / "lo-profile").as_uri()  # its own profile: no clash with a running LibreOffice
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return folder / source.name


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

    saved = libreoffice_saved(tmp_path / "filled.xlsx", tmp_path / "saved")
    again = load_workbook(saved)["อำเภอ ก"]
    assert again.protection.sheet and again.data_validations.dataValidation  # LibreOffice kept both

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
    card = score_content(checked.content).card("dist-a", 2568, "m6")
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
