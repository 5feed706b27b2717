"""Changes the commands make to an office's content: a new unit, a new fiscal year.

Existing files are edited with ruamel.yaml's round trip, which keeps the users' comments,
key order, flow or block style and quoting (every file of the example content loads and
dumps back byte for byte). Every change is worked out first and written only when all of
it could be; each file is written through a temporary file and `os.replace`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from builder.diagnostics import UsageError
from builder.model import Content
from builder.output import write_atomic
from builder.queries import Queries
from builder.scoring.scorecard import Scorebook


def round_trip() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap a long Thai line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(file: Path) -> Any:
    return round_trip().load(file.read_text("utf-8"))


def dump(data: Any) -> str:
    out = io.StringIO()
    round_trip().dump(data, out)
    return out.getvalue()


@dataclass(frozen=True)
class Change:
    path: Path  # inside the content folder
    text: str


def write(changes: list[Change]) -> None:
    for change in changes:
        write_atomic(change.path, change.text.encode("utf-8"))


# -- a new unit -------------------------------------------------------------------------------


def new_unit(content_dir: Path, content: Content, unit_id: str, parent: str, kind: str, name: str) -> list[Change]:
    """unit.yaml linked to its parent, an empty kpis.yaml, and an empty draft agreement
    for the site's current year."""
    folder = content_dir / "units" / unit_id
    if folder.exists():
        raise UsageError("usage.unit-exists", unit=unit_id, folder=folder)
    if parent not in content.units:
        raise UsageError("usage.unknown-parent", unit=parent)
    kinds = [k.id for k in Queries(content).unit_kinds]  # site.yaml's, else the built-in ones
    if kind not in kinds:
        raise UsageError("usage.unknown-kind", kind=kind, kinds=", ".join(kinds))
    year = content.site.current_year
    unit = CommentedMap([("id", unit_id), ("kind", kind), ("name", _flow({"th": name})), ("parent", parent)])
    changes = [
        Change(folder / "unit.yaml", dump(unit)),
        Change(folder / "kpis.yaml", "kpis: []\n"),
    ]
    if year is not None:
        draft = CommentedMap([("year", year), ("items", CommentedSeq())])
        changes.append(Change(folder / "agreements" / f"{year}.yaml", dump(draft)))
    return changes


def _flow(mapping: dict[str, str]) -> CommentedMap:
    node = CommentedMap(mapping)
    node.fa.set_flow_style()
    return node


# -- a new fiscal year ----------------------------------------------------------------------


def new_year(content_dir: Path, content: Content, scores: Scorebook, year: int) -> list[Change]:
    """The yearly rollover: `year` added to site.yaml; each agreement of the latest year
    copied to `year` as an unsigned draft with the same KPIs and criteria, each item's
    baseline set to last year's actual; that actual added to the KPI's baseline."""
    years = content.site.fiscal_years
    if year in years:
        raise UsageError("usage.year-exists", year=year)
    if years and year < max(years):
        raise UsageError("usage.year-before", year=year, last=max(years))
    previous = max(years) if years else None
    queries = Queries(content, scores)
    site_file = content_dir / "site.yaml"
    site = load(site_file)
    site.setdefault("fiscal_years", CommentedSeq())
    site["fiscal_years"].append(year)
    changes = [Change(site_file, dump(site))]
    if previous is None:
        return changes
    for unit_id in sorted(content.units):
        if (unit_id, previous) not in content.agreements:
            continue
        unit_dir = content_dir / "units" / unit_id
        target = unit_dir / "agreements" / f"{year}.yaml"
        if target.exists():
            raise UsageError("usage.agreement-exists", path=target)
        actuals = queries.year_end_values(content.units[unit_id], previous)
        changes.append(Change(target, _draft(unit_dir / "agreements" / f"{previous}.yaml", year, actuals)))
        if actuals:
            changes.append(Change(unit_dir / "kpis.yaml", _with_baselines(unit_dir / "kpis.yaml", previous, actuals)))
    return changes


def _draft(source: Path, year: int, actuals: dict[str, float]) -> str:
    agreement = load(source)
    agreement["year"] = year
    for item in agreement.get("items") or []:
        if isinstance(item, dict) and item.get("kpi") in actuals:
            item["baseline"] = _number(actuals[item["kpi"]])
    signatories = agreement.get("signatories")
    if isinstance(signatories, dict):
        signatories.pop("signed_on", None)
    return dump(agreement)


def _with_baselines(source: Path, previous: int, actuals: dict[str, float]) -> str:
    kpis = load(source)
    for kpi in kpis.get("kpis") or []:
        if not isinstance(kpi, dict) or kpi.get("id") not in actuals:
            continue
        baseline = kpi.get("baseline")
        if baseline is None:
            baseline = kpi["baseline"] = _flow({})
        if isinstance(baseline, dict):
            baseline[previous] = _number(actuals[kpi["id"]])
    return dump(kpis)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)
