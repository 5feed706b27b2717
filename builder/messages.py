"""The message catalogue: one English and one Thai template per diagnostic code.

Every code a rule can emit is listed here; `tests/test_messages.py` fails when a code is
used in the code base without a template, so the catalogue doubles as documentation.
"""

from __future__ import annotations

import math
from typing import Any

# code: (English, Thai)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- reading files -------------------------------------------------------------
    "yaml.syntax": ("YAML syntax: {problem}", "ไวยากรณ์ YAML ไม่ถูกต้อง: {problem}"),
    "yaml.duplicate-key": (
        "duplicate key '{key}' (first given on line {first_line})",
        "คีย์ '{key}' ซ้ำ (กำหนดครั้งแรกที่บรรทัด {first_line})",
    ),
    "yaml.key-type": ("a key must be a plain text, not a {kind}", "คีย์ต้องเป็นข้อความ ไม่ใช่ {kind}"),
    "yaml.tag": ("unsupported YAML tag {tag}", "ไม่รองรับแท็ก YAML {tag}"),
    "yaml.alias-expansion": (
        "aliases expand to more than {limit} values; refusing to expand",
        "การอ้างอิง alias ขยายเกิน {limit} ค่า จึงไม่อ่านต่อ",
    ),
    "yaml.too-many-values": (
        "file holds more than {limit} values; split it or remove repeated entries",
        "ไฟล์มีค่ามากกว่า {limit} ค่า กรุณาแยกไฟล์หรือลบรายการที่ซ้ำ",
    ),
    "yaml.too-deep": (
        "values are nested more than {limit} levels deep",
        "ค่าซ้อนกันลึกเกิน {limit} ระดับ",
    ),
    "yaml.not-finite": (
        "{value} is not a finite number (.nan, .inf and numbers beyond ±1.8e308 are not allowed); "
        "quote it if it is meant as text",
        "{value} ไม่ใช่ตัวเลขที่มีค่าจำกัด (ไม่รับ .nan, .inf และตัวเลขที่เกิน ±1.8e308) หากต้องการให้เป็นข้อความให้ใส่ในเครื่องหมายคำพูด",
    ),
    "yaml.too-large": (
        "file is {size} bytes, more than the limit of {limit} bytes",
        "ไฟล์มีขนาด {size} ไบต์ เกินขีดจำกัด {limit} ไบต์",
    ),
    "yaml.encoding": (
        "file is not UTF-8 ({detail}); save it as UTF-8",
        "ไฟล์ไม่ได้เข้ารหัสเป็น UTF-8 ({detail}) กรุณาบันทึกเป็น UTF-8",
    ),
    "yaml.empty": ("file is empty", "ไฟล์ว่างเปล่า"),
    "yaml.unreadable": ("cannot read file: {detail}", "อ่านไฟล์ไม่ได้: {detail}"),
    "content.missing-site": (
        "no site.yaml in the content folder",
        "ไม่พบไฟล์ site.yaml ในโฟลเดอร์เนื้อหา",
    ),
    "content.unexpected-file": (
        "file is not part of the content format ({expected})",
        "ไฟล์นี้ไม่อยู่ในรูปแบบเนื้อหาที่กำหนด ({expected})",
    ),
    "content.missing-units": (
        "the content folder has no units: each unit is a folder units/<unit>/ with a unit.yaml",
        "โฟลเดอร์เนื้อหาไม่มีหน่วยงาน: แต่ละหน่วยงานต้องเป็นโฟลเดอร์ units/<หน่วยงาน>/ ที่มีไฟล์ unit.yaml",
    ),
    "content.duplicate-file": (
        "'{other}' is the same file under another name; keep only one of them",
        "ไฟล์นี้ซ้ำกับ '{other}' ซึ่งเป็นไฟล์เดียวกันแต่ใช้ชื่อต่างกัน กรุณาเก็บไว้เพียงไฟล์เดียว",
    ),
    "content.unreadable-folder": ("cannot read folder: {detail}", "อ่านโฟลเดอร์ไม่ได้: {detail}"),
    "content.symlink": (
        "is a symbolic link; content files and folders must be real files and folders inside the content folder",
        "เป็นลิงก์สัญลักษณ์ (symbolic link) ไฟล์และโฟลเดอร์เนื้อหาต้องเป็นไฟล์และโฟลเดอร์จริงที่อยู่ในโฟลเดอร์เนื้อหา",
    ),
    "content.submodule": (
        "is a git submodule; content files and folders must be part of the content repository itself",
        "เป็น submodule ของ git ไฟล์และโฟลเดอร์เนื้อหาต้องอยู่ในคลังเนื้อหานี้เอง",
    ),
    "content.special-file": (
        "is not a regular file (a FIFO, a device or a socket); content files must be regular files",
        "ไม่ใช่ไฟล์ปกติ (เป็น FIFO อุปกรณ์ หรือซ็อกเก็ต) ไฟล์เนื้อหาต้องเป็นไฟล์ปกติ",
    ),
    "content.not-a-folder": (
        "must be a folder ({expected})",
        "ต้องเป็นโฟลเดอร์ ({expected})",
    ),
    "content.not-a-file": ("must be a file, not a folder", "ต้องเป็นไฟล์ ไม่ใช่โฟลเดอร์"),
    "content.missing-unit-file": (
        "unit folder '{unit}' has no unit.yaml",
        "โฟลเดอร์หน่วยงาน '{unit}' ไม่มีไฟล์ unit.yaml",
    ),
    # -- schema --------------------------------------------------------------------
    "schema.required": ("missing required field '{field}'", "ขาดฟิลด์ที่จำเป็น '{field}'"),
    "schema.unknown-field": (
        "unknown field '{field}'{hint}",
        "ไม่รู้จักฟิลด์ '{field}'{hint}",
    ),
    "schema.type": ("{value} is not {expected}", "{value} ไม่ใช่{expected}"),
    "schema.enum": ("{value} is not one of {allowed}", "{value} ไม่ใช่ค่าที่อนุญาต ({allowed})"),
    "schema.pattern": (
        "{value} does not have the expected form ({pattern})",
        "{value} ไม่อยู่ในรูปแบบที่กำหนด ({pattern})",
    ),
    "schema.range": ("{value} is out of range ({detail})", "{value} อยู่นอกช่วงที่กำหนด ({detail})"),
    "schema.length": ("wrong number of items or characters: {detail}", "จำนวนรายการหรือความยาวไม่ถูกต้อง: {detail}"),
    "schema.date": (
        "{value} is not a date that exists (YYYY-MM-DD, Common Era)",
        "{value} ไม่ใช่วันที่ที่มีอยู่จริง (ปปปป-ดด-วว ปีคริสต์ศักราช)",
    ),
    "schema.email": ("{value} is not an e-mail address", "{value} ไม่ใช่ที่อยู่อีเมลที่ถูกต้อง"),
    "schema.invalid": ("does not match the schema: {detail}", "ไม่ตรงตามสคีมา: {detail}"),
    # -- identity and references ---------------------------------------------------
    "unit.id-mismatch": (
        "unit id '{id}' differs from its folder name '{folder}'",
        "รหัสหน่วยงาน '{id}' ไม่ตรงกับชื่อโฟลเดอร์ '{folder}'",
    ),
    "unit.unknown-parent": ("unknown parent unit '{parent}'", "ไม่พบหน่วยงานแม่ '{parent}'"),
    "unit.cycle": (
        "units form a cycle: {cycle}",
        "หน่วยงานอ้างอิงกันเป็นวงวน: {cycle}",
    ),
    "id.duplicate": (
        "duplicate {what} id '{id}' (first on line {first})",
        "รหัส{what} '{id}' ซ้ำ (กำหนดครั้งแรกที่บรรทัด {first})",
    ),
    "ref.unknown": ("unknown {what} '{id}'", "ไม่พบ{what} '{id}'"),
    "year.unknown": (
        "fiscal year {year} is not listed in site.yaml",
        "ปีงบประมาณ {year} ไม่อยู่ในรายการของ site.yaml",
    ),
    "file.name-mismatch": (
        "{field} {value} differs from the file name '{expected}'",
        "{field} {value} ไม่ตรงกับชื่อไฟล์ '{expected}'",
    ),
    # -- agreements and weights ----------------------------------------------------
    "weights.sum": (
        "KPI weights sum to {total}, not 100",
        "ผลรวมน้ำหนักตัวชี้วัดเท่ากับ {total} ไม่เท่ากับ 100",
    ),
    "weights.dimension-sum": (
        "dimension weights sum to {total}, not 100",
        "ผลรวมน้ำหนักของมิติเท่ากับ {total} ไม่เท่ากับ 100",
    ),
    "weights.dimension-mismatch": (
        "KPI weights in dimension '{dimension}' sum to {total}, not its weight {expected}",
        "ผลรวมน้ำหนักตัวชี้วัดในมิติ '{dimension}' เท่ากับ {total} ไม่เท่ากับน้ำหนักมิติ {expected}",
    ),
    "weights.missing": (
        "KPI '{kpi}' has no {field} (the agreement uses weighting: {weighting})",
        "ตัวชี้วัด '{kpi}' ไม่มี {field} (คำรับรองนี้ใช้ weighting: {weighting})",
    ),
    "agreement.group-kind": (
        "a {kind} unit groups its KPIs by {expected}, not {given}",
        "หน่วยงานประเภท {kind} ต้องจัดกลุ่มตัวชี้วัดตาม {expected} ไม่ใช่ {given}",
    ),
    "agreement.duplicate-kpi": (
        "KPI '{kpi}' appears twice in the agreement (first on line {first})",
        "ตัวชี้วัด '{kpi}' ปรากฏซ้ำในคำรับรอง (ครั้งแรกที่บรรทัด {first})",
    ),
    "agreement.empty": (
        "the agreement of '{unit}' for {year} lists no KPIs yet",
        "คำรับรองของ '{unit}' ปี {year} ยังไม่มีตัวชี้วัด",
    ),
    "agreement.unsigned": (
        "the agreement of '{unit}' for {year} is not signed (no signed_on)",
        "คำรับรองของ '{unit}' ปี {year} ยังไม่ได้ลงนาม (ไม่มี signed_on)",
    ),
    "agreement.too-many-kpis": (
        "{count} KPIs on one person, more than the limit of {limit}",
        "บุคคลเดียวมีตัวชี้วัด {count} ตัว เกินขีดจำกัด {limit} ตัว",
    ),
    # -- criteria ------------------------------------------------------------------
    "criteria.not-monotonic": (
        "criteria must {trend} from level 1 to level 5 ({direction} is better): {values}",
        "เกณฑ์ต้อง{trend}จากระดับ 1 ถึงระดับ 5 (ค่า{direction}ดีกว่า): {values}",
    ),
    "criteria.target-not-level-3": (
        "target {target} is not the level-3 value {level3}",
        "ค่าเป้าหมาย {target} ไม่ตรงกับค่าเกณฑ์ระดับ 3 ({level3})",
    ),
    "criteria.kind-mismatch": (
        "{kind} KPI '{kpi}' needs {expected} criteria",
        "ตัวชี้วัดประเภท {kind} '{kpi}' ต้องมีเกณฑ์แบบ{expected}",
    ),
    # -- cascade -------------------------------------------------------------------
    "cascade.no-superior": (
        "unit '{unit}' has no superior to cascade from",
        "หน่วยงาน '{unit}' ไม่มีหน่วยงานระดับเหนือให้ถ่ายทอดตัวชี้วัด",
    ),
    "cascade.parent-kpi-missing": (
        "KPI '{kpi}' is not in the agreement of superior '{parent}' for {year}",
        "ตัวชี้วัด '{kpi}' ไม่อยู่ในคำรับรองของหน่วยงานระดับเหนือ '{parent}' ปี {year}",
    ),
    "cascade.direct-criteria-differ": (
        "direct cascade from '{parent}/{kpi}' must keep its criteria {expected}, found {found}",
        "การถ่ายทอดแบบตรงจาก '{parent}/{kpi}' ต้องใช้เกณฑ์เดียวกัน {expected} แต่พบ {found}",
    ),
    "cascade.split-short": (
        "split of '{parent}/{kpi}': the children combined ({method}) give {combined} at "
        "level {level}, short of the superior's {expected}",
        "การกระจายค่าเป้าหมาย '{parent}/{kpi}': ค่ารวมของหน่วยงานย่อย ({method}) ระดับ {level} "
        "เท่ากับ {combined} ไม่ถึงค่าเป้าหมายของหน่วยงานระดับเหนือ {expected}",
    ),
    "cascade.split-not-numeric": (
        "only numeric KPIs can be split; '{parent}/{kpi}' is {kind}",
        "แบ่งค่าเป้าหมายได้เฉพาะตัวชี้วัดเชิงตัวเลข '{parent}/{kpi}' เป็นประเภท {kind}",
    ),
    "cascade.split-missing-base": (
        "a weighted-mean split needs this unit's base",
        "การกระจายแบบค่าเฉลี่ยถ่วงน้ำหนักต้องระบุฐาน (base) ของหน่วยงานนี้",
    ),
    "cascade.combine-mismatch": (
        "children of '{parent}/{kpi}' combine by {methods}; use one method",
        "หน่วยงานย่อยของ '{parent}/{kpi}' ใช้วิธีรวมค่าต่างกัน ({methods}) ต้องใช้วิธีเดียว",
    ),
    "cascade.gap": (
        "KPI '{kpi}' of '{unit}' for {year} is carried by no unit below",
        "ตัวชี้วัด '{kpi}' ของ '{unit}' ปี {year} ยังไม่ถูกถ่ายทอดสู่หน่วยงานระดับล่าง",
    ),
    # -- results -------------------------------------------------------------------
    "results.kpi-not-in-agreement": (
        "KPI '{kpi}' is not in the agreement of '{unit}' for {year}",
        "ตัวชี้วัด '{kpi}' ไม่อยู่ในคำรับรองของ '{unit}' ปี {year}",
    ),
    "results.no-agreement": (
        "'{unit}' has no agreement for {year}",
        "'{unit}' ไม่มีคำรับรองปี {year}",
    ),
    "results.round-not-for-unit": (
        "round '{round}' is not reported by {kind} units",
        "รอบ '{round}' ไม่ใช่รอบรายงานของหน่วยงานประเภท {kind}",
    ),
    "results.wrong-kind": (
        "{kind} KPI '{kpi}' reports {expected}, not {given}",
        "ตัวชี้วัดประเภท {kind} '{kpi}' ต้องรายงาน{expected} ไม่ใช่ {given}",
    ),
    "results.missing-value": (
        "result for '{kpi}' gives neither an actual nor a level",
        "ผลการดำเนินงานของ '{kpi}' ไม่มีทั้งค่าจริงและระดับ",
    ),
    "results.level-range": (
        "milestone level {level} is outside 0–5",
        "ระดับขั้นความสำเร็จ {level} อยู่นอกช่วง 0–5",
    ),
    "results.implausible": (
        "actual {value} of '{kpi}' is outside its plausible range {low}–{high}",
        "ค่าจริง {value} ของ '{kpi}' อยู่นอกช่วงที่เป็นไปได้ {low}–{high}",
    ),
    "results.verified-no-reason": (
        "verified score {verified} differs from the self-assessed {self_score} without a reason",
        "คะแนนที่ผ่านการตรวจสอบ {verified} ต่างจากคะแนนประเมินตนเอง {self_score} แต่ไม่ระบุเหตุผล",
    ),
    "results.verified-score-range": (
        "verified score {score} is above the top of the scale ({top})",
        "คะแนนที่ผ่านการตรวจสอบ {score} สูงกว่าคะแนนสูงสุดของเกณฑ์ ({top})",
    ),
    "results.partial-without-steps": (
        "partial credit does not count: the criteria of level {next_level} define no steps",
        "ไม่นับคะแนนบางส่วน (partial) เพราะเกณฑ์ระดับ {next_level} ไม่ได้กำหนดขั้นตอนย่อย (steps)",
    ),
    "results.duplicate-kpi": (
        "KPI '{kpi}' is reported twice in this round (first on line {first})",
        "ตัวชี้วัด '{kpi}' รายงานซ้ำในรอบนี้ (ครั้งแรกที่บรรทัด {first})",
    ),
    "results.missing-round": (
        "round '{round}' of {year} has passed ({end}) with no results from '{unit}'",
        "รอบ '{round}' ปี {year} สิ้นสุดแล้ว ({end}) แต่ '{unit}' ยังไม่รายงานผล",
    ),
    "evidence.missing": ("evidence file '{path}' does not exist", "ไม่พบไฟล์หลักฐาน '{path}'"),
    "evidence.outside": (
        "evidence path '{path}' leaves the content folder",
        "ที่อยู่ไฟล์หลักฐาน '{path}' อยู่นอกโฟลเดอร์เนื้อหา",
    ),
    # -- related places: what part another place plays in a diagnostic ---------------
    "related.split-share": (
        "'{unit}' takes part in the split with {value} at level {level}",
        "'{unit}' ร่วมรับส่วนแบ่งค่าเป้าหมาย {value} ที่ระดับ {level}",
    ),
    "related.superior-criteria": (
        "the criteria of '{parent}/{kpi}' that a direct cascade keeps",
        "เกณฑ์ของ '{parent}/{kpi}' ที่การถ่ายทอดแบบตรงต้องใช้ตาม",
    ),
    "related.superior-agreement": (
        "the agreement of '{parent}' for {year}",
        "คำรับรองของ '{parent}' ปี {year}",
    ),
    "related.combine": (
        "'{unit}' combines by {method}",
        "'{unit}' ใช้วิธีรวมค่าแบบ {method}",
    ),
    "related.child-agreement": (
        "the agreement of '{unit}' for {year}, which does not carry it",
        "คำรับรองของ '{unit}' ปี {year} ซึ่งไม่ได้รับการถ่ายทอดตัวชี้วัดนี้",
    ),
    "related.kpi-weight": (
        "KPI '{kpi}' weighs {weight}",
        "ตัวชี้วัด '{kpi}' มีน้ำหนัก {weight}",
    ),
    "related.dimension-weight": (
        "the weight of dimension '{dimension}' is {weight}",
        "น้ำหนักของมิติ '{dimension}' เท่ากับ {weight}",
    ),
    # -- building ------------------------------------------------------------------
    "build.pdf-failed": (
        "PDF for '{unit}' failed: {detail}",
        "สร้าง PDF ของ '{unit}' ไม่สำเร็จ: {detail}",
    ),
}


def render_message(code: str, params: dict[str, Any], lang: str) -> str:
    templates = MESSAGES.get(code)
    if templates is None:
        detail = ", ".join(f"{k}={v}" for k, v in params.items())
        return f"{code} {detail}".strip()
    template = templates[1] if lang == "th" else templates[0]
    return template.format(**{k: _show(v) for k, v in params.items()})


def _show(value: Any) -> str:
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def format_number(value: float) -> str:
    """Numbers as people write them: 20, 414.5, 0.25 (no trailing zeros)."""
    if not math.isfinite(value):  # the loader refuses them; never a traceback for one
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")
