"""Reading YAML safely, keeping where every value came from.

Why not `yaml.safe_load`: it follows YAML 1.1, where `no`, `on` and `yes` become booleans,
`1_000` becomes 1000 and `1:30` becomes 90; it keeps the last of two duplicate keys; and it
forgets line numbers. Here the C parser (libyaml) builds the node graph with no implicit
typing, and `_Converter` resolves plain scalars by the YAML 1.2 core schema, rejects
duplicate keys, bounds alias expansion and records the mark of every value.
"""

from __future__ import annotations

import gc
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from builder.diagnostics import Diagnostics
from builder.document import Document, Key, Mark
from builder.model import Location
from builder.tree import FileTooLarge, os_problem, read_regular_file

try:  # libyaml; the pure-Python parser is ~10x slower but behaves the same
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

# Bounds that keep any one file under ~2 s and ~300 MB (docs/content-format.md, "Limits")
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_VALUES = 50_000  # keys, scalars, lists and mappings in one file, aliases expanded
MAX_DEPTH = 50  # lists and mappings inside each other
MAX_TEXT_CHARS = 10_000  # one key or value: a name, a markdown description (~4 printed pages)
PRESCAN_FROM_CHARS = 65_536  # longer texts are counted by events before a node graph is built
MAX_INT_DIGITS = 309  # a whole number with more digits is beyond the range of a double

_STR = "tag:yaml.org,2002:str"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_NUMBER_START = frozenset("-+.0123456789")  # what every number above begins with
_WORD_START = frozenset("~nNtTfF")  # ... and every null and boolean


class _OverLimit(Exception):
    """A file holds more values, or nests them deeper, than the limits allow."""

    def __init__(self, code: str, mark: tuple[int, int], **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.mark = mark
        self.params = params


class NotFinite(ValueError):
    """A number with no finite double value: .nan, .inf, 1e400, a 400-digit whole number."""


def _finite(value: int | float) -> int | float:
    if isinstance(value, float) and not math.isfinite(value):
        raise NotFinite(value)
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            float(value)
        except OverflowError:
            raise NotFinite(value) from None
    return value


def _whole(text: str, base: int) -> int:
    digits = text.lstrip("+-")[2 if base != 10 else 0 :].lstrip("0")
    if base == 10 and len(digits) > MAX_INT_DIGITS:  # also what int() would refuse to parse
        raise NotFinite(text)
    return int(text if base == 10 else text[2:], base)


def resolve_plain_scalar(text: str) -> Any:
    """A plain (unquoted) scalar by the YAML 1.2 core schema; anything else is a string.

    Raises `NotFinite` for a number that has no finite value: JSON (and so the schemas)
    has no such numbers, and scoring cannot compare or print them."""
    first = text[:1]
    if first and first not in _NUMBER_START and first not in _WORD_START:
        return text  # most values: no null, boolean or number begins so
    if text.isdigit() and text.isascii() and len(text) < 19:
        return int(text)  # a short whole number, always finite
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        return _finite(_whole(text, 10))
    if _INT8.match(text):
        return _finite(_whole(text, 8))
    if _INT16.match(text):
        return _finite(_whole(text, 16))
    if _FLOAT.match(text):
        return _finite(float(text))
    if _INF.match(text) or _NAN.match(text):
        raise NotFinite(text)
    return text


def _explicit_int(text: str) -> int:
    value = resolve_plain_scalar(text)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise ValueError(text)
    return int(value)


def _explicit_float(text: str) -> float:
    value = resolve_plain_scalar(text)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(text)
    return float(value)


_EXPLICIT_TAGS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:int": _explicit_int,
    "tag:yaml.org,2002:float": _explicit_float,
    "tag:yaml.org,2002:bool": lambda t: _BOOL[t],
    "tag:yaml.org,2002:null": lambda t: None,
}


class _UnknownTag(Exception):
    pass


def _scalar_value(node: yaml.ScalarNode) -> Any:
    if node.tag == _STR:
        # libyaml marks plain scalars with style '' , the Python parser with None
        return resolve_plain_scalar(node.value) if not node.style else node.value
    explicit = _EXPLICIT_TAGS.get(node.tag)
    if explicit is None:
        raise _UnknownTag
    try:
        return explicit(node.value)
    except NotFinite:
        raise
    except (ValueError, KeyError, TypeError):
        raise _UnknownTag from None


