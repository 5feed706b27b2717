"""What changed in one unit's own files, compared as meaning (parsed values), not text:
its place in the tree, its KPI templates, its agreements and their items, its results.

Items and results are matched by KPI id; a KPI whose id changed while its name stayed
(removed under one id, added under another with the same name) is reported as renamed,
and its agreement items and results are compared across the two ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from builder.diff.report import Action, Change
from builder.model import (
    Agreement,
    AgreementItem,
    Amendment,
    CascadeLink,
    Content,
    Criteria,
    Kpi,
    Result,
    ResultSet,
    RoundTerms,
    Site,
    Text,
    Unit,
    Verification,
)
from builder.queries import reporting_order


def number(value: float | None) -> int | float | None:
    """A number as written: 20 rather than 20.0."""
    if value is None:
        return None
    return int(value) if value == int(value) and abs(value) < 1e15 else value


def text(value: Text | None) -> dict[str, str] | None:
    return None if value is None else {"th": value.th, "en": value.en}


def criteria_value(criteria: Criteria) -> Any:
    """Level by level: a value, a milestone's text (mixed criteria write steps first), or
    None for a level left empty; three tiers as a mapping."""
    if criteria.tiers:
        return {k: number(v) for k, v in criteria.tiers.items()}
    levels = max(len(criteria.levels), len(criteria.milestones))
    return [_level_value(criteria, i) for i in range(levels)]


def _level_value(criteria: Criteria, index: int) -> Any:
    value = criteria.levels[index] if index < len(criteria.levels) else None
    if value is None and index < len(criteria.milestones):
        milestone = criteria.milestones[index]
        return (
            {"text": text(milestone.text), "steps": [text(s) for s in milestone.steps]}
            if milestone.steps
            else text(milestone.text)
        )
    return number(value)


def cascade_value(links: tuple[CascadeLink, ...]) -> list[dict[str, Any]] | None:
    """Each superior KPI the item derives from, and how."""
    values = []
    for link in links:
        value: dict[str, Any] = {"from": link.parent_kpi, "kind": link.kind}
        if link.kind == "split":
            value["combine"] = link.combine
            if link.base is not None:
                value["base"] = number(link.base)
        values.append(value)
    return values or None


def round_terms_value(terms: tuple[RoundTerms, ...]) -> list[dict[str, Any]]:
    """The terms an item sets for particular rounds (criteria, weight, target)."""
    values = []
    for term in terms:
        value: dict[str, Any] = {"round": term.round}
        if term.criteria is not None:
            value["criteria"] = criteria_value(term.criteria)
        for name in ("weight", "importance", "target"):
            if getattr(term, name) is not None:
                value[name] = number(getattr(term, name))
        values.append(value)
    return values


# -- the site --------------------------------------------------------------------------


def site_changes(base: Site, head: Site) -> list[Change]:
    changes: list[Change] = []
    old_dims = {d.id: d for d in base.dimensions}
    new_dims = {d.id: d for d in head.dimensions}
    for dim_id in _ordered(old_dims, new_dims):
        old, new = old_dims.get(dim_id), new_dims.get(dim_id)
        if old is None or new is None:
            action: Action = "added" if old is None else "removed"
            shown = new or old
            assert shown is not None
            changes.append(Change("site", action, "dimension", key=dim_id, new=text(shown.name), loc=shown.loc))
        elif old.weight != new.weight:
            changes.append(
                Change(
                    "site",
                    "changed",
                    "dimension-weight",
                    key=dim_id,
                    old=number(old.weight),
                    new=number(new.weight),
                    loc=new.at("weight"),
                )
            )
    old_rounds = {r.id: (r.months, list(r.applies_to)) for r in base.rounds}
    new_rounds = {r.id: (r.months, list(r.applies_to)) for r in head.rounds}
    for round_id in _ordered(old_rounds, new_rounds):
        old_round, new_round = old_rounds.get(round_id), new_rounds.get(round_id)
        if old_round != new_round:
            what: Action = "added" if old_round is None else "removed" if new_round is None else "changed"
            changes.append(
                Change("site", what, "round", key=round_id, old=_round_value(old_round), new=_round_value(new_round))
            )
    for name, old_value, new_value in (
        ("fiscal-years", list(base.fiscal_years), list(head.fiscal_years)),
        ("scheme", base.scoring.scheme, head.scoring.scheme),
        ("below-level-1", base.scoring.below_level_1, head.scoring.below_level_1),
        ("tier-scores", _numbers(base.scoring.tier_scores), _numbers(head.scoring.tier_scores)),
        ("below-basic", number(base.scoring.below_basic), number(head.scoring.below_basic)),
        ("bands", _bands(base), _bands(head)),
        ("publish-individual-results", base.publish_individual_results, head.publish_individual_results),
        ("max-kpis-per-person", base.max_kpis_per_person, head.max_kpis_per_person),
    ):
        if old_value != new_value:
            changes.append(Change("site", "changed", name, old=old_value, new=new_value))
    return changes


def closure_changes(base: Content, head: Content) -> list[Change]:
    """Rounds closed and corrections recorded (or taken back) between the two sides."""
    changes: list[Change] = []
    for key in sorted(set(base.closures) | set(head.closures)):
        old, new = base.closures.get(key), head.closures.get(key)
        where = f"{key[0]} {key[1]}"
        if old is None or new is None:
            shown = new or old
            assert shown is not None
            action: Action = "added" if old is None else "removed"
            changes.append(Change("site", action, "closed-round", key=where, new=shown.closed_on, loc=shown.loc))
            continue
        before = {(c.file, c.kpi, c.corrected_on, c.digest) for c in old.corrections}
        for correction in new.corrections:
            if (correction.file, correction.kpi, correction.corrected_on, correction.digest) not in before:
                changes.append(
                    Change(
                        "site",
                        "added",
                        "correction",
                        round=key[1],
                        year=key[0],
                        kpi=correction.kpi,
                        key=correction.file,
                        new=text(correction.reason),
                        loc=correction.loc,
                    )
                )
    return changes


def _round_value(value: tuple[int, list[Any]] | None) -> dict[str, Any] | None:
    return None if value is None else {"months": value[0], "for": value[1]}


def _numbers(values: Any) -> dict[str, Any]:
    return {k: number(v) for k, v in values.items()}


def _bands(site: Site) -> list[dict[str, Any]]:
    return [{"min": number(b.min), "label": text(b.label)} for b in site.scoring.bands]


# -- one unit --------------------------------------------------------------------------


def unit_changes(base: Content, head: Content, unit_id: str) -> list[Change]:
    """Everything that differs in the unit's own files."""
    old, new = base.units.get(unit_id), head.units.get(unit_id)
    if old is None and new is None:
        return []
    if old is None or new is None:
        shown = new or old
        assert shown is not None
        action: Action = "added" if old is None else "removed"
        return [Change("unit", action, new=text(shown.name), key=shown.parent, loc=shown.loc)]
    renamed_ids = _renamed_kpis(base, head, unit_id)
    return [
        *_identity_changes(old, new),
        *_kpi_changes(base, head, unit_id, renamed_ids),
        *_agreement_changes(base, head, unit_id, renamed_ids),
        *_result_changes(base, head, unit_id, renamed_ids),
    ]


