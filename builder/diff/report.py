"""What a diff reports, as plain data: the renderers (text, Markdown, JSON) only format it.

Per unit: what changed in its own files (`Change`), what its scorecards' totals did
(`ScoreImpact`, with the rows that moved), and the diagnostics the change introduced or
fixed. Values in a `Change` are plain JSON-able values (numbers, texts as `{th, en}`,
lists, mappings), as written in the content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from builder.diagnostics import Diagnostic
from builder.model import Location, Text

Topic = Literal["site", "unit", "kpi", "agreement", "item", "result"]
Action = Literal["added", "removed", "changed", "renamed", "moved"]
UnitStatus = Literal["added", "removed", "changed", "affected"]


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that differs. `field` names the value for `changed` (criteria, target,
    weight, actual ...); `key` the sub-item (a dimension, a baseline year); `old`/`new`
    are the values (None where there is none)."""

    topic: Topic
    action: Action
    field: str = ""
    year: int | None = None
    round: str | None = None
    kpi: str | None = None
    key: str | None = None
    old: Any = None
    new: Any = None
    loc: Location | None = None  # in the head (in the base for what was removed)


@dataclass(frozen=True, slots=True)
class RowChange:
    """One KPI row of a scorecard whose score moved."""

    kpi: str
    actual: tuple[float | None, float | None]  # the actual that counts, or the milestone level
    computed: tuple[bool, bool]  # rolled up from the units below, before and after
    score: tuple[Decimal | None, Decimal | None]
    weighted: tuple[Decimal | None, Decimal | None]


@dataclass(frozen=True, slots=True)
class ScoreImpact:
    """A scorecard whose total moved (or that appeared or went)."""

    year: int
    round: str
    total: tuple[Decimal | None, Decimal | None]  # None: no scorecard, or nothing reported
    total_100: tuple[Decimal | None, Decimal | None]
    band: tuple[Text | None, Text | None]
    via_rollup: bool  # the unit's own files did not change: its total moved through the units below
    rows: tuple[RowChange, ...] = ()

    @property
    def delta(self) -> Decimal | None:
        before, after = self.total
        return after - before if before is not None and after is not None else None


@dataclass(frozen=True)
class UnitDiff:
    unit: str
    name: Text
    status: UnitStatus
    order: tuple[str, ...]  # ids from the top down to the unit: sorts units in tree order
    changes: tuple[Change, ...] = ()
    scores: tuple[ScoreImpact, ...] = ()
    introduced: tuple[Diagnostic, ...] = ()
    fixed: tuple[Diagnostic, ...] = ()
    kpi_names: Mapping[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class SideInfo:
    label: str  # the revision or folder as given, or "working tree"
    commit: str | None  # the commit a revision resolved to
    loaded: bool  # its files loaded without errors, so its model was compared


@dataclass(frozen=True)
class DiffReport:
    base: SideInfo
    head: SideInfo
    changed_files: tuple[str, ...]
    site: tuple[Change, ...]
    units: tuple[UnitDiff, ...]
    introduced: tuple[Diagnostic, ...]  # outside any unit (site.yaml, the content folder)
    fixed: tuple[Diagnostic, ...]
    round_names: Mapping[str, Text] = field(default_factory=dict)
    units_read: int | None = None  # how many units were read on each side (None: all)

    @property
    def compared(self) -> bool:
        return self.base.loaded and self.head.loaded

    def all_introduced(self) -> list[Diagnostic]:
        return [*self.introduced, *(d for u in self.units for d in u.introduced)]

    def all_fixed(self) -> list[Diagnostic]:
        return [*self.fixed, *(d for u in self.units for d in u.fixed)]

    @property
    def score_impacts(self) -> list[tuple[UnitDiff, ScoreImpact]]:
        return [(u, s) for u in self.units for s in u.scores]
