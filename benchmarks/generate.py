"""Generate a large, clean content tree for benchmarks.

    python benchmarks/generate.py OUT_DIR --units 2000 --kpis 10

One organisation; divisions under it; districts and groups under those; persons at the
leaves, so the tree is about four levels deep. Every unit has KPIs, an agreement for the
current year whose KPIs cascade from the parent (direct, split by sum, contributing),
and results for every round its kind reports in. The tree checks clean.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

YEAR = 2568
ROUNDS = {
    "organisation": ["m6", "m9", "m12"],
    "division": ["m6", "m9", "m12"],
    "district": ["m6", "m9", "m12"],
    "group": ["m6", "m9", "m12"],
    "person": ["p1", "p2"],
}
DIMENSIONS = [("effectiveness", 50), ("quality", 20), ("efficiency", 10), ("development", 20)]
KM = "[{th: จัดทำแผน}, {th: ดำเนินการตามแผน}, {th: ติดตามผล}, {th: ประเมินผล}, {th: เชื่อมโยงสิ่งจูงใจ}]"

SITE = f"""organisation:
  name: {{th: กรมตัวอย่างขนาดใหญ่, en: Large Example Department}}
languages: [th, en]
fiscal_years: [{YEAR}]
perspectives:
{chr(10).join(f"  - {{id: {d}, name: {{th: มิติ {d}, en: {d}}}}}" for d, _ in DIMENSIONS)}
dimensions:
{chr(10).join(f"  - {{id: {d}, name: {{th: มิติ {d}, en: {d}}}, weight: {w}}}" for d, w in DIMENSIONS)}
categories:
  - {{id: strategic, name: {{th: งานตามยุทธศาสตร์, en: Strategic}}}}
  - {{id: routine, name: {{th: งานประจำ, en: Routine}}}}
rounds:
  - {{id: m6, name: {{th: รอบ 6 เดือน, en: 6 months}}, months: 6, for: [organisation, division, district, group]}}
  - {{id: m9, name: {{th: รอบ 9 เดือน, en: 9 months}}, months: 9, for: [organisation, division, district, group]}}
  - {{id: m12, name: {{th: รอบ 12 เดือน, en: 12 months}}, months: 12, for: [organisation, division, district, group]}}
  - {{id: p1, name: {{th: รอบที่ 1, en: Round 1}}, months: 6, for: [person]}}
  - {{id: p2, name: {{th: รอบที่ 2, en: Round 2}}, months: 12, for: [person]}}
scoring:
  scheme: five-level
limits:
  max_kpis_per_person: 20
