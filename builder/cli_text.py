"""The words of the command line, whole in English and in Thai: command and option help,
usage errors, and Thai for the messages argparse writes itself.

Keys are stable ids; `text(key, lang)` fills in the parameters. When the shared message
catalogue lands (issue 13) this table moves into it unchanged.
"""

from __future__ import annotations

from typing import Any

# key: (English, Thai)
TEXTS: dict[str, tuple[str, str]] = {
    # -- the program ---------------------------------------------------------------
    "help.program": (
        "kpibook: check, score and publish strategy, KPIs and performance agreements kept as YAML",
        "kpibook: ตรวจสอบ คิดคะแนน และเผยแพร่ยุทธศาสตร์ ตัวชี้วัด และคำรับรองการปฏิบัติราชการที่เก็บเป็น YAML",
    ),
    "help.commands": ("commands (default: build)", "คำสั่ง (ค่าเริ่มต้น: build)"),
    "help.option.content": (
        "content folder (default: content/ of the project found from the current folder)",
        "โฟลเดอร์เนื้อหา (ค่าเริ่มต้น: content/ ของโครงการที่พบจากโฟลเดอร์ปัจจุบัน)",
    ),
    "help.option.lang": (
        "language of messages and pages (default: the site's language)",
        "ภาษาของข้อความและหน้าเว็บ (ค่าเริ่มต้น: ภาษาของเว็บไซต์)",
    ),
    "help.option.today": (
        "date the run takes as today, YYYY-MM-DD (default: today)",
        "วันที่ที่ถือเป็นวันนี้ รูปแบบ YYYY-MM-DD (ค่าเริ่มต้น: วันนี้)",
    ),
    # -- check ---------------------------------------------------------------------
    "help.check": ("validate the content (for CI and pre-commit)", "ตรวจสอบเนื้อหา (สำหรับ CI และ pre-commit)"),
    "help.check.description": (
        "Validate every file against its schema and the cascade rules; report every problem "
        "as path:line:col. Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage errors.",
        "ตรวจสอบทุกไฟล์ตามโครงสร้างข้อมูลและกฎการถ่ายทอดตัวชี้วัด รายงานทุกปัญหาในรูป path:line:col "
        "สถานะเมื่อจบ: 0 ไม่มีปัญหา, 1 มีข้อผิดพลาด (หรือมีคำเตือนเมื่อใช้ --strict), 2 ใช้คำสั่งไม่ถูกต้อง",
    ),
    "help.check.strict": ("warnings fail the check too", "ให้คำเตือนทำให้การตรวจสอบไม่ผ่านด้วย"),
    "help.check.format": (
        "report format: text, github (annotations on pull requests) or json",
        "รูปแบบรายงาน: text, github (หมายเหตุบน pull request) หรือ json",
    ),
    # -- build ---------------------------------------------------------------------
    "help.build": ("build the site, JSON export and PDFs", "สร้างเว็บไซต์ ข้อมูล JSON และไฟล์ PDF"),
    "help.build.description": (
        "Build the offline site, the JSON export, the handbook and one agreement PDF per unit. "
        "A build with content errors writes nothing; the previous output stays as it was.",
        "สร้างเว็บไซต์แบบออฟไลน์ ข้อมูล JSON คู่มือ และ PDF คำรับรองของทุกหน่วยงาน หากเนื้อหามีข้อผิดพลาดจะไม่เขียนสิ่งใด ผลลัพธ์เดิมยังอยู่ครบ",
    ),
    "help.build.out": (
        "output folder (default: output/ of the project)",
        "โฟลเดอร์ผลลัพธ์ (ค่าเริ่มต้น: output/ ของโครงการ)",
    ),
    "help.build.unit": ("handbook for this unit's subtree only", "สร้างคู่มือเฉพาะหน่วยงานนี้และหน่วยงานในสังกัด"),
    "help.build.theme": (
        "theme folder overriding the default theme (may be given more than once)",
        "โฟลเดอร์ธีมที่ใช้แทนธีมเริ่มต้น (ระบุได้หลายครั้ง)",
    ),
    "help.build.no-pdf": ("skip the handbook and agreement PDFs", "ไม่สร้าง PDF คู่มือและคำรับรอง"),
    "help.build.jobs": ("parallel PDF workers (0: one per core)", "จำนวนงานสร้าง PDF พร้อมกัน (0: เท่าจำนวนแกนประมวลผล)"),
    "help.build.cache": (
        "PDF cache folder (default: .kpibook-cache beside the output)",
        "โฟลเดอร์แคช PDF (ค่าเริ่มต้น: .kpibook-cache ข้างโฟลเดอร์ผลลัพธ์)",
    ),
    # -- score ---------------------------------------------------------------------
    "help.score": ("print a unit's scorecard", "แสดงบัตรคะแนนของหน่วยงาน"),
    "help.score.description": (
        "Print one scorecard as a table: each KPI's weight, actual, self-assessed, verified and "
        "weighted score, subtotals, the total and the rating.",
        "แสดงบัตรคะแนนเป็นตาราง: น้ำหนัก ผลงาน คะแนนตนเอง คะแนนตรวจสอบ และคะแนนถ่วงน้ำหนักของแต่ละตัวชี้วัด "
        "คะแนนรวมย่อย คะแนนรวม และระดับผลการประเมิน",
    ),
    "help.score.unit": ("unit id", "รหัสหน่วยงาน"),
    "help.score.round": (
        "round id (default: the latest with results)",
        "รหัสรอบการประเมิน (ค่าเริ่มต้น: รอบล่าสุดที่มีผล)",
    ),
    "help.score.year": (
        "fiscal year, Buddhist Era (default: the site's current year)",
        "ปีงบประมาณ พ.ศ. (ค่าเริ่มต้น: ปีปัจจุบันของเว็บไซต์)",
    ),
    # -- usage errors (exit status 2) -------------------------------------------------
    "usage.prefix": ("{prog}: error: {message}", "{prog}: ข้อผิดพลาด: {message}"),
    "usage.not-a-date": ("not a date (YYYY-MM-DD): {value}", "ไม่ใช่วันที่ (YYYY-MM-DD): {value}"),
    "usage.no-project": (
        "no kpibook project in {folder} or any folder above it (a project has content/site.yaml "
        "or kpibook.toml); start one with `kpibook init DIR`, or name the content with --content",
        "ไม่พบโครงการ kpibook ใน {folder} หรือโฟลเดอร์ที่อยู่เหนือขึ้นไป (โครงการมี content/site.yaml "
        "หรือ kpibook.toml) เริ่มโครงการใหม่ด้วย `kpibook init DIR` หรือระบุโฟลเดอร์เนื้อหาด้วย --content",
    ),
    "usage.content-not-found": ("content folder not found: {folder}", "ไม่พบโฟลเดอร์เนื้อหา: {folder}"),
    "usage.project-file-syntax": ("{file}: not valid TOML: {detail}", "{file}: ไม่ใช่ TOML ที่ถูกต้อง: {detail}"),
    "usage.project-file-key": (
        "{file}: unknown setting '{key}' (known: {known})",
        "{file}: ไม่รู้จักการตั้งค่า '{key}' (ที่รู้จัก: {known})",
    ),
    "usage.project-file-path": (
        "{file}: '{key}' must be a relative path inside the project, not {value}",
        "{file}: '{key}' ต้องเป็นที่อยู่สัมพัทธ์ภายในโครงการ ไม่ใช่ {value}",
    ),
    "usage.out-over-content": (
        "output folder {out} overlaps the content folder; choose a folder of its own",
        "โฟลเดอร์ผลลัพธ์ {out} ซ้อนกับโฟลเดอร์เนื้อหา กรุณาเลือกโฟลเดอร์แยกต่างหาก",
    ),
    "usage.out-over-project": (
        "output folder {out} would replace the whole project; choose a folder of its own",
        "โฟลเดอร์ผลลัพธ์ {out} จะเขียนทับทั้งโครงการ กรุณาเลือกโฟลเดอร์แยกต่างหาก",
    ),
    "usage.out-in-tool": (
        "output folder {out} is inside the installed kpibook tool; build into your project instead",
        "โฟลเดอร์ผลลัพธ์ {out} อยู่ภายในตัวโปรแกรม kpibook ที่ติดตั้งไว้ กรุณาสร้างผลลัพธ์ในโครงการของท่าน",
    ),
    "usage.theme-not-found": ("theme folder not found: {folders}", "ไม่พบโฟลเดอร์ธีม: {folders}"),
    "usage.unknown-build-unit": ("unknown unit '{unit}' (--unit)", "ไม่พบหน่วยงาน '{unit}' (--unit)"),
    "usage.unknown-unit": ("unknown unit '{unit}'", "ไม่พบหน่วยงาน '{unit}'"),
    "usage.unknown-unit-close": (
        "unknown unit '{unit}'; did you mean {close}?",
        "ไม่พบหน่วยงาน '{unit}' หรือหมายถึง {close}",
    ),
    "usage.unknown-year": (
        "fiscal year {year} is not in site.yaml (years: {years})",
        "ปีงบประมาณ {year} ไม่อยู่ใน site.yaml (ปีที่มี: {years})",
    ),
    "usage.no-agreement": ("'{unit}' has no agreement for {year}", "'{unit}' ไม่มีคำรับรองของปี {year}"),
    "usage.unknown-round": (
        "unknown round '{round}' (rounds of '{unit}': {rounds})",
        "ไม่พบรอบ '{round}' (รอบของ '{unit}': {rounds})",
    ),
    "usage.round-not-reported": (
        "'{unit}' ({kind}) does not report in round '{round}' (its rounds: {rounds})",
        "'{unit}' ({kind}) ไม่ได้รายงานผลในรอบ '{round}' (รอบของหน่วยงานนี้: {rounds})",
    ),
    # -- what a run says on the terminal ---------------------------------------------------
    "run.nothing-written": (
        "nothing written; the previous output is unchanged",
        "ไม่ได้เขียนสิ่งใด ผลลัพธ์เดิมยังอยู่ครบ",
    ),
    "run.built": ("built {out} in {seconds} s", "สร้าง {out} เสร็จใน {seconds} วินาที"),
}

