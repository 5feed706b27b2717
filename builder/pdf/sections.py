"""The handbook's documents and what each one shows.

The handbook is printed in pieces that are laid out separately (in parallel, and cached
one by one) and joined afterwards:

- one `UnitSection` per unit in scope (`print/handbook-unit.html`), in tree order;
- the `FrontMatter`: cover and table of contents (`print/handbook-front.html`), laid out
  once the sections' page counts are known;
- the `Folios`: "page x of y" for a run of pages (`print/handbook-folios.html`), laid
  out in chunks and stamped on the joined pages, so that no section depends on where it
  lands in the book.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from builder.cascade import CascadeIndex
from builder.model import Content, Goal, Kpi, Round, Site, Unit
from builder.pdf.context import AgreementView, KpiRow, agreement_view
from builder.scoring.scorecard import KpiScore, Scorebook, Scorecard


@dataclass(frozen=True, slots=True)
class KpiTemplateView:
    """A KPI template (รายละเอียดตัวชี้วัด) with its goal and this year's agreed item."""

    kpi: Kpi
    goal: Goal | None
    row: KpiRow | None
    reporting: tuple[Round, ...]


@dataclass(frozen=True, slots=True)
class ScoreRow:
    score: KpiScore
    kpi: Kpi | None


@dataclass(frozen=True, slots=True)
class ScorecardView:
    card: Scorecard
    round: Round
    rows: tuple[ScoreRow, ...]
    group_names: Mapping[str, object]  # group id -> Text


@dataclass(frozen=True, slots=True)
class UnitSection:
    """Context of `print/handbook-unit.html`: everything the handbook prints of one unit."""

    site: Site
    year: int
    unit: Unit
    depth: int  # 1 for the top of the handbook's scope; the unit's bookmark level
    ancestors: tuple[Unit, ...]  # from the top of the scope down to the superior
    children: tuple[Unit, ...]
    strategy_map: str  # inline <svg>, the same as on the site ("" without goals)
    agreement: AgreementView | None
    kpis: tuple[KpiTemplateView, ...]
    scorecard: ScorecardView | None


@dataclass(frozen=True, slots=True)
class TocEntry:
    unit: Unit
    depth: int
    page: int  # 1-based page of the joined handbook


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Context of `print/handbook-front.html`: the cover and the table of contents."""

    site: Site
    year: int
    scope: Unit | None  # the subtree the handbook covers; None: the whole organisation
    printed_on: str  # ISO date
    toc: tuple[TocEntry, ...]


@dataclass(frozen=True, slots=True)
class Folios:
    """Context of `print/handbook-folios.html`: one blank page per handbook page from
    `first` to `last`, each carrying only its folio "page x of `total`"."""

    first: int  # 1-based page numbers of the joined handbook
    last: int
    total: int


def units_in_scope(content: Content, scope: str | None) -> Iterator[tuple[Unit, int]]:
    """Units in tree order (depth first, children as in the content) with their depth."""
    tops = (content.units[scope],) if scope else tuple(sorted(content.roots(), key=lambda u: u.id))
    stack = [(unit, 1) for unit in reversed(tops)]
    while stack:
        unit, depth = stack.pop()
        yield unit, depth
        stack.extend((child, depth + 1) for child in reversed(content.children(unit.id)))


def unit_section(
    content: Content,
    scores: Scorebook,
    cascade: CascadeIndex,
    unit: Unit,
    depth: int,
    year: int,
    unit_kpis: tuple[Kpi, ...],
    strategy_map: str,
) -> UnitSection:
    agreement = content.agreements.get((unit.id, year))
    view = agreement_view(content, cascade, agreement) if agreement else None
    return UnitSection(
        site=content.site,
        year=year,
        unit=unit,
        depth=depth,
        ancestors=_ancestors(content, unit, depth),
        children=content.children(unit.id),
        strategy_map=strategy_map,
        agreement=view,
        kpis=_kpi_templates(content, unit, unit_kpis, view),
        scorecard=latest_scorecard(content, scores, unit, year),
    )


def latest_scorecard(content: Content, scores: Scorebook, unit: Unit, year: int) -> ScorecardView | None:
    """The scorecard of the latest round of the year with reported results."""
    rounds = [r for r in content.site.rounds if not r.applies_to or unit.kind in r.applies_to]
    for round_ in sorted(rounds, key=lambda r: r.months, reverse=True):
        card = scores.card(unit.id, year, round_.id)
        if card is not None and card.reported_count:
            rows = tuple(ScoreRow(row, content.kpi(unit.id, row.kpi)) for row in card.rows)
            names = {d.id: d.name for d in content.site.dimensions} | {c.id: c.name for c in content.site.categories}
            return ScorecardView(card, round_, rows, names)
    return None


def _ancestors(content: Content, unit: Unit, depth: int) -> tuple[Unit, ...]:
    chain: list[Unit] = []
    current = unit
    while len(chain) < depth - 1 and current.parent and current.parent in content.units:
        current = content.units[current.parent]
        chain.append(current)
    return tuple(reversed(chain))


def kpis_by_unit(content: Content) -> dict[str, tuple[Kpi, ...]]:
    """Each unit's KPI templates, in the order of its kpis.yaml (one pass over all KPIs)."""
    index: dict[str, list[Kpi]] = {}
    for kpi in content.kpis.values():
        index.setdefault(kpi.unit, []).append(kpi)
    return {unit_id: tuple(kpis) for unit_id, kpis in index.items()}


def _kpi_templates(
    content: Content, unit: Unit, kpis: tuple[Kpi, ...], view: AgreementView | None
) -> tuple[KpiTemplateView, ...]:
    goals = {g.id: g for g in unit.strategy.goals}
    rounds = {r.id: r for r in content.site.rounds}
    return tuple(
        KpiTemplateView(
            kpi=kpi,
            goal=goals.get(kpi.goal or ""),
            row=view.row(kpi.id) if view else None,
            reporting=tuple(rounds[r] for r in kpi.reporting if r in rounds),
        )
        for kpi in kpis
    )
