"""`kpibook diff BASE [HEAD]`: what a change does to the content, by unit, with its score
impact, as text, Markdown (a pull-request comment) or JSON.

BASE and HEAD are git revisions of the repository holding the content folder, or content
folders; HEAD defaults to the working tree. Revisions are read through git, never checked
out. Exit status: 0 the report was written (problems the change introduces are in it;
`kpibook check` is what fails a pull request); 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from builder.commands.common import EXIT_OK, add_content_options, project_of
from builder.diff import diff_sides
from builder.diff.jsonout import render_json
from builder.diff.markdown import render_markdown
from builder.diff.sides import open_side
from builder.diff.text import render_text
from builder.gitrepo import Repository

RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("diff", help="help.diff", description="help.diff.description")
    add_content_options(parser)
    parser.add_argument("base", metavar="BASE", help="help.diff.base")
    parser.add_argument("head", metavar="HEAD", nargs="?", help="help.diff.head")
    parser.add_argument("--format", choices=tuple(RENDERERS), default="text", help="help.diff.format")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project = project_of(args)
    repo = Repository.around(project.content)
    base = open_side(args.base, project.content, repo)
    try:
        head = open_side(args.head, project.content, repo)
        try:
            report = diff_sides(base, head, args.today or dt.date.today())
        finally:
            head.close()
    finally:
        base.close()
    print(RENDERERS[args.format](report, args.lang or args.ui_lang), end="" if args.format != "text" else "\n")
    return EXIT_OK