def _identity_changes(old: Unit, new: Unit) -> Iterator[Change]:
    if old.parent != new.parent:
        yield Change("unit", "moved", "parent", old=old.parent, new=new.parent, loc=new.at("parent"))
    if old.name != new.name:
        yield Change("unit", "renamed", "name", old=text(old.name), new=text(new.name), loc=new.at("name"))
    if old.kind != new.kind:
        yield Change("unit", "changed", "kind", old=old.kind, new=new.kind, loc=new.at("kind"))


def _kpis_of(content: Content, unit_id: str) -> dict[str, Kpi]:
    return {k.id: k for k in content.kpis.values() if k.unit == unit_id}


def _renamed_kpis(base: Content, head: Content, unit_id: str) -> dict[str, str]:
    """Old id -> new id for KPIs removed under one id and added under another with the
    same name."""
    old, new = _kpis_of(base, unit_id), _kpis_of(head, unit_id)
    gone = {k.name: kid for kid, k in old.items() if kid not in new and k.name}
    renamed = {}
    for kid, kpi in new.items():
        if kid not in old and kpi.name in gone:
            renamed[gone.pop(kpi.name)] = kid
    return renamed


_KPI_FIELDS: tuple[tuple[str, Callable[[Kpi], Any]], ...] = (
    ("kind", lambda k: k.kind),
    ("direction", lambda k: k.direction),
    ("measure", lambda k: k.measure),
    ("unit-of-measure", lambda k: text(k.unit_of_measure)),
    ("goal", lambda k: k.goal),
    ("reporting", lambda k: list(k.reporting)),
)


