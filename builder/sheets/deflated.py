"""A zip file put together from pieces compressed one by one, so that a large member (a
worksheet listing every unit) can be written again from the pieces kept from the last
build, compressing only the pieces that changed.

Each piece is raw deflate data that ends on a full flush (`Z_FULL_FLUSH`: byte-aligned,
no back-reference into the piece before it), so any sequence of pieces followed by a
final piece (`Z_FINISH`) is one valid deflate stream. A member's CRC-32 is combined from
its pieces' CRCs (`Piece.after`). A clean build compresses every piece the same way, so
it writes the same bytes as a build that took most pieces from the last one.

Entries carry a fixed time and permissions and follow the order given (deterministic
bytes); the file is written whole or not at all (`builder.output.replace_whole`).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from builder.output import replace_whole

LEVEL = 6
DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest date a zip entry can carry
DOS_TIME = 0
MODE = 0o644 << 16
MADE_BY = (3 << 8) | 20  # Unix (so that MODE counts), zip 2.0
ZIP32_LIMIT = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class Piece:
    """Deflated bytes, with the CRC-32 and length of what they hold."""

    data: bytes
    crc: int
    size: int
    zeros_crc: int  # CRC-32 of `size` zero bytes: what combining needs besides `crc`

    def after(self, crc: int) -> int:
        """The CRC-32 of (what `crc` was computed over) followed by this piece's bytes."""
        if not self.size:
            return crc
        # CRC-32 is affine: crc(A + B) = crc(B) ^ crc(zeros(|B|), crc(A)) ^ crc(zeros(|B|))
        return self.crc ^ zlib.crc32(bytes(self.size), crc) ^ self.zeros_crc


def deflate(text: bytes, final: bool = False) -> Piece:
    """One piece; `final` ends the stream (the last piece of a member)."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    data = compressor.compress(text) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)
    return Piece(data, zlib.crc32(text), len(text), zlib.crc32(bytes(len(text))) if text else 0)


Member = tuple[str, Sequence[Piece]]  # name in the zip, its pieces (the last one final)


def whole(name: str, text: bytes) -> Member:
    """A member made of one piece."""
    return name, (deflate(text, final=True),)


def write_zip(path: Path, members: Sequence[Member]) -> None:
    """Write the members, in order, as a zip file at `path` (whole or not at all)."""
    replace_whole(path, lambda out: _write_members(out, members))


def _write_members(out: BinaryIO, members: Sequence[Member]) -> None:
    central, offset = [], 0
    for name, pieces in members:
        encoded = name.encode("utf-8")
        crc, size, packed = 0, 0, 0
        for piece in pieces:
            crc, size, packed = piece.after(crc), size + piece.size, packed + len(piece.data)
        if max(size, packed, offset) > ZIP32_LIMIT:
            raise ValueError(f"{name}: too large for a zip file without zip64")
        fields = (20, 0x800, 8, DOS_TIME, DOS_DATE, crc, packed, size, len(encoded))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded)
        for piece in pieces:
            out.write(piece.data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, MADE_BY, *fields, 0, 0, 0, 0, MODE, offset))
        central.append(encoded)
        offset += 30 + len(encoded) + packed
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0))
