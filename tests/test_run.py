"""The ingest run against local PxWeb servers: every cell stored exactly, failures contained."""

import json
import signal
import subprocess
import sys
import textwrap

import pytest
from werkzeug import Response

from ingest.config import load_config
from ingest.run import run_ingest
from ingest.store import Store
from tests.conftest import POPULATION, POPULATION_BY_SEX, make_population_table
from tests.fakes.pxweb import FakePxWeb, FakeTable, FakeVariable, problem


def write_config(path, v2_url, v1_url=None, extra=""):
    text = f"""
    sources:
      scb: {{kind: pxweb, base_url: "{v2_url}", language: sv}}
      {"scb_v1: {kind: pxweb, version: 1, base_url: " + json.dumps(v1_url) + "}" if v1_url else ""}
    datasets:
      population:
        source: scb
        table: TAB638
        selection:
          Region: ["00", "10", "25"]
          ContentsCode: ["BE0101N1"]
          Tid: ["*"]
      population_by_sex:
        source: scb
        table: TAB638
        selection:
          Region: ["10"]
          Kon: ["*"]
          ContentsCode: ["BE0101N1"]
          Tid: ["range(2018,2020)"]
    """
    path.write_text(textwrap.dedent(text) + textwrap.dedent(extra))
    return path


@pytest.fixture
def config(tmp_path, scb_v2):
    return load_config(write_config(tmp_path / "indicators.yml", scb_v2.base_url))


def observations(store, dataset):
    return {
        (r, p, d): (v, s)
        for r, p, d, v, s in store.conn.execute(
            "SELECT region, period, dims, value, status FROM observations WHERE dataset = ?", [dataset]
        )
    }


def test_run_stores_every_cell_exactly_under_canonical_codes(config, store, clock):
    report = run_ingest(config, store, clock=clock, sleep=clock.sleep)
    assert [o.status for o in report.outcomes] == ["ok", "ok"]
    got = observations(store, "population")
    assert len(got) == 21
    for (region, year), value in POPULATION.items():
        assert got[(region, year, '{"ContentsCode":"BE0101N1"}')] == (value, None)
    by_sex = observations(store, "population_by_sex")
    for (region, year, sex), value in POPULATION_BY_SEX.items():
        if region == "10":
            assert by_sex[(region, year, f'{{"ContentsCode":"BE0101N1","Kon":"{sex}"}}')] == (value, None)


def test_run_records_provenance(config, store, clock, scb_v2):
    run_ingest(config, store, datasets=["population"], clock=clock, sleep=clock.sleep)
    meta = store.dataset_meta("population")
    assert meta["source"] == "scb" and meta["table_id"] == "TAB638"
    assert meta["source_updated"] == "2026-02-20T07:00:00Z"
    assert meta["request_url"].startswith(scb_v2.base_url + "/tables/TAB638/data")
    assert len(meta["content_hash"]) == 64 and meta["fetched_at"]
    details = json.loads(meta["metadata"])
    assert details["units"]["BE0101N1"] == {"base": "antal", "decimals": 0}
    assert details["notes"] == ["Uppgifterna avser förhållandena den 31 december för valt/valda år."]
    assert json.loads(meta["selection"])["Tid"] == ["2018", "2019", "2020", "2021", "2022", "2023", "2024"]


def test_an_unchanged_source_is_skipped_and_says_so(config, store, clock, scb_v2):
    run_ingest(config, store, clock=clock, sleep=clock.sleep)
    data_requests = len(scb_v2.requests_of("data"))
    report = run_ingest(config, store, clock=clock, sleep=clock.sleep)
    assert [o.status for o in report.outcomes] == ["unchanged", "unchanged"]
    assert "source not updated since 2026-02-20T07:00:00Z" in report.outcomes[0].message
    assert len(scb_v2.requests_of("data")) == data_requests
    forced = run_ingest(config, store, force=True, clock=clock, sleep=clock.sleep)
    assert [o.status for o in forced.outcomes] == ["ok", "ok"]
    assert len(scb_v2.requests_of("data")) == data_requests + 2


def test_a_new_update_with_a_revised_value_writes_a_revision(config, store, clock, scb_v2, population_table):
    run_ingest(config, store, datasets=["population"], clock=clock, sleep=clock.sleep)
    population_table.updated = "2026-03-20T07:00:00Z"
    original = population_table.value
    population_table.value = lambda cell: 250_100 if (cell.get("Region"), cell["Tid"]) == ("25", "2019") else original(cell)
    report = run_ingest(config, store, datasets=["population"], clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].changed == 1
    rows = store.conn.execute("SELECT region, period, old_value, new_value FROM observation_revisions").fetchall()
    assert rows == [("25", "2019", 250093.0, 250100.0)]


