"""The diff as JSON, for scripts and dashboards: the same report, every value as in the
content (numbers as numbers, texts as `{"th": ..., "en": ...}`), scores and totals as JSON
numbers holding their exact four-decimal value. Messages of diagnostics are in `lang`."""

from __future__ import annotations

import json
from typing import Any

from builder.diagnostics import Diagnostic, as_json
from builder.diff.changes import number
from builder.diff.report import Change, DiffReport, ScoreImpact, SideInfo, UnitDiff
from builder.echo import printable
from builder.json_values import json_number, json_text

FORMAT_VERSION = 1
Json = dict[str, Any]


def render_json(report: DiffReport, lang: str) -> str:
    document = {
        "kind": "kpibook-diff",
        "version": FORMAT_VERSION,
        "base": _side(report.base),
        "head": _side(report.head),
        "compared": report.compared,
        "changed_files": [printable(f) for f in report.changed_files],
        "summary": {
            "units_changed": sum(1 for u in report.units if u.status != "affected"),
            "scorecards_moved": len(report.score_impacts),
            "introduced": _counts(report.all_introduced()),
            "fixed": _counts(report.all_fixed()),
        },
        "site": [_change(c) for c in report.site],
        "introduced": [as_json(d, lang) for d in report.introduced],
        "fixed": [as_json(d, lang) for d in report.fixed],
        "units": [_unit(u, lang) for u in report.units],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _side(side: SideInfo) -> Json:
    return {"label": printable(side.label), "commit": side.commit, "loaded": side.loaded}


def _counts(diagnostics: list[Diagnostic]) -> Json:
    return {
        "errors": sum(1 for d in diagnostics if d.severity == "error"),
        "warnings": sum(1 for d in diagnostics if d.severity == "warning"),
    }


def _unit(unit: UnitDiff, lang: str) -> Json:
    return {
        "unit": unit.unit,
        "name": json_text(unit.name),
        "status": unit.status,
        "changes": [_change(c) for c in unit.changes],
        "scores": [_impact(s) for s in unit.scores],
        "introduced": [as_json(d, lang) for d in unit.introduced],
        "fixed": [as_json(d, lang) for d in unit.fixed],
        "kpis": {kpi: json_text(name) for kpi, name in unit.kpi_names.items()},
    }


def _change(change: Change) -> Json:
    found: Json = {"topic": change.topic, "action": change.action}
    for name in ("field", "year", "round", "kpi", "key"):
        value = getattr(change, name)
        if value not in (None, ""):
            found[name] = value
    found["old"] = change.old
    found["new"] = change.new
    if change.loc is not None:
        found["at"] = {"path": printable(change.loc.path), "line": change.loc.line, "column": change.loc.column}
    return found


def _impact(impact: ScoreImpact) -> Json:
    return {
        "year": impact.year,
        "round": impact.round,
        "before": _card(impact, 0),
        "after": _card(impact, 1),
        "change": json_number(impact.delta),
        "via_rollup": impact.via_rollup,
        "rows": [
            {
                "kpi": row.kpi,
                "actual": [number(v) for v in row.actual],
                "computed": list(row.computed),
                "score": [json_number(v) for v in row.score],
                "weighted": [json_number(v) for v in row.weighted],
            }
            for row in impact.rows
        ],
    }


def _card(impact: ScoreImpact, side: int) -> Json | None:
    if impact.total[side] is None:
        return None
    band = impact.band[side]
    return {
        "total": json_number(impact.total[side]),
        "total_100": json_number(impact.total_100[side]),
        "band": json_text(band) if band is not None else None,
    }
