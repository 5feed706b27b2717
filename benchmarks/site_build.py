"""How fast the site builds, against Hugo building the same organisation in the same run.

    python benchmarks/site_build.py [--units 2000] [--kpis 10] [--jobs 2] [--rounds 3] [--fresh] [--stages] [--keep DIR]

On a generated organisation (benchmarks/generate.py, default 2,000 units × 10 KPIs,
agreements and results: 48,008 pages in Thai and English), as whole processes, in turn
(A B A B ..., after a warm-up pair), each ratio taken pair by pair:
  A. `python -m builder build --no-pdf --jobs N`: read, check, score, every page, the
     search index, the JSON export, the scorecards workbook and the calendar feeds;
  B. `hugo` on the equivalent Markdown site (benchmarks/hugo_site.py: the same units,
     KPIs, texts and results in Thai and English, nested sections, two taxonomies),
     using every core, as Hugo does by default.
By default each side builds again over its own last output, as on a desk: kpibook over
the spare its last build left (`.site.spare`), Hugo over its last `public` folder (with
`--cleanDestinationDir`). `--fresh` gives every run of either side a folder that never
existed, as a CI runner's clean checkout does; nothing is deleted between runs (on this
machine's ext4, files created soon after many were deleted cost more, which would
depend on what ran before). Which case is measured changes the ratio on ext4 with
`auto_da_alloc`: Hugo writes its files again with `O_TRUNC`, which waits for the old
data to reach the disk, where kpibook writes over them in place.

kpibook does more than Hugo here (checks, scores, the export and the workbook), none of
which Hugo is asked for. Hugo is not a dependency of kpibook: install it with
`apt-get install hugo` (Debian 12 has 0.111) or from gohugo.io; without it the row says
so and only kpibook is timed.

`--stages` also times kpibook's steps once, in this process: load+check, scoring,
render_site (pages per second: every page depends only on its neighbourhood, so this
should stay flat from one size to another), the export, the workbook and the feeds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from benchmarks.hugo_site import write_hugo_site
from benchmarks.paired import interleaved, load_average, print_pairs, run
from builder.options import BuildOptions
from builder.pipeline import load_and_check, with_stamp
from builder.privacy import publishable
from builder.scoring.scorecard import score_content
from builder.site.render import render_site

ROOT = Path(__file__).resolve().parent.parent


def stages(content_dir: Path, stage: Path, jobs: int) -> None:
    """Each step of kpibook's build once, in this process (CPU time includes the page workers)."""
    from builder.export import export_json
    from builder.feeds import write_feeds
    from builder.sheets.scorecards import export_spreadsheets

    stage.mkdir()
    options = BuildOptions(content=content_dir, out=stage, pdf=False, today=dt.date(2025, 12, 1), jobs=jobs)
    options = with_stamp(options)

    def timed(name: str, step: Callable[[], object]) -> object:
        started, cpu = time.perf_counter(), _cpu()
        result = step()
        print(f"{name:>34}: {_cpu() - cpu:7.2f} s CPU  {time.perf_counter() - started:7.2f} s wall")
        return result

    checked = load_and_check(options)  # not timed: the paired runs include it
    if checked.content is None or checked.diagnostics.has_errors():
        raise SystemExit("the generated tree does not check clean")
    timed("load and check", lambda: load_and_check(options))
    loaded = checked.content
    content, scores = publishable(loaded, score_content(loaded))
    timed("score", lambda: publishable(loaded, score_content(loaded)))
    report = render_site(content, scores, stage, options)
    print(f"{'render_site':>34}: {report.cpu_seconds:7.2f} s CPU  {report.seconds:7.2f} s wall  {report.pages:,} pages")
    print(f"{'':>34}  {report.pages / report.cpu_seconds:7.0f} pages per CPU-s  ({load_average()})")
    timed("JSON export", lambda: export_json(content, scores, stage, options))
    timed("scorecards workbook", lambda: export_spreadsheets(content, scores, stage, options))
    timed("calendar feeds", lambda: write_feeds(content, stage, options))


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def compare(units: int, kpis: int, work: Path, jobs: int, rounds: int, with_stages: bool, fresh: bool) -> None:
    content_dir = generate(work / "content", units, kpis)

    def kpibook_out(number: int) -> Path:  # run `number`'s output folder
        return work / (f"site-{number}" if fresh else "site")

    def kpibook(number: int) -> list[str]:
        command = [sys.executable, "-m", "builder", "build", "--content", str(content_dir)]
        options = ["--no-pdf", "--quiet", "--jobs", str(jobs), "--today", "2025-12-01"]
        return [*command, "--out", str(kpibook_out(number)), *options]

    hugo = shutil.which("hugo")
    print(f"{units} units × {kpis} KPIs, kpibook with {jobs} page workers")
    if hugo is None:
        print(f"{'hugo (peer)':>34}: not measured: not installed (apt-get install hugo, or gohugo.io)")
        measured = [run(kpibook(number), ROOT) for number in range(rounds)]
        if any(m.status != 0 for m in measured):
            raise SystemExit(f"a build failed: {[m.status for m in measured]}")
        wall = sorted(m.wall for m in measured)[len(measured) // 2]
        cpu = sorted(m.cpu for m in measured)[len(measured) // 2]
        print(f"{'kpibook build --no-pdf':>34}: {cpu:7.2f} s CPU  {wall:7.2f} s wall  ({load_average()})")
    else:
        hugo_source = write_hugo_site(work / "hugo", units, kpis)

        def peer_out(number: int) -> Path:
            return work / (f"hugo-site-{number}" if fresh else "hugo-site")

        def peer(number: int) -> list[str]:
            source, out = str(hugo_source), str(peer_out(number))
            return [hugo, "--source", source, "--destination", out, "--quiet", "--cleanDestinationDir"]

        where = "each run into a new folder (--fresh)" if fresh else "each side over its own last output"
        print(f"A = kpibook, B = Hugo; {where}", flush=True)
        pairs = interleaved(kpibook, peer, rounds, ROOT, each=True)
        print(f"{_version(hugo)}; {load_average()} (at the end)")
        pages = _html_pages(kpibook_out(rounds)), _html_pages(peer_out(rounds))
        print(f"{'':>34}  {pages[0]:,} kpibook pages, {pages[1]:,} Hugo pages")
        print_pairs(pairs, ("kpibook build --no-pdf", "hugo (peer)"), "ratio kpibook / Hugo")
    if with_stages:
        stages(content_dir, work / "stages", jobs)


def _version(hugo: str) -> str:
    import subprocess

    return subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split("+")[0].strip()


def _html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2, help="kpibook's page-writing processes")
    parser.add_argument("--rounds", type=int, default=3, help="pairs kpibook, Hugo (after one warm-up pair)")
    parser.add_argument("--fresh", action="store_true", help="every run builds into a folder that never existed")
    parser.add_argument("--stages", action="store_true", help="also time kpibook's steps once")
    parser.add_argument("--keep", type=Path, help="work here and keep the trees and the output")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        compare(args.units, args.kpis, args.keep, args.jobs, args.rounds, args.stages, args.fresh)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            compare(args.units, args.kpis, Path(tmp), args.jobs, args.rounds, args.stages, args.fresh)


if __name__ == "__main__":
    main()
