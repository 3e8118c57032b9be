import math

import pytest
from werkzeug import Response

from ingest.errors import QueryTooLargeError, ResponseFormatError, SelectionError, SourceHTTPError
from ingest.pxweb.client import PxWebClient
from tests.conftest import POPULATION, POPULATION_BY_SEX, make_population_table
from tests.fakes.pxweb import FakePxWeb, FakeTable, FakeVariable, problem


def client_for(fake: FakePxWeb, clock) -> PxWebClient:
    return PxWebClient(fake.base_url, version=fake.version, language="sv", clock=clock, sleep=clock.sleep)


def cells(result):
    """{(Region, Tid[, Kon]): value} of every fetched cell."""
    found = {}
    for cube in result.cubes:
        frame = cube.to_frame()
        keys = [k for k in ("Region", "Tid", "Kon") if k in frame.columns]
        for row in frame.itertuples(index=False):
            found[tuple(getattr(row, k) for k in keys)] = (row.value, row.status)
    return found


@pytest.mark.parametrize("version", [2, 1])
def test_fetch_returns_every_selected_cell_exactly(httpserver, clock, version):
    fake = FakePxWeb(httpserver, [make_population_table()], version=version)
    client = client_for(fake, clock)
    result = client.fetch("TAB638", {"Region": ["*"], "ContentsCode": ["BE0101N1"], "Tid": ["*"]})
    got = cells(result)
    assert len(got) == 3 * 7
    for (region, year), value in POPULATION.items():
        assert got[(region, year)] == (float(value), None)
    assert result.updated == "2026-02-20T07:00:00Z"
    assert result.selection["Tid"] == ["2018", "2019", "2020", "2021", "2022", "2023", "2024"]
    assert len(result.content_hash) == 64


def test_v2_sends_explicit_codes_in_a_post_body_and_reads_config(scb_v2, clock):
    client = client_for(scb_v2, clock)
    client.fetch("TAB638", {"Region": ["10", "25"], "ContentsCode": ["BE0101N1"], "Tid": ["top(2)"]})
    assert client.limits().max_cells == 150_000
    assert client.http.limiter.max_calls == 30 and client.http.limiter.window == 10
    (_, path, body), = scb_v2.requests_of("data")
    assert path == "/api/v2/tables/TAB638/data"
    assert body == {
        "selection": [
            {"variableCode": "Region", "valueCodes": ["10", "25"]},
            {"variableCode": "ContentsCode", "valueCodes": ["BE0101N1"]},
            {"variableCode": "Tid", "valueCodes": ["2023", "2024"]},
        ]
    }


def test_v1_posts_a_query_with_json_stat2_response_format(scb_v1, clock):
    client = client_for(scb_v1, clock)
    client.fetch("TAB638", {"Region": ["25"], "ContentsCode": ["BE0101N1"], "Tid": ["2019"]})
    (_, path, body), = scb_v1.requests_of("data")
    assert path == "/api/v1/sv/ssd/TAB638"
    assert body["response"] == {"format": "json-stat2"}
    assert body["query"][0] == {"code": "Region", "selection": {"filter": "item", "values": ["25"]}}
    assert scb_v1.requests_of("config")[0][1] == "/api/v1/sv/"


def test_eliminated_variable_disappears_and_a_kept_one_splits_cells(scb_v2, clock):
    client = client_for(scb_v2, clock)
    result = client.fetch("TAB638", {"Region": ["10"], "Kon": ["*"], "ContentsCode": ["BE0101N1"], "Tid": ["range(2018,2020)"]})
    got = cells(result)
    assert got[("10", "2019", "2")] == (float(POPULATION_BY_SEX[("10", "2019", "2")]), None)
    assert len(got) == 6


def test_missing_cells_keep_the_source_symbol_and_no_value(scb_v2, clock):
    client = client_for(scb_v2, clock)
    result = client.fetch("TAB638", {"Region": ["25"], "Kon": ["1"], "ContentsCode": ["BE0101N1"], "Tid": ["2019"]})
    value, status = cells(result)[("25", "2019", "1")]
    assert math.isnan(value) and status == ".."


def test_unknown_variable_and_value_are_named_before_anything_is_sent(scb_v2, clock):
    client = client_for(scb_v2, clock)
    with pytest.raises(SelectionError, match="no variable 'Alder'; its variables: Region, Kon, ContentsCode, Tid"):
        client.fetch("TAB638", {"Alder": ["tot"], "ContentsCode": ["BE0101N1"], "Tid": ["*"]})
    with pytest.raises(SelectionError, match="'Region' has no value '26'; valid values: 00, 10, 25"):
        client.fetch("TAB638", {"Region": ["26"], "ContentsCode": ["BE0101N1"], "Tid": ["*"]})
    assert scb_v2.requests_of("data") == []


def test_a_mandatory_variable_left_out_is_an_error(scb_v2, clock):
    with pytest.raises(SelectionError, match="cannot eliminate ContentsCode, Tid: add them"):
        client_for(scb_v2, clock).fetch("TAB638", {"Region": ["25"]})


def test_v2_codelist_is_sent_with_metadata_and_data(scb_v2, clock):
    client = client_for(scb_v2, clock)
    client.fetch("TAB638", {"Region": ["*"], "ContentsCode": ["BE0101N1"], "Tid": ["2024"]}, {"Region": "vs_RegionLän07"})
    (_, _, query), = scb_v2.requests_of("metadata")
    assert query == {"lang": "sv", "codelist[Region]": "vs_RegionLän07"}
    (_, _, body), = scb_v2.requests_of("data")
    assert body["selection"][0] == {"variableCode": "Region", "valueCodes": ["10", "25"], "codelist": "vs_RegionLän07"}


