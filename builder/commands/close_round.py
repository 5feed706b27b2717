"""`kpibook close-round YEAR ROUND`: certify a round; `--correct UNIT`: record a correction.

Closing writes `closed/<year>/<round>.yaml` in the content: the date, who certified it,
the commit the certified data comes from, and a digest of the meaning of every results
file of the round and every agreement of the year (`builder/closing.py`). From then on
`check` fails on any change to those files that is not recorded as a correction.

    kpibook close-round 2568 m6 --by "นางสาวสมศรี ตั้งใจ" --position "ผู้อำนวยการกองแผนงาน"
    kpibook close-round 2568 m6 --correct dist-b --kpi rice-yield --reason "แก้ตามหนังสือ ..." --by ...

A round is closed from a committed tree (the closure names the commit, so the certified
values can be shown later); outside git it is closed without one. Exit status: 0 written;
1 the content has errors (other than the changes a correction is about); 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import yaml

from builder.catalogue import default_catalogue
from builder.closing import certified_files, meaning_digest
from builder.commands.common import EXIT_CONTENT, EXIT_OK, add_content_options, project_of
from builder.commands.parser import date_type
from builder.diagnostics import Diagnostics, UsageError, format_report
from builder.gitrepo import GitError, Repository
from builder.options import BuildOptions
from builder.output import write_atomic
from builder.pipeline import load_and_check, site_language
from builder.reader import RawContent, read_content

HEADER = "# yaml-language-server: $schema=../../../schemas/closure.schema.json\n"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("close-round", help="help.close-round", description="help.close-round.description")
    add_content_options(parser)
    parser.add_argument("year", type=int, metavar="YEAR", help="help.close-round.year")
    parser.add_argument("round_id", metavar="ROUND", help="help.close-round.round")
    parser.add_argument("--by", metavar="NAME", help="help.close-round.by")
    parser.add_argument("--position", metavar="TEXT", help="help.close-round.position")
    parser.add_argument("--date", type=date_type(parser.lang), metavar="YYYY-MM-DD", help="help.close-round.date")
    parser.add_argument("--correct", metavar="UNIT", help="help.close-round.correct")
    parser.add_argument("--agreement", action="store_true", help="help.close-round.agreement")
    parser.add_argument("--kpi", metavar="KPI", help="help.close-round.kpi")
    parser.add_argument("--reason", metavar="TEXT", help="help.close-round.reason")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project = project_of(args)
    options = BuildOptions(content=project.content, lang=args.lang, today=args.today or dt.date.today())
    checked = load_and_check(options)
    lang = site_language(checked.content, options)
    content = checked.content
    if content is None or _blocking(checked.diagnostics, args):
        print(format_report(checked.diagnostics, "text", lang), file=sys.stderr)
        return EXIT_CONTENT
    if args.year not in content.site.fiscal_years:
        raise UsageError("usage.unknown-year", year=args.year, years=", ".join(map(str, content.site.fiscal_years)))
    if args.round_id not in {r.id for r in content.site.rounds}:
        known = ", ".join(r.id for r in content.site.rounds)
        raise UsageError("usage.unknown-site-round", round=args.round_id, rounds=known)
    raw = read_content(project.content, Diagnostics())
    target = project.content / "closed" / str(args.year) / f"{args.round_id}.yaml"
    day = (args.date or options.today).isoformat()
    by = _person(args.by, args.position)
    if args.correct:
        record = _corrected(target, raw, args, day, by)
        message = default_catalogue().text("run.correction-recorded", lang, file=record["corrections"][-1]["file"])
    else:
        record = _closed(target, raw, project.content, args, day, by)
        message = default_catalogue().text(
            "run.round-closed", lang, round=args.round_id, year=args.year, files=len(record["files"])
        )
    write_atomic(target, (HEADER + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000)).encode())
    print(message, file=sys.stderr)
    return EXIT_OK


def _blocking(diags: Diagnostics, args: argparse.Namespace) -> bool:
    """Errors stop a closing; a correction is made to fix `round.closed-*` errors."""
    allowed = ("round.closed-changed", "round.closed-added") if args.correct else ()
    return any(d.code not in allowed for d in diags.errors)


def _closed(
    target: Path, raw: RawContent, content_folder: Path, args: argparse.Namespace, day: str, by: dict[str, Any] | None
) -> dict[str, Any]:
    if target.exists():
        raise UsageError("usage.round-closed-already", round=args.round_id, year=args.year, file=target)
    if args.kpi or args.reason or args.agreement:
        raise UsageError("usage.correction-without-correct")
    revision = None
    repo = Repository.around(content_folder)
    if repo is not None:
        try:
            found = repo.revision([content_folder])
        except GitError:
            found = None  # no commit yet: closed without one
        if found is not None and found.dirty:
            raise UsageError("usage.close-uncommitted", folder=content_folder)
        revision = found.commit if found is not None else None
    files = certified_files(raw, args.year, args.round_id)
    record: dict[str, Any] = {"year": args.year, "round": args.round_id, "closed_on": day}
    if by:
        record["closed_by"] = by
    record["revision"] = revision
    record["files"] = {path: meaning_digest(source.doc.data) for path, source in sorted(files.items())}
    record["corrections"] = []
    return record


def _corrected(
    target: Path, raw: RawContent, args: argparse.Namespace, day: str, by: dict[str, Any] | None
) -> dict[str, Any]:
    closure = next((f for f in raw.of_kind("closure") if f.stem == (str(args.year), args.round_id)), None)
    if closure is None or not isinstance(closure.doc.data, dict):
        raise UsageError("usage.round-not-closed", round=args.round_id, year=args.year)
    if not args.reason or not args.reason.strip():
        raise UsageError("usage.correction-reason")
    files = certified_files(raw, args.year, args.round_id)
    kind = "agreements" if args.agreement else "results"
    path = next((p for p in files if p.split("/")[1:3] == [args.correct, kind]), None)
    if path is None:
        raise UsageError("usage.correction-no-file", unit=args.correct, round=args.round_id, year=args.year)
    data = files[path].doc.data
    entries = data.get("items" if args.agreement else "results") if isinstance(data, dict) else None
    kpis = {e.get("kpi") for e in entries or [] if isinstance(e, dict)}
    if args.kpi and args.kpi not in kpis:
        raise UsageError("usage.correction-unknown-kpi", kpi=args.kpi, file=path)
    correction: dict[str, Any] = {"file": path}
    if args.kpi:
        correction["kpi"] = args.kpi
    correction["corrected_on"] = day
    if by:
        correction["by"] = by
    correction["reason"] = args.reason.strip()
    correction["digest"] = meaning_digest(data)
    record = dict(closure.doc.data)
    record["corrections"] = [*(record.get("corrections") or []), correction]
    return record


def _person(name: str | None, position: str | None) -> dict[str, Any] | None:
    if not name:
        return None
    person: dict[str, Any] = {"name": name}
    if position:
        person["position"] = position
    return person