def _mark(node: yaml.Node | yaml.Event) -> Mark:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def shown_value(text: str) -> str:
    """A value quoted in a message: whole when short, cut with `...` when long."""
    return text if len(text) <= 60 else text[:57] + "..."


class _Converter:
    """Turns a libyaml node graph into plain Python values, recording marks, within the
    limits on values (aliases expanded) and nesting, reporting every problem. Files with
    none (nearly all) are read by `_read_clean` instead, which is faster; this is the
    reference it falls back on."""

    def __init__(self, doc: Document, diags: Diagnostics, limit: int) -> None:
        self.doc = doc
        self.diags = diags
        self.limit = limit
        self.values = 0
        self.aliased = 0
        self.seen: set[int] = set()
        self.open: set[int] = set()  # nodes being converted: one met again is a recursive alias
        self.trail: list[Key] = []  # the path to the container being converted
        self.block_ids: list[int] = []  # each container's id, and where its marks start
        self.block_starts: list[int] = []

    def loc(self, node: yaml.Node) -> Location:
        return Location(self.doc.path, *_mark(node))

    def over_limit(self, node: yaml.Node) -> _OverLimit:
        if self.aliased:
            return _OverLimit("yaml.alias-expansion", (1, 1), limit=self.limit)
        return _OverLimit("yaml.too-many-values", _mark(node), limit=self.limit)

    def convert(self, node: yaml.Node) -> Any:
        """One value: counted (a key counts too, as the event scan of large files counts
        it), within the depth limit, an alias re-expanded only within the value limit."""
        key = id(node)
        if key in self.seen:  # an alias: re-expanding anchors counts against the limit
            self.aliased += 1
        else:
            self.seen.add(key)
        self.values += 1
        if self.values > self.limit:
            raise self.over_limit(node)
        if key in self.open:  # an alias of a node that contains it
            raise _OverLimit("yaml.alias-expansion", (1, 1), limit=self.limit)
        if len(self.trail) > MAX_DEPTH:
            raise _OverLimit("yaml.too-deep", _mark(node), limit=MAX_DEPTH)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        self.open.add(key)
        if isinstance(node, yaml.SequenceNode):
            value: Any = self.sequence(node)
        else:
            assert isinstance(node, yaml.MappingNode)
            value = self.mapping(node)
        self.open.discard(key)
        return value

    def child(self, node: yaml.Node, step: Key) -> Any:
        self.trail.append(step)
        try:
            return self.convert(node)
        finally:
            self.trail.pop()

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if len(node.value) > MAX_TEXT_CHARS:  # every page and PDF that shows it would pay
            self.diags.error("yaml.too-long", self.loc(node), length=len(node.value), limit=MAX_TEXT_CHARS)
            self.doc.rejected.add(tuple(self.trail))
            return ""
        try:
            return _scalar_value(node)
        except NotFinite:
            self.diags.error("yaml.not-finite", self.loc(node), value=shown_value(node.value))
            self.doc.rejected.add(tuple(self.trail))
        except _UnknownTag:
            self.diags.error("yaml.tag", self.loc(node), tag=shown_value(node.tag))
        return node.value

    def sequence(self, node: yaml.SequenceNode) -> list[Any]:
        marks = [*_mark(node)]
        items: list[Any] = []
        for index, item in enumerate(node.value):
            marks.extend(_mark(item))
            items.append(self.child(item, index))
        self.block_ids.append(id(items))
        self.block_starts.append(len(self.doc.marks))
        self.doc.marks.extend(marks)
        return items

    def mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        marks = [*_mark(node)]
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                self.diags.error("yaml.key-type", self.loc(key_node), kind=kind)
                continue
            self.values += 1  # keys count too, as the event scan of large files counts them
            if self.values > self.limit:
                raise self.over_limit(key_node)
            key = key_node.value
            if len(key) > MAX_TEXT_CHARS:
                self.diags.error("yaml.too-long", self.loc(key_node), length=len(key), limit=MAX_TEXT_CHARS)
                continue
            key = sys.intern(key)  # the same few field names, thousands of times
            if key in first_lines:
                self.diags.error(
                    "yaml.duplicate-key", self.loc(key_node), key=shown_value(key), first_line=first_lines[key]
                )
                continue
            key_mark = _mark(key_node)
            first_lines[key] = key_mark[0]
            marks.extend((*key_mark, *_mark(value_node)))
            result[key] = self.child(value_node, key)
        self.block_ids.append(id(result))
        self.block_starts.append(len(self.doc.marks))
        self.doc.marks.extend(marks)
        return result


