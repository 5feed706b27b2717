"""Scoring schemes: worked examples checked by hand, and properties that hold for any
criteria (scores stay on the scale and never fall as the result improves)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.catalogue import default_catalogue
from builder.model import Band, Criteria, MilestoneLevel, ScoringConfig, Text
from builder.scoring.schemes import DEFAULT_BAND_LABELS, SCHEMES, FiveLevel, Scheme, ThreeTier, scheme_for
from builder.scoring.scorecard import band_for

FIVE = scheme_for(ScoringConfig())
FIVE_ZERO = scheme_for(ScoringConfig(below_level_1="zero"))
TIERS = scheme_for(ScoringConfig(scheme="three-tier"))


def levels(*values: float) -> Criteria:
    return Criteria(levels=values)


def tiers(basic: float, standard: float, advanced: float) -> Criteria:
    return Criteria(tiers={"basic": basic, "standard": standard, "advanced": advanced})


def milestones(steps_at: tuple[int, ...] = ()) -> Criteria:
    """Five milestone levels; the levels in `steps_at` (1..5) list two steps each."""
    return Criteria(
        milestones=tuple(
            MilestoneLevel(text=Text(f"ระดับ {n}"), steps=(Text("ขั้นที่ 1"), Text("ขั้นที่ 2")) if n in steps_at else ())
            for n in range(1, 6)
        )
    )


# -- five-level: worked examples -------------------------------------------------------


def test_actual_between_levels_interpolates_linearly() -> None:
    # levels 70/75/80/85/90, actual 83.5: 3 + 3.5/5
    assert FIVE.score_actual(83.5, levels(70, 75, 80, 85, 90), "higher") == Decimal("3.7000")


def test_lower_is_better_mirrors_the_curve() -> None:
    # 30/28/26/24/22 minutes, actual 25: halfway between level 3 (26) and level 4 (24)
    assert FIVE.score_actual(25, levels(30, 28, 26, 24, 22), "lower") == Decimal("3.5000")


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (412, "1.0000"),  # exactly level 1
        (413, "1.4000"),  # 1 + 1/2.5
        (414.5, "2.0000"),
        (415.2, "2.2800"),  # 2 + 0.7/2.5
        (418, "3.4000"),  # 3 + 1/2.5
        (421, "4.6000"),  # 4 + 1.5/2.5
        (422, "5.0000"),
    ],
)
def test_uneven_level_intervals(actual: float, expected: str) -> None:
    # rice yield kg/rai: 412 / 414.5 / 417 / 419.5 / 422
    assert FIVE.score_actual(actual, levels(412, 414.5, 417, 419.5, 422), "higher") == Decimal(expected)


def test_scores_have_four_decimals_rounded_half_up() -> None:
    criteria = levels(0, 3, 6, 9, 12)
    assert FIVE.score_actual(1, criteria, "higher") == Decimal("1.3333")
    assert FIVE.score_actual(2, criteria, "higher") == Decimal("1.6667")
    # 1 + 0.0004/8 = 1.00005: half up gives 1.0001 (banker's rounding would give 1.0000)
    assert FIVE.score_actual(0.0004, levels(0, 8, 16, 24, 32), "higher") == Decimal("1.0001")


@pytest.mark.parametrize(
    ("scheme", "direction", "criteria", "actual", "expected"),
    [
        (FIVE, "higher", (70, 75, 80, 85, 90), 95, "5.0000"),  # above level 5
        (FIVE, "higher", (70, 75, 80, 85, 90), 60, "1.0000"),  # below level 1, policy one
        (FIVE_ZERO, "higher", (70, 75, 80, 85, 90), 60, "0.0000"),  # below level 1, policy zero
        (FIVE_ZERO, "higher", (70, 75, 80, 85, 90), 95, "5.0000"),
        (FIVE_ZERO, "higher", (70, 75, 80, 85, 90), 70, "1.0000"),  # level 1 itself still scores 1
        (FIVE, "lower", (30, 28, 26, 24, 22), 35, "1.0000"),
        (FIVE_ZERO, "lower", (30, 28, 26, 24, 22), 35, "0.0000"),
        (FIVE, "lower", (30, 28, 26, 24, 22), 15, "5.0000"),
        (FIVE_ZERO, "lower", (30, 28, 26, 24, 22), 30, "1.0000"),
    ],
)
def test_clamping_at_both_ends(scheme, direction, criteria, actual, expected) -> None:  # type: ignore[no-untyped-def]
    assert scheme.score_actual(actual, levels(*criteria), direction) == Decimal(expected)


def test_default_below_level_1_policy_is_one() -> None:
    assert ScoringConfig().below_level_1 == "one"


# -- milestones --------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "expected"), [(1, "1.0000"), (3, "3.0000"), (5, "5.0000")])
def test_milestone_scores_the_level_fully_reached(level: int, expected: str) -> None:
    assert FIVE.score_level(level, None, milestones()) == Decimal(expected)


def test_milestone_level_0_scores_what_below_level_1_scores() -> None:
    assert FIVE.score_level(0, None, milestones()) == Decimal("1.0000")
    assert FIVE_ZERO.score_level(0, None, milestones()) == Decimal("0.0000")


def test_partial_credit_counts_where_the_next_level_lists_steps() -> None:
    # level 3 reached, half of level 4's steps done
    assert FIVE.score_level(3, 0.5, milestones(steps_at=(4,))) == Decimal("3.5000")


def test_partial_credit_is_ignored_where_the_next_level_has_no_steps() -> None:
    assert FIVE.score_level(3, 0.5, milestones(steps_at=(3,))) == Decimal("3.0000")
    assert FIVE.score_level(5, 0.5, milestones(steps_at=(1, 2, 3, 4, 5))) == Decimal("5.0000")


def test_partial_credit_toward_level_1_rises_from_zero_under_policy_zero() -> None:
    assert FIVE_ZERO.score_level(0, 0.5, milestones(steps_at=(1,))) == Decimal("0.5000")
    assert FIVE.score_level(0, 0.5, milestones(steps_at=(1,))) == Decimal("1.0000")


def test_score_value_refuses_a_value_of_the_wrong_kind_or_a_level_outside_0_to_5() -> None:
    assert FIVE.score_value("milestone", "higher", milestones(), None, 7) is None
    assert FIVE.score_value("numeric", "higher", levels(1, 2, 3, 4, 5), None, 3) is None
    assert FIVE.score_value("numeric", "higher", milestones(), 3.0, None) is None  # no numeric criteria


# -- three-tier --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (80, "50.0000"),  # basic
        (82.5, "62.5000"),  # halfway basic -> standard
        (85, "75.0000"),  # standard
        (87.5, "87.5000"),
        (90, "100.0000"),  # advanced
        (95, "100.0000"),  # above advanced
        (79, "0.0000"),  # below basic: below_basic (default 0)
    ],
)
def test_three_tier_interpolates_50_75_100(actual: float, expected: str) -> None:
    assert TIERS.score_actual(actual, tiers(80, 85, 90), "higher") == Decimal(expected)


def test_three_tier_with_a_standard_tier_score_of_70() -> None:
    scheme = scheme_for(ScoringConfig(scheme="three-tier", tier_scores={"basic": 50, "standard": 70, "advanced": 100}))
    assert scheme.score_actual(85, tiers(80, 85, 90), "higher") == Decimal("70.0000")
    assert scheme.score_actual(82.5, tiers(80, 85, 90), "higher") == Decimal("60.0000")
    assert scheme.score_actual(87.5, tiers(80, 85, 90), "higher") == Decimal("85.0000")


def test_three_tier_lower_is_better_and_below_basic_setting() -> None:
    scheme = scheme_for(ScoringConfig(scheme="three-tier", below_basic=25))
    assert scheme.score_actual(27, tiers(30, 26, 22), "lower") == Decimal("68.7500")  # 50 + 25 × 3/4
    assert scheme.score_actual(31, tiers(30, 26, 22), "lower") == Decimal("25.0000")
    assert scheme.score_actual(20, tiers(30, 26, 22), "lower") == Decimal("100.0000")


def test_three_tier_milestones_put_levels_1_3_5_on_the_tiers() -> None:
    assert TIERS.score_level(1, None, milestones()) == Decimal("50.0000")
    assert TIERS.score_level(2, None, milestones()) == Decimal("62.5000")
    assert TIERS.score_level(5, None, milestones()) == Decimal("100.0000")
    assert TIERS.score_level(0, None, milestones()) == Decimal("0.0000")


# -- totals on 100 and bands -------------------------------------------------------------


def test_100_point_base_is_total_times_20_on_five_levels_and_the_total_on_three_tiers() -> None:
    assert FIVE.on_100_point_base(Decimal("3.7150")) == Decimal("74.3000")
    assert TIERS.on_100_point_base(Decimal("87.5000")) == Decimal("87.5000")


def default_bands(scheme: Scheme) -> tuple[Band, ...]:
    return scheme.default_bands([default_catalogue().both(key) for key in DEFAULT_BAND_LABELS])


def test_default_bands_carry_the_thai_labels() -> None:
    labels = [b.label.th for b in default_bands(FIVE)]
    assert labels == ["ดีเด่น", "ดีมาก", "ดี", "พอใช้", "ต้องปรับปรุง"]
    assert [b.min for b in default_bands(FIVE)] == [4.5, 3.5, 2.5, 1.5, 0.0]
    assert [b.min for b in default_bands(TIERS)] == [90.0, 80.0, 70.0, 60.0, 0.0]


@pytest.mark.parametrize(
    ("total", "label"),
    [("4.5000", "ดีเด่น"), ("4.4999", "ดีมาก"), ("3.5000", "ดีมาก"), ("2.5200", "ดี"), ("1.5", "พอใช้"), ("0", "ต้องปรับปรุง")],
)
def test_a_total_falls_in_the_highest_band_it_reaches(total: str, label: str) -> None:
    band = band_for(Decimal(total), default_bands(FIVE))
    assert band is not None and band.label.th == label


def test_no_band_below_the_lowest_minimum() -> None:
    assert band_for(Decimal("0.9"), (Band(min=1.0, label=Text("ผ่าน")),)) is None


# -- properties --------------------------------------------------------------------------

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
five_values = st.lists(values, min_size=5, max_size=5, unique=True).map(sorted)
three_values = st.lists(values, min_size=3, max_size=3, unique=True).map(sorted)
policies = st.sampled_from(["one", "zero"])
directions = st.sampled_from(["higher", "lower"])


def _ordered(worst_to_best: list[float], direction: str) -> tuple[float, ...]:
    return tuple(worst_to_best if direction == "higher" else reversed(worst_to_best))


def _better_first(a: float, b: float, direction: str) -> tuple[float, float]:
    """(worse, better) of two actuals in the KPI's direction."""
    low, high = sorted((a, b))
    return (low, high) if direction == "higher" else (high, low)


