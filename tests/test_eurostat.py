"""The Eurostat source against a local dissemination API."""

import textwrap

import pytest

from ingest.config import load_config
from ingest.run import run_ingest
from tests.fakes.eurostat import EurostatTable, FakeEurostat

GEO = {"SE": "Sweden", "SE332": "Norrbottens län", "SE221": "Blekinge län", "FI1D7": "Lappi", "NO071": "Nordland",
       "EU27_2020": "European Union - 27 countries (from 2020)"}
YEARS = {str(y): str(y) for y in range(2015, 2024)}


def gdp(cell):
    base = {"SE": 47000, "SE332": 52000, "SE221": 38000, "FI1D7": 36000, "NO071": 60000, "EU27_2020": 33000}[cell["geo"]]
    year = int(cell["time"])
    if cell["geo"] == "NO071" and year == 2015:
        return None, "c"  # confidential: no value, a flag
    return base + (year - 2015) * 100, "p" if year == 2023 else None


@pytest.fixture
def eurostat(httpserver):
    fake = FakeEurostat(httpserver)
    fake.tables["nama_10r_3gdp"] = EurostatTable(
        "nama_10r_3gdp", "Gross domestic product (GDP) at current market prices by NUTS 3 regions",
        {"freq": {"A": "Annual"}, "unit": {"EUR_HAB": "Euro per inhabitant", "MIO_EUR": "Million euro"},
         "geo": GEO, "time": YEARS},
        lambda cell: gdp(cell) if cell["unit"] == "EUR_HAB" else (1.0, None),
    )
    return fake


def config(tmp_path, eurostat, geo='["25", "10", "00", "FI1D7", "NO071", "EU27_2020"]'):
    path = tmp_path / "indicators.yml"
    path.write_text(textwrap.dedent(f"""
        sources:
          eurostat: {{kind: eurostat, base_url: "{eurostat.base_url}"}}
        datasets:
          gdp_nuts3:
            source: eurostat
            table: nama_10r_3gdp
            selection:
              unit: ["EUR_HAB"]
              geo: {geo}
              sinceTimePeriod: ["2015"]
    """))
    return load_config(path)


def rows(store):
    return {(r, p): (v, s) for r, p, v, s in store.conn.execute("SELECT region, period, value, status FROM observations")}


def test_values_and_flags_land_under_county_codes_and_foreign_nuts(tmp_path, eurostat, store, clock):
    report = run_ingest(config(tmp_path, eurostat), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "ok", report.outcomes[0].message
    got = rows(store)
    assert got[("25", "2020")] == (52500.0, None)
    assert got[("10", "2023")] == (38800.0, "p")
    assert got[("00", "2016")] == (47100.0, None)
    assert got[("FI1D7", "2019")] == (36400.0, None)
    assert got[("NO071", "2015")] == (None, "c")
    assert len(got) == 6 * 9
    sent = dict(eurostat.log[0])
    assert [v for k, v in eurostat.log[0] if k == "geo"] == ["SE332", "SE221", "SE", "FI1D7", "NO071", "EU27_2020"]
    assert sent["format"] == "JSON" and sent["lang"] == "EN" and sent["sinceTimePeriod"] == "2015"


def test_foreign_regions_get_a_row_with_eurostats_names(tmp_path, eurostat, store, clock):
    run_ingest(config(tmp_path, eurostat), store, clock=clock, sleep=clock.sleep)
    regions = {r["code"]: r for r in store.db["regions"].rows_where("code in ('FI1D7', 'NO071', 'EU27_2020', '25')")}
    assert regions["FI1D7"]["name_en"] == "Lappi" and regions["FI1D7"]["level"] == "nuts3"
    assert regions["EU27_2020"]["level"] == "aggregate"
    assert regions["25"]["name_en"] == "Norrbotten County"  # Swedish regions are not overwritten


def test_flag_labels_and_updated_are_kept(tmp_path, eurostat, store, clock):
    run_ingest(config(tmp_path, eurostat), store, clock=clock, sleep=clock.sleep)
    meta = store.dataset_meta("gdp_nuts3")
    assert meta["source_updated"] == "2026-02-06T23:00:00+0100"
    assert '"p": "provisional"' in meta["metadata"]


def test_413_splits_the_request_by_geo(tmp_path, eurostat, store, clock):
    eurostat.max_cells = 20
    report = run_ingest(config(tmp_path, eurostat), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "ok", report.outcomes[0].message
    assert len(rows(store)) == 54
    assert len(eurostat.log) > 2


def test_413_with_one_geo_left_is_a_clear_error(tmp_path, eurostat, store, clock):
    eurostat.max_cells = 2
    report = run_ingest(config(tmp_path, eurostat, geo='["25"]'), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "failed"
    assert "too big" in report.outcomes[0].message and "sinceTimePeriod" in report.outcomes[0].message
