"""A content tree to read from: a folder on disk, or (through an adapter at the edge) a
git revision. The reader walks any tree through this one interface, so both get the same
layout rules, the same limits and the same located diagnostics.

A tree answers three questions about paths relative to the content root (tuples of names):
what a folder holds (each entry's name and kind, never following a symbolic link), the
bytes of a regular file up to a limit, and how to show a path in a diagnostic. Evidence is
looked up through the same listings (`builder.evidence`).
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

Rel = tuple[str, ...]  # a path relative to the content root, one name per part
EntryKind = Literal["file", "folder", "symlink", "submodule", "special"]


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    kind: EntryKind


class TreeError(Exception):
    """A folder that cannot be listed or a file that cannot be read; `detail` says why,
    in words, without the path (the diagnostic names it)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class FileTooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class ContentTree(Protocol):
    @property
    def folder(self) -> Path:
        """The content folder in the working tree (paths are shown as there)."""
        ...

    def entries(self, folder: Rel) -> list[Entry]:
        """The entries of a folder whose names do not start with `.`, by name; raises
        `TreeError` when the folder cannot be listed."""
        ...

    def read(self, file: Rel, limit: int) -> bytes:
        """The bytes of a regular file of at most `limit` bytes; raises `FileTooLarge`
        or `TreeError`."""
        ...

    def shown(self, relative: Rel) -> str:
        """The path as diagnostics show it."""
        ...

    def version(self, file: Rel) -> Hashable | None:
        """A token that differs whenever the file's bytes may differ (equal tokens: the
        bytes read before are the file's bytes now), or None when the tree cannot tell
        without reading the file."""
        ...


# -- a folder on disk ------------------------------------------------------------------


def display_path(file: Path) -> str:
    """Paths as a compiler prints them: relative to the working folder when inside it."""
    try:
        return os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return str(file)


def display_under(root: Path, relative: Rel) -> str:
    """`display_path` of a path under `root`, without working out the root's relative
    path again for every file of a large tree (it is kept per working folder)."""
    cwd = os.getcwd()
    key = (str(root), cwd)
    base = _SHOWN_ROOTS.get(key)
    if base is None:
        base = _SHOWN_ROOTS[key] = display_path(root)
    if not relative:
        return base
    if base == ".":
        return "/".join(relative)
    # os.path.join(base, *relative) for names without separators, at a fraction of its cost
    return base + ("" if base.endswith(os.sep) else os.sep) + os.sep.join(relative)


_SHOWN_ROOTS: dict[tuple[str, str], str] = {}


