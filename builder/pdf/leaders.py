"""Leader dots drawn once per leader, not once per dot, and not kept as boxes (the table of contents).

WeasyPrint 70.0 lays out `content: leader(".")` as one copy of the dot's text box per dot
(`layout/leader.py`), and draws every copy as a text of its own: it builds a Pango layout
again, shapes the dot, finds its first line and writes the glyph (`draw/text.py:
draw_text`). A contents line has about a hundred dots, so the handbook's contents (a line
per unit and per KPI template) cost more to draw than the rest of the front matter: 22,000
dots and 2.4 of the 3.3 CPU-s of a 20-unit handbook's front matter.

Every dot of one leader is the same text in the same style with the same Pango layout;
only its x differs. So the first dot is drawn by WeasyPrint, its calls on the page's
stream are recorded, and the other dots replay those calls with their own text matrix.
The replayed calls go through the very same stream methods (which keep the stream's
state: current colour, font, merged text objects), so the PDF is byte for byte what
WeasyPrint writes. A first dot whose drawing calls anything else (a text decoration, an
emoji) is not replayed: its leader is drawn by WeasyPrint, dot by dot. Once a replayed dot
is seen to leave the stream's state as it found it and to take off the `ET` before it and
append the same items but for its x (`_Steady`), the later dots of the leader append those
items directly, their x written as pydyf writes it: 105,000 dots of a 100-unit handbook
without six stream calls each.

Laying the dots out costs too: every dot is a box of the page, which every later pass
over the page visits (backgrounds, anchors, stacking contexts, a line moved to the next
page). So once WeasyPrint has laid
a line's leader out (`layout/leader.py: handle_leader`), only its first dot stays in the
box tree and the others' places are noted on the leader box (`kpibook_dots`); when the
leader is drawn, its children are, for that moment, the first dot and a copy of it at
each other place, as WeasyPrint laid them out. The front matter of a 100-unit handbook
(26 pages, 1,100 lines with leaders) is laid out in 2.7 CPU-s instead of 4.5, and laid
out and drawn in 5.6 instead of 8.3; the PDF is the same bytes.

The seam is three names: `draw_inline_level` of `weasyprint.draw` is wrapped (a leader box
is drawn by WeasyPrint's own code, with the recorder in place and its dots back), and so
are `draw_text`, the name that code calls (outside a leader box it is WeasyPrint's), and
`handle_leader` of `weasyprint.layout.inline`. Their sources are pinned in
`builder/pdf/seam.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from types import MethodType
from typing import Any

from builder.pdf import seam

# what drawing one dot may call on the stream for its drawing to be replayed
REPLAYABLE = frozenset(
    {"set_color", "begin_text", "set_text_matrix", "add_font", "set_font_size", "show_text", "end_text"}
)


@dataclass
class _Patch:
    draw_inline_level: Any = None
    draw_text: Any = None
    handle_leader: Any = None
    leader: _Leader | None = None  # the leader box being drawn


_PATCH = _Patch()


class UnsupportedLeaderDrawing(RuntimeError):
    """WeasyPrint's drawing functions are not the ones this patch was written for."""


def install() -> None:
    """Patch WeasyPrint's drawing of leaders. Idempotent."""
    if _PATCH.draw_inline_level is not None:
        return
    from weasyprint import draw
    from weasyprint.layout import inline, leader

    pinned = [(draw, "draw_inline_level"), (draw, "draw_text"), (leader, "handle_leader")]
    for module, name in pinned:
        if seam.source_digest(getattr(module, name)) != seam.PINNED_SOURCES[(module.__name__, name)]:
            raise UnsupportedLeaderDrawing(f"{module.__name__}.{name} differs from WeasyPrint {seam.PINNED_VERSION}'s")
    if inline.handle_leader is not leader.handle_leader:
        raise UnsupportedLeaderDrawing("weasyprint.layout.inline does not lay leaders out with layout.leader's code")
    _PATCH.draw_inline_level, _PATCH.draw_text = draw.draw_inline_level, draw.draw_text
    _PATCH.handle_leader = inline.handle_leader
    seam.keep_original("weasyprint.draw", "draw_inline_level", draw.draw_inline_level, _draw_inline_level)
    seam.keep_original("weasyprint.draw", "draw_text", draw.draw_text, _draw_text)
    draw.draw_inline_level, draw.draw_text = _draw_inline_level, _draw_text
    inline.handle_leader = _handle_leader