@given(five_values, directions, policies, values, values)
def test_five_level_scores_stay_in_bounds_and_never_fall_as_results_improve(
    criteria: list[float], direction: str, policy: str, a: float, b: float
) -> None:
    scheme = FiveLevel(ScoringConfig(below_level_1=policy))  # type: ignore[arg-type]
    crit = levels(*_ordered(criteria, direction))
    worse, better = _better_first(a, b, direction)
    low, high = scheme.score_actual(worse, crit, direction), scheme.score_actual(better, crit, direction)  # type: ignore[arg-type]
    assert low is not None and high is not None
    floor = Decimal(0) if policy == "zero" else Decimal(1)
    assert floor <= low <= high <= Decimal(5)


@given(three_values, directions, values, values, st.floats(min_value=0, max_value=50))
def test_three_tier_scores_stay_in_bounds_and_never_fall_as_results_improve(
    criteria: list[float], direction: str, a: float, b: float, below_basic: float
) -> None:
    scheme = ThreeTier(ScoringConfig(scheme="three-tier", below_basic=below_basic))
    crit = tiers(*_ordered(criteria, direction))
    worse, better = _better_first(a, b, direction)
    low, high = scheme.score_actual(worse, crit, direction), scheme.score_actual(better, crit, direction)  # type: ignore[arg-type]
    assert low is not None and high is not None
    assert Decimal(0) <= low <= high <= Decimal(100)


@given(
    st.sampled_from([FIVE, FIVE_ZERO, TIERS]),
    st.integers(min_value=0, max_value=5),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=5),
    st.floats(min_value=0, max_value=1),
)
def test_milestone_scores_never_fall_as_more_is_reached(scheme, level_a, part_a, level_b, part_b) -> None:  # type: ignore[no-untyped-def]
    criteria = milestones(steps_at=(1, 2, 3, 4, 5))
    (la, pa), (lb, pb) = sorted([(level_a, part_a), (level_b, part_b)])
    if la == 5:
        pa = 0.0  # nothing beyond level 5
    low, high = scheme.score_level(la, pa, criteria), scheme.score_level(lb, pb, criteria)
    assert Decimal(0) <= low <= high <= scheme.top()


def test_every_scoring_setting_is_documented() -> None:
    root = Path(__file__).resolve().parent.parent
    site_schema = json.loads((root / "schemas" / "site.schema.json").read_text(encoding="utf-8"))
    settings = site_schema["properties"]["scoring"]["properties"]
    doc = (root / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert [s for s in settings if f"`{s}" not in doc] == []
    assert [name for name in SCHEMES if f"`scheme: {name}`" not in doc] == []
