"""Where a result's evidence may be, and finding it without following anything anywhere.

A result names each evidence file by its path from the content folder. The file must be
in an evidence folder, `units/<unit>/evidence/...`, of the unit that reports the result or
of a unit above or below it (`Queries.evidence_owners`: a technician may cite the ICT
centre's outage log, a province its district's minutes); never a results file, an
agreement or any other content file, which the privacy step may withhold, and never a
person's evidence cited from another unit unless individual results are published. The
build copies exactly the files this module finds, so `check` and the site can never
disagree about what is published.

Every part of the path is looked up in the listing of its folder, as the content tree
(a folder on disk, or a git revision) gives it, never following a symbolic link: a link
out of the tree, a loop of links, a FIFO or a device is refused (not followed, not
opened) and every problem is a code for a located diagnostic.
"""

from __future__ import annotations

import errno
import os
import posixpath
import shutil
import stat
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.tree import ContentTree, EntryKind, Rel, TreeError

MAX_PATH_BYTES = 1024  # a whole evidence path, as written (UTF-8)
MAX_PART_BYTES = 255  # one folder or file name: the limit of common file systems


@dataclass
class EvidenceRefused(Exception):
    """Why an evidence path cannot be used: a diagnostic code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        """The code without its `evidence.` prefix ("outside", "symlink", ...), for a
        caller that finds another kind of file the same way and reports it as its own."""
        return self.code.partition(".")[2]


def evidence_parts(path: str) -> tuple[str, ...]:
    """The parts of a written evidence path (`\\` read as `/`); raises `EvidenceRefused`
    for a path that is absolute, climbs with `..`, holds a control character or is too long."""
    if any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in path):
        raise EvidenceRefused("evidence.control-character")
    written = path.replace("\\", "/")
    parts = tuple(part for part in written.split("/") if part not in ("", "."))
    if posixpath.isabs(written) or ".." in parts or not parts:
        raise EvidenceRefused("evidence.outside")
    encoded = [len(part.encode("utf-8", errors="surrogatepass")) for part in parts]
    if sum(encoded) + len(encoded) - 1 > MAX_PATH_BYTES or max(encoded) > MAX_PART_BYTES:
        raise EvidenceRefused("evidence.path-too-long", {"limit": MAX_PATH_BYTES, "part_limit": MAX_PART_BYTES})
    return parts


def output_path(path: str) -> str:
    """Where an evidence file is copied in the output: `evidence/` and its parts."""
    return "/".join(("evidence", *evidence_parts(path)))


class EvidenceFinder:
    """Looks evidence up in a content tree (a folder, or a git revision), listing each
    folder once however many results cite files in it."""

    def __init__(self, tree: ContentTree) -> None:
        self.tree = tree
        self._listed: dict[Rel, dict[str, EntryKind] | TreeError] = {}

    def find(self, path: str, owners: Collection[str]) -> Rel:
        """Where in the tree an evidence path names a regular file, in the evidence folder
        of one of `owners`; raises `EvidenceRefused` otherwise."""
        parts = evidence_parts(path)
        if len(parts) < 4 or parts[0] != "units" or parts[2] != "evidence" or parts[1] not in owners:
            raise EvidenceRefused("evidence.not-in-evidence-folder")
        return self.regular_file(parts)

    def regular_file(self, parts: Rel) -> Rel:
        """`parts` when they name a regular file of the tree reached through real folders
        only; raises `EvidenceRefused` (missing, symlink, not-a-file, unreadable) otherwise.
        Other files read from the content tree by name (an emblem) are found the same way."""
        for index, name in enumerate(parts):
            kind = self._kinds(parts[:index]).get(name)
            last = index == len(parts) - 1
            if kind is None or (not last and kind not in ("folder", "symlink")):
                raise EvidenceRefused("evidence.missing")
            if kind == "symlink":
                raise EvidenceRefused("evidence.symlink")
            if last and kind != "file":
                raise EvidenceRefused("evidence.not-a-file")
        return parts

    def _kinds(self, folder: Rel) -> dict[str, EntryKind]:
        listed = self._listed.get(folder)
        if listed is None:
            try:
                listed = {entry.name: entry.kind for entry in self.tree.entries(folder)}
            except TreeError as exc:
                listed = exc
            self._listed[folder] = listed
        if isinstance(listed, TreeError):
            raise EvidenceRefused("evidence.unreadable", {"detail": listed.detail})
        return listed


def copy_regular_file(source: Path, target: Path) -> None:
    """Copy a file that must still be a regular file when opened (it may have been swapped
    for a link or a FIFO since it was checked): no link followed, no blocking open."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(source, flags)
    with os.fdopen(fd, "rb") as reader:
        if not stat.S_ISREG(os.fstat(reader.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(source))
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as writer:
            shutil.copyfileobj(reader, writer, 1024 * 1024)
