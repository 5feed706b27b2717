"""How long one strategy map takes to lay out and draw, and how that grows with goals.

    python benchmarks/strategy_map_layout.py [--goals 24 100 400] [--repeat 5]

Builds units of N goals in 4 perspectives with long Thai names (random words, fixed
seed) and two cause→effect links per goal, and prints the first call (which loads
Sarabun's widths and Pango's Thai dictionary once per build) and the best warm time of
`strategy_map_svg` per size. The layout is meant to grow about linearly.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.thai_words import WORDS
from builder.model import Goal, Kpi, Perspective, Site, Strategy, Text, Unit
from builder.site.strategy_map import strategy_map_svg

PERSPECTIVES = tuple(Perspective(id=f"p{i}", name=Text(f"มุมมองที่ {i}")) for i in range(4))


def unit_with(goal_count: int, seed: int = 7) -> tuple[Unit, Site, dict[str, list[Kpi]]]:
    rng = random.Random(seed)
    ids = [f"g{i}" for i in range(goal_count)]
    band = {gid: i * 4 // goal_count for i, gid in enumerate(ids)}
    goals = []
    for gid in ids:
        higher = [other for other in ids if band[other] == band[gid] - 1] or [o for o in ids if o != gid]
        name = "".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9)))
        links = tuple(dict.fromkeys(rng.choice(higher) for _ in range(2))) if band[gid] > 0 else ()
        goals.append(Goal(id=gid, name=Text(name), perspective=f"p{3 - band[gid]}", leads_to=links))
    kpis = {
        g.id: [Kpi(unit="u", id=f"{g.id}-k{j}", name=Text(f"ร้อยละของ{g.name.th}")) for j in range(3)] for g in goals
    }
    unit = Unit(id="u", name=Text("หน่วยงานทดสอบ"), strategy=Strategy(goals=tuple(goals)))
    return unit, Site(perspectives=PERSPECTIVES), kpis


def best_of(repeat: int, unit: Unit, site: Site, kpis: dict[str, list[Kpi]]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        strategy_map_svg(unit, site, "th", goal_href=lambda goal: f"#{goal.id}", kpis_by_goal=kpis)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--goals", type=int, nargs="+", default=[24, 100, 400])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    first = unit_with(args.goals[0])
    print(f"first call ({args.goals[0]} goals, loads fonts and Pango): {best_of(1, *first) * 1000:.0f} ms")
    for count in args.goals:
        unit, site, kpis = unit_with(count, seed=count)  # new names: nothing cached from before
        print(f"{count:5d} goals: {best_of(args.repeat, unit, site, kpis) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
