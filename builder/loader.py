"""Reading YAML safely, keeping where every value came from.

Why not `yaml.safe_load`: it follows YAML 1.1, where `no`, `on` and `yes` become booleans,
`1_000` becomes 1000 and `1:30` becomes 90; it keeps the last of two duplicate keys; and it
forgets line numbers. Here the C parser (libyaml) builds the node graph with no implicit
typing, and `_Converter` resolves plain scalars by the YAML 1.2 core schema, rejects
duplicate keys, bounds alias expansion and records the mark of every value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.diagnostics import Diagnostics
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

Key = str | int
JsonPath = tuple[Key, ...]

_STR = "tag:yaml.org,2002:str"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


@dataclass
class Document:
    """One YAML file: its data and the location of every value and key in it."""

    path: str  # as shown in diagnostics
    data: Any
    # (line, column) of every value and key; Locations are made only when asked for
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    # values the loader already reported (a number that is not finite): the schema
    # need not say again that the text left in their place is not a number
    rejected: set[JsonPath] = field(default_factory=set)

    def loc(self, path: JsonPath = ()) -> Location:
        """Location of the value at `path`, or of its nearest located ancestor."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(path[:end])
            if found is not None:
                return Location(self.path, *found)
        return Location(self.path, 1, 1)

    def key_loc(self, path: JsonPath) -> Location:
        found = self.key_marks.get(path)
        return Location(self.path, *found) if found else self.loc(path)


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


def _mark(node: yaml.Node | yaml.Event) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def shown_value(text: str) -> str:
    """A value quoted in a message: whole when short, cut with `...` when long."""
    return text if len(text) <= 60 else text[:57] + "..."


class _Converter:
    """Turns a libyaml node graph into plain Python values, recording marks, within the
    limits on values (aliases expanded) and nesting."""

    def __init__(self, doc: Document, diags: Diagnostics, limit: int) -> None:
        self.doc = doc
        self.diags = diags
        self.limit = limit
        self.values = 0
        self.aliased = 0
        self.seen: set[int] = set()
        self.open: set[int] = set()  # nodes being converted: one met again is a recursive alias

    def loc(self, node: yaml.Node) -> Location:
        return Location(self.doc.path, *_mark(node))

    def count(self, node: yaml.Node) -> None:
        """One more value (a key counts too, as the event scan of large files counts it)."""
        self.values += 1
        if self.values > self.limit:
            if self.aliased:
                raise _OverLimit("yaml.alias-expansion", (1, 1), limit=self.limit)
            raise _OverLimit("yaml.too-many-values", _mark(node), limit=self.limit)

    def convert(self, node: yaml.Node, path: JsonPath) -> Any:
        if id(node) in self.seen:  # an alias: re-expanding anchors counts against the limit
            self.aliased += 1
        else:
            self.seen.add(id(node))
        self.count(node)
        if id(node) in self.open:
            raise _OverLimit("yaml.alias-expansion", (1, 1), limit=self.limit)
        if len(path) > MAX_DEPTH:
            raise _OverLimit("yaml.too-deep", _mark(node), limit=MAX_DEPTH)
        self.doc.marks[path] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        self.open.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            value: Any = [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        else:
            assert isinstance(node, yaml.MappingNode)
            value = self.mapping(node, path)
        self.open.discard(id(node))
        return value

    def scalar(self, node: yaml.ScalarNode, path: JsonPath) -> Any:
        if len(node.value) > MAX_TEXT_CHARS:  # every page and PDF that shows it would pay
            self.diags.error("yaml.too-long", self.loc(node), length=len(node.value), limit=MAX_TEXT_CHARS)
            self.doc.rejected.add(path)
            return ""
        try:
            return _scalar_value(node)
        except NotFinite:
            self.diags.error("yaml.not-finite", self.loc(node), value=shown_value(node.value))
            self.doc.rejected.add(path)
        except _UnknownTag:
            self.diags.error("yaml.tag", self.loc(node), tag=shown_value(node.tag))
        return node.value

    def mapping(self, node: yaml.MappingNode, path: JsonPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                self.diags.error("yaml.key-type", self.loc(key_node), kind=kind)
                continue
            key = key_node.value
            self.count(key_node)
            if len(key) > MAX_TEXT_CHARS:
                self.diags.error("yaml.too-long", self.loc(key_node), length=len(key), limit=MAX_TEXT_CHARS)
                continue
            key_mark = _mark(key_node)
            if key in first_seen:
                self.diags.error(
                    "yaml.duplicate-key", self.loc(key_node), key=shown_value(key), first_line=first_seen[key][0]
                )
                continue
            first_seen[key] = key_mark
            self.doc.key_marks[(*path, key)] = key_mark
            result[key] = self.convert(value_node, (*path, key))
        return result


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
    """Parse one YAML text into a located Document; problems go to `diags`."""
    doc = Document(path, None)
    try:
        if len(text) > PRESCAN_FROM_CHARS:
            _count_events(text, limit)
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            diags.error("yaml.empty", Location(path, 1, 1))
            return None
        doc.data = _Converter(doc, diags, limit).convert(node, ())
    except yaml.YAMLError as exc:
        loc, problem = _syntax_error(exc, text, path)
        diags.error("yaml.syntax", loc, problem=problem)
        return None
    except _OverLimit as over:
        diags.error(over.code, Location(path, *over.mark), **over.params)
        return None
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
