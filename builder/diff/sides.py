"""The two sides of a diff: a git revision of the project's repository, the working tree's
content folder, or any other content folder; and a fingerprint of every file on each, so
the files that changed are known before any is parsed.

A YAML file's fingerprint is its git object id (for a folder, computed from its bytes the
way git computes it), so an unchanged file is recognised across a revision and the working
tree without being read twice. Other files (evidence) count only by being there: their
bytes are not part of the content model.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from builder.diagnostics import UsageError
from builder.gitrepo import GitError, GitTree, Repository
from builder.loader import MAX_FILE_BYTES
from builder.reader import YAML_SUFFIXES
from builder.tree import ContentTree, FolderTree, Rel


@dataclass
class Side:
    """One side of a diff: what to call it, the tree to read, and its files' fingerprints."""

    label: str  # as the report names it: a revision as given, "working tree", a folder
    tree: ContentTree
    commit: str | None = None  # the commit a revision resolved to
    fingerprints: dict[Rel, str] = field(default_factory=dict)

    def prefetch(self, units: set[str] | None) -> None:
        """Read the YAML files of `units` (all: None) from git in one call."""
        if not isinstance(self.tree, GitTree):
            return
        self.tree.prefetch(
            (
                rel
                for rel in self.fingerprints
                if rel[-1].endswith(YAML_SUFFIXES)
                and (len(rel) == 1 or (rel[0] == "units" and (units is None or rel[1] in units)))
            ),
            MAX_FILE_BYTES,
        )

    def prefetch_files(self, files: list[Rel]) -> None:
        if isinstance(self.tree, GitTree):
            self.tree.prefetch(files, MAX_FILE_BYTES)

    def close(self) -> None:
        if isinstance(self.tree, GitTree):
            self.tree.close()


def open_side(spec: str | None, content: Path, repo: Repository | None) -> Side:
    """`spec` is a git revision of the repository holding `content`, a content folder (or
    a project folder holding `content/`), or None for the working tree's content folder."""
    if spec is None:
        return _folder_side("working tree", content, repo)
    folder = Path(spec)
    if folder.is_dir():
        inner = folder / "content"
        chosen = inner if (inner / "site.yaml").is_file() and not (folder / "site.yaml").is_file() else folder
        return _folder_side(spec, chosen, repo)
    if repo is None:
        raise UsageError("usage.diff-no-repository", spec=spec, folder=content)
    try:
        tree = repo.tree(spec, content)
    except GitError as exc:
        raise UsageError("usage.diff-revision", spec=spec, detail=exc.detail) from None
    side = Side(spec, tree, tree.commit)
    side.fingerprints = {
        rel: _fingerprint(rel, blob.kind, blob.oid) for rel, blob in tree.blobs.items() if blob.kind != "folder"
    }
    return side


def _folder_side(label: str, folder: Path, repo: Repository | None) -> Side:
    if not (folder / "site.yaml").is_file() and not (folder / "site.yml").is_file():
        raise UsageError("usage.diff-not-content", folder=folder)
    algorithm = repo.object_format() if repo is not None else "sha1"
    return Side(label, FolderTree(folder), None, dict(_folder_fingerprints(folder, algorithm)))


def _fingerprint(relative: Rel, kind: str, oid: str) -> str:
    if kind == "file" and relative[-1].endswith(YAML_SUFFIXES):
        return oid
    return kind  # evidence and other files count by being there, links and the rest by kind


def _folder_fingerprints(root: Path, algorithm: str) -> Iterator[tuple[Rel, str]]:
    """Every file under `root` (names starting with `.` skipped, links not followed)."""
    pending: list[Rel] = [()]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(root.joinpath(*folder)) as listing:
                entries = [(e.name, e.stat(follow_symlinks=False).st_mode) for e in listing]
        except OSError:
            continue  # the reader reports an unreadable folder, located
        for name, mode in entries:
            if name.startswith("."):
                continue
            relative = (*folder, name)
            if stat.S_ISDIR(mode):
                pending.append(relative)
            elif stat.S_ISREG(mode) and name.endswith(YAML_SUFFIXES):
                yield relative, _blob_id(root.joinpath(*relative), algorithm)
            else:
                yield relative, "file" if stat.S_ISREG(mode) else "symlink" if stat.S_ISLNK(mode) else "special"


def _blob_id(file: Path, algorithm: str) -> str:
    """The object id git gives these bytes; a file too large to be content is named by
    its size only (the reader refuses it either way)."""
    try:
        size = os.stat(file, follow_symlinks=False).st_size
        if size > MAX_FILE_BYTES:
            return f"too-large:{size}"
        data = file.read_bytes()
    except OSError:
        return "unreadable"
    digest = hashlib.new(algorithm, b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def changed_files(base: Side, head: Side) -> list[Rel]:
    """Files added, removed or changed between the sides, in path order."""
    paths = set(base.fingerprints) | set(head.fingerprints)
    return sorted(p for p in paths if base.fingerprints.get(p) != head.fingerprints.get(p))