"""


def plan_tree(units: int, fanout: int = 12) -> list[tuple[str, str, str | None]]:
    """(id, kind, parent) for `units` units: `fanout` children per unit and level (with 12,
    2,000 units end in 115 persons; with 13 they are all organisation units down to groups)."""
    kinds = ["organisation", "division", "district", "group", "person"]
    tree = [("u0", "organisation", None)]
    frontier = ["u0"]
    level = 1
    while len(tree) < units:
        next_frontier = []
        for parent in frontier:
            for _ in range(fanout):
                if len(tree) >= units:
                    break
                uid = f"u{len(tree)}"
                tree.append((uid, kinds[min(level, 4)], parent))
                next_frontier.append(uid)
        frontier, level = next_frontier, level + 1
    return tree


def kpi_plan(kpis: int) -> list[tuple[str, str, int]]:
    """(kpi id, dimension, weight) with weights summing to each dimension's weight."""
    plan: list[tuple[str, str, int]] = []
    per_dimension = max(1, kpis // len(DIMENSIONS))
    for d, weight in DIMENSIONS:
        count = per_dimension if d != "effectiveness" else kpis - per_dimension * (len(DIMENSIONS) - 1)
        shares = [weight // count] * count
        shares[0] += weight - sum(shares)
        plan.extend((f"{d}-{i}", d, shares[i]) for i in range(count))
    return plan


def write_unit(
    root: Path,
    uid: str,
    kind: str,
    parent: str | None,
    plan: list[tuple[str, str, int]],
    children_count: int,
    rng: random.Random,
) -> None:
    folder = root / "units" / uid
    (folder / "agreements").mkdir(parents=True)
    parent_line = f"parent: {parent}\n" if parent else ""
    goals = "\n".join(
        f"    - {{id: g-{d}, name: {{th: เป้าประสงค์ด้าน {d} ของหน่วยงาน {uid}, en: Goal {d}}}, perspective: {d}}}"
        for d, _ in DIMENSIONS
    )
    (folder / "unit.yaml").write_text(
        f"id: {uid}\nkind: {kind}\nname: {{th: หน่วยงานทดสอบ {uid}, en: Test unit {uid}}}\n{parent_line}"
        f"head: {{name: {{th: นายทดสอบ {uid}}}, position: {{th: ผู้อำนวยการ}}}}\n"
        f"strategy:\n  vision: {{th: วิสัยทัศน์ของหน่วยงาน {uid}}}\n  goals:\n{goals}\n",
        encoding="utf-8",
    )
    kpi_lines = []
    for i, (kid, d, _) in enumerate(plan):
        kind_ = "milestone" if i == len(plan) - 1 else "numeric"
        kpi_lines.append(
            f"  - {{id: {kid}, name: {{th: ร้อยละความสำเร็จของตัวชี้วัด {kid} หน่วยงาน {uid}, en: KPI {kid} of {uid}}}, "
            f"kind: {kind_}, goal: g-{d}, measure: percent, reporting: [{', '.join(ROUNDS[kind])}]}}"
        )
    (folder / "kpis.yaml").write_text("kpis:\n" + "\n".join(kpi_lines) + "\n", encoding="utf-8")
    group_key = "category" if kind == "person" else "dimension"
    items = []
    for i, (kid, d, weight) in enumerate(plan):
        group = ("strategic" if i % 2 == 0 else "routine") if kind == "person" else d
        if i == len(plan) - 1:
            criteria = KM
            cascade = ", cascade: {from: " + kid + ", kind: direct}" if parent else ""
        else:
            base = 60 + (i % 5)
            criteria = f"[{base}, {base + 5}, {base + 10}, {base + 15}, {base + 20}]"
            cascade = f", cascade: {{from: {kid}, kind: {'contributing' if i % 3 else 'direct'}}}" if parent else ""
        items.append(f"  - {{kpi: {kid}, {group_key}: {group}, weight: {weight}, criteria: {criteria}{cascade}}}")
    (folder / "agreements" / f"{YEAR}.yaml").write_text(
        f"year: {YEAR}\nitems:\n" + "\n".join(items) + "\nsignatories:\n"
        f"  evaluatee: {{name: {{th: นายทดสอบ {uid}}}}}\n  evaluator: {{name: {{th: นายผู้ประเมิน}}}}\n"
        "  signed_on: 2024-10-20\n",
        encoding="utf-8",
    )
    for round_id in ROUNDS[kind]:
        rows = []
        for i, (kid, _, _) in enumerate(plan):
            value = f"level: {rng.randint(1, 5)}" if i == len(plan) - 1 else f"actual: {rng.uniform(55, 90):.2f}"
            rows.append(f"  - {{kpi: {kid}, {value}, narrative: {{th: ผลการดำเนินงานของ {kid} รอบ {round_id}}}}}")
        target = folder / "results" / str(YEAR) / f"{round_id}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"year: {YEAR}\nround: {round_id}\nresults:\n" + "\n".join(rows) + "\n", encoding="utf-8")


def generate(out: Path, units: int, kpis: int, seed: int = 2568, fanout: int = 12) -> Path:
    if out.exists():
        shutil.rmtree(out)
    (out / "units").mkdir(parents=True)
    (out / "site.yaml").write_text(SITE, encoding="utf-8")
    rng = random.Random(seed)
    plan = kpi_plan(kpis)
    tree = plan_tree(units, fanout)
    children: dict[str, int] = {}
    for _, _, parent in tree:
        if parent:
            children[parent] = children.get(parent, 0) + 1
    for uid, kind, parent in tree:
        write_unit(out, uid, kind, parent, plan, children.get(uid, 0), rng)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    parser.add_argument("--fanout", type=int, default=12, help="children per unit and level")
    args = parser.parse_args()
    generate(args.out, args.units, args.kpis, fanout=args.fanout)
    print(f"wrote {args.units} units × {args.kpis} KPIs to {args.out}")


if __name__ == "__main__":
    main()
