"""The git adapter (an edge): a revision's content tree, and the revision a build came from.

Everything is read through `git` itself, never from the working tree: `git ls-tree` lists
a revision's files with their modes, sizes and object ids, and one long-lived
`git cat-file --batch` process hands over the blobs the reader asks for. The working tree,
the index and HEAD are left as they are.

A revision's tree is untrusted like any content: a blob larger than the reader's limit is
refused by its size before it is read, a symbolic link (mode 120000) is reported as one, a
submodule (mode 160000) as a special file, and names are kept as git stores them (bytes
that are not UTF-8 are carried as surrogate escapes and shown escaped).

The model, the rules and the scoring never import this module; the pipeline and the
commands hand its trees to the reader (`builder.tree.ContentTree`).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import weakref
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from builder.tree import (
    Entry,
    EntryKind,
    FileTooLarge,
    Rel,
    TreeError,
    display_under,
)

# git reads its configuration from the repository; nothing in it may start a program or ask
_SAFE_CONFIG = ("-c", "core.fsmonitor=false", "-c", "core.quotepath=off", "-c", "core.untrackedCache=false")
_MODES: dict[str, EntryKind] = {
    "040000": "folder",
    "100644": "file",
    "100755": "file",
    "120000": "symlink",
    "160000": "submodule",
}


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision does not exist;
    `detail` is git's own words."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"})
    return env


def _git(repo: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *_SAFE_CONFIG, "-C", str(repo), *args],
            input=input_bytes,
            capture_output=True,
            env=_environment(),
            check=False,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


@dataclass(frozen=True)
class Revision:
    """A commit the content was read from, as a build stamps it."""

    commit: str  # full hash
    committed: dt.datetime  # the commit's committer date, with its offset
    dirty: bool  # the working tree had uncommitted changes under the stamped folders


@dataclass(frozen=True)
class Repository:
    top: Path  # the working tree's top folder
    # blobs already read, by object id: two revisions share most of their files
    blob_cache: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def around(cls, folder: Path) -> Repository | None:
        """The repository holding `folder`, or None outside one (or without git)."""
        try:
            top = _git(folder, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape").strip()
        except GitError:
            return None
        return cls(Path(top))

    def commit_of(self, revision: str) -> str:
        """The full hash of the commit a revision names (`main`, `HEAD~2`, a hash)."""
        if revision.startswith("-"):
            raise GitError(f"not a revision: {revision}")
        return (
            _git(self.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
            .decode("ascii")
            .strip()
        )

    def object_format(self) -> str:
        """The hash git names objects by: `sha1`, or `sha256` in repositories made so."""
        try:
            return _git(self.top, "rev-parse", "--show-object-format").decode("ascii").strip() or "sha1"
        except GitError:
            return "sha1"

    def inside(self, folder: Path) -> str:
        """`folder` as a path from the top of the repository (`content`, or `` for the top)."""
        relative = Path(os.path.relpath(folder.resolve(), self.top.resolve()))
        if relative.parts[:1] == ("..",):
            raise GitError(f"{folder} is not inside the repository at {self.top}")
        return relative.as_posix() if relative.parts else ""

    def tree(self, revision: str, content: Path) -> GitTree:
        """The content folder as it is in `revision` (the folder's path as in the working tree)."""
        commit = self.commit_of(revision)
        prefix = self.inside(content)
        args = ["ls-tree", "-r", "-t", "-l", "-z", "--full-tree", commit]
        listing = _git(self.top, *args, *(["--", prefix] if prefix else []))
        tree = GitTree(self, commit, prefix, content)
        tree.load_listing(listing)
        if prefix and (prefix not in tree.folders_seen):
            raise GitError(f"{prefix}/ does not exist in {revision}")
        return tree

    def revision(self, folders: Sequence[Path]) -> Revision:
        """HEAD, its date, and whether `folders` have uncommitted changes (untracked files
        included, ignored files not)."""
        commit = self.commit_of("HEAD")
        stamp = _git(self.top, "show", "-s", "--format=%cI", commit).decode("ascii").strip()
        paths = [self.inside(f) or "." for f in folders]
        status = _git(self.top, "status", "--porcelain", "-z", "--untracked-files=normal", "--", *paths)
        return Revision(commit, dt.datetime.fromisoformat(stamp), bool(status))


@dataclass(frozen=True, slots=True)
class _Blob:
    oid: str
    size: int
    kind: EntryKind


@dataclass
class GitTree:
    """One revision's content folder, read through git (a `builder.tree.ContentTree`)."""

    repo: Repository
    commit: str
    prefix: str  # the content folder inside the repository ("" for the top)
    content: Path  # the content folder in the working tree: paths are shown as there
    blobs: dict[Rel, _Blob] = field(default_factory=dict)
    children: dict[Rel, list[Entry]] = field(default_factory=dict)
    folders_seen: set[str] = field(default_factory=set)
    _batch: subprocess.Popen[bytes] | None = None

    def load_listing(self, listing: bytes) -> None:
        start = f"{self.prefix}/" if self.prefix else ""
        skip = len(start)
        blobs, children = self.blobs, self.children
        for record in listing.decode("utf-8", "surrogateescape").split("\0"):
            if not record:
                continue
            meta, _, path = record.partition("\t")
            mode, _kind, oid, size = meta.split(maxsplit=3)
            if mode == "040000":
                self.folders_seen.add(path)
            if not path.startswith(start):
                continue
            relative: Rel = tuple(path[skip:].split("/"))
            kind = _MODES.get(mode, "special")
            blobs[relative] = _Blob(oid, int(size) if size.isdigit() else 0, kind)
            if relative[-1][:1] != ".":
                children.setdefault(relative[:-1], []).append(Entry(relative[-1], kind))
        for entries in children.values():
            entries.sort(key=lambda e: e.name)

    # -- ContentTree

    @property
    def folder(self) -> Path:
        return self.content

    def entries(self, folder: Rel) -> list[Entry]:
        if folder and self.blobs.get(folder, _Blob("", 0, "folder")).kind != "folder":
            raise TreeError("not a folder")
        return list(self.children.get(folder, ()))

    def read(self, file: Rel, limit: int) -> bytes:
        blob = self.blobs.get(file)
        if blob is None or blob.kind != "file":
            raise TreeError("not a regular file" if blob else "no such file")
        if blob.size > limit:
            raise FileTooLarge(blob.size)  # refused by its size: never read
        return self._read_blob(blob.oid, limit)

    def shown(self, relative: Rel) -> str:
        return display_under(self.content, relative)

    def version(self, file: Rel) -> Hashable | None:
        return self.oid(file)

    # -- beyond the reader's needs

    def oid(self, file: Rel) -> str | None:
        """The object id of a file (equal ids: equal bytes)."""
        blob = self.blobs.get(file)
        return blob.oid if blob is not None else None

    def files(self) -> list[Rel]:
        return [rel for rel, blob in self.blobs.items() if blob.kind != "folder"]

    def prefetch(self, files: Iterable[Rel], limit: int) -> None:
        """Read many regular files of at most `limit` bytes in one `git cat-file --batch`
        call (one call instead of a round trip per file); `read` then finds them."""
        cache = self.repo.blob_cache
        wanted = sorted(
            {
                blob.oid
                for rel in files
                if (blob := self.blobs.get(rel)) is not None
                and blob.kind == "file"
                and blob.size <= limit
                and blob.oid not in cache
            }
        )
        if not wanted:
            return
        out = _git(self.repo.top, "cat-file", "--batch", input_bytes="".join(f"{oid}\n" for oid in wanted).encode())
        position = 0
        for oid in wanted:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) != 3:
                continue  # missing: `read` says so, located, when the file is read
            size = int(header[2])
            cache[oid] = out[position : position + size]
            position += size + 1

    def close(self) -> None:
        if self._batch is not None:
            _end(self._batch)
            self._batch = None

    def __enter__(self) -> GitTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read_blob(self, oid: str, limit: int) -> bytes:
        cached = self.repo.blob_cache.get(oid)
        if cached is not None:
            if len(cached) > limit:
                raise FileTooLarge(len(cached))
            return cached
        batch = self._cat_file()
        assert batch.stdin is not None and batch.stdout is not None
        batch.stdin.write(oid.encode("ascii") + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) != 3:
            raise TreeError(f"git cannot read object {oid}")
        size = int(header[2])
        data = _read_exactly(batch.stdout, size + 1)[:-1]  # the blob, then a newline
        if size > limit:
            raise FileTooLarge(size)
        self.repo.blob_cache[oid] = data
        return data

    def _cat_file(self) -> subprocess.Popen[bytes]:
        if self._batch is None:
            self._batch = subprocess.Popen(
                ["git", *_SAFE_CONFIG, "-C", str(self.repo.top), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_environment(),
            )
            weakref.finalize(self, _end, self._batch)  # a tree nobody closed still ends its process
        return self._batch


class Revisions:
    """Files of a content folder as they were at earlier commits (a closed round's certified
    version), read through git; None where there is no repository, the commit is not in
    this clone (a shallow checkout), or the file was not there."""

    def __init__(self, content: Path) -> None:
        self.content = content
        self.repo = Repository.around(content)
        self.trees: dict[str, GitTree | None] = {}

    def read(self, revision: str, relative: Rel, limit: int) -> bytes | None:
        tree = self._tree(revision)
        if tree is None:
            return None
        try:
            return tree.read(relative, limit)
        except (TreeError, FileTooLarge):
            return None

    def close(self) -> None:
        for tree in self.trees.values():
            if tree is not None:
                tree.close()

    def _tree(self, revision: str) -> GitTree | None:
        if revision not in self.trees:
            try:
                self.trees[revision] = self.repo.tree(revision, self.content) if self.repo else None
            except GitError:
                self.trees[revision] = None
        return self.trees[revision]


def _end(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None and process.stdin is not None:
        process.stdin.close()
        process.wait()


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise TreeError("git stopped while sending an object")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
