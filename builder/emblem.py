"""The emblems the content names: the organisation's (`organisation.emblem` in site.yaml)
and a unit's own seal (`emblem` in unit.yaml), each a file in the content tree.

An emblem is shown on every page of the site and printed in the PDFs, from a tree that
is untrusted: its path is looked up as evidence is (`builder.evidence`: from the content
folder, no `..`, no absolute path, no symbolic link, a regular file) and never in an
evidence folder (evidence may be withheld; an emblem is always published); its size is
limited; its bytes must be the format its name claims (a PNG's signature and chunks, a
JPEG's markers up to its image data and its end, an SVG's XML root); an SVG must be
safe to publish as it is (`builder.svg_safety`). A file that passes becomes an `Emblem`
of the model, bytes included, so the site and the PDFs show exactly what was checked
and never read the tree again.

A problem with a path is reported at the field that names it; a problem inside a file at
its place in that file (once, however many units name it).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from builder.diagnostics import Diagnostics, related
from builder.evidence import EvidenceFinder, EvidenceRefused, evidence_parts
from builder.model import Content, Emblem, Location
from builder.svg_safety import SvgProblem, svg_problems
from builder.tree import ContentTree, FileTooLarge, Rel, TreeError

MAX_SVG_BYTES = 256 * 1024
MAX_IMAGE_BYTES = 1024 * 1024  # a PNG or JPEG
MAX_IMAGE_SIDE = 4096  # pixels: larger gains nothing on a page and costs every reader memory
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MediaType = Literal["image/svg+xml", "image/png", "image/jpeg"]
MEDIA_TYPES: dict[str, MediaType] = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
# JPEG markers: the frame headers that carry the image's size, and those with no length
JPEG_FRAMES = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
JPEG_BARE = frozenset({0x01, *range(0xD0, 0xD8)})


@dataclass(frozen=True)
class EmblemRefused(Exception):
    """Why an emblem path names no file that may be used (reported at the path)."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()


def read_emblems(content: Content, tree: ContentTree, diags: Diagnostics) -> Content:
    """`content` with every emblem it names checked and read (`Content.emblems`);
    problems go to `diags`."""
    named = [(content.site.emblem, content.site.at("emblem"))] if content.site.emblem else []
    named += [(unit.emblem, unit.at("emblem")) for unit in content.units.values() if unit.emblem]
    if not named:
        return content
    finder = EvidenceFinder(tree)
    emblems: dict[str, Emblem] = {}
    reported: set[Rel] = set()
    for path, field_at in named:
        if path in emblems:
            continue
        try:
            parts = _emblem_file(finder, path)
        except EmblemRefused as refused:
            diags.error(refused.code, field_at, path=path, **dict(refused.params))
            continue
        try:
            emblems[path] = _read_emblem(tree, parts, path)
        except _FileRefused as refused:
            if parts not in reported:
                reported.add(parts)
                for number, problem in enumerate(refused.problems):
                    at = Location(tree.shown(parts), problem.line, problem.column)
                    named_here = (related(field_at, "related.emblem-named"),) if number == 0 else ()  # said once
                    diags.error(problem.code, at, related=named_here, path=path, **problem.params)
    return replace(content, emblems=emblems)


def theme_emblem(themes: Sequence[Path]) -> Emblem | None:
    """The theme's emblem, `print/emblem.svg` or `.png` of the first theme that has one:
    what the site shows when the content names none (a theme is trusted, as its
    templates are; the PDFs load it from the theme)."""
    for theme in themes:
        for suffix, media_type in MEDIA_TYPES.items():
            path = theme / "print" / f"emblem{suffix}"
            if path.is_file():
                return Emblem(f"theme:print/emblem{suffix}", media_type, path.read_bytes())
    return None


def emblem_digest(emblem: Emblem) -> str:
    """A name for an emblem's bytes: the site serves each under it (a changed file is a new name)."""
    return hashlib.sha256(emblem.data).hexdigest()[:16]


