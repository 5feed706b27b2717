"""Which units a diff must read, so that everything it reports is exact without reading
the whole tree.

A change to a unit's files can change:
- its own facts, diagnostics and scorecards;
- its superior's diagnostics (split coverage, gaps) and every ancestor's scorecards
  (split KPIs are rolled up from the units below);
- its children's diagnostics (their cascade links point at its agreement).

So the diff reads the changed units, their ancestors, and the children of each of those
(on both sides, so a unit that moved is read under its old and its new superior). A
superior's split KPI may be computed from a child's value that is itself computed from
that child's children, so every unit carrying a split of a unit already in scope brings
its own children in too, until nothing new comes in. Every other unit is the same on both
sides, and so is every fact about it that the diff could report.

A change to site.yaml (rounds, scoring, dimensions) can change every unit, and so can a
round closed or a correction recorded (`closed/`): then the whole tree is read, on both
sides.

Children are found without parsing every unit.yaml: a unit.yaml naming a parent P holds
P's id as a whole word (ids are `[a-z0-9-]`; a YAML scalar is delimited), unless it spells
it with escapes, so only the files holding P's id as a word, or a backslash, are parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from builder.diagnostics import Diagnostics
from builder.diff.sides import Side, changed_files
from builder.loader import MAX_FILE_BYTES, parse_bytes
from builder.model import Content
from builder.reader import YAML_SUFFIXES
from builder.tree import FileTooLarge, Rel, TreeError

SITE_FILES = {("site.yaml",), ("site.yml",)}


@dataclass
class Scope:
    """What changed and what must be read to report it exactly."""

    changed: list[Rel]  # files added, removed or changed
    changed_units: set[str]  # units with a changed file
    units: set[str] | None  # the units to read (None: the whole tree, site.yaml changed)
    expanded: set[str] = field(default_factory=set)  # units whose children are read
    indexes: tuple[_UnitIndex, ...] = ()

    def expand(self, units: Iterable[str]) -> bool:
        """Read the children of `units` too; whether that brought in a unit not read yet."""
        if self.units is None:
            return False
        before = len(self.units)
        new = set(units) - self.expanded
        self.expanded.update(new)
        self.units.update(new)
        for index in self.indexes:
            self.units.update(index.children_of(new))
        return len(self.units) > before


def unit_of(relative: Rel) -> str | None:
    return relative[1] if len(relative) >= 2 and relative[0] == "units" else None


def scope_of(base: Side, head: Side) -> Scope:
    """The changed units, their ancestors, and the children of all of those."""
    changed = changed_files(base, head)
    changed_units = {u for u in map(unit_of, changed) if u is not None}
    if any(rel in SITE_FILES or rel[0] == "closed" for rel in changed):
        return Scope(changed, changed_units, None)
    indexes = (_UnitIndex(base), _UnitIndex(head))
    units = set(changed_units)
    for index in indexes:
        for unit in changed_units:
            units.update(index.ancestors(unit))
    scope = Scope(changed, changed_units, units, indexes=indexes)
    scope.expand(set(units))
    return scope


def split_carriers(content: Content, superiors: set[str]) -> set[str]:
    """Units whose agreements split a KPI of one of `superiors`: their own values may be
    rolled up from the units below them."""
    found = set()
    for (unit_id, _year), agreement in content.agreements.items():
        unit = content.units.get(unit_id)
        if unit is None or unit.parent not in superiors:
            continue
        if any(link.kind == "split" for item in agreement.items for link in item.cascade):
            found.add(unit_id)
    return found


@dataclass
class _UnitIndex:
    """The unit tree of one side, learnt from as few unit.yaml files as possible."""

    side: Side
    _parents: dict[str, str | None] = field(default_factory=dict)
    _bytes: dict[str, bytes] | None = None

    def unit_file(self, unit: str) -> Rel | None:
        for suffix in YAML_SUFFIXES:
            rel = ("units", unit, f"unit{suffix}")
            if rel in self.side.fingerprints:
                return rel
        return None

    def parent(self, unit: str) -> str | None:
        if unit not in self._parents:
            data = self._read(unit)
            self._parents[unit] = _parent_in(data) if data is not None else None
        return self._parents[unit]

    def ancestors(self, unit: str) -> list[str]:
        chain: list[str] = []
        current = self.parent(unit)
        while current is not None and current not in chain and current != unit:
            chain.append(current)
            current = self.parent(current)
        return chain

    def children_of(self, parents: set[str]) -> set[str]:
        """The units whose superior is one of `parents`."""
        if not parents:
            return set()
        ids = b"|".join(re.escape(p.encode("utf-8")) for p in sorted(parents))
        word = re.compile(rb"(?<![a-z0-9-])(?:" + ids + rb")(?![a-z0-9-])")
        return {
            other
            for other, data in self._all_bytes().items()
            if (b"\\" in data or word.search(data)) and self.parent(other) in parents
        }

    def _all_bytes(self) -> dict[str, bytes]:
        if self._bytes is None:
            self._bytes = {}
            files = {unit: rel for unit in self._unit_folders() if (rel := self.unit_file(unit)) is not None}
            self.side.prefetch_files(list(files.values()))
            for unit in sorted(files):
                data = self._read(unit)
                if data is not None:
                    self._bytes[unit] = data
        return self._bytes

    def _unit_folders(self) -> set[str]:
        return {rel[1] for rel in self.side.fingerprints if len(rel) == 3 and rel[0] == "units"}

    def _read(self, unit: str) -> bytes | None:
        if self._bytes is not None and unit in self._bytes:
            return self._bytes[unit]
        rel = self.unit_file(unit)
        if rel is None:
            return None
        try:
            return self.side.tree.read(rel, MAX_FILE_BYTES)
        except (TreeError, FileTooLarge):
            return None  # the reader reports it, located, when the unit is read


def _parent_in(data: bytes) -> str | None:
    doc = parse_bytes(data, "unit.yaml", Diagnostics())
    value = doc.data.get("parent") if doc is not None and isinstance(doc.data, dict) else None
    return value if isinstance(value, str) else None
