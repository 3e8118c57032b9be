"""The rules that make a status hold up: real terms, the base actually used, exceptional years,
breaks, volatility, staleness, same-period rank, no direction, relative to Sweden. Each case is
computed by hand in its comment; the properties hold whatever the numbers."""

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.assessment import Context, assess_indicator
from indicators.model import AssessmentSettings, Indicator, Strategy
from indicators.progress import Point, choose_base, deflate, relative_status, verdict
from ingest.codes import county_codes

COUNTIES = county_codes()


def indicator(direction="increase", prices=None, target=None):
    return Indicator.model_validate({
        "label": {"sv": "x", "en": "x"}, "description": {"sv": "d", "en": "d"}, "unit": {"sv": "u", "en": "u"},
        "direction": direction, "direction_source": None if direction == "none" else "the strategy, p. 1",
        "formula": {"type": "value", "series": {"dataset": "a"}}, "prices": prices, "target": target,
    })


STRATEGY = Strategy.model_validate({"label": {"sv": "s", "en": "s"}, "region": "25", "document": "d", "base_year": 2019,
                                    "areas": {}})


def context(**changes):
    settings = AssessmentSettings(**{"exceptional_years": {2020: {"sv": "pandemiåret", "en": "the pandemic year"}},
                                     **changes.pop("settings", {})})
    return Context(settings, changes.pop("today_year", 2024), changes.pop("lag_years", 3), **changes)


def row_of(values, ind=None, ctx=None, region="25"):
    rows = assess_indicator("s", STRATEGY, "area", "x", ind or indicator(), values, ctx or context(), "now")
    return next(r for r in rows if r["region"] == region)


def series(region, points):
    return {(region, str(year)): value for year, value in points.items()}


# -- real terms ------------------------------------------------------------------------------------


def test_a_current_price_series_is_judged_in_fixed_prices():
    # Nominal 100 -> 121 in two years (+10 % a year) while prices rise 5 % a year (100 -> 110.25):
    # in 2021 prices 100 * 110.25/100 = 110.25 -> 121, i.e. (121/110.25)^(1/2) - 1 = +4.76 % a year.
    values = series("25", {2019: 100.0, 2021: 121.0})
    ctx = context(deflator={"2019": 100.0, "2020": 105.0, "2021": 110.25}, deflator_id="cpi",
                  settings={"base": "year"})
    row = row_of(values, indicator(prices="current"), ctx)
    assert row["prices"] == "deflated" and row["deflator"] == "cpi" and row["price_year"] == "2021"
    assert row["observed_growth"] == pytest.approx((121 / 110.25) ** 0.5 - 1)
    assert row["nominal_growth"] == pytest.approx(0.10)
    assert row["base_value"] == pytest.approx(110.25) and row["assessed_value"] == pytest.approx(121.0)
    assert row["status"] == "substantial"


def test_the_judged_series_ends_where_the_price_index_ends():
    values = series("25", {2019: 100.0, 2021: 110.0, 2024: 150.0})
    ctx = context(deflator={"2019": 100.0, "2021": 100.0}, deflator_id="cpi", settings={"base": "year"})
    row = row_of(values, indicator(prices="current"), ctx)
    assert (row["current_period"], row["current_value"]) == ("2024", 150.0)   # shown as published
    assert row["assessed_period"] == "2021" and row["observed_growth"] == pytest.approx(1.1 ** 0.5 - 1)


@given(st.lists(st.floats(min_value=1.0, max_value=40.0), min_size=3, max_size=12), st.floats(min_value=1, max_value=1e6))
def test_a_constant_real_series_is_never_progress_however_high_the_inflation(inflation, level):
    # Prices rise by the drawn rates (1 %..40 % a year); the nominal value only keeps pace with them.
    index, values = {}, {}
    price = 100.0
    for k, rate in enumerate(inflation):
        year = 2018 + k
        price *= 1 + rate / 100
        index[str(year)] = price
        values[("25", str(year))] = level * price / 100
    ctx = context(deflator=index, deflator_id="cpi", today_year=2018 + len(inflation))
    row = row_of(values, indicator(prices="current"), ctx)
    assert row["status"] not in ("substantial", "moderate", "target_achieved")
    assert abs(row["observed_growth"]) < 1e-9


