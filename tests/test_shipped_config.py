"""The shipped indicators.yml, run end to end against local servers standing in for every API.

Each local server serves the tables the shipped configuration asks for (their variables and
codes taken from its selections), so this test pins that `python -m ingest run` fills every
configured dataset, whatever its source, and that the shipped hand-kept files are valid.
"""

import re
import shutil
from pathlib import Path

import pytest
from werkzeug import Response

from ingest.codes import county_codes
from ingest.config import load_config
from ingest.run import run_ingest
from ingest.store import Store
from tests.fakes.eurostat import EurostatTable, FakeEurostat
from tests.fakes.kolada import FakeKolada, KoladaRow
from tests.fakes.pxweb import FakePxWeb, FakeTable, FakeVariable

ROOT = Path(__file__).parent.parent
REGIONS = ["00", *county_codes()]
YEARS = [str(y) for y in range(2018, 2025)]


def codes_for(variable: str, items: list[str]) -> list[str]:
    """Concrete codes a table could have for a selection (expressions given a few examples)."""
    if variable.lower() == "tid":
        if any("M11" in i for i in items):
            return [f"{y}M{m:02d}" for y in YEARS for m in (10, 11)]
        return [str(y) for y in range(1990, 2025)]
    concrete = [i for i in items if not any(ch in i for ch in "*?(")]
    return concrete or [f"{variable}_{n}" for n in (1, 2)]


def pxweb_table(table: str, selection: dict, region_labels: bool = False) -> FakeTable:
    variables = []
    for variable, items in selection.items():
        is_region = variable in ("Region", "Län")
        values = REGIONS if is_region and region_labels else codes_for(variable, items)
        labels = {}
        if is_region and region_labels:
            values = [str(i) for i in range(len(REGIONS))]
            labels = {str(i): f"{code} län {code}" for i, code in enumerate(REGIONS)}
        variables.append(
            FakeVariable(variable, variable.lower(), values, labels, time=variable.lower() == "tid",
                         contents=variable in ("ContentsCode", "variabel"))
        )
    return FakeTable(id=table, label=f"table {table}", variables=variables, value=lambda cell: 1.0)


@pytest.fixture
def shipped(tmp_path, httpserver):
    config = load_config(ROOT / "indicators.yml")
    text = (ROOT / "indicators.yml").read_text()
    v2 = [d for d in config.datasets.values() if d.source == "scb"]
    v1 = [d for d in config.datasets.values() if d.source == "scb_v1"]
    taf = [d for d in config.datasets.values() if d.source == "tillvaxtanalys"]
    scb_v2 = FakePxWeb(httpserver, [pxweb_table(d.table, d.selection) for d in v2], version=2, prefix="/scb/api/v2")
    scb_v1 = FakePxWeb(httpserver, [pxweb_table(d.table, d.selection) for d in v1], version=1, prefix="/scb/v1/sv/ssd")
    tva_tables = [pxweb_table(d.table.replace("*kvartal_lan*", "nystartade_foretag_kvartal_lan"), d.selection, True) for d in taf]
    tva = FakePxWeb(httpserver, tva_tables, version=1, prefix="/tva/api/v1/sv/Tillväxtanalys statistikdatabas")
    kolada = FakeKolada(httpserver)
    for dataset in (d for d in config.datasets.values() if d.source == "kolada"):
        kolada.kpis[dataset.table] = {"id": dataset.table, "title": dataset.table, "publication_date": "2025-01-01"}
        for region in REGIONS:
            for year in YEARS:
                kolada.rows.append(KoladaRow(dataset.table, "00" + region if region != "00" else "0000", int(year),
                                             [{"gender": "T", "count": 1, "status": "", "value": 1.5}]))
    eurostat = FakeEurostat(httpserver)
    for dataset in (d for d in config.datasets.values() if d.source == "eurostat"):
        dims = {"freq": {"A": "Annual"}}
        for key, items in dataset.selection.items():
            if key == "geo":
                from ingest.sources.eurostat import nuts_for

                dims["geo"] = {nuts_for(i): nuts_for(i) for i in items}
            elif key != "sinceTimePeriod":
                dims[key] = {i: i for i in items}
        dims["time"] = {y: y for y in YEARS}
        eurostat.tables[dataset.table] = EurostatTable(dataset.table, dataset.table, dims, lambda cell: (2.5, None))
    tsv = "NIVA_NAMN\tLAN_KOD\tKOMMUN_KOD\tAR\tMANAD_NUMMER\tANLAGGNINGSTYP_NAMN\tANTAL_GASTNATTER\n" + "".join(
        f"{'Riket' if r == '00' else 'Län'}\t{'' if r == '00' else r}\t\t2024\t{m}\tHotell\t{1000 + m}\n"
        for r in REGIONS for m in range(1, 13)
    )
    httpserver.expect_request(re.compile(r"^/tvv/.*")).respond_with_handler(
        lambda request: Response(tsv.encode("latin-1"), headers={"Last-Modified": "Mon, 03 Nov 2025 06:00:00 GMT"})
    )
    replacements = {
        "https://statistikdatabasen.scb.se/api/v2": scb_v2.base_url,
        "https://api.scb.se/OV0104/v1/doris/sv/ssd": scb_v1.base_url,
        "https://api.kolada.se/v3": kolada.base_url,
        "https://ec.europa.eu/eurostat/api/dissemination": eurostat.base_url,
        "https://statistik.tillvaxtanalys.se/PxWeb/api/v1/sv/Tillväxtanalys statistikdatabas": tva.base_url,
        "https://oppnadata.tillvaxtverket.se/data/inkvartering": httpserver.url_for("/tvv"),
    }
    for live, local in replacements.items():
        assert live in text, live
        text = text.replace(live, local)
    (tmp_path / "indicators.yml").write_text(text)
    shutil.copytree(ROOT / "data" / "manual", tmp_path / "data" / "manual")
    return load_config(tmp_path / "indicators.yml")


def test_every_shipped_dataset_is_filled_for_sweden_and_the_counties(shipped, tmp_path, clock):
    with Store(tmp_path / "s3.db") as store:
        report = run_ingest(shipped, store, clock=clock, sleep=clock.sleep)
        failed = {o.dataset: o.message for o in report.outcomes if o.status != "ok"}
        assert failed == {}
        for dataset_id, dataset in shipped.datasets.items():
            regions = {r for (r,) in store.conn.execute("SELECT DISTINCT region FROM observations WHERE dataset = ?", [dataset_id])}
            assert regions, dataset_id
            if dataset.source not in ("manual",):
                assert {"00", "10", "25"} <= regions, (dataset_id, sorted(regions))
            if dataset.source in ("scb", "scb_v1", "kolada", "tillvaxtanalys", "tillvaxtverket"):
                assert set(REGIONS) <= regions, (dataset_id, sorted(set(REGIONS) - regions))
