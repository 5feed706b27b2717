"""How fast `kpibook serve` shows an edit: one KPI renamed in one unit of a generated
organisation (benchmarks/generate.py), the site rebuilt with `builder.pipeline.rebuild`
(the files parsed again only where they changed, the pages whose inputs changed written
in place), against a full build of the same content in the same run (the floor the
rebuild must beat: issue 15 asks for at most 5% of it).

    python benchmarks/serve_rebuild.py [--units 2000] [--kpis 10] [--rounds 3] [--jobs 2]

Rebuild and full build alternate (edit, rebuild, full build; again ...), both in this
process; each figure is the median over the rounds. CPU time counts the full build's page
workers too. The first rebuild after serve's own build (the first edit a user makes after
`kpibook serve` starts) is printed apart and is not in the medians. Prints the pages
written, the parts of organisation pages rendered again, the ratio rebuild / full and
the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from builder.options import BuildOptions
from builder.pipeline import build_all, rebuild
from builder.reader import ParseCache
from builder.tree import SETTLED_NS


def cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="page processes of the full build (0: one per core)")
    parser.add_argument("--unit", default="", help="the unit whose first KPI is renamed (default: a unit mid-tree)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        content = generate(work / "content", args.units, args.kpis)
        unit = args.unit or sorted(p.name for p in (content / "units").iterdir())[args.units // 2]
        live = BuildOptions(content=content, out=work / "live", pdf=False, today=dt.date(2025, 12, 1), jobs=args.jobs)
        full_options = BuildOptions(content=content, out=work / "full", pdf=False, today=live.today, jobs=args.jobs)
        # the content an office serves was written before serve starts: its files' times
        # are settled (a file is taken as unchanged by its times only once they are)
        time.sleep(SETTLED_NS / 1e9)
        started, cpu_started = time.perf_counter(), cpu()
        state, _ = build_all(live, parsed=ParseCache())  # serve's build: keeps what the rebuilds need
        serve_build = (time.perf_counter() - started, cpu() - cpu_started)
        kpis = content / "units" / unit / "kpis.yaml"
        rebuilds: list[tuple[float, float]] = []
        fulls: list[tuple[float, float]] = []
        pages = parts = 0
        first: tuple[float, float] = (0.0, 0.0)
        for n in range(args.rounds + 1):
            kpis.write_text(re.sub(r"(name: \{th: )", rf"\g<1>{n} ", kpis.read_text("utf-8"), count=1), "utf-8")
            started, cpu_started = time.perf_counter(), cpu()
            state, _, update = rebuild(live, state, {kpis})  # as serve's watcher reports it
            rebuilt = (time.perf_counter() - started, cpu() - cpu_started)
            started, cpu_started = time.perf_counter(), cpu()
            build_all(full_options)
            full = (time.perf_counter() - started, cpu() - cpu_started)
            if not n:
                first = rebuilt
            else:
                rebuilds.append(rebuilt)
                fulls.append(full)
                pages, parts = update.pages, update.parts
        print(f"{args.units} units × {args.kpis} KPIs; one KPI renamed in {unit}; medians of {args.rounds}")
        print(f"{'serve build':>22}: {serve_build[0]:7.2f} s wall {serve_build[1]:7.2f} s CPU (once, cold)")
        print(
            f"{'first rebuild':>22}: {first[0]:7.2f} s wall {first[1]:7.2f} s CPU (the first edit after serve started)"
        )
        for name, runs in (("rebuild", rebuilds), ("full build (no PDFs)", fulls)):
            wall, cpu_s = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            print(f"{name:>22}: {wall:7.2f} s wall {cpu_s:7.2f} s CPU")
        print(f"{'pages written':>22}: {pages} ({parts} parts of organisation pages rendered again)")
        wall_ratio = statistics.median(r[0] / f[0] for r, f in zip(rebuilds, fulls, strict=True))
        cpu_ratio = statistics.median(r[1] / f[1] for r, f in zip(rebuilds, fulls, strict=True))
        print(f"{'ratio rebuild / full':>22}: {wall_ratio:7.3f} wall {cpu_ratio:7.3f} CPU")
        print(f"{'load average':>22}: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
