"""Schema-valid documents become the domain model (`builder.model.Content`).

Only shape is trusted here (the schema has checked it); meaning is checked later by the
rules in `builder.rules`, over the whole content set. What needs the file itself to be
understood — a year that differs from its file name, a unit id that differs from its
folder — is reported here, where the file is at hand.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from builder.assemble.agreements import assemble_agreement
from builder.assemble.closures import assemble_closure
from builder.assemble.nodes import Node
from builder.assemble.results import assemble_results
from builder.assemble.site import assemble_site
from builder.assemble.units import assemble_kpi, assemble_unit
from builder.assemble.year import assemble_calendar, assemble_initiatives, assemble_plans
from builder.catalogue import Catalogue
from builder.diagnostics import Diagnostics
from builder.model import Agreement, Content, Kpi, Location, ResultSet, RoundClosure, Site, Unit
from builder.model_year import Calendar, Initiative, Plans
from builder.reader import RawContent, SourceFile

T = TypeVar("T")

# -- the whole tree --------------------------------------------------------------------


def assemble_content(raw: RawContent, diags: Diagnostics, words: Catalogue) -> Content:
    """Build the model from schema-valid files; identity problems go to `diags`. `words`
    names what site.yaml leaves to the defaults (the rating bands)."""
    site = Site()
    units: dict[str, Unit] = {}
    kpis: dict[str, Kpi] = {}
    agreements: dict[tuple[str, int], Agreement] = {}
    results: dict[tuple[str, int, str], ResultSet] = {}
    closures: dict[tuple[int, str], RoundClosure] = {}
    for source in raw.of_kind("site"):
        site = assemble_site(_root(source), words)
    individual = _individual_kinds(site)
    for source in raw.of_kind("unit"):
        # made with whether its kind is individual (site.yaml's): the same object while both stay
        unit = made(source, f"unit {sorted(individual)}", lambda s: _unit_of(s, individual))
        if unit.id != source.unit:
            diags.error("unit.id-mismatch", unit.at("id"), id=unit.id, folder=source.unit)
        units[source.unit or unit.id] = _with_id(unit, source.unit or unit.id)
    for source in raw.of_kind("kpis"):
        first: dict[str, Location] = {}
        for kpi in made(
            source, "kpis", lambda s: [assemble_kpi(node, s.unit or "") for node in _root(s).children("kpis")]
        ):
            if kpi.id in first:
                diags.error("id.duplicate", kpi.at("id"), what="kpi", id=kpi.id, first=first[kpi.id].line)
                continue
            first[kpi.id] = kpi.at("id")
            kpis[kpi.key] = kpi
    for source in raw.of_kind("agreement"):
        agreement = made(source, "agreement", lambda s: assemble_agreement(_root(s), s.unit or ""))
        _check_file_name(diags, partial(agreement.at, "year"), "year", agreement.year, source.stem[0])
        agreements[(agreement.unit, agreement.year)] = agreement
    for source in raw.of_kind("results"):
        result_set = made(source, "results", lambda s: assemble_results(_root(s), s.unit or ""))
        _check_file_name(diags, partial(result_set.at, "year"), "year", result_set.year, source.stem[0])
        _check_file_name(diags, partial(result_set.at, "round"), "round", result_set.round, source.stem[1])
        results[(result_set.unit, result_set.year, result_set.round)] = result_set
    for source in raw.of_kind("closure"):
        closure = assemble_closure(_root(source))
        _check_file_name(diags, partial(closure.at, "year"), "year", closure.year, source.stem[0])
        _check_file_name(diags, partial(closure.at, "round"), "round", closure.round, source.stem[1])
        closures[(closure.year, closure.round)] = closure
    calendars: dict[int, Calendar] = {}
    for source in raw.of_kind("calendar"):
        calendar = assemble_calendar(_root(source))
        _check_file_name(diags, partial(calendar.at, "year"), "year", calendar.year, source.stem[0])
        calendars[calendar.year] = calendar
    initiatives: dict[tuple[str, int], tuple[Initiative, ...]] = {}
    for source in raw.of_kind("initiatives"):
        year, found = assemble_initiatives(_root(source), source.unit or "")
        _check_file_name(diags, partial(_year_at, _root(source)), "year", year, source.stem[0])
        initiatives[(source.unit or "", year)] = found
    plans: Plans | None = None
    for source in raw.of_kind("plans"):
        plans = assemble_plans(_root(source))
    return Content(
        site=site,
        units=units,
        kpis=kpis,
        agreements=agreements,
        results=results,
        children_of=_children_index(units),
        root=str(Path(raw.root)),
        closures=closures,
        calendars=calendars,
        initiatives=initiatives,
        plans=plans,
    )


def _unit_of(source: SourceFile, individual: set[str]) -> Unit:
    unit = assemble_unit(_root(source), folder=posixpath.join("units", source.unit or ""))
    return replace(unit, individual=unit.kind in individual)


def _individual_kinds(site: Site) -> set[str]:
    """The kinds whose units are people: those site.yaml marks `individual`, else "person"."""
    if site.unit_kinds:
        return {k.id for k in site.unit_kinds if k.individual}
    return {"person"}


def made(source: SourceFile, what: str, make: Callable[[SourceFile], T]) -> T:
    """What `make` makes from one file (its model objects depend on that file alone),
    made once per document: `kpibook serve` reads an unchanged file as the same one."""
    if source.doc.made is None or source.doc.made[0] != what:
        source.doc.made = (what, make(source))
    found: T = source.doc.made[1]
    return found


def _root(source: SourceFile) -> Node:
    return Node(source.doc, (), source.doc.data)


def _with_id(unit: Unit, folder_id: str) -> Unit:
    """The folder name is the unit's identity; a differing `id:` is already reported."""
    if unit.id == folder_id:
        return unit
    return replace(unit, id=folder_id)


def _check_file_name(
    diags: Diagnostics, where: Callable[[], Location], field: str, value: object, expected: str
) -> None:
    """A year or round that differs from the file's name (located only then: a large
    tree has thousands of files, each named right)."""
    if str(value) != expected:
        diags.error("file.name-mismatch", where(), field=field, value=value, expected=expected)


def _year_at(root: Node) -> Location:
    mark = root.marks().get("year")
    return Location(root.loc.path, *mark) if mark else root.loc


def _children_index(units: Mapping[str, Unit]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for unit in sorted(units.values(), key=lambda u: u.id):
        if unit.parent:
            index.setdefault(unit.parent, []).append(unit.id)
    return {k: tuple(v) for k, v in index.items()}
