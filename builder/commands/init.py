"""`kpibook init DIR [--lang th|en] [--unit ID]`: start an office's own content repository.

Writes a project that checks clean and builds: `content/` with the site and one
organisation unit with a sample agreement, a README with the commands, a CODEOWNERS
sample, CI for GitHub Actions and GitLab CI, a pre-commit hook, editor settings mapping
the schemas onto the files, and `.gitignore`. DIR must be new or empty.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from builder.catalogue import default_catalogue
from builder.commands.common import EXIT_OK
from builder.commands.parser import date_type
from builder.diagnostics import UsageError
from builder.options import today
from builder.scaffold import NewProject, create

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("init", help="help.init", description="help.init.description")
    parser.add_argument("folder", type=Path, metavar="DIR", help="help.init.folder")
    parser.add_argument("--lang", choices=("th", "en"), help="help.init.lang")
    parser.add_argument("--unit", default="org", metavar="ID", help="help.init.unit")
    parser.add_argument("--today", type=date_type(parser.lang), metavar="YYYY-MM-DD", help="help.option.today")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not ID.fullmatch(args.unit):
        raise UsageError("usage.bad-id", id=args.unit)
    project = NewProject(args.folder, args.lang or "th", args.unit, args.today or today())
    written = create(project)
    lang = args.lang or args.ui_lang
    print(default_catalogue().text("run.init-done", lang, folder=args.folder, files=len(written)))
    print(default_catalogue().text("run.init-next", lang, folder=args.folder))
    return EXIT_OK
