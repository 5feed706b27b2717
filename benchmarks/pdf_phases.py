"""Where the PDF stage's processor time goes: every document kind and the join, against
one plain WeasyPrint process laying out the same HTML, measured in the same run.

    python benchmarks/pdf_phases.py [--units 20] [--kpis 10] [--runs 1] [--profile DIR]

kpibook's cold PDF build runs in one process (`--jobs 1`: every job in this process,
one after the other, so each one's CPU time is its own), with the exact Thai text layer
and without it; the peer (`benchmarks/pdf_speed.py`'s: the handbook as one document,
then every agreement, WeasyPrint as it ships) lays out the same HTML. Each run is a fresh
process. Printed: CPU seconds per kind of document (sections, agreements, front matter,
folios), the join, and the rest of the stage in the main process (planning, cache keys,
cache writes); the total against the peer's. `--profile DIR` also writes a cProfile of
each kpibook run (`DIR/kpibook-<layer>.prof`, read with `python -m pstats`).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def child_kpibook(content: Path, work: Path, layer: bool, profile: Path | None) -> None:
    """One cold PDF build in this process, each job's CPU time noted by its kind."""
    import pdf_speed

    from builder.diagnostics import Diagnostics
    from builder.pdf import documents, join, parallel, render, thai_text_layer

    spent: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0])

    def noted(kind: str, run, *args):  # type: ignore[no-untyped-def]
        started = time.process_time()
        result = run(*args)
        figures = spent[kind]
        figures[0] += 1
        figures[1] += time.process_time() - started
        figures[2] += getattr(result, "pages", 0)
        return result

    render_job, join_run = documents.render_job, join.JoinJob.run
    parallel.render_job = lambda job: noted(type(job.context).__name__, render_job, job)
    join.JoinJob.run = lambda self: noted("join", join_run, self)  # type: ignore[method-assign]
    parallel.prepare_weasyprint()
    if not layer:
        thai_text_layer.uninstall()
        thai_text_layer.install = lambda: None  # the stage's own preparation leaves it out
    options = pdf_speed.options_for(content, work / "out", 1, work / "cache")
    loaded = pdf_speed.load(options)
    stage = work / "stage"
    stage.mkdir(parents=True)
    profiler = cProfile.Profile() if profile else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    render.render_pdfs(*loaded, stage, options, Diagnostics())
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile / f"kpibook-{'layer' if layer else 'plain'}.prof")
    total = time.process_time() - started
    print(json.dumps({"total": total, "kinds": {kind: list(f) for kind, f in spent.items()}}))


def child_peer(files: list[Path]) -> None:
    import pdf_speed

    pdf_speed.child_peer(files, ROOT)


def run(command: list[str]) -> dict:  # type: ignore[type-arg]
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--content", type=Path, help="a content tree (default: generate one)")
    parser.add_argument("--profile", type=Path, help="write cProfile files of the kpibook runs here")
    parser.add_argument("--child", choices=("layer", "plain", "peer"), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "peer":
        return child_peer(args.files)
    if args.child:
        return child_kpibook(args.content, args.work, args.child == "layer", args.profile)

    import pdf_speed

    with tempfile.TemporaryDirectory(prefix="kpibook-pdf-phases-") as folder:
        tmp = Path(folder)
        if args.content is None:
            from generate import generate

            args.content = generate(tmp / "content", args.units, args.kpis)
        (tmp / "html").mkdir()
        files = pdf_speed.peer_html(args.content, tmp / "html")
        me = [sys.executable, str(Path(__file__).resolve())]
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
        extra = ["--profile", str(args.profile.resolve())] if args.profile else []
        results: dict[str, list[dict]] = {"layer": [], "plain": [], "peer": []}  # type: ignore[type-arg]
        for index in range(args.runs):
            for name in results:
                if name == "peer":
                    command = [*me, "--child", "peer", *map(str, files)]
                else:
                    work = tmp / f"{name}-{index}"
                    command = [*me, "--child", name, "--content", str(args.content), "--work", str(work), *extra]
                results[name].append(run(command))
        peer = statistics.median(r["cpu"] for r in results["peer"])
        print(f"{args.content}: {args.units} units × {args.kpis} KPIs, one process, medians of {args.runs}")
        print(f"{'':24}{'exact Thai text':>18}{'WeasyPrint text':>18}")
        kinds = sorted({kind for r in results["layer"] for kind in r["kinds"]}, key=_order)
        for kind in kinds:
            cells = []
            for name in ("layer", "plain"):
                count, cpu, pages = (statistics.median(r["kinds"][kind][i] for r in results[name]) for i in range(3))
                cells.append(f"{cpu:8.2f} s" + (f" {pages:5.0f} p" if pages else " " * 8))
            print(f"{kind + f' ({count:.0f})':24}{cells[0]:>18}{cells[1]:>18}")
        totals = {name: statistics.median(r["total"] for r in results[name]) for name in ("layer", "plain")}
        rest = {name: totals[name] - statistics.median(sum(f[1] for f in r["kinds"].values()) for r in results[name])
                for name in totals}  # fmt: skip
        print(f"{'main process (the rest)':24}{rest['layer']:16.2f} s{rest['plain']:16.2f} s")
        print(f"{'total':24}{totals['layer']:16.2f} s{totals['plain']:16.2f} s")
        print(f"{'peer (one process)':24}{peer:16.2f} s")
        print(
            f"CPU against the peer: {totals['layer'] / peer:.2f}x with the exact Thai text layer, "
            f"{totals['plain'] / peer:.2f}x without it"
        )


def _order(kind: str) -> tuple[int, str]:
    known = ["UnitSection", "CalendarChapter", "AlignmentChapter", "AgreementDocument", "FrontMatter", "Folios", "join"]
    return (known.index(kind) if kind in known else len(known), kind)


if __name__ == "__main__":
    main()