def _emblem_file(finder: EvidenceFinder, path: str) -> Rel:
    """Where the file an emblem path names is in the tree."""
    try:
        parts = evidence_parts(path)
        if "evidence" in parts[:-1]:
            raise EmblemRefused("emblem.in-evidence-folder")
        if _suffix(parts) not in MEDIA_TYPES:
            raise EmblemRefused("emblem.format")
        return finder.regular_file(parts)
    except EvidenceRefused as refused:
        raise EmblemRefused(f"emblem.{refused.reason}", params=tuple(refused.params.items())) from None


def _suffix(parts: Rel) -> str:
    name = parts[-1].lower()
    return name[name.rfind(".") :] if "." in name else ""


class _FileRefused(Exception):
    """What is wrong inside an emblem file, each at its place in the file."""

    def __init__(self, problems: list[SvgProblem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _refused(code: str, **params: object) -> _FileRefused:
    return _FileRefused([SvgProblem(code, 1, 1, params)])


def _read_emblem(tree: ContentTree, parts: Rel, path: str) -> Emblem:
    """The checked emblem in a file; raises `_FileRefused` with every problem in it."""
    suffix = _suffix(parts)
    limit = MAX_SVG_BYTES if suffix == ".svg" else MAX_IMAGE_BYTES
    try:
        data = tree.read(parts, limit)
    except FileTooLarge as big:
        raise _refused("emblem.too-large", size=big.size, limit=limit) from None
    except TreeError as exc:
        raise _refused("emblem.unreadable", detail=exc.detail) from None
    if suffix == ".svg":
        problems = svg_problems(data)
        if problems:
            raise _FileRefused(problems)
        return Emblem(path, "image/svg+xml", data)
    if MEDIA_TYPES[suffix] == "image/jpeg":
        _check_jpeg(data)
        return Emblem(path, "image/jpeg", data)
    _check_png(data)
    return Emblem(path, "image/png", data)


def _check_png(data: bytes) -> None:
    """A PNG by its signature, a header of a sensible size, and whole chunks with the
    right checksums up to its end; raises `_FileRefused` otherwise."""
    if not data.startswith(PNG_SIGNATURE):
        raise _refused("emblem.not-png")
    at, first = len(PNG_SIGNATURE), True
    while True:
        if at + 12 > len(data):
            raise _refused("emblem.not-png")
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        crc = data[at + 8 + length : at + 12 + length]
        if len(body) < length or len(crc) < 4 or zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise _refused("emblem.not-png")
        if first:
            if kind != b"IHDR" or length != 13:
                raise _refused("emblem.not-png")
            width, height = struct.unpack(">II", body[:8])
            _check_size(width, height)
            first = False
        at += 12 + length
        if kind == b"IEND":
            return


def _check_jpeg(data: bytes) -> None:
    """A JPEG by its start marker, whole marker segments up to the first scan, a frame
    header of a sensible size before it, and the end marker after the image data; raises
    `_FileRefused` otherwise."""
    if not data.startswith(b"\xff\xd8"):
        raise _refused("emblem.not-jpeg")
    at, size = 2, None
    while True:
        while at < len(data) and data[at] == 0xFF and at + 1 < len(data) and data[at + 1] == 0xFF:
            at += 1  # fill bytes before a marker
        if at + 4 > len(data) or data[at] != 0xFF:
            raise _refused("emblem.not-jpeg")
        marker = data[at + 1]
        if marker in JPEG_BARE:
            at += 2
            continue
        if marker in (0xD8, 0xD9):  # a second start, or the end before any image data
            raise _refused("emblem.not-jpeg")
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if length < 2 or at + 2 + length > len(data):
            raise _refused("emblem.not-jpeg")
        if marker in JPEG_FRAMES:
            if length < 8:
                raise _refused("emblem.not-jpeg")
            size = struct.unpack(">HH", data[at + 5 : at + 9])  # height, width
        if marker == 0xDA:  # the first scan: the image data follows
            break
        at += 2 + length
    if size is None:
        raise _refused("emblem.not-jpeg")
    height, width = size
    _check_size(width, height)
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):  # cut short: no end marker
        raise _refused("emblem.not-jpeg")


def _check_size(width: int, height: int) -> None:
    if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
        raise _refused("emblem.image-size", width=width, height=height, limit=MAX_IMAGE_SIDE)
