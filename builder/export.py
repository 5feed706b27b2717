"""The JSON export: every scorecard and each unit's initiatives of a year as files under
output/data/, with an index, for an intranet dashboard or a spreadsheet (every document
is described by schemas/export.schema.json).

    data/index.json                          the site, scoring, rounds and units, and per
                                             unit its scorecards (file, total, band)
    data/units/<unit>/<year>/<round>.json    one scorecard: every KPI's actual, scores,
                                             weight and weighted score, group totals,
                                             total, 100-point base and band
    data/status/<year>/<round>.json          who still owes what in a round
                                             (builder/export_status.py)
    data/units/<unit>/<year>/initiatives.json  the unit's initiatives of a year and their
                                             money (builder/export_initiatives.py)

Scores, weights and totals are JSON numbers holding the exact four-decimal value (3.7 is
3.7000: JSON does not keep trailing zeros). Only what the pipeline hands over is
exported: when individual results are not published, people's scorecards were removed
before this step, so their units appear with no scorecards.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from builder.export_initiatives import initiative_years, initiatives_document, initiatives_entry, initiatives_file
from builder.export_status import PIECE, PIECE_IN_JSON, export_status
from builder.json_values import indented_json, json_number, json_person, json_text
from builder.model import Agreement, Amendment, Band, Content, Criteria, RoundClosure, Text
from builder.options import BuildOptions
from builder.output import write_text
from builder.queries import Queries
from builder.scoring.rollup import children_rows
from builder.scoring.schemes import scheme_for
from builder.scoring.scorecard import GroupTotal, KpiScore, Scorebook, Scorecard
from builder.stamp import Stamp
from builder.unit_pieces import UnitPieces

FORMAT_VERSION = 1
Json = dict[str, Any]


def export_json(
    content: Content,
    scores: Scorebook,
    stage: Path,
    options: BuildOptions,
    only_units: Collection[str] | None = None,
    pieces: UnitPieces | None = None,
    queries: Queries | None = None,
) -> None:
    """Every scorecard, every unit's initiatives and the index; with `only_units`
    (`kpibook serve`, writing over its previous output), only those units' files are
    written again, and those of their files no longer produced are removed; `pieces`: the unchanged units'
    parts kept from the last build. `queries`: those of the same content, scores and
    pieces that the site was written from (what they worked out is not worked out again)."""
    queries = queries or Queries(content, scores, pieces)
    units = exported_units(content, options.unit)
    data = stage / "data"
    written: set[Path] = set()
    for card in scores.cards.values():
        if card.unit in units and (only_units is None or card.unit in only_units):
            write_text(data / card_file(card), _dumps(scorecard_document(queries, card)))
            written.add(data / card_file(card))
    for unit in sorted(units) if only_units is None else sorted(units & set(only_units)):
        for year in initiative_years(queries, unit):
            write_text(data / initiatives_file(unit, year), _dumps(initiatives_document(queries, unit, year)))
            written.add(data / initiatives_file(unit, year))
    for unit in only_units or ():
        folder = data / "units" / unit
        for stale in [f for f in folder.rglob("*.json") if f not in written] if folder.is_dir() else []:
            stale.unlink()
    status = export_status(queries, stage, options)
    write_text(data / "index.json", index_json(queries, units, options.stamped, status))


def exported_units(content: Content, top: str | None) -> set[str]:
    """Every unit, or the subtree of `top` when the build is for one unit's subtree."""
    if top is None or top not in content.units:
        return set(content.units)
    found, stack = set(), [top]
    while stack:
        unit = stack.pop()
        if unit not in found:
            found.add(unit)
            stack.extend(content.children_of.get(unit, ()))
    return found


def card_file(card: Scorecard) -> str:
    """Path of a scorecard's file, relative to data/ (IDs are slugs, safe as names)."""
    return _file(card.unit, card.year, card.round)


def _file(unit: str, year: int, round_id: str) -> str:
    return f"units/{unit}/{year}/{round_id}.json"


def _dumps(document: Json, indent: int | None = None) -> str:
    # scorecards are written compact: json's fast C encoder only runs without `indent`
    return json.dumps(document, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":")) + "\n"


# -- index -----------------------------------------------------------------------------


