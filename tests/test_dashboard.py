"""Dashboard pages, callbacks, queries and figures as plain functions, on the shipped data."""

import base64
import io
import json
from pathlib import Path

import openpyxl
import pytest

from dashboard import figures, queries
from dashboard.app import app
from dashboard.components import export_rows
from ingest.config import load_config
from indicators.compute import compute_all
from ingest.run import run_offline

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    from ingest.store import Store

    db = tmp_path_factory.mktemp("dash") / "s3.db"
    config = load_config(ROOT / "indicators.yml")
    with Store(db) as store:
        run_offline(config, store, ROOT / "data" / "snapshot")
        compute_all(config, store)
    return config, db


@pytest.fixture
def request_context(shipped):
    _, db = shipped
    app.server.config["S3_DB"] = str(db)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    with app.server.test_request_context():
        yield


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o), ensure_ascii=False)


@pytest.mark.parametrize("strategy", ["norrbotten", "blekinge"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_overview_shows_every_area_with_statuses_in_words(request_context, strategy, lang):
    from dashboard.pages import overview

    config = load_config(ROOT / "indicators.yml")
    page = text_of(overview.layout(strategy=strategy, lang=lang))
    for area in config.strategies[strategy].areas.values():
        assert area.label.model_dump()[lang] in page
    assert ("god utveckling" if lang == "sv" else "substantial progress") in page or ("försämring" if lang == "sv" else "deterioration") in page
    assert "snapshot-banner" in page


def test_overview_never_shows_zero_for_missing_data(request_context):
    from dashboard.pages import overview

    page = text_of(overview.layout(strategy="norrbotten"))
    assert "Inga data offline – kör inläsningen med nätverksåtkomst" in page


def test_indicator_page_has_chart_sentence_numbers_table_and_sources(request_context):
    from dashboard.pages import indicator

    page = text_of(indicator.layout(strategy="norrbotten", indicator="grp_per_inhabitant", compare="10"))
    assert "BRP per invånare i Norrbottens län steg från 527 (2019) till 648 tkr per invånare (2021); status: god utveckling." in page
    assert "Blekinge län" in page and "Riket" in page
    assert "2 / 21 (2021)" in page  # rank
    assert "N03700" in page  # the table behind the figures
    assert "ögonblicksbild 2026" in page.lower() or "ögonblicksbild" in page.lower()


def test_unknown_state_in_the_url_falls_back_instead_of_failing(request_context):
    from dashboard.pages import indicator

    page = text_of(indicator.layout(strategy="nope", indicator="nope", lang="xx", compare="99,10"))
    assert "Norrbottens smarta" in page or "BRP per invånare" in page


def test_compare_page_sorts_all_counties_best_first(request_context, shipped):
    from dashboard.pages import compare

    page = compare.layout(strategy="norrbotten", indicator="grp_per_inhabitant")
    store = next(c for c in _walk(page) if getattr(c, "id", None) == {"type": "table-data", "name": "compare_grp_per_inhabitant_2021"})
    rows = store.data["rows"]
    assert len(rows) == 21
    values = [r["tkr per invånare"] for r in rows]
    assert values == sorted(values, reverse=True)
    assert rows[1]["Region"] == "Norrbottens län"


def test_data_page_lists_every_configured_dataset(request_context):
    from dashboard.pages import data

    config = load_config(ROOT / "indicators.yml")
    page = text_of(data.layout())
    for name, dataset in config.datasets.items():
        assert dataset.table in page


def test_download_callbacks_export_exactly_the_rows_shown():
    data = {"name": "t", "rows": [{"Region": "Norrbottens län", "Värde": 648.0}, {"Region": "Riket", "Värde": 527.0}]}
    csv = export_rows(data, "csv")
    assert csv["filename"] == "t.csv" and csv["content"] == "\ufeffRegion,Värde\nNorrbottens län,648.0\nRiket,527.0\n"
    xlsx = export_rows(data, "xlsx")
    import base64

    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(xlsx["content"])))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["Region", "Värde"] and sheet["B2"].value == 648.0
    assert sheet.freeze_panes == "A2"


