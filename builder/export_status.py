"""Who still owes what, as JSON: one document per fiscal year and round, for an office
that sends reminders from it (described by `schemas/export.schema.json`, kind `status`).

    data/status/<year>/<round>.json

The same document is what `kpibook status --format json` prints. Only what the pipeline
hands over is exported, and individuals only where `publish_individual_results` allows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from builder.model import Person, Text
from builder.options import BuildOptions
from builder.output import write_text
from builder.owed import OwedKpi, RoundStatus
from builder.queries import Queries
from builder.site import urls

FORMAT_VERSION = 1
Json = dict[str, Any]


def export_status(queries: Queries, stage: Path, options: BuildOptions) -> list[Json]:
    """Write every round's document; the entries the index lists them by."""
    include_people = queries.site.publish_individual_results
    entries = []
    for year in queries.site.fiscal_years:
        for round_ in queries.rounds_in_use(year):
            status = queries.round_status(year, round_, options.today, include_people, options.unit)
            file = urls.status_json(year, round_.id)
            write_text(stage / file, json.dumps(status_document(status), ensure_ascii=False, indent=2) + "\n")
            entries.append(
                {
                    "year": year,
                    "round": round_.id,
                    "file": file.removeprefix("data/"),
                    "deadline": status.deadline.day.isoformat(),
                    "missing": status.missing,
                    "unverified": status.unverified,
                }
            )
    return entries


def status_document(status: RoundStatus) -> Json:
    deadline = status.deadline
    return {
        "kind": "status",
        "version": FORMAT_VERSION,
        "year": status.year,
        "round": {"id": status.round.id, "name": _text(status.round.name), "months": status.round.months},
        "as_of": status.today.isoformat(),
        "deadline": {
            "date": deadline.day.isoformat(),
            "step": {"id": deadline.step.id, "name": _text(deadline.step.name)} if deadline.step else None,
            "days_left": status.days_left,
        },
        "counts": {
            "due": status.due,
            "reported": status.reported,
            "verified": status.verified,
            "missing": status.missing,
            "unverified": status.unverified,
        },
        "people_left_out": status.people_left_out,
        "owed": [_owed(o) for o in status.owed],
        "by_collector": [
            {"collector": _person(g.collector), "owed": [{"unit": o.unit.id, "kpi": o.kpi_id} for o in g.owed]}
            for g in status.by_collector()
        ],
    }


def _owed(owed: OwedKpi) -> Json:
    return {
        "unit": {"id": owed.unit.id, "kind": owed.unit.kind, "name": _text(owed.unit.name)},
        "kpi": {"id": owed.kpi_id, "name": _text(owed.kpi.name if owed.kpi else Text())},
        "state": owed.state,
        "collector": _person(owed.collector),
        "reported_on": owed.reported_on,
    }


def _person(person: Person | None) -> Json | None:
    if person is None:
        return None
    return {
        "name": _text(person.name),
        "position": _text(person.position),
        "phone": person.phone or None,
        "email": person.email or None,
    }


def _text(text: Text) -> Json:
    return {"th": text.th, "en": text.en}
