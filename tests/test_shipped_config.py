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

from ingest.codes import county_codes, swedish_regions
from ingest.config import load_config
from ingest.run import run_ingest
from ingest.store import Store
from tests.fakes.eurostat import EurostatTable, FakeEurostat
from tests.fakes.kolada import FakeKolada, KoladaRow
from tests.fakes.pxweb import FakePxWeb, FakeTable, FakeVariable

ROOT = Path(__file__).parent.parent
REGIONS = ["00", *county_codes()]
MUNICIPALITIES = [r.code for r in swedish_regions() if r.parent in ("10", "25")]
YEARS = [str(y) for y in range(2018, 2025)]


# Industry codes as SCB's tables publish them: grouped sections (RAMS, BAS), divisions and their
# published groups (Företagens ekonomi), and the totals.
SNI_CODES = ["A", "B+C", "D+E", "I", "J", "US", "A-U+US", "01-03", "05-09", "16", "17", "16-17", "24-25", "29-30",
             "35", "Total_A-SexklK-O"]


def referenced(config, table: str) -> dict[str, set[str]]:
    """Codes (and label:TEXT) the strategies and structure measures pick from a table's datasets."""
    names = {name for name, d in config.datasets.items() if d.table == table}
    found: dict[str, set[str]] = {}
    series = [s for strategy in config.strategies.values() for _, ind in strategy.indicators().values()
              for s in ind.formula.all_series()]
    for s in series:
        if s.dataset in names:
            for dim, codes in s.dims.items():
                found.setdefault(dim, set()).update(codes if isinstance(codes, list) else [codes])
    for measure in config.structure.values():
        for part in measure.parts:
            if part.dataset in names:
                for dim, code in part.dims.items():
                    found.setdefault(dim, set()).add(code)
    return found


def codes_for(variable: str, items: list[str], picked: set[str]) -> tuple[list[str], dict[str, str]]:
    """Concrete codes (and labels) a table could have for a selection: the codes asked for, the codes
    and labels the indicators pick, and a few examples for expressions."""
    if variable.lower() == "tid":
        if any("M11" in i for i in items):
            return [f"{y}M{m:02d}" for y in YEARS for m in (10, 11)], {}
        return [str(y) for y in range(1990, 2025)], {}
    if variable == "SNI2007":
        return SNI_CODES, {}
    concrete = [i for i in items if not any(ch in i for ch in "*?(")]
    codes = concrete or sorted(c for c in picked if c != "*" and not c.startswith("label:"))
    labels = {}
    for n, label in enumerate(sorted(c for c in picked if c.startswith("label:"))):
        code = f"{variable}{n}"
        codes.append(code)
        labels[code] = label.removeprefix("label:").split("|")[0]
    return codes or [f"{variable}_{n}" for n in (1, 2)], labels


def pxweb_table(config, table: str, selection: dict, region_labels: bool = False) -> FakeTable:
    variables = []
    picked = referenced(config, table)
    for variable, items in selection.items():
        is_region = variable in ("Region", "Län")
        values, labels = codes_for(variable, items, picked.get(variable, set()))
        if is_region and region_labels:
            values = [str(i) for i in range(len(REGIONS))]
            labels = {str(i): f"{code} län {code}" for i, code in enumerate(REGIONS)}
        elif is_region:
            values = REGIONS
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
    scb_v2 = FakePxWeb(httpserver, [pxweb_table(config, d.table, d.selection) for d in v2], version=2, prefix="/scb/api/v2")
    scb_v1 = FakePxWeb(httpserver, [pxweb_table(config, d.table, d.selection) for d in v1], version=1, prefix="/scb/v1/sv/ssd")
    tva_tables = [pxweb_table(config, d.table.replace("*kvartal_lan*", "nystartade_foretag_kvartal_lan"), d.selection, True)
                  for d in taf]
    tva = FakePxWeb(httpserver, tva_tables, version=1, prefix="/tva/api/v1/sv/Tillväxtanalys statistikdatabas")
    kolada = FakeKolada(httpserver)
    for dataset in (d for d in config.datasets.values() if d.source == "kolada"):
        kolada.kpis[dataset.table] = {"id": dataset.table, "title": dataset.table, "publication_date": "2025-01-01"}
        for region in REGIONS + MUNICIPALITIES:
            for year in YEARS:
                kolada_id = region if len(region) == 4 else "00" + region if region != "00" else "0000"
                kolada.rows.append(KoladaRow(dataset.table, kolada_id, int(year), [
                    {"gender": sex, "count": 1, "status": "", "value": value}
                    for sex, value in (("T", 1.5), ("K", 1.4), ("M", 1.6))]))
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
    tsv = "NIVA_NAMN\tLAN_KOD\tKOMMUN_KOD\tAR\tANLAGGNINGSTYP_NAMN\tANTAL_GASTNATTER\tLOGIINTAKT\n" + "".join(
        f"{'Riket' if r == '00' else 'Län'}\t{'' if r == '00' else r}\t\t{y}\t{kind}\t{1000 + y}\t{500000 + y}\n"
        for r in REGIONS for y in range(2010, 2025) for kind in ("Hotell", "Stugbyar")
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
        text = text.replace(live, local)
    assert "https://" not in text.split("datasets:")[0], "a source of the shipped configuration has no local server"
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
            if dataset.source == "manual":
                continue  # a hand-kept file may wait for the secretariat (development capital)
            assert regions, dataset_id
            if "Region" not in dataset.selection and dataset.source == "scb":
                assert regions == {"00"}, dataset_id  # a national table (the price index)
                continue
            wanted = dataset.selection.get("municipality", ["*"])
            if "*" not in wanted:
                assert set(wanted) <= regions, (dataset_id, sorted(set(wanted) - regions))  # municipalities only
                continue
            assert {"00", "10", "25"} <= regions, (dataset_id, sorted(regions))
            if dataset.source in ("scb", "scb_v1", "kolada", "tillvaxtanalys", "tillvaxtverket"):
                assert set(REGIONS) <= regions, (dataset_id, sorted(set(REGIONS) - regions))


def test_every_indicator_and_structure_measure_is_computed_from_a_live_run(shipped, tmp_path, clock):
    """From the sources' wire formats to the follow-up: every indicator of both strategies gets
    values for Sweden and the strategy's county, and the structure tables fill."""
    from indicators.compute import compute_all

    with Store(tmp_path / "s3.db") as store:
        run_ingest(shipped, store, clock=clock, sleep=clock.sleep)
        missing = compute_all(shipped, store)
        assert missing == {}, missing
        for strategy_id, strategy in shipped.strategies.items():
            for indicator_id in strategy.indicators():
                regions = {r for (r,) in store.conn.execute(
                    "SELECT DISTINCT region FROM indicator_values WHERE strategy = ? AND indicator = ?",
                    [strategy_id, indicator_id])}
                assert {"00", strategy.region} <= regions, (strategy_id, indicator_id, sorted(regions))
        measures = {m for (m,) in store.conn.execute("SELECT DISTINCT measure FROM structure_values")}
        assert measures == set(shipped.structure)