def test_url_callbacks_put_the_state_in_the_query_string():
    from dashboard.pages import compare, indicator, overview

    assert overview.choose_region_and_date("10", "2026-01-01", {"strategy": "blekinge", "lang": "sv"}) == \
        "?strategy=blekinge&lang=sv&region=10&since=2026-01-01"

    assert indicator.update_url(["10", "24"], {"strategy": "norrbotten", "indicator": "x", "lang": "en"}) == \
        "?strategy=norrbotten&indicator=x&lang=en&compare=10%2C24"
    assert compare.choose_period("2019", {"strategy": "blekinge", "indicator": "y"}) == "?strategy=blekinge&indicator=y&period=2019"


def test_queries_read_the_store_read_only(shipped):
    config, db = shipped
    state = queries.snapshot_state(db)
    assert "population_kolada" in state["datasets"] and state["created"]
    series = queries.indicator_series(db, "blekinge", "population", ["10"])
    assert {"region": "10", "period": "2019", "sex": "T", "value": 159606.0} in series
    assert any(r["sex"] == "K" for r in series)
    rows = queries.datasets_overview(config, db)
    assert {r["dataset"] for r in rows} == set(config.datasets)


def test_target_path_and_trend_are_the_compound_paths():
    path = figures.target_path(("2019", 100.0), (200.0, 2029))
    assert path[0] == (2019.0, 100.0) and path[-1][1] == pytest.approx(200.0) and len(path) == 11
    trend = figures.trend_line(("2021", 121.0), 0.10, 2023)
    assert [round(v, 2) for _, v in trend] == [121.0, 133.1, 146.41]


def test_sentences_in_both_languages():
    points = [("2019", 527.0), ("2021", 648.0)]
    assert figures.sentence("BRP per invånare", "Norrbottens län", "tkr", points, "substantial", "sv", 0) == \
        "BRP per invånare i Norrbottens län steg från 527 (2019) till 648 tkr (2021); status: god utveckling."
    assert figures.sentence("GRP", "Norrbotten County", "kSEK", list(reversed(points)), "deterioration", "en", 0) == \
        "GRP in Norrbotten County fell from 648 (2021) to 527 kSEK (2019); status: deterioration."


def test_series_figure_never_relies_on_colour_alone():
    figure = figures.series_figure({"A": [("2019", 1.0)], "B": [("2019", 2.0)]}, unit="u", lang="sv")
    styles = {(d["line"]["dash"], d["marker"]["symbol"]) for d in figure["data"]}
    assert len(styles) == 2


def test_the_app_serves_every_page_over_http(shipped):
    app.server.config["S3_DB"] = str(shipped[1])
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    client = app.server.test_client()
    for path in ("/", "/indicator", "/compare", "/data", "/_dash-layout", "/assets/bootstrap.min.css"):
        assert client.get(path).status_code == 200, path


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            if hasattr(child, "to_plotly_json"):
                yield from _walk(child)
    elif hasattr(children, "to_plotly_json"):
        yield from _walk(children)


