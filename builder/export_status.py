"""Who still owes what, as JSON: one document per fiscal year and round, for an office
that sends reminders from it (described by `schemas/export.schema.json`, kind `status`).

    data/status/<year>/<round>.json

The same document is what `kpibook status --format json` prints. Only what the pipeline
hands over is exported, and individuals only where `publish_individual_results` allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from builder.json_values import Written, indented_json, json_text
from builder.model import Person, Text, Unit
from builder.options import BuildOptions
from builder.output import write_text
from builder.owed import OwedKpi, RoundStatus
from builder.queries import Queries
from builder.site import urls
from builder.unit_pieces import Pieces

FORMAT_VERSION = 1
Json = dict[str, Any]


def export_status(queries: Queries, stage: Path, options: BuildOptions) -> list[Json]:
    """Write every round's document; the entries the index lists them by. With the
    queries' `pieces` (`kpibook serve`), each unit's entries are written from the text
    kept from the last build where the unit's facts did not change."""
    include_people = queries.site.publish_individual_results
    parts = queries.pieces.of("status-json", queries.collector_contacts) if queries.pieces is not None else None
    entries = []
    for year in queries.site.fiscal_years:
        for round_ in queries.rounds_in_use(year):
            status = queries.round_status(year, round_, options.today, include_people, options.unit)
            file = urls.status_json(year, round_.id)
            write_text(stage / file, status_json(status, parts))
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


def status_json(status: RoundStatus, parts: Pieces | None = None) -> str:
    """The document as `json.dumps(status_document(status), indent=2)` writes it, put
    together from one piece of text per unit and list: the owed KPIs (one list item
    each) and each collector's (`parts`: the pieces kept from the last build)."""
    pieces: list[str] = []

    def piece(unit: str, what: tuple[object, ...], items: Callable[[], list[Json]], depth: int) -> str:
        def text() -> str:
            return f",\n{'  ' * depth}".join(indented_json(item, depth) for item in items())

        pieces.append(parts.get(unit, (status.year, status.round.id, *what), text) if parts is not None else text())
        return f"{PIECE}{len(pieces) - 1}"

    document = status_document(status, owed=False)
    document["owed"] = [
        piece(group.unit.id, ("owed",), partial(_owed_items_written, group.owed, 2), 2) for group in status.by_unit()
    ]
    document["by_collector"] = [
        {
            "collector": _person(group.collector),
            "owed": [
                piece(run[0].unit.id, ("by", _collector_key(group.collector)), partial(_unit_and_kpi, run), 4)
                for run in _runs(group.owed)
            ],
        }
        for group in status.by_collector()
    ]
    skeleton = indented_json(document)
    return PIECE_IN_JSON.sub(lambda found: pieces[int(found.group(1))], skeleton) + "\n"


# a place in a document for a piece of text made apart (`status_json`, `builder.export.index_json`):
# JSON writes it "\u0000piece N", and no text of the content can look like it
PIECE = "\x00piece "
PIECE_IN_JSON = re.compile(r'"\\u0000piece (\d+)"')


def _owed_items(owed: Sequence[OwedKpi]) -> list[Json]:
    return [_owed(o) for o in owed]


def _owed_items_written(owed: Sequence[OwedKpi], depth: int) -> list[Json]:
    """`_owed_items` for items written at `depth`, each unit's and collector's entry
    written once (a unit owes KPI after KPI, most of them to the same collector)."""
    written: dict[int, Written] = {}

    def once(thing: Unit | Person | None, entry: Callable[[Any], Json | None]) -> Written:
        found = written.get(id(thing))  # the objects are alive while the items are made
        if found is None:
            found = written[id(thing)] = Written(indented_json(entry(thing), depth + 1))
        return found

    return [_owed(o, once(o.unit, _unit), once(o.collector, _person)) for o in owed]


def _unit_and_kpi(owed: Sequence[OwedKpi]) -> list[Json]:
    return [{"unit": o.unit.id, "kpi": o.kpi_id} for o in owed]


def _collector_key(person: Person | None) -> tuple[str, str] | None:
    return (person.name.th, person.name.en) if person is not None else None


def _runs(owed: Sequence[OwedKpi]) -> list[list[OwedKpi]]:
    """The KPIs cut where the unit changes (they come unit by unit)."""
    runs: list[list[OwedKpi]] = []
    for o in owed:
        if not runs or runs[-1][0].unit.id != o.unit.id:
            runs.append([])
        runs[-1].append(o)
    return runs


def status_document(status: RoundStatus, owed: bool = True) -> Json:
    deadline = status.deadline
    return {
        "kind": "status",
        "version": FORMAT_VERSION,
        "year": status.year,
        "round": {"id": status.round.id, "name": json_text(status.round.name), "months": status.round.months},
        "as_of": status.today.isoformat(),
        "deadline": {
            "date": deadline.day.isoformat(),
            "step": {"id": deadline.step.id, "name": json_text(deadline.step.name)} if deadline.step else None,
            "days_left": status.days_left,
            "timing": status.timing,
        },
        "counts": {
            "due": status.due,
            "reported": status.reported,
            "verified": status.verified,
            "missing": status.missing,
            "unverified": status.unverified,
        },
        "people_left_out": status.people_left_out,
        "owed": _owed_items(status.owed) if owed else [],
        "by_collector": [
            {"collector": _person(g.collector), "owed": _unit_and_kpi(g.owed)} for g in status.by_collector()
        ]
        if owed
        else [],
    }


def _owed(owed: OwedKpi, unit: Json | Written | None = None, collector: Json | Written | None = None) -> Json:
    """An owed KPI; `unit` and `collector`: their entries, written already."""
    return {
        "unit": _unit(owed.unit) if unit is None else unit,
        "kpi": {"id": owed.kpi_id, "name": json_text(owed.kpi.name if owed.kpi else Text())},
        "state": owed.state,
        "collector": _person(owed.collector) if collector is None else collector,
        "reported_on": owed.reported_on,
    }


def _unit(unit: Unit) -> Json:
    return {"id": unit.id, "kind": unit.kind, "name": json_text(unit.name)}


def _person(person: Person | None) -> Json | None:
    if person is None:
        return None
    return {
        "name": json_text(person.name),
        "position": json_text(person.position),
        "phone": person.phone or None,
        "email": person.email or None,
    }