def _kpi_changes(base: Content, head: Content, unit_id: str, renamed: dict[str, str]) -> Iterator[Change]:
    old, new = _kpis_of(base, unit_id), _kpis_of(head, unit_id)
    back = {v: k for k, v in renamed.items()}
    for kid in _ordered(old, new):
        if kid in renamed:
            continue  # reported under its new id
        before = old.get(back.get(kid, kid))
        after = new.get(kid)
        if after is None:
            assert before is not None
            yield Change("kpi", "removed", kpi=kid, old=text(before.name), loc=before.loc)
            continue
        if before is None:
            yield Change("kpi", "added", kpi=kid, new=text(after.name), loc=after.loc)
            continue
        if before.id != after.id:
            yield Change("kpi", "renamed", "id", kpi=kid, old=before.id, new=after.id, loc=after.at("id"))
        if before.name != after.name:
            yield Change(
                "kpi", "renamed", "name", kpi=kid, old=text(before.name), new=text(after.name), loc=after.at("name")
            )
        for name, value in _KPI_FIELDS:
            if value(before) != value(after):
                yield Change("kpi", "changed", name, kpi=kid, old=value(before), new=value(after), loc=after.at(name))
        for year in sorted(set(before.baseline) | set(after.baseline)):
            was, now = number(before.baseline.get(year)), number(after.baseline.get(year))
            if was != now:
                yield Change(
                    "kpi", "changed", "baseline", year=year, kpi=kid, old=was, new=now, loc=after.at("baseline")
                )


def _agreements_of(content: Content, unit_id: str) -> dict[int, Agreement]:
    return {year: a for (uid, year), a in content.agreements.items() if uid == unit_id}


def _agreement_changes(base: Content, head: Content, unit_id: str, renamed: dict[str, str]) -> Iterator[Change]:
    old, new = _agreements_of(base, unit_id), _agreements_of(head, unit_id)
    for year in sorted(set(old) | set(new)):
        before, after = old.get(year), new.get(year)
        if before is None or after is None:
            shown = after or before
            assert shown is not None
            action: Action = "added" if before is None else "removed"
            yield Change("agreement", action, year=year, new=len(shown.items), loc=shown.loc)
            continue
        yield from _agreement_fields(before, after)
        yield from _item_changes(before, after, renamed)


def _agreement_fields(before: Agreement, after: Agreement) -> Iterator[Change]:
    year = after.year
    if before.weighting != after.weighting:
        yield Change(
            "agreement",
            "changed",
            "weighting",
            year=year,
            old=before.weighting,
            new=after.weighting,
            loc=after.at("weighting"),
        )
    for dim in _ordered(dict(before.dimension_weights), dict(after.dimension_weights)):
        was, now = number(before.dimension_weights.get(dim)), number(after.dimension_weights.get(dim))
        if was != now:
            loc = after.at("dimension_weights")
            yield Change("agreement", "changed", "dimension-weight", year=year, key=dim, old=was, new=now, loc=loc)
    if before.signed_on != after.signed_on:
        yield Change(
            "agreement",
            "changed",
            "signed-on",
            year=year,
            old=before.signed_on,
            new=after.signed_on,
            loc=after.at("signatories"),
        )
    known = {_amendment_key(a) for a in before.amendments}
    for amendment in after.amendments:
        if _amendment_key(amendment) not in known:
            yield Change(
                "agreement",
                "changed",
                f"amendment-{amendment.action}",
                year=year,
                round=amendment.from_round,
                kpi=amendment.kpi,
                new=text(amendment.reason),
                loc=amendment.loc,
            )


def _amendment_key(amendment: Amendment) -> tuple[Any, ...]:
    return (amendment.from_round, amendment.action, amendment.kpi, amendment.date, amendment.reason)