def test_deflate_uses_the_latest_year_of_the_index_as_the_price_base():
    real, year = deflate({"2019": 100.0, "2020": 100.0}, {"2019": 50.0, "2020": 100.0})
    assert year == "2020" and real == {"2019": 200.0, "2020": 100.0}


# -- the base ---------------------------------------------------------------------------------------


def test_the_base_is_the_mean_of_the_three_years_around_the_base_year():
    points = [("2017", 80.0), ("2018", 90.0), ("2019", 100.0), ("2020", 110.0), ("2023", 121.0)]
    base = choose_base(points, 2019, mode="mean3", exceptional=[], before="2023")
    assert base == Point("2018–2020", 100.0, 2019.0, ("2018", "2019", "2020"))
    # With 2020 exceptional it drops out of the mean: (90 + 100) / 2 at 2018.5.
    base = choose_base(points, 2019, mode="mean3", exceptional=[2020], before="2023")
    assert base == Point("2018–2019", 95.0, 2018.5, ("2018", "2019"))


def test_an_exceptional_year_is_never_the_base_when_another_year_within_two_exists():
    # Emissions: 2015, then 2020-2024. The base year 2019 is missing; the first year after it is 2020,
    # the pandemic year; 2021 is one year from it, so 2021 is the base.
    points = [("2015", 10.0), ("2020", 8.0), ("2021", 9.0), ("2022", 9.0), ("2024", 8.5)]
    assert choose_base(points, 2019, mode="year", exceptional=[2020], before="2024").period == "2021"
    assert choose_base(points, 2019, mode="mean3", exceptional=[2020], before="2024").period == "2021"
    # Without another year within two of it, 2020 is the base (and the page says so by its period).
    assert choose_base([("2015", 10.0), ("2020", 8.0), ("2024", 8.5)], 2019, mode="year", exceptional=[2020],
                       before="2024").period == "2020"


def test_the_sensitivity_shows_each_base_actually_used_once_and_marks_an_uncertain_status():
    # Business R&D in Blekinge: 2,510 (2017) -> 23,057 (2019) -> 9,834 (2021), every second year.
    values = series("10", {2017: 2510.0, 2019: 23057.0, 2021: 9834.0})
    row = row_of(values, ctx=context(settings={"base": "mean3"}), region="10")
    # Base 2019 (mean of 2018-2020 = 2019 only): (9834/23057)^(1/2) - 1 = -34.7 % a year.
    assert row["base_period"] == "2019" and row["status"] == "deterioration"
    detail = json.loads(row["sensitivity_detail"])
    assert [(d["base"], d["status"]) for d in detail] == [("2017", "substantial"), ("2017–2019", "deterioration")]
    assert json.loads(row["sensitivity"]) == {"2017": "substantial", "2017–2019": "deterioration"}
    flags = json.loads(row["flags"])
    assert "uncertain" in flags and "volatile" in flags
    notes = json.loads(row["flag_notes"])
    assert notes["uncertain"] == [d for d in detail if d["status"] != "deterioration"]
    # 2,510 -> 23,057 over two years is (23057/2510)^(1/2) - 1 = +203 % a year.
    assert notes["volatile"]["largest_annual_change"] == pytest.approx(math.sqrt(23057 / 2510) - 1)


# -- breaks, staleness ---------------------------------------------------------------------------------


def test_growth_across_a_declared_break_is_marked_and_a_break_before_the_base_is_not():
    values = series("25", {2017: 70.0, 2018: 71.0, 2019: 72.0, 2021: 76.0, 2023: 77.0})
    note = {"sv": "BAS ersätter RAMS", "en": "BAS replaces RAMS"}
    row = row_of(values, ctx=context(breaks={"2020": note}))
    assert "break" in json.loads(row["flags"])
    assert json.loads(row["flag_notes"])["break"] == [{"period": "2020", "note": note}]
    row = row_of(values, ctx=context(breaks={"2015": note}))
    assert "break" not in json.loads(row["flags"])


def test_a_break_the_source_flags_counts_like_a_declared_one():
    values = series("25", {2018: 71.0, 2019: 72.0, 2022: 76.0})
    row = row_of(values, ctx=context(flagged_breaks={"25": {"2021"}}))
    assert json.loads(row["flag_notes"])["break"] == [{"period": "2021", "note": None}]


