"""The `kpibook` command (also `python -m builder` and `python build.py` in a checkout).

This module only lists the commands, one module each in `builder/commands/`, and runs the
one asked for. Help and usage errors come in `--lang`, else the site's language, else the
locale's. Exit status: 0 clean, 1 content errors (or warnings with --strict), 2 usage
errors. Content problems never show a traceback; a closed pipe (`kpibook check | head`)
ends quietly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from builder.catalogue import CatalogueError, default_catalogue
from builder.commands import build, check, close_round, diff, init, new, score, serve, sheet, status
from builder.commands.common import EXIT_USAGE
from builder.commands.language import ui_language
from builder.commands.parser import PROG, KpibookParser, argparse_language, make_parser
from builder.diagnostics import UsageError

COMMANDS = (init, new, check, build, serve, score, status, diff, close_round, sheet)
DEFAULT_COMMAND = "build"


def make_cli(lang: str) -> KpibookParser:
    parser = make_parser(lang)
    subparsers = parser.add_subparsers(dest="command", title="help.commands", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = ui_language(argv)
    try:
        with argparse_language(lang):
            args = make_cli(lang).parse_args(_with_command(argv))
    except SystemExit as exc:  # argparse has printed the help or the usage error
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    args.ui_lang = lang
    try:
        status: int = args.run(args)
        sys.stdout.flush()
        return status
    except UsageError as exc:
        print(default_catalogue().text("usage.prefix", lang, prog=PROG, message=exc.message(lang)), file=sys.stderr)
        return EXIT_USAGE
    except CatalogueError as exc:  # a theme's words cannot be used
        print(default_catalogue().text("usage.prefix", lang, prog=PROG, message=str(exc)), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return _closed_pipe()


def _with_command(argv: list[str]) -> list[str]:
    """`kpibook` alone, or with build options only, means `kpibook build`."""
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        return [DEFAULT_COMMAND, *argv]
    return argv


def _closed_pipe() -> int:
    # the reader went away (`kpibook check | head`): nothing more to say, and Python must
    # not complain when it flushes stdout on exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141  # as if ended by SIGPIPE, like other tools in a pipeline