def test_unknown_codelist_names_the_tables_codelists(scb_v2, clock):
    with pytest.raises(SelectionError, match="no codelist 'vs_Kommun'; its codelists: vs_RegionLän07"):
        client_for(scb_v2, clock).fetch("TAB638", {"Region": ["*"], "ContentsCode": ["BE0101N1"], "Tid": ["*"]}, {"Region": "vs_Kommun"})


def test_v1_codelist_becomes_the_filter(scb_v1, clock):
    client_for(scb_v1, clock).fetch("TAB638", {"Region": ["10"], "ContentsCode": ["BE0101N1"], "Tid": ["2024"]}, {"Region": "vs:RegionLän07"})
    (_, _, body), = scb_v1.requests_of("data")
    assert body["query"][0]["selection"] == {"filter": "vs:RegionLän07", "values": ["10"]}


def big_table() -> FakeTable:
    regions = [f"{i:02d}" for i in range(22)]
    years = [str(y) for y in range(1990, 2025)]
    return FakeTable(
        id="TAB9",
        label="big",
        variables=[
            FakeVariable("Region", "region", regions),
            FakeVariable("ContentsCode", "tabellinnehåll", ["A", "B"], contents=True),
            FakeVariable("Tid", "år", years, time=True),
        ],
        value=lambda c: int(c["Region"]) * 10_000 + int(c["Tid"]) + (0.5 if c["ContentsCode"] == "B" else 0),
    )


@pytest.mark.parametrize("version", [2, 1])
def test_a_query_over_max_cells_is_split_and_every_cell_arrives(httpserver, clock, version):
    fake = FakePxWeb(httpserver, [big_table()], version=version, max_cells=200, max_calls=3, window=1)
    client = client_for(fake, clock)
    result = client.fetch("TAB9", {"Region": ["*"], "ContentsCode": ["*"], "Tid": ["*"]})
    assert len(fake.requests_of("data")) == len(result.cubes) > 1
    frames = [c.to_frame() for c in result.cubes]
    total = sum(len(f) for f in frames)
    assert total == 22 * 2 * 35
    for frame in frames:
        expected = frame.Region.astype(int) * 10_000 + frame.Tid.astype(int) + (frame.ContentsCode == "B") * 0.5
        assert (frame.value == expected).all()
    # The limiter holds to the server's 3 calls per second: no window of 1 s saw more.
    assert sum(clock.sleeps) > 0


def test_a_server_that_keeps_saying_too_many_cells_ends_in_a_clear_error_with_its_title(httpserver, clock):
    fake = FakePxWeb(httpserver, [big_table()], version=2, max_cells=10_000)
    fake.fail("data", lambda: problem(400, "Too many cells selected", "1540 > 1000"), times=1_000)
    with pytest.raises(QueryTooLargeError, match="refuses even 2 cells .*'Too many cells selected'"):
        client_for(fake, clock).fetch("TAB9", {"Region": ["*"], "ContentsCode": ["*"], "Tid": ["*"]})


def test_a_query_that_cannot_be_split_says_so(httpserver, clock):
    fake = FakePxWeb(httpserver, [big_table()], version=2, max_cells=1)
    with pytest.raises(QueryTooLargeError, match="server allows 1"):
        client_for(fake, clock).fetch("TAB9", {"Region": ["00"], "ContentsCode": ["*"], "Tid": ["2024"]})


def test_429_from_the_server_is_retried_with_retry_after(scb_v2, clock):
    scb_v2.fail("data", lambda: Response("", status=429, headers={"Retry-After": "9"}))
    client_for(scb_v2, clock).fetch("TAB638", {"Region": ["25"], "ContentsCode": ["BE0101N1"], "Tid": ["2024"]})
    assert 9.0 in clock.sleeps


def test_a_truncated_body_is_a_clear_format_error(scb_v2, clock):
    def truncated():
        return Response('{"version":"2.0","class":"dataset","id":["Region"', content_type="application/json")

    scb_v2.fail("data", truncated)
    with pytest.raises(ResponseFormatError, match="/tables/TAB638/data.*truncated or malformed"):
        client_for(scb_v2, clock).fetch("TAB638", {"Region": ["25"], "ContentsCode": ["BE0101N1"], "Tid": ["2024"]})


def test_table_info_gives_the_updated_date(scb_v2, clock):
    assert client_for(scb_v2, clock).table_info("TAB638")["updated"] == "2026-02-20T07:00:00Z"


def test_a_missing_table_is_a_404_with_scbs_title(scb_v2, clock):
    with pytest.raises(SourceHTTPError, match="HTTP 404 'Non-existent table'"):
        client_for(scb_v2, clock).metadata("TAB0")


@pytest.mark.parametrize("version", [2, 1])
def test_a_server_whose_real_limit_is_below_its_config_gets_halved_queries(httpserver, clock, version):
    fake = FakePxWeb(httpserver, [big_table()], version=version, max_cells=300, advertised_max_cells=1_000)
    result = client_for(fake, clock).fetch("TAB9", {"Region": ["*"], "ContentsCode": ["*"], "Tid": ["*"]})
    assert sum(len(c.values) for c in result.cubes) == 22 * 2 * 35
    refused = [e for e in fake.requests_of("data")]
    assert len(refused) > len(result.cubes)  # some were refused and halved


def test_v1_limit_is_the_lower_of_max_cells_and_max_values():
    assert PxWebClient._limits_from({"maxValues": 110_000, "maxCells": 150_000, "maxCalls": 30, "timeWindow": 10}).max_cells == 110_000
