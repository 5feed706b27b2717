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
        "report format: text, github (annotations on pull requests), gitlab (code quality report for "
        "merge requests) or json",
        "รูปแบบรายงาน: text, github (หมายเหตุบน pull request), gitlab (รายงานคุณภาพโค้ดสำหรับ merge request) หรือ json",
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
    "help.build.quiet": (
        "no progress and no summary; warnings and errors are still shown",
        "ไม่แสดงความคืบหน้าและสรุป แต่ยังแสดงคำเตือนและข้อผิดพลาด",
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
    # -- init ----------------------------------------------------------------------
    "help.init": ("start a new content repository for an office", "เริ่มคลังข้อมูลเนื้อหาใหม่ของสำนักงาน"),
    "help.init.description": (
        "Create a project that checks clean and builds: content with one organisation unit and a sample "
        "agreement, a README, CODEOWNERS, CI for GitHub and GitLab, a pre-commit hook, editor settings "
        "and the schemas. DIR must be new or empty.",
        "สร้างโครงการที่ตรวจสอบผ่านและสร้างผลลัพธ์ได้ทันที: เนื้อหาที่มีหน่วยงานระดับองค์การหนึ่งหน่วยพร้อมคำรับรองตัวอย่าง "
        "README, CODEOWNERS, CI สำหรับ GitHub และ GitLab, pre-commit, การตั้งค่าโปรแกรมแก้ไข และโครงสร้างข้อมูล "
        "DIR ต้องเป็นโฟลเดอร์ใหม่หรือว่างเปล่า",
    ),
    "help.init.folder": ("folder of the new repository", "โฟลเดอร์ของคลังข้อมูลใหม่"),
    "help.init.lang": (
        "language of the README and the site's first language (default: the locale's)",
        "ภาษาของ README และภาษาหลักของเว็บไซต์ (ค่าเริ่มต้น: ตามภาษาของระบบ)",
    ),
    "help.init.unit": ("id of the organisation unit (default: org)", "รหัสของหน่วยงานระดับองค์การ (ค่าเริ่มต้น: org)"),
    # -- new -----------------------------------------------------------------------
    "help.new": ("add a unit or start a new fiscal year", "เพิ่มหน่วยงาน หรือขึ้นปีงบประมาณใหม่"),
    "help.new.description": (
        "Add to the content: a new unit linked into the tree, or a new fiscal year with every agreement "
        "copied as an unsigned draft. Comments and layout of edited files are kept.",
        "เพิ่มเนื้อหา: หน่วยงานใหม่ที่เชื่อมกับหน่วยงานต้นสังกัด หรือปีงบประมาณใหม่ที่คัดลอกคำรับรองทุกฉบับเป็นร่างที่ยังไม่ลงนาม "
        "ความเห็นและรูปแบบของไฟล์ที่แก้ไขยังคงเดิม",
    ),
    "help.new.what": ("what to add", "สิ่งที่จะเพิ่ม"),
    "help.new.unit": ("add a unit below its parent", "เพิ่มหน่วยงานใต้หน่วยงานต้นสังกัด"),
    "help.new.unit.description": (
        "Create content/units/ID/ with unit.yaml (linked to its parent), an empty kpis.yaml and an empty "
        "draft agreement for the current fiscal year.",
        "สร้าง content/units/ID/ ที่มี unit.yaml (เชื่อมกับหน่วยงานต้นสังกัด) kpis.yaml ว่าง และร่างคำรับรองว่างของปีงบประมาณปัจจุบัน",
    ),
    "help.new.unit.id": ("id of the new unit (its folder name)", "รหัสของหน่วยงานใหม่ (ชื่อโฟลเดอร์)"),
    "help.new.unit.parent": ("id of the unit above it", "รหัสของหน่วยงานต้นสังกัด"),
    "help.new.unit.kind": ("kind of unit", "ประเภทหน่วยงาน"),
    "help.new.unit.name": ("the unit's Thai name (default: its id)", "ชื่อหน่วยงานภาษาไทย (ค่าเริ่มต้น: รหัส)"),
    "help.new.year": ("start a new fiscal year", "ขึ้นปีงบประมาณใหม่"),
    "help.new.year.description": (
        "Add the year to site.yaml and copy each unit's agreement of the last year as an unsigned draft "
        "with the same criteria; last year's actuals become the baselines.",
        "เพิ่มปีใน site.yaml และคัดลอกคำรับรองปีล่าสุดของทุกหน่วยงานเป็นร่างที่ยังไม่ลงนามพร้อมเกณฑ์เดิม ผลการดำเนินงานปีที่แล้วกลายเป็นค่าฐาน",
    ),
    "help.new.year.year": ("the new fiscal year, Buddhist Era", "ปีงบประมาณใหม่ (พ.ศ.)"),
    # -- serve ---------------------------------------------------------------------
    "help.serve": ("preview the site while editing", "ดูตัวอย่างเว็บไซต์ขณะแก้ไข"),
    "help.serve.description": (
        "Build the site, serve it on this computer and rebuild the pages a change touches as soon as the "
        "content or a theme changes; open pages reload by themselves and show the current problems. "
        "The project's output/ is left alone. Ctrl-C stops it.",
        "สร้างเว็บไซต์ เปิดให้ดูบนเครื่องนี้ และสร้างเฉพาะหน้าที่ได้รับผลกระทบใหม่ทันทีเมื่อเนื้อหาหรือธีมเปลี่ยน "
        "หน้าที่เปิดอยู่จะโหลดใหม่เองและแสดงปัญหาปัจจุบัน ไม่แตะต้องโฟลเดอร์ output/ ของโครงการ กด Ctrl-C เพื่อหยุด",
    ),
    "help.serve.port": (
        "port to listen on (default: 8000; 0: any free port)",
        "พอร์ตที่ใช้ (ค่าเริ่มต้น: 8000; 0: พอร์ตใดก็ได้ที่ว่าง)",
    ),
    "help.serve.host": (
        "address to listen on (default: 127.0.0.1, this computer only)",
        "ที่อยู่ที่รับการเชื่อมต่อ (ค่าเริ่มต้น: 127.0.0.1 เฉพาะเครื่องนี้)",
    ),
    "help.serve.pdf": ("build the PDFs too (slower)", "สร้าง PDF ด้วย (ช้ากว่า)"),
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
    "usage.init-not-empty": (
        "{folder} is not empty; kpibook init starts a repository in a new or empty folder",
        "{folder} ไม่ว่างเปล่า kpibook init เริ่มคลังข้อมูลในโฟลเดอร์ใหม่หรือโฟลเดอร์ว่างเท่านั้น",
    ),
    "usage.bad-id": (
        "'{id}' is not an id: lowercase letters, digits and hyphens, starting with a letter or digit",
        "'{id}' ไม่ใช่รหัสที่ถูกต้อง: ใช้อักษรอังกฤษตัวเล็ก ตัวเลข และขีด (-) ขึ้นต้นด้วยอักษรหรือตัวเลข",
    ),
    "usage.bad-year": (
        "{year} is not a fiscal year in the Buddhist Era (2400–2700)",
        "{year} ไม่ใช่ปีงบประมาณ พ.ศ. (2400–2700)",
    ),
    "usage.unit-exists": ("unit '{unit}' exists already ({folder})", "มีหน่วยงาน '{unit}' อยู่แล้ว ({folder})"),
    "usage.unknown-parent": ("unknown parent unit '{unit}' (--parent)", "ไม่พบหน่วยงานต้นสังกัด '{unit}' (--parent)"),
    "usage.year-exists": ("fiscal year {year} is in site.yaml already", "ปีงบประมาณ {year} มีอยู่ใน site.yaml แล้ว"),
    "usage.year-before": (
        "fiscal year {year} comes before the last year in site.yaml ({last})",
        "ปีงบประมาณ {year} อยู่ก่อนปีล่าสุดใน site.yaml ({last})",
    ),
    "usage.agreement-exists": ("{path} exists already", "มีไฟล์ {path} อยู่แล้ว"),
    "usage.serve-port": ("cannot listen on {host}:{port}: {detail}", "ใช้ {host}:{port} ไม่ได้: {detail}"),
    # -- what a run says on the terminal ---------------------------------------------------
    "run.nothing-written": (
        "nothing written; the previous output is unchanged",
        "ไม่ได้เขียนสิ่งใด ผลลัพธ์เดิมยังอยู่ครบ",
    ),
    "run.built": ("built {out} in {seconds} s", "สร้าง {out} เสร็จใน {seconds} วินาที"),
    "run.serving": ("serving {url} (Ctrl-C stops)", "เปิดให้ดูที่ {url} (กด Ctrl-C เพื่อหยุด)"),
    "run.serve-full": ("the whole site", "ทั้งเว็บไซต์"),
    "run.serve-pages": ("{pages} pages of {units} units", "{pages} หน้า ของ {units} หน่วยงาน"),
    "run.serve-built": ("built {what} in {seconds} s", "สร้าง{what}เสร็จใน {seconds} วินาที"),
    "run.serve-kept": (
        "the content has errors; the last good site is still served",
        "เนื้อหามีข้อผิดพลาด ยังคงแสดงเว็บไซต์ฉบับล่าสุดที่สร้างได้",
    ),
    "run.serve-banner-errors": (
        "kpibook: {summary}; this page is from the last site built without errors",
        "kpibook: {summary} หน้านี้มาจากเว็บไซต์ฉบับล่าสุดที่ไม่มีข้อผิดพลาด",
    ),
    "run.serve-banner": ("kpibook check: {summary}", "kpibook ผลการตรวจสอบ: {summary}"),
    "run.wrote": ("wrote {path}", "เขียน {path}"),
    "run.fix-first": (
        "nothing written; fix the errors above first",
        "ไม่ได้เขียนสิ่งใด กรุณาแก้ข้อผิดพลาดข้างต้นก่อน",
    ),
    "run.init-done": ("created {folder} ({files} files)", "สร้าง {folder} แล้ว ({files} ไฟล์)"),
    "run.init-next": (
        "next: cd {folder} && git init && kpibook check && kpibook build",
        "ขั้นต่อไป: cd {folder} && git init && kpibook check && kpibook build",
    ),
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
