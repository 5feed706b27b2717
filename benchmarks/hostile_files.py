"""What one hostile file under the 4 MiB size limit costs `check`: wall time and peak memory.

    python benchmarks/hostile_files.py [--units 20] [--repeat 3] [--only NAME ...]

Generates a small clean tree (benchmarks/generate.py), then for each case replaces or
adds one file and runs `build.py check` in a fresh process, as CI runs it. Each line shows
the case, the file size, the exit status and first diagnostic code, the processor time
(user + system: steady on a busy machine), the wall time and the process's peak resident
memory (medians of `--repeat` runs), and the processor-time ratio to the same check of
the clean tree (the floor, measured in the same run). The limits in docs/content-format.md ("Limits") are
meant to keep every case within about 2 s and 300 MB on the 2-core development machine.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
UNIT = "units/u1"  # a division of the generated tree


def _fill(line: Callable[[int], str], limit: int = 4 * MIB - 64) -> str:
    """As many lines as fit under `limit` bytes."""
    parts, size, i = [], 0, 0
    while True:
        text = line(i)
        size += len(text.encode("utf-8"))
        if size > limit:
            return "".join(parts)
        parts.append(text)
        i += 1


@dataclass
class Case:
    name: str
    path: str  # relative to the tree
    text: Callable[[], str]


CASES = [
    Case("flow list of 2M numbers", f"{UNIT}/kpis.yaml", lambda: "kpis: [" + "1," * (2 * MIB - 8) + "1]\n"),
    Case("block list of 1M items", f"{UNIT}/kpis.yaml", lambda: "kpis:\n" + _fill(lambda i: "- 1\n")),
    Case("354k unknown keys", f"{UNIT}/unit.yaml", lambda: _fill(lambda i: f"k{i}: 1\n")),
    Case(
        "24,000 unknown keys (under the value limit)",
        f"{UNIT}/unit.yaml",
        lambda: "".join(f"k{i}: 1\n" for i in range(24_000)),
    ),
    Case(
        "9,900 results of unknown KPIs (under the value limit)",
        f"{UNIT}/results/2568/m6.yaml",
        lambda: "year: 2568\nround: m6\nresults:\n" + "".join(f"  - {{kpi: k{i}, actual: 1}}\n" for i in range(9_900)),
    ),
    Case(
        "alias bomb",
        f"{UNIT}/kpis.yaml",
        lambda: (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))
        ),
    ),
    Case("nesting 900 deep", f"{UNIT}/kpis.yaml", lambda: "kpis: " + "[" * 900 + "]" * 900 + "\n"),
    Case("one 4 MiB text", f"{UNIT}/unit.yaml", lambda: "id: u1\nname: '" + "x" * (4 * MIB - 64) + "'\n"),
    Case(
        "4 MiB of Thai comments", f"{UNIT}/kpis.yaml", lambda: _fill(lambda i: "# ผลผลิตข้าวหอมมะลิต่อไร่\n") + "kpis: []\n"
    ),
    Case("invalid UTF-8 at the end", f"{UNIT}/kpis.yaml", lambda: _fill(lambda i: "# x\n") + "\udcff"),
    Case("over the size limit", f"{UNIT}/kpis.yaml", lambda: "# " + "x" * (4 * MIB) + "\n"),
]


@dataclass
class Run:
    cpu: float  # seconds, user + system
    wall: float
    peak_mb: float
    status: int
    code: str  # the first diagnostic code printed


def run_check(root: Path) -> Run:
    args = [sys.executable, "build.py", "check", "--content", str(root), "--lang", "en"]
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    code = re.search(rb"(?:error|warning)\[([a-z0-9.-]+)\]", output)
    return Run(
        usage.ru_utime + usage.ru_stime,
        wall,
        usage.ru_maxrss / 1024,
        os.waitstatus_to_exitcode(status),
        code.group(1).decode() if code else "-",
    )


def median_check(root: Path, repeat: int) -> Run:
    runs = [run_check(root) for _ in range(repeat)]
    return Run(
        statistics.median(r.cpu for r in runs),
        statistics.median(r.wall for r in runs),
        statistics.median(r.peak_mb for r in runs),
        runs[0].status,
        runs[0].code,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "content", args.units, 5)
        floor = median_check(root, args.repeat)
        print(
            f"floor: clean tree of {args.units} units: cpu {floor.cpu:.2f}s, wall {floor.wall:.2f}s, "
            f"{floor.peak_mb:.0f} MB peak, exit {floor.status}"
        )
        print(f"{'case':<55} {'size':>9} {'exit':>4} {'code':<30} {'cpu':>6} {'wall':>6} {'peak':>6} {'ratio':>6}")
        for case in CASES:
            if args.only and case.name not in args.only:
                continue
            target = root / case.path
            saved = target.read_bytes() if target.exists() else None
            target.write_bytes(case.text().encode("utf-8", errors="surrogateescape"))
            size = target.stat().st_size
            run = median_check(root, args.repeat)
            print(
                f"{case.name:<55} {size / MIB:>7.2f}Mi {run.status:>4} {run.code:<30} {run.cpu:>5.2f}s "
                f"{run.wall:>5.2f}s {run.peak_mb:>4.0f}MB {run.cpu / floor.cpu:>6.2f}"
            )
            if saved is None:
                target.unlink()
            else:
                target.write_bytes(saved)


if __name__ == "__main__":
    main()
