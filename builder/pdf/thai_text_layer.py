"""Exact Thai text layer for PDFs made by WeasyPrint 70.0.

Why this module exists
======================

People search the handbook PDFs for a KPI ("ความสำเร็จ"), copy KPI names into
spreadsheets, and screen readers read the text layer. With WeasyPrint 70.0 and
Sarabun the pages *look* right but the text layer is wrong for Thai:
"ระดับความสำเร็จ" extracts as "ระดับความสาเร็จ", "น้ำหนัก" as "นาหนัก",
"สู่ระดับ" as "สูร่ ะดับ".

Two defects in ``weasyprint/draw/text.py`` (``draw_first_line``) cause this:

1. The PDF ``/ToUnicode`` map is one string per glyph id and the *first use
   wins*; a glyph that is not the last of its shaping cluster maps to "".
   HarfBuzz's Thai shaper splits SARA AM (U+0E33) into NIKHAHIT + SARA AA and
   moves NIKHAHIT in front of a tone mark (Sarabun even ligates NIKHAHIT with
   the tone mark), so the SARA AA glyph of "ำ" is the very glyph of the plain
   vowel "า": whichever use comes first decides the text of *every* use.
2. Thai marks are zero-width glyphs drawn on top of their base, often shifted
   with an x offset or a text rise.  Extractors that rebuild the reading order
   from glyph positions (poppler's ``pdftotext``, pdfminer/pdfplumber) see a
   mark that "starts" after the next consonant, or overlaps the previous glyph
   and is treated as a duplicate, and put it out of order.

What this module does (every part keeps every glyph at exactly the same place,
so the rendered pages are pixel-identical):

* **One role per glyph code.** A character code is chosen per *(glyph, text)*
  pair instead of per glyph.  The first text seen for a glyph keeps the glyph
  id as its code (exactly what WeasyPrint does); any other text for the same
  glyph gets a new code counted down from U+FFFE, which the embedded CID font
  maps back to the same outline through a ``/CIDToGIDMap`` stream (instead of
  ``/Identity``) with the same width.  So the SARA AA inside SARA AM is a
  distinct "glyph" from the plain SARA AA and a per-glyph ToUnicode map can be
  exact: the concatenation of the glyphs' texts in content-stream order is the
  source text.  This is what fixes extractors that ignore ``/ActualText``
  (pypdf, pdfminer/pdfplumber).  It is done only for TrueType (``glyf``)
  fonts, where ``/CIDToGIDMap`` applies; other fonts keep WeasyPrint's map and
  rely on the next point.
* **``/ActualText`` per Thai cluster.** Every Thai grapheme cluster drawn with
  more than one glyph (base + marks, SARA AM, ...) is wrapped in
  ``/Span <</ActualText (...)>> BDC ... EMC``, as Chromium's PDF backend does,
  with the spaces that follow it (pdfium drops a space glyph right after a
  span otherwise). Viewers and extractors that honour it (poppler/pdftotext,
  pdfium, Acrobat) take the cluster text as one unit, whatever the glyph
  positions are; selection stays per cluster.
* **Mark boxes in text order.** pdfminer/pdfplumber ignore ``/ActualText`` and
  sort a line by the left edge of each glyph's box (its origin), so a tone
  mark pushed right by GPOS ("สู่") sorted after the next consonant. Inside a
  span, marks get codes whose ``/W`` width is negative (box edge moved left)
  or their net advance (so no negative ``TJ`` number, which pypdf reads as a
  space, is needed to undo their offset); the ``TJ`` numbers pay the change
  back, in integers, so the pen goes exactly where WeasyPrint puts it.

The seam to WeasyPrint is two module attributes, replaced by :func:`install`
and restored by :func:`uninstall` (or use the :func:`thai_text_layer` context
manager):

* ``weasyprint.draw.text.draw_first_line`` (used for HTML text, ``@page``
  margin boxes and SVG ``<text>``) is replaced by :func:`_draw_first_line`, a
  copy of WeasyPrint 70.0's function whose only changes are the code chosen for
  each glyph and the marked-content spans; with neither needed (e.g. Latin
  text) it writes byte-identical content streams.
* ``weasyprint.pdf.fonts._build_vector_font_dictionary`` is wrapped to give the
  extra codes their widths, their ToUnicode entries (full-font case) and the
  ``/CIDToGIDMap`` stream.

Because the replacement copies private WeasyPrint code, it is pinned to
WeasyPrint :data:`PINNED_WEASYPRINT_VERSION`: :mod:`builder.pdf.seam` checks
the version, every private name used here and the source of the functions
copied before a build starts (a usage error), and :func:`install` raises
:class:`UnsupportedWeasyPrintVersion` on the same problems.

Known limits:

* pdfium (Chromium's viewer) renders each ``TJ`` text object in single
  precision and snaps glyphs to whole pixels, so splitting a ``TJ`` array at a
  span changes some anti-aliased glyph edges by one pixel there (poppler's
  pages are identical). Glyph positions are mathematically unchanged.
* pdfplumber reads the empty text of the NIKHAHIT glyph inside SARA AM as a
  word of its own ("ส  ำเร็จ"): the letters are right, spaces are added.
* Fonts other than TrueType keep WeasyPrint's per-glyph map; only the
  ``/ActualText`` spans make them exact.
* A glyph that stands for two different texts (e.g. a precomposed and a
  decomposed "é") now gets two codes: the content stream differs from
  WeasyPrint's there, the pixels do not.
"""

