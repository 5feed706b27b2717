"""The domain questions of the year's work, answered once for every output: where each
initiative stands and the budget totals per goal and perspective, what serves each
external target, and each round's deadline. Figures worked out by hand from the example
content (content/units/doae/initiatives/2568.yaml, content/plans.yaml,
content/calendar/2568.yaml)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from builder.model import Content
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.queries import Queries
from builder.timeline import feed_stamp, months_of, step_state

EXAMPLE = Path(__file__).resolve().parent.parent / "content"
M = Decimal(1_000_000)


@pytest.fixture(scope="module")
def example() -> Content:
    checked = load_and_check(BuildOptions(content=EXAMPLE))
    assert checked.content is not None
    return checked.content


@pytest.fixture(scope="module")
def queries(example: Content) -> Queries:
    return Queries(example)


def test_an_initiative_stands_where_its_latest_report_says(queries: Queries) -> None:
    found = {s.initiative.id: s for s in queries.initiatives("doae", 2568)}
    farms = found["large-farms"]
    assert (farms.round, farms.disbursed, farms.rate, farms.progress, farms.status) == (
        "m12",
        Decimal("121650000"),
        Decimal("97.01"),
        100.0,
        "completed",
    )
    assert farms.goals == ("g-yield", "g-income")
    stubble = found["stubble-ploughing"]  # reported m6 and m9 only: m9 is where it stands
    assert (stubble.round, stubble.disbursed, stubble.rate) == ("m9", Decimal("23180000"), Decimal("96.58"))
    # goals named and goals of the KPIs it names
    assert found["km-activity"].goals == ("g-knowledge",)


def test_budget_totals_of_a_unit_per_goal_and_per_perspective(queries: Queries, example: Content) -> None:
    total = queries.budget_total("doae", 2568)
    assert (total.count, total.budget, total.disbursed, total.rate) == (
        5,
        Decimal("279.4") * M,
        Decimal("272.115") * M,
        Decimal("97.39"),
    )
    by_goal = queries.budget_by_goal("doae", 2568)
    assert {g: (t.count, t.budget) for g, t in by_goal.items()} == {
        "g-yield": (1, Decimal("125.4") * M),
        "g-income": (1, Decimal("125.4") * M),  # the same project serves both goals
        "g-tech-transfer": (1, Decimal("86.5") * M),
        "g-clean-production": (1, Decimal("24") * M),
        "g-registry": (1, Decimal("42.3") * M),
        "g-knowledge": (1, Decimal("1.2") * M),
    }
    by_perspective = queries.budget_by_perspective(example.units["doae"], 2568)
    assert {p: (t.count, t.budget, t.disbursed) for p, t in by_perspective.items()} == {
        "effectiveness": (3, Decimal("191.7") * M, Decimal("186.81") * M),  # the farms project once
        "quality": (1, Decimal("86.5") * M, Decimal("84.12") * M),
        "development": (1, Decimal("1.2") * M, Decimal("1.185") * M),
    }


def test_an_ict_project_late_to_pay_reports_nothing_disbursed(queries: Queries) -> None:
    upgrade = next(s for s in queries.initiatives("doae-ict", 2568) if s.initiative.id == "network-upgrade")
    m6 = upgrade.initiative.rounds[0]
    assert (m6.round, m6.disbursed, m6.status) == ("m6", Decimal(0), "delayed")
    assert upgrade.goals == ("g-network", "g-maintenance")


def test_round_by_round_money_against_the_plan(queries: Queries) -> None:
    """Each report in reporting order, disbursement to date as a percent of the plan to date:
    the ICT network upgrade paid nothing of its 5 million planned by March (tender late)."""
    upgrade = next(s for s in queries.initiatives("doae-ict", 2568) if s.initiative.id == "network-upgrade")
    assert [(m.report.round, m.report.planned, m.report.disbursed, m.against_plan) for m in upgrade.reports] == [
        ("m6", Decimal("5000000"), Decimal(0), Decimal("0.00")),
        ("m9", Decimal("12000000"), Decimal("9375000"), Decimal("78.13")),  # 78.125 rounds half up
        ("m12", Decimal("18750000"), Decimal("18750000"), Decimal("100.00")),
    ]


def test_the_targets_a_goal_names_with_their_levels(queries: Queries) -> None:
    found = queries.targets(("sdg-1", "mp-16-1", "sdg-1", "no-such-target"))
    assert [(item.id, level.id if level else None) for item, level in found] == [
        ("sdg-1", "sdg"),
        ("mp-16-1", "sub-plan"),
    ]  # in the order named, once each; an unknown id (check reports it) is left out


def test_what_serves_each_external_target(queries: Queries) -> None:
    targets = {t.item.id: t for t in queries.alignment(2568)}
    sub_plan = targets["mp-03-6"]
    assert [(g.unit.id, g.goal.id) for g in sub_plan.goals] == [("doae", "g-yield"), ("prov-a", "g-rice-yield")]
    assert [k.key for k in sub_plan.kpis] == ["doae/yield-increase"]
    assert [i.key for i in sub_plan.initiatives] == ["doae/large-farms", "prov-a/jasmine-rice-school"]
    # the master plan is served through its sub-plans; the strategy above it too
    master = targets["mp-03"]
    assert (master.direct, master.below, master.served) == (0, 7, True)
    assert targets["ns-2"].below == 7
    # nothing serves four of the agriculture sub-plans, nor the security and human-capital strategies
    assert [t for t, a in targets.items() if not a.served] == [
        "ns-1",
        "mp-03-1",
        "mp-03-2",
        "mp-03-3",
        "mp-03-4",
        "ns-3",
    ]


def test_each_rounds_deadline_comes_from_the_calendar(queries: Queries) -> None:
    deadlines = {r.id: queries.deadline(2568, r) for r in queries.rounds}
    assert {r: (d.day.isoformat(), d.step.id if d.step else None) for r, d in deadlines.items()} == {
        "m6": ("2025-04-11", "sar-6"),
        "p1": ("2025-04-10", "individual-round-1"),
        "m9": ("2025-07-10", "report-9"),
        "m12": ("2025-10-15", "sar-12"),
        "p2": ("2025-10-10", "individual-round-2"),
    }
    # without a calendar, a round is due on its last day
    assert queries.deadline(2567, queries.round("m9")).day == dt.date(2024, 6, 30)  # type: ignore[arg-type]


def test_the_steps_naming_a_unit_by_id_or_kind(queries: Queries, example: Content) -> None:
    steps = [s.id for s in queries.steps_naming(example.units["doae-hr"], 2568)]
    assert steps == [
        "framework",  # every division takes part
        "briefing",
        "unit-agreements",
        "kpi-templates",
        "incentives",  # the Personnel Division by name
        "follow-up-1",
        "change-requests-close",
        "sar-6",
        "follow-up-2",
        "report-9",
        "follow-up-3",
        "sar-12",
        "individual-review",
        "summary",
        "announce",
        "rewards",
    ]
    person = [s.id for s in queries.steps_naming(example.units["dist-a-tambon-c"], 2568)]
    assert person == ["individual-agreements", "individual-round-1", "individual-round-2", "announce"]


def test_the_next_round_due(queries: Queries) -> None:
    def next_round(day: str) -> str | None:
        found = queries.next_round(2568, dt.date.fromisoformat(day))
        return found.id if found else None

    assert [next_round(d) for d in ("2025-01-01", "2025-04-11", "2025-04-12", "2025-07-11", "2025-12-01")] == [
        "p1",
        "m6",
        "m9",
        "p2",
        "p2",  # all past: the last round of the year in reporting order
    ]


def test_a_steps_state_and_the_timeline_months(example: Content) -> None:
    calendar = example.calendars[2568]
    today = dt.date(2025, 12, 1)
    states = {s.id: step_state(s, today) for s in calendar.steps}
    assert [s for s, state in states.items() if state != "done"] == [
        "report-9",
        "site-visit-2",
        "summary",
        "announce",
        "rewards",
    ]
    assert [states[s] for s in ("report-9", "site-visit-2", "summary", "announce")] == [
        "overdue",
        "under-way",
        "upcoming",
        "upcoming",
    ]
    months = months_of(calendar, 2568)
    assert (months[0], months[-1], len(months)) == (dt.date(2024, 10, 1), dt.date(2026, 3, 1), 18)


def test_the_feed_stamp_is_never_the_clock(example: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    calendar = example.calendars[2568]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert feed_stamp(calendar, 2568) == dt.datetime(2024, 9, 27, tzinfo=dt.UTC)  # revised: 2024-09-27
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    assert feed_stamp(calendar, 2568) == dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
