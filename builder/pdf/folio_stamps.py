"""Folios written from a few laid-out samples instead of laid out page by page.

A folio page ("หน้า 123 จาก 700" and the revision, `print/handbook-folios.html`) costs
WeasyPrint about 11 ms to lay out and draw, mostly its margin boxes: 8 CPU-s for a
700-page handbook. Yet two folios whose page numbers have as many digits differ only in
the glyph codes of those digits (the footer is right-aligned, so the text moves when the
digits' widths differ, and then the stamping below is refused).

So for each width of page number (1, 2, 3, ... digits) a few folios are laid out as
samples, in one document with the book's total: a base number (1, 10, 100, ...), and
each digit at each position changed on its own (100 → 000 is skipped: a number has no
leading zero). Comparing each sample's content stream with the base's finds, for each
position, the one glyph code that changed and the code of every digit there. The folio
of page n is then the base's stream with n's digits' codes put in; every other byte (the
text matrix, the Thai text layer's spans, the revision) is the base's, and so are its
resources (the sample document's font subset has every digit's glyph).

It is used only when it is exact: every sample must differ from the base in exactly one
glyph code, at the same place for one position, and the folios it writes for the first
and last page of each width and for 111, 222, ... (laid out in the same sample document)
must be byte for byte the streams WeasyPrint drew for them. Anything else (a font whose digits differ in
width, kerning between digits, a theme's folio template that prints other numbers or
shapes them) returns None, and the folios are laid out page by page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from pikepdf import Array, Page, Pdf

from builder.pdf.documents import RenderedPdf

CODE = 4  # hex digits of one glyph code (WeasyPrint's fonts are two-byte CID fonts)
_SHOWN = re.compile(rb"\[[^\]]*\]\s*TJ")  # a text-showing array: its hex strings are glyph codes
_HEX = re.compile(rb"<([0-9a-fA-F]*)>")

Parts = tuple[bytes | str, ...]  # a content stream: literal bytes, and the hex glyph codes of shown text
Slot = tuple[int, int]  # (index of a hex part, index of the code in it)


@dataclass(frozen=True, slots=True)
class SampleNumbers:
    """The page numbers of the sample document of a book of `total` pages, and which is which."""

    numbers: tuple[int, ...]
    # per width: (width, index of the base, indexes of the variants, indexes of the checks)
    widths: tuple[tuple[int, int, tuple[int, ...], tuple[int, ...]], ...]


def sample_numbers(first: int, total: int) -> SampleNumbers:
    """The samples for folios `first` to `total`: for each width, the base, one variant
    per (position, other digit), and as checks the first and last page of that width and
    the numbers of one digit repeated (111, 222, ...: every digit at every place at once). The
    document's first page sets the revision's string and is laid out differently from the
    others: it is a base repeated, and not used."""
    numbers: list[int] = [1]
    widths = []
    for width in range(len(str(first)), len(str(total)) + 1):
        base = 10 ** (width - 1)
        variants = [_with_digit(base, width, position, digit) for position in range(width) for digit in range(10)]
        variants = [n for n in variants if n != base and len(str(n)) == width]
        repeated = [int(str(digit) * width) for digit in range(1, 10)] if width > 1 else []
        checks = sorted({max(first, base), min(total, 10 * base - 1), *repeated})
        start = len(numbers)
        numbers += [base, *variants, *checks]
        after_variants = start + 1 + len(variants)
        widths.append(
            (width, start, tuple(range(start + 1, after_variants)), tuple(range(after_variants, len(numbers))))
        )
    return SampleNumbers(tuple(numbers), tuple(widths))


def _with_digit(number: int, width: int, position: int, digit: int) -> int:
    """`number` (of `width` digits) with the digit at `position` (0: the first) set to `digit`."""
    text = str(number).zfill(width)
    return int(text[:position] + str(digit) + text[position + 1 :])


@dataclass(frozen=True, slots=True)
class _Width:
    page: int  # the sample page (the base) whose stream and resources the folios take
    parts: Parts
    slots: tuple[Slot, ...]  # per position, first digit first
    codes: tuple[tuple[tuple[str, str], ...], ...]  # per position: (digit, its glyph code)

    def stream(self, number: int) -> bytes:
        parts = list(self.parts)
        for slot, codes, digit in zip(self.slots, self.codes, str(number), strict=True):
            part, index = slot
            code = dict(codes)[digit]
            text = parts[part]
            assert isinstance(text, str)
            parts[part] = text[: index * CODE] + code + text[(index + 1) * CODE :]
        return b"".join(p.encode("ascii") if isinstance(p, str) else p for p in parts)


@dataclass(frozen=True, slots=True)
class FolioStamps:
    """The folios of one book, written from its sample document (`samples`)."""

    samples: RenderedPdf
    numbers: tuple[int, ...]
    widths: tuple[tuple[int, _Width], ...]

    def folio(self, number: int) -> tuple[bytes, int]:
        """The content stream of page `number`'s folio, and the sample page whose resources it uses."""
        width = dict(self.widths)[len(str(number))]
        return width.stream(number), width.page