from __future__ import annotations

import functools
import itertools
import math
import sys
import weakref
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, NamedTuple
from xml.etree import ElementTree

import pydyf
from PIL import Image
from weasyprint.images import RasterImage, SVGImage
from weasyprint.logger import LOGGER
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.fonts import get_hb_object_data
from weasyprint.text.line_break import get_last_word_end

from builder.pdf import seam
from builder.thaitext import attaches_to_previous

PINNED_WEASYPRINT_VERSION = seam.PINNED_VERSION

# Codes for extra glyph roles are counted down from here. 0xFFFF is left alone:
# WeasyPrint uses it when it runs out of codes for missing glyphs.
_FIRST_EXTRA_CODE = 0xFFFE
_EMPTY = pango.PANGO_GLYPH_EMPTY  # Pango's empty glyph; missing ones (flagged) are above it



class UnsupportedWeasyPrintVersion(RuntimeError):
    """The installed WeasyPrint is not the one this patch was written for."""


@dataclass
class _State:
    installed: bool = False
    originals: dict[str, Any] = field(default_factory=dict)


_STATE = _State()


# --------------------------------------------------------------------------
# Version pin and installation
# --------------------------------------------------------------------------


def check_weasyprint_version() -> None:
    """Raise :class:`UnsupportedWeasyPrintVersion` unless WeasyPrint is the one
    :mod:`builder.pdf.seam` checks for (version, private names, sources)."""
    problem = seam.first_problem()
    if problem is not None:
        raise UnsupportedWeasyPrintVersion(problem.usage_error().message("en"))


def install() -> None:
    """Patch WeasyPrint so its PDFs get an exact Thai text layer. Idempotent."""
    if _STATE.installed:
        return
    check_weasyprint_version()
    from weasyprint.draw import text as draw_text
    from weasyprint.pdf import fonts

    _STATE.originals = {
        "draw_first_line": draw_text.draw_first_line,
        "_build_vector_font_dictionary": fonts._build_vector_font_dictionary,
        "Font.subset": fonts.Font.subset,
    }
    seam.keep_original("weasyprint.draw.text", "draw_first_line",
                       draw_text.draw_first_line, _draw_first_line)
    seam.keep_original("weasyprint.pdf.fonts", "_build_vector_font_dictionary",
                       fonts._build_vector_font_dictionary,
                       _build_vector_font_dictionary)
    seam.keep_original("weasyprint.pdf.fonts", "Font.subset",
                       fonts.Font.subset, _subset)
    draw_text.draw_first_line = _draw_first_line
    fonts._build_vector_font_dictionary = _build_vector_font_dictionary
    fonts.Font.subset = _subset
    _STATE.installed = True


def uninstall() -> None:
    """Restore WeasyPrint's own functions. Idempotent."""
    if not _STATE.installed:
        return
    from weasyprint.draw import text as draw_text
    from weasyprint.pdf import fonts

    draw_text.draw_first_line = _STATE.originals["draw_first_line"]
    fonts._build_vector_font_dictionary = (
        _STATE.originals["_build_vector_font_dictionary"])
    fonts.Font.subset = _STATE.originals["Font.subset"]
    _STATE.installed = False


def is_installed() -> bool:
    """Whether WeasyPrint is currently patched."""
    return _STATE.installed


@contextmanager
def thai_text_layer(enabled: bool = True) -> Iterator[None]:
    """Patch WeasyPrint for the duration of the block (``write_pdf`` included).

    With ``enabled=False`` WeasyPrint is left unpatched inside the block, which
    is how the tests and the benchmark build the "before" PDF.
    """
    was_installed = is_installed()
    if enabled:
        install()
    else:
        uninstall()
    try:
        yield
    finally:
        if was_installed:
            install()
        else:
            uninstall()


