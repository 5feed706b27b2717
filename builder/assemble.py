"""Schema-valid documents become the domain model (`builder.model.Content`).

Only shape is trusted here (the schema has checked it); meaning is checked later by the
rules in `builder.rules`, over the whole content set. What needs the file itself to be
understood — a year that differs from its file name, a unit id that differs from its
folder — is reported here, where the file is at hand.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from builder.diagnostics import Diagnostics
from builder.loader import Document, JsonPath
from builder.model import (
    EMPTY,
    Agreement,
    AgreementItem,
    Band,
    CascadeLink,
    Category,
    Content,
    Criteria,
    Dimension,
    Evidence,
    Goal,
    Kpi,
    KpiPeople,
    Location,
    MilestoneLevel,
    Person,
    Perspective,
    Result,
    ResultSet,
    Round,
    ScoringConfig,
    Site,
    StrategicIssue,
    Strategy,
    Text,
    Unit,
    Verification,
)
from builder.reader import RawContent, SourceFile


@dataclass
class _Node:
    """A mapping in a document, with a way to locate its fields."""

    doc: Document
    path: JsonPath
    data: Mapping[str, Any]

    @property
    def loc(self) -> Location:
        return self.doc.loc(self.path)

    def locs(self) -> Mapping[str, Location]:
        return self.doc.field_locations(self.path)

    def child(self, key: str) -> _Node | None:
        value = self.data.get(key)
        return _Node(self.doc, (*self.path, key), value) if isinstance(value, dict) else None

    def children(self, key: str) -> list[_Node]:
        items = self.data.get(key) or []
        return [_Node(self.doc, (*self.path, key, i), v) for i, v in enumerate(items)]

    def text(self, key: str) -> Text:
        return to_text(self.data.get(key))

    def located(self) -> dict[str, Any]:
        return {"loc": self.loc, "locs": self.locs()}


def to_text(value: Any) -> Text:
    if value is None:
        return EMPTY
    if isinstance(value, dict):
        return Text(th=str(value.get("th") or ""), en=str(value.get("en") or ""))
    return Text(th=str(value))


def to_person(node: _Node | None) -> Person | None:
    if node is None:
        return None
    return Person(
        name=node.text("name"),
        position=node.text("position"),
        phone=str(node.data.get("phone") or ""),
        email=str(node.data.get("email") or ""),
        **node.located(),
    )


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _pair(value: Any) -> tuple[float, float] | None:
    return (float(value[0]), float(value[1])) if value else None


# -- site ------------------------------------------------------------------------------


def assemble_site(node: _Node) -> Site:
    org = node.child("organisation")
    limits = node.data.get("limits") or {}
    return Site(
        name=org.text("name") if org else EMPTY,
        short_name=org.text("short_name") if org else EMPTY,
        languages=tuple(node.data.get("languages") or ("th", "en")),
        fiscal_years=tuple(int(y) for y in node.data.get("fiscal_years") or ()),
        perspectives=tuple(
            Perspective(id=p.data["id"], name=p.text("name"), **p.located()) for p in node.children("perspectives")
        ),
        dimensions=tuple(
            Dimension(id=d.data["id"], name=d.text("name"), weight=_num(d.data.get("weight")), **d.located())
            for d in node.children("dimensions")
        ),
        categories=tuple(
            Category(id=c.data["id"], name=c.text("name"), **c.located()) for c in node.children("categories")
        ),
        rounds=tuple(assemble_round(r) for r in node.children("rounds")),
        scoring=assemble_scoring(node.child("scoring")),
        publish_individual_results=bool(node.data.get("publish_individual_results", False)),
        max_kpis_per_person=limits.get("max_kpis_per_person"),
        **node.located(),
    )


def assemble_round(node: _Node) -> Round:
    return Round(
        id=node.data["id"],
        name=node.text("name"),
        months=int(node.data.get("months", 12)),
        applies_to=tuple(node.data.get("for") or ()),
        **node.located(),
    )


def assemble_scoring(node: _Node | None) -> ScoringConfig:
    if node is None:
        return ScoringConfig()
    data = node.data
    defaults = ScoringConfig()
    return ScoringConfig(
        scheme=data.get("scheme", defaults.scheme),
        below_level_1=data.get("below_level_1", defaults.below_level_1),
        tier_scores={k: float(v) for k, v in (data.get("tier_scores") or defaults.tier_scores).items()},
        below_basic=float(data.get("below_basic", defaults.below_basic)),
        bands=tuple(
            Band(min=float(b.data["min"]), label=b.text("label"), **b.located()) for b in node.children("bands")
        ),
        plausible_percent=_pair(data.get("plausible_percent", defaults.plausible_percent)),
        **node.located(),
    )


# -- units -----------------------------------------------------------------------------


def assemble_unit(node: _Node, folder: str) -> Unit:
    return Unit(
        id=node.data["id"],
        kind=node.data["kind"],
        name=node.text("name"),
        short_name=node.text("short_name"),
        parent=node.data.get("parent"),
        head=to_person(node.child("head")),
        strategy=assemble_strategy(node.child("strategy")),
        folder=folder,
        **node.located(),
    )


def assemble_strategy(node: _Node | None) -> Strategy:
    if node is None:
        return Strategy()
    period = node.data.get("plan_period")
    return Strategy(
        plan_period=(int(period[0]), int(period[1])) if period else None,
        vision=node.text("vision"),
        mission=tuple(to_text(m) for m in node.data.get("mission") or ()),
        issues=tuple(
            StrategicIssue(id=i.data["id"], name=i.text("name"), **i.located())
            for i in node.children("strategic_issues")
        ),
        goals=tuple(
            Goal(
                id=g.data["id"],
                name=g.text("name"),
                perspective=g.data.get("perspective", ""),
                issue=g.data.get("issue"),
                leads_to=tuple(g.data.get("leads_to") or ()),
                description=g.text("description"),
                **g.located(),
            )
            for g in node.children("goals")
        ),
        **node.located(),
    )


def assemble_kpi(node: _Node, unit: str) -> Kpi:
    data = node.data
    people = node.child("people")
    return Kpi(
        unit=unit,
        id=data["id"],
        name=node.text("name"),
        goal=data.get("goal"),
        kind=data.get("kind", "numeric"),
        direction=data.get("direction", "higher"),
        measure=data.get("measure", "number"),
        unit_of_measure=node.text("unit"),
        type=data.get("type", ""),
        level=data.get("level", ""),
        source=node.text("source"),
        description=node.text("description"),
        formula=node.text("formula"),
        baseline={int(y): float(v) for y, v in (data.get("baseline") or {}).items()},
        data_source=node.text("data_source"),
        collection_method=node.text("collection_method"),
        conditions=node.text("conditions"),
        reporting=tuple(data.get("reporting") or ()),
        plausible_range=_pair(data.get("plausible_range")),
        people=assemble_people(people),
        **node.located(),
    )


def assemble_people(node: _Node | None) -> KpiPeople:
    if node is None:
        return KpiPeople()
    return KpiPeople(
        overseer=to_person(node.child("overseer")),
        collector=to_person(node.child("collector")),
        owner=to_person(node.child("owner")),
        co_owners=tuple(p for p in map(to_person, node.children("co_owners")) if p),
        supporters=tuple(p for p in map(to_person, node.children("supporters")) if p),
        **node.located(),
    )


# -- agreements ------------------------------------------------------------------------


def assemble_agreement(node: _Node, unit: str) -> Agreement:
    data = node.data
    signatories = node.child("signatories")
    return Agreement(
        unit=unit,
        year=int(data["year"]),
        weighting=data.get("weighting", "weights"),
        dimension_weights={k: float(v) for k, v in (data.get("dimension_weights") or {}).items()},
        items=tuple(assemble_item(i) for i in node.children("items")),
        evaluatee=to_person(signatories.child("evaluatee")) if signatories else None,
        evaluator=to_person(signatories.child("evaluator")) if signatories else None,
        signed_on=str(signatories.data["signed_on"]) if signatories and signatories.data.get("signed_on") else None,
        **node.located(),
    )


def assemble_item(node: _Node) -> AgreementItem:
    data = node.data
    cascade = node.child("cascade")
    importance = data.get("importance")
    return AgreementItem(
        kpi=data["kpi"],
        group=data.get("dimension") or data.get("category") or "",
        weight=_num(data.get("weight")),
        importance=int(importance) if importance is not None else None,
        criteria=assemble_criteria(node.doc, (*node.path, "criteria"), data.get("criteria")),
        target=_num(data.get("target")),
        baseline=_num(data.get("baseline")),
        responsible=node.text("responsible"),
        cascade=assemble_cascade(cascade) if cascade else None,
        **node.located(),
    )


def assemble_criteria(doc: Document, path: JsonPath, value: Any) -> Criteria:
    loc = doc.loc(path)
    if isinstance(value, dict):
        return Criteria(tiers={k: float(v) for k, v in value.items()}, loc=loc)
    values = list(value or ())
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return Criteria(levels=tuple(float(v) for v in values), loc=loc)
    milestones = []
    for i, level in enumerate(values):
        if isinstance(level, dict) and "text" in level:
            steps = tuple(to_text(s) for s in level.get("steps") or ())
            milestones.append(MilestoneLevel(text=to_text(level["text"]), steps=steps, loc=doc.loc((*path, i))))
        else:
            milestones.append(MilestoneLevel(text=to_text(level), loc=doc.loc((*path, i))))
    return Criteria(milestones=tuple(milestones), loc=loc)


def assemble_cascade(node: _Node) -> CascadeLink:
    return CascadeLink(
        parent_kpi=node.data["from"],
        kind=node.data.get("kind", "direct"),
        combine=node.data.get("combine", "sum"),
        base=_num(node.data.get("base")),
        **node.located(),
    )


# -- results ---------------------------------------------------------------------------


def assemble_results(node: _Node, unit: str) -> ResultSet:
    data = node.data
    return ResultSet(
        unit=unit,
        year=int(data["year"]),
        round=str(data["round"]),
        reported_on=str(data["reported_on"]) if data.get("reported_on") else None,
        results=tuple(assemble_result(r) for r in node.children("results")),
        **node.located(),
    )


def assemble_result(node: _Node) -> Result:
    data = node.data
    verified = node.child("verified")
    return Result(
        kpi=data["kpi"],
        actual=_num(data.get("actual")),
        level=data.get("level"),
        partial=_num(data.get("partial")),
        narrative=node.text("narrative"),
        evidence=tuple(assemble_evidence(e) for e in _evidence_nodes(node)),
        verified=assemble_verification(verified) if verified else None,
        **node.located(),
    )


def _evidence_nodes(node: _Node) -> list[_Node]:
    items = node.data.get("evidence") or []
    path = (*node.path, "evidence")
    return [
        _Node(node.doc, (*path, i), item if isinstance(item, dict) else {"path": item}) for i, item in enumerate(items)
    ]


def assemble_evidence(node: _Node) -> Evidence:
    return Evidence(path=str(node.data.get("path", "")), title=node.text("title"), **node.located())


def assemble_verification(node: _Node) -> Verification:
    data = node.data
    return Verification(
        actual=_num(data.get("actual")),
        level=data.get("level"),
        score=_num(data.get("score")),
        reason=node.text("reason"),
        **node.located(),
    )


# -- the whole tree --------------------------------------------------------------------


def assemble_content(raw: RawContent, diags: Diagnostics) -> Content:
    """Build the model from schema-valid files; identity problems go to `diags`."""
    site = Site()
    units: dict[str, Unit] = {}
    kpis: dict[str, Kpi] = {}
    agreements: dict[tuple[str, int], Agreement] = {}
    results: dict[tuple[str, int, str], ResultSet] = {}
    for source in raw.of_kind("site"):
        site = assemble_site(_root(source))
    for source in raw.of_kind("unit"):
        unit = assemble_unit(_root(source), folder=posixpath.join("units", source.unit or ""))
        if unit.id != source.unit:
            diags.error("unit.id-mismatch", unit.at("id"), id=unit.id, folder=source.unit)
        units[source.unit or unit.id] = _with_id(unit, source.unit or unit.id)
    for source in raw.of_kind("kpis"):
        first: dict[str, Location] = {}
        for node in _root(source).children("kpis"):
            kpi = assemble_kpi(node, source.unit or "")
            if kpi.id in first:
                diags.error("id.duplicate", kpi.at("id"), what="KPI", id=kpi.id, first=first[kpi.id].line)
                continue
            first[kpi.id] = kpi.at("id")
            kpis[kpi.key] = kpi
    for source in raw.of_kind("agreement"):
        agreement = assemble_agreement(_root(source), source.unit or "")
        _check_file_name(diags, agreement.at("year"), "year", agreement.year, source.stem[0])
        agreements[(agreement.unit, agreement.year)] = agreement
    for source in raw.of_kind("results"):
        result_set = assemble_results(_root(source), source.unit or "")
        _check_file_name(diags, result_set.at("year"), "year", result_set.year, source.stem[0])
        _check_file_name(diags, result_set.at("round"), "round", result_set.round, source.stem[1])
        results[(result_set.unit, result_set.year, result_set.round)] = result_set
    return Content(
        site=site,
        units=units,
        kpis=kpis,
        agreements=agreements,
        results=results,
        children_of=_children_index(units),
        root=str(Path(raw.root)),
    )


def _root(source: SourceFile) -> _Node:
    return _Node(source.doc, (), source.doc.data)


def _with_id(unit: Unit, folder_id: str) -> Unit:
    """The folder name is the unit's identity; a differing `id:` is already reported."""
    if unit.id == folder_id:
        return unit
    return replace(unit, id=folder_id)


def _check_file_name(diags: Diagnostics, loc: Location, field: str, value: object, expected: str) -> None:
    if str(value) != expected:
        diags.error("file.name-mismatch", loc, field=field, value=value, expected=expected)


def _children_index(units: Mapping[str, Unit]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for unit in sorted(units.values(), key=lambda u: u.id):
        if unit.parent:
            index.setdefault(unit.parent, []).append(unit.id)
    return {k: tuple(v) for k, v in index.items()}
