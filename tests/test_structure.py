"""Smart-specialisation analytics: SNI codes, shares and location quotients, the Krugman index,
shift-share and twin regions, against examples computed by hand, and the structure tables from a
store filled in the sources' shapes."""

import json
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import sni
from indicators.compute import compute_all
from indicators.model import IndustryGroup
from indicators.structure import krugman, location_quotient, shares, shift_share, standardised, twins
from indicators.structure_tables import group_value
from ingest.codes import county_codes
from ingest.config import load_config
from ingest.store import Observations


def test_sni_codes_at_every_published_level():
    assert sni.divisions("B") == frozenset(range(5, 10))
    assert sni.divisions("B+C") == frozenset(range(5, 34))
    assert sni.divisions("29") == sni.divisions("C29") == frozenset({29})
    assert sni.divisions("16-17") == sni.divisions("C16-C17") == frozenset({16, 17})
    assert sni.divisions("I") == frozenset({55, 56})
    assert len(sni.divisions("A-U+US")) > 80 and sni.divisions("US") is None and sni.divisions("00") is None
    with pytest.raises(sni.SniError, match="is not an SNI 2007 code"):
        sni.divisions("Total_A-SexklK-O")


def test_the_finest_codes_drop_totals_and_sections_split_further():
    assert sorted(sni.finest(["A-U+US", "A", "B+C", "I"])) == ["A", "B+C", "I"]
    assert sorted(sni.finest(["16-17", "16", "17", "24-25"])) == ["16", "17", "24-25"]


def test_a_group_is_measured_only_where_the_source_publishes_it_separately():
    natural = IndustryGroup(label={"sv": "n", "en": "n"}, sni=["01-03", "05-09", "16", "17", "24-25", "35"])
    divisions = {"01-03": 5.0, "05-09": 20.0, "16": 3.0, "17": 4.0, "16-17": 7.0, "24-25": 6.0, "35": 2.0, "47": 10.0}
    found = group_value(natural, divisions)
    assert found.value == 40.0 and sorted(found.codes) == ["01-03", "05-09", "16", "17", "24-25", "35"]
    grouped = {"A": 5.0, "B+C": 30.0, "D+E": 4.0, "G": 10.0}   # the employment tables' grouped sections
    found = group_value(natural, grouped)
    assert found.value is None and found.code == "straddles" and found.detail == ["B+C", "D+E"]
    found = group_value(IndustryGroup(label={"sv": "f", "en": "f"}, sni=["29"]), {"29-30": 8.0, "31": 1.0})
    assert found.value is None and found.detail == ["29-30"]


# Two industries, a region and the nation, computed by hand:
#   region A 100 -> 120, B 200 -> 220; Sweden A 1000 -> 1200 (+20 %), B 3000 -> 3150 (+5 %),
#   total 4000 -> 4350 (+8.75 %).
#   national effect 300 x 0.0875 = 26.25; industry mix 100 x (0.20 - 0.0875) + 200 x (0.05 - 0.0875)
#   = 11.25 - 7.5 = 3.75; regional effect 100 x (0.20 - 0.20) + 200 x (0.10 - 0.05) = 10;
#   together 40 = 340 - 300.
REGION0, REGION1 = {"A": 100.0, "B": 200.0}, {"A": 120.0, "B": 220.0}
NATION0, NATION1 = {"A": 1000.0, "B": 3000.0}, {"A": 1200.0, "B": 3150.0}


def test_shift_share_against_the_hand_computed_example():
    result = shift_share(REGION0, REGION1, NATION0, NATION1)
    assert (result.national, result.industry_mix, result.regional) == pytest.approx((26.25, 3.75, 10.0))
    assert result.change == 40.0 == pytest.approx(result.national + result.industry_mix + result.regional)
    only_b = shift_share(REGION0, REGION1, NATION0, NATION1, ["B"])
    # Industry B alone: national 200 x 0.0875 = 17.5; mix 200 x (0.05 - 0.0875) = -7.5; regional 10.
    assert (only_b.national, only_b.industry_mix, only_b.regional) == pytest.approx((17.5, -7.5, 10.0))


@given(st.lists(st.tuples(st.floats(1, 1e5), st.floats(1, 1e5), st.floats(1, 1e6), st.floats(1, 1e6)),
                min_size=1, max_size=12))
def test_the_three_effects_always_add_up_to_the_change(rows):
    r0 = {str(i): a for i, (a, _, _, _) in enumerate(rows)}
    r1 = {str(i): b for i, (_, b, _, _) in enumerate(rows)}
    n0 = {str(i): c for i, (_, _, c, _) in enumerate(rows)}
    n1 = {str(i): d for i, (_, _, _, d) in enumerate(rows)}
    result = shift_share(r0, r1, n0, n1)
    assert result.national + result.industry_mix + result.regional == pytest.approx(result.change, rel=1e-7, abs=1e-6)


def test_shares_location_quotients_and_the_krugman_index_by_hand():
    # Region shares A 1/3, B 2/3; Sweden 1/4, 3/4: LQ of A = (1/3)/(1/4) = 4/3;
    # Krugman = |1/3 - 1/4| + |2/3 - 3/4| = 1/12 + 1/12 = 1/6.
    assert shares(REGION0) == pytest.approx({"A": 1 / 3, "B": 2 / 3})
    assert location_quotient(1 / 3, 1 / 4) == pytest.approx(4 / 3)
    assert krugman(REGION0, NATION0) == pytest.approx(1 / 6)
    assert krugman(NATION0, NATION0) == 0.0


