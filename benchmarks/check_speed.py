"""How long `check` takes on a large tree, against libyaml parsing the same files (the floor).

    python benchmarks/check_speed.py [--units 2000] [--kpis 10] [--rounds 5] [--sizes 500,1000]

Generates the tree (benchmarks/generate.py) in a temporary folder, then runs, in turn, as
separate processes (start-up included, as a user meets them):
  A. `python -m builder check --content TREE` (read + locate + schema + assemble + rules);
  B. the floor: `yaml.load(..., Loader=CSafeLoader)` over every file of the same tree.
A and B alternate (A B A B ...) and the ratio is taken pair by pair, so a machine whose
speed drifts (a shared 2-core machine) still gives a fair ratio. Prints the median of each
figure: CPU seconds (user + system, the steadier figure on a busy machine), wall seconds
and peak memory (each process's own, from `wait4`), and the median ratios.

With `--sizes`, `check` also runs once on trees of those sizes and prints its peak memory
per size: memory must grow linearly with the tree (MiB per unit about constant).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate

ROOT = Path(__file__).resolve().parent.parent
FLOOR = """
import sys, yaml
from pathlib import Path
for file in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)
"""


@dataclass(frozen=True)
class Run:
    cpu: float
    wall: float
    peak_mib: float
    status: int


def run(command: list[str]) -> Run:
    """One process, timed from outside: its own CPU time and peak memory (`wait4`)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, process.returncode)


def check_command(tree: Path) -> list[str]:
    return [sys.executable, "-m", "builder", "check", "--content", str(tree), "--lang", "en"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5, help="A/B pairs (after one warm-up pair)")
    parser.add_argument("--sizes", default="", help="other tree sizes for the memory line, e.g. 500,1000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = generate(Path(tmp) / "content", args.units, args.kpis)
        files = len(list(tree.rglob("*.yaml")))
        floor = [sys.executable, "-c", FLOOR, str(tree)]
        run(check_command(tree)), run(floor)  # warm-up: the file cache, the imports
        pairs = [(run(check_command(tree)), run(floor)) for _ in range(args.rounds)]
        if any(a.status != 0 or b.status != 0 for a, b in pairs):
            raise SystemExit(f"a run failed: {[(a.status, b.status) for a, b in pairs]}")
        print(f"{args.units} units × {args.kpis} KPIs, {files} YAML files; medians of {args.rounds} pairs")
        for name, side in (("build.py check", 0), ("libyaml CSafeLoader (floor)", 1)):
            runs = [pair[side] for pair in pairs]
            cpu, wall = statistics.median(r.cpu for r in runs), statistics.median(r.wall for r in runs)
            peak = statistics.median(r.peak_mib for r in runs)
            print(f"{name:>28}: {cpu:6.2f} s CPU  {wall:6.2f} s wall  {peak:6.1f} MiB peak")
        cpu_ratio = statistics.median(a.cpu / b.cpu for a, b in pairs)
        wall_ratio = statistics.median(a.wall / b.wall for a, b in pairs)
        print(f"{'ratio check / floor':>28}: {cpu_ratio:6.2f} CPU  {wall_ratio:6.2f} wall")
        peaks = {args.units: statistics.median(a.peak_mib for a, _ in pairs)}
        for size in [int(s) for s in args.sizes.split(",") if s]:
            other = generate(Path(tmp) / f"content-{size}", size, args.kpis)
            peaks[size] = run(check_command(other)).peak_mib
        smaller = None
        for size, peak in sorted(peaks.items()):
            # linear growth: the same memory for each unit added, whatever the size
            added = f", {(peak - peaks[smaller]) / (size - smaller) * 1024:.0f} KiB per unit added" if smaller else ""
            print(f"{'check peak memory':>28}: {size:5} units {peak:6.1f} MiB{added}")
            smaller = size


if __name__ == "__main__":
    main()