# --------------------------------------------------------------------------
# Clusters: which glyphs carry which text
# --------------------------------------------------------------------------


def _is_thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


class _Span(NamedTuple):
    """Glyphs ``first`` to ``last`` (indexes in a run) spell ``text``."""

    first: int
    last: int
    text: str


def _glyph_text(
        utf8: bytes, clusters: Any, index: int, num_glyphs: int,
        length: int, rtl: bool) -> str:
    """Text carried by one glyph, with WeasyPrint's rule.

    The last glyph of a shaping cluster carries the whole cluster text, the
    other glyphs of the cluster carry nothing.
    """
    start = clusters[index]
    if rtl:
        end = length if index == 0 else clusters[index - 1]
    else:
        end = length if index == num_glyphs - 1 else clusters[index + 1]
    return utf8[start:end].decode()


def _unit_starts(run_utf8: bytes, cluster_starts: set[int]) -> list[int]:
    """Byte offsets where a grapheme unit starts in a run's text.

    A unit never starts inside a shaping cluster, so units made of glyphs
    reordered or merged by HarfBuzz stay whole.
    """
    starts = [0]
    offset = 0
    for char in run_utf8.decode():
        if offset and offset in cluster_starts and not attaches_to_previous(char):
            starts.append(offset)
        offset += len(char.encode())
    return starts


def _units(run_utf8: bytes, clusters: list[int]) -> list[_Span]:
    """Grapheme units of a left-to-right run, with their glyphs."""
    starts = _unit_starts(run_utf8, set(clusters))
    ends = [*starts[1:], len(run_utf8)]
    units = []
    glyph = 0
    for start, end in zip(starts, ends, strict=True):
        first = glyph
        while glyph < len(clusters) and clusters[glyph] < end:
            glyph += 1
        if glyph > first:
            units.append(_Span(first, glyph - 1, run_utf8[start:end].decode()))
    return units


def _actual_text_spans(run_utf8: bytes, clusters: list[int]) -> list[_Span]:
    """Thai units of a left-to-right run drawn with more than one glyph.

    Spaces right after such a unit join its span: pdfium drops a space glyph
    that directly follows an /ActualText span when the span's glyphs reach
    over it.
    """
    if any(later < earlier for earlier, later in itertools.pairwise(clusters)):
        return []  # Not monotone: leave the run as WeasyPrint draws it.
    spans: list[_Span] = []
    for unit in _units(run_utf8, clusters):
        previous = spans[-1] if spans else None
        if previous and previous.last + 1 == unit.first and unit.text.isspace():
            spans[-1] = _Span(previous.first, unit.last, previous.text + unit.text)
        elif unit.last > unit.first and any(_is_thai(char) for char in unit.text):
            spans.append(unit)
    return spans


@functools.lru_cache(maxsize=8192)
def _run_texts(
        run_utf8: bytes, clusters: tuple[int, ...], length: int,
        rtl: bool) -> tuple[tuple[str, ...], dict[int, _Span], frozenset[int]]:
    """Per glyph of a run, the text it carries; the /ActualText spans by their
    first glyph, and their last glyphs. Runs repeat (labels, table headers,
    words) and their shaping is the same, so this is worked out once per run
    text and clusters (the callers must not change what it returns)."""
    count = len(clusters)
    texts = tuple(
        _glyph_text(run_utf8, clusters, i, count, length, rtl)
        for i in range(count))
    spans = [] if rtl else _actual_text_spans(run_utf8, list(clusters))
    return (texts, {span.first: span for span in spans},
            frozenset(span.last for span in spans))


# --------------------------------------------------------------------------
# Codes: one code per (glyph, text)
# --------------------------------------------------------------------------


@dataclass
class _FontCodes:
    """Extra character codes of one WeasyPrint ``Font``."""

    # (glyph id, text, width shift) -> code
    by_role: dict[tuple[int, str, int], int] = field(default_factory=dict)
    glyph_of: dict[int, int] = field(default_factory=dict)  # code -> glyph id
    shift_of: dict[int, int] = field(default_factory=dict)  # code -> width shift
    next_code: int = _FIRST_EXTRA_CODE


_CODES: weakref.WeakKeyDictionary[Any, _FontCodes] = weakref.WeakKeyDictionary()
# Per font: (font size, a cluster's (glyph, x offset, width) tuples) -> the
# width shifts of its marks (`_LineWriter._span_shifts`).
_SHIFTS: weakref.WeakKeyDictionary[
    Any, dict[tuple[float, tuple[tuple[int, int, int], ...]], dict[int, int]]
] = weakref.WeakKeyDictionary()
# An /ActualText span's opening, as pydyf writes `begin_marked_content('Span',
# {'ActualText': text})` into a content stream (its items are joined by
# newlines), by text: the same few clusters open most spans of a document.
_SPAN_OPENINGS: dict[str, bytes] = {}


