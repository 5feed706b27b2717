"""How long the year's work takes for 2,000 units × 10 KPIs: `kpibook status` for a round
against `kpibook check` of the same tree, and the calendar feeds against the icalendar
library serialising the same events bare.

    python benchmarks/year_work.py [--units 2000] [--kpis 10] [--steps 25] [--missing 0.05]

Generates the tree (benchmarks/generate.py), adds a process calendar of `--steps` steps
naming every kind of unit (so every unit gets a feed) with the 9-month deadline on one of
them, and drops a share `--missing` of the 9-month results (so there is something owed).
Then in one process, each measured `--repeat` times (median):
  1. `kpibook status --round m9 --format json` (content read and checked, then who owes
     what); floor: `kpibook check` of the same tree (reading and checking alone);
  2. `builder.feeds.write_feeds` (one feed for the year, one per unit);
     floor: icalendar building and serialising the same number of events (one per step
     and feed) with a summary and two dates, written to one file per feed.
Prints each time, the floor and the ratio, and the files and events written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from icalendar import Calendar, Event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from builder.cli import main as cli_main
from builder.feeds import write_feeds
from builder.options import BuildOptions
from builder.pipeline import load_and_check

KINDS = ["organisation", "division", "district", "group", "person"]


def add_calendar(root: Path, steps: int) -> None:
    """`steps` steps spread over the fiscal year, each naming one or two kinds of unit."""
    lines = ["year: 2568", "steps:"]
    start = dt.date(2024, 10, 1)
    for i in range(steps):
        first = start + dt.timedelta(days=i * 365 // steps)
        kinds = ", ".join(KINDS[i % len(KINDS)] for _ in range(1)) + (
            f", {KINDS[(i + 2) % len(KINDS)]}" if i % 3 else ""
        )
        due = "    results_due: m9\n" if i == steps * 3 // 4 else ""
        lines.append(
            f"  - id: step-{i}\n"
            f"    name: {{th: ขั้นตอนที่ {i} ของแผนดำเนินการถ่ายทอดตัวชี้วัดและติดตามผลการปฏิบัติราชการ, "
            f"en: Step {i} of the cascade plan}}\n"
            f"    start: {first.isoformat()}\n    end: {(first + dt.timedelta(days=9)).isoformat()}\n"
            f"    responsible: {{kinds: [{kinds}]}}\n"
            f"    documents: [{{th: รายงานผลการดำเนินงานขั้นตอนที่ {i}}}]\n" + due
        )
    (root / "calendar").mkdir(exist_ok=True)
    (root / "calendar" / "2568.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def drop_results(root: Path, share: float, rng: random.Random) -> int:
    """Remove a share of the 9-month results (the first result entry of chosen files)."""
    dropped = 0
    for path in sorted(root.glob("units/*/results/2568/m9.yaml")):
        if rng.random() >= share:
            continue
        text = path.read_text("utf-8")
        head, sep, rest = text.partition("\n  - ")
        _, _, tail = rest.partition("\n  - ")
        if sep and tail:
            path.write_text(head + "\n  - " + tail, encoding="utf-8")
            dropped += 1
    return dropped


def median_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        code = cli_main(list(argv))
    return code, out.getvalue()


def bare_feeds(out: Path, feeds: list[int], names: list[str]) -> int:
    """The floor: per feed, a calendar of that many events with a summary and two dates."""
    events = 0
    for number, count in enumerate(feeds):
        cal = Calendar()
        cal.add("prodid", "-//floor//EN")
        cal.add("version", "2.0")
        for i in range(count):
            event = Event()
            event.add("uid", f"{number}-{i}@floor")
            event.add("dtstamp", dt.datetime(2024, 9, 27, tzinfo=dt.UTC))
            event.add("dtstart", dt.date(2025, 1, 1))
            event.add("dtend", dt.date(2025, 1, 2))
            event.add("summary", names[i % len(names)])
            cal.add_component(event)
            events += 1
        (out / f"{number}.ics").write_bytes(cal.to_ical())
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--steps", type=int, default=25)
    parser.add_argument("--missing", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "content", args.units, args.kpis)
        add_calendar(root, args.steps)
        dropped = drop_results(root, args.missing, random.Random(2568))
        today = "2025-07-20"

        check_time, (code, _) = median_of(args.repeat, lambda: cli("check", "--content", str(root), "--today", today))
        assert code == 0, "the generated tree checks clean"
        status_time, (code, text) = median_of(
            args.repeat,
            lambda: cli("status", "--content", str(root), "--round", "m9", "--today", today, "--format", "json"),
        )
        assert code == 0
        owed = text.count('"state":')
        print(f"{args.units} units × {args.kpis} KPIs, {args.steps} calendar steps, {dropped} results dropped")
        print(f"status --round m9  {status_time:7.2f}s  ({owed} KPIs owed)")
        print(f"check (floor)      {check_time:7.2f}s")
        print(f"ratio              {status_time / check_time:7.2f}x")

        content = load_and_check(BuildOptions(content=root, today=dt.date.fromisoformat(today))).content
        options = BuildOptions(content=root, out=Path(tmp) / "out", pdf=False)
        feeds_dir = Path(tmp) / "feeds"
        feeds_dir.mkdir()
        feeds_time, written = median_of(args.repeat, lambda: write_feeds(content, feeds_dir, options))
        sizes = [len(p.read_bytes().split(b"BEGIN:VEVENT")) - 1 for p in sorted(feeds_dir.rglob("*.ics"))]
        names = [s.name.th for s in content.calendars[2568].steps]
        floor_dir = Path(tmp) / "floor"
        floor_dir.mkdir()
        floor_time, events = median_of(args.repeat, lambda: bare_feeds(floor_dir, sizes, names))
        print(f"feeds              {feeds_time:7.2f}s  ({written} files, {sum(sizes)} events)")
        print(f"icalendar (floor)  {floor_time:7.2f}s  ({len(sizes)} files, {events} events)")
        print(f"ratio              {feeds_time / floor_time:7.2f}x")


if __name__ == "__main__":
    main()
