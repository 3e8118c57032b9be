"""The indicator layer: formulas, values for every compared region, progress rows."""

import json
import textwrap

import numpy as np
import pytest

from ingest.codes import county_codes
from ingest.config import load_config
from ingest.errors import ConfigError
from indicators.compute import compute_all
from ingest.store import Observations

COUNTIES = county_codes()


def put(store, dataset, rows):
    """rows: {(region, period, gender): value}"""
    keys = list(rows)
    store.write_dataset(
        dataset, {"source": "test"},
        Observations(
            np.array([k[0] for k in keys], dtype=object), np.array([k[1] for k in keys], dtype=object),
            np.array([json.dumps({"gender": k[2]}) .replace(" ", "") for k in keys], dtype=object),
            np.array([rows[k] for k in keys], dtype=np.float64), np.full(len(keys), None, dtype=object),
        ),
        "run",
    )


SOURCES = """
sources:
  k: {kind: kolada}
datasets:
  a: {source: k, table: N1}
  b: {source: k, table: N2}
  pop: {source: k, table: N01951}
"""


def config_with(tmp_path, indicators, extra_area=""):
    text = SOURCES + textwrap.dedent("""
    strategies:
      s:
        label: {sv: "S", en: "S"}
        region: "25"
        document: "test"
        base_year: 2019
        areas:
          area:
            kind: focus_area
            label: {sv: "Område", en: "Area"}
            indicators:
    """) + textwrap.indent(textwrap.dedent(indicators), " " * 14) + extra_area
    path = tmp_path / "indicators.yml"
    path.write_text(text)
    return load_config(path)


def indicator(name, formula, direction="increase", extra=""):
    source = "" if direction == "none" else '\n  direction_source: "the strategy, p. 1"'
    return f"""
{name}:
  label: {{sv: "{name}", en: "{name}"}}
  description: {{sv: "d", en: "d"}}
  unit: {{sv: "u", en: "u"}}
  direction: {direction}{source}
  formula: {formula}
{extra}"""


def values(store, name, sex="T"):
    return {
        (r, p): v for r, p, v in store.conn.execute(
            "SELECT region, period, value FROM indicator_values WHERE indicator = ? AND sex = ?", [name, sex]
        )
    }


@pytest.fixture
def data(store):
    t = "T"
    put(store, "a", {("25", "2019", t): 50.0, ("25", "2021", t): 60.0, ("00", "2021", t): 40.0, ("10", "2021", t): 30.0,
                     ("25", "2021", "K"): 55.0, ("25", "2021", "M"): 65.0})
    put(store, "b", {("25", "2019", t): 200.0, ("25", "2021", t): 240.0, ("00", "2021", t): 100.0})
    put(store, "pop", {("25", "2019", t): 250000.0, ("25", "2021", t): 249000.0})
    return store


@pytest.mark.parametrize(
    "formula, expected",
    [
        ("{type: value, series: {dataset: a, dims: {gender: T}}}", {("25", "2019"): 50.0, ("25", "2021"): 60.0}),
        ("{type: share, numerator: {dataset: a, dims: {gender: T}}, denominator: {dataset: b, dims: {gender: T}}}",
         {("25", "2019"): 25.0, ("25", "2021"): 25.0, ("00", "2021"): 40.0}),
        ("{type: ratio, numerator: {dataset: b, dims: {gender: T}}, denominator: {dataset: a, dims: {gender: T}}}",
         {("25", "2019"): 4.0, ("25", "2021"): 4.0, ("00", "2021"): 2.5}),
        ("{type: sum, terms: [{dataset: a, dims: {gender: T}}, {dataset: b, dims: {gender: T}}]}",
         {("25", "2019"): 250.0, ("25", "2021"): 300.0, ("00", "2021"): 140.0}),
        ("{type: per_1000, series: {dataset: a, dims: {gender: T}}, population: {dataset: pop, dims: {gender: T}}}",
         {("25", "2019"): 0.2, ("25", "2021"): 60 / 249000 * 1000}),
        ("{type: index, series: {dataset: b, dims: {gender: T}}, base_year: 2019}", {("25", "2019"): 100.0, ("25", "2021"): 120.0}),
        ("{type: growth_since, series: {dataset: b, dims: {gender: T}}, base_year: 2019}", {("25", "2019"): 0.0, ("25", "2021"): 20.0}),
    ],
    ids=["value", "share", "ratio", "sum", "per_1000", "index", "growth_since"],
)
def test_formulas_against_hand_computed_values(tmp_path, data, formula, expected):
    compute_all(config_with(tmp_path, indicator("x", formula)), data)
    got = values(data, "x")
    expected_all = {k: v for k, v in expected.items()}
    if "value" in formula and "type: value" in formula:
        expected_all.update({("00", "2021"): 40.0, ("10", "2021"): 30.0})
    assert got == pytest.approx(expected_all)


def test_sex_breakdown_where_the_data_has_it(tmp_path, data):
    compute_all(config_with(tmp_path, indicator("x", "{type: value, series: {dataset: a, dims: {gender: T}}}", extra="  by_sex: {}")), data)
    assert values(data, "x", "K") == {("25", "2021"): 55.0}
    assert values(data, "x", "M") == {("25", "2021"): 65.0}