def _can_alias(font: Any, glyph_id: int) -> bool:
    """Whether a second code can point at ``glyph_id`` through /CIDToGIDMap."""
    return (
        glyph_id < font.glyph_count  # Not one of WeasyPrint's missing glyphs.
        and font.type == "ttf" and "glyf" in font.tables  # CIDFontType2 only.
        and not (font.bitmap or font.png or font.svg or font.colr))


def _code_for(
        font: Any, glyph_id: int, text: str, width: int,
        shift: int = 0) -> tuple[int, int]:
    """Code drawing ``glyph_id`` that extracts as ``text``, and its width shift.

    ``shift`` asks for a code whose /W width is ``width + shift``; the caller
    compensates it in the ``TJ`` array. It is dropped (0 returned) when no
    extra code can be made.
    """
    known = font.to_unicode.get(glyph_id)
    if known is None and not shift:
        font.to_unicode[glyph_id] = text
        return glyph_id, 0
    if (known == text and not shift) or not _can_alias(font, glyph_id):
        # WeasyPrint's "first use wins" when we can't do better.
        return glyph_id, 0
    if known is None:
        # The glyph id itself must stay in the map: it is what gets subset.
        font.to_unicode[glyph_id] = text
    codes = _CODES.get(font)
    if codes is None:
        codes = _CODES[font] = _FontCodes()
    code = codes.by_role.get((glyph_id, text, shift))
    if code is None:
        if codes.next_code <= font.glyph_count + len(font.missing):
            return glyph_id, 0  # Code space exhausted: degrade, never collide.
        code = codes.next_code
        codes.next_code -= 1
        codes.by_role[glyph_id, text, shift] = code
        codes.glyph_of[code] = glyph_id
        codes.shift_of[code] = shift
        font.to_unicode[code] = text
        font.widths[code] = width + shift
    return code, shift


# --------------------------------------------------------------------------
# Mark placement for extractors that sort glyphs by x
# --------------------------------------------------------------------------


class _Placed(NamedTuple):
    """A glyph of a cluster, in TJ units (1/1000 em) from the cluster start."""

    origin: float  # Where the glyph is drawn.
    width: int  # Its /W width.
    advance: int  # How far the pen moves from the origin, TJ numbers included.


def _mark_shifts(glyphs: list[_Placed], end: float) -> dict[int, int]:
    """/W width changes for the zero-width marks of a cluster, by index.

    pdfminer (pdfplumber) takes a glyph's origin as the left edge of its box
    and sorts a line by it, so a mark drawn with a positive GPOS offset
    ("สู่") sorts after the next consonant, and two stacked marks sort by
    their offsets, not in text order. A negative width moves the left edge of
    a mark's box left without moving the mark: each group of marks between two
    spacing glyphs (the last one at ``end``) gets strictly increasing edges,
    as close to the origins as possible. A mark already in place gets its net
    advance as width, so that no negative ``TJ`` number, which pypdf reads as
    a space, is needed to undo its offset. The caller pays every change back
    in the ``TJ`` array, so no glyph moves.
    """
    shifts: dict[int, int] = {}
    lower: float | None = None  # Left edge of the last spacing glyph.
    group: list[int] = []
    for index, glyph in enumerate([*glyphs, _Placed(end, 1, 0)]):
        if glyph.width == 0:
            group.append(index)
            continue
        if group and lower is not None:
            shifts.update(_group_shifts(glyphs, group, lower, glyph.origin))
        group = []
        lower = glyph.origin
    return shifts


def _group_shifts(
        glyphs: list[_Placed], group: list[int], lower: float,
        upper: float) -> dict[int, int]:
    """Width changes for consecutive zero-width marks between two glyphs."""
    edges = {}
    limit = upper - 1
    for index in reversed(group):
        edges[index] = limit = min(glyphs[index].origin, limit)
        limit -= 1
    if limit <= lower:
        return {}  # The marks would sort before their base: leave them.
    shifts = {}
    for index in group:
        glyph = glyphs[index]
        if edges[index] < glyph.origin:
            shifts[index] = math.floor(edges[index] - glyph.origin)
        elif glyph.advance > 0:
            shifts[index] = glyph.advance
    return shifts


