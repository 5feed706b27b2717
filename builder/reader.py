"""Finding the files of a content tree and reading each one by its kind.

Layout (docs/content-format.md):
  site.yaml
  units/<unit>/unit.yaml | kpis.yaml | agreements/<year>.yaml | results/<year>/<round>.yaml
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from builder.diagnostics import Diagnostics
from builder.loader import Document, load_yaml_file, os_problem
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
    """Read every YAML file under `root`; problems with files and folders go to `diags`."""
    raw = RawContent(root)
    walk = _walk_content(root, diags)
    if not ({("site.yaml",), ("site.yml",)} & (set(walk.files) | walk.refused)):
        diags.error("content.missing-site", Location(display_path(root / "site.yaml"), 1, 1))
    if not walk.unit_folders and ("units",) not in walk.refused:
        diags.error("content.missing-units", Location(display_path(root / "units"), 1, 1))
    first_of: dict[tuple[FileKind, str | None, tuple[str, ...]], str] = {}
    for relative in walk.files:
        file = root.joinpath(*relative)
        placed = classify(relative)
        if placed is None:
            if "evidence" not in relative:
                diags.warning(
                    "content.unexpected-file",
                    Location(display_path(file), 1, 1),
                    expected=EXPECTED_LAYOUT,
                )
            continue
        if placed in first_of:  # unit.yaml and unit.yml: neither may silently win
            diags.error("content.duplicate-file", Location(display_path(file), 1, 1), other=first_of[placed])
            continue
        first_of[placed] = relative[-1]
        kind, unit, stem = placed
        doc = load_yaml_file(file, display_path(file), diags)
        if doc is not None:
            raw.files.append(SourceFile(kind, unit, stem, doc))
    raw.unit_folders = walk.unit_folders
    for name in walk.unit_folders:
        refused = {("units", name, "unit.yaml"), ("units", name, "unit.yml")} & walk.refused
        if ("unit", name, ()) not in first_of and not refused:
            loc = Location(display_path(root / "units" / name), 1, 1)
            diags.error("content.missing-unit-file", loc, unit=name)
    return raw


# -- walking the tree ----------------------------------------------------------------------

Place = Literal["folder", "file", "evidence"]


def expected_place(relative: tuple[str, ...]) -> Place | None:
    """What the layout puts at a path: a folder, a content file, the evidence folder (not
    walked: its files are checked when a result names them), or nothing in particular.

    Folder places are names without a dot (unit ids and years have none), so a README.md
    beside the unit folders is no folder gone wrong."""
    name = relative[-1]
    folder_name = "." not in name
    match relative:
        case ("units",) | ("units", _) | ("units", _, "agreements" | "results") | ("units", _, "results", _):
            return "folder" if folder_name else None
        case ("units", _, "evidence"):
            return "evidence"
    if name.endswith(YAML_SUFFIXES) and classify(relative) is not None:
        return "file"
    return None


@dataclass
class _Walk:
    files: list[tuple[str, ...]] = field(default_factory=list)  # regular YAML files, relative
    unit_folders: list[str] = field(default_factory=list)
    refused: set[tuple[str, ...]] = field(default_factory=set)  # places already reported


def _walk_content(root: Path, diags: Diagnostics) -> _Walk:
    """Every regular YAML file of the tree, in order, without following symbolic links.

    Content files and the folders on the way to them must be real files and folders: a
    symbolic link (which a pull request can commit), a FIFO, a device or a socket in their
    place is an error, as is a file where a folder belongs and a folder that cannot be read.
    """
    walk = _Walk()
    pending: list[tuple[str, ...]] = [()]
    while pending:
        folder = pending.pop()
        entries = _entries(root, folder, diags)
        if entries is None:
            walk.refused.add(folder)
            continue
        for name, mode in reversed(entries):
            relative = (*folder, name)
            place = expected_place(relative)
            if not _fits_place(root, relative, mode, place, diags):
                walk.refused.add(relative)
                continue
            if stat.S_ISDIR(mode):
                if place != "evidence":
                    pending.append(relative)
                if relative[:1] == ("units",) and len(relative) == 2 and place == "folder":
                    walk.unit_folders.append(name)
            elif stat.S_ISREG(mode) and name.endswith(YAML_SUFFIXES):
                walk.files.append(relative)
    walk.files.sort()
    walk.unit_folders.sort()
    return walk


def _entries(root: Path, folder: tuple[str, ...], diags: Diagnostics) -> list[tuple[str, int]] | None:
    """The visible entries of a folder with their types (not following links), by name;
    None (reported) when the folder cannot be read."""
    path = root.joinpath(*folder)
    entries: list[tuple[str, int]] = []
    try:
        with os.scandir(path) as listing:
            for entry in listing:
                if not entry.name.startswith("."):
                    entries.append((entry.name, entry.stat(follow_symlinks=False).st_mode))
    except OSError as exc:
        diags.error("content.unreadable-folder", Location(display_path(path), 1, 1), detail=os_problem(exc))
        return None
    return sorted(entries)


def _fits_place(root: Path, relative: tuple[str, ...], mode: int, place: Place | None, diags: Diagnostics) -> bool:
    """Whether an entry may be read or walked as the layout expects; reports it if not."""
    is_yaml = relative[-1].endswith(YAML_SUFFIXES)
    if place is None and not is_yaml:
        return stat.S_ISDIR(mode) and not stat.S_ISLNK(mode)  # other files are not ours to judge
    loc = Location(display_path(root.joinpath(*relative)), 1, 1)
    if stat.S_ISLNK(mode):
        diags.error("content.symlink", loc)
        return False
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        diags.error("content.special-file", loc)
        return False
    if place == "folder" and not stat.S_ISDIR(mode):
        diags.error("content.not-a-folder", loc, expected=EXPECTED_LAYOUT)
        return False
    if place == "file" and stat.S_ISDIR(mode):
        diags.error("content.not-a-file", loc)
        return False
    return True
