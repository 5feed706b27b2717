"""How long `check` takes on a large tree, against libyaml parsing the same files.

    python benchmarks/check_speed.py [--units 2000] [--kpis 10] [--repeat 3]

Generates the tree (benchmarks/generate.py) in a temporary folder, then times:
  1. libyaml alone: `yaml.load(..., Loader=CSafeLoader)` over every file (the floor);
  2. `build.py check` in-process: read + locate + schema + assemble + all rules.
Prints the best of `--repeat` runs of each and their ratio.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from builder.cli import main as cli_main


def time_libyaml(root: Path) -> float:
    files = sorted(root.rglob("*.yaml"))
    started = time.perf_counter()
    for file in files:
        yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def time_check(root: Path) -> tuple[float, str]:
    out = io.StringIO()
    started = time.perf_counter()
    with redirect_stdout(out):
        status = cli_main(["check", "--content", str(root), "--lang", "en"])
    elapsed = time.perf_counter() - started
    return elapsed, f"exit {status}: {out.getvalue().splitlines()[-1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "content", args.units, args.kpis)
        files = len(list(root.rglob("*.yaml")))
        parse = min(time_libyaml(root) for _ in range(args.repeat))
        runs = [time_check(root) for _ in range(args.repeat)]
        check = min(t for t, _ in runs)
        print(f"{args.units} units × {args.kpis} KPIs, {files} YAML files")
        print(f"libyaml (CSafeLoader) parse: {parse:.2f}s")
        print(f"build.py check:              {check:.2f}s  ({runs[0][1]})")
        print(f"ratio check / parse:         {check / parse:.2f}")


if __name__ == "__main__":
    main()
