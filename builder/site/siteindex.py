"""Lookups every page needs, computed once per build in linear time.

Pages ask "which KPIs does this unit own", "who carries this KPI below", "what is this
unit's latest scorecard" thousands of times; answering each from the raw content would
make the build quadratic, so the answers are indexed here first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.cascade import CascadeChild, CascadeIndex, cascade_index
from builder.model import Band, Content, Kpi, Result, Round, Text, Unit
from builder.scoring.schemes import scheme_for
from builder.scoring.scorecard import Scorebook, Scorecard


@dataclass
class SiteIndex:
    content: Content
    scores: Scorebook
    cascade: CascadeIndex = field(init=False)
    kpis_of: dict[str, list[Kpi]] = field(init=False)
    years_of: dict[str, tuple[int, ...]] = field(init=False)
    group_names: dict[str, Text] = field(init=False)
    _results: dict[tuple[str, int, str, str], Result] = field(init=False)
    _rounds: tuple[Round, ...] = field(init=False)
    _bands: tuple[Band, ...] = field(init=False)
    _agreed: set[tuple[str, int, str]] = field(init=False)  # (unit, year, KPI id) in an agreement
    _below_agreed: set[tuple[str, int]] = field(init=False)  # (unit, year): a child has an agreement

    def __post_init__(self) -> None:
        content = self.content
        self.cascade = cascade_index(content)
        self.kpis_of = {}
        for kpi in content.kpis.values():
            self.kpis_of.setdefault(kpi.unit, []).append(kpi)
        years: dict[str, set[int]] = {}
        for unit_id, year in content.agreements:
            years.setdefault(unit_id, set()).add(year)
        self.years_of = {uid: tuple(sorted(ys)) for uid, ys in years.items()}
        self._agreed = {(uid, year, item.kpi) for (uid, year), a in content.agreements.items() for item in a.items}
        self._below_agreed = {
            (parent, year)
            for unit_id, year in content.agreements
            if (parent := getattr(content.units.get(unit_id), "parent", None))
        }
        site = content.site
        self.group_names = {d.id: d.name for d in site.dimensions} | {c.id: c.name for c in site.categories}
        self._results = {(rs.unit, rs.year, rs.round, r.kpi): r for rs in content.results.values() for r in rs.results}
        scoring = site.scoring
        bands = scoring.bands or scheme_for(scoring).default_bands()
        self._bands = tuple(sorted(bands, key=lambda b: b.min, reverse=True))
        # rounds in reporting order: by how many months they cover, then as listed
        self._rounds = tuple(sorted(site.rounds, key=lambda r: r.months))

    @property
    def current_year(self) -> int | None:
        return self.content.site.current_year

    def ancestors(self, unit_id: str) -> tuple[Unit, ...]:
        """The unit's superiors, the top first (the unit itself excluded)."""
        chain: list[Unit] = []
        unit = self.content.units.get(unit_id)
        seen = {unit_id}
        while unit is not None and unit.parent and unit.parent in self.content.units and unit.parent not in seen:
            seen.add(unit.parent)
            unit = self.content.units[unit.parent]
            chain.append(unit)
        return tuple(reversed(chain))

    def has_page_for_year(self, unit_id: str, year: int) -> bool:
        return year in self.years_of.get(unit_id, ())

    def is_agreed(self, unit_id: str, year: int, kpi_id: str) -> bool:
        """Whether the KPI is in the unit's agreement that year (its KPI page has a section for it)."""
        return (unit_id, year, kpi_id) in self._agreed

    def rounds_for(self, unit: Unit) -> tuple[Round, ...]:
        return tuple(r for r in self._rounds if not r.applies_to or unit.kind in r.applies_to)

    def cards(self, unit: Unit, year: int) -> tuple[tuple[Round, Scorecard], ...]:
        """The unit's scorecards that year with something reported, in round order."""
        found = ((r, self.scores.card(unit.id, year, r.id)) for r in self.rounds_for(unit))
        return tuple((r, card) for r, card in found if card is not None and card.reported_count)

    def latest_card(self, unit: Unit, year: int) -> tuple[Round, Scorecard] | None:
        cards = self.cards(unit, year)
        return cards[-1] if cards else None

    def result(self, unit_id: str, year: int, round_id: str, kpi_id: str) -> Result | None:
        return self._results.get((unit_id, year, round_id, kpi_id))

    def carriers(self, unit_id: str, year: int, kpi_id: str) -> tuple[CascadeChild, ...]:
        """The items of the units directly below that derive from this KPI."""
        return self.cascade.get((unit_id, year, kpi_id), ())

    def children_have_agreements(self, unit_id: str, year: int) -> bool:
        return (unit_id, year) in self._below_agreed

    def is_gap(self, unit_id: str, year: int, kpi_id: str) -> bool:
        """A KPI nobody below carries although units below have agreements that year
        (the same definition as the `cascade.gap` warning of `build.py check`)."""
        return not self.carriers(unit_id, year, kpi_id) and self.children_have_agreements(unit_id, year)

    def band_rank(self, band: Band | None) -> int | None:
        """Position of a band among the bands in force (the site's, or the scheme's
        defaults), 0 the best: pages colour a band by its rank, not by its label."""
        if band is None:
            return None
        for rank, candidate in enumerate(self._bands):
            if candidate.min == band.min and candidate.label == band.label:
                return rank
        return None
