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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.diagnostics import Diagnostics
from builder.model import Location

try:  # libyaml; the pure-Python parser is ~10x slower but behaves the same
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_ALIAS_VALUES = 100_000  # values one file may add by reusing anchors

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

    def field_locations(self, path: JsonPath) -> FieldLocations:
        return FieldLocations(self, path)


class FieldLocations(Mapping[str, Location]):
    """Locations of the fields of one mapping, looked up when a diagnostic needs them."""

    __slots__ = ("doc", "path")

    def __init__(self, doc: Document, path: JsonPath) -> None:
        self.doc = doc
        self.path = path

    def _fields(self) -> Mapping[str, Any]:
        value: Any = self.doc.data
        for part in self.path:
            value = value[part]
        return value if isinstance(value, dict) else {}

    def __getitem__(self, key: str) -> Location:
        mark = self.doc.marks.get((*self.path, key))
        if mark is None:
            raise KeyError(key)
        return Location(self.doc.path, *mark)

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields())

    def __len__(self) -> int:
        return len(self._fields())


class _TooManyValues(Exception):
    pass


def resolve_plain_scalar(text: str) -> Any:
    """A plain (unquoted) scalar by the YAML 1.2 core schema; anything else is a string."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        return int(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


_EXPLICIT_TAGS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:int": lambda t: int(resolve_plain_scalar(t)),
    "tag:yaml.org,2002:float": lambda t: float(resolve_plain_scalar(t)),
    "tag:yaml.org,2002:bool": lambda t: _BOOL[t],
    "tag:yaml.org,2002:null": lambda t: None,
}


class _Converter:
    """Turns a libyaml node graph into plain Python values, recording marks."""

    def __init__(self, doc: Document, diags: Diagnostics, limit: int) -> None:
        self.doc = doc
        self.diags = diags
        self.limit = limit
        self.aliased = 0
        self.seen: set[int] = set()

    def loc(self, node: yaml.Node) -> Location:
        return Location(self.doc.path, *self.mark(node))

    @staticmethod
    def mark(node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node, path: JsonPath) -> Any:
        if id(node) in self.seen:  # an alias: bound what re-expanding anchors may cost
            self.aliased += 1
            if self.aliased > self.limit:
                raise _TooManyValues
        else:
            self.seen.add(id(node))
        self.doc.marks[path] = self.mark(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return self.mapping(node, path)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:
            # libyaml marks plain scalars with style '' , the Python parser with None
            return resolve_plain_scalar(node.value) if not node.style else node.value
        explicit = _EXPLICIT_TAGS.get(node.tag)
        if explicit is None:
            self.diags.error("yaml.tag", self.loc(node), tag=node.tag)
            return node.value
        try:
            return explicit(node.value)
        except (ValueError, KeyError, TypeError):
            self.diags.error("yaml.tag", self.loc(node), tag=node.tag)
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
            key_mark = self.mark(key_node)
            if key in first_seen:
                self.diags.error("yaml.duplicate-key", self.loc(key_node), key=key, first_line=first_seen[key][0])
                continue
            first_seen[key] = key_mark
            self.doc.key_marks[(*path, key)] = key_mark
            result[key] = self.convert(value_node, (*path, key))
        return result


def decode_utf8(raw: bytes, path: str, diags: Diagnostics) -> str | None:
    """UTF-8 text without a BOM; other encodings get a located error."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.error("yaml.encoding", Location(path, 1, 1), detail="UTF-16 byte-order mark")
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", errors="replace")) + 1
        detail = f"byte 0x{raw[exc.start]:02x}"
        diags.error("yaml.encoding", Location(path, line, column), detail=detail)
        return None


def parse_yaml(text: str, path: str, diags: Diagnostics, limit: int = MAX_ALIAS_VALUES) -> Document | None:
    """Parse one YAML text into a located Document; problems go to `diags`."""
    doc = Document(path, None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        diags.error("yaml.syntax", loc, problem=problem)
        return None
    except yaml.YAMLError as exc:
        diags.error("yaml.syntax", Location(path, 1, 1), problem=str(exc))
        return None
    if node is None:
        diags.error("yaml.empty", Location(path, 1, 1))
        return None
    try:
        doc.data = _Converter(doc, diags, limit).convert(node, ())
    except _TooManyValues:
        diags.error("yaml.alias-expansion", Location(path, 1, 1), limit=limit)
        return None
    except RecursionError:
        diags.error("yaml.alias-expansion", Location(path, 1, 1), limit=limit)
        return None
    return doc


def load_yaml_file(file: Path, shown_as: str, diags: Diagnostics) -> Document | None:
    """Read, size-check, decode and parse one file."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.error("yaml.too-large", Location(shown_as, 1, 1), size=size, limit=MAX_FILE_BYTES)
            return None
        raw = file.read_bytes()
    except OSError as exc:
        diags.error("yaml.unreadable", Location(shown_as, 1, 1), detail=exc.strerror or str(exc))
        return None
    text = decode_utf8(raw, shown_as, diags)
    if text is None:
        return None
    return parse_yaml(text, shown_as, diags)