# --------------------------------------------------------------------------
# Drawing: WeasyPrint 70.0's draw_first_line with the two changes
# --------------------------------------------------------------------------


def _first_line(textbox: Any, text_overflow: str, block_ellipsis: Any) -> Any:
    """Lay out the first line, with ellipsis. Copied from WeasyPrint 70.0."""
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)

    if text_overflow == 'ellipsis' or block_ellipsis != 'none':
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(
            textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == 'ellipsis':
            pango.pango_layout_set_ellipsize(
                textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == 'auto':
                ellipsis = '…'
            else:
                assert block_ellipsis[0] == 'string'
                ellipsis = block_ellipsis[1]

            # Remove last word if hyphenated.
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style['hyphenate_character']):
                last_word_end = get_last_word_end(
                    new_text[:-len(textbox.style['hyphenate_character'])],
                    textbox.style['lang'])
                if last_word_end:
                    new_text = new_text[:last_word_end]

            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != 'none':
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[:-len(ellipsis)],
                textbox.style['lang'])
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()
    return first_line


def _draw_first_line(
        stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any,
        matrix: Any) -> list[Any]:
    """Replacement for ``weasyprint.draw.text.draw_first_line``."""
    # Don’t draw lines with only invisible characters.
    if not textbox.text.strip():
        return []

    if textbox.style['font_size'] < 1e-6:  # default float precision used by pydyf
        return []

    first_line = _first_line(textbox, text_overflow, block_ellipsis)
    stream.set_text_matrix(*matrix.values)
    writer = _LineWriter(stream, textbox)
    writer.draw_runs(first_line)
    return writer.emojis


