"""The project a command works on, found from the current folder.

A project is a folder holding `content/site.yaml`, or a `kpibook.toml` that names its
content and output folders:

    # kpibook.toml
    content = "content"   # default
    output = "output"     # default

Commands walk up from the current folder to the nearest project, so `kpibook build` works
from anywhere inside an office's repository and writes into that repository's `output/`.
`--content DIR` names the content folder directly; its project is the folder above it.
Outside any project a command stops with a usage error that says how to start one.
A build never writes into the installed tool, over the content, or over the project.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from builder.diagnostics import UsageError
from builder.resources import PACKAGE_DIR

PROJECT_FILE = "kpibook.toml"
SETTINGS = {"content": "content", "output": "output"}


@dataclass(frozen=True)
class Project:
    root: Path
    content: Path
    out: Path


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a project."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file() or (folder / "content" / "site.yaml").is_file():
            return folder
    return None


def locate(content: Path | None = None, out: Path | None = None, cwd: Path | None = None) -> Project:
    """The project for a run: from `--content`/`--out` where given, else from `cwd`."""
    if content is not None:
        if not content.is_dir():
            raise UsageError("usage.content-not-found", folder=content)
        root = content.resolve().parent
        settings = read_settings(root)
    else:
        here = (cwd or Path.cwd()).resolve()
        found = find_root(here)
        if found is None:
            raise UsageError("usage.no-project", folder=here)
        root = found
        settings = read_settings(root)
        content = root / settings["content"]
        if not content.is_dir():
            raise UsageError("usage.content-not-found", folder=content)
    project = Project(root, content, out if out is not None else root / settings["output"])
    refuse_unsafe_output(project)
    return project


def read_settings(root: Path) -> dict[str, str]:
    """`kpibook.toml` of `root`, with defaults for what it leaves out."""
    file = root / PROJECT_FILE
    if not file.is_file():
        return dict(SETTINGS)
    try:
        data = tomllib.loads(file.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError("usage.project-file-syntax", file=file, detail=exc) from None
    settings = dict(SETTINGS)
    for key, value in data.items():
        if key not in SETTINGS:
            raise UsageError("usage.project-file-key", file=file, key=key, known=", ".join(SETTINGS))
        # the file comes with the content, which is untrusted: its folders stay inside
        if not isinstance(value, str) or not _inside(value):
            raise UsageError("usage.project-file-path", file=file, key=key, value=repr(value))
        settings[key] = value
    return settings


def _inside(relative: str) -> bool:
    path = PurePosixPath(relative.replace("\\", "/"))
    return bool(relative) and not path.is_absolute() and ".." not in path.parts and ":" not in relative


def refuse_unsafe_output(project: Project) -> None:
    """A build replaces its output folder whole, so that folder must be its own."""
    out = project.out.resolve()
    if _within(out, PACKAGE_DIR) or _within(PACKAGE_DIR, out):
        raise UsageError("usage.out-in-tool", out=project.out)
    if _within(project.root.resolve(), out):
        raise UsageError("usage.out-over-project", out=project.out)
    content = project.content.resolve()
    if _within(content, out) or _within(out, content):
        raise UsageError("usage.out-over-content", out=project.out)


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