def test_county_map_draws_all_21_counties_offline_by_quartile():
    rows = [{"region": code, "name": code, "value": float(i), "quartile": 1 + i * 4 // 21}
            for i, code in enumerate(figures.county_outlines()["counties"])]
    figure = figures.county_map(rows, highlight="25", unit="u", lang="sv")
    assert len(figure["data"]) == 21
    assert all(trace["type"] == "scatter" and trace["fill"] == "toself" for trace in figure["data"])
    assert "geo" not in figure["layout"] and "mapbox" not in figure["layout"]  # nothing fetched from a map service
    norrbotten = next(tr for tr in figure["data"] if tr["name"].startswith("25:"))
    assert norrbotten["line"]["width"] == 3
    patterns = {tr["fillpattern"]["shape"] for tr in figure["data"]}
    assert patterns == {"", "/", ".", "x"}  # quartile shown by pattern too, not colour alone


def test_the_indicator_page_shows_the_latest_comment(request_context, shipped):
    from dashboard.pages import indicator
    from ingest.commentary import add_comment
    from ingest.store import Store

    config, db = shipped
    with Store(db) as store:
        add_comment(config, store, "norrbotten", "Äldre kommentar.", "Anna Berg", indicator="population")
        add_comment(config, store, "norrbotten", "Befolkningen minskar långsamt.", "Anna Berg", indicator="population")
    page = text_of(indicator.layout(strategy="norrbotten", indicator="population"))
    assert "Befolkningen minskar långsamt." in page and "Äldre kommentar." not in page
    assert queries.latest_comment(db, "norrbotten", "grp_per_employed") is None


def test_the_overview_shows_the_latest_comment_on_an_area(request_context, shipped):
    from dashboard.pages import overview
    from ingest.commentary import add_comment
    from ingest.store import Store

    config, db = shipped
    with Store(db) as store:
        add_comment(config, store, "norrbotten", "Rymdbasen byggs ut.", "Anna Berg", area="space_technology")
    page = text_of(overview.layout(strategy="norrbotten"))
    assert "Rymdbasen byggs ut." in page and "Sekretariatets kommentar: Anna Berg" in page


def _export(fmt, state):
    from dashboard.report import FORMATS

    body = {
        "output": "..overview-export.data...overview-export-error.children..",
        "outputs": [{"id": "overview-export", "property": "data"}, {"id": "overview-export-error", "property": "children"}],
        "inputs": [{"id": f"overview-export-{f}", "property": "n_clicks", "value": 1 if f == fmt else None} for f in FORMATS],
        "changedPropIds": [f"overview-export-{fmt}.n_clicks"],
        "state": [{"id": "overview-state", "property": "data", "value": state}],
    }
    return app.server.test_client().post("/_dash-update-component", json=body)


def test_exporting_without_a_browser_says_so_on_the_page(shipped, monkeypatch, tmp_path):
    _, db = shipped
    app.server.config["S3_DB"] = str(db)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    monkeypatch.setenv("S3_CHROMIUM", str(tmp_path / "missing"))
    answer = _export("pdf", {"strategy": "blekinge", "lang": "sv"}).get_json()["response"]
    assert "overview-export" not in answer  # no file
    assert "S3_CHROMIUM" in json.dumps(answer["overview-export-error"]["children"])
    excel = _export("xlsx", {"strategy": "blekinge", "lang": "en"}).get_json()["response"]  # Excel needs no browser
    assert excel["overview-export"]["data"]["filename"].startswith("follow-up-blekinge-10-")
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(excel["overview-export"]["data"]["content"])))
    assert book.sheetnames == ["Summary", "Values"] and excel["overview-export-error"]["children"] is None


def test_a_failed_export_is_said_on_the_page_not_swallowed(shipped, monkeypatch):
    import dashboard.report

    _, db = shipped
    app.server.config["S3_DB"] = str(db)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")

    def broken(report, fmt, out):
        raise OSError("No space left on device")

    monkeypatch.setattr(dashboard.report, "write", broken)
    answer = _export("docx", {"strategy": "norrbotten", "lang": "sv"}).get_json()["response"]
    assert "overview-export" not in answer
    message = json.dumps(answer["overview-export-error"]["children"], ensure_ascii=False)
    assert "Rapporten kunde inte skapas: No space left on device" in message


def test_the_data_page_shows_the_last_failure_with_its_reason_one_click_away(request_context, shipped):
    from dashboard.pages import data
    from ingest.store import Store

    config, db = shipped
    name = next(iter(config.datasets))
    with Store(db) as store:
        store.record_run("r-fail", name, "2026-11-01T02:30:00+00:00", "failed", message="HTTP 503 from the source")
    page = data.layout()
    details = [c for c in _walk(page) if type(c).__name__ == "Details"]
    assert len(details) == 1 and "HTTP 503 from the source" in text_of(details[0])
    rows = next(c for c in _walk(page) if getattr(c, "id", None) == {"type": "table-data", "name": "datasets"}).data["rows"]
    failed = next(r for r in rows if r["Senaste fel"])
    assert "HTTP 503 from the source" in failed["Senaste fel"]  # the download carries the reason as text
