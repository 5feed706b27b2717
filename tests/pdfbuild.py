"""Helpers of the PDF tests: render a content tree's PDFs and read them back.

`render_pdfs_of(tree)` runs the build's own steps up to the PDFs (check → score → redact →
`render_pdfs`) into a folder, without the site; reading back uses the tools a person
would (pdftotext, pdffonts, pdftoppm) and pypdf for the outline.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from contenttree import ContentTree
from pypdf import PdfReader

from builder.diagnostics import Diagnostics
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.privacy import publishable
from builder.scoring.scorecard import score_content
from builder.stamp import Stamp

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "pdf"
TODAY = dt.date(2025, 12, 1)
STAMP = Stamp(text="r1", date="2025-12-01")  # the revision the test documents are stamped with


@dataclass
class Rendered:
    stage: Path
    diagnostics: Diagnostics

    @property
    def handbook(self) -> Path:
        return self.stage / "handbook.pdf"

    def agreement(self, unit: str, year: int = 2568) -> Path:
        return self.stage / "agreements" / f"{unit}-{year}.pdf"


def options_for(tree: ContentTree, tmp: Path, **overrides: object) -> BuildOptions:
    settings: dict[str, object] = {
        "content": tree.root,
        "out": tmp / "output",
        "today": TODAY,
        "cache": tmp / "cache",
        "jobs": 1,
        "stamp": STAMP,
    }
    settings.update(overrides)
    return BuildOptions(**settings)  # type: ignore[arg-type]


def render_pdfs_of(tree: ContentTree, tmp: Path, **overrides: object) -> Rendered:
    from builder.pdf.render import render_pdfs

    tree.write()
    options = options_for(tree, tmp, **overrides)
    checked = load_and_check(options)
    assert checked.content is not None and not checked.diagnostics.has_errors(), [
        d.format() for d in checked.diagnostics.errors
    ]
    content, scores = publishable(checked.content, score_content(checked.content))
    stage = tmp / "stage"
    stage.mkdir(parents=True, exist_ok=True)
    diags = Diagnostics()
    render_pdfs(content, scores, stage, options, diags)
    return Rendered(stage, diags)


def page_texts(pdf: Path, layout: bool = False) -> list[str]:
    """pdftotext, one string per page."""
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def stream_text(pdf: Path) -> str:
    """Text in drawing order (pypdf): a table cell's lines stay together however it wraps."""
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def squash(text: str) -> str:
    """Text without any white space: Thai wraps anywhere in a narrow table cell."""
    return re.sub(r"\s+", "", text)


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every outline entry, in order."""
    reader = PdfReader(pdf)
    entries: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item) + 1))  # type: ignore[attr-defined, arg-type]

    walk(reader.outline, 0)
    return entries


def fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, embedded yes/no) of every font pdffonts lists."""
    lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        yes_no = [p for p in parts if p in ("yes", "no")]
        rows.append((parts[0], yes_no[0]))
    return rows


def save_pngs(pdf: Path, name: str, pages: list[int]) -> list[Path]:
    """Pages as PNG at 60 dpi into test-artifacts/pdf/ (for a person to look at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = []
    for page in pages:
        target = ARTIFACTS / f"{name}-p{page}"
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(target)],
            check=True,
        )
        saved.append(target.with_suffix(".png"))
    return saved
