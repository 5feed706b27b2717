"""PDFs on a Dask cluster: how the time scales with its workers, and what stays serial.

    python benchmarks/cluster_scaling.py [--units 50] [--kpis 10] [--workers 1 2] [--runs 1]

Starts a `LocalCluster` of 1, then 2 worker processes (one thread each) on this machine,
and lays out a generated tree's PDFs cold (empty cache) through `--executor
dask://HOST:PORT`, as `kpibook build` does; then the same build on local worker processes
(`--jobs`), the reference. Printed per run: wall seconds; CPU seconds of the workers
(layout) and of the main process (planning, cache keys, sending jobs, joining the
handbook, writing); and from them the estimate for larger clusters: the main process's
share stays serial, the workers' share divides by the workers (Amdahl), plus the start-up
measured here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def build(content: Path, work: Path, executor: str | None, jobs: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one cold PDF build."""
    from builder.diagnostics import Diagnostics
    from builder.options import BuildOptions
    from builder.pdf.render import render_pdfs
    from builder.pipeline import load_and_check
    from builder.privacy import publishable
    from builder.scoring.scorecard import score_content

    options = BuildOptions(
        content=content,
        out=work / "out",
        today=dt.date(2025, 12, 1),
        cache=work / "cache",
        jobs=jobs,
        executor=executor,
    )
    checked = load_and_check(options)
    assert checked.content is not None and not checked.diagnostics.has_errors()
    loaded = publishable(checked.content, score_content(checked.content))
    stage = work / "stage"
    stage.mkdir(parents=True)
    diags = Diagnostics()
    started, cpu = time.perf_counter(), main_cpu()
    render_pdfs(*loaded, stage, options, diags)
    assert not diags.has_errors(), [d.format() for d in diags]
    return time.perf_counter() - started, main_cpu() - cpu


def worker_cpu(client) -> float:  # type: ignore[no-untyped-def]
    """CPU seconds the cluster's worker processes have used so far."""

    def used() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    return sum(client.run(used).values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()

    from distributed import Client, LocalCluster
    from generate import generate

    with tempfile.TemporaryDirectory(prefix="kpibook-cluster-bench-") as folder:
        tmp = Path(folder)
        content = generate(tmp / "content", args.units, args.kpis)
        print(f"{args.units} units × {args.kpis} KPIs; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        results = {}
        for workers in args.workers:
            with (
                LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
                ) as cluster,
                Client(cluster) as client,
            ):
                executor = "dask://" + cluster.scheduler_address.removeprefix("tcp://")
                runs = []
                for run in range(args.runs):
                    before = worker_cpu(client)
                    wall, main = build(content, tmp / f"dask-{workers}-{run}", executor, 0)
                    runs.append((wall, main, worker_cpu(client) - before))
                wall, main, layout = (statistics.median(r[i] for r in runs) for i in range(3))
                results[workers] = (wall, main, layout)
                print(f"dask, {workers} worker(s): {wall:.1f}s wall; CPU: workers {layout:.1f}s, main {main:.1f}s")
        wall, main = build(content, tmp / "local", None, max(args.workers))
        print(f"local, --jobs {max(args.workers)}: {wall:.1f}s wall, main process {main:.1f}s CPU")
        first, last = min(results), max(results)
        if first != last:
            print(f"scaling {first} → {last} workers: {results[first][0] / results[last][0]:.2f}x")
        wall, main, layout = results[last]
        per_unit = layout / args.units
        print(f"per unit: {per_unit:.2f} CPU-s of layout, {main / args.units * 1000:.0f} ms serial in the main process")
        for cores in (16, 64):
            for units in (10_000, 400_000):
                estimate = (main / args.units + per_unit / cores) * units
                print(f"estimate, {cores} cores, {units:,} units: {estimate / 3600:.1f} h ({estimate / 60:.0f} min)")


if __name__ == "__main__":
    main()
