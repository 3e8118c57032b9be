"""The progress assessment: hand-computed cases and invariants."""


import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.progress import assess, cagr, period_time, quartile, rank


@pytest.mark.parametrize(
    "base, current, direction, target, status, numbers",
    [
        # No target: 100 -> 121 over 2 years is 10 % a year, above 1.5 %.
        (("2019", 100), ("2021", 121), "increase", None, "substantial", {"observed_growth": 0.10}),
        # 100 -> 101 over 1 year: 1 %, between 0.5 % and 1.5 %.
        (("2020", 100), ("2021", 101), "increase", None, "moderate", {"observed_growth": 0.01}),
        # 100 -> 100.2: 0.2 %, between 0 and 0.5 %.
        (("2020", 100), ("2021", 100.2), "increase", None, "limited", {"observed_growth": 0.002}),
        # 100 -> 90: -10 %.
        (("2020", 100), ("2021", 90), "increase", None, "deterioration", {"observed_growth": -0.10}),
        # Decreasing direction: emissions 10 -> 8.1 over 2 years is -10 % a year, which is progress.
        (("2019", 10), ("2021", 8.1), "decrease", None, "substantial", {"observed_growth": -0.10}),
        (("2019", 10), ("2021", 12.1), "decrease", None, "deterioration", {"observed_growth": 0.10}),
        # Target met.
        (("2019", 70), ("2021", 80), "increase", (78, 2030), "target_achieved", {}),
        (("2019", 20), ("2021", 15), "decrease", (16, 2030), "target_achieved", {}),
        # On track: required 100 -> 200 by 2029 is 2^(1/10)-1 = 7.177 %; observed 100 -> 121 in 2 years is 10 %.
        (("2019", 100), ("2021", 121), "increase", (200, 2029), "substantial",
         {"required_growth": 2 ** 0.1 - 1, "ratio": 0.10 / (2 ** 0.1 - 1)}),
        # Moderate: observed 5 % against 7.177 % required: ratio 0.697.
        (("2019", 100), ("2020", 105), "increase", (200, 2029), "moderate", {"ratio": 0.05 / (2 ** 0.1 - 1)}),
        # Limited: observed 1 %: ratio 0.139.
        (("2019", 100), ("2020", 101), "increase", (200, 2029), "limited", {"ratio": 0.01 / (2 ** 0.1 - 1)}),
        # Moving away from a target.
        (("2019", 100), ("2020", 95), "increase", (200, 2029), "deterioration", {"ratio": -0.05 / (2 ** 0.1 - 1)}),
        # Decreasing target: 20 -> 10 by 2029 requires 0.5^(1/10)-1 = -6.7 %; observed -10 %: ratio 1.49.
        (("2019", 20), ("2020", 18), "decrease", (10, 2029), "substantial", {"ratio": 0.10 / (1 - 0.5 ** 0.1)}),
        # Both negative: -10 -> -5 over 1 year is a rise (+50 % in the sign-corrected rate).
        (("2020", -10), ("2021", -5), "increase", None, "substantial", {"observed_growth": 0.5}),
    ],
)
def test_hand_computed_cases(base, current, direction, target, status, numbers):
    result = assess(base, current, direction, target=target)
    assert result.status == status, result.reason
    for name, expected in numbers.items():
        assert getattr(result, name) == pytest.approx(expected)
    assert result.base_period == base[0] and result.current_value == current[1]


@pytest.mark.parametrize(
    "base, current, reason",
    [
        (None, ("2021", 5.0), "fewer than two points"),
        (("2021", 5.0), ("2021", 5.0), "fewer than two points"),
        (("2019", 0.0), ("2021", 5.0), "the base value is 0"),
        (("2019", -2.0), ("2021", 5.0), "opposite signs"),
        (("2019", 2.0), ("2021", 0.0), "opposite signs"),
    ],
    ids=["missing-base-year", "one-point-only", "zero-base", "sign-change", "zero-current"],
)
def test_not_available_says_why(base, current, reason):
    result = assess(base, current, "increase")
    assert result.status == "not_available" and reason in result.reason
    assert result.current_value == current[1]  # the latest value is still reported


def test_thresholds_are_configurable_and_reported():
    result = assess(("2020", 100), ("2021", 101), "increase", thresholds={"high": 0.008})
    assert result.status == "substantial"
    assert result.thresholds == {"high": 0.008, "medium": 0.005, "low": 0.0}


def test_cagr_and_period_time():
    assert cagr(100, 121, 2019, 2021) == pytest.approx(0.10)
    assert period_time("2023") == 2023.0 and period_time("2023-Q3") == 2023.5 and period_time("2023-04") == 2023.25


def test_rank_and_quartile():
    values = {"01": 10.0, "10": 30.0, "25": 20.0, "03": 40.0}
    assert rank(values, "10", "increase") == (2, 4)
    assert rank(values, "10", "decrease") == (3, 4)
    assert rank(values, "99", "increase") is None
    assert [quartile(r, 21) for r in (1, 5, 6, 11, 16, 21)] == [1, 1, 2, 3, 4, 4]


values = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)
years = st.integers(min_value=1, max_value=30)


@given(v0=values, v1=values, years=years)
def test_flipping_direction_and_the_sign_of_growth_keeps_the_status(v0, v1, years):
    # An increase from v0 to v1 is judged as a decrease from -v0 to -v1: the same growth with its
    # sign turned. (v0^2/v1 is not a mirror: its growth is -g/(1+g), not -g, so near a threshold
    # the two statuses differ legitimately.)
    up = assess(("2000", v0), (str(2000 + years), v1), "increase")
    down = assess(("2000", -v0), (str(2000 + years), -v1), "decrease")
    assert down.observed_growth == pytest.approx(-up.observed_growth)
    assert up.status == down.status


@given(v0=values, v1=values, years=years, target=values, horizon=st.integers(min_value=1, max_value=20))
def test_status_is_always_in_the_vocabulary_and_numbers_are_consistent(v0, v1, years, target, horizon):
    end = 2000 + years
    result = assess(("2000", v0), (str(end), v1), "increase", target=(target, end + horizon))
    assert result.status in ("target_achieved", "substantial", "moderate", "limited", "deterioration")
    if result.status == "target_achieved":
        assert v1 >= target
    elif result.ratio is not None:
        assert result.ratio == pytest.approx(result.observed_growth / abs(result.required_growth))


@given(v0=values, v1=values, years=years)
def test_more_growth_never_gives_a_worse_status(v0, v1, years):
    order = ["deterioration", "limited", "moderate", "substantial"]
    low = assess(("2000", v0), (str(2000 + years), v1), "increase")
    high = assess(("2000", v0), (str(2000 + years), v1 * 1.1), "increase")
    assert order.index(high.status) >= order.index(low.status)
