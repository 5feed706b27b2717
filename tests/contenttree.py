"""A small, clean content tree that tests change one fact at a time.

`ContentTree` holds files as YAML text keyed by path; a test edits one file (or one
value) to break exactly one rule and then asserts the exact diagnostics of `check`.

The tree: a province (prov) with two districts (dist-a, dist-b); dist-a has one field
officer (officer-c). FY 2568, five-level scoring, dimension weights 50/20/10/20.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import textwrap
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

SITE = """
organisation:
  name: {th: สำนักงานจังหวัดตัวอย่าง, en: Example Province}
languages: [th, en]
fiscal_years: [2568]
perspectives:
  - {id: effectiveness, name: {th: ประสิทธิผล, en: Effectiveness}}
  - {id: development, name: {th: การพัฒนาองค์การ, en: Development}}
dimensions:
  - {id: effectiveness, name: {th: มิติที่ 1 ประสิทธิผล, en: Effectiveness}, weight: 50}
  - {id: quality, name: {th: มิติที่ 2 คุณภาพ, en: Quality}, weight: 20}
  - {id: efficiency, name: {th: มิติที่ 3 ประสิทธิภาพ, en: Efficiency}, weight: 10}
  - {id: development, name: {th: มิติที่ 4 การพัฒนาองค์การ, en: Development}, weight: 20}
categories:
  - {id: strategic, name: {th: งานตามยุทธศาสตร์, en: Strategic}}
  - {id: routine, name: {th: งานประจำ, en: Routine}}
rounds:
  - {id: m6, name: {th: รอบ 6 เดือน, en: 6 months}, months: 6, for: [organisation, district]}
  - {id: m12, name: {th: รอบ 12 เดือน, en: 12 months}, months: 12, for: [organisation, district]}
  - {id: p1, name: {th: รอบที่ 1, en: Round 1}, months: 6, for: [person]}
scoring:
  scheme: five-level
limits:
  max_kpis_per_person: 6
"""


def _unit(uid: str, kind: str, name: str, parent: str | None) -> str:
    parent_line = f"parent: {parent}\n" if parent else ""
    return f"id: {uid}\nkind: {kind}\nname: {{th: {name}}}\n{parent_line}"


PROV_UNIT = (
    _unit("prov", "organisation", "จังหวัดตัวอย่าง", None)
    + """strategy:
  vision: {th: เกษตรกรมีรายได้มั่นคง}
  goals:
    - {id: g-yield, name: {th: ผลผลิตข้าวเพิ่มขึ้น}, perspective: effectiveness}
    - {id: g-people, name: {th: บุคลากรมีความรู้}, perspective: development, leads_to: [g-yield]}
"""
)

KPIS = {
    "prov": """
kpis:
  - {id: rice-yield, name: {th: ผลผลิตข้าวหอมมะลิต่อไร่}, kind: numeric, direction: higher, goal: g-yield}
  - {id: poor-households, name: {th: จำนวนครัวเรือนยากจนที่พ้นเกณฑ์}, kind: numeric, direction: higher}
  - {id: service-time, name: {th: ระยะเวลาเฉลี่ยในการให้บริการ}, kind: numeric, direction: lower}
  - {id: km-level, name: {th: ระดับความสำเร็จของการจัดการความรู้}, kind: milestone}
""",
    "dist-a": """
kpis:
  - {id: rice-yield, name: {th: ผลผลิตข้าวหอมมะลิต่อไร่ของอำเภอ ก}, kind: numeric}
  - {id: poor-households, name: {th: จำนวนครัวเรือนยากจนที่พ้นเกณฑ์ของอำเภอ ก}, kind: numeric}
  - {id: service-time, name: {th: ระยะเวลาเฉลี่ยในการให้บริการของอำเภอ ก}, kind: numeric, direction: lower}
  - {id: km-level, name: {th: ระดับความสำเร็จของการจัดการความรู้}, kind: milestone}
""",
    "dist-b": """
kpis:
  - {id: rice-yield, name: {th: ผลผลิตข้าวหอมมะลิต่อไร่ของอำเภอ ข}, kind: numeric}
  - {id: poor-households, name: {th: จำนวนครัวเรือนยากจนที่พ้นเกณฑ์ของอำเภอ ข}, kind: numeric}
  - {id: service-time, name: {th: ระยะเวลาเฉลี่ยในการให้บริการของอำเภอ ข}, kind: numeric, direction: lower}
  - {id: km-level, name: {th: ระดับความสำเร็จของการจัดการความรู้}, kind: milestone}
""",
    "officer-c": """
kpis:
  - {id: rice-yield, name: {th: ผลผลิตข้าวหอมมะลิต่อไร่ของตำบล ค}, kind: numeric}
  - {id: poor-households, name: {th: จำนวนครัวเรือนยากจนที่พ้นเกณฑ์ของตำบล ค}, kind: numeric}
  - {id: service-time, name: {th: ระยะเวลาเฉลี่ยในการให้บริการของตำบล ค}, kind: numeric, direction: lower}
  - {id: km-level, name: {th: ระดับความสำเร็จของการจัดการความรู้}, kind: milestone}
  - {id: visits, name: {th: จำนวนครั้งที่ออกเยี่ยมเกษตรกร}, kind: numeric}
