"""Score criteria: the right shape for the KPI and scheme, ordered in the KPI's
direction, and a stated target that is the level-3 (standard) value — for the annual
criteria, the criteria of each round, and the criteria an amendment adds or changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from builder.catalogue import format_number
from builder.diagnostics import Diagnostics
from builder.model import AgreementItem, Content, Criteria, Kpi, Location
from builder.rules.context import RuleContext


@dataclass(frozen=True, slots=True)
class _Written:
    """Criteria as written somewhere in an agreement, with the target stated beside them."""

    criteria: Criteria
    kpi: Kpi
    target: float | None
    target_loc: Location


def _items(content: Content) -> Iterator[tuple[AgreementItem, Kpi]]:
    for agreement in content.agreements.values():
        for item in agreement.all_items():
            kpi = content.kpi(agreement.unit, item.kpi)
            if kpi is not None:
                yield item, kpi


def _written(content: Content) -> Iterator[_Written]:
    """Every criteria of every agreement: annual, per round, and amended."""
    for item, kpi in _items(content):
        yield _Written(item.criteria, kpi, item.target, item.at("target"))
        for terms in item.rounds:
            if terms.criteria is not None:
                yield _Written(terms.criteria, kpi, terms.target, terms.at("target"))
    for agreement in content.agreements.values():
        for amendment in agreement.amendments:
            change = amendment.change
            changed = content.kpi(agreement.unit, amendment.kpi)
            if change is None or changed is None:
                continue
            if change.criteria is not None:
                yield _Written(change.criteria, changed, change.target, change.at("target"))
            for terms in change.rounds or ():
                if terms.criteria is not None:
                    yield _Written(terms.criteria, changed, terms.target, terms.at("target"))


def _expected_shape(kpi: Kpi, scheme: str) -> str:
    if kpi.kind in ("milestone", "mixed"):
        return kpi.kind
    return "three-tier" if scheme == "three-tier" else "five-level"


def _well_formed(criteria: Criteria) -> bool:
    """Steps only before values, and at least one value where values are expected."""
    if criteria.shape == "mixed":
        steps = criteria.steps
        return criteria.texts_at == tuple(range(steps)) and any(v is not None for v in criteria.levels[steps:])
    if criteria.shape == "five-level":
        return any(v is not None for v in criteria.levels)
    return True


def criteria_match_kpi_kind(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    scheme = content.site.scoring.scheme
    for written in _written(content):
        criteria, kpi = written.criteria, written.kpi
        if not _well_formed(criteria):
            diags.error("criteria.shape", criteria.loc, value=f"[{_shown(criteria)}]")
            continue
        expected = _expected_shape(kpi, scheme)
        if criteria.shape != expected:
            diags.error("criteria.kind-mismatch", criteria.loc, kind=kpi.kind, kpi=kpi.id, expected=expected)
        elif expected == "mixed" and scheme != "five-level":
            diags.error("criteria.mixed-needs-five-level", criteria.loc, kpi=kpi.id)


def criteria_monotonic_in_direction(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for written in _written(content):
        pairs = list(pairwise(written.criteria.given_values))  # levels left empty are skipped
        lower = written.kpi.direction == "lower"
        ordered = all(a > b for a, b in pairs) if lower else all(a < b for a, b in pairs)
        if not ordered:
            diags.error(
                "criteria.not-monotonic",
                written.criteria.loc,
                variant=written.kpi.direction,
                values=_shown(written.criteria),
            )


def target_is_level_3(content: Content, ctx: RuleContext, diags: Diagnostics) -> None:
    for written in _written(content):
        standard = written.criteria.standard
        if written.target is not None and standard is not None and abs(written.target - standard) > 1e-9:
            diags.error("criteria.target-not-level-3", written.target_loc, target=written.target, level3=standard)


def _shown(criteria: Criteria) -> str:
    """The levels as written, with texts as "…" and empty levels as "–"."""
    if criteria.tiers:
        return ", ".join(f"{k}: {format_number(v)}" for k, v in criteria.tiers.items())
    if criteria.shape == "milestone":
        return ", ".join("…" for _ in criteria.milestones)
    texts = set(criteria.texts_at)
    shown = ["…" if i in texts else ("–" if v is None else format_number(v)) for i, v in enumerate(criteria.levels)]
    return ", ".join(shown)