def test_a_latest_value_older_than_the_lag_is_stale_and_not_counted_as_current_progress():
    # New enterprises from 2017 seen in 2026: nine years old, more than the three-year lag.
    values = series("25", {2015: 9.0, 2017: 9.9})
    row = row_of(values, ctx=context(today_year=2026, lag_years=3))
    assert "stale" in json.loads(row["flags"])
    assert json.loads(row["flag_notes"])["stale"] == {"latest_year": 2017, "lag_years": 3}
    fresh = {"status": "substantial", "flags": [], "latest": {"period": "2025"}}
    stale = {"status": "substantial", "flags": ["stale"], "latest": {"period": "2017"}}
    assert verdict([fresh, stale]) == {"total": 2, "assessed": 1, "by_status": {
        "target_achieved": 0, "substantial": 1, "moderate": 0, "limited": 0, "deterioration": 0},
        "uncertain": 0, "stale": 1, "followed": 0, "not_assessable": 0, "no_data": 0}


# -- same period, no direction, relative to Sweden --------------------------------------------------------


def test_rank_and_percent_of_sweden_are_for_the_period_of_the_value_shown_or_say_their_year():
    values = {(c, "2021"): float(i + 1) for i, c in enumerate(COUNTIES)}
    values.update({("00", "2021"): 10.0, ("00", "2022"): 20.0, ("25", "2022"): 30.0, ("10", "2022"): 5.0})
    row = row_of(values)
    # 2022 has only two counties: the rank is 2021's (Norrbotten 21 of 21, value 21), and says so.
    assert (row["rank"], row["rank_of"], row["rank_period"]) == (1, 21, "2021")
    # % of Sweden is for 2022, the value shown: 30 / 20.
    assert (row["pct_of_sweden"], row["sweden_period"]) == (150.0, "2022")


def test_direction_none_is_followed_not_judged():
    row = row_of(series("25", {2019: 40.0, 2023: 44.0}), indicator(direction="none"))
    assert row["status"] == "followed" and row["reason_code"] == "no_direction"
    assert row["observed_growth"] == pytest.approx(1.1 ** 0.25 - 1)
    assert json.loads(row["flags"]) == []


def test_relative_to_sweden_is_its_own_judgement():
    # The county grows 2 % a year, Sweden 4 %: growing, but falling behind Sweden.
    values = {**series("25", {2019: 100.0, 2023: 100 * 1.02 ** 4}), **series("00", {2019: 100.0, 2023: 100 * 1.04 ** 4})}
    row = row_of(values)
    relative = json.loads(row["relative"])
    assert row["status"] == "substantial" and relative["status"] == "worse"
    assert relative["observed_growth"] == pytest.approx(1.02 / 1.04 - 1)
    assert relative["base_value"] == pytest.approx(100.0)


@given(st.sampled_from([0.25, 0.5, 2.0, 8.0, 1024.0]),
       st.lists(st.floats(min_value=1, max_value=1000), min_size=22, max_size=22),
       st.lists(st.floats(min_value=1, max_value=1000), min_size=22, max_size=22))
def test_scaling_every_region_by_the_same_factor_changes_no_relative_status_or_rank(factor, first, last):
    regions = ["00", *COUNTIES]
    values = {(r, "2019"): v for r, v in zip(regions, first)} | {(r, "2023"): v for r, v in zip(regions, last)}
    scaled = {k: v * factor for k, v in values.items()}
    plain = assess_indicator("s", STRATEGY, "a", "x", indicator(), values, context(), "now")
    bigger = assess_indicator("s", STRATEGY, "a", "x", indicator(), scaled, context(), "now")
    for a, b in zip(plain, bigger):
        if a["relative"]:
            ra, rb = json.loads(a["relative"]), json.loads(b["relative"])
            assert ra["status"] == rb["status"]
            assert ra["observed_growth"] == pytest.approx(rb["observed_growth"], abs=1e-12)
        assert (a["rank"], a["status"]) == (b["rank"], b["status"])


def test_relative_status_thresholds():
    base, now = Point.of("2019", 90.0), Point.of("2023", 90.0 * 1.01 ** 4)
    assert relative_status(base, now, "increase").status == "better"
    assert relative_status(base, now, "decrease").status == "worse"
    assert relative_status(base, Point.of("2023", 90.2), "increase").status == "in_step"
    assert relative_status(base, now, "none").status == "followed"
    assert relative_status(None, now, "increase").status == "not_available"