class _Unusual(Exception):
    """Something `_read_clean` leaves to `_Converter`: a problem to report or a rare form."""


_SHARED_TEXT_CHARS = 16
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _read_clean(text: str, path: str, limit: int) -> Document | None:
    """A file with nothing to report, read straight from libyaml's events: no node graph.

    Returns None (and `parse_yaml` reads the file again with `_Converter`, which reports
    what it finds) at anything but plain values within the limits: a syntax error, an
    anchor, alias or tag, a second document, a duplicate, complex or too long key, a text
    too long, a number that is not finite, too many values or too deep."""
    parser = _Loader(text)
    try:
        return _build_clean(parser.get_event, path, limit)
    except (_Unusual, NotFinite, yaml.YAMLError):
        return None
    finally:
        parser.dispose()


def _build_clean(next_event: Callable[[], Any], path: str, limit: int) -> Document:
    """(Events are read as `Any`: this loop runs for every value, and stays plain.)"""
    doc = Document(path, None)
    flat = doc.marks
    ids: list[int] = []  # each container's id, and where its marks start
    starts: list[int] = []
    open_: list[tuple[Any, list[int], bool, str | None]] = []  # the containers around the current one
    container: Any = None  # the mapping or list being filled (None: the document itself)
    marks: list[int] = []  # the container's marks, packed as `builder.document` describes
    in_mapping = False
    key: str | None = None  # the mapping's key whose value comes next
    values = 0
    next_event()  # the stream starts
    if type(next_event()) is not yaml.DocumentStartEvent:
        raise _Unusual  # an empty file
    while True:
        event = next_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            text = event.value
            values += 1
            if values > limit or len(text) > MAX_TEXT_CHARS:
                raise _Unusual
            start = event.start_mark
            line, column = start.line + 1, start.column + 1
            if in_mapping and key is None:  # a key
                if text in container:
                    raise _Unusual
                key = sys.intern(text)  # the same few field names, thousands of times
                marks += (line, column)
                continue
            first = text[:1]
            if event.style or (first and first not in _NUMBER_START and first not in _WORD_START):
                # quoted, block, or plain text that is no null, boolean or number; short ones
                # (ids, units, rounds) repeat thousands of times and are kept once
                value: Any = text if len(text) > _SHARED_TEXT_CHARS else sys.intern(text)
            else:
                value = resolve_plain_scalar(text)
        elif kind in _OPENS:
            if event.anchor is not None or event.tag is not None or (in_mapping and key is None):
                raise _Unusual  # a mapping or list as a key, too
            values += 1
            if values > limit or len(open_) >= MAX_DEPTH:
                raise _Unusual
            start = event.start_mark
            line, column = start.line + 1, start.column + 1
            value = {} if kind is yaml.MappingStartEvent else []
        elif kind in _CLOSES:
            ids.append(id(container))
            starts.append(len(flat))
            flat.extend(marks)
            container, marks, in_mapping, key = open_.pop()
            continue
        elif kind is yaml.DocumentEndEvent:
            break
        else:
            raise _Unusual  # an alias
        if container is None:
            doc.data, doc.root_mark = value, (line, column)
        else:
            marks += (line, column)
            if in_mapping:
                container[key] = value
                key = None
            else:
                container.append(value)
        if kind in _OPENS:
            open_.append((container, marks, in_mapping, key))
            container, marks, in_mapping, key = value, [line, column], kind is yaml.MappingStartEvent, None
    if type(next_event()) is not yaml.StreamEndEvent:
        raise _Unusual  # a second document
    doc.index_blocks(ids, starts)
    return doc