def test_progress_has_every_number_rank_and_share_of_sweden(tmp_path, store):
    t = "T"
    rows = {(c, "2021", t): float(i + 1) for i, c in enumerate(COUNTIES)}
    rows.update({("25", "2019", t): 10.0, ("00", "2021", t): 15.0})
    put(store, "a", rows)
    compute_all(config_with(tmp_path, indicator("x", "{type: value, series: {dataset: a, dims: {gender: T}}}")), store)
    row = next(store.db.query("SELECT * FROM progress WHERE indicator = 'x' AND region = '25'"))
    # Norrbotten is the 21st county: value 21 in 2021, from 10 in 2019.
    assert row["current_value"] == 21.0 and row["base_value"] == 10.0 and row["base_period"] == "2019"
    assert row["observed_growth"] == pytest.approx((21 / 10) ** 0.5 - 1)
    assert row["status"] == "substantial"
    assert (row["rank"], row["rank_of"], row["quartile"], row["rank_period"]) == (1, 21, 1, "2021")
    assert row["pct_of_sweden"] == pytest.approx(21 / 15 * 100)
    # Every nearby base year collapses onto the one base the series has (2019): no alternative to show.
    assert json.loads(row["sensitivity"]) == {}
    # 10 -> 21 in two years is +45 % a year (above the 30 % bound); 2021 is more than three years ago.
    assert json.loads(row["flags"]) == ["volatile", "stale"] and row["base_periods"] == '["2019"]'


def test_deleted_and_empty_cells_are_not_current_values(tmp_path, store):
    put(store, "a", {("25", "2019", "T"): 10.0, ("25", "2021", "T"): 20.0})
    store.conn.execute("UPDATE observations SET status = 'deleted' WHERE period = '2021'")
    compute_all(config_with(tmp_path, indicator("x", "{type: value, series: {dataset: a, dims: {gender: T}}}")), store)
    assert values(store, "x") == {("25", "2019"): 10.0}


def test_an_indicator_without_data_is_not_available_with_the_reason(tmp_path, store):
    missing = compute_all(config_with(tmp_path, indicator("x", "{type: value, series: {dataset: a, dims: {gender: T}}}")), store)
    assert missing == {"s": ["x: dataset 'a' has no observations yet"]}
    row = next(store.db.query("SELECT status, reason FROM progress WHERE indicator = 'x'"))
    assert row == {"status": "not_available", "reason": "no data: dataset 'a' has no observations yet"}


BROKEN = [
    ("unknown-key", indicator("x", "{type: value, series: {dataset: a}}", extra="  colour: red"),
     "unknown key 'colour'; valid keys: label, description, formula, unit, direction"),
    ("missing-direction", indicator("x", "{type: value, series: {dataset: a}}").replace("  direction: increase\n", ""),
     "required key 'direction' is missing"),
    ("bad-direction", indicator("x", "{type: value, series: {dataset: a}}", direction="up"),
     "input should be 'increase', 'decrease' or 'none', not 'up'"),
    ("missing-translation", indicator("x", "{type: value, series: {dataset: a}}").replace('en: "x"', 'en: ""'),
     "String should have at least 1 character"),
    ("dangling-dataset", indicator("x", "{type: value, series: {dataset: nope}}"),
     "unknown dataset 'nope'; configured datasets: a, b, pop"),
    ("formula-needs", indicator("x", "{type: share, numerator: {dataset: a}}"), "a share formula needs denominator"),
]


@pytest.mark.parametrize("name, text, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_strategy_config_is_reported_with_path_and_line(tmp_path, name, text, message):
    with pytest.raises(ConfigError) as info:
        config_with(tmp_path, text)
    found = [str(p) for p in info.value.problems]
    assert any(message in p and "strategies.s.areas.area.indicators.x" in p for p in found), found
    assert all(p.split(":")[1].isdigit() for p in found)  # every problem has a line


def test_duplicate_indicator_ids_across_areas_are_an_error(tmp_path):
    extra = textwrap.indent(textwrap.dedent("""
    other:
      kind: bottleneck
      label: {sv: "Annat", en: "Other"}
      indicators:
    """), " " * 6) + textwrap.indent(textwrap.dedent(indicator("x", "{type: value, series: {dataset: a}}")), " " * 10)
    with pytest.raises(ConfigError, match="indicator id 'x' is already used in area 'area'"):
        config_with(tmp_path, indicator("x", "{type: value, series: {dataset: a}}"), extra)


def test_a_changed_status_is_recorded(tmp_path, store):
    put(store, "a", {("25", "2019", "T"): 10.0, ("25", "2021", "T"): 20.0})
    config = config_with(tmp_path, indicator("x", "{type: value, series: {dataset: a, dims: {gender: T}}}"))
    compute_all(config, store)
    store.conn.execute("UPDATE observations SET value = 5 WHERE period = '2021'")
    compute_all(config, store)
    rows = store.conn.execute("SELECT indicator, region, old_status, new_status FROM status_changes").fetchall()
    assert rows == [("x", "25", "substantial", "deterioration")]
