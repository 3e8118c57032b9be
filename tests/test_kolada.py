"""The Kolada source against a local Kolada v3 server."""

import csv
import textwrap

import pytest
from werkzeug import Response

from ingest.config import load_config
from ingest.run import run_ingest
from tests.conftest import FIXTURES
from tests.fakes.kolada import FakeKolada, KoladaRow

N85085 = {
    (row["kolada_id"], row["year"]): None if row["value"] == "NA" else float(row["value"])
    for row in csv.DictReader(open(FIXTURES / "kolada" / "N85085.csv", encoding="utf-8"))
}
KPI_N85085 = {
    "id": "N85085",
    "title": "Företagens utgifter för egen FoU, kr/inv",
    "description": "Företagens utgifter för egen FoU dividerat med antal invånare totalt 31/12.",
    "is_divided_by_gender": False,
    "municipality_type": "L",
    "publication_date": "2025-03-14",
    "prel_publication_date": None,
    "operating_area": "Näringsliv",
    "auspice": None,
}
KPI_N02267 = {
    "id": "N02267",
    "title": "Sysselsättningsgrad 20-64 år, andel (%)",
    "description": "Antal förvärvsarbetande 20-64 år dividerat med antal invånare 20-64 år.",
    "is_divided_by_gender": True,
    "municipality_type": "A",
    "publication_date": "2025-11-20",
}


@pytest.fixture
def kolada(httpserver):
    fake = FakeKolada(httpserver, kpis={"N85085": KPI_N85085, "N02267": KPI_N02267})
    for (kid, year), value in N85085.items():
        fake.rows.append(KoladaRow("N85085", kid, int(year), [{"gender": "T", "count": 1, "status": "", "value": value}]))
    return fake


def write_config(tmp_path, kolada, body):
    path = tmp_path / "indicators.yml"
    path.write_text(
        f'sources:\n  kolada: {{kind: kolada, base_url: "{kolada.base_url}"}}\ndatasets:\n' + textwrap.indent(textwrap.dedent(body), "  ")
    )
    return load_config(path)


RD = """
business_rd:
  source: kolada
  table: N85085
  selection:
    municipality: ["*"]
    year: ["2017", "2019", "2021"]
"""


def stored(store, dataset):
    return {
        (r, p, d): (v, s)
        for r, p, d, v, s in store.conn.execute(
            "SELECT region, period, dims, value, status FROM observations WHERE dataset = ?", [dataset]
        )
    }


