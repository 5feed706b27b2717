"""The handbook's documents and what each one shows.

The handbook is printed in pieces that are laid out separately (in parallel, and cached
one by one) and joined afterwards:

- the chapters of the year's work, before the units (`builder.pdf.year`): the process
  calendar (`print/handbook-calendar.html`) and, for the whole organisation, the
  alignment with the plans above (`print/handbook-alignment.html`);
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
from typing import ClassVar

from builder.model import Emblem, Goal, Kpi, Round, RoundClosure, Site, Text, Unit
from builder.pdf.context import AgreementView, KpiRow, agreement_view
from builder.pdf.year import UnitInitiatives, unit_initiatives
from builder.queries import Queries
from builder.scoring.scorecard import KpiScore, Scorecard
from builder.stamp import Stamp
from builder.templating import about


@dataclass(frozen=True, slots=True)
class KpiTemplateView:
    """A KPI template (รายละเอียดตัวชี้วัด) with its goal and this year's agreed item."""

    kpi: Kpi = field(metadata=about("The KPI template: description, formula, baseline, data, people, ..."))
    goal: Goal | None = field(metadata=about("The goal it measures."))
    row: KpiRow | None = field(metadata=about("Its item in this year's agreement, if it is in it."))
    reporting: tuple[Round, ...] = field(metadata=about("The rounds it is reported in, in reporting order."))


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One row of a printed scorecard."""

    score: KpiScore = field(metadata=about("The scored row: actual, level, scores, weighted score, due or not."))
    kpi: Kpi | None = field(metadata=about("Its KPI template."))


@dataclass(frozen=True, slots=True)
class PrintedScorecard:
    """The scorecard a handbook section prints: the unit's latest round with results."""

    card: Scorecard = field(metadata=about("The scorecard: group totals, total, total on 100, band."))
    round: Round = field(metadata=about("Its reporting round."))
    rows: tuple[ScoreRow, ...] = field(metadata=about("Its rows with their KPI templates."))
    group_names: Mapping[str, Text] = field(metadata=about("Names of the dimensions or categories, by id."))
    cancelled_from: Mapping[str, Text] = field(
        default_factory=dict, metadata=about("KPI id → name of the round from which it is cancelled.")
    )
    closure: RoundClosure | None = field(
        default=None, metadata=about("The round's certification (who closed it, when), when it is closed.")
    )


@dataclass(frozen=True, slots=True)
class UnitSection:
    """Context of `print/handbook-unit.html`: everything the handbook prints of one unit."""

    template: ClassVar[str] = "handbook-unit.html"

    site: Site = field(metadata=about("The site settings: organisation, dimensions, categories, rounds."))
    year: int = field(metadata=about("The fiscal year the handbook is for."))
    unit: Unit = field(metadata=about("The unit: kind, name, head, strategy."))
    depth: int = field(
        metadata=about("1 for the top of the handbook's scope, then one more per level: its bookmark level.")
    )
    kind_name: Text = field(
        metadata=about("The label site.yaml gives the unit's kind (empty: the theme's `print.kind.*` names it).")
    )
    ancestors: tuple[Unit, ...] = field(metadata=about("Units from the top of the scope down to its superior."))
    children: tuple[Unit, ...] = field(metadata=about("The units directly below."))
    strategy_map: str = field(metadata=about("The strategy map, the site's inline SVG (empty without goals)."))
    agreement: AgreementView | None = field(metadata=about("Its agreement of the year, with cascade links."))
    kpis: tuple[KpiTemplateView, ...] = field(metadata=about("Its KPI templates, with this year's items."))
    scorecard: PrintedScorecard | None = field(metadata=about("Its latest scorecard of the year with results."))
    initiatives: UnitInitiatives | None = field(
        metadata=about("Its projects and activities that year, with budget totals (none without any).")
    )


@dataclass(frozen=True, slots=True)
class TocKpi:
    """A KPI template listed under its unit in the table of contents."""

    kpi: Kpi = field(metadata=about("The KPI."))
    page: int = field(metadata=about("The page its template starts on in the joined handbook (1-based)."))


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One line of the table of contents: a chapter of the year's work or a unit's section."""

    key: str = field(metadata=about("The unit's id, or a chapter's key (`builder.pdf.year`): where the line links to."))
    title: Text = field(metadata=about("The unit's name (empty for a chapter: `print.chapter.<chapter>` names it)."))
    depth: int = field(metadata=about("Its depth in the scope (1: the top), for the indent."))
    page: int = field(metadata=about("The page its section starts on in the joined handbook (1-based)."))
    chapter: str = field(default="", metadata=about("`calendar` or `alignment` for a chapter; empty for a unit."))
    kpis: tuple[TocKpi, ...] = field(
        default=(), metadata=about("A unit's KPI templates with the page each starts on, in the section's order.")
    )
    book: str = field(
        default="",
        metadata=about("In the index of a handbook split into books: the other book its section is in ('': this one)."),
    )


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Context of `print/handbook-front.html`: the cover and the table of contents."""

    template: ClassVar[str] = "handbook-front.html"

    site: Site = field(metadata=about("The site settings: organisation name and short name."))
    year: int = field(metadata=about("The fiscal year the handbook is for."))
    scope: Unit | None = field(
        metadata=about("The unit whose subtree the handbook covers; none: the whole organisation.")
    )
    stamp: Stamp = field(
        metadata=about("The revision the handbook was built from (`stamp.revision`, `stamp.date`): on the cover.")
    )
    toc: tuple[TocEntry, ...] = field(metadata=about("The table of contents, in tree order."))
    emblem: Emblem | None = field(
        default=None,
        metadata=about(
            "The emblem on the cover (`emblem|data_uri`): the organisation's, or that of the unit the handbook "
            "covers; none: the theme's `print/emblem.*`, if any."
        ),
    )


@dataclass(frozen=True, slots=True)
class Folios:
    """Context of `print/handbook-folios.html`: one blank page per number of `numbers`,
    each carrying only its folio "page x of `total`" (the handbook's pages `first` to
    `last`, or the samples the other folios are written from: `builder/pdf/folio_stamps.py`)."""

    template: ClassVar[str] = "handbook-folios.html"

    first: int = field(metadata=about("The first handbook page of this chunk (1-based)."))
    last: int = field(metadata=about("Its last page."))
    total: int = field(metadata=about("The number of pages of the whole handbook."))
    stamp: Stamp = field(metadata=about("The revision, printed in every footer beside the folio."))
    numbers: tuple[int, ...] = field(
        default=(),
        metadata=about("The page numbers to print, one page each, in order: `first` to `last`, or the samples."),
    )


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
        initiatives=unit_initiatives(queries, unit, year),
    )


def latest_scorecard(queries: Queries, unit: Unit, year: int) -> PrintedScorecard | None:
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
    return PrintedScorecard(card, round_, rows, names, cancelled, queries.closure(year, round_.id))


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
