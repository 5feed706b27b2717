"""A Hugo site equivalent to kpibook's site of a generated organisation (the peer of
benchmarks/site_build.py).

    python benchmarks/hugo_site.py OUT_DIR --units 2000 --kpis 10    # then: hugo --source OUT_DIR

The same organisation as benchmarks/generate.py (the same tree, unit and KPI names, goals,
criteria and results with their narratives, in Thai and English), as Markdown: per unit
and language, the unit's page (a section, with its head, vision, goals and a table of its
KPIs with the results of every round), its strategy-map page (goals by dimension, each
with its KPIs) and one page per KPI (details, criteria, the superior's KPI it cascades
from, the units below that carry it, the results and narratives of every round). Units
are nested sections, so a page's menu is what kpibook's is: breadcrumbs (`.Ancestors`),
the unit's siblings (at most 40) and children, a language switch (`.Translations`) and
the site's top menu. KPIs carry a `dimensions` taxonomy and units a `kinds` taxonomy
(term pages paginated), as kpibook's scorecards group them. Thai is the default language
at the site root, English under `en/`, as kpibook's.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import DIMENSIONS, ROUNDS, YEAR, kpi_plan, plan_tree

SKELETON = Path(__file__).resolve().parent / "hugo_site"  # config, layouts, stylesheet

LABELS = {
    "th": {
        "site": "กรมตัวอย่างขนาดใหญ่",
        "unit": "หน่วยงานทดสอบ {uid}",
        "vision": "วิสัยทัศน์ของหน่วยงาน {uid}",
        "goal": "เป้าประสงค์ด้าน {d} ของหน่วยงาน {uid}",
        "kpi": "ร้อยละความสำเร็จของตัวชี้วัด {kid} หน่วยงาน {uid}",
        "head": "หัวหน้าหน่วยงาน: นายทดสอบ {uid} · ผู้อำนวยการ",
        "map": "แผนที่ยุทธศาสตร์: หน่วยงานทดสอบ {uid}",
        "narrative": "ผลการดำเนินงานของ {kid} รอบ {round}",
        "round": "รอบ {round}",
        "criteria": "เกณฑ์การให้คะแนน",
        "levels": "| ระดับ 1 | ระดับ 2 | ระดับ 3 | ระดับ 4 | ระดับ 5 |",
        "results": "ผลการดำเนินงาน ปีงบประมาณ พ.ศ. {year}",
        "cascade": "การถ่ายทอดจาก",
        "below": "หน่วยงานที่รับการถ่ายทอด",
        "details": "รายละเอียดตัวชี้วัด: รหัสอ้างอิง {uid}/{kid} · มิติ {d} · น้ำหนัก {w} · เป้าหมาย {target}",
        "goals": "เป้าประสงค์",
    },
    "en": {
        "site": "Large Example Department",
        "unit": "Test unit {uid}",
        "vision": "Vision of unit {uid}",
        "goal": "Goal {d} of unit {uid}",
        "kpi": "KPI {kid} of {uid}",
        "head": "Head: Mr Test {uid} · Director",
        "map": "Strategy map: Test unit {uid}",
        "narrative": "Performance of {kid} in round {round}",
        "round": "Round {round}",
        "criteria": "Scoring criteria",
        "levels": "| Level 1 | Level 2 | Level 3 | Level 4 | Level 5 |",
        "results": "Results, fiscal year {year}",
        "cascade": "Cascaded from",
        "below": "Units that carry it",
        "details": "KPI details: reference {uid}/{kid} · dimension {d} · weight {w} · target {target}",
        "goals": "Goals",
    },
}


def write_hugo_site(out: Path, units: int, kpis: int, seed: int = 2568, fanout: int = 12) -> Path:
    """The Hugo site of the organisation benchmarks/generate.py makes with these arguments."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SKELETON, out)
    tree = plan_tree(units, fanout)
    plan = kpi_plan(kpis)
    children: dict[str, list[str]] = {}
    for uid, _, parent in tree:
        if parent:
            children.setdefault(parent, []).append(uid)
    folders = _unit_folders(tree)
    rng = random.Random(seed)
    actuals = {(uid, kid, r): rng.uniform(55, 90) for uid, kind, _ in tree for kid, _, _ in plan for r in ROUNDS[kind]}
    for lang in ("th", "en"):
        root = out / "content" / lang
        _write(root / "_index.md", f"---\ntitle: {_quoted(LABELS[lang]['site'])}\n---\n")
        for uid, kind, parent in tree:
            folder = root / "units" / folders[uid]
            _write_unit(folder, lang, uid, kind, plan, actuals, children.get(uid, []), parent)
    return out