def test_every_value_lands_under_scb_region_codes(tmp_path, kolada, store, clock):
    report = run_ingest(write_config(tmp_path, kolada, RD), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "ok", report.outcomes[0].message
    got = stored(store, "business_rd")
    assert len(got) == 63
    assert got[("25", "2019", '{"gender":"T"}')] == (N85085[("0025", "2019")], None)
    missing = [k for k, v in N85085.items() if v is None]
    assert missing and all(got[(k[0][2:], k[1], '{"gender":"T"}')][0] is None for k in missing)
    assert got[("10", "2019", '{"gender":"T"}')] == (N85085[("0010", "2019")], None)
    meta = store.dataset_meta("business_rd")
    assert meta["label"] == "Företagens utgifter för egen FoU, kr/inv"
    assert meta["source_updated"] == "2025-03-14"
    assert '"description": "Företagens utgifter för egen FoU dividerat' in meta["metadata"]


def test_more_than_25_ids_are_chunked_and_pages_are_followed(tmp_path, kolada, store, clock):
    kolada.page_size_cap = 10  # forces paging
    config = write_config(tmp_path, kolada, RD.replace('["2017", "2019", "2021"]', '["range(1995,2021)"]'))
    report = run_ingest(config, store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "ok", report.outcomes[0].message
    data_paths = [p for p, _ in kolada.log if p.startswith("/v3/data/")]
    assert all(len(p.split("/year/")[1].split(",")) <= 25 for p in data_paths)
    assert len({p.split("/year/")[1] for p in data_paths}) == 2  # 27 years in two chunks
    assert len(stored(store, "business_rd")) == 63
    assert any(args.get("page") == "2" for _, args in kolada.log)


def test_next_page_is_accepted_too(tmp_path, kolada, store, clock):
    kolada.page_size_cap, kolada.use_next_page_key = 10, True
    run_ingest(write_config(tmp_path, kolada, RD), store, clock=clock, sleep=clock.sleep)
    assert len(stored(store, "business_rd")) == 63


def test_gender_split_status_and_deleted_rows(tmp_path, kolada, store, clock):
    kolada.rows = [
        KoladaRow("N02267", "0025", 2023, [
            {"gender": "T", "count": 1, "status": "", "value": 80.1},
            {"gender": "K", "count": 1, "status": "", "value": 79.0},
            {"gender": "M", "count": 1, "status": "", "value": 81.1},
        ]),
        KoladaRow("N02267", "0010", 2023, [{"gender": "T", "count": 1, "status": "Missing", "value": None}]),
        KoladaRow("N02267", "0000", 2022, [{"gender": "T", "count": 1, "status": "", "value": 81.4}], isdeleted=True),
    ]
    body = "emp:\n  source: kolada\n  table: N02267\n  selection: {municipality: ['00', '10', '25'], gender: [T, K, M]}\n"
    run_ingest(write_config(tmp_path, kolada, body), store, clock=clock, sleep=clock.sleep)
    got = stored(store, "emp")
    assert got[("25", "2023", '{"gender":"K"}')] == (79.0, None)
    assert got[("25", "2023", '{"gender":"M"}')] == (81.1, None)
    assert got[("10", "2023", '{"gender":"T"}')][1] == "Missing"
    assert got[("00", "2022", '{"gender":"T"}')] == (81.4, "deleted")
    assert "/municipality/0000,0010,0025" in [p for p, _ in kolada.log if p.startswith("/v3/data")][0]


def test_a_second_run_asks_only_for_what_changed_and_a_revision_is_recorded(tmp_path, kolada, store, clock):
    config = write_config(tmp_path, kolada, RD)
    run_ingest(config, store, clock=clock, sleep=clock.sleep)
    quiet = run_ingest(config, store, clock=clock, sleep=clock.sleep)
    assert quiet.outcomes[0].status == "unchanged" and "no data changed at the source since" in quiet.outcomes[0].message
    assert any("from_date" in args for _, args in kolada.log)
    revised = next(r for r in kolada.rows if (r.municipality, r.period) == ("0025", 2019))
    revised.values = [{"gender": "T", "count": 1, "status": "", "value": 4300.0}]
    revised.updated = "2099-01-01"
    report = run_ingest(config, store, clock=clock, sleep=clock.sleep)
    assert (report.outcomes[0].status, report.outcomes[0].changed) == ("ok", 1)
    assert store.conn.execute("SELECT region, period, old_value, new_value FROM observation_revisions").fetchall() == [
        ("25", "2019", N85085[("0025", "2019")], 4300.0)
    ]
    assert len(stored(store, "business_rd")) == 63  # the incremental answer did not drop the rest


def test_429_is_retried(tmp_path, kolada, store, clock):
    kolada.fail("data", lambda: Response("", status=429, headers={"Retry-After": "3"}))
    report = run_ingest(write_config(tmp_path, kolada, RD), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "ok" and 3.0 in clock.sleeps


def test_a_truncated_page_fails_the_dataset_and_keeps_the_old_rows(tmp_path, kolada, store, clock):
    config = write_config(tmp_path, kolada, RD)
    run_ingest(config, store, clock=clock, sleep=clock.sleep)
    before = stored(store, "business_rd")
    kolada.fail("data", lambda: Response('{"values": [{"kpi": "N85085", "munic', content_type="application/json"))
    report = run_ingest(config, store, force=True, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "failed" and "truncated or malformed" in report.outcomes[0].message
    assert stored(store, "business_rd") == before


def test_an_unknown_kpi_is_a_clear_error(tmp_path, kolada, store, clock):
    body = RD.replace("N85085", "N99999")
    report = run_ingest(write_config(tmp_path, kolada, body), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "failed" and "Kolada has no KPI 'N99999'" in report.outcomes[0].message


def test_kolada_keeps_to_five_requests_per_second(tmp_path, kolada, store, clock):
    kolada.page_size_cap = 1
    run_ingest(write_config(tmp_path, kolada, RD.replace('["2017", "2019", "2021"]', '["2019"]')), store, clock=clock, sleep=clock.sleep)
    # 1 metadata + 21 one-row pages in a 1-second window of 5 calls: at least 4 waits.
    assert len([s for s in clock.sleeps if s > 0]) >= 4


def test_selection_keys_are_checked(tmp_path, kolada):
    from ingest.errors import ConfigError

    with pytest.raises(ConfigError, match="a kolada selection has no key 'region'; valid keys: gender, municipality, year"):
        write_config(tmp_path, kolada, "x:\n  source: kolada\n  table: N85085\n  selection: {region: ['25']}\n")