# Thai for the messages argparse writes itself (its gettext message ids, Python 3.11+);
# `tests/test_cli.py` fails when Python renames one of them
ARGPARSE_THAI: dict[str, str] = {
    "usage: ": "วิธีใช้: ",
    "positional arguments": "อาร์กิวเมนต์",
    "options": "ตัวเลือก",
    "show this help message and exit": "แสดงวิธีใช้นี้แล้วจบ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ข้อผิดพลาด: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "อาร์กิวเมนต์ %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "ไม่รู้จักอาร์กิวเมนต์: %s",
    "the following arguments are required: %s": "ต้องระบุอาร์กิวเมนต์ต่อไปนี้: %s",
    "one of the arguments %s is required": "ต้องระบุอาร์กิวเมนต์อย่างใดอย่างหนึ่งใน %s",
    "not allowed with argument %s": "ใช้ร่วมกับอาร์กิวเมนต์ %s ไม่ได้",
    "ignored explicit argument %r": "ไม่ใช้ค่าที่ระบุ %r",
    "expected one argument": "ต้องมีค่าหนึ่งค่า",
    "expected at most one argument": "มีค่าได้ไม่เกินหนึ่งค่า",
    "expected at least one argument": "ต้องมีค่าอย่างน้อยหนึ่งค่า",
    "expected %s argument": "ต้องมีค่า %s ค่า",
    "expected %s arguments": "ต้องมีค่า %s ค่า",
    "ambiguous option: %(option)s could match %(matches)s": "ตัวเลือก %(option)s กำกวม อาจหมายถึง %(matches)s",
    "invalid %(type)s value: %(value)r": "ค่า %(type)s ไม่ถูกต้อง: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "ไม่มีตัวเลือก %(value)r (เลือกจาก %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "ไม่รู้จักคำสั่ง %(parser_name)r (เลือกจาก %(choices)s)",
}


def text(key: str, lang: str, /, **params: Any) -> str:
    english, thai = TEXTS[key]
    template = thai if lang == "th" else english
    return template.format(**params) if params else template
