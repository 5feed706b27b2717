"""Parts of the organisation-wide outputs made from one unit's facts (its rows of the
scorecards workbook and CSV files, its share of a round's status and its entries of the
status export), kept from one build to the next by `kpibook serve`.

A kind of piece is held with the inputs every piece of it also depends on (the site
file, the language, the themes): when those differ, none is used. A piece is found by
its unit and what it is; it stays valid while the unit's facts are equal to those it was
made from: `builder.site.incremental.changed_units` compares every unit's facts (the
unit, its KPIs, agreements, results, scorecards and initiatives), and `carried_over`
leaves out the pieces of the units that changed (and, of a kind made from the units'
children too, those of their superiors). A clean build starts with none and
makes every piece the same way, so both write the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from builder.model import Unit

T = TypeVar("T")
Key = tuple[str, Hashable]  # (unit, what the piece is)


@dataclass
class UnitPieces:
    kinds: dict[str, tuple[object, dict[Key, object]]] = field(default_factory=dict)
    of_children: set[str] = field(default_factory=set)  # kinds made from the units' children's facts too

    def of(self, kind: str, inputs: object, children_too: bool = False) -> Pieces:
        """The pieces of one kind made with these shared inputs (none when they differ
        from those the held pieces were made with); `children_too`: each piece is made
        from its unit's children's facts as well (a KPI carried below or a gap)."""
        held = self.kinds.get(kind)
        if held is None or held[0] != inputs:
            held = self.kinds[kind] = (inputs, {})
        if children_too:
            self.of_children.add(kind)
        return Pieces(held[1])

    def carried_over(self, changed: Collection[str], units: Mapping[str, Unit]) -> UnitPieces:
        """The pieces of the `units` that are not `changed` (nor, for the kinds made from
        the children too, a superior of a changed unit), for the next build."""
        superiors = {parent for unit in changed if unit in units and (parent := units[unit].parent)}
        return UnitPieces(
            {
                kind: (
                    inputs,
                    {
                        key: piece
                        for key, piece in pieces.items()
                        if key[0] in units
                        and key[0] not in changed
                        and not (kind in self.of_children and key[0] in superiors)
                    },
                )
                for kind, (inputs, pieces) in self.kinds.items()
            },
            set(self.of_children),
        )


@dataclass
class Pieces:
    held: dict[Key, object]

    def get(self, unit: str, what: Hashable, make: Callable[[], T]) -> T:
        """The piece kept for this unit, or the one `make` makes (then kept)."""
        key = (unit, what)
        if key not in self.held:
            self.held[key] = make()
        return self.held[key]  # type: ignore[return-value]