class _LineWriter:
    """Writes the glyph runs of one line, as WeasyPrint 70.0's loop does.

    ``self.string`` is the pending ``TJ`` array content, exactly as in
    WeasyPrint; :meth:`_flush` and the marked-content spans only split it at
    glyph boundaries, which moves no glyph.
    """

    def __init__(self, stream: Any, textbox: Any) -> None:
        self.stream = stream
        self.textbox = textbox
        self.utf8 = textbox.pango_layout.text.encode()
        self.string = ''
        self.x_advance = 0.0
        self.emojis: list[Any] = []
        self.previous_pango_font: Any = None
        self.font: Any = None
        self.font_size: float = 0
        self.hex_format = '%04x'  # of the font's codes
        self.emoji_font = False
        # Inside an /ActualText span, TJ numbers are summed here and written
        # before the next glyph, so that a width change and the next offset
        # cancel out instead of showing as a big gap; None outside spans.
        self.pending: float | None = None

    def draw_runs(self, first_line: Any) -> None:
        run = first_line.runs[0]
        while run != ffi.NULL:
            glyph_item = run.data
            run = run.next
            self._draw_run(glyph_item)
        # Draw text.
        self.stream.show_text(self.string)

    def _set_font(self, pango_font: Any) -> None:
        if pango_font == self.previous_pango_font:
            return
        # Add font file content and get font size.
        self.previous_pango_font = pango_font
        font, font_size = self.stream.add_font(pango_font)

        # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
        # This is also needed by raster emoji fonts, see #2800.
        if pango.pango_version() < 14802 or font.png:
            font_size = self.textbox.style['font_size']

        # Go through the run glyphs.
        if self.string:
            self.stream.show_text(self.string)
        self.string = ''
        self.stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        self.font, self.font_size = font, font_size
        self.hex_format = '%02x' if font.bitmap else '%04x'
        self.emoji_font = bool(font.svg or font.png or font.colr)

    def _draw_run(self, glyph_item: Any) -> None:
        glyph_string = glyph_item.glyphs
        num_glyphs = glyph_string.num_glyphs
        item = glyph_item.item
        rtl = bool(item.analysis.level % 2)
        clusters = tuple(ffi.unpack(glyph_string.log_clusters, num_glyphs))
        glyphs = glyph_string.glyphs[0:num_glyphs]
        run_utf8 = self.utf8[item.offset:item.offset + item.length]
        texts, starts, ends = _run_texts(run_utf8, clusters, item.length, rtl)

        self._set_font(item.analysis.font)
        self.string += '<'
        shifts: dict[int, int] = {}
        # For the common glyph, drawn before with the same text (its code is
        # its glyph id), with no width shift, no rise, neither empty nor
        # missing (Pango's ids from EMPTY up) and not an emoji, the body of
        # `_draw_glyph` is written out here: the same content, less work.
        font, font_size = self.font, self.font_size
        widths, to_unicode = font.widths, font.to_unicode
        plain_font = not self.emoji_font
        hex_format = self.hex_format
        for i, glyph_info in enumerate(glyphs):
            if i in starts:
                span = starts[i]
                self._flush()
                self._begin_actual_text(span.text)
                shifts = self._span_shifts(glyphs, span)
                self.pending = 0
            shift = shifts.get(i, 0) if shifts else 0
            glyph_id = glyph_info.glyph
            geometry = glyph_info.geometry
            logical_width = (
                None if shift or geometry.y_offset or glyph_id >= _EMPTY
                else widths.get(glyph_id))
            if (logical_width is not None and plain_font
                    and to_unicode.get(glyph_id) == texts[i]):
                offset = geometry.x_offset / font_size
                if offset:
                    self._number(-offset)
                if self.pending:
                    self._write_pending()
                self.string += hex_format % glyph_id
                kerning = (logical_width + offset
                           - geometry.width * 1000 * FROM_UNITS / font_size)
                if kerning:
                    self._number(int(kerning))
                self.x_advance += (logical_width + offset - kerning) / 1000
            else:
                self._draw_glyph(glyph_info, texts[i], shift)
            if i in ends:
                self._flush()
                self.stream.end_marked_content()
                shifts, self.pending = {}, None

        # Close the last glyphs list, remove if empty.
        if self.string[-1] == '<':
            self.string = self.string[:-1]
        else:
            self.string += '>'

    def _number(self, value: float) -> None:
        """Add a number (a move) to the ``TJ`` array."""
        if self.pending is None:
            self.string += f'>{value}<'
        else:
            self.pending += value

    def _write_pending(self) -> None:
        if self.pending:
            self.string += f'>{self.pending}<'
            self.pending = 0

    def _flush(self) -> None:
        """Show the pending glyphs and start a new ``TJ`` array."""
        self._write_pending()
        if self.string[-1] == '<':
            self.string = self.string[:-1]
        else:
            self.string += '>'
        if self.string:
            self.stream.show_text(self.string)
        self.string = '<'

    def _begin_actual_text(self, text: str) -> None:
        opening = _SPAN_OPENINGS.get(text)
        if opening is None:
            properties = pydyf.Dictionary({'ActualText': pydyf.String(text)})
            opening = _SPAN_OPENINGS[text] = b'\n'.join(
                (b'/Span', properties.data, b'BDC'))
        self.stream.stream.append(opening)

    def _span_shifts(self, glyphs: Any, span: _Span) -> dict[int, int]:
        """Width shifts of the marks of ``span``, keyed by glyph index in run.

        They follow from the span's glyphs and their geometry in this font at
        this size alone, and the same clusters recur all through a document,
        so they are worked out once per font for each distinct cluster.
        """
        cluster = tuple(
            (glyph_info.glyph, glyph_info.geometry.x_offset,
             glyph_info.geometry.width)
            for glyph_info in glyphs[span.first:span.last + 1])
        known = _SHIFTS.get(self.font)
        if known is None:
            known = _SHIFTS[self.font] = {}
        key = (self.font_size, cluster)
        shifts = known.get(key)
        if shifts is None:
            shifts = known[key] = self._cluster_shifts(cluster)
        first = span.first
        return {first + index: shift for index, shift in shifts.items()}

    def _cluster_shifts(
            self, cluster: tuple[tuple[int, int, int], ...]) -> dict[int, int]:
        """Width shifts of a cluster's marks, by index in the cluster: the pen
        arithmetic of :meth:`_draw_glyph` replayed to know where each glyph of
        the cluster is drawn. (Its glyphs' widths are known in the font from
        then on: a cluster met again changes nothing in the font.)"""
        placed = []
        pen = 0.0
        for glyph_id, x_offset, width in cluster:
            if glyph_id == pango.PANGO_GLYPH_EMPTY or (
                    glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG):
                return {}
            offset = x_offset / self.font_size
            logical_width = self._glyph_width(glyph_id)
            kerning = logical_width + offset - (
                width * 1000 * FROM_UNITS / self.font_size)
            advance = logical_width - int(kerning)
            placed.append(_Placed(pen + offset, logical_width, advance))
            pen += offset + advance
        return _mark_shifts(placed, pen)

    def _draw_glyph(self, glyph_info: Any, text: str, shift: int) -> None:
        """Draw one glyph; WeasyPrint 70.0's loop body but for the code used."""
        glyph_id = glyph_info.glyph
        geometry = glyph_info.geometry
        font, font_size, stream = self.font, self.font_size, self.stream
        width = geometry.width

        # Display zero-width empty glyph.
        if glyph_id == pango.PANGO_GLYPH_EMPTY:
            self.string += f'>{-width / font_size}<'
            return

        # Display .notdef and log warning for missing glyphs.
        if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
            codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
            LOGGER.warning(
                '.notdef glyph rendered for Unicode string unsupported by fonts: '
                '"%s" (U+%04X)', chr(codepoint), codepoint)
            glyph_id = font.get_unused_glyph_id(codepoint)
            font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
            if 0 not in font.widths:
                # "width" is actually Pango’s get_approximate_char_width. Force
                # .notdef’s to use this width, even if it’s not the right, as we
                # want to keep Pango’s layout for next glyphs.
                font.widths[0] = font.widths[glyph_id]

        # Changed: the code depends on the text (and width shift) too.
        logical_width = self._glyph_width(glyph_id)
        code, shift = _code_for(font, glyph_id, text, logical_width, shift)

        # Set horizontal and vertical offsets.
        offset = glyph_info.geometry.x_offset / font_size
        rise = glyph_info.geometry.y_offset / 1000
        hex_code = f'{code:02x}' if font.bitmap else f'{code:04x}'
        if rise:
            # Changed: a pending move goes in this glyph's own TJ array.
            carried = self.pending or 0
            if carried:
                self.pending = 0
            if self.string[-1] == '<':
                self.string = self.string[:-1]
            else:
                self.string += '>'
            if self.string:
                stream.show_text(self.string)
            stream.set_text_rise(-rise)
            self.string = ''
            if carried:
                self.string = f'{carried - offset}'
            elif offset:
                self.string = f'{-offset}'
            self.string += f'<{hex_code}>'
            stream.show_text(self.string)
            stream.set_text_rise(0)
            self.string = '<'
        else:
            if offset:
                self._number(-offset)
            self._write_pending()
            self.string += hex_code

        # Set kerning, word spacing, letter spacing.
        kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
        # Changed: a width shift is paid back here, so the pen ends up where
        # WeasyPrint puts it (integers only: no rounding difference).
        if kerning or shift:
            self._number(int(kerning) + shift)

        if font.svg or font.png or font.colr:
            self._add_emoji(glyph_id, logical_width, kerning)
        self.x_advance += (logical_width + offset - kerning) / 1000

    def _glyph_width(self, glyph_id: int) -> int:
        """Glyph logical width, cached in the font like WeasyPrint does."""
        font = self.font
        if glyph_id not in font.widths:
            pango.pango_font_get_glyph_extents(
                self.previous_pango_font, glyph_id, self.stream.ink_rect,
                self.stream.logical_rect)
            font.widths[glyph_id] = round(
                self.stream.logical_rect.width * 1000 * FROM_UNITS / self.font_size)
        width: int = font.widths[glyph_id]
        return width

    def _add_emoji(self, glyph_id: int, logical_width: int, kerning: float) -> None:
        """Create list of emojis. Copied from WeasyPrint 70.0."""
        font, font_size, stream = self.font, self.font_size, self.stream
        x_advance = self.x_advance
        if font.svg:
            svg_data = get_hb_object_data(font.hb_face, 'svg', glyph_id)
            if svg_data:
                # Do as explained in specification
                # https://learn.microsoft.com/typography/opentype/spec/svg
                tree = ElementTree.fromstring(svg_data)
                if tree.get('id') != f'glyph{glyph_id}':
                    defs = ElementTree.Element('defs')
                    for child in list(tree):
                        defs.append(child)
                        tree.remove(child)
                    tree.append(defs)
                    ElementTree.SubElement(
                        tree, 'use', attrib={'href': f'#glyph{glyph_id}'})
                if 'viewBox' not in tree.attrib:
                    tree.attrib['viewBox'] = f'0 0 {font.upem} {font.upem}'
                image = SVGImage(tree, None, None, None)
                a = d = 1
                self.emojis.append([image, font, a, d, x_advance, 0])
        elif font.png:
            png_data = get_hb_object_data(font.hb_font, 'png', glyph_id)
            if png_data:
                pillow_image = Image.open(BytesIO(png_data))
                image_id = f'{font.hash}{glyph_id}'
                image = RasterImage(pillow_image, image_id, png_data)
                d = logical_width / 1000  # type: ignore[assignment]  # as in WeasyPrint
                a = pillow_image.width / pillow_image.height * d  # type: ignore[assignment]
                pango.pango_font_get_glyph_extents(
                    self.previous_pango_font, glyph_id, stream.ink_rect,
                    stream.logical_rect)
                f = -stream.logical_rect.y
                f = f * FROM_UNITS / font_size - font_size
                self.emojis.append([image, font, a, d, x_advance, f])
        elif font.colr:
            svg_data = get_hb_object_data(font.hb_font, 'colr', glyph_id)
            if svg_data:
                tree = ElementTree.fromstring(svg_data)
                image = SVGImage(tree, None, None, None)
                a = d = 1
                e = x_advance - kerning
                self.emojis.append([image, font, a, d, e, -self.textbox.baseline])


