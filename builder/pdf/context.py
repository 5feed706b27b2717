"""What the print templates show of an agreement, joined once from the model.

An agreement's items are printed with their KPI template, grouped by dimension (or by
category for individuals) in the site's order, with where each KPI comes from in the
superior's agreement and which KPIs of the units below derive from it. The signable
agreement and the handbook print the same `AgreementView`.

These are plain frozen dataclasses: picklable (they travel to worker processes) and with
a stable `repr` (it is part of a PDF's cache key).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from builder.model import (
    Agreement,
    AgreementItem,
    Amendment,
    CascadeKind,
    Emblem,
    Kpi,
    Person,
    Round,
    RoundTerms,
    Site,
    Text,
    Unit,
)
from builder.queries import Queries
from builder.stamp import Stamp
from builder.templating import about


@dataclass(frozen=True, slots=True)
class CascadeRef:
    """The other end of a cascade link: a KPI of the superior or of a unit below."""

    unit: Unit = field(metadata=about("The unit at the other end of the link."))
    kpi_id: str = field(metadata=about("Its KPI's id."))
    kpi: Kpi | None = field(metadata=about("Its KPI template, when it exists."))
    kind: CascadeKind = field(metadata=about("How the lower KPI derives: `direct`, `split` or `contributing`."))


@dataclass(frozen=True, slots=True)
class KpiRow:
    """One KPI of an agreement: the agreed item, its template, and its cascade links."""

    item: AgreementItem = field(metadata=about("The agreed item: weight, target, criteria, baseline, responsible."))
    kpi: Kpi | None = field(metadata=about("The KPI template of the item."))
    weight: float = field(metadata=about("Its weight as given, or its importance multiplier (×3, ×2, ×1)."))
    parents: tuple[CascadeRef, ...] = field(metadata=about("The superior's KPIs it derives from."))
    children: tuple[CascadeRef, ...] = field(
        metadata=about("KPIs of the units below that derive from it (empty in the signable agreement).")
    )
    due: tuple[Round, ...] = field(default=(), metadata=about("The rounds the KPI is due in, as signed."))
    every_round: bool = field(default=True, metadata=about("True when it is due in every round of the unit."))
    rounds: tuple[tuple[Round, RoundTerms], ...] = field(
        default=(), metadata=about("The item's own terms for particular rounds (criteria, weight, target).")
    )
    amended: tuple[AmendmentRow, ...] = field(default=(), metadata=about("Amendments that cancel or change it."))


@dataclass(frozen=True, slots=True)
class AmendmentRow:
    """One amendment of the agreement, numbered in the order they apply."""

    number: int = field(metadata=about("Its number, in the order the amendments apply."))
    amendment: Amendment = field(metadata=about("The amendment: action, KPI, date, reason, new terms."))
    round: Round | None = field(metadata=about("The first round it applies to."))
    kpi: Kpi | None = field(metadata=about("The template of the KPI it cancels, adds or changes."))


@dataclass(frozen=True, slots=True)
class ItemGroup:
    """A dimension (organisations, divisions, districts, groups) or a category (people)."""

    id: str = field(metadata=about("Dimension or category id."))
    name: Text = field(metadata=about("Its name."))
    weight: float | None = field(metadata=about("The agreed weight of the dimension, where one is set."))
    item_weight: float = field(metadata=about("The sum of its KPIs' weights."))
    rows: tuple[KpiRow, ...] = field(metadata=about("Its KPIs, in agreement order."))


@dataclass(frozen=True, slots=True)
class AgreementView:
    """An agreement's KPIs as printed: grouped, in the site's order, with their cascade links."""

    agreement: Agreement = field(metadata=about("The agreement: year, signatories, date, weighting."))
    groups: tuple[ItemGroup, ...] = field(metadata=about("Its KPIs by dimension or category, in the site's order."))
    total_weight: float = field(metadata=about("The sum of all its KPIs' weights."))
    by_importance: bool = field(metadata=about("True when weights are importance multipliers (×3, ×2, ×1)."))
    amendments: tuple[AmendmentRow, ...] = field(
        default=(), metadata=about("The changes after signing, in order (`groups` stay as signed).")
    )

    def row(self, kpi_id: str) -> KpiRow | None:
        return next((r for g in self.groups for r in g.rows if r.item.kpi == kpi_id), None)


@dataclass(frozen=True, slots=True)
class AgreementDocument:
    """Context of `print/agreement.html`: one signable agreement (คำรับรองการปฏิบัติราชการ)."""

    template: ClassVar[str] = "agreement.html"

    site: Site = field(metadata=about("The site settings: organisation, dimensions, categories, rounds."))
    unit: Unit = field(metadata=about("The unit the agreement is for (ผู้รับการประเมิน's unit)."))
    superior: Unit | None = field(metadata=about("The unit above it, which evaluates it."))
    year: int = field(metadata=about("Fiscal year, Buddhist Era."))
    period_start: str = field(metadata=about("First day of the fiscal year (ISO; show with the `date` filter)."))
    period_end: str = field(metadata=about("Last day of the fiscal year (ISO)."))
    view: AgreementView = field(metadata=about("The KPI table: groups, rows, weights, amendments."))
    evaluatee: Person | None = field(
        metadata=about("ผู้รับการประเมิน: the signatory the agreement names, else the unit's head.")
    )
    evaluator: Person | None = field(
        metadata=about("ผู้ประเมิน: the signatory the agreement names, else the superior's head.")
    )
    signed_on: str | None = field(metadata=about("Date of signing (ISO), or none: a blank line to sign on."))
    stamp: Stamp = field(
        metadata=about("The revision it was built from (`stamp.revision`, `stamp.date`, `stamp.dirty`): the footer.")
    )
    emblem: Emblem | None = field(
        default=None,
        metadata=about(
            "The emblem at the top (`emblem|data_uri`): the unit's own seal, the nearest superior's, or the "
            "organisation's (`Queries.emblem_of`); none: the theme's `print/emblem.*`, if any."
        ),
    )


def agreement_view(queries: Queries, agreement: Agreement, with_children: bool = True) -> AgreementView:
    """`with_children` False: rows without the units below (the signable agreement does
    not show them, and then a change below does not make it stale in the cache)."""
    content = queries.content
    unit = content.units[agreement.unit]
    weights = agreement.effective_weights()
    history = tuple(
        AmendmentRow(n, a, queries.round(a.from_round), queries.content.kpi(unit.id, a.kpi))
        for n, a in enumerate(queries.amendments_in_order(agreement), start=1)
    )
    rows = [
        _kpi_row(queries, unit, agreement.year, item, weights.get(item.kpi, 0.0), with_children, history)
        for item in agreement.items
    ]
    groups = tuple(
        ItemGroup(
            id=group_id,
            name=queries.group_name(group_id),
            weight=queries.group_weight(agreement, group_id),
            item_weight=sum(r.weight for r in rows if r.item.group == group_id),
            rows=tuple(r for r in rows if r.item.group == group_id),
        )
        for group_id in queries.groups_in_order(agreement)
    )
    return AgreementView(
        agreement=agreement,
        groups=groups,
        total_weight=sum(weights.values()),
        by_importance=agreement.weighting == "importance",
        amendments=history,
    )


def agreement_document(queries: Queries, agreement: Agreement, stamp: Stamp) -> AgreementDocument:
    from builder.fiscal import fiscal_year_end, fiscal_year_start

    content = queries.content
    unit = content.units[agreement.unit]
    superior = content.units.get(unit.parent) if unit.parent else None
    return AgreementDocument(
        site=content.site,
        unit=unit,
        superior=superior,
        year=agreement.year,
        period_start=fiscal_year_start(agreement.year).isoformat(),
        period_end=fiscal_year_end(agreement.year).isoformat(),
        view=agreement_view(queries, agreement, with_children=False),
        evaluatee=agreement.evaluatee or unit.head,
        evaluator=agreement.evaluator or (superior.head if superior else None),
        signed_on=agreement.signed_on,
        stamp=stamp,
        emblem=queries.emblem_of(unit.id),
    )


def _kpi_row(
    queries: Queries,
    unit: Unit,
    year: int,
    item: AgreementItem,
    weight: float,
    with_children: bool,
    history: tuple[AmendmentRow, ...],
) -> KpiRow:
    content = queries.content
    superior = content.units.get(unit.parent) if unit.parent else None
    parents = tuple(
        CascadeRef(superior, link.parent_kpi, content.kpi(superior.id, link.parent_kpi), link.kind)
        for link in item.cascade
        if superior is not None
    )
    carriers = queries.carriers(unit.id, year, item.kpi) if with_children else ()
    children = tuple(
        CascadeRef(content.units[child.unit], child.item.kpi, content.kpi(child.unit, child.item.kpi), child.link.kind)
        for child in carriers
        if child.unit in content.units
    )
    return KpiRow(
        item=item,
        kpi=content.kpi(unit.id, item.kpi),
        weight=weight,
        parents=parents,
        children=children,
        due=queries.due_rounds(unit, item),
        every_round=queries.due_every_round(unit, item),
        rounds=queries.item_rounds(item),
        amended=tuple(h for h in history if h.amendment.kpi == item.kpi and h.amendment.action != "add"),
    )
