"""The preview server behind `kpibook serve`: an HTTP server for the built site and a
watcher that rebuilds it when the content or a theme changes.

- Only files inside the output folder are served: the path is decoded once, `.` and `..`
  segments, backslashes and NUL are refused, and the resolved file must lie inside the
  output (a symbolic link out of it is refused too). Anything else is a 404.
- Each HTML page is served with a small script that asks `/__kpibook/status` every
  second and reloads when the site was rebuilt, and with a banner listing the current
  diagnostics (escaped: they quote content). The files on disk stay as `build` writes them.
- watchfiles (Rust `notify`) reports changes; a change to a YAML file of the content
  rebuilds only the pages it touches (`builder.pipeline.rebuild`), anything else (a
  theme, evidence) the whole site. Content with errors keeps the last good site served.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import watchfiles

STATUS_PATH = "/__kpibook/status"
BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
RELOAD_SCRIPT = """<script>(function(){var g=%d;setInterval(function(){fetch("%s").then(function(r){return r.json()})
.then(function(s){if(s.generation!==g){location.reload()}}).catch(function(){})},1000)})()</script>"""
BANNER_STYLE = (
    "position:sticky;top:0;z-index:9999;margin:0;padding:.5em 1em;background:#fff3cd;color:#3d2c00;"
    "border-bottom:2px solid #c99a00;font:14px/1.4 sans-serif;white-space:pre-wrap;max-height:40vh;overflow:auto"
)


@dataclass
class LiveSite:
    """What the server shows: the output folder, the build generation and the current
    diagnostics (text lines); shared between the watcher and the request threads."""

    out: Path
    generation: int = 0
    lines: list[str] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, lines: list[str], errors: int, warnings: int) -> None:
        with self.lock:
            self.generation += 1
            self.lines, self.errors, self.warnings = lines, errors, warnings

    def status(self) -> dict[str, Any]:
        with self.lock:
            return {
                "generation": self.generation,
                "errors": self.errors,
                "warnings": self.warnings,
                "diagnostics": list(self.lines),
            }


def resolve(out: Path, url: str) -> Path | None:
    """The file a URL names inside `out`, or None (404)."""
    decoded = urllib.parse.unquote(urllib.parse.urlsplit(url).path, errors="strict")
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part]
    if any(part in (".", "..") for part in parts):
        return None
    root = out.resolve()
    target = root.joinpath(*parts).resolve()
    if not target.is_relative_to(root):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def banner(status: dict[str, Any], heading: str) -> str:
    if not status["diagnostics"]:
        return ""
    body = "\n".join(html.escape(line) for line in status["diagnostics"])
    head = f"<b>{html.escape(heading)}</b>"
    return f'<pre id="kpibook-diagnostics" role="status" style="{BANNER_STYLE}">{head}\n{body}</pre>'


def live_page(page: bytes, status: dict[str, Any], heading: Callable[[dict[str, Any]], str]) -> bytes:
    """A built page as served: the diagnostics banner at the top of its body, the reload
    script at the end."""
    text = page.decode("utf-8", errors="replace")
    body = BODY.search(text)
    if body is not None and status["diagnostics"]:
        text = text[: body.end()] + banner(status, heading(status)) + text[body.end() :]
    script = RELOAD_SCRIPT % (status["generation"], STATUS_PATH)
    end = text.rfind("</body>")
    text = text[:end] + script + text[end:] if end >= 0 else text + script
    return text.encode("utf-8")


def make_handler(site: LiveSite, heading: Callable[[dict[str, Any]], str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "kpibook"

        def do_GET(self) -> None:
            self._respond(with_body=True)

        def do_HEAD(self) -> None:
            self._respond(with_body=False)

        def _respond(self, with_body: bool) -> None:
            if self.path.split("?")[0] == STATUS_PATH:
                self._send(200, "application/json", json.dumps(site.status(), ensure_ascii=False).encode(), with_body)
                return
            try:
                file = resolve(site.out, self.path)
            except UnicodeDecodeError:
                file = None
            if file is None:
                self._send(404, "text/plain; charset=utf-8", b"404 not found\n", with_body)
                return
            data = file.read_bytes()
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind == "text/html":
                data = live_page(data, site.status(), heading)
                kind = "text/html; charset=utf-8"
            self._send(200, kind, data, with_body)

        def _send(self, code: int, kind: str, data: bytes, with_body: bool) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if with_body:
                self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal shows builds
            pass

    return Handler


def start_server(site: LiveSite, host: str, port: int, heading: Callable[[dict[str, Any]], str]) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), make_handler(site, heading))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="kpibook-http", daemon=True).start()
    return server


def watch(folders: Iterable[Path], on_change: Callable[[set[Path]], None], stop: threading.Event) -> None:
    """Call `on_change` with the changed paths, batched, until `stop` is set."""
    existing = [str(f) for f in folders if f.exists()]
    for changes in watchfiles.watch(*existing, stop_event=stop, debounce=200, step=50, raise_interrupt=False):
        on_change({Path(path) for _, path in changes})
