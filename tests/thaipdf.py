"""A page of hard Thai and the PDF text extractors people use, for the Thai text tests.

`tests/test_pdf_thai_text.py` checks kpibook's text layer with them;
`tests/test_weasyprint_newest.py` checks WeasyPrint alone (`.ci/weasyprint-newest`). This
module imports nothing of kpibook's WeasyPrint patches, so it loads with any WeasyPrint.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from browser import require

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "themes" / "default" / "static" / "fonts"

TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
# No vowel, above vowels ิ ี ึ ื, below vowels ุ ู, MAI HAN-AKAT ั.
VOWELS = ("", "\u0e34", "\u0e35", "\u0e36", "\u0e37", "\u0e38", "\u0e39", "\u0e31")
# Plain, tall (ascender) and descender consonants take different mark forms.
BASES = "กปฝฟญฐฎฏ"


def _tone_lines() -> list[str]:
    """Every tone mark on every vowel position, on every kind of base."""
    lines = []
    for base in BASES:
        words = ["".join(base + vowel + tone for tone in TONES) + "ง" for vowel in VOWELS]
        lines.append(" ".join(words))
    return lines


BODY_LINES = [
    "ระดับความสำเร็จ น้ำหนัก สู่ระดับ ผู้รับผิดชอบ",
    "น้ำ ทำ ค่ำ ซ้ำ ต่ำ ก้ำกึ่ง น้ำหนักร้อยละ ตำแหน่ง ขำ ร่ำรวย",
    *_tone_lines(),
    "ก็ เก็บ เล็ก ก์ ศักดิ์ จันทร์ พระพุทธรูป กั้น ทั่วไป ฝั่ง ฟื้นฟู",
    "ฤดู ฤทธิ์ ฤๅษี ฦๅ ฦๅชา พฤษภาคม อังกฤษ",
    "เลขไทย ๐๑๒๓๔๕๖๗๘๙ ปีงบประมาณ ๒๕๖๗",
    "KPI 1.2 ระดับความสำเร็จ (Success level) 85% น้ำหนัก 20 points",
]
BOLD_LINE = "ตัวชี้วัดที่ ๑ ร้อยละของผู้ที่ได้รับการพัฒนา"
ITALIC_LINE = "หมายเหตุ: ข้อมูลจากสำนักงานคณะกรรมการพัฒนาระบบราชการ"
BOLD_ITALIC_LINE = "ผลลัพธ์ที่คาดหวัง ค่ำคืน ซ้ำซ้อน ปู่ย่าตายาย"
TABLE_ROWS = [
    ("ตัวชี้วัด", "น้ำหนัก", "ค่าเป้าหมาย"),
    ("ระดับความสำเร็จของการดำเนินงาน", "๒๐", "ระดับ ๕"),
    ("ร้อยละของผู้ใช้บริการที่พึงพอใจ", "15.5", "ไม่น้อยกว่าร้อยละ ๘๕"),
]
HEADER = "คู่มือตัวชี้วัด ปีงบประมาณ ๒๕๖๗ น้ำหนักร้อยละ ๓๐"
FOOTER = "สำนักงาน ก.พ.ร. หน้า"
SVG_TEXT = "กราฟแสดงผู้ที่ได้รับน้ำหนัก"


def font_faces() -> str:
    faces = []
    for name, weight, style in (
        ("Regular", "normal", "normal"),
        ("Bold", "bold", "normal"),
        ("Italic", "normal", "italic"),
        ("BoldItalic", "bold", "italic"),
    ):
        url = (FONTS / f"Sarabun-{name}.ttf").as_uri()
        faces.append(
            f"@font-face {{ font-family: Sarabun; font-weight: {weight}; font-style: {style}; src: url({url}); }}"
        )
    return "\n".join(faces)


def hard_thai_html() -> str:
    """An A4 page of hard Thai (one page: reading order stays unambiguous)."""
    paragraphs = "\n".join(f"<p>{line}</p>" for line in BODY_LINES)
    rows = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in TABLE_ROWS)
    return f"""<!doctype html>
<html lang="th"><head><meta charset="utf-8"><style>
{font_faces()}
@page {{
  size: A4; margin: 22mm 15mm;
  @top-center {{ content: "{HEADER}"; font-family: Sarabun; font-size: 10pt; }}
  @bottom-center {{
    content: "{FOOTER} " counter(page); font-family: Sarabun;
    font-style: italic; font-size: 10pt; }}
}}
body {{ font-family: Sarabun; font-size: 11pt; line-height: 1.5; }}
p {{ margin: 0 0 2pt; }}
table {{ border-collapse: collapse; margin: 4pt 0; }}
td {{ border: 0.5pt solid black; padding: 2pt 6pt; }}
</style></head><body>
{paragraphs}
<p><b>{BOLD_LINE}</b></p>
<p><i>{ITALIC_LINE}</i></p>
<p><b><i>{BOLD_ITALIC_LINE}</i></b></p>
<table>{rows}</table>
<svg width="400" height="40" viewBox="0 0 400 40">
  <text x="5" y="28" font-family="Sarabun" font-size="18">{SVG_TEXT}</text>
</svg>
</body></html>"""


def expected_text() -> str:
    """All the page's text in reading order."""
    return "".join(
        [
            HEADER,
            *BODY_LINES,
            BOLD_LINE,
            ITALIC_LINE,
            BOLD_ITALIC_LINE,
            *("".join(row) for row in TABLE_ROWS),
            SVG_TEXT,
            FOOTER,
            "1",
        ]
    )


def squash(text: str) -> str:
    """Text without any whitespace (layout decides where spaces and breaks go)."""
    return re.sub(r"\s+", "", text)


def first_difference(expected: str, actual: str) -> str:
    for index, (left, right) in enumerate(zip(expected, actual, strict=False)):
        if left != right:
            return f"at {index}: expected {expected[index : index + 12]!r}, got {actual[index : index + 12]!r}"
    return f"lengths {len(expected)} and {len(actual)}"


def needs(tool: str) -> None:
    require(tool, "poppler-utils")


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pypdf_text(path: Path) -> str:
    import pypdf

    return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "".join(page.extract_text() for page in pdf.pages)


def pdfium_text(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return "".join(document[index].get_textpage().get_text_range() for index in range(len(document)))
    finally:
        document.close()


def expected_segments() -> list[str]:
    """Each block of the page's text, whitespace removed."""
    return [
        squash(segment)
        for segment in (
            HEADER,
            *BODY_LINES,
            BOLD_LINE,
            ITALIC_LINE,
            BOLD_ITALIC_LINE,
            *("".join(row) for row in TABLE_ROWS),
            SVG_TEXT,
            FOOTER + "1",
        )
    ]


def same_text_any_block_order(actual: str) -> bool:
    """Exact text, blocks in any order (pypdf follows the content stream,
    where WeasyPrint draws the @page margin boxes after the body)."""
    squashed = squash(actual)
    segments = expected_segments()
    return len(squashed) == sum(map(len, segments)) and all(segment in squashed for segment in segments)