def _unit_folders(tree: list[tuple[str, str, str | None]]) -> dict[str, str]:
    """Each unit's section path: its ancestors' ids, then its own (nested sections)."""
    folders: dict[str, str] = {}
    for uid, _, parent in tree:  # parents come before their children
        folders[uid] = f"{folders[parent]}/{uid}" if parent else uid
    return folders


def _write_unit(
    folder: Path,
    lang: str,
    uid: str,
    kind: str,
    plan: list[tuple[str, str, int]],
    actuals: dict[tuple[str, str, str], float],
    children: list[str],
    parent: str | None,
) -> None:
    words = LABELS[lang]
    rounds = ROUNDS[kind]
    header = "| KPI | " + " | ".join(words["round"].format(round=r) for r in rounds) + " |"
    rows = [
        f"| [{words['kpi'].format(kid=kid, uid=uid)}]({kid}/) | "
        + " | ".join(f"{actuals[(uid, kid, r)]:.2f}" for r in rounds)
        + " |"
        for kid, _, _ in plan
    ]
    goals = "\n".join(f"- {words['goal'].format(d=d, uid=uid)}" for d, _ in DIMENSIONS)
    _write(
        folder / "_index.md",
        f"---\ntitle: {_quoted(words['unit'].format(uid=uid))}\nkinds: [{kind}]\n---\n"
        f"{words['head'].format(uid=uid)}\n\n{words['vision'].format(uid=uid)}\n\n## {words['goals']}\n\n{goals}\n\n"
        f"{header}\n|{'---|' * (len(rounds) + 1)}\n" + "\n".join(rows) + "\n",
    )
    by_dimension = "\n\n".join(
        f"### {words['goal'].format(d=d, uid=uid)}\n\n"
        + "\n".join(f"- [{words['kpi'].format(kid=kid, uid=uid)}]({kid}/)" for kid, dim, _ in plan if dim == d)
        for d, _ in DIMENSIONS
    )
    title, vision = _quoted(words["map"].format(uid=uid)), words["vision"].format(uid=uid)
    _write(folder / "strategy-map.md", f"---\ntitle: {title}\n---\n{vision}\n\n{by_dimension}\n")
    for i, (kid, d, weight) in enumerate(plan):
        base = 60 + (i % 5)
        criteria = "| " + " | ".join(str(base + 5 * step) for step in range(5)) + " |"
        cascade = (
            f"## {words['cascade']}\n\n[{words['unit'].format(uid=parent)}: {words['kpi'].format(kid=kid, uid=parent)}]"
            f"(../../{kid}/)\n\n"
            if parent
            else ""
        )
        below = "\n".join(f"- [{words['unit'].format(uid=c)}](../{c}/{kid}/)" for c in children[:40])
        results = "\n".join(
            f"| {words['round'].format(round=r)} | {actuals[(uid, kid, r)]:.2f} | "
            f"{words['narrative'].format(kid=kid, round=r)} |"
            for r in rounds
        )
        details = words["details"].format(uid=uid, kid=kid, d=d, w=weight, target=base + 10)
        _write(
            folder / f"{kid}.md",
            f"---\ntitle: {_quoted(words['kpi'].format(kid=kid, uid=uid))}\n"
            f"unit: {_quoted(words['unit'].format(uid=uid))}\n"
            f"dimensions: [{d}]\n---\n{details}\n\n## {words['criteria']}\n\n{words['levels']}\n"
            f"|---|---|---|---|---|\n{criteria}\n\n{cascade}"
            f"{'## ' + words['below'] + chr(10) + chr(10) + below + chr(10) + chr(10) if children else ''}"
            f"## {words['results'].format(year=YEAR)}\n\n| | | |\n|---|---|---|\n{results}\n",
        )


def _quoted(text: str) -> str:
    """A YAML front-matter string (titles hold colons)."""
    return json.dumps(text, ensure_ascii=False)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--kpis", type=int, default=10)
    args = parser.parse_args()
    write_hugo_site(args.out, args.units, args.kpis)
    print(f"wrote a Hugo site of {args.units} units × {args.kpis} KPIs to {args.out}")
    print(f"build it with: hugo --source {args.out}")


if __name__ == "__main__":
    main()