def folio_stamps(samples: SampleNumbers, rendered: RenderedPdf) -> FolioStamps | None:
    """The book's folios from its laid-out sample document, or None when they cannot be
    written exactly from it (then they are laid out page by page)."""
    if rendered.pages != len(samples.numbers):
        return None  # a theme's folio template that does not print one page per number
    with Pdf.open(BytesIO(rendered.pdf)) as pdf:
        streams = [_contents(page) for page in pdf.pages]
    widths = []
    for width, base, variants, checks in samples.widths:
        template = _width(samples.numbers, streams, base, variants)
        if template is None or any(template.stream(samples.numbers[i]) != streams[i] for i in checks):
            return None
        widths.append((width, template))
    return FolioStamps(rendered, samples.numbers, tuple(widths))


def _width(numbers: Sequence[int], streams: Sequence[bytes], base: int, variants: Sequence[int]) -> _Width | None:
    base_parts = _parts(streams[base])
    digits = str(numbers[base])
    slots: list[Slot | None] = [None] * len(digits)
    codes: list[dict[str, str]] = [{} for _ in digits]
    for index in variants:
        changed = _changed(base_parts, _parts(streams[index]))
        position = next(p for p, (a, b) in enumerate(zip(digits, str(numbers[index]), strict=True)) if a != b)
        if changed is None or len(changed) != 1 or slots[position] not in (None, changed[0]):
            return None
        slots[position] = changed[0]
        codes[position][str(numbers[index])[position]] = _code(_parts(streams[index]), changed[0])
    found = [slot for slot in slots if slot is not None]
    if len(found) != len(digits) or len(set(found)) != len(found):
        return None
    for position, slot in enumerate(found):
        codes[position][digits[position]] = _code(base_parts, slot)
    return _Width(base, base_parts, tuple(found), tuple(tuple(sorted(c.items())) for c in codes))


def _parts(stream: bytes) -> Parts:
    """The stream cut into literal bytes and the hex glyph codes of its text-showing arrays."""
    parts: list[bytes | str] = []
    last = 0
    for shown in _SHOWN.finditer(stream):
        for code in _HEX.finditer(stream, shown.start(), shown.end()):
            parts += [stream[last : code.start(1)], code.group(1).decode("ascii")]
            last = code.end(1)
    parts.append(stream[last:])
    return tuple(parts)


def _changed(base: Parts, other: Parts) -> list[Slot] | None:
    """The glyph codes in which `other` differs from `base`; None when anything else differs."""
    if len(base) != len(other):
        return None
    changed = []
    for index, (a, b) in enumerate(zip(base, other, strict=True)):
        if isinstance(a, bytes) or isinstance(b, bytes):
            if a != b:
                return None
            continue
        if len(a) != len(b) or len(a) % CODE:
            return None
        codes = range(len(a) // CODE)
        changed += [(index, i) for i in codes if a[i * CODE : (i + 1) * CODE] != b[i * CODE : (i + 1) * CODE]]
    return changed


def _code(parts: Parts, slot: Slot) -> str:
    text = parts[slot[0]]
    assert isinstance(text, str)
    return text[slot[1] * CODE : (slot[1] + 1) * CODE]


def _contents(page: Page) -> bytes:
    """The page's content stream, decoded (WeasyPrint draws a page in one)."""
    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    if isinstance(contents, Array):
        return b"\n".join(stream.read_bytes() for stream in contents)
    return contents.read_bytes()
