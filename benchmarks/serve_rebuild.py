"""How fast `kpibook serve` shows an edit: one KPI name changed in one unit of the
example, the site rebuilt with `builder.pipeline.rebuild` (only the pages the edit
touches), against a full site build of the same content in the same run (the floor the
rebuild must beat).

    python benchmarks/serve_rebuild.py [--unit dist-a-tambon-c] [--rounds 5]

Prints the median of each, the pages written and the ratio rebuild / full.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder.options import BuildOptions
from builder.pipeline import build_all, rebuild

EXAMPLE = Path(__file__).resolve().parent.parent / "content"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unit", default="dist-a-tambon-c", help="the unit whose first KPI is renamed")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kpibook-serve-bench-"))
    try:
        shutil.copytree(EXAMPLE, work / "content")
        live = BuildOptions(content=work / "content", out=work / "live", pdf=False, today=dt.date(2025, 12, 1))
        state, _ = build_all(live)
        kpis = work / "content" / "units" / args.unit / "kpis.yaml"
        rebuilds, fulls, pages = [], [], 0
        for n in range(args.rounds + 1):
            kpis.write_text(re.sub(r"(name: \{th: )", rf"\g<1>{n} ", kpis.read_text("utf-8"), count=1), "utf-8")
            started = time.perf_counter()
            state, _, update = rebuild(live, state)
            elapsed = time.perf_counter() - started
            full_options = BuildOptions(content=live.content, out=work / "full", pdf=False, today=live.today)
            started = time.perf_counter()
            build_all(full_options)
            full = time.perf_counter() - started
            if n:  # the first round compiles the templates
                rebuilds.append(elapsed)
                fulls.append(full)
                pages = update.pages
        rebuild_s, full_s = statistics.median(rebuilds), statistics.median(fulls)
        print(f"rebuild after editing {args.unit}: {rebuild_s:.3f} s ({pages} pages), median of {args.rounds}")
        print(f"full build (site + export, no PDFs): {full_s:.3f} s")
        print(f"ratio rebuild / full: {rebuild_s / full_s:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
