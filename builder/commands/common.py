"""Options several commands share, and the project they name."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from builder.commands.parser import KpibookParser, date_type
from builder.options import BuildOptions
from builder.project import Project, locate

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def add_content_options(parser: KpibookParser) -> None:
    """`--content`, `--lang` and `--today`, as every command reading content takes them."""
    parser.add_argument("--content", type=Path, metavar="DIR", help="help.option.content")
    parser.add_argument("--lang", choices=("th", "en"), help="help.option.lang")
    parser.add_argument("--today", type=date_type(parser.lang), metavar="YYYY-MM-DD", help="help.option.today")


def project_of(args: argparse.Namespace) -> Project:
    """The project named by `--content`/`--out`, else the one around the current folder."""
    return locate(args.content, getattr(args, "out", None))


def check_options(args: argparse.Namespace, project: Project) -> BuildOptions:
    return BuildOptions(content=project.content, lang=args.lang, today=args.today or dt.date.today())
