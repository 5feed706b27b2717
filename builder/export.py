"""The JSON export: every scorecard as a file under output/data/, with an index, for an
intranet dashboard or a spreadsheet (both documents are described by
schemas/export.schema.json).

    data/index.json                          the site, scoring, rounds and units, and per
                                             unit its scorecards (file, total, band)
    data/units/<unit>/<year>/<round>.json    one scorecard: every KPI's actual, scores,
                                             weight and weighted score, group totals,
                                             total, 100-point base and band

Scores, weights and totals are JSON numbers holding the exact four-decimal value (3.7 is
3.7000: JSON does not keep trailing zeros). Only what the pipeline hands over is
exported: when individual results are not published, people's scorecards were removed
before this step, so their units appear with no scorecards.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from builder.model import Band, Content, Text
from builder.options import BuildOptions
from builder.output import write_text
from builder.queries import Queries
from builder.scoring.rollup import children_rows
from builder.scoring.schemes import scheme_for
from builder.scoring.scorecard import GroupTotal, KpiScore, Scorebook, Scorecard

FORMAT_VERSION = 1
Json = dict[str, Any]


def export_json(content: Content, scores: Scorebook, stage: Path, options: BuildOptions) -> None:
    queries = Queries(content, scores)
    units = exported_units(content, options.unit)
    data = stage / "data"
    for card in scores.cards.values():
        if card.unit in units:
            write_text(data / card_file(card), _dumps(scorecard_document(queries, card)))
    write_text(data / "index.json", _dumps(index_document(queries, units), indent=2))


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


def index_document(queries: Queries, units: Iterable[str]) -> Json:
    site = queries.site
    scheme = scheme_for(site.scoring)
    return {
        "kind": "index",
        "version": FORMAT_VERSION,
        "site": {"name": _text(site.name), "short_name": _text(site.short_name), "languages": list(site.languages)},
        "fiscal_years": list(site.fiscal_years),
        "scoring": {
            "scheme": scheme.name,
            "scale": _number(scheme.top()),
            "bands": [_band(b) for b in queries.bands],
        },
        "rounds": [
            {"id": r.id, "name": _text(r.name), "months": r.months, "for": list(r.applies_to)} for r in queries.rounds
        ],
        "units": [_unit_entry(queries, uid) for uid in sorted(units)],
    }


def _unit_entry(queries: Queries, unit_id: str) -> Json:
    unit = queries.content.units[unit_id]
    years = queries.site.fiscal_years
    cards = [card for year in years for _round, card in queries.all_cards(unit, year)]
    latest = [queries.latest_card(unit, year) for year in years]
    return {
        "id": unit.id,
        "kind": unit.kind,
        "name": _text(unit.name),
        "short_name": _text(unit.short_name),
        "parent": unit.parent,
        "scorecards": [_card_entry(c) for c in cards],
        "year_to_date": [{"year": card.year, "round": card.round} for _round, card in filter(None, latest)],
    }


def _card_entry(card: Scorecard) -> Json:
    return {
        "year": card.year,
        "round": card.round,
        "file": card_file(card),
        "reported_count": card.reported_count,
        "total": _number(card.total),
        "total_100": _number(card.total_100),
        "band": _band(card.band),
    }


# -- one scorecard ---------------------------------------------------------------------


def scorecard_document(queries: Queries, card: Scorecard) -> Json:
    content = queries.content
    unit = content.units[card.unit]
    round_ = queries.round(card.round)
    return {
        "kind": "scorecard",
        "version": FORMAT_VERSION,
        "unit": {"id": unit.id, "kind": unit.kind, "name": _text(unit.name)},
        "year": card.year,
        "round": {
            "id": card.round,
            "name": _text(round_.name if round_ else Text()),
            "months": round_.months if round_ else None,
        },
        "year_to_date": queries.is_latest(card),
        "scheme": card.scheme,
        "scale": _number(card.scale),
        "weight_total": _number(card.weight_total),
        "reported_count": card.reported_count,
        "total": _number(card.total),
        "total_100": _number(card.total_100),
        "band": _band(card.band),
        "previous_year": _previous(queries.previous_year(card)),
        "groups": [_group(queries, g) for g in card.groups],
        "kpis": [_row(queries, card, row) for row in card.rows],
    }


def _previous(card: Scorecard | None) -> Json | None:
    if card is None or not card.reported_count:
        return None
    return {
        "year": card.year,
        "total": _number(card.total),
        "total_100": _number(card.total_100),
        "band": _band(card.band),
    }


def _group(queries: Queries, group: GroupTotal) -> Json:
    return {
        "id": group.group,
        "name": _text(queries.group_names.get(group.group, Text())),
        "weight": _number(group.weight),
        "weighted": _number(group.weighted),
    }


def _row(queries: Queries, card: Scorecard, row: KpiScore) -> Json:
    kpi = queries.content.kpi(card.unit, row.kpi)
    return {
        "id": row.kpi,
        "name": _text(kpi.name if kpi else Text()),
        "kind": kpi.kind if kpi else None,
        "direction": kpi.direction if kpi else None,
        "unit_of_measure": _text(kpi.unit_of_measure if kpi else Text()),
        "group": row.group,
        "weight": _number(row.weight),
        "weight_share": _number(row.weight_share),
        "reported": row.reported,
        "computed": row.computed,
        "actual": row.actual,
        "level": row.level,
        "partial": row.partial,
        "self_actual": row.self_actual,
        "self_level": row.self_level,
        "self_score": _number(row.self_score),
        "verified_score": _number(row.verified_score),
        "score": _number(row.score),
        "weighted": _number(row.weighted),
        "reason": _text(row.reason) if row.reason else None,
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


# -- values ----------------------------------------------------------------------------


def _number(value: Decimal | None) -> float | int | None:
    """A four-decimal Decimal as a JSON number: whole numbers as integers (weights)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _text(text: Text) -> Json:
    return {"th": text.th, "en": text.en}


def _band(band: Band | None) -> Json | None:
    return None if band is None else {"min": band.min, "label": _text(band.label)}
