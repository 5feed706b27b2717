"""Finding the files of a content tree and reading each one by its kind.

Layout (docs/content-format.md):
  site.yaml, plans.yaml, calendar/<year>.yaml
  units/<unit>/unit.yaml | kpis.yaml | agreements/<year>.yaml | results/<year>/<round>.yaml
               | initiatives/<year>.yaml

The tree is a `builder.tree.ContentTree`: a folder on disk, or a git revision read by the
git adapter. Both are walked and read here, with the same rules and limits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from builder.diagnostics import Diagnostic, Diagnostics
from builder.document import Document
from builder.loader import MAX_FILE_BYTES, parse_bytes
from builder.model import Location
from builder.tree import ContentTree, Entry, FileTooLarge, FolderTree, Rel, TreeError

FileKind = Literal["site", "unit", "kpis", "agreement", "results", "closure", "calendar", "plans", "initiatives"]
YAML_SUFFIXES = (".yaml", ".yml")
EXPECTED_LAYOUT = (
    "site.yaml, plans.yaml, calendar/<year>.yaml, units/<unit>/{unit,kpis}.yaml, agreements/<year>.yaml, "
    "results/<year>/<round>.yaml, initiatives/<year>.yaml, closed/<year>/<round>.yaml"
)


@dataclass
class SourceFile:
    kind: FileKind
    unit: str | None  # the unit folder it belongs to
    stem: tuple[str, ...]  # name parts that carry meaning: (year,) or (year, round)
    doc: Document
    relative: Rel = ()  # where it is in the tree


_Key = tuple[str, bytes]  # the path a file is shown as, the hash of its bytes


@dataclass
class ParseCache:
    """Files already parsed in this run, by the path they are shown as and their bytes:
    two versions of a tree (a diff) share most files, and each is parsed once. A file
    whose tree vouches that it is unchanged (`ContentTree.version`) is not read again."""

    documents: dict[_Key, tuple[Document | None, tuple[Diagnostic, ...]]] = field(default_factory=dict)
    used: set[_Key] = field(default_factory=set)  # since `forget_unused`
    versions: dict[str, tuple[Hashable, _Key]] = field(default_factory=dict)  # shown path -> (version, bytes read)

    def load(self, shown: str, data: bytes, diags: Diagnostics, version: Hashable | None = None) -> Document | None:
        """The file parsed from `data`, read when the tree gave it `version`."""
        key = (shown, hashlib.sha256(data).digest())
        if key not in self.documents:
            found = Diagnostics()
            self.documents[key] = (parse_bytes(data, shown, found), tuple(found.items))
        if version is not None:
            self.versions[shown] = (version, key)
        return self._use(key, diags)

    def holds(self, shown: str, version: Hashable | None) -> bool:
        """Whether the file was parsed when it had this version (then `held` gives it)."""
        held = self.versions.get(shown)
        return version is not None and held is not None and held[0] == version and held[1] in self.documents

    def held(self, shown: str, diags: Diagnostics) -> Document | None:
        return self._use(self.versions[shown][1], diags)

    def _use(self, key: _Key, diags: Diagnostics) -> Document | None:
        self.used.add(key)
        doc, problems = self.documents[key]
        diags.extend(problems)
        return doc

    def forget_unused(self) -> None:
        """Keep only the files read since the last call (`kpibook serve` keeps one cache
        for its whole run: an edited file's earlier versions are not kept)."""
        self.documents = {key: found for key, found in self.documents.items() if key in self.used}
        self.versions = {shown: held for shown, held in self.versions.items() if held[1] in self.used}
        self.used = set()


@dataclass
class RawContent:
    """Every readable file of the tree, before any validation."""

    root: Path
    tree: ContentTree
    files: list[SourceFile] = field(default_factory=list)
    unit_folders: list[str] = field(default_factory=list)

    def of_kind(self, kind: FileKind) -> list[SourceFile]:
        return [f for f in self.files if f.kind == kind]


def classify(relative: tuple[str, ...]) -> tuple[FileKind, str | None, tuple[str, ...]] | None:
    """The kind of a YAML file from its place in the tree, or None if it has no place."""
    stems = (*relative[:-1], _stem(relative[-1])) if relative else ()
    match stems:
        case ("site",):
            return ("site", None, ())
        case ("plans",):
            return ("plans", None, ())
        case ("calendar", year):
            return ("calendar", None, (year,))
        case ("units", unit, "unit"):
            return ("unit", unit, ())
        case ("units", unit, "kpis"):
            return ("kpis", unit, ())
        case ("units", unit, "agreements", year):
            return ("agreement", unit, (year,))
        case ("units", unit, "results", year, round_id):
            return ("results", unit, (year, round_id))
        case ("closed", year, round_id):
            return ("closure", None, (year, round_id))
        case ("units", unit, "initiatives", year):
            return ("initiatives", unit, (year,))
    return None


def read_content(
    source: Path | ContentTree,
    diags: Diagnostics,
    only_units: Collection[str] | None = None,
    parsed: ParseCache | None = None,
) -> RawContent:
    """Read every YAML file of a tree (a folder, or any `ContentTree`); problems with files
    and folders go to `diags`. With `only_units`, only those unit folders are read (and
    site.yaml): a part of the tree, for a command that needs no more."""
    tree = FolderTree(source) if isinstance(source, Path) else source
    root = tree.folder
    raw = RawContent(root, tree)
    walk = _walk_content(tree, diags, only_units)
    if not ({("site.yaml",), ("site.yml",)} & (set(walk.files) | walk.refused)):
        diags.error("content.missing-site", Location(tree.shown(("site.yaml",)), 1, 1))
    if only_units is None and not walk.unit_folders and ("units",) not in walk.refused:
        diags.error("content.missing-units", Location(tree.shown(("units",)), 1, 1))
    first_of: dict[tuple[FileKind, str | None, tuple[str, ...]], str] = {}
    for relative in walk.files:
        placed = classify(relative)
        if placed is None:
            if "evidence" not in relative:
                diags.warning(
                    "content.unexpected-file",
                    Location(tree.shown(relative), 1, 1),
                    expected=EXPECTED_LAYOUT,
                )
            continue
        if placed in first_of:  # unit.yaml and unit.yml: neither may silently win
            diags.error("content.duplicate-file", Location(tree.shown(relative), 1, 1), other=first_of[placed])
            continue
        first_of[placed] = relative[-1]
        kind, unit, stem = placed
        doc = load_document(tree, relative, diags, parsed)
        if doc is not None:
            raw.files.append(SourceFile(kind, unit, stem, doc, relative))
    raw.unit_folders = walk.unit_folders
    for name in walk.unit_folders:
        refused = {("units", name, "unit.yaml"), ("units", name, "unit.yml")} & walk.refused
        if ("unit", name, ()) not in first_of and not refused:
            loc = Location(tree.shown(("units", name)), 1, 1)
            diags.error("content.missing-unit-file", loc, unit=name)
    return raw


def load_document(
    tree: ContentTree, relative: Rel, diags: Diagnostics, parsed: ParseCache | None = None
) -> Document | None:
    """Read (within the size limit), decode and parse one file of the tree; with
    `parsed`, a file the tree vouches unchanged is taken as parsed before, unread."""
    shown = tree.shown(relative)
    version = tree.version(relative) if parsed is not None else None
    if parsed is not None and parsed.holds(shown, version):
        return parsed.held(shown, diags)
    try:
        data = tree.read(relative, MAX_FILE_BYTES)
    except FileTooLarge as big:
        diags.error("yaml.too-large", Location(shown, 1, 1), size=big.size, limit=MAX_FILE_BYTES)
        return None
    except TreeError as exc:
        diags.error("yaml.unreadable", Location(shown, 1, 1), detail=exc.detail)
        return None
    return parsed.load(shown, data, diags, version) if parsed is not None else parse_bytes(data, shown, diags)


def _stem(name: str) -> str:
    """`Path(name).stem`, without making a Path for every file of a large tree."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


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
        case (
            ("units",)
            | ("calendar",)
            | ("units", _)
            | ("units", _, "agreements" | "results" | "initiatives")
            | ("units", _, "results", _)
        ):
            return "folder" if folder_name else None
        case ("closed",) | ("closed", _):
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


def _walk_content(tree: ContentTree, diags: Diagnostics, only_units: Collection[str] | None) -> _Walk:
    """Every regular YAML file of the tree, in order, without following symbolic links.

    Content files and the folders on the way to them must be real files and folders: a
    symbolic link (which a pull request can commit), a FIFO, a device, a socket or a git
    submodule in their place is an error, as is a file where a folder belongs and a folder
    that cannot be read.
    """
    walk = _Walk()
    pending: list[Rel] = [()]
    while pending:
        folder = pending.pop()
        entries = _entries(tree, folder, diags)
        if entries is None:
            walk.refused.add(folder)
            continue
        if folder == ("units",) and only_units is not None:
            entries = [e for e in entries if e.name in only_units]
        for entry in reversed(entries):
            relative = (*folder, entry.name)
            place = expected_place(relative)
            if not _fits_place(tree, relative, entry, place, diags):
                walk.refused.add(relative)
                continue
            if entry.kind == "folder":
                if place != "evidence":
                    pending.append(relative)
                if relative[:1] == ("units",) and len(relative) == 2 and place == "folder":
                    walk.unit_folders.append(entry.name)
            elif entry.kind == "file" and entry.name.endswith(YAML_SUFFIXES):
                walk.files.append(relative)
    walk.files.sort()
    walk.unit_folders.sort()
    return walk


def _entries(tree: ContentTree, folder: Rel, diags: Diagnostics) -> list[Entry] | None:
    """The visible entries of a folder, by name; None (reported) when it cannot be read."""
    try:
        return tree.entries(folder)
    except TreeError as exc:
        diags.error("content.unreadable-folder", Location(tree.shown(folder), 1, 1), detail=exc.detail)
        return None


def _fits_place(tree: ContentTree, relative: Rel, entry: Entry, place: Place | None, diags: Diagnostics) -> bool:
    """Whether an entry may be read or walked as the layout expects; reports it if not."""
    is_yaml = relative[-1].endswith(YAML_SUFFIXES)
    if place is None and not is_yaml:
        return entry.kind == "folder"  # other files are not ours to judge
    loc = Location(tree.shown(relative), 1, 1)
    if entry.kind == "symlink":
        diags.error("content.symlink", loc)
        return False
    if entry.kind == "submodule":
        diags.error("content.submodule", loc)
        return False
    if entry.kind == "special":
        diags.error("content.special-file", loc)
        return False
    if place == "folder" and entry.kind != "folder":
        diags.error("content.not-a-folder", loc, expected=EXPECTED_LAYOUT)
        return False
    if place == "file" and entry.kind == "folder":
        diags.error("content.not-a-file", loc)
        return False
    return True
