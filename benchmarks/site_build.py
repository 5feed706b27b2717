"""How fast the site builds: load+check, scoring and render_site timed separately on a
generated organisation (default 2,000 units × 10 KPIs, agreements and results).

    python benchmarks/site_build.py [--units 2000] [--kpis 10] [--keep DIR]

Every page depends only on its neighbourhood (the nav is local, KPI cascades stop two
levels down), so the render time should grow linearly with units × KPIs: compare the
pages per second of two sizes to see it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.privacy import publishable
from builder.scoring.scorecard import score_content
from builder.site.render import render_site


def run(units: int, kpis: int, work: Path, jobs: int = 0) -> dict[str, float]:
    content_dir = generate(work / "content", units, kpis)
    stage = work / "site"
    stage.mkdir()
    options = BuildOptions(content=content_dir, out=stage, pdf=False, today=dt.date(2025, 12, 1), jobs=jobs)

    started = time.perf_counter()
    checked = load_and_check(options)
    load_check = time.perf_counter() - started
    if checked.content is None or checked.diagnostics.has_errors():
        raise SystemExit("the generated tree does not check clean")

    started = time.perf_counter()
    content, scores = publishable(checked.content, score_content(checked.content))
    scoring = time.perf_counter() - started

    report = render_site(content, scores, stage, options)
    size = sum(p.stat().st_size for p in stage.rglob("*.html"))
    return {
        "units": len(content.units),
        "kpis": len(content.kpis),
        "load_check_s": load_check,
        "score_s": scoring,
        "render_s": report.seconds,
        "render_cpu_s": report.cpu_seconds,
        "pages": report.pages,
        "pages_per_s": report.pages / report.seconds,
        "pages_per_cpu_s": report.pages / report.cpu_seconds,
        "html_mb": size / 1e6,
        "largest_page_kb": max(p.stat().st_size for p in stage.rglob("*.html")) / 1e3,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=0, help="page-writing processes (0: one per core)")
    parser.add_argument("--keep", type=Path, help="build here and keep the output")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(args.units, args.kpis, args.keep, args.jobs)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = run(args.units, args.kpis, Path(tmp), args.jobs)
    for name, value in result.items():
        print(f"{name:>16}: {value:,.2f}" if isinstance(value, float) else f"{name:>16}: {value:,}")


if __name__ == "__main__":
    main()
