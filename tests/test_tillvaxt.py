"""Tillväxtanalys (PxWeb v1 with running-number regions) and Tillväxtverket's open-data files."""

import textwrap

import pytest
from werkzeug import Response

from ingest.config import load_config
from ingest.run import run_ingest
from tests.fakes.pxweb import FakePxWeb, FakeTable, FakeVariable

# Tillväxtanalys: the region values are running numbers, labelled "code name".
LAN = {"0": "00 Riket", "1": "01 Stockholms län", "9": "10 Blekinge län", "21": "25 Norrbottens län"}
NEW_FIRMS = {("00 Riket", "2024Q1"): 17000, ("10 Blekinge län", "2024Q1"): 180, ("25 Norrbottens län", "2024Q1"): 290,
             ("00 Riket", "2024Q2"): 17500, ("10 Blekinge län", "2024Q2"): 190, ("25 Norrbottens län", "2024Q2"): 310,
             ("01 Stockholms län", "2024Q1"): 6000, ("01 Stockholms län", "2024Q2"): 6100}


def new_firms_table(file_name: str, updated: str) -> FakeTable:
    return FakeTable(
        id=f"Nystartade företag/{file_name}",
        label="Nystartade företag per län och kvartal",
        variables=[
            FakeVariable("Tid", "kvartal", ["2024Q1", "2024Q2"], time=True),
            FakeVariable("Län", "län", list(LAN), LAN),
            FakeVariable("variabel", "variabel", ["nyaf"], {"nyaf": "antal nystartade företag"}, contents=True),
        ],
        value=lambda cell: NEW_FIRMS[(LAN[cell["Län"]], cell["Tid"])],
        updated=updated,
    )


@pytest.fixture
def tillvaxtanalys(httpserver):
    return FakePxWeb(
        httpserver,
        [new_firms_table("nyaf_kvartal_lan_2011.px", "2023-01-10"), new_firms_table("nystartade_foretag_kvartal_lan.px", "2025-08-15")],
        version=1,
        max_cells=100_000,
        max_calls=10,
        prefix="/PxWeb/api/v1/sv/Tillväxtanalys statistikdatabas",
    )


