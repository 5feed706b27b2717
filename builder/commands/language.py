"""The language a run speaks before any content is read: `--lang`, else the first language
of the project's site.yaml, else the locale's (Thai for th_*), else English."""

from __future__ import annotations

import locale
import os
from collections.abc import Sequence
from pathlib import Path

from builder.diagnostics import Diagnostics, UsageError
from builder.loader import load_yaml_file
from builder.project import locate

LANGUAGES = ("th", "en")


def ui_language(argv: Sequence[str], cwd: Path | None = None) -> str:
    return _flag(argv, "--lang") or _site_language(argv, cwd) or locale_language()


def _flag(argv: Sequence[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(name + "="):
            value = arg.split("=", 1)[1]
        else:
            continue
        return value if value in LANGUAGES else None
    return None


def _site_language(argv: Sequence[str], cwd: Path | None) -> str | None:
    content = _flag_path(argv, "--content")
    try:
        project = locate(content, None, cwd)
    except UsageError:
        return None
    # the loader bounds size and aliases: site.yaml is untrusted like all content
    doc = load_yaml_file(project.content / "site.yaml", "site.yaml", Diagnostics())
    languages = doc.data.get("languages") if doc is not None and isinstance(doc.data, dict) else None
    first = languages[0] if isinstance(languages, list) and languages else "th" if doc is not None else None
    return first if first in LANGUAGES else None


def _flag_path(argv: Sequence[str], name: str) -> Path | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith(name + "="):
            return Path(arg.split("=", 1)[1])
    return None


def locale_language() -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "th" if value.lower().startswith("th") else "en"
    code = locale.getlocale()[0] or ""
    return "th" if code.lower().startswith("th") else "en"
