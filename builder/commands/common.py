"""Options several commands share, and the project they name."""

from __future__ import annotations

import argparse
from pathlib import Path

from builder.commands.parser import KpibookParser, date_type
from builder.diagnostics import UsageError
from builder.options import BuildOptions, today
from builder.project import Project, locate
from builder.resources import DEFAULT_THEME

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def add_content_options(parser: KpibookParser) -> None:
    """`--content`, `--lang`, `--today` and `--theme`, as every command reading content takes them."""
    parser.add_argument("--content", type=Path, metavar="DIR", help="help.option.content")
    parser.add_argument("--lang", choices=("th", "en"), help="help.option.lang")
    parser.add_argument("--today", type=date_type(parser.lang), metavar="YYYY-MM-DD", help="help.option.today")
    parser.add_argument("--theme", type=Path, action="append", default=[], metavar="DIR", help="help.option.theme")


def project_of(args: argparse.Namespace) -> Project:
    """The project named by `--content`/`--out`, else the one around the current folder."""
    return locate(args.content, getattr(args, "out", None))


def check_options(args: argparse.Namespace, project: Project) -> BuildOptions:
    return BuildOptions(content=project.content, lang=args.lang, today=args.today or today(), themes=themes_of(args))


def themes_of(args: argparse.Namespace) -> tuple[Path, ...]:
    """`--theme` folders first, the default theme last; a folder that is not there is a usage error."""
    missing = [str(theme) for theme in args.theme if not theme.is_dir()]
    if missing:
        raise UsageError("usage.theme-not-found", folders=", ".join(missing))
    return (*args.theme, DEFAULT_THEME)
