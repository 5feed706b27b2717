"""How long the PDFs take, how much memory, how many pages; and how much Thai extracts.

    python benchmarks/handbook.py --units 500            # a generated tree (benchmarks/generate.py)
    python benchmarks/handbook.py --content content      # the example organisation
    python benchmarks/handbook.py --content content --thai-extraction

Builds the handbook and every agreement PDF three times with an empty cache folder: cold,
then warm (everything from the cache, the joined handbook too), then with every document
from the cache but the handbook joined again (what a change that keeps every section's
layout costs, e.g. a unit added at the end); prints pages, seconds, file size and the
peak memory (maxrss, this process and its worker processes). `--thai-extraction` also lays
the PDFs out once without the exact Thai text layer and compares every KPI name of the
content with what pdftotext extracts from the handbook, before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from builder.diagnostics import Diagnostics  # noqa: E402
from builder.model import Content  # noqa: E402
from builder.options import BuildOptions  # noqa: E402
from builder.pipeline import load_and_check  # noqa: E402
from builder.privacy import publishable  # noqa: E402
from builder.scoring.scorecard import Scorebook, score_content  # noqa: E402


def load(options: BuildOptions) -> tuple[Content, Scorebook]:
    checked = load_and_check(options)
    if checked.content is None or checked.diagnostics.has_errors():
        raise SystemExit(f"{options.content}: content has errors; run build.py check")
    return publishable(checked.content, score_content(checked.content))


def build_pdfs(content: Content, scores: Scorebook, options: BuildOptions, stage: Path) -> float:
    from builder.pdf.render import render_pdfs

    stage.mkdir(parents=True, exist_ok=True)
    diags = Diagnostics()
    started = time.perf_counter()
    render_pdfs(content, scores, stage, options, diags)
    if diags.has_errors():
        raise SystemExit("\n".join(d.format() for d in diags.errors))
    return time.perf_counter() - started


def pages_of(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else 0


def peak_memory_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def extraction(content: Content, pdf: Path) -> tuple[int, int]:
    """(KPI names found exactly, KPI names) in the handbook's pdftotext output."""
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    names = {re.sub(r"\s+", "", k.name.get(content.site.language)) for k in content.kpis.values()}
    return sum(1 for name in names if name in text), len(names)


def without_thai_text_layer(content: Content, scores: Scorebook, options: BuildOptions, stage: Path) -> None:
    """Lay out in this process with WeasyPrint's own text drawing (the "before")."""
    from builder.pdf import parallel, svg_text, thai_text_layer

    original = parallel.prepare_weasyprint
    parallel.prepare_weasyprint = svg_text.install  # type: ignore[assignment]
    try:
        import builder.pdf.render as render

        render.prepare_weasyprint = svg_text.install  # type: ignore[assignment]
        with thai_text_layer.thai_text_layer(enabled=False):
            build_pdfs(content, scores, replace(options, jobs=1), stage)
    finally:
        parallel.prepare_weasyprint = original
        render.prepare_weasyprint = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, help="a content tree (default: generate one)")
    parser.add_argument("--units", type=int, default=500, help="units of the generated tree")
    parser.add_argument("--kpis", type=int, default=10, help="KPIs per unit of the generated tree")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    parser.add_argument("--thai-extraction", action="store_true", help="measure Thai extraction before/after")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kpibook-bench-") as folder:
        tmp = Path(folder)
        if args.content is None:
            from generate import generate

            args.content = generate(tmp / "content", args.units, args.kpis)
        options = BuildOptions(
            content=args.content, out=tmp / "output", today=dt.date(2025, 12, 1), jobs=args.jobs, cache=tmp / "cache"
        )
        content, scores = load(options)
        agreements = len(content.agreements)
        print(f"{args.content}: {len(content.units)} units, {len(content.kpis)} KPIs, {agreements} agreements")
        cold = build_pdfs(content, scores, options, tmp / "cold")
        warm = build_pdfs(content, scores, options, tmp / "warm")
        for joined in (tmp / "cache").glob("pdf/*/*.joined.pdf"):
            joined.unlink()
        rejoin = build_pdfs(content, scores, options, tmp / "rejoin")
        handbook = tmp / "cold" / "handbook.pdf"
        agreement_pages = sum(pages_of(p) for p in (tmp / "cold" / "agreements").glob("*.pdf"))
        size = handbook.stat().st_size / 2**20
        print(f"handbook: {pages_of(handbook)} pages, {size:.1f} MiB; agreements: {agreement_pages} pages")
        print(f"cold build (empty cache): {cold:.1f}s; warm build (all from the cache): {warm:.1f}s")
        print(f"warm build joining the handbook again: {rejoin:.1f}s")
        print(f"peak memory (maxrss, largest process): {peak_memory_mib():.0f} MiB")
        if args.thai_extraction:
            found, total = extraction(content, handbook)
            without_thai_text_layer(content, scores, replace(options, cache=tmp / "c2"), tmp / "b")
            before, _ = extraction(content, tmp / "b" / "handbook.pdf")
            print(f"KPI names extracted exactly by pdftotext: before {before}/{total}, after {found}/{total}")


if __name__ == "__main__":
    main()