def index_json(queries: Queries, units: Iterable[str], stamp: Stamp, status: list[Json]) -> str:
    """`index_document` as `json.dumps(..., indent=2)` writes it, each unit's entry put in
    as text: with the queries' `pieces` (`kpibook serve`), the text kept from the last
    build where the unit's facts did not change."""
    parts = queries.pieces.of("index-json", None) if queries.pieces is not None else None
    entries: list[str] = []

    def entry(unit_id: str) -> str:
        def text() -> str:
            return indented_json(_unit_entry(queries, unit_id), depth=2)

        entries.append(parts.get(unit_id, "index", text) if parts is not None else text())
        return f"{PIECE}{len(entries) - 1}"

    document = index_document(queries, (), stamp, status)
    document["units"] = [entry(unit_id) for unit_id in sorted(units)]
    skeleton = indented_json(document)
    return PIECE_IN_JSON.sub(lambda found: entries[int(found.group(1))], skeleton) + "\n"


def index_document(queries: Queries, units: Iterable[str], stamp: Stamp, status: list[Json] | None = None) -> Json:
    site = queries.site
    scheme = scheme_for(site.scoring)
    return {
        "kind": "index",
        "version": FORMAT_VERSION,
        "revision": {
            "revision": stamp.revision,
            "commit": stamp.commit,
            "date": stamp.date,
            "uncommitted": stamp.dirty,
            "built": stamp.built,
        },
        "site": {
            "name": json_text(site.name),
            "short_name": json_text(site.short_name),
            "languages": list(site.languages),
        },
        "fiscal_years": list(site.fiscal_years),
        "scoring": {
            "scheme": scheme.name,
            "scale": json_number(scheme.top()),
            "bands": [_band(b) for b in queries.bands],
        },
        "rounds": [
            {"id": r.id, "name": json_text(r.name), "months": r.months, "for": list(r.applies_to)}
            for r in queries.rounds
        ],
        "unit_kinds": [{"id": k.id, "name": json_text(k.name), "individual": k.individual} for k in queries.unit_kinds],
        "units": [_unit_entry(queries, uid) for uid in sorted(units)],
        "status": status or [],
    }


def _unit_entry(queries: Queries, unit_id: str) -> Json:
    unit = queries.content.units[unit_id]
    years = queries.site.fiscal_years
    cards = [card for year in years for _round, card in queries.all_cards(unit, year)]
    latest = [queries.latest_card(unit, year) for year in years]
    return {
        "id": unit.id,
        "kind": unit.kind,
        "name": json_text(unit.name),
        "short_name": json_text(unit.short_name),
        "parent": unit.parent,
        "scorecards": [_card_entry(c) for c in cards],
        "year_to_date": [{"year": card.year, "round": card.round} for _round, card in filter(None, latest)],
        "amendments": [
            {"year": year, "history": [_amendment(n, a) for n, a in enumerate(history, start=1)]}
            for year in years
            if (history := _history(queries, unit_id, year))
        ],
        "initiatives": [initiatives_entry(queries, unit_id, year) for year in initiative_years(queries, unit_id)],
    }


def _card_entry(card: Scorecard) -> Json:
    return {
        "year": card.year,
        "round": card.round,
        "file": card_file(card),
        "reported_count": card.reported_count,
        "total": json_number(card.total),
        "total_100": json_number(card.total_100),
        "band": _band(card.band),
    }


# -- one scorecard ---------------------------------------------------------------------


def scorecard_document(queries: Queries, card: Scorecard) -> Json:
    content = queries.content
    unit = content.units[card.unit]
    round_ = queries.round(card.round)
    agreement = content.agreements.get((card.unit, card.year))
    history = _numbered(queries, agreement)
    return {
        "kind": "scorecard",
        "version": FORMAT_VERSION,
        "unit": {"id": unit.id, "kind": unit.kind, "name": json_text(unit.name)},
        "year": card.year,
        "round": {
            "id": card.round,
            "name": json_text(round_.name if round_ else Text()),
            "months": round_.months if round_ else None,
        },
        "year_to_date": queries.is_latest(card),
        "scheme": card.scheme,
        "scale": json_number(card.scale),
        "weight_total": json_number(card.weight_total),
        "due_count": card.due_count,
        "reported_count": card.reported_count,
        "total": json_number(card.total),
        "total_100": json_number(card.total_100),
        "band": _band(card.band),
        "previous_year": _previous(queries.previous_year(card)),
        "groups": [_group(queries, g) for g in card.groups],
        "kpis": [_row(queries, card, row, history) for row in card.rows],
        "amendments": sorted(
            (_amendment(history[id(a)], a) for a in card.amendments if id(a) in history), key=lambda a: a["number"]
        ),
        "closure": _closure(queries.closure(card.year, card.round), card.unit),
    }


