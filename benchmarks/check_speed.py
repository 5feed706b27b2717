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

The peer: check-jsonschema validating every file of the same tree against our schemas
(`schemas/*.schema.json`, one invocation per file kind, as a CI job would run it), in
`--peer-pairs` pairs with `check` (default 1: it takes minutes on 2,000 units). It is not
a dependency of kpibook; install it with `python -m pip install check-jsonschema` (the
row is skipped, saying so, when it is absent).
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from benchmarks.paired import interleaved, load_average, print_pairs, run

ROOT = Path(__file__).resolve().parent.parent
FLOOR = """
import sys, yaml
from pathlib import Path
for file in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)
"""
# the files of a generated tree, by the schema that describes them
SCHEMA_FILES = {
    "site": "site.yaml",
    "unit": "units/*/unit.yaml",
    "kpis": "units/*/kpis.yaml",
    "agreement": "units/*/agreements/*.yaml",
    "results": "units/*/results/*/*.yaml",
}


def check_command(tree: Path) -> list[str]:
    return [sys.executable, "-m", "builder", "check", "--content", str(tree), "--lang", "en"]


def jsonschema_command(tree: Path, executable: str) -> list[str]:
    """check-jsonschema over every file of `tree`, one invocation per schema (one process
    tree, so that its CPU time and peak memory are counted as one run)."""
    schemas = ROOT / "schemas"
    steps = [
        f"{shlex.quote(executable)} --base-uri {shlex.quote(schemas.as_uri() + '/')} "
        f"--schemafile {shlex.quote(str(schemas / f'{kind}.schema.json'))} {shlex.quote(str(tree))}/{pattern}"
        for kind, pattern in SCHEMA_FILES.items()
    ]
    return ["sh", "-c", "set -e; " + "; ".join(steps)]


def peer_row(tree: Path, pairs: int) -> None:
    """check against check-jsonschema with our schemas, pair by pair (when installed)."""
    if pairs <= 0:
        return
    beside_python = str(Path(sys.executable).parent)  # a virtual environment's scripts
    executable = shutil.which("check-jsonschema") or shutil.which("check-jsonschema", path=beside_python)
    if executable is None:
        print(f"{'check-jsonschema (peer)':>34}: not measured: not installed (python -m pip install check-jsonschema)")
        return
    peer = jsonschema_command(tree, executable)
    measured = [(run(check_command(tree), ROOT), run(peer, ROOT)) for _ in range(pairs)]
    if any(a.status != 0 or b.status != 0 for a, b in measured):
        codes = [(a.status, b.status) for a, b in measured]
        raise SystemExit(f"a run failed (exit codes check, check-jsonschema): {codes}")
    print(f"check-jsonschema with our schemas, {load_average()}")
    print_pairs(measured, ("build.py check", "check-jsonschema (peer)"), "ratio check / check-jsonschema")
    cpu = 1 / statistics.median(a.cpu / b.cpu for a, b in measured)
    wall = 1 / statistics.median(a.wall / b.wall for a, b in measured)
    print(f"{'':>34}  check is {cpu:.1f}× faster (CPU), {wall:.1f}× (wall)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5, help="A/B pairs (after one warm-up pair)")
    parser.add_argument("--sizes", default="", help="other tree sizes for the memory line, e.g. 500,1000")
    parser.add_argument("--peer-pairs", type=int, default=1, help="pairs with check-jsonschema (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = generate(Path(tmp) / "content", args.units, args.kpis)
        files = len(list(tree.rglob("*.yaml")))
        floor = [sys.executable, "-c", FLOOR, str(tree)]
        pairs = interleaved(check_command(tree), floor, args.rounds, cwd=ROOT)
        print(f"{args.units} units × {args.kpis} KPIs, {files} YAML files; {load_average()}")
        print_pairs(pairs, ("build.py check", "libyaml CSafeLoader (floor)"), "ratio check / floor")
        peer_row(tree, args.peer_pairs)
        peaks = {args.units: statistics.median(a.peak_mib for a, _ in pairs)}
        for size in [int(s) for s in args.sizes.split(",") if s]:
            other = generate(Path(tmp) / f"content-{size}", size, args.kpis)
            peaks[size] = run(check_command(other), ROOT).peak_mib
        smaller = None
        for size, peak in sorted(peaks.items()):
            # linear growth: the same memory for each unit added, whatever the size
            added = f", {(peak - peaks[smaller]) / (size - smaller) * 1024:.0f} KiB per unit added" if smaller else ""
            print(f"{'check peak memory':>28}: {size:5} units {peak:6.1f} MiB{added}")
            smaller = size


if __name__ == "__main__":
    main()
