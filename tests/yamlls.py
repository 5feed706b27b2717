"""A small Language Server Protocol client for the YAML language server (the one VS Code's
YAML extension runs), installed from npm under tests/node_modules by tests/install-deps.

    with YamlLanguageServer(workspace, schemas={schema_uri: [glob, ...]}) as server:
        diagnostics = server.open(path)          # what the editor underlines
        text = server.hover(path, line, column)  # what it shows on hover (0-based)
        items = server.complete(path, line, column)
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any

SERVER = Path(__file__).resolve().parent / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
TIMEOUT = 30.0


class YamlLanguageServer:
    def __init__(self, workspace: Path, schemas: dict[str, list[str]] | None = None) -> None:
        self.workspace = workspace
        self.settings = {
            "yaml": {
                "schemas": schemas or {},
                "validate": True,
                "hover": True,
                "completion": True,
                "schemaStore": {"enable": False},
                "yamlVersion": "1.2",
            }
        }
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 0
        self.responses: dict[int, queue.Queue[Any]] = {}
        self.diagnostics: dict[str, queue.Queue[list[dict[str, Any]]]] = {}
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def __enter__(self) -> YamlLanguageServer:
        uri = self.workspace.as_uri()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "content"}],
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {"completionItem": {"snippetSupport": True}},
                        "publishDiagnostics": {},
                    },
                },
                "initializationOptions": {},
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()

    # -- what a test asks ----------------------------------------------------------------------

    def open(self, path: Path, text: str | None = None) -> list[dict[str, Any]]:
        """Open a document; the diagnostics the server publishes for it."""
        return self.open_all({path: text or path.read_text("utf-8")})[path]

    def open_all(self, documents: dict[Path, str]) -> dict[Path, list[dict[str, Any]]]:
        """Open documents all at once (the server validates them while the next ones
        arrive); the diagnostics of each."""
        for path, text in documents.items():
            self._diagnostics_of(path.as_uri())
            document = {"uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": text}
            self.notify("textDocument/didOpen", {"textDocument": document})
        return {path: self._diagnostics_of(path.as_uri()).get(timeout=TIMEOUT) for path in documents}

    def hover(self, path: Path, line: int, character: int) -> str:
        result = self.request("textDocument/hover", self._at(path, line, character))
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def complete(self, path: Path, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request("textDocument/completion", self._at(path, line, character))
        return list(result["items"] if isinstance(result, dict) else result or [])

    def _at(self, path: Path, line: int, character: int) -> dict[str, Any]:
        return {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": character}}

    # -- JSON-RPC over stdio --------------------------------------------------------------------

    def request(self, method: str, params: Any) -> Any:
        with self.lock:
            self.next_id += 1
            ident = self.next_id
            self.responses[ident] = queue.Queue()
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        message = self.responses[ident].get(timeout=TIMEOUT)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _diagnostics_of(self, uri: str) -> queue.Queue[list[dict[str, Any]]]:
        with self.lock:
            return self.diagnostics.setdefault(uri, queue.Queue())

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self._handle(json.loads(stream.read(length)))

    def _handle(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" not in message:
            self.responses[message["id"]].put(message)
        elif message.get("method") == "textDocument/publishDiagnostics":
            self._diagnostics_of(message["params"]["uri"]).put(message["params"]["diagnostics"])
        elif "id" in message:  # a request from the server: settings, capabilities
            result: Any = None
            if message["method"] == "workspace/configuration":
                result = [self.settings.get(item.get("section", ""), None) for item in message["params"]["items"]]
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