""",
}

BUDGET_KPI = "  - {id: budget, name: {th: ร้อยละการเบิกจ่ายงบประมาณ}, kind: numeric, measure: percent}\n"
BUDGET = "criteria: [90, 92, 94, 96, 98]"
KM = "[{th: มีแผน}, {th: ดำเนินการตามแผน}, {th: ติดตามผล}, {th: ประเมินผล}, {th: เชื่อมโยงสิ่งจูงใจ}]"
SIGNED = """signatories:
  evaluatee: {name: {th: นายเอ}}
  evaluator: {name: {th: นายบี}}
  signed_on: 2024-10-15
"""

AGREEMENTS = {
    "prov": f"""year: 2568
items:
  - {{kpi: rice-yield, dimension: effectiveness, weight: 30, criteria: [412, 414.5, 417, 419.5, 422], target: 417}}
  - {{kpi: poor-households, dimension: effectiveness, weight: 20, criteria: [100, 150, 200, 250, 300]}}
  - {{kpi: service-time, dimension: quality, weight: 20, criteria: [30, 28, 26, 24, 22]}}
  - {{kpi: budget, dimension: efficiency, weight: 10, {BUDGET}}}
  - {{kpi: km-level, dimension: development, weight: 20, criteria: {KM}}}
{SIGNED}""",
    "dist-a": f"""year: 2568
items:
  - {{kpi: rice-yield, dimension: effectiveness, weight: 30, criteria: [429, 431.5, 434, 436.5, 439],
     cascade: {{from: rice-yield, kind: split, combine: weighted-mean, base: 1000}}}}
  - {{kpi: poor-households, dimension: effectiveness, weight: 20, criteria: [60, 90, 120, 150, 180],
     cascade: {{from: poor-households, kind: split, combine: sum}}}}
  - {{kpi: service-time, dimension: quality, weight: 20, criteria: [30, 28, 26, 24, 22], cascade: {{from: service-time, kind: contributing}}}}
  - {{kpi: budget, dimension: efficiency, weight: 10, {BUDGET}, cascade: {{from: budget, kind: direct}}}}
  - {{kpi: km-level, dimension: development, weight: 20, criteria: {KM}, cascade: {{from: km-level, kind: direct}}}}
{SIGNED}""",
    "dist-b": f"""year: 2568
items:
  - {{kpi: rice-yield, dimension: effectiveness, weight: 30, criteria: [400, 405, 410, 415, 420],
     cascade: {{from: rice-yield, kind: split, combine: weighted-mean, base: 1000}}}}
  - {{kpi: poor-households, dimension: effectiveness, weight: 20, criteria: [40, 60, 80, 100, 120],
     cascade: {{from: poor-households, kind: split, combine: sum}}}}
  - {{kpi: service-time, dimension: quality, weight: 20, criteria: [30, 28, 26, 24, 22]}}
  - {{kpi: budget, dimension: efficiency, weight: 10, {BUDGET}, cascade: {{from: budget, kind: direct}}}}
  - {{kpi: km-level, dimension: development, weight: 20, criteria: {KM}, cascade: {{from: km-level, kind: direct}}}}
{SIGNED}""",
    "officer-c": f"""year: 2568