# --------------------------------------------------------------------------
# Font dictionary: widths, ToUnicode and /CIDToGIDMap for the extra codes
# --------------------------------------------------------------------------


def _cid_to_gid_map(font: Any, codes: _FontCodes, compress: bool) -> pydyf.Stream:
    """``/CIDToGIDMap``: identity for real glyphs, extra codes to their glyph."""
    size = max(codes.glyph_of) + 1
    real = min(font.glyph_count, size)
    # WeasyPrint's missing-glyph codes (past the real glyphs) draw .notdef.
    data = array('H', range(real))
    data.frombytes(bytes(data.itemsize * (size - real)))  # zeros, in any byte order
    for code, glyph_id in codes.glyph_of.items():
        data[code] = glyph_id
    if sys.byteorder == 'little':
        data.byteswap()  # The map is big-endian.
    return pydyf.Stream([data.tobytes()], compress=compress)


def _add_to_unicode_entries(pdf: Any, font_dictionary: Any, font: Any) -> None:
    """Append the drawn codes' texts to a ToUnicode CMap built from ``cmap``.

    With full fonts WeasyPrint maps glyphs from the font's ``cmap`` only, which
    knows neither the extra codes nor ligatures and alternate forms. Later
    ``bfchar`` entries override earlier ones in CMap readers.
    """
    number = int(font_dictionary['ToUnicode'].split()[0])
    cmap_stream = pdf.objects[number].stream
    items = list(font.to_unicode.items())
    entries = []
    for start in range(0, len(items), 100):  # At most 100 entries a block.
        batch = items[start:start + 100]
        entries.append(f'{len(batch)} beginbfchar'.encode())
        for code, text in batch:
            entries.append(
                f'<{code:04x}> <{text.encode("utf-16-be").hex()}>'.encode())
        entries.append(b'endbfchar')
    at = cmap_stream.index(b'endcmap')
    cmap_stream[at:at] = entries