def test_new_enterprises_by_quarter_map_labels_to_county_codes(tmp_path, tillvaxtanalys, store, clock):
    path = tmp_path / "indicators.yml"
    path.write_text(textwrap.dedent(f"""
        sources:
          tillvaxtanalys: {{kind: pxweb, version: 1, base_url: "{tillvaxtanalys.base_url}"}}
        datasets:
          new_enterprises_quarter:
            source: tillvaxtanalys
            table: "Nystartade företag/*kvartal_lan*.px"
            region_variable: Län
            region_codes_from_labels: true
            selection:
              Län: ["00", "10", "25"]
              variabel: ["*"]
              Tid: ["*"]
    """))
    report = run_ingest(load_config(path), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "ok", report.outcomes[0].message
    got = {(r, p): v for r, p, v in store.conn.execute("SELECT region, period, value FROM observations")}
    assert got == {
        ("00", "2024-Q1"): 17000.0, ("10", "2024-Q1"): 180.0, ("25", "2024-Q1"): 290.0,
        ("00", "2024-Q2"): 17500.0, ("10", "2024-Q2"): 190.0, ("25", "2024-Q2"): 310.0,
    }
    # The folder was listed and the newest matching file chosen.
    data = tillvaxtanalys.requests_of("data")
    assert data[0][1].endswith("/nystartade_foretag_kvartal_lan.px")
    assert data[0][2]["query"][0] == {"code": "Län", "selection": {"filter": "item", "values": ["0", "9", "21"]}}


# Tillväxtverket: tab-separated Latin-1, as the open-data files are published.
GUEST_NIGHTS = (
    "NIVA_NAMN\tLAN_KOD\tLAN_NAMN\tKOMMUN_KOD\tKOMMUN_NAMN\tAR\tMANAD_NUMMER\tANLAGGNINGSTYP_NAMN\tANTAL_GASTNATTER\tANTAL_ANLAGGNINGAR\n"
    "Riket\t\t\t\t\t2024\t1\tHotell\t2 100 000\t1900\n"
    "Riket\t\t\t\t\t2024\t1\tCamping\t150000\t600\n"
    "Län\t25\tNorrbottens län\t\t\t2024\t1\tHotell\t120000\t80\n"
    "Län\t25\tNorrbottens län\t\t\t2024\t1\tCamping\t\t20\n"
    "Län\t10\tBlekinge län\t\t\t2024\t1\tHotell\t25000\t30\n"
    "Kommun\t25\tNorrbottens län\t2584\tKiruna\t2024\t1\tHotell\t40000\t15\n"
    "Län\t25\tNorrbottens län\t\t\t2024\t2\tHotell\t130500,5\t80\n"
)


@pytest.fixture
def tillvaxtverket(httpserver):
    state = {"body": GUEST_NIGHTS.encode("latin-1"), "modified": "Mon, 03 Nov 2025 06:00:00 GMT"}

    def serve(request):
        return Response(state["body"], content_type="text/plain; charset=iso-8859-1", headers={"Last-Modified": state["modified"]})

    httpserver.expect_request("/data/inkvartering/GuestNights_Capacity_Revenue_Month.txt").respond_with_handler(serve)
    return state, httpserver.url_for("/data/inkvartering")


def guest_nights_config(tmp_path, url, extra=""):
    path = tmp_path / "indicators.yml"
    path.write_text(textwrap.dedent(f"""
        sources:
          tillvaxtverket: {{kind: tillvaxtverket, base_url: "{url}"}}
        datasets:
          guest_nights_month:
            source: tillvaxtverket
            table: GuestNights_Capacity_Revenue_Month.txt
            selection:
              level: ["Riket", "Län"]
              measure: ["ANTAL_GASTNATTER"]
              {extra}
    """))
    return load_config(path)


def test_guest_nights_by_county_month_and_type(tmp_path, tillvaxtverket, store, clock):
    _, url = tillvaxtverket
    report = run_ingest(guest_nights_config(tmp_path, url), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "ok", report.outcomes[0].message
    got = {(r, p, d): v for r, p, d, v in store.conn.execute("SELECT region, period, dims, value FROM observations")}
    hotel = '{"ANLAGGNINGSTYP_NAMN":"Hotell","measure":"ANTAL_GASTNATTER"}'
    assert got[("00", "2024-01", hotel)] == 2_100_000.0
    assert got[("25", "2024-01", hotel)] == 120_000.0
    assert got[("25", "2024-02", hotel)] == 130_500.5
    assert got[("25", "2024-01", '{"ANLAGGNINGSTYP_NAMN":"Camping","measure":"ANTAL_GASTNATTER"}')] is None
    assert not any(r == "2584" for r, _, _ in got)  # municipalities not selected
    assert store.dataset_meta("guest_nights_month")["source_updated"] == "2025-11-03T06:00:00+00:00"


def test_an_unchanged_file_is_not_downloaded_again(tmp_path, tillvaxtverket, store, clock, httpserver):
    _, url = tillvaxtverket
    config = guest_nights_config(tmp_path, url)
    run_ingest(config, store, clock=clock, sleep=clock.sleep)
    second = run_ingest(config, store, clock=clock, sleep=clock.sleep)
    assert second.outcomes[0].status == "unchanged"
    assert [r.method for r, _ in httpserver.log][-1] == "HEAD"


def test_a_changed_file_layout_is_a_clear_error(tmp_path, tillvaxtverket, store, clock):
    state, url = tillvaxtverket
    state["body"] = GUEST_NIGHTS.replace("ANTAL_GASTNATTER", "GASTNATTER").encode("latin-1")
    report = run_ingest(guest_nights_config(tmp_path, url), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "failed"
    assert "no column ANTAL_GASTNATTER" in report.outcomes[0].message and "layout may have changed" in report.outcomes[0].message
