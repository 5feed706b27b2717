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

from collections.abc import Mapping
from dataclasses import dataclass, field

from builder.model import Goal, Kpi, Round, RoundClosure, Site, Text, Unit
from builder.pdf.context import AgreementView, KpiRow, agreement_view
from builder.queries import Queries
from builder.scoring.scorecard import KpiScore, Scorecard
from builder.stamp import Stamp


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
    group_names: Mapping[str, Text]  # group id -> its name
    cancelled_from: Mapping[str, Text] = field(default_factory=dict)  # KPI id -> name of the round it is cancelled from
    closure: RoundClosure | None = None  # the round's certification, when it is closed


@dataclass(frozen=True, slots=True)
class UnitSection:
    """Context of `print/handbook-unit.html`: everything the handbook prints of one unit."""

    site: Site
    year: int
    unit: Unit
    depth: int  # 1 for the top of the handbook's scope; the unit's bookmark level
    kind_name: Text  # the label site.yaml gives the unit's kind (empty: the theme names it)
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
    stamp: Stamp  # the revision the handbook was built from (on the cover)
    toc: tuple[TocEntry, ...]


@dataclass(frozen=True, slots=True)
class Folios:
    """Context of `print/handbook-folios.html`: one blank page per handbook page from
    `first` to `last`, each carrying only its folio "page x of `total`"."""

    first: int  # 1-based page numbers of the joined handbook
    last: int
    total: int
    stamp: Stamp  # the revision, printed in every footer beside the folio


def unit_section(queries: Queries, unit: Unit, depth: int, year: int, strategy_map: str) -> UnitSection:
    content = queries.content
    agreement = content.agreements.get((unit.id, year))
    view = agreement_view(queries, agreement) if agreement else None
    return UnitSection(
        site=content.site,
        year=year,
        unit=unit,
        depth=depth,
        kind_name=queries.kind_names.get(unit.kind, Text()),
        ancestors=queries.ancestors(unit.id, limit=depth - 1),
        children=content.children(unit.id),
        strategy_map=strategy_map,
        agreement=view,
        kpis=_kpi_templates(queries, unit, view),
        scorecard=latest_scorecard(queries, unit, year),
    )


def latest_scorecard(queries: Queries, unit: Unit, year: int) -> ScorecardView | None:
    """The scorecard of the latest round of the year with reported results."""
    latest = queries.latest_card(unit, year)
    if latest is None:
        return None
    round_, card = latest
    rows = tuple(ScoreRow(row, queries.content.kpi(unit.id, row.kpi)) for row in card.rows)
    names = {group.group: queries.group_name(group.group) for group in card.groups}
    cancelled = {}
    for row in card.rows:
        amendment = row.terms.cancelled_by if row.terms else None
        if amendment is not None:
            first = queries.round(amendment.from_round)
            cancelled[row.kpi] = first.name if first else Text(amendment.from_round)
    return ScorecardView(card, round_, rows, names, cancelled, queries.closure(year, round_.id))


def _kpi_templates(queries: Queries, unit: Unit, view: AgreementView | None) -> tuple[KpiTemplateView, ...]:
    goals = {g.id: g for g in unit.strategy.goals}
    return tuple(
        KpiTemplateView(
            kpi=kpi,
            goal=goals.get(kpi.goal or ""),
            row=view.row(kpi.id) if view else None,
            reporting=queries.reporting_rounds(kpi),
        )
        for kpi in queries.kpis_of(unit.id)
    )
