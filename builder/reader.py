"""Finding the files of a content tree and reading each one by its kind.

Layout (docs/content-format.md):
  site.yaml
  units/<unit>/unit.yaml | kpis.yaml | agreements/<year>.yaml | results/<year>/<round>.yaml
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from builder.diagnostics import Diagnostics
from builder.loader import Document, load_yaml_file
from builder.model import Location

FileKind = Literal["site", "unit", "kpis", "agreement", "results"]
YAML_SUFFIXES = (".yaml", ".yml")
EXPECTED_LAYOUT = "units/<unit>/{unit,kpis}.yaml, agreements/<year>.yaml, results/<year>/<round>.yaml"


@dataclass
class SourceFile:
    kind: FileKind
    unit: str | None  # the unit folder it belongs to
    stem: tuple[str, ...]  # name parts that carry meaning: (year,) or (year, round)
    doc: Document


@dataclass
class RawContent:
    """Every readable file of the tree, before any validation."""

    root: Path
    files: list[SourceFile] = field(default_factory=list)
    unit_folders: list[str] = field(default_factory=list)

    def of_kind(self, kind: FileKind) -> list[SourceFile]:
        return [f for f in self.files if f.kind == kind]


def display_path(file: Path) -> str:
    """Paths as a compiler prints them: relative to the working folder when inside it."""
    try:
        return os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return str(file)


def classify(relative: tuple[str, ...]) -> tuple[FileKind, str | None, tuple[str, ...]] | None:
    """The kind of a YAML file from its place in the tree, or None if it has no place."""
    stems = tuple(Path(p).stem if i == len(relative) - 1 else p for i, p in enumerate(relative))
    match stems:
        case ("site",):
            return ("site", None, ())
        case ("units", unit, "unit"):
            return ("unit", unit, ())
        case ("units", unit, "kpis"):
            return ("kpis", unit, ())
        case ("units", unit, "agreements", year):
            return ("agreement", unit, (year,))
        case ("units", unit, "results", year, round_id):
            return ("results", unit, (year, round_id))
    return None


def read_content(root: Path, diags: Diagnostics) -> RawContent:
    """Read every YAML file under `root`; syntax problems go to `diags`."""
    raw = RawContent(root)
    site = root / "site.yaml"
    if not site.is_file():
        diags.error("content.missing-site", Location(display_path(site), 1, 1))
    for file in _yaml_files(root):
        relative = file.relative_to(root).parts
        placed = classify(relative)
        if placed is None:
            if "evidence" not in relative:
                diags.warning(
                    "content.unexpected-file",
                    Location(display_path(file), 1, 1),
                    expected=EXPECTED_LAYOUT,
                )
            continue
        kind, unit, stem = placed
        doc = load_yaml_file(file, display_path(file), diags)
        if doc is not None:
            raw.files.append(SourceFile(kind, unit, stem, doc))
    raw.unit_folders = _unit_folders(root, diags)
    return raw


def _yaml_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder, f) for f in sorted(files) if f.endswith(YAML_SUFFIXES))
    return found


def _unit_folders(root: Path, diags: Diagnostics) -> list[str]:
    units = root / "units"
    if not units.is_dir():
        return []
    folders = sorted(p.name for p in units.iterdir() if p.is_dir() and not p.name.startswith("."))
    for name in folders:
        if not (units / name / "unit.yaml").is_file():
            loc = Location(display_path(units / name), 1, 1)
            diags.error("content.missing-unit-file", loc, unit=name)
    return folders
