"""The unit tree is a tree: following `parent:` never comes back to where it started."""

from __future__ import annotations

from builder.diagnostics import Diagnostics
from builder.model import Content
from builder.rules.context import RuleContext


def cycles_in_unit_tree(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    """Each unit has one parent, so walking up finds every cycle in linear time."""
    done: set[str] = set()
    for start in sorted(content.units):
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current is not None and current in content.units and current not in done:
            if current in on_path:
                cycle = path[path.index(current) :]
                first = min(cycle)  # report once, at the cycle's first unit by id
                unit = content.units[first]
                shown = " → ".join([*cycle[cycle.index(first) :], *cycle[: cycle.index(first)], first])
                diags.error("unit.cycle", unit.at("parent"), cycle=shown)
                break
            path.append(current)
            on_path.add(current)
            current = content.units[current].parent
        done.update(path)
