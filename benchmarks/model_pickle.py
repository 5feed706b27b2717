"""What a PDF job weighs: the pickled size of the documents sent to the PDF workers, and
how long the workers take to start and receive them.

Every handbook section and agreement is one `RenderJob` whose context holds model objects
(`builder/pdf/documents.py`); the process pool pickles each job to its worker. This script
plans the jobs of a content tree as `render_pdfs` does, then measures

- the pickled size of one agreement's job and of all jobs, against a floor: the same jobs
  with every per-field location map emptied (what the model weighs without any
  locations), printed as a ratio;
- the processor time to pickle and unpickle every job (what shipping them costs, steady
  on a busy machine), against the same floor;
- worker start-up: a spawned pool (as `builder.pdf.parallel` starts it, WeasyPrint
  prepared in each worker) receiving every job and handing back its size, nothing laid
  out; against a floor: the same pool receiving one small object per job.

    python benchmarks/model_pickle.py [--content DIR] [--unit prov-a] [--workers 2] [--runs 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import pickle
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.options import BuildOptions  # noqa: E402
from builder.pdf.documents import RenderJob  # noqa: E402
from builder.pdf.parallel import prepare_weasyprint  # noqa: E402
from builder.pipeline import load_and_check, with_stamp  # noqa: E402
from builder.privacy import publishable  # noqa: E402
from builder.queries import Queries  # noqa: E402
from builder.scoring.scorecard import score_content  # noqa: E402


def plan_jobs(content_dir: Path) -> list[RenderJob]:
    """Every handbook section and agreement job, as `render_pdfs` plans them."""
    from builder.pdf.context import agreement_document
    from builder.pdf.handbook import plan_handbook

    options = with_stamp(BuildOptions(content=content_dir, out=ROOT / "output"))
    checked = load_and_check(options)
    assert checked.content is not None and not checked.diagnostics.has_errors()
    content, scores = publishable(checked.content, score_content(checked.content))
    queries = Queries(content, scores)
    lang = content.site.language
    agreements = [
        RenderJob(unit, agreement_document(queries, agreement, options.stamped), lang, options.themes)
        for (unit, _year), agreement in sorted(content.agreements.items())
    ]
    plan = plan_handbook(queries, options, lang)
    return [*(plan.section_jobs if plan else ()), *agreements]


def without_locations(value: Any, seen: dict[int, Any] | None = None) -> Any:
    """`value` with every model object's per-field locations emptied (the floor)."""
    seen = {} if seen is None else seen
    if id(value) in seen:
        return seen[id(value)]
    result = value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: ({} if f.name in ("locs", "marks") else without_locations(getattr(value, f.name), seen))
            for f in dataclasses.fields(value)
            if f.init
        }
        result = dataclasses.replace(value, **changes)
    elif isinstance(value, tuple):
        result = tuple(without_locations(v, seen) for v in value)
    elif isinstance(value, list):
        result = [without_locations(v, seen) for v in value]
    elif isinstance(value, dict):
        result = {k: without_locations(v, seen) for k, v in value.items()}
    seen[id(value)] = result
    return result


def received(job: object) -> bool:
    """What a worker does with a job here: nothing but receive it (unpickled by the pool)."""
    return job is not None


def start_and_ship(jobs: list[Any], workers: int) -> float:
    """Seconds from starting a spawned pool until every job has reached a worker and come back."""
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=prepare_weasyprint) as pool:
        list(pool.map(received, jobs))
    return time.perf_counter() - started


def round_trip(jobs: list[Any]) -> float:
    """Processor seconds to pickle every job as the pool sends it and unpickle it as a worker
    receives it (the part of shipping the jobs that their size decides)."""
    started = time.process_time()
    for job in jobs:
        pickle.loads(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
    return time.process_time() - started


def size(value: object) -> int:
    return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--unit", default="prov-a", help="the agreement whose job is weighed alone")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    jobs = plan_jobs(args.content)
    floor_jobs = [without_locations(job) for job in jobs]
    one = next(job for job in jobs if job.template == "agreement.html" and job.unit == args.unit)
    one_floor = without_locations(one)
    total, total_floor = sum(map(size, jobs)), sum(map(size, floor_jobs))
    print(f"content: {args.content} ({len(jobs)} PDF jobs)")
    one_size, one_floor_size = size(one), size(one_floor)
    print(
        f"agreement job '{args.unit}': {one_size / 1024:.1f} KiB; floor (no locations) "
        f"{one_floor_size / 1024:.1f} KiB; ratio {one_size / one_floor_size:.2f}"
    )
    print(f"all jobs: {total / 1024:.1f} KiB; floor {total_floor / 1024:.1f} KiB; ratio {total / total_floor:.2f}")

    ship = min(round_trip(jobs) for _ in range(args.runs))
    ship_floor = min(round_trip(floor_jobs) for _ in range(args.runs))
    print(
        f"pickling and unpickling every job (processor time, best of {args.runs}): {ship * 1000:.0f} ms; "
        f"floor (no locations) {ship_floor * 1000:.0f} ms; ratio {ship / ship_floor:.2f}"
    )

    tiny = [None] * len(jobs)
    shipped, floor = [], []
    for _ in range(args.runs):  # alternated, so a drift of the machine's speed touches both alike
        shipped.append(start_and_ship(jobs, args.workers))
        floor.append(start_and_ship(tiny, args.workers))
    a, b = statistics.median(shipped), statistics.median(floor)
    print(
        f"worker start-up with every job received ({args.workers} spawned workers, median of {args.runs}): "
        f"{a:.2f} s; floor (start-up, empty jobs) {b:.2f} s; ratio {a / b:.2f}; the jobs add {a - b:.2f} s"
    )


if __name__ == "__main__":
    main()