def uninstall() -> None:
    """Restore WeasyPrint's own functions. Idempotent."""
    if _PATCH.draw_inline_level is None:
        return
    from weasyprint import draw
    from weasyprint.layout import inline

    draw.draw_inline_level, draw.draw_text = _PATCH.draw_inline_level, _PATCH.draw_text
    inline.handle_leader = _PATCH.handle_leader
    _PATCH.draw_inline_level = _PATCH.draw_text = _PATCH.handle_leader = None


@dataclass(frozen=True, slots=True)
class _Dots:
    """The dots of a laid-out leader but its first: where they were when it was laid
    out (the first one's x then, and each other's x)."""

    first_x: float
    xs: tuple[float, ...]


def _handle_leader(context: Any, line: Any, containing_block: Any) -> None:
    """WeasyPrint's layout of a line's leader, then its dots but the first taken out of
    the box tree (`kpibook_dots`): nothing after the line's layout needs them but their
    drawing, and a hundred boxes a line are visited by every later pass over the page
    (backgrounds, anchors, stacking, moves to another page)."""
    from weasyprint.layout.leader import leader_index

    _PATCH.handle_leader(context, line, containing_block)
    _index, box = leader_index(line)
    if box is not None and len(box.children) > 1:
        first, *others = box.children
        box.kpibook_dots = _Dots(first.position_x, tuple(dot.position_x for dot in others))
        box.children = (first,)


def _with_dots(box: Any) -> tuple[Any, ...]:
    """A leader box's children as WeasyPrint laid them out: the first dot, and a copy of
    it at the place of each other dot (moved as the first one was since)."""
    (first,) = box.children
    dots: _Dots = box.kpibook_dots
    moved = first.position_x - dots.first_x
    copies = [first]
    for x in dots.xs:
        dot = first.copy()
        dot.position_x = x + moved if moved else x
        copies.append(dot)
    return tuple(copies)


def _draw_inline_level(stream: Any, page: Any, box: Any, *args: Any, **kwargs: Any) -> None:
    if not getattr(box, "is_leader", False):  # a stacking context has no such attribute
        _PATCH.draw_inline_level(stream, page, box, *args, **kwargs)
        return
    outer, _PATCH.leader = _PATCH.leader, _Leader()
    laid_out = box.children
    if getattr(box, "kpibook_dots", None) is not None:
        box.children = _with_dots(box)
    try:
        _PATCH.draw_inline_level(stream, page, box, *args, **kwargs)
    finally:
        _PATCH.leader = outer
        box.children = laid_out


def _draw_text(stream: Any, textbox: Any, *args: Any) -> None:
    leader = _PATCH.leader
    if leader is None:
        _PATCH.draw_text(stream, textbox, *args)
    else:
        leader.draw(stream, textbox, args)


Call = tuple[str, tuple[Any, ...], dict[str, Any]]


@dataclass
class _Leader:
    """The dots of one leader box: the first one's calls on the stream, replayed for the others."""

    first: Any = None  # the first dot's text box
    first_args: tuple[Any, ...] = ()
    calls: list[Call] | None = None  # None: not replayable, every dot is drawn by WeasyPrint
    steady: _Steady | None = None  # what a replayed dot appends, once that is known
    learnt: bool = False  # a replay was watched for `steady`

    def draw(self, stream: Any, textbox: Any, args: tuple[Any, ...]) -> None:
        """`args`: the rest of `draw_text`'s arguments (offset_x, text_overflow, block_ellipsis)."""
        if self.first is None:
            recorder = _Recorder(stream)
            _PATCH.draw_text(recorder, textbox, *args)
            self.first, self.first_args = textbox, args
            self.calls = recorder.calls if _replayable(recorder.calls, textbox) else None
        elif self.calls is not None and self._same(textbox, args):
            steady = self.steady
            if steady is not None and steady.holds(stream):
                steady.append(stream, textbox.position_x)
            elif not self.learnt:
                self.learnt = True
                self.steady = _Steady.watch(stream, self.calls, textbox.position_x)
            else:
                _replay(stream, self.calls, textbox.position_x)
        else:
            _PATCH.draw_text(stream, textbox, *args)

    def _same(self, textbox: Any, args: tuple[Any, ...]) -> bool:
        """Whether a dot draws as the first one but for its x (offset_x places only text
        decorations, which are not replayed)."""
        first = self.first
        return (
            textbox.pango_layout is first.pango_layout
            and textbox.style is first.style
            and textbox.text == first.text
            and textbox.position_y == first.position_y
            and textbox.baseline == first.baseline
            and args[1:] == self.first_args[1:]
        )


