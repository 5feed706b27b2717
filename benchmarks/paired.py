"""Timing two commands as whole processes, in turn (A B A B ...), for the benchmarks
that print a peer's figure measured in the same run next to kpibook's.

Each run is a fresh process timed from outside: its wall time, its CPU time (user +
system, its own and its waited-for children's, from `wait4`) and its peak resident
memory (the largest single process). Ratios are taken pair by pair, so a shared
machine whose speed drifts moves both sides of a pair alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    cpu: float
    wall: float
    peak_mib: float
    status: int


def run(command: Sequence[str], cwd: Path | None = None) -> Run:
    """One process, timed from outside: its CPU time and peak memory (`wait4`)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, process.returncode)


Command = Sequence[str] | Callable[[int], Sequence[str]]  # or the command for the n-th run (0: warm-up)


def interleaved(
    a: Command, b: Command, rounds: int, cwd: Path | None = None, each: bool = False
) -> list[tuple[Run, Run]]:
    """One warm-up pair (file cache, imports), then `rounds` pairs A, B; a failed run ends it.
    `each`: print every pair as it is measured (a long run cut short still tells). A side
    given as a function is asked for its command before each run (e.g. a new output folder)."""

    def command(side: Command, number: int) -> Sequence[str]:
        return side(number) if callable(side) else side

    warm_up = run(command(a, 0), cwd), run(command(b, 0), cwd)
    if each:
        print_pair("warm-up", warm_up)
    pairs = []
    for number in range(1, rounds + 1):
        pairs.append((run(command(a, number), cwd), run(command(b, number), cwd)))
        if each:
            print_pair(f"pair {number}", pairs[-1])
    if any(x.status != 0 or y.status != 0 for x, y in pairs):
        raise SystemExit(f"a run failed (exit codes A, B): {[(x.status, y.status) for x, y in pairs]}")
    return pairs


def print_pair(name: str, pair: tuple[Run, Run]) -> None:
    a, b = pair
    print(
        f"{name:>34}: A {a.cpu:7.2f} s CPU {a.wall:7.2f} s wall {a.peak_mib:6.0f} MiB;"
        f" B {b.cpu:7.2f} s CPU {b.wall:7.2f} s wall {b.peak_mib:6.0f} MiB;"
        f" ratio {a.cpu / b.cpu:5.2f} CPU {a.wall / b.wall:5.2f} wall ({load_average()})",
        flush=True,
    )


def print_pairs(pairs: list[tuple[Run, Run]], names: tuple[str, str], ratio_name: str) -> None:
    """Medians of each side and of the ratios A / B (below 1: A is faster)."""
    for side, name in enumerate(names):
        runs = [pair[side] for pair in pairs]
        cpu, wall = statistics.median(r.cpu for r in runs), statistics.median(r.wall for r in runs)
        peak = statistics.median(r.peak_mib for r in runs)
        print(f"{name:>34}: {cpu:7.2f} s CPU  {wall:7.2f} s wall  {peak:7.1f} MiB peak")
    cpu_ratio = statistics.median(a.cpu / b.cpu for a, b in pairs)
    wall_ratio = statistics.median(a.wall / b.wall for a, b in pairs)
    print(f"{ratio_name:>34}: {cpu_ratio:7.2f} CPU   {wall_ratio:7.2f} wall   (medians of {len(pairs)} pairs)")


def load_average() -> str:
    """The machine's load while measuring (other people's work shares the cores)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"
