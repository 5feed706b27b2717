"""`kpibook sheet in`: a filled workbook (or CSV file) becomes results files, all or nothing.

1. the content is read and checked as it is;
2. the workbook is read into rows, each value checked at its cell;
3. each round's results file of each unit is updated in memory (`yaml_update`);
4. the whole content is checked again as it would be with those files (an overlay: the
   files are read from memory, nothing is written; files unchanged are not parsed
   again), and every diagnostic about a value that came from the workbook is moved to
   that value's cell;
5. only when no step found an error are the files written, each through a temporary
   file, all of them renamed into place one after the other at the end; a write cut
   short by the file system is undone.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder.diagnostics import Diagnostic, Diagnostics
from builder.document import Document
from builder.loader import parse_yaml
from builder.model import Content, Location
from builder.options import BuildOptions
from builder.output import written_beside
from builder.pipeline import check_tree
from builder.reader import ParseCache
from builder.sheets.entries import Entry, Headers, entries_of
from builder.sheets.workbook import read_tables
from builder.sheets.yaml_update import changes_anything, results_file, updated_text
from builder.tree import FolderTree, OverlayTree, display_path


@dataclass(frozen=True)
class Written:
    path: Path
    results: int  # results added or changed in it
    new: bool


@dataclass
class ImportReport:
    diagnostics: Diagnostics
    written: list[Written] = field(default_factory=list)
    content: Content | None = None


@dataclass(frozen=True)
class _Change:
    path: Path
    relative: tuple[str, ...]
    text: str
    results: int
    new: bool
    entries: tuple[Entry, ...]


def import_workbook(source: Path, options: BuildOptions, headers: Headers) -> ImportReport:
    """Read `source`, update the results files it fills, check, write only if clean."""
    folder, parsed = FolderTree(options.content), ParseCache()  # the second check parses only the new files
    before = check_tree(folder, options.today, options.themes, parsed=parsed)
    if before.content is None:
        return ImportReport(before.diagnostics)
    content = before.content
    diags = Diagnostics()
    tables = read_tables(source, display_path(source), diags)
    entries = entries_of(tables, headers, content, diags)
    changes = planned_changes(content, options.content, entries)
    overlay = OverlayTree(folder, {c.relative: c.text.encode("utf-8") for c in changes})
    after = check_tree(overlay, options.today, options.themes, parsed=parsed)
    diags.extend(moved_to_cells(after.diagnostics, changes))
    if diags.has_errors():
        return ImportReport(diags, content=after.content or content)
    write_all(options.content, changes)
    written = [Written(c.path, c.results, c.new) for c in changes]
    return ImportReport(diags, written, after.content)


def planned_changes(content: Content, root: Path, entries: list[Entry]) -> list[_Change]:
    """Each results file the entries change, with its new text."""
    grouped: dict[tuple[str, int, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        grouped[(entry.unit, entry.year, entry.round)].append(entry)
    changes = []
    for (unit_id, year, round_id), group in sorted(grouped.items()):
        if not changes_anything(content.results.get((unit_id, year, round_id)), group, content.site.language):
            continue
        file = results_file(root, content.units[unit_id].folder, year, round_id)
        existing = file.read_text("utf-8-sig") if file.is_file() else None
        updated = updated_text(existing, year, round_id, group, content.site.language)
        if updated is not None:
            text, count = updated
            relative = file.relative_to(root).parts
            changes.append(_Change(file, relative, text, count, existing is None, tuple(group)))
    return changes


def moved_to_cells(diagnostics: Diagnostics, changes: list[_Change]) -> list[Diagnostic]:
    """Diagnostics about values that came from the workbook, located at their cells."""
    cells: dict[tuple[str, int, int], Location] = {}
    for change in changes:
        cells.update(_cells_of(change))
    moved = []
    for d in diagnostics.items:
        cell = cells.get((d.loc.path, d.loc.line, d.loc.column))
        moved.append(replace(d, loc=cell) if cell is not None else d)
    return moved


def _cells_of(change: _Change) -> dict[tuple[str, int, int], Location]:
    """(file, line, column) of each value in the new text -> the cell it came from."""
    doc = parse_yaml(change.text, display_path(change.path), Diagnostics())
    if doc is None or not isinstance(doc.data, dict):
        return {}
    by_kpi = {e.kpi: e for e in change.entries}
    found: dict[tuple[str, int, int], Location] = {}
    results = doc.data.get("results") if isinstance(doc.data.get("results"), list) else []
    for index, result in enumerate(results or []):
        entry = by_kpi.get(str(result.get("kpi"))) if isinstance(result, dict) else None
        if entry is not None:
            found.update(_entry_cells(doc, index, entry))
    dated = [e for e in change.entries if "reported_on" in e.locs]
    dated_mark = doc.mark_at(("reported_on",))
    if dated and dated_mark is not None:
        latest = max(dated, key=lambda e: e.values["reported_on"])
        found[(doc.path, *dated_mark)] = latest.locs["reported_on"]
    return found


def _entry_cells(doc: Document, index: int, entry: Entry) -> dict[tuple[str, int, int], Location]:
    """The result's own place and its KPI go to the row's KPI cell; each value the
    workbook gave (evidence: every file of it) to its cell; values it did not give stay
    where they are in the file."""
    found = {}
    for path, (line, column) in doc.marks_under(("results", index)):
        name = str(path[2]) if len(path) > 2 else "kpi"
        cell = entry.loc if name == "kpi" else entry.locs.get(name)
        if cell is not None:
            found[(doc.path, line, column)] = cell
    return found


def write_all(root: Path, changes: list[_Change]) -> None:
    """Stage every file beside its target, then rename each into place. A failure at any
    step (a full disk, a folder that cannot be written) puts everything back as it was:
    staged files removed, files already renamed into place given their earlier text
    again (new ones removed), folders made for new files removed; then it is raised."""
    made: list[Path] = []  # folders made here, parents first
    staged: list[tuple[Path, Path, bytes | None]] = []  # temporary file, target, its earlier bytes
    done: list[tuple[Path, bytes | None]] = []
    try:
        for change in changes:
            made.extend(_make_folder(change.path.parent, root))
            earlier = change.path.read_bytes() if change.path.is_file() else None
            staged.append((_staged(change.path, change.text.encode("utf-8")), change.path, earlier))
        for temp, target, earlier in staged:
            os.replace(temp, target)
            done.append((target, earlier))
    except BaseException:
        _put_back(staged, done, made)
        raise


def _make_folder(folder: Path, root: Path) -> list[Path]:
    """Make `folder` (inside `root`) and the parents it lacks; the ones made, parents first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists() and p.is_relative_to(root)]
    folder.mkdir(parents=True, exist_ok=True)
    if not folder.resolve().is_relative_to(root.resolve()):  # checked already; never write out of the tree
        raise OSError(errno.EPERM, "outside the content folder", str(folder))
    return list(reversed(missing))


def _staged(target: Path, data: bytes) -> Path:
    return written_beside(target, lambda handle: handle.write(data))


def _put_back(
    staged: list[tuple[Path, Path, bytes | None]], done: list[tuple[Path, bytes | None]], made: list[Path]
) -> None:
    """Undo a write cut short, as far as the file system lets it (best effort: the error
    that stopped the write is the one reported)."""
    for temp, _target, _earlier in staged:
        temp.unlink(missing_ok=True)
    for target, earlier in reversed(done):
        with contextlib.suppress(OSError):
            if earlier is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(_staged(target, earlier), target)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()