def _text_matrix(textbox: Any) -> tuple[Any, ...]:
    """The text matrix WeasyPrint's `draw_text` sets for a text box."""
    from weasyprint.matrix import Matrix

    values: tuple[Any, ...] = Matrix(d=-1, e=textbox.position_x, f=textbox.position_y + textbox.baseline).values
    return values


def _replayable(calls: list[Call], textbox: Any) -> bool:
    """Whether the dot's drawing is only text, placed by one text matrix: its own, whose
    x (`e`) is the text box's x as it is."""
    matrices = [args for name, args, _ in calls if name == "set_text_matrix"]
    return (
        all(name in REPLAYABLE for name, _, _ in calls)
        and matrices == [_text_matrix(textbox)]
        and matrices[0][4] is textbox.position_x
    )


def _replay(stream: Any, calls: list[Call], x: float) -> None:
    """The first dot's calls, at `x` (`add_font` is left out: it only registers the font
    the first dot already registered, and returns it)."""
    for name, args, kwargs in calls:
        if name == "set_text_matrix":
            a, b, c, d, _e, f = args
            stream.set_text_matrix(a, b, c, d, x, f)
        elif name != "add_font":
            getattr(stream, name)(*args, **kwargs)


# the state of WeasyPrint's stream that the replayed calls read or set
# (`weasyprint/pdf/stream.py`: colours and alphas set only when they change, the font kept
# across a text object merged with the one before it)
STREAM_STATE = (
    "_current_color",
    "_current_color_stroke",
    "_current_alpha",
    "_current_alpha_stroke",
    "_current_font",
    "_current_font_size",
    "_old_font",
    "_old_font_size",
)


_state = attrgetter(*STREAM_STATE)


@dataclass(slots=True)
class _Steady:
    """What replaying a dot does to the stream when the stream's state is the one replaying
    leaves behind and its last item is the `ET` that closed the dot before: it takes that
    `ET` off (WeasyPrint merges the text objects) and appends the same items every time but
    for the text matrix's x. So the items are appended as they are, the x written in as
    pydyf writes it; byte for byte what the calls append (a test compares the PDFs)."""

    stream: Any
    state: tuple[Any, ...]
    items: tuple[bytes, ...]  # what a dot appends, the text matrix's item empty
    matrix: int  # where the text matrix's item is
    before: bytes  # the text matrix's item: before x
    after: bytes  # and after it
    number: Callable[[Any], bytes]  # how pydyf writes a number
    length: int  # the stream's items after the dot

    @staticmethod
    def watch(stream: Any, calls: list[Call], x: float) -> _Steady | None:
        """Replay a dot and note what it did, if it is that (else None: replay every dot)."""
        items = getattr(stream, "stream", None)
        if (
            not all(hasattr(stream, name) for name in STREAM_STATE)
            or not isinstance(items, list)
            or not items
            or items[-1] != b"ET"
        ):
            _replay(stream, calls, x)
            return None
        before, start = _state(stream), len(items) - 1
        _replay(stream, calls, x)
        from pydyf import _to_bytes

        [(a, b, c, d, _e, f)] = [args for name, args, _ in calls if name == "set_text_matrix"]
        head = b" ".join(_to_bytes(v) for v in (a, b, c, d)) + b" "
        tail = b" " + _to_bytes(f) + b" Tm"
        added = items[start:]
        matrices = [i for i, item in enumerate(added) if item == head + _to_bytes(x) + tail]
        if (
            _state(stream) != before
            or len(matrices) != 1
            or added[-1] != b"ET"
            or not all(type(item) is bytes for item in added)
        ):
            return None
        kept = tuple(b"" if i == matrices[0] else item for i, item in enumerate(added))
        return _Steady(stream, before, kept, matrices[0], head, tail, _to_bytes, len(items))

    def holds(self, stream: Any) -> bool:
        """Whether the stream is as this dot's replay left it (nothing drawn since)."""
        items = stream.stream
        return (
            stream is self.stream and len(items) == self.length and items[-1] == b"ET" and _state(stream) == self.state
        )

    def append(self, stream: Any, x: float) -> None:
        added = list(self.items)
        added[self.matrix] = self.before + self.number(x) + self.after
        stream.stream[-1:] = added
        self.length = len(stream.stream)


class _Recorder:
    """A stream that notes the methods called on it and passes them on."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.calls: list[Call] = []

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._stream, name)
        if not isinstance(value, MethodType):  # an attribute (cffi data is callable too)
            return value

        def noted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            return value(*args, **kwargs)

        return noted
