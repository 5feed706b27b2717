"""PDFs against their peer, measured in the same run: kpibook's cold PDF build (handbook
and every agreement, `--jobs` workers, empty cache) against one plain WeasyPrint process
laying out the same HTML (the handbook as one document, then every agreement).

    python benchmarks/pdf_speed.py [--units 100] [--kpis 10] [--jobs 2] [--runs 3]
    python benchmarks/pdf_speed.py --before /work/main     # also time another checkout

The peer gets exactly the HTML kpibook lays out (its templates rendered once, before
timing, with the same fonts and stylesheet) and runs WeasyPrint 70.0 as it ships, without
kpibook's exact Thai text layer. Runs are interleaved (peer, kpibook[, before], peer, ...)
so that a machine whose speed drifts moves all of them alike; each is a fresh process and
its figures are the operating system's accounting of it (wall, user + system CPU of the
process and its workers, peak resident memory of its largest process). Printed: medians,
and the ratio peer wall / kpibook wall (the goal is >= 1.9 with 2 workers, 2.0 being the
2-core limit) and kpibook CPU / peer CPU (what kpibook adds on top of WeasyPrint).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


def _imports(root: Path) -> None:
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(ROOT / "benchmarks"))


def options_for(content: Path, out: Path, jobs: int, cache: Path):  # type: ignore[no-untyped-def]
    from builder.options import BuildOptions

    return BuildOptions(content=content, out=out, today=dt.date(2025, 12, 1), jobs=jobs, cache=cache)


def load(options):  # type: ignore[no-untyped-def]
    from builder.pipeline import load_and_check
    from builder.privacy import publishable
    from builder.scoring.scorecard import score_content

    checked = load_and_check(options)
    if checked.content is None or checked.diagnostics.has_errors():
        raise SystemExit(f"{options.content}: content has errors")
    return publishable(checked.content, score_content(checked.content))


def child_kpibook(content: Path, work: Path, jobs: int) -> None:
    """One cold PDF build (the content loaded before the clock starts)."""
    from builder.diagnostics import Diagnostics
    from builder.pdf.render import render_pdfs

    options = options_for(content, work / "out", jobs, work / "cache")
    loaded = load(options)
    stage = work / "stage"
    stage.mkdir(parents=True)
    diags = Diagnostics()
    started, cpu = time.perf_counter(), _cpu()
    render_pdfs(*loaded, stage, options, diags)
    if diags.has_errors():
        raise SystemExit("\n".join(d.format() for d in diags.errors))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": time.perf_counter() - started, "cpu": _cpu() - cpu, "worker_mib": workers}))


def peer_html(content: Path, work: Path) -> list[Path]:
    """The HTML kpibook lays out, as a person would give it to WeasyPrint: the handbook
    as one document (cover and contents, then every unit's section), then every agreement."""
    from builder.pdf.context import agreement_document
    from builder.pdf.documents import RenderJob, render_html
    from builder.pdf.handbook import front_guess, plan_handbook
    from builder.queries import Queries

    options = options_for(content, work / "out", 1, work / "cache")
    loaded = load(options)
    content_model, _ = loaded
    queries = Queries(*loaded)
    lang = content_model.site.language
    plan = plan_handbook(queries, options, lang)
    assert plan is not None
    # the contents as kpibook prints them (every unit and its KPI templates), with page
    # numbers of the width the book's have
    front_html = render_html(front_guess(plan, content_model, options, lang))
    bodies = [BODY.search(render_html(job)).group(1) for job in plan.section_jobs]  # type: ignore[union-attr]
    handbook = BODY.sub(lambda m: m.group(0).replace("</body>", "".join(bodies) + "</body>"), front_html, count=1)
    files = [work / "handbook.html"]
    files[0].write_text(handbook, "utf-8")
    for (unit_id, year), agreement in sorted(content_model.agreements.items()):
        document = agreement_document(queries, agreement, options.stamped)
        job = RenderJob(unit_id, document, lang, options.themes)
        path = work / f"agreement-{unit_id}-{year}.html"
        path.write_text(render_html(job), "utf-8")
        files.append(path)
    return files


def child_peer(files: list[Path], themes_root: Path) -> None:
    """Plain WeasyPrint, one process, the same fonts and stylesheet, no kpibook patches."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    theme = themes_root / "themes" / "default"
    started, cpu = time.perf_counter(), _cpu()
    font_config = FontConfiguration()
    faces = "".join(
        f'@font-face {{ font-family: "Sarabun"; src: url("{path.as_uri()}"); {style} }}\n'
        for path, style in _faces(theme)
    )
    sheets = [
        CSS(string=faces, font_config=font_config),
        CSS(filename=str(theme / "print" / "print.css"), font_config=font_config),
    ]
    for path in files:
        html = HTML(string=path.read_text("utf-8"), base_url=str(theme / "print") + "/")
        html.write_pdf(path.with_suffix(".pdf"), stylesheets=sheets, font_config=font_config)
    print(json.dumps({"seconds": time.perf_counter() - started, "cpu": _cpu() - cpu}))


def _cpu() -> float:
    """CPU seconds of this process and of the workers it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _faces(theme: Path) -> list[tuple[Path, str]]:
    fonts = theme / "static" / "fonts"
    styles = {
        "Regular": "font-weight: normal; font-style: normal;",
        "Bold": "font-weight: bold; font-style: normal;",
        "Italic": "font-weight: normal; font-style: italic;",
        "BoldItalic": "font-weight: bold; font-style: italic;",
    }
    return [(fonts / f"Sarabun-{name}.ttf", style) for name, style in styles.items()]


def timed(command: list[str]) -> dict[str, float]:
    """One run: wall seconds of the process, and of its PDF stage; CPU seconds of the PDF
    stage (the process and every worker it waited for); peak memory of its largest process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    out = process.stdout.read() if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[2:4]} failed ({process.returncode})")
    inner = json.loads(out.strip().splitlines()[-1])
    figures = {"wall": wall, "inner": inner["seconds"], "cpu": inner["cpu"], "mib": usage.ru_maxrss / 1024}
    if "worker_mib" in inner:  # kpibook: the largest worker process
        figures["worker_mib"] = inner["worker_mib"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--content", type=Path, help="a content tree (default: generate one)")
    parser.add_argument("--before", type=Path, help="another kpibook checkout to time in the same run")
    parser.add_argument("--child", choices=("kpibook", "peer"), help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    _imports(args.root)
    if args.child == "kpibook":
        return child_kpibook(args.content, args.work, args.jobs)
    if args.child == "peer":
        return child_peer(args.files, args.root)

    with tempfile.TemporaryDirectory(prefix="kpibook-pdf-bench-") as folder:
        tmp = Path(folder)
        if args.content is None:
            from generate import generate

            args.content = generate(tmp / "content", args.units, args.kpis)
        files = peer_html(args.content, tmp / "html") if (tmp / "html").mkdir() is None else []
        me = [sys.executable, str(Path(__file__).resolve())]
        contenders = {"peer": lambda run: [*me, "--child", "peer", "--root", str(ROOT), *map(str, files)]}
        roots = {"kpibook": ROOT, **({"before": args.before.resolve()} if args.before else {})}
        for name, root in roots.items():
            contenders[name] = lambda run, name=name, root=root: [
                *me, "--child", "kpibook", "--root", str(root), "--content", str(args.content),
                "--jobs", str(args.jobs), "--work", str(tmp / f"{name}-{run}"),
            ]  # fmt: skip
        figures: dict[str, list[dict[str, float]]] = {name: [] for name in contenders}
        load = os.getloadavg()[0]
        for run in range(args.runs):
            for name, command in contenders.items():
                figures[name].append(timed(command(run)))
                print(f"run {run + 1} {name}: " + ", ".join(f"{k} {v:.1f}" for k, v in figures[name][-1].items()))
        median = {name: {k: statistics.median(f[k] for f in runs) for k in runs[0]} for name, runs in figures.items()}
        print(f"{args.content}: {args.units} units × {args.kpis} KPIs, {args.jobs} workers, medians of {args.runs}")
        print(f"load average (1 min) {load:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
        for name, m in median.items():
            stage = f"PDF stage {m['inner']:6.1f}s"
            workers = f" (largest worker {m['worker_mib']:.0f} MiB)" if "worker_mib" in m else ""
            print(f"{name:8} wall {m['wall']:6.1f}s ({stage})  cpu {m['cpu']:6.1f}s  peak {m['mib']:5.0f} MiB{workers}")
        peer = median["peer"]
        for name in roots:
            m = median[name]
            print(
                f"{name}: {peer['inner'] / m['inner']:.2f}x the peer's speed (PDF stage, wall); "
                f"CPU {m['cpu'] / peer['cpu']:.2f}x the peer's; memory {m['mib'] / peer['mib']:.2f}x"
            )


if __name__ == "__main__":
    main()
