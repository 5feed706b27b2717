"""The example content's mid-year scorecards, as a planning office computes them by hand.

Province A's FY 2568 agreement (content/units/prov-a/agreements/2568.yaml), weights:
rice-yield 15, poor-households-lifted 15, registry-updated 10, large-farm-gap 10 (mixed
criteria: two steps, then % of plots certified GAP), registration-time 10, satisfaction
10, budget-disbursement 10, km-success 20. Rice yield reports at 6 and 12 months only,
satisfaction at 12 months only; poor households and the budget have 6- and 9-month
targets; an amendment approved on 1 April 2025 cancels registration-time from the
9-month round on.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from builder.model import Content
from builder.options import BuildOptions
from builder.pipeline import load_and_check
from builder.queries import Queries
from builder.scoring.scorecard import Scorebook, score_content

D = Decimal
CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture(scope="module")
def example() -> tuple[Content, Scorebook]:
    checked = load_and_check(BuildOptions(content=CONTENT))
    assert checked.content is not None and not checked.diagnostics.has_errors()
    return checked.content, score_content(checked.content)


def test_the_example_checks_clean(example: tuple[Content, Scorebook]) -> None:
    """No error; as of 1 December 2025 the only warnings are the ones the example means:
    three 9-month results not in yet, and the calendar's step collecting them not done
    (what `kpibook status --round m9` lists, tests/test_status_cli.py)."""
    import datetime as dt

    checked = load_and_check(BuildOptions(content=CONTENT, today=dt.date(2025, 12, 1)))
    assert [(d.severity, d.code, d.loc.path.split("content/")[-1]) for d in checked.diagnostics.sorted()] == [
        ("warning", "calendar.overdue", "calendar/2568.yaml"),
        ("warning", "results.missing-kpi", "units/dist-b/results/2568/m9.yaml"),
        ("warning", "results.missing-kpi", "units/doae-ict/results/2568/m9.yaml"),
        ("warning", "results.missing-kpi", "units/prov-a-strategy/results/2568/m9.yaml"),
    ]


def test_province_a_at_6_months(example: tuple[Content, Scorebook]) -> None:
    card = example[1].card("prov-a", 2568, "m6")
    assert card is not None
    # due: every KPI but satisfaction (12 months only): Σ 90
    #   rice-yield 418.6 on 412/414.5/417/419.5/422: 3 + 1.6/2.5 = 3.6400 × 15 ÷ 90 = 0.606666… → 0.6067
    #   poor households: the districts' 25 + 39 = 64 (rolled up) on the 6-month 40/60/80/100/120:
    #     2 + 4/20 = 2.2000 × 15 ÷ 90 = 0.366666… → 0.3667
    #   registry-updated 63.8 below level 1 (80): 1.0000 × 10 ÷ 90 = 0.111111… → 0.1111
    #   large-farm-gap step 1 done: 1.0000 × 10 ÷ 90 → 0.1111
    #   registration-time 27.4 on 30/28/26/24/22 (lower): 2 + 0.6/2 = 2.3000 × 10 ÷ 90 = 0.255555… → 0.2556
    #   budget 58.1 on the 6-month 50/52.5/55/57.5/60: 4 + 0.6/2.5 = 4.2400 × 10 ÷ 90 = 0.471111… → 0.4711
    #   km-success level 2: 2.0000 × 20 ÷ 90 = 0.444444… → 0.4444
    # total 0.6067 + 0.3667 + 0.1111 + 0.1111 + 0.2556 + 0.4711 + 0.4444 = 2.3667; × 20 = 47.3340
    assert [(r.kpi, r.status, r.score, r.weighted) for r in card.rows] == [
        ("rice-yield", "due", D("3.6400"), D("0.6067")),
        ("poor-households-lifted", "due", D("2.2000"), D("0.3667")),
        ("registry-updated", "due", D("1.0000"), D("0.1111")),
        ("large-farm-gap", "due", D("1.0000"), D("0.1111")),
        ("registration-time", "due", D("2.3000"), D("0.2556")),
        ("satisfaction", "not-due", None, None),
        ("budget-disbursement", "due", D("4.2400"), D("0.4711")),
        ("km-success", "due", D("2.0000"), D("0.4444")),
    ]
    assert (card.weight_total, card.total, card.total_100) == (90, D("2.3667"), D("47.3340"))
    assert card.band is not None and card.band.label.en == "Fair"


def test_province_a_at_9_months(example: tuple[Content, Scorebook]) -> None:
    card = example[1].card("prov-a", 2568, "m9")
    assert card is not None
    # due: poor households 15, registry 10, large farms 10, budget 10, km 20: Σ 65
    # (rice yield and satisfaction are not due; registration-time is cancelled from 9 months)
    #   poor households 148 on the 9-month 70/105/140/175/210: 3 + 8/35 = 3.228571… → 3.2286
    #     × 15 ÷ 65 = 0.745061… → 0.7451
    #   registry-updated 81.2 on 80/83: 1 + 1.2/3 = 1.4000 × 10 ÷ 65 = 0.215384… → 0.2154
    #   large-farm-gap both steps done, no result yet: 2.0000 × 10 ÷ 65 = 0.307692… → 0.3077
    #   budget 81.4 on the 9-month 72/74.5/77/79.5/82: 4 + 1.9/2.5 = 4.7600 × 10 ÷ 65 = 0.732307… → 0.7323
    #   km-success level 3: 3.0000 × 20 ÷ 65 = 0.923076… → 0.9231
    # total 0.7451 + 0.2154 + 0.3077 + 0.7323 + 0.9231 = 2.9236; × 20 = 58.4720
    assert [(r.kpi, r.status, r.score, r.weighted) for r in card.rows] == [
        ("rice-yield", "not-due", None, None),
        ("poor-households-lifted", "due", D("3.2286"), D("0.7451")),
        ("registry-updated", "due", D("1.4000"), D("0.2154")),
        ("large-farm-gap", "due", D("2.0000"), D("0.3077")),
        ("registration-time", "cancelled", None, None),
        ("satisfaction", "not-due", None, None),
        ("budget-disbursement", "due", D("4.7600"), D("0.7323")),
        ("km-success", "due", D("3.0000"), D("0.9231")),
    ]
    assert (card.weight_total, card.total, card.total_100) == (65, D("2.9236"), D("58.4720"))
    assert card.band is not None and card.band.label.en == "Good"


def test_the_mixed_criteria_kpi_at_12_months(example: tuple[Content, Scorebook]) -> None:
    row = example[1].card("prov-a", 2568, "m12").row("large-farm-gap")  # type: ignore[union-attr]
    # both steps done and 72.5 % of plots certified, on 60/70/80: 4 + 2.5/10 = 4.2500
    assert row is not None and (row.level, row.actual, row.score) == (2, 72.5, D("4.2500"))


def test_the_example_shows_every_kind_of_cascade(example: tuple[Content, Scorebook]) -> None:
    content, scores = example
    queries = Queries(content, scores)
    # held at its own level: the department's burning reduction, measured nationally
    assert queries.held("doae", 2568, "burning-reduction") and not queries.is_gap("doae", 2568, "burning-reduction")
    # two parents: the strategy group's data entry serves the registry and the service time
    for parent in ("registry-updated", "registration-time"):
        assert "prov-a-strategy" in {
            c.unit for c in queries.carriers("prov-a", 2568, parent) if c.item.kpi == "registry-entry"
        }
    # the amendment history keeps the signed item
    agreement = content.agreements[("prov-a", 2568)]
    assert agreement.item("registration-time") is not None
    assert [(a.action, a.kpi, a.from_round) for a in queries.amendments_in_order(agreement)] == [
        ("cancel", "registration-time", "m9")
    ]
