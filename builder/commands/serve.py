"""`kpibook serve [--port N] [--host H] [--pdf]`: preview the site while editing.

Builds the site into `.kpibook-cache/serve/` of the project (the project's `output/` is
left alone), serves it on 127.0.0.1, and rebuilds when the content or a theme changes:
only the pages the change touches (`builder/site/incremental.py`). Open pages reload by
themselves; the current diagnostics are printed in the terminal and shown as a banner on
every page. PDFs are off unless `--pdf` is given. Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path
from typing import Any

from builder.catalogue import default_catalogue
from builder.commands.common import EXIT_OK, add_content_options, project_of, themes_of
from builder.diagnostics import ContentError, Diagnostics, UsageError, format_report, summary_of_counts
from builder.options import BuildOptions, today
from builder.pipeline import SiteState, build_all, rebuild
from builder.reader import ParseCache
from builder.serve import LiveSite, start_server, watch


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help="help.serve", description="help.serve.description")
    add_content_options(parser)
    parser.add_argument("--port", type=int, default=8000, metavar="N", help="help.serve.port")
    parser.add_argument("--host", default="127.0.0.1", metavar="HOST", help="help.serve.host")
    parser.add_argument("--pdf", action="store_true", help="help.serve.pdf")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    project = project_of(args)
    out = project.root / ".kpibook-cache" / "serve"
    options = BuildOptions(
        content=project.content,
        out=out,
        lang=args.lang,
        today=args.today or today(),
        themes=themes_of(args),
        pdf=args.pdf,
    )
    preview = Preview(options, LiveSite(out), args.ui_lang)
    preview.build(full=True)
    out.mkdir(parents=True, exist_ok=True)
    try:
        server = start_server(preview.site, args.host, args.port, preview.heading)
    except OSError as exc:
        raise UsageError("usage.serve-port", host=args.host, port=args.port, detail=exc.strerror or exc) from None
    host, port = str(server.server_address[0]), server.server_address[1]
    print(default_catalogue().text("run.serving", args.ui_lang, url=f"http://{host}:{port}/"), flush=True)
    stop = threading.Event()
    try:
        watch((project.content, *options.themes), preview.changed, stop)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
    return EXIT_OK


class Preview:
    """The site being previewed: what it was last built from, rebuilt on each change."""

    def __init__(self, options: BuildOptions, site: LiveSite, lang: str) -> None:
        self.options, self.site, self.lang = options, site, lang
        self.state: SiteState | None = None

    def changed(self, paths: set[Path]) -> None:
        content = self.options.content.resolve()
        # an editor's or sed's temporary file that is gone again changed nothing
        real = {p for p in paths if p.suffix == ".yaml" or p.exists()}
        if not real:
            return
        only_content_yaml = all(p.suffix == ".yaml" and p.resolve().is_relative_to(content) for p in real)
        self.build(full=not only_content_yaml, paths=paths)

    def build(self, full: bool, paths: set[Path] | None = None) -> None:
        """A full build, or a rebuild after a change to the `paths` the watcher reported
        (every path it reported, temporary files that are gone again included: a folder
        listed while one was there is listed again)."""
        started = time.perf_counter()
        try:
            if full or self.state is None:
                # the files as parsed are kept: a rebuild parses only what changed
                self.state, diags = build_all(self.options, parsed=ParseCache())
                built, counts = "run.serve-built-all", {}
            else:
                self.state, diags, update = rebuild(self.options, self.state, paths)
                built, counts = "run.serve-built-pages", {"pages": update.pages, "units": len(update.units)}
            lang = self.options.lang or self.state.content.site.language
            self.report(diags, lang, default_catalogue().text(built, lang, seconds=_since(started), **counts))
        except ContentError as exc:
            self.report(
                exc.diagnostics,
                exc.lang or self.lang,
                default_catalogue().text("run.serve-kept", exc.lang or self.lang),
            )

    def report(self, diags: Diagnostics, lang: str, summary: str) -> None:
        lines = [d.format(lang) for d in diags]
        self.site.publish(lines, len(diags.errors), len(diags.warnings))
        if lines:
            print(format_report(diags, "text", lang), file=sys.stderr)
        print(summary, file=sys.stderr, flush=True)
        self.lang = lang

    def heading(self, status: dict[str, Any]) -> str:
        summary = summary_of_counts(status["errors"], status["warnings"], self.lang)
        return default_catalogue().text(
            "run.serve-banner-errors" if status["errors"] else "run.serve-banner", self.lang, summary=summary
        )


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.2f}"
