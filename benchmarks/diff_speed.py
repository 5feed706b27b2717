"""How long `kpibook diff` takes between two commits of a large tree, against its floor.

    python benchmarks/diff_speed.py [--units 2000] [--kpis 10] [--repeat 5] [--no-checks]

Generates the tree (benchmarks/generate.py) in a temporary git repository, commits it,
then commits a typical pull request: a division's target change (its units below keep
the old criteria, so the change introduces errors there) and a district's corrected
result. Then times, as whole processes, alternating so that a busy machine slows both
alike (median of `--repeat` pairs):

  A. `kpibook diff HEAD~1 HEAD --format markdown`, what CI runs on a pull request;
  B. the floor: one process that runs `git diff --name-only HEAD~1 HEAD` and parses both
     versions of every changed file with libyaml (`CSafeLoader`): the least any semantic
     diff has to do;
  C. (unless --no-checks) the naive approach: two plain `kpibook check` runs, one per
     side (each side checked out in a folder of its own), which is what reading both
     sides whole costs.

Prints the medians (wall and CPU seconds) and the ratios A/B and A/C.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate

FLOOR = """
import subprocess, sys, yaml
diff = ["git", "diff", "--name-only", "HEAD~1", "HEAD"]
names = subprocess.run(diff, capture_output=True, text=True, check=True).stdout.split()
for rev in ("HEAD~1", "HEAD"):
    for name in names:
        data = subprocess.run(["git", "show", f"{rev}:{name}"], capture_output=True, check=True).stdout
        yaml.load(data, Loader=yaml.CSafeLoader)
"""
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], env=ENV, capture_output=True, text=True, check=True).stdout


def make_history(repo: Path, units: int, kpis: int) -> tuple[Path, Path]:
    content = generate(repo / "content", units, kpis)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    before = repo.parent / "before"
    shutil.copytree(content, before / "content")
    division = content / "units/u5/agreements/2568.yaml"
    division.write_text(division.read_text("utf-8").replace("[60, 65, 70, 75, 80]", "[60, 65, 71, 75, 80]", 1), "utf-8")
    district = content / "units/u500/results/2568/m12.yaml"
    district.write_text(re.sub(r"actual: [0-9.]+", "actual: 77.77", district.read_text("utf-8"), count=1), "utf-8")
    git(repo, "commit", "-q", "-am", "a division's target, a district's result")
    after = repo.parent / "after"
    shutil.copytree(content, after / "content")
    return before / "content", after / "content"


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, children included) of one process."""
    start_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):  # 1: `check` found the errors the change introduces
        raise RuntimeError(f"{command} failed: {done.stderr.decode()[-500:]}")
    wall = time.perf_counter() - started
    end_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (end_cpu.ru_utime - start_cpu.ru_utime) + (end_cpu.ru_stime - start_cpu.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-checks", action="store_true", help="skip timing two plain check runs")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        before, after = make_history(repo, args.units, args.kpis)
        files = len(list((repo / "content").rglob("*.yaml")))
        command = [python, "-m", "builder", "diff", "HEAD~1", "HEAD", "--today", "2025-12-01"]
        diff = [*command, "--format", "markdown"]
        report = subprocess.run([*command, "--format", "json"], cwd=repo, capture_output=True, text=True, check=True)
        changed = report.stdout.count('"unit":')
        runs: dict[str, list[tuple[float, float]]] = {"diff": [], "floor": [], "checks": []}
        timed(diff, repo)  # warm the file cache
        for _ in range(args.repeat):
            runs["diff"].append(timed(diff, repo))
            runs["floor"].append(timed([python, "-c", FLOOR], repo))
        if not args.no_checks:
            checks = max(1, min(args.repeat, 3))
            for _ in range(checks):
                first = timed([python, "-m", "builder", "check", "--content", str(before)], repo)
                second = timed([python, "-m", "builder", "check", "--content", str(after)], repo)
                runs["checks"].append((first[0] + second[0], first[1] + second[1]))
        print(f"{args.units} units × {args.kpis} KPIs, {files} YAML files; 2 files changed, {changed} units reported")
        medians = {}
        for name, label in (
            ("diff", "kpibook diff HEAD~1 HEAD"),
            ("floor", "floor: git diff + libyaml of the changed files"),
            ("checks", "two plain kpibook check runs"),
        ):
            if runs[name]:
                wall = statistics.median(w for w, _ in runs[name])
                cpu = statistics.median(c for _, c in runs[name])
                medians[name] = (wall, cpu)
                print(f"{label:50s} {wall:6.2f} s wall  {cpu:6.2f} s CPU  (median of {len(runs[name])})")
        diff_wall, diff_cpu = medians["diff"]
        floor_wall, floor_cpu = medians["floor"]
        print(f"ratio diff / floor:  {diff_wall / floor_wall:.1f} wall, {diff_cpu / floor_cpu:.1f} CPU")
        if "checks" in medians:
            checks_wall, checks_cpu = medians["checks"]
            print(f"ratio diff / checks: {diff_wall / checks_wall:.2f} wall, {diff_cpu / checks_cpu:.2f} CPU")


if __name__ == "__main__":
    main()
