"""What the exact Thai text layer costs: build time and PDF size.

Renders the same multi-page Thai document with WeasyPrint, without and with
``builder.pdf.thai_text_layer``, and prints the best build time of a few runs
and the file size of each.

    python benchmarks/thai_text_layer_cost.py [--paragraphs N] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.pdf import thai_text_layer  # noqa: E402

FONTS = ROOT / "themes" / "default" / "static" / "fonts"

PARAGRAPH = (
    "ตัวชี้วัดที่ {n} ระดับความสำเร็จของการดำเนินงานตามแผนปฏิบัติราชการ "
    "น้ำหนักร้อยละ ๒๐ ผู้รับผิดชอบ สำนักงานปลัดกระทรวง ค่าเป้าหมาย สู่ระดับ ๕ "
    "โดยพิจารณาจากผลการดำเนินงานที่ก้าวหน้าอย่างต่อเนื่อง ซ้ำซ้อนน้อยที่สุด "
    "และคำนึงถึงผู้มีส่วนได้ส่วนเสียทุกฝ่าย (KPI {n}.1, 85%)"
)


def document(paragraphs: int) -> str:
    faces = "\n".join(
        f"@font-face {{ font-family: Sarabun; font-weight: {weight}; "
        f"src: url({(FONTS / f'Sarabun-{name}.ttf').as_uri()}); }}"
        for name, weight in (("Regular", "normal"), ("Bold", "bold"))
    )
    body = "\n".join(
        f"<h2>ตัวชี้วัดที่ {n}</h2><p>{PARAGRAPH.format(n=n)}</p><table><tr><td>น้ำหนัก</td><td>ค่ำ</td><td>ทำ</td></tr></table>"
        for n in range(1, paragraphs + 1)
    )
    return f"""<html lang="th"><head><meta charset="utf-8"><style>{faces}
@page {{ size: A4; margin: 20mm;
  @top-center {{ content: "คู่มือตัวชี้วัด น้ำหนักร้อยละ"; font-family: Sarabun }} }}
body {{ font-family: Sarabun; font-size: 12pt }}
</style></head><body>{body}</body></html>"""


def build(html: str, path: Path, patched: bool) -> tuple[float, int, int]:
    """Seconds to build, bytes written, pages."""
    import weasyprint

    start = time.perf_counter()
    with thai_text_layer.thai_text_layer(enabled=patched):
        rendered = weasyprint.HTML(string=html).render()
        rendered.write_pdf(path)
    return time.perf_counter() - start, path.stat().st_size, len(rendered.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=120)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()

    html = document(arguments.paragraphs)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(arguments.runs):
            for patched in (False, True):
                path = Path(folder) / f"{patched}.pdf"
                seconds, size, pages = build(html, path, patched)
                best = results.get(patched, (float("inf"), size, pages))[0]
                results[patched] = (min(best, seconds), size, pages)

    print(f"{'':<12}{'pages':>6}{'best time (s)':>15}{'size (bytes)':>14}")
    for patched, label in ((False, "WeasyPrint"), (True, "patched")):
        seconds, size, pages = results[patched]
        print(f"{label:<12}{pages:>6}{seconds:>15.3f}{size:>14}")
    (before, size_before, _), (after, size_after, _) = results[False], results[True]
    print(f"cost: {100 * (after / before - 1):+.1f}% time, {100 * (size_after / size_before - 1):+.1f}% size")


if __name__ == "__main__":
    main()