def _subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
    """Wrapper of ``weasyprint.pdf.fonts.Font.subset``: the same subset, without
    the codes past the font's glyphs.

    WeasyPrint subsets with HarfBuzz twice, the second time keeping every glyph
    id up to the highest code of the map, ``range(max(to_unicode) + 1)``. The
    extra codes, counted down from U+FFFE, made that 65,535 ids for every font
    of every document, most of the time its subsetting took. A code past the
    font's glyphs (an extra code, or WeasyPrint's own for a missing glyph) names
    no glyph of it, and HarfBuzz (and fontTools) leave such ids out of the
    subset, so without them the font subsets to the same bytes.
    """
    original = _STATE.originals['Font.subset']
    glyphs = {code: text for code, text in to_unicode.items()
              if code < font.glyph_count}
    original(font, glyphs or to_unicode, hinting)


def _build_vector_font_dictionary(
        font_dictionary: Any, pdf: Any, font: Any, widths: dict[int, Any],
        compress: bool, reference: Any, pdf_version: Any) -> None:
    """Wrapper of ``weasyprint.pdf.fonts._build_vector_font_dictionary``."""
    original = _STATE.originals['_build_vector_font_dictionary']
    codes = _CODES.get(font)
    if widths is not font.widths:
        # Full font (forms or full_fonts): WeasyPrint rebuilt widths and
        # ToUnicode from the font file, which knows nothing of extra codes.
        if codes:
            for code, glyph_id in codes.glyph_of.items():
                widths[code] = widths.get(glyph_id, 0) + codes.shift_of[code]
        _add_to_unicode_entries(pdf, font_dictionary, font)
    if not codes or not codes.glyph_of:
        original(font_dictionary, pdf, font, widths, compress, reference,
                 pdf_version)
        return
    first_new_object = len(pdf.objects)
    original(font_dictionary, pdf, font, widths, compress, reference, pdf_version)
    cid_to_gid_map = _cid_to_gid_map(font, codes, compress)
    pdf.add_object(cid_to_gid_map)
    for pdf_object in pdf.objects[first_new_object:]:
        if (isinstance(pdf_object, pydyf.Dictionary)
                and pdf_object.get('CIDToGIDMap') == '/Identity'):
            pdf_object['CIDToGIDMap'] = cid_to_gid_map.reference