def file_type(mode: int) -> str:
    """What a non-regular file is, in the words of `ls -l`'s users."""
    for test, name in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def os_problem(exc: OSError) -> str:
    """An OS error in words, without the path (the diagnostic already names it)."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link, or a loop of them"
    return exc.strerror or type(exc).__name__


def read_regular_file(file: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Opened without following a final symbolic link and without blocking, so a FIFO, a
    device or a link to /dev/zero named like a content file is refused instead of read
    forever; raises `OSError` (ELOOP, EISDIR, EFBIG ...) with `strerror` set."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(file, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, f"not a regular file ({file_type(info.st_mode)})", str(file))
        if info.st_size > limit:
            raise FileTooLarge(info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:  # grew while being read
            raise FileTooLarge(len(data))
        return data
    finally:
        os.close(fd)


@dataclass(frozen=True)
class FolderTree:
    """The content folder as it is on disk."""

    root: Path

    @property
    def folder(self) -> Path:
        return self.root

    def entries(self, folder: Rel) -> list[Entry]:
        found: list[Entry] = []
        try:
            with os.scandir(os.path.join(self.root, *folder)) as listing:
                for item in listing:
                    if not item.name.startswith("."):
                        found.append(Entry(item.name, _kind_of(item)))
        except OSError as exc:
            raise TreeError(os_problem(exc)) from None
        return sorted(found, key=lambda e: e.name)

    def read(self, file: Rel, limit: int) -> bytes:
        try:
            return read_regular_file(os.path.join(self.root, *file), limit)
        except OSError as exc:
            raise TreeError(os_problem(exc)) from None

    def shown(self, relative: Rel) -> str:
        return display_under(self.root, relative)

    def version(self, file: Rel) -> Hashable | None:
        """The file's identity, size and times, once they have settled: any write or
        change of its times sets the change time to the clock's current value, so a file
        whose change time is past `SETTLED_NS` is changed again only with another change
        time (a write within the clock's tick of the last one could keep all of them)."""
        try:
            info = os.lstat(os.path.join(self.root, *file))
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or time.time_ns() - info.st_ctime_ns < SETTLED_NS:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


SETTLED_NS = 3_000_000_000  # beyond any file system clock's tick (a few ms; FAT keeps times to 2 s)


def _kind_of(item: os.DirEntry[str]) -> EntryKind:
    """An entry's kind from the listing itself (its d_type; `os.scandir` asks the file
    system only when the listing does not say), never following a symbolic link."""
    if item.is_symlink():
        return "symlink"
    if item.is_dir(follow_symlinks=False):
        return "folder"
    if item.is_file(follow_symlinks=False):
        return "file"
    return "special"


# -- a folder between two changes -----------------------------------------------------


@dataclass
class WatchedTree:
    """The content folder as `kpibook serve` sees it between two changes: each folder's
    listing and each file's version are remembered from the last time they were asked
    for, and forgotten for the paths the file watcher reports (`forget`). A rebuild after
    an edit then asks the file system again only about what the edit touched, not about
    every one of a large tree's thousands of folders and files (at 2,000 units, listing
    8,000 folders and reading the times of 12,000 files takes about 0.4 s, a seventh of
    the whole rebuild). A path the watcher reports outside the folder, or no paths at
    all, forgets everything."""

    disk: FolderTree
    _listings: dict[Rel, list[Entry]] = field(default_factory=dict, repr=False)
    _versions: dict[Rel, Hashable] = field(default_factory=dict, repr=False)

    @property
    def folder(self) -> Path:
        return self.disk.folder

    def entries(self, folder: Rel) -> list[Entry]:
        listing = self._listings.get(folder)
        if listing is None:
            listing = self._listings[folder] = self.disk.entries(folder)  # a folder that fails is asked again
        return list(listing)

    def read(self, file: Rel, limit: int) -> bytes:
        return self.disk.read(file, limit)

    def shown(self, relative: Rel) -> str:
        return self.disk.shown(relative)

    def version(self, file: Rel) -> Hashable | None:
        version = self._versions.get(file)
        if version is None:
            version = self.disk.version(file)
            if version is not None:  # a file whose times have not settled is asked again
                self._versions[file] = version
        return version

    def forget(self, paths: Iterable[Path] | None = None) -> None:
        """Forget what was read about each changed path: its version, its folder's
        listing, and, if it is (or was) a folder, everything under it; `None`: all."""
        changed: list[Rel] = []
        for path in paths if paths is not None else (None,):
            relative = _relative_to(self.disk.root, path) if path is not None else None
            if relative is None:
                self._listings.clear()
                self._versions.clear()
                return
            changed.append(relative)
        for relative in changed:
            self._listings.pop(relative[:-1], None)
            for known in (self._listings, self._versions):
                for key in [k for k in known if k[: len(relative)] == relative]:
                    del known[key]


def _relative_to(root: Path, path: Path) -> Rel | None:
    """`path` as parts under `root`, or None if it is not under it (or is the root);
    either may be given through a symbolic link."""
    for base, candidate in (
        (Path(os.path.abspath(root)), Path(os.path.abspath(path))),
        (root.resolve(), path.resolve()),
    ):
        try:
            parts = candidate.relative_to(base).parts
        except ValueError:
            continue
        return parts if parts else None
    return None


# -- files about to be written ---------------------------------------------------------


@dataclass(frozen=True)
class OverlayTree:
    """A tree with some files as they are about to be written, read in place of (or
    beside) the base tree's, so the content can be checked as it will be before anything
    is written (`kpibook sheet in`). Everything else is the base's."""

    base: ContentTree
    files: Mapping[Rel, bytes]

    @property
    def folder(self) -> Path:
        return self.base.folder

    def entries(self, folder: Rel) -> list[Entry]:
        depth = len(folder)
        added = {rel[depth]: rel for rel in self.files if len(rel) > depth and rel[:depth] == folder}
        try:
            found = {e.name: e for e in self.base.entries(folder)}
        except TreeError:
            if not added:
                raise
            found = {}  # a folder that is still to be made
        for name, rel in added.items():
            found.setdefault(name, Entry(name, "file" if len(rel) == depth + 1 else "folder"))
        return sorted(found.values(), key=lambda e: e.name)

    def read(self, file: Rel, limit: int) -> bytes:
        if file not in self.files:
            return self.base.read(file, limit)
        if len(self.files[file]) > limit:
            raise FileTooLarge(len(self.files[file]))
        return self.files[file]

    def shown(self, relative: Rel) -> str:
        return self.base.shown(relative)

    def version(self, file: Rel) -> Hashable | None:
        return None if file in self.files else self.base.version(file)
