"""A parsed YAML file: its data and where each value and key of it was written.

The loader reads millions of values on a large tree, so their marks are kept packed: one
array of numbers per file, where each mapping or list of `data` has a block (found by
the container's identity, so `data` is never replaced or changed in place) holding the
container's own (line, column), then for each item of a list its (line, column), and for
each field of a mapping its key's and its value's. Nothing is stored per path; a location
is worked out when asked for (diagnostics, and once per model object).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from builder.model import Location

Key = str | int
JsonPath = tuple[Key, ...]
Mark = tuple[int, int]  # (line, column), both from 1
PACKED = "I"  # array type of packed marks: lines and columns of a file within the size limit


class FieldMarks(Mapping[str, Mark]):
    """(line, column) of the value of each field of one mapping: numbers only, no
    reference to the document's data (what model objects keep). The numbers are the
    file's packed marks, shared by every object made from the file; `start` is where the
    mapping's block begins."""

    __slots__ = ("_keys", "_marks", "_start")

    def __init__(self, keys: tuple[str, ...], marks: array[int], start: int) -> None:
        self._keys = keys
        self._marks = marks
        self._start = start

    def __getitem__(self, key: str) -> Mark:
        at = self._start + 4 + 4 * self._index(key)
        return (self._marks[at], self._marks[at + 1])

    def _index(self, key: str) -> int:
        try:
            return self._keys.index(key)
        except ValueError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __reduce__(self) -> tuple[Any, ...]:
        return (FieldMarks, (self._keys, self._marks, self._start))


_NO_FIELDS = FieldMarks((), array(PACKED), 0)
_KEY_SETS: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple for the fields of every KPI ...
_KEY_SETS_KEPT = 4096


@dataclass
class Document:
    """One YAML file: its data and the location of every value and key in it."""

    path: str  # as shown in diagnostics
    data: Any
    root_mark: Mark = (1, 1)
    marks: array[int] = field(default_factory=lambda: array(PACKED), repr=False)
    # where each container's block starts, by the container's id (ids in order, for bisect)
    block_ids: array[int] = field(default_factory=lambda: array("Q"), repr=False)
    block_starts: array[int] = field(default_factory=lambda: array(PACKED), repr=False)
    # values the loader already reported (a number that is not finite): the schema
    # need not say again that the text left in their place is not a number
    rejected: set[JsonPath] = field(default_factory=set)
    # what was made from this file alone, by what: a file read again unchanged (`kpibook
    # serve` keeps its documents) is not made into model objects again
    made: tuple[str, Any] | None = field(default=None, compare=False, repr=False)

    def index_blocks(self, ids: list[int], starts: list[int]) -> None:
        """Keep where each container's block starts (`ids[i]`'s at `starts[i]`)."""
        order = sorted(range(len(ids)), key=ids.__getitem__)
        self.block_ids = array("Q", [ids[i] for i in order])
        self.block_starts = array(PACKED, [starts[i] for i in order])

    def block(self, container: Any) -> int | None:
        """Where the block of a mapping or list of `data` starts."""
        ids, key = self.block_ids, id(container)
        at = bisect_left(ids, key)
        return self.block_starts[at] if at < len(ids) and ids[at] == key else None

    def marks_of(self, mapping: Mapping[str, Any]) -> FieldMarks:
        """(line, column) of each field's value of a mapping of `data`."""
        start = self.block(mapping)
        if start is None or not isinstance(mapping, dict):
            return _NO_FIELDS
        keys = tuple(mapping)
        shared = _KEY_SETS.get(keys)
        if shared is None and len(_KEY_SETS) < _KEY_SETS_KEPT:
            shared = _KEY_SETS[keys] = keys
        return FieldMarks(shared or keys, self.marks, start)

    def loc_of(self, value: Any, path: JsonPath) -> Location:
        """Location of `value`, found at `path`: a mapping or list of `data` has its own
        mark (no path to walk)."""
        start = self.block(value)
        return Location(self.path, self.marks[start], self.marks[start + 1]) if start is not None else self.loc(path)

    def loc(self, path: JsonPath = ()) -> Location:
        """Location of the value at `path`, or of its nearest located ancestor."""
        mark, _ = self._walk(path)
        return Location(self.path, *mark)

    def key_loc(self, path: JsonPath) -> Location:
        if path:
            _, parent = self._walk(path[:-1])
            start = self.block(parent)
            if start is not None and isinstance(parent, dict) and path[-1] in parent:
                at = start + 2 + 4 * list(parent).index(path[-1])
                return Location(self.path, self.marks[at], self.marks[at + 1])
        return self.loc(path)

    def mark_at(self, path: JsonPath) -> Mark | None:
        """(line, column) of the value at `path`; None when there is no such value."""
        mark, value = self._walk(path)
        return None if value is _NOWHERE else mark

    def marks_under(self, path: JsonPath) -> Iterator[tuple[JsonPath, Mark]]:
        """The value at `path` and every value inside it, each with its path and its
        (line, column), in the order they are written."""
        mark, value = self._walk(path)
        if value is not _NOWHERE:
            yield from self._marks_from(path, mark, value)

    def _marks_from(self, path: JsonPath, mark: Mark, value: Any) -> Iterator[tuple[JsonPath, Mark]]:
        yield path, mark
        start = self.block(value) if isinstance(value, (dict, list)) else None
        if start is None:
            return
        marks = self.marks
        if isinstance(value, dict):
            for index, (key, item) in enumerate(value.items()):
                at = start + 4 + 4 * index
                yield from self._marks_from((*path, key), (marks[at], marks[at + 1]), item)
        else:
            for index, item in enumerate(value):
                at = start + 2 + 2 * index
                yield from self._marks_from((*path, index), (marks[at], marks[at + 1]), item)

    def _walk(self, path: JsonPath) -> tuple[Mark, Any]:
        """The mark of the deepest located value on `path`, and the value at `path`
        (`_NOWHERE` when the path leaves the data)."""
        mark, value = self.root_mark, self.data
        for step in path:
            start = self.block(value)
            if start is None:
                return mark, _NOWHERE
            if isinstance(value, dict) and step in value:
                at = start + 4 + 4 * list(value).index(step)
            elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
                at = start + 2 + 2 * step
            else:
                return mark, _NOWHERE
            mark, value = (self.marks[at], self.marks[at + 1]), value[step]
        return mark, value


_NOWHERE = object()