def test_a_changed_selection_is_refetched_even_if_the_source_is_unchanged(tmp_path, store, clock, scb_v2):
    path = write_config(tmp_path / "a.yml", scb_v2.base_url)
    run_ingest(load_config(path), store, datasets=["population"], clock=clock, sleep=clock.sleep)
    path.write_text(path.read_text().replace('Region: ["00", "10", "25"]', 'Region: ["25"]'))
    report = run_ingest(load_config(path), store, datasets=["population"], clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "ok"


@pytest.mark.parametrize(
    "fault, reason",
    [
        (lambda: problem(400, "Non-existent value"), "'Non-existent value'"),
        (lambda: Response('{"version":"2.0","class":"dat', content_type="application/json"), "truncated or malformed"),
        (lambda: Response("", status=500), "HTTP 500"),
    ],
    ids=["400-problem", "truncated-body", "500-empty"],
)
def test_a_failing_dataset_keeps_its_data_is_recorded_and_does_not_stop_the_others(
    config, store, clock, scb_v2, population_table, fault, reason
):
    run_ingest(config, store, clock=clock, sleep=clock.sleep)
    before = observations(store, "population")
    population_table.updated = "2026-04-01T07:00:00Z"
    population_table.value = lambda cell: 1.0  # would overwrite everything if it got through
    scb_v2.fail("data", fault)
    report = run_ingest(config, store, clock=clock, sleep=clock.sleep)
    assert [o.status for o in report.outcomes] == ["failed", "ok"]
    assert reason in report.outcomes[0].message
    assert observations(store, "population") == before
    run = store.conn.execute(
        "SELECT status, message FROM ingest_runs WHERE dataset = 'population' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert run[0] == "failed" and reason in run[1]
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_persistent_503_fails_the_dataset_after_retries(config, store, clock, scb_v2):
    scb_v2.fail("data", lambda: Response("", status=503), times=10)
    report = run_ingest(config, store, datasets=["population"], clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "failed" and "HTTP 503" in report.outcomes[0].message
    assert len(clock.sleeps) >= 4


def test_quarters_and_months_are_canonical(tmp_path, httpserver, store, clock):
    quarterly = FakeTable(
        id="TABQ",
        label="quarters",
        variables=[
            FakeVariable("Region", "region", ["25"]),
            FakeVariable("ContentsCode", "c", ["X"], contents=True),
            FakeVariable("Tid", "kvartal", ["2023K4", "2024K1"], time=True),
        ],
        value=lambda cell: {"2023K4": 1.5, "2024K1": 2.5}[cell["Tid"]],
    )
    monthly = FakeTable(
        id="TABM",
        label="months",
        variables=[
            FakeVariable("ContentsCode", "c", ["X"], contents=True),
            FakeVariable("Tid", "månad", ["2025M12", "2026M01"], time=True),
        ],
        value=lambda cell: 7.0,
    )
    fake = FakePxWeb(httpserver, [quarterly, monthly])
    path = tmp_path / "q.yml"
    path.write_text(textwrap.dedent(f"""
        sources:
          scb: {{kind: pxweb, base_url: "{fake.base_url}"}}
        datasets:
          q: {{source: scb, table: TABQ, selection: {{Region: ["25"], ContentsCode: ["X"], Tid: ["*"]}}}}
          m: {{source: scb, table: TABM, selection: {{ContentsCode: ["X"], Tid: ["*"]}}}}
    """))
    run_ingest(load_config(path), store, clock=clock, sleep=clock.sleep)
    assert sorted(observations(store, "q")) == [("25", "2023-Q4", '{"ContentsCode":"X"}'), ("25", "2024-Q1", '{"ContentsCode":"X"}')]
    # A table with no region variable is Sweden's.
    assert sorted(observations(store, "m")) == [("00", "2025-12", '{"ContentsCode":"X"}'), ("00", "2026-01", '{"ContentsCode":"X"}')]


def test_v1_source_runs_the_same_way(tmp_path, httpserver, store, clock):
    fake = FakePxWeb(httpserver, [make_population_table("BE/BE0101/BE0101A/BefolkningNy")], version=1)
    path = tmp_path / "v1.yml"
    path.write_text(textwrap.dedent(f"""
        sources:
          scb_v1: {{kind: pxweb, version: 1, base_url: "{fake.base_url}"}}
        datasets:
          pop: {{source: scb_v1, table: BE/BE0101/BE0101A/BefolkningNy, selection: {{Region: ["25"], ContentsCode: ["BE0101N1"], Tid: ["top(2)"]}}}}
    """))
    report = run_ingest(load_config(path), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "ok"
    assert observations(store, "pop") == {
        ("25", "2023", '{"ContentsCode":"BE0101N1"}'): (248480.0, None),
        ("25", "2024", '{"ContentsCode":"BE0101N1"}'): (248620.0, None),
    }
    # v1 has no cheap 'updated': the second run fetches and finds the response identical.
    second = run_ingest(load_config(path), store, clock=clock, sleep=clock.sleep)
    assert second.outcomes[0].status == "unchanged" and "identical" in second.outcomes[0].message


KILL_SCRIPT = """
import os, signal, sys
import numpy as np
from ingest.store import Observations, Store

class KilledMidWrite(Observations):
    def rows(self, dataset=None):
        for i, row in enumerate(super().rows(dataset)):
            if i == 50_000:
                os.kill(os.getpid(), signal.SIGKILL)
            yield row

n = 100_000
store = Store(sys.argv[1])
obs = KilledMidWrite(
    np.array(["25"] * n, dtype=object), np.array([str(1900 + i % 100) for i in range(n)], dtype=object),
    np.array(['{"i":"%d"}' % i for i in range(n)], dtype=object), np.full(n, 1.0), np.full(n, None, dtype=object))
store.write_dataset(sys.argv[2], {"source": "scb"}, obs, "killed-run")
"""


@pytest.mark.parametrize("dataset", ["population", "a_new_dataset"], ids=["update", "first-load"])
def test_an_ingest_killed_mid_write_leaves_a_consistent_store_with_the_old_data(config, store, clock, tmp_path, dataset):
    run_ingest(config, store, clock=clock, sleep=clock.sleep)
    before = {name: observations(store, name) for name in ("population", "population_by_sex")}
    store.close()
    done = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(tmp_path / "s3.db"), dataset], capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Store(tmp_path / "s3.db") as reopened:
        assert reopened.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert {name: observations(reopened, name) for name in before} == before
        assert reopened.observation_count() == sum(len(rows) for rows in before.values())