_BOMS = (  # longest first: the UTF-32 little-endian mark begins with the UTF-16 one
    (b"\xff\xfe\x00\x00", "utf32"),
    (b"\x00\x00\xfe\xff", "utf32"),
    (b"\xff\xfe", "utf16"),
    (b"\xfe\xff", "utf16"),
)


def decode_utf8(raw: bytes, path: str, diags: Diagnostics) -> str | None:
    """UTF-8 text without a BOM; other encodings get a located error."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for bom, variant in _BOMS:
        if raw.startswith(bom):
            diags.error("yaml.encoding", Location(path, 1, 1), variant=variant)
            return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(raw, exc.start)
        diags.error("yaml.encoding", Location(path, line, column), variant="byte", byte=f"{raw[exc.start]:02x}")
        return None


def _line_and_column(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset into UTF-8 text."""
    before = raw[:offset]
    line_start = before[before.rfind(b"\n") + 1 :]
    return before.count(b"\n") + 1, len(line_start.decode("utf-8", errors="replace")) + 1


def _count_events(text: str, limit: int) -> None:
    """Walk a large file's events (cheap, no node graph) and stop at the first value past
    the limits, so a 4 MB file of tiny values is refused in a fraction of a second."""
    parser = _Loader(text)
    values = depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                values += 1
                if values > limit:
                    raise _OverLimit("yaml.too-many-values", _mark(event), limit=limit)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _OverLimit("yaml.too-deep", _mark(event), limit=MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()


def _syntax_error(exc: yaml.YAMLError, text: str, path: str) -> tuple[Location, str]:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        line, column = _line_and_column(text.encode("utf-8"), exc.position)
        return Location(path, line, column), f"{exc.reason}: U+{exc.character:04X}"
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)
        return loc, " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
    return Location(path, 1, 1), str(exc)


def parse_yaml(text: str, path: str, diags: Diagnostics, limit: int = MAX_VALUES) -> Document | None:
    """Parse one YAML text into a located Document; problems go to `diags`.

    Nearly every file is read by `_read_clean`, straight from the parser's events; one
    with anything to report (or a rare form, such as an anchor) is read again by
    `_Converter`, which finds and reports every problem."""
    clean = _read_clean(text, path, limit)
    return clean if clean is not None else _read_reporting(text, path, diags, limit)


def _read_reporting(text: str, path: str, diags: Diagnostics, limit: int) -> Document | None:
    doc = Document(path, None)
    try:
        if len(text) > PRESCAN_FROM_CHARS:
            _count_events(text, limit)
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            diags.error("yaml.empty", Location(path, 1, 1))
            return None
        doc.root_mark = _mark(node)
        converter = _Converter(doc, diags, limit)
        doc.data = converter.convert(node)
        doc.index_blocks(converter.block_ids, converter.block_starts)
    except yaml.YAMLError as exc:
        loc, problem = _syntax_error(exc, text, path)
        diags.error("yaml.syntax", loc, problem=problem)
        return None
    except _OverLimit as over:
        diags.error(over.code, Location(path, *over.mark), **over.params)
        return None
    finally:
        if "&" in text:  # an alias of a node that contains it leaves a cycle of nodes, which
            gc.collect(0)  # `check` (collector paused) would otherwise keep, file after file
    return doc


def load_yaml_file(file: Path, shown_as: str, diags: Diagnostics) -> Document | None:
    """Read, size-check, decode and parse one file on disk."""
    try:
        raw = read_regular_file(file, MAX_FILE_BYTES)
    except FileTooLarge as big:
        diags.error("yaml.too-large", Location(shown_as, 1, 1), size=big.size, limit=MAX_FILE_BYTES)
        return None
    except OSError as exc:
        diags.error("yaml.unreadable", Location(shown_as, 1, 1), detail=os_problem(exc))
        return None
    return parse_bytes(raw, shown_as, diags)


def parse_bytes(raw: bytes, shown_as: str, diags: Diagnostics) -> Document | None:
    """Decode and parse the bytes of one file (read within `MAX_FILE_BYTES`)."""
    text = decode_utf8(raw, shown_as, diags)
    if text is None:
        return None
    return parse_yaml(text, shown_as, diags)