def _closure(closure: RoundClosure | None, unit_id: str) -> Json | None:
    """The round's certification, with the corrections recorded since that touch the unit."""
    if closure is None:
        return None
    return {
        "closed_on": closure.closed_on,
        "closed_by": json_person(closure.closed_by),
        "revision": closure.revision,
        "corrections": [
            {
                "file": c.file,
                "kpi": c.kpi,
                "date": c.corrected_on,
                "by": json_person(c.by),
                "reason": json_text(c.reason),
            }
            for c in closure.corrections
            if c.unit == unit_id
        ],
    }


def _previous(card: Scorecard | None) -> Json | None:
    if card is None or not card.reported_count:
        return None
    return {
        "year": card.year,
        "total": json_number(card.total),
        "total_100": json_number(card.total_100),
        "band": _band(card.band),
    }


def _group(queries: Queries, group: GroupTotal) -> Json:
    return {
        "id": group.group,
        "name": json_text(queries.group_names.get(group.group, Text())),
        "weight": json_number(group.weight),
        "weighted": json_number(group.weighted),
    }


def _row(queries: Queries, card: Scorecard, row: KpiScore, history: dict[int, int]) -> Json:
    kpi = queries.content.kpi(card.unit, row.kpi)
    terms = row.terms
    return {
        "id": row.kpi,
        "name": json_text(kpi.name if kpi else Text()),
        "kind": kpi.kind if kpi else None,
        "direction": kpi.direction if kpi else None,
        "unit_of_measure": json_text(kpi.unit_of_measure if kpi else Text()),
        "group": row.group,
        "status": row.status,
        "due": row.due,
        "weight": json_number(row.weight),
        "annual_weight": json_number(_dec(terms.annual_weight)) if terms else None,
        "round_weight": terms.round_weight if terms else False,
        "weight_share": json_number(row.weight_share),
        "criteria": _criteria(terms.criteria) if terms else None,
        "round_criteria": terms.round_criteria if terms else False,
        "target": terms.target if terms else None,
        "amendments": [history[id(a)] for a in (terms.amendments if terms else ()) if id(a) in history],
        "reported": row.reported,
        "computed": row.computed,
        "actual": row.actual,
        "level": row.level,
        "partial": row.partial,
        "self_actual": row.self_actual,
        "self_level": row.self_level,
        "self_score": json_number(row.self_score),
        "verified_score": json_number(row.verified_score),
        "score": json_number(row.score),
        "weighted": json_number(row.weighted),
        "reason": json_text(row.reason) if row.reason else None,
        "carried_by": [
            {
                "unit": child.unit,
                "kpi": child.kpi,
                "cascade": child.kind,
                "file": _file(child.unit, card.year, child.round) if child.round else None,
            }
            for child in children_rows(queries.scorebook, card.unit, card.year, card.round, row.kpi)
        ],
    }


def _history(queries: Queries, unit_id: str, year: int) -> tuple[Amendment, ...]:
    agreement = queries.content.agreements.get((unit_id, year))
    return queries.amendments_in_order(agreement) if agreement else ()


def _numbered(queries: Queries, agreement: Agreement | None) -> dict[int, int]:
    """Each amendment's number in the order they apply (from 1), by the amendment's
    identity (an amendment holding criteria is not hashable)."""
    if agreement is None:
        return {}
    return {id(a): n for n, a in enumerate(queries.amendments_in_order(agreement), start=1)}


def _amendment(number: int, amendment: Amendment) -> Json:
    item, change = amendment.item, amendment.change
    source = item or change
    return {
        "number": number,
        "from": amendment.from_round,
        "action": amendment.action,
        "kpi": amendment.kpi,
        "date": amendment.date,
        "approved_by": json_person(amendment.approved_by),
        "reason": json_text(amendment.reason),
        "weight": source.weight if source else None,
        "importance": source.importance if source else None,
        "criteria": _criteria(source.criteria) if source and source.criteria else None,
        "target": source.target if source else None,
    }


def _criteria(criteria: Criteria) -> Json:
    return {
        "shape": criteria.shape,
        "levels": list(criteria.levels),
        "steps": [json_text(m.text) for m in criteria.milestones] if criteria.shape == "mixed" else [],
        "milestones": [json_text(m.text) for m in criteria.milestones] if criteria.shape == "milestone" else [],
        "tiers": dict(criteria.tiers) or None,
    }


def _dec(value: float) -> Decimal:
    return Decimal(str(value))


# -- values ----------------------------------------------------------------------------


def _band(band: Band | None) -> Json | None:
    return None if band is None else {"min": band.min, "label": json_text(band.label)}