TABLE = {
    "01": {"size": 2_400_000, "income": 700, "education": 60},
    "10": {"size": 160_000, "income": 450, "education": 42},
    "25": {"size": 250_000, "income": 600, "education": 40},
    "24": {"size": 275_000, "income": 480, "education": 44},
    "22": {"size": 245_000, "income": 560, "education": 38},
    "23": {"size": 132_000, "income": 470, "education": 39},
}


def test_twins_are_the_nearest_on_standardised_indicators():
    found = twins(TABLE, "25", {"size": 1, "income": 1, "education": 1}, count=2)
    assert [t for t, _ in found] == ["22", "24"]
    z = standardised(TABLE, ["size"])
    assert sum(row["size"] for row in z.values()) == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=50)
@given(st.floats(min_value=1e-3, max_value=1e6), st.sampled_from(["size", "income", "education"]), st.randoms())
def test_twins_do_not_depend_on_row_order_or_the_unit_of_an_indicator(factor, rescaled, rng):
    weights = {"size": 1.0, "income": 2.0, "education": 0.5}
    expected = [t for t, _ in twins(TABLE, "25", weights, count=5)]
    shuffled = list(TABLE.items())
    rng.shuffle(shuffled)
    other = {region: {k: v * factor if k == rescaled else v for k, v in row.items()} for region, row in shuffled}
    assert [t for t, _ in twins(other, "25", weights, count=5)] == expected


# -- the structure tables from a store -------------------------------------------------------------------

CONFIG = """
sources:
  scb: {kind: pxweb, base_url: "https://example.org/api/v2"}
datasets:
  jobs: {source: scb, table: TAB1}
structure:
  employment:
    label: {sv: "Sysselsatta", en: "Employment"}
    unit: {sv: "personer", en: "persons"}
    parts:
      - {dataset: jobs, industry: SNI2007, dims: {Kon: "1+2"}}
strategies:
  s:
    label: {sv: "S", en: "S"}
    region: "25"
    document: "d"
    base_year: 2019
    areas:
      group:
        kind: focus_area
        label: {sv: "G", en: "G"}
        industries: {label: {sv: "Industri", en: "Industry"}, sni: ["B+C"]}
"""


def test_structure_tables_from_stored_industry_figures(tmp_path, store):
    path = tmp_path / "indicators.yml"
    path.write_text(textwrap.dedent(CONFIG))
    config = load_config(path)
    rows = []
    # Sweden: B+C 1000 -> 1200, G 3000 -> 3150; Norrbotten: 100 -> 120, 200 -> 220 (the example above);
    # every other county: 10 and 30 both years; a total row that must not count as an industry.
    for region, values in {"00": (1000, 1200, 3000, 3150), "25": (100, 120, 200, 220)}.items():
        rows += [(region, "2019", "B+C", values[0]), (region, "2023", "B+C", values[1]),
                 (region, "2019", "G", values[2]), (region, "2023", "G", values[3])]
    for county in county_codes():
        if county != "25":
            rows += [(county, year, code, v) for year in ("2019", "2023") for code, v in (("B+C", 10), ("G", 30))]
    rows += [(r, p, "A-U+US", 9e9) for r, p in {(r, p) for r, p, _, _ in rows}]
    store.write_dataset("jobs", {"source": "scb"}, Observations(
        np.array([r[0] for r in rows], dtype=object), np.array([r[1] for r in rows], dtype=object),
        np.array([json.dumps({"Kon": "1+2", "SNI2007": r[2]}, separators=(",", ":"), sort_keys=True) for r in rows],
                 dtype=object),
        np.array([r[3] for r in rows], dtype=np.float64), np.full(len(rows), None, dtype=object)), "run")
    compute_all(config, store)
    spec = next(store.db.query("SELECT * FROM specialisation WHERE area = 'group' AND region = '25'"))
    # 2023: Norrbotten's B+C share 120/340, Sweden's 1200/4350: LQ = (120/340) / (1200/4350).
    assert spec["share"] == pytest.approx(120 / 340) and spec["lq"] == pytest.approx((120 / 340) / (1200 / 4350))
    assert spec["lq_base"] == pytest.approx((100 / 300) / (1000 / 4000)) and spec["base_period"] == "2019"
    # Shift-share of B+C alone: national 100 x 0.0875, mix 100 x (0.2 - 0.0875), regional 0.
    assert (spec["national"], spec["industry_mix"], spec["regional"]) == pytest.approx((8.75, 11.25, 0.0))
    whole = next(store.db.query("SELECT * FROM specialisation WHERE area = 'whole_economy' AND region = '25'"))
    assert (whole["national"], whole["industry_mix"], whole["regional"]) == pytest.approx((26.25, 3.75, 10.0))
    k = next(store.db.query("SELECT * FROM krugman WHERE region = '25' AND period = '2023'"))
    assert k["value"] == pytest.approx(abs(120 / 340 - 1200 / 4350) + abs(220 / 340 - 3150 / 4350))
    # Every other county (10/40 and 30/40 against Sweden's 1200/4350 and 3150/4350) is nearer Sweden's structure.
    others = abs(10 / 40 - 1200 / 4350) + abs(30 / 40 - 3150 / 4350)
    assert k["value"] > others and (k["rank"], k["rank_of"]) == (1, 21)
    lq = dict(store.conn.execute("SELECT industry, lq FROM structure_values WHERE region = '25' AND period = '2023'"))
    assert set(lq) == {"B+C", "G"} and lq["B+C"] == pytest.approx(spec["lq"])