_ITEM_FIELDS: tuple[tuple[str, str, Callable[[AgreementItem], Any]], ...] = (
    ("criteria", "criteria", lambda i: criteria_value(i.criteria)),
    ("target", "target", lambda i: number(i.target)),
    ("weight", "weight", lambda i: number(i.weight)),
    ("importance", "importance", lambda i: i.importance),
    ("group", "dimension", lambda i: i.group),
    ("baseline", "baseline", lambda i: number(i.baseline)),
    ("cascade", "cascade", lambda i: cascade_value(i.cascade)),
    ("round-terms", "rounds", lambda i: round_terms_value(i.rounds)),
    ("held", "held", lambda i: text(i.held) if i.held else None),
    ("responsible", "responsible", lambda i: text(i.responsible)),
)


def _item_changes(before: Agreement, after: Agreement, renamed: dict[str, str]) -> Iterator[Change]:
    year = after.year
    old = {renamed.get(i.kpi, i.kpi): i for i in before.items}
    new = {i.kpi: i for i in after.items}
    for kid in _ordered(old, new):
        was, now = old.get(kid), new.get(kid)
        if was is None or now is None:
            shown = now or was
            assert shown is not None
            action: Action = "added" if was is None else "removed"
            yield Change("item", action, year=year, kpi=kid, new=number(shown.weight), loc=shown.loc)
            continue
        for name, at, value in _ITEM_FIELDS:
            if value(was) != value(now):
                yield Change(
                    "item", "changed", name, year=year, kpi=kid, old=value(was), new=value(now), loc=now.at(at)
                )


def _results_of(content: Content, unit_id: str) -> dict[tuple[int, str], ResultSet]:
    return {(year, round_id): rs for (uid, year, round_id), rs in content.results.items() if uid == unit_id}


def _result_changes(base: Content, head: Content, unit_id: str, renamed: dict[str, str]) -> Iterator[Change]:
    old, new = _results_of(base, unit_id), _results_of(head, unit_id)
    order = {r.id: i for i, r in enumerate(reporting_order(head.site))}
    for year, round_id in sorted(set(old) | set(new), key=lambda key: (key[0], order.get(key[1], len(order)), key[1])):
        before, after = old.get((year, round_id)), new.get((year, round_id))
        was = {renamed.get(r.kpi, r.kpi): r for r in before.results} if before else {}
        now = {r.kpi: r for r in after.results} if after else {}
        for kid in _ordered(was, now):
            yield from _one_result(year, round_id, kid, was.get(kid), now.get(kid))


_RESULT_FIELDS: tuple[tuple[str, str, Callable[[Result], Any]], ...] = (
    ("actual", "actual", lambda r: number(r.actual)),
    ("level", "level", lambda r: r.level),
    ("partial", "partial", lambda r: number(r.partial)),
    ("narrative", "narrative", lambda r: text(r.narrative)),
    ("evidence", "evidence", lambda r: [e.path for e in r.evidence]),
)
_VERIFIED_FIELDS: tuple[tuple[str, str, Callable[[Verification], Any]], ...] = (
    ("verified-actual", "actual", lambda v: number(v.actual)),
    ("verified-level", "level", lambda v: v.level),
    ("verified-score", "score", lambda v: number(v.score)),
    ("verified-reason", "reason", lambda v: text(v.reason)),
)


def _one_result(year: int, round_id: str, kid: str, was: Result | None, now: Result | None) -> Iterator[Change]:
    if was is None or now is None:
        shown = now or was
        assert shown is not None
        action: Action = "added" if was is None else "removed"
        reported = number(shown.actual) if shown.actual is not None else shown.level
        yield Change("result", action, year=year, round=round_id, kpi=kid, new=reported, loc=shown.loc)
        return
    for name, at, value in _RESULT_FIELDS:
        if value(was) != value(now):
            yield Change(
                "result",
                "changed",
                name,
                year=year,
                round=round_id,
                kpi=kid,
                old=value(was),
                new=value(now),
                loc=now.at(at),
            )
    for name, at, verified in _VERIFIED_FIELDS:
        before = verified(was.verified) if was.verified else None
        after = verified(now.verified) if now.verified else None
        if before != after:
            loc = now.verified.at(at) if now.verified else now.loc
            yield Change("result", "changed", name, year=year, round=round_id, kpi=kid, old=before, new=after, loc=loc)


def _ordered(old: dict[Any, Any], new: dict[Any, Any]) -> list[Any]:
    """Keys in the head's order, then those only the base has, in its order."""
    return [*new, *(k for k in old if k not in new)]
