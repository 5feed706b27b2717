"""What an agreement holds a unit to in one round: the items in force after the
amendments that apply by then, whether each KPI is due, and the criteria and weight the
round is scored with.

- **Amendments** apply from their round on, in reporting order: a KPI cancelled from m9
  counts in m6 and is cancelled in m9 and m12; an item changed from m9 keeps its signed
  terms in m6. The signed items stay as they were (`Agreement.items`).
- **Due**: a KPI is due in the rounds its template names for reporting (`reporting:`)
  and in the rounds its item gives terms for (`rounds:`); a template naming no rounds is
  due in every round of the unit. Only due KPIs are part of a round's scorecard (a KPI
  template and the e-SAR card give each KPI its reporting rounds).
- **Criteria and weight of a round**: the round's own where the item gives them (a 6-month
  disbursement target below the annual one), else the annual ones.

Pure functions over the model: scoring, the rules and the pages all use them (through
`builder.queries` for the pages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from builder.model import Agreement, AgreementItem, Amendment, Criteria, ItemChange, Kpi

RowStatus = Literal["due", "not-due", "cancelled"]


@dataclass(frozen=True, slots=True)
class ItemTerms:
    """One KPI of an agreement in one round."""

    item: AgreementItem  # as in force that round (amended where an amendment applies)
    status: RowStatus
    criteria: Criteria  # the round's own where given, else the annual criteria
    weight: float  # the round's weight (or importance) where given, else the annual one
    annual_weight: float  # the weight (or importance) of the item in force, for the whole year
    round_criteria: bool  # criteria of this round were given
    round_weight: bool  # a weight of this round was given
    target: float | None  # the round's target: its level 3 (or the stated target)
    amendments: tuple[Amendment, ...]  # the amendments that shaped the item by this round

    @property
    def due(self) -> bool:
        return self.status == "due"

    @property
    def cancelled_by(self) -> Amendment | None:
        """The amendment that cancelled the KPI by this round (None while it is in force)."""
        return self.amendments[-1] if self.status == "cancelled" and self.amendments else None


def item_weight(agreement: Agreement, item: AgreementItem) -> float:
    """The annual weight as given, or the importance multiplier (3/2/1)."""
    value = item.importance if agreement.weighting == "importance" else item.weight
    return float(value or 0)


def due_rounds(kpi: Kpi | None, item: AgreementItem, unit_rounds: Sequence[str]) -> tuple[str, ...]:
    """The rounds of the unit in which the KPI is due, in the order given."""
    if kpi is None or not kpi.reporting:
        return tuple(unit_rounds)
    named = set(kpi.reporting) | {terms.round for terms in item.rounds}
    return tuple(r for r in unit_rounds if r in named)


def amended(item: AgreementItem, change: ItemChange) -> AgreementItem:
    """The item with the fields the change gives; the others as they were."""
    # new criteria without a new target: the old target is not the level 3 of new criteria
    kept = None if change.criteria is not None else item.target
    return replace(
        item,
        weight=item.weight if change.weight is None else change.weight,
        importance=item.importance if change.importance is None else change.importance,
        criteria=item.criteria if change.criteria is None else change.criteria,
        target=kept if change.target is None else change.target,
        rounds=item.rounds if change.rounds is None else change.rounds,
    )


def applying_by(agreement: Agreement, position: int, order: Mapping[str, int]) -> list[Amendment]:
    """The amendments applying by the round at `position`, in the order they apply: by
    their round, then as listed."""
    dated = [(order[a.from_round], i, a) for i, a in enumerate(agreement.amendments) if a.from_round in order]
    return [a for pos, _i, a in sorted(dated, key=lambda t: t[:2]) if pos <= position]


def kpis_before_each(agreement: Agreement, order: Mapping[str, int]) -> Iterator[tuple[Amendment, frozenset[str]]]:
    """Each amendment (of a known round) in the order they apply, with the KPIs in force
    just before it applies."""
    in_force = {item.kpi for item in agreement.items}
    for amendment in applying_by(agreement, max(order.values(), default=0), order):
        yield amendment, frozenset(in_force)
        if amendment.action == "cancel":
            in_force.discard(amendment.kpi)
        elif amendment.action == "add":
            in_force.add(amendment.kpi)


def items_in_force(
    agreement: Agreement, position: int, order: Mapping[str, int]
) -> tuple[dict[str, AgreementItem], dict[str, AgreementItem], dict[str, list[Amendment]]]:
    """(items in force, items cancelled, amendments by KPI) at the round at `position`."""
    in_force = {item.kpi: item for item in agreement.items}
    cancelled: dict[str, AgreementItem] = {}
    history: dict[str, list[Amendment]] = {}
    for amendment in applying_by(agreement, position, order):
        kpi = amendment.kpi
        if amendment.action == "cancel" and kpi in in_force:
            cancelled[kpi] = in_force.pop(kpi)
        elif amendment.action == "add" and amendment.item is not None and kpi not in in_force:
            in_force[kpi] = amendment.item
            cancelled.pop(kpi, None)
        elif amendment.action == "change" and amendment.change is not None and kpi in in_force:
            in_force[kpi] = amended(in_force[kpi], amendment.change)
        else:
            continue  # names a KPI not in force: `check` reports it (amendment.unknown-kpi)
        history.setdefault(kpi, []).append(amendment)
    return in_force, cancelled, history


def round_terms(
    agreement: Agreement,
    round_id: str,
    order: Mapping[str, int],
    unit_rounds: Sequence[str],
    kpi_of: Callable[[str], Kpi | None],
) -> tuple[ItemTerms, ...]:
    """Every KPI of the agreement in one round, in agreement order (added KPIs after the
    signed ones): the ones in force, due or not, and the ones cancelled by then.

    `order` gives each round's position in reporting order; `unit_rounds` the rounds the
    unit reports in; `kpi_of` a KPI template by id."""
    position = order.get(round_id, -1)
    in_force, cancelled, history = items_in_force(agreement, position, order)
    terms = []
    for kpi_id in dict.fromkeys(item.kpi for item in agreement.all_items()):
        item = in_force.get(kpi_id) or cancelled.get(kpi_id)
        if item is None:
            continue  # added from a later round
        if kpi_id in cancelled:
            status: RowStatus = "cancelled"
        elif round_id in due_rounds(kpi_of(kpi_id), item, unit_rounds):
            status = "due"
        else:
            status = "not-due"
        terms.append(_terms(agreement, item, round_id, status, tuple(history.get(kpi_id, ()))))
    return tuple(terms)


def _terms(
    agreement: Agreement, item: AgreementItem, round_id: str, status: RowStatus, history: tuple[Amendment, ...]
) -> ItemTerms:
    own = item.terms(round_id)
    criteria = own.criteria if own is not None and own.criteria is not None else item.criteria
    by_importance = agreement.weighting == "importance"
    round_value = (own.importance if by_importance else own.weight) if own is not None else None
    annual = item_weight(agreement, item)
    target: float | None
    if own is not None and own.target is not None:
        target = own.target
    elif own is not None and own.criteria is not None:
        target = own.criteria.standard
    else:
        target = item.target if item.target is not None else item.criteria.standard
    return ItemTerms(
        item=item,
        status=status,
        criteria=criteria,
        weight=float(round_value) if round_value is not None else annual,
        annual_weight=annual,
        round_criteria=own is not None and own.criteria is not None,
        round_weight=round_value is not None,
        target=target,
        amendments=history,
    )