items:
  - {{kpi: rice-yield, category: strategic, weight: 30, criteria: [420, 425, 430, 435, 440], cascade: {{from: rice-yield, kind: contributing}}}}
  - {{kpi: poor-households, category: strategic, weight: 20, criteria: [60, 90, 120, 150, 180], cascade: {{from: poor-households, kind: split}}}}
  - {{kpi: service-time, category: strategic, weight: 10, criteria: [30, 28, 26, 24, 22], cascade: {{from: service-time, kind: contributing}}}}
  - {{kpi: km-level, category: strategic, weight: 10, criteria: {KM}, cascade: {{from: km-level, kind: direct}}}}
  - {{kpi: budget, category: strategic, weight: 10, {BUDGET}, cascade: {{from: budget, kind: direct}}}}
  - {{kpi: visits, category: routine, weight: 20, criteria: [10, 12, 14, 16, 18]}}
{SIGNED}""",
}


def _results(round_id: str, *lines: str) -> str:
    return f"year: 2568\nround: {round_id}\nresults:\n" + "".join(f"  - {line}\n" for line in lines)


# every KPI due in a round has a result there (a round that has passed without one is a
# warning), except the province's poor households: rolled up from its districts' split
RESULTS = {
    "units/prov/results/2568/m6.yaml": _results(
        "m6",
        "{kpi: rice-yield, actual: 415.2}",
        "{kpi: service-time, actual: 27}",
        "{kpi: budget, actual: 91}",
        "{kpi: km-level, level: 2}",
    ),
    "units/prov/results/2568/m12.yaml": _results(
        "m12",
        "{kpi: rice-yield, actual: 418}",
        "{kpi: km-level, level: 4}",
        "{kpi: service-time, actual: 25}",
        "{kpi: budget, actual: 95}",
    ),
    "units/dist-a/results/2568/m6.yaml": _results(
        "m6",
        "{kpi: rice-yield, actual: 433}",
        "{kpi: poor-households, actual: 70}",
        "{kpi: service-time, actual: 28}",
        "{kpi: budget, actual: 91}",
        "{kpi: km-level, level: 2}",
    ),
    "units/dist-a/results/2568/m12.yaml": _results(
        "m12",
        "{kpi: rice-yield, actual: 436, evidence: [units/dist-a/evidence/minutes.md]}",
        "{kpi: poor-households, actual: 100}",
        "{kpi: service-time, actual: 26}",
        "{kpi: budget, actual: 95}",
        "{kpi: km-level, level: 4}",
    ),
    "units/dist-b/results/2568/m6.yaml": _results(
        "m6",
        "{kpi: rice-yield, actual: 410}",
        "{kpi: poor-households, actual: 50}",
        "{kpi: service-time, actual: 29}",
        "{kpi: budget, actual: 91}",
        "{kpi: km-level, level: 2}",
    ),
    "units/dist-b/results/2568/m12.yaml": _results(
        "m12",
        "{kpi: rice-yield, actual: 416}",
        "{kpi: poor-households, actual: 85}",
        "{kpi: service-time, actual: 27}",
        "{kpi: budget, actual: 95}",
        "{kpi: km-level, level: 3}",
    ),
    "units/officer-c/results/2568/p1.yaml": _results(
        "p1",
        "{kpi: visits, actual: 13}",
        "{kpi: rice-yield, actual: 428}",
        "{kpi: poor-households, actual: 70}",
        "{kpi: service-time, actual: 28}",
        "{kpi: km-level, level: 2}",
        "{kpi: budget, actual: 91}",
    ),
}


def budget_rounds(tree: ContentTree, rounds: str) -> ContentTree:
    """The budget KPI's terms of particular rounds (`rounds: {...}` as YAML), in the
    province's agreement and in every agreement that carries it directly below."""
    for unit in ("prov", "dist-a", "dist-b"):
        tree.replace(f"units/{unit}/agreements/2568.yaml", BUDGET, f"{BUDGET}, rounds: {rounds}")
    # the officer reports in round 1 (6 months): the 6-month terms are its round 1's
    officer = rounds.replace("m6:", "p1:") if "m6:" in rounds else None
    if officer is not None and "m12:" not in officer and "m9:" not in officer:
        tree.replace("units/officer-c/agreements/2568.yaml", BUDGET, f"{BUDGET}, rounds: {officer}")
    return tree


def clean_files() -> dict[str, str]:
    files = {"site.yaml": SITE}
    units = {
        "prov": PROV_UNIT,
        "dist-a": _unit("dist-a", "district", "อำเภอ ก", "prov"),
        "dist-b": _unit("dist-b", "district", "อำเภอ ข", "prov"),
        "officer-c": _unit("officer-c", "person", "นักวิชาการส่งเสริมการเกษตร (ตำบล ค)", "dist-a"),
    }
    for uid, text in units.items():
        files[f"units/{uid}/unit.yaml"] = text
        files[f"units/{uid}/kpis.yaml"] = KPIS[uid]
        files[f"units/{uid}/agreements/2568.yaml"] = AGREEMENTS[uid]
    for uid in units:
        files[f"units/{uid}/kpis.yaml"] += BUDGET_KPI
    files["units/dist-a/evidence/minutes.md"] = "รายงานการประชุม\n"
    files.update(RESULTS)
    return files


@dataclass
class ContentTree:
    root: Path
    files: dict[str, str] = field(default_factory=clean_files)

    def set(self, path: str, text: str) -> ContentTree:
        self.files[path] = textwrap.dedent(text)
        return self

    def replace(self, path: str, old: str, new: str) -> ContentTree:
        assert old in self.files[path], f"{old!r} not in {path}"
        self.files[path] = self.files[path].replace(old, new, 1)
        return self

    def remove(self, path: str) -> ContentTree:
        del self.files[path]
        return self

    def write(self) -> Path:
        for rel, text in self.files.items():
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return self.root

    def check(self, *extra: str, today: str = "2025-12-01") -> tuple[int, list[str]]:
        """Run `build.py check` in English; returns the exit status and the lines."""
        from builder.cli import main

        self.write()
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            status = main(["check", "--content", str(self.root), "--lang", "en", "--today", today, *extra])
        return status, out.getvalue().splitlines()


def diagnostics_of(lines: list[str], root: Path) -> list[str]:
    """The diagnostic lines with the tree's folder made relative, summary dropped."""
    prefix = str(root) + "/"
    rel_prefix = os.path.relpath(root) + "/"
    return [ln.replace(rel_prefix, "").replace(prefix, "") for ln in lines[:-1]]


TODAY = dt.date(2025, 12, 1)
