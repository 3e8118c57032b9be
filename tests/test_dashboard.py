"""Dashboard pages, callbacks, queries and figures as plain functions, on the shipped data."""

import base64
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from dashboard import figures, queries
from dashboard.app import app
from dashboard.downloads import TableData, csv_text, export_table
from ingest.config import load_config
from tests.shipped import shipped_database

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    config = load_config(ROOT / "indicators.yml")
    return config, shipped_database(tmp_path_factory.mktemp("dash"), config)


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
    assert "Inga värden ännu" in page and "python -m" not in page


def test_indicator_page_has_chart_sentence_numbers_table_and_sources(request_context):
    from dashboard.pages import indicator

    page = text_of(indicator.layout(strategy="norrbotten", indicator="grp_per_inhabitant", compare="10"))
    # The sentence starts at the base actually used (the mean of 2018 and 2019: from 2018).
    # Drawn in current prices, assessed in fixed prices: the sentence says both.
    assert ("I Norrbottens län steg värdet från 497 (2018) till 648 tusen kronor per invånare (2021) i löpande priser. "
            "Status i fasta priser: god utveckling.") in page
    assert "Blekinge län" in page and "Riket" in page
    assert "plats 2 av 21 (2021)" in page  # the rank with its year
    assert "inaktuellt värde (2021)" in page and "fram till dess: god utveckling" in page and "i 2023 års priser" in page
    assert "+22,2 % (från 2018–2019, fasta priser)" in page  # the change since the base, in the numbers panel
    assert "N03700" in page  # the table behind the figures
    assert "ögonblicksbild 2026" in page.lower() or "ögonblicksbild" in page.lower()


def test_unknown_state_in_the_url_falls_back_instead_of_failing(request_context):
    from dashboard.pages import indicator

    page = text_of(indicator.layout(strategy="nope", indicator="nope", lang="xx", compare="99,10"))
    assert "Norrbottens smarta" in page or "BRP per invånare" in page


def test_compare_page_sorts_all_counties_best_first(request_context, shipped):
    from dashboard.pages import compare
    from dashboard.state import read_state

    config, db = shipped
    page = text_of(compare.layout(strategy="norrbotten", indicator="grp_per_inhabitant"))
    table = compare.counties_table(config, db, read_state(config, {"strategy": "norrbotten", "indicator": "grp_per_inhabitant"}))
    assert table.name == "compare_grp_per_inhabitant_2021" and len(table.rows) == 21
    values = [r["value"] for r in table.rows]
    assert values == sorted(values, reverse=True)
    assert table.rows[1]["name"] == "Norrbottens län" and "Norrbottens län" in page


def test_data_page_lists_every_configured_dataset(request_context):
    from dashboard.pages import data

    config = load_config(ROOT / "indicators.yml")
    page = text_of(data.layout())
    for name, dataset in config.datasets.items():
        assert dataset.table in page


def test_downloads_are_csv_for_swedish_excel_csv_for_software_and_excel_with_numbers():
    data = TableData("t", "t", [{"region": "Norrbottens län", "value": 257812.0, "rank": 2},
                                {"region": "Riket", "value": 249677.4, "rank": None}],
                     [("region", "Region"), ("value", "Värde"), ("rank", "Rang")], "caption",
                     decimals={"value": 1, "rank": 0}, meta={"Enhet": "invånare", "Källa": "SCB TAB638"})
    swedish = csv_text(data, "csv")
    assert swedish == ("\ufeffRegion;Värde;Rang;Enhet;Källa\r\n"
                       "Norrbottens län;257812,0;2;invånare;SCB TAB638\r\nRiket;249677,4;;invånare;SCB TAB638\r\n")
    machine = csv_text(data, "csv-machine")
    assert machine.splitlines()[1] == "Norrbottens län,257812.0,2,invånare,SCB TAB638"
    xlsx = export_table(data, "xlsx", "sv")
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(xlsx["content"])))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["Region", "Värde", "Rang", "Enhet", "Källa"]
    assert sheet["B2"].value == 257812.0 and sheet["B2"].number_format == "#,##0.0" and sheet["C2"].value == 2
    assert sheet.freeze_panes == "A2"


def test_a_column_without_given_decimals_shows_every_value_alike():
    data = TableData("t", "t", [{"v": 257812.0}, {"v": 249677}, {"v": 1.25}], [("v", "v")], "c")
    assert csv_text(data, "csv-machine").split()[1:] == ["257812.00", "249677.00", "1.25"]


def test_url_callbacks_put_the_checked_state_in_the_query_string(request_context):
    from dashboard.pages import compare, indicator, overview

    assert overview.choose_region_and_date("10", "2026-01-01", {"strategy": "blekinge", "lang": "sv"}) == \
        "?strategy=blekinge&lang=sv&region=10&indicator=employment_rate_20_64&since=2026-01-01"
    assert indicator.update_url(["10", "24", "10", "99"], {"strategy": "norrbotten", "indicator": "population", "lang": "en"}) == \
        "?strategy=norrbotten&lang=en&region=25&indicator=population&compare=10%2C24&since=" + overview.read_state(
            overview.context.config(), {}).since
    assert compare.choose_period("2019", {"strategy": "blekinge", "indicator": "population"}).startswith(
        "?strategy=blekinge&lang=sv&region=10&indicator=population&period=2019")
    # A crafted posted state is checked like an address: no unknown strategy or region passes.
    assert overview.choose_region_and_date("<script>", "x", {"strategy": "nope"}).startswith("?strategy=norrbotten&lang=sv&region=25")


def test_queries_read_the_store_read_only(shipped):
    config, db = shipped
    state = queries.snapshot_state(db)
    assert "population_kolada" in state["datasets"] and state["created"]
    series = queries.indicator_series(db, "blekinge", "population", ["10"])
    assert {"region": "10", "period": "2019", "sex": "T", "value": 159606.0} in series
    assert any(r["sex"] == "K" for r in series)
    rows = queries.datasets_overview(config, db)
    assert {r["dataset"] for r in rows} == set(config.datasets)


def test_the_target_path_is_the_compound_path_and_nothing_is_projected_without_a_target():
    path = figures.target_path(("2019", 100.0), (200.0, 2029))
    assert path[0] == (2019.0, 100.0) and path[-1][1] == pytest.approx(200.0) and len(path) == 11
    figure = figures.series_figure({"A": [("2019", 100.0), ("2021", 121.0)]}, unit="u", lang="sv")
    assert max(x for trace in figure["data"] for x in trace["x"]) == 2021.0  # no line beyond the data


def test_charts_that_do_not_mislead():
    figure = figures.series_figure({"Norrbotten": [("2019", 250093.0), ("2020", 249614.0)], "Riket": [("2019", 248000.0)]},
                                   unit="invånare", lang="sv", decimals=0)
    layout = figure["layout"]
    assert layout["separators"] == ", " and layout["showlegend"] is True  # Swedish numbers; a lone point is in the legend
    assert layout["yaxis"]["rangemode"] == "tozero" and layout["yaxis"]["tickformat"] == ",.0~f"  # no "k", no ",0" on whole ticks, zero baseline
    assert layout["xaxis"]["dtick"] == 1 and layout["xaxis"]["tickformat"] == "d"  # whole years, no repeats
    assert figures.series_figure({"A": [("2019", 1.0)]}, unit="u", lang="en")["layout"]["separators"] == ".,"
    empty = figures.series_figure({}, unit="u", lang="sv")
    assert empty["data"] == [] and empty["layout"]["xaxis"]["visible"] is False
    assert empty["layout"]["annotations"][0]["text"] == "Inga värden att visa ännu"
    ticks = figures.year_ticks([1990.0, 2024.0])
    assert ticks["dtick"] == 5 and (2024 - 1990) / ticks["dtick"] <= 10
    marked = figures.series_figure({"A": [("2018", 1.0), ("2021", 2.0)]}, unit="u", lang="sv",
                                   breaks=[{"period": "2020"}], base={"periods": ["2018", "2019"]})
    kinds = sorted(shape["type"] for shape in marked["layout"]["shapes"])
    assert kinds == ["line", "rect"]  # the break and the base band


def test_sentences_in_both_languages():
    points = [("2019", 527.0), ("2021", 648.0)]
    assert figures.sentence("BRP per invånare", "Norrbottens län", "tkr", points, "substantial", "sv", 0) == \
        "I Norrbottens län steg värdet från 527 (2019) till 648 tkr (2021). Status: god utveckling."
    assert figures.sentence("GRP", "Norrbotten County", "kSEK", list(reversed(points)), "deterioration", "en", 0) == \
        "In Norrbotten County the value fell from 648 (2021) to 527 kSEK (2019). Status: deterioration."
    # A series drawn in current prices and assessed in fixed prices: a nominal rise, a real fall.
    assert figures.sentence("BRP per sysselsatt", "Blekinge län", "tusen kronor per sysselsatt", [("2018", 847.0), ("2024", 1113.0)],
                            "deterioration", "sv", 0, deflated=True) == \
        ("I Blekinge län steg värdet från 847 (2018) till 1\u00a0113 tusen kronor per sysselsatt (2024) i löpande priser. "
         "Status i fasta priser: försämring.")
    # Women and men: whose values, and no status of their own.
    assert figures.sentence("Befolkning", "Blekinge län", "invånare", [("2019", 79000.0), ("2024", 78500.0)], None, "sv", 0,
                            who="kvinnor") == "För kvinnor i Blekinge län sjönk värdet från 79\u00a0000 (2019) till 78\u00a0500 invånare (2024)."
    assert figures.sentence("Share", "Blekinge County", "%", [("2024", 40.4)], "moderate", "en", 1) == \
        "In Blekinge County the value was 40.4% in 2024. Status: moderate progress."


def test_series_figure_never_relies_on_colour_alone():
    figure = figures.series_figure({"A": [("2019", 1.0)], "B": [("2019", 2.0)]}, unit="u", lang="sv")
    styles = {(d["line"]["dash"], d["marker"]["symbol"]) for d in figure["data"]}
    assert len(styles) == 2


def test_the_app_serves_every_page_over_http(shipped):
    app.server.config["S3_DB"] = str(shipped[1])
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    client = app.server.test_client()
    for path in ("/", "/indicator", "/compare", "/structure", "/data", "/method", "/_dash-layout",
                 "/assets/bootstrap.min.css"):
        assert client.get(path).status_code == 200, path
    missing = client.get("/no-such-page?lang=en")
    assert missing.status_code == 404 and b"Page not found" in missing.data and b'lang="en"' in missing.data
    assert "Sidan finns inte" in client.get("/nosuch").get_data(as_text=True)


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


def test_the_overview_shows_the_latest_comment_on_an_indicator_shortened_with_its_byline(request_context, shipped):
    from dashboard.pages import overview
    from indicators.wording import byline
    from ingest.commentary import add_comment
    from ingest.store import Store

    config, db = shipped
    long = "Befolkningen i inlandet minskar medan kustkommunerna växer. " * 6
    with Store(db) as store:
        add_comment(config, store, "norrbotten", "En äldre kommentar om befolkningen.", "Anna Berg", indicator="population")
        note = add_comment(config, store, "norrbotten", long, "Anna Berg", indicator="population")
    card = next(c for c in _walk(overview.layout(strategy="norrbotten"))
                if "indicator-row" in str(getattr(c, "className", "")) and re.search(r"indicator=population\b", text_of(c)))
    said = [c for c in _walk(card) if "indicator-commentary" in str(getattr(c, "className", ""))]
    assert len(said) == 1
    text = text_of(said[0])
    assert "Sekretariatets kommentar: " in text and f" ({byline(note, 'sv')})" in text
    assert "Befolkningen i inlandet minskar" in text and " …" in text and long.strip() not in text
    assert "En äldre kommentar" not in text_of(overview.layout(strategy="norrbotten"))


def _ask_for(fmt, state):
    from dashboard.report import FORMATS

    body = {
        "output": "..overview-export-job.data...overview-export-status.children...overview-export-error.children..",
        "outputs": [{"id": "overview-export-job", "property": "data"}, {"id": "overview-export-status", "property": "children"},
                    {"id": "overview-export-error", "property": "children"}],
        "inputs": [{"id": f"overview-export-{f}", "property": "n_clicks", "value": 1 if f == fmt else None} for f in FORMATS],
        "changedPropIds": [f"overview-export-{fmt}.n_clicks"],
        "state": [{"id": "overview-state", "property": "data", "value": state}],
    }
    return app.server.test_client().post("/_dash-update-component", json=body)


@pytest.fixture
def exporting(shipped, tmp_path):
    from dashboard import exports

    config, db = shipped
    folder = tmp_path / "exports"

    def export(fmt, **query):
        return exports.export_report(config, db, {"lang": "sv", **query}, fmt, slots=2, folder=folder)

    return export, folder


def test_a_click_asks_for_the_report_of_a_checked_state(shipped):
    _, db = shipped
    app.server.config["S3_DB"] = str(db)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    answer = _ask_for("xlsx", {"strategy": "blekinge", "lang": "en", "since": "2026-01-01"}).get_json()["response"]
    job = answer["overview-export-job"]["data"]
    assert job["fmt"] == "xlsx" and job["query"]["strategy"] == "blekinge" and job["query"]["region"] == "10"
    assert answer["overview-export-status"]["children"] == "Writing the report …"
    # A crafted state (the browser's word) is checked like an address: never a 500, never a path.
    crafted = _ask_for("pdf", {"strategy": "../../etc/passwd", "region": {"x": 1}, "since": "9" * 5000, "lang": ["en"]})
    assert crafted.status_code == 200
    query = crafted.get_json()["response"]["overview-export-job"]["data"]["query"]
    assert query["strategy"] == "norrbotten" and query["region"] == "25" and len(query["since"]) == 10


def test_exporting_without_a_browser_says_so_without_server_paths(exporting, monkeypatch, tmp_path, caplog):
    export, _ = exporting
    monkeypatch.setenv("S3_CHROMIUM", str(tmp_path / "missing"))
    pdf = export("pdf", strategy="blekinge", region="10")
    assert pdf.status == "failed" and pdf.message.startswith("PDF- och Word-rapporter kan inte skapas just nu")
    assert "S3_CHROMIUM" not in pdf.message and str(tmp_path) not in pdf.message  # the reader gets no setting or path ...
    assert "S3_CHROMIUM" in caplog.text  # ... the operator finds them in the log
    excel = export("xlsx", strategy="blekinge", region="10", lang="en")  # Excel needs no browser
    assert excel.status == "file" and excel.filename.startswith("follow-up-blekinge-10-")
    book = openpyxl.load_workbook(io.BytesIO(excel.content))
    assert book.sheetnames == ["Summary", "Values"]


def test_a_failed_export_is_said_on_the_page_without_the_servers_paths(exporting, monkeypatch):
    import dashboard.report

    export, _ = exporting

    def broken(report, fmt, out):
        raise OSError(28, "No space left on device", str(out))

    monkeypatch.setattr(dashboard.report, "write", broken)
    result = export("docx", strategy="norrbotten", region="25")
    assert result.status == "failed"
    assert result.message.startswith("Rapporten kunde inte skapas: [Errno 28] No space left on device")
    assert "/tmp" not in result.message and ".docx" not in result.message


def test_exports_wait_in_a_queue_when_every_slot_is_busy_and_a_finished_report_is_cached(exporting, monkeypatch):
    import dashboard.report
    from dashboard import exports

    export, folder = exporting
    built = []
    real_write = dashboard.report.write

    def counting(report, fmt, out):
        built.append(fmt)
        return real_write(report, fmt, out)

    monkeypatch.setattr(dashboard.report, "write", counting)
    with exports.free_slot(folder, 2) as first, exports.free_slot(folder, 2) as second:
        assert (first, second) == (0, 1)  # two reports being built (by any worker of the server)
        queued = export("xlsx", strategy="norrbotten", region="25")
        assert queued.status == "queued" and queued.message.startswith("I kö: 2 rapporter skapas just nu")
        assert built == []
    done = export("xlsx", strategy="norrbotten", region="25")
    assert done.status == "file" and built == ["xlsx"]
    again = export("xlsx", strategy="norrbotten", region="25")
    assert again.status == "file" and again.content == done.content and built == ["xlsx"]  # from the cache
    export("xlsx", strategy="norrbotten", region="25", lang="en")
    assert built == ["xlsx", "xlsx"]  # another language is another report


def test_another_county_does_not_wear_the_strategy_regions_own_figures(request_context):
    from dashboard.pages import overview

    own = text_of(overview.layout(strategy="norrbotten"))
    other = text_of(overview.layout(strategy="norrbotten", region="24"))
    assert "Strategin: 42 % av sysselsättningen" in own and "Lokomotivföretag" in own
    assert "Strategin: 42" not in other and "Lokomotivföretag" not in other
    assert "Strategins egna uppgifter och de kvalitativa bedömningarna gäller Norrbottens län" in other


def test_the_county_from_the_inside_on_real_municipal_figures(request_context):
    from dashboard.pages import compare

    from dashboard import context
    from dashboard.downloads import TABLES, csv_text
    from dashboard.state import read_state

    page = compare.layout(strategy="norrbotten", indicator="grp_per_inhabitant")
    state = read_state(context.config(), {"strategy": "norrbotten", "indicator": "grp_per_inhabitant"})
    data = TABLES["compare_municipalities"](context.config(), context.db(), state)
    rows = data.rows
    # Regionfakta (SCB) 2015: Jokkmokk 649, Kiruna 634, Gällivare 601 ... Haparanda 229 (tkr per inhabitant).
    assert data.name == "municipalities_25_grp_per_inhabitant_2015"
    assert [r["name"] for r in rows[:3]] == ["Jokkmokk", "Kiruna", "Gällivare"] and len(rows) == 14
    assert rows[0]["value"] == 649.0 and rows[-1]["value"] == 229.0
    lines = csv_text(data).lstrip("\ufeff").splitlines()
    assert lines[0] == "Plats;Kommun;tusen kronor per invånare;Kvartil;Period;Enhet;Källa;Hämtad" and lines[1].startswith("1;Jokkmokk;649;1;2015;")
    text = text_of(page)
    assert "compare-municipal-map" in text and "Den streckade linjen är länets värde (Norrbottens län: 404)" in text
    blekinge = text_of(compare.layout(strategy="blekinge", indicator="grp_per_employed", lang="en"))
    assert "The source does not publish the indicator for municipalities." in blekinge or "municipalities_" in blekinge


def test_the_structure_and_method_pages(request_context):
    from dashboard.pages import method, structure

    page = text_of(structure.layout(strategy="blekinge", lang="en"))
    assert "Similar counties" in page and "the lower, the more alike" in page and "Euclidean" not in page
    assert "Employment and value added by industry have not been loaded yet" in page
    text = text_of(method.layout(strategy="norrbotten"))
    assert "konsumentprisindex" in text and "2020 (pandemiåret)" in text and "Ett räkneexempel" in text
    assert "CAGR" in text and "samma sak som en årlig ränta" in text  # the jargon explained, not only named
    assert "Tillväxten är (" in text


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
    from dashboard.downloads import csv_text
    from dashboard.state import read_state

    table = data.datasets_table(config, db, read_state(config, {}))
    failed = next(r for r in table.rows if r["failure"])
    # When it failed, as the reader writes a time (not an ISO timestamp), then why.
    assert re.fullmatch(r"\d{1,2} [a-z]+ \d{4} kl\. \d{2}\.\d{2}: HTTP 503 from the source", failed["failure"])
    assert "HTTP 503 from the source" in csv_text(table)  # the download carries the reason as text
def test_what_changed_says_nothing_changed_rather_than_no_values(request_context, shipped, tmp_path):
    """No change since the chosen date is a reassurance, said in one sentence, not two empty tables
    that look like missing data; a changed value shows in its table, and the empty status table
    then says that no status changed."""
    import shutil
    import sqlite3

    from dashboard.pages import overview

    page = text_of(overview.layout(strategy="norrbotten", since="2026-08-29"))
    assert "Ändringar sedan 29 augusti 2026" in page and "Inga ändringar sedan 29 augusti 2026." in page
    assert "Inga värden att visa ännu" not in page and "Ändrade statusar: 0" not in page
    english = text_of(overview.layout(strategy="norrbotten", since="2026-08-29", lang="en"))
    assert "No changes since 29 August 2026." in english
    db = tmp_path / "changed.db"
    shutil.copy(shipped[1], db)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO observation_revisions (run_id, dataset, region, period, dims, change, old_value, new_value, "
                     "changed_at) VALUES ('r', 'population_kolada', '25', '2025', '{}', 'changed', 248000.0, 248927.0, "
                     "'2026-11-20T05:00:00Z')")
    app.server.config["S3_DB"] = str(db)
    try:
        changed = text_of(overview.layout(strategy="norrbotten", since="2026-08-29"))
    finally:
        app.server.config["S3_DB"] = str(shipped[1])
    assert "Nya och reviderade värden" in changed and "Invånare den 31 december (SCB)" in changed and "reviderat" in changed
    assert "Ändrade statusar" in changed and "Inga ändringar sedan 29 augusti 2026." in changed
    assert "20 november 2026 kl. 06.00" in changed  # when, in Swedish time and in words


def test_a_line_is_broken_where_values_are_missing_but_not_between_biennial_values():
    from dashboard.figures import with_gaps

    xs, ys, _ = with_gaps([("2013", 807.0), ("2015", 874.0), ("2021", 1085.0)])
    assert xs == [2013.0, 2015.0, None, 2021.0] and ys == [807.0, 874.0, None, 1085.0]  # no line across 2016–2020
    xs, _, _ = with_gaps([("2017", 1.0), ("2019", 2.0), ("2021", 3.0)])  # published every other year
    assert None not in xs
    xs, _, _ = with_gaps([("2016", 1.0), ("2017", 2.0), ("2019", 3.0)])  # 2018 missing from a yearly series
    assert xs == [2016.0, 2017.0, None, 2019.0]


def test_pages_open_on_an_indicator_with_values(request_context, shipped):
    from dashboard.state import read_state

    config, db = shipped
    first = next(iter(config.strategies["norrbotten"].indicators()))
    chosen = read_state(config, {"strategy": "norrbotten"}, db).indicator
    assert chosen != first  # the strategy's first indicator has no values in the shipped data
    from dashboard import queries

    assert queries.indicator_periods(db, "norrbotten", chosen)
    assert read_state(config, {"strategy": "norrbotten", "indicator": first}, db).indicator == first  # asked for: kept


def test_a_fixed_price_verdict_is_drawn_in_fixed_prices_too(request_context, shipped):
    from dashboard.indicator_chart import indicator_chart

    config, db = shipped
    chart = indicator_chart(config, db, "blekinge", "grp_per_employed", "10", [], "sv")
    names = [trace["name"] for trace in chart.figure["data"]]
    assert names[:2] == ["Blekinge län", "Blekinge län, i 2023 års priser"]
    fixed = chart.figure["data"][1]
    assert max(x for x in fixed["x"] if x is not None) == 2023.0  # the price index ends there, and so does the verdict


def test_a_handful_of_counties_is_not_coloured_by_quartile(request_context):
    from dashboard.pages import compare

    page = text_of(compare.layout(strategy="blekinge", indicator="grp_per_employed", period="2024"))
    assert "Bara 2 län har värden för 2024, så länen färgas inte efter kvartil (det kräver minst 15 län)." in page
    default = text_of(compare.layout(strategy="blekinge", indicator="grp_per_employed"))
    assert "2015 visas eftersom det är det senaste året med värden för minst 15 län; för 2024 har färre län värden." in default


@pytest.mark.parametrize("lang, heading, caption, empty, kept", [
    ("sv", "Data och källor", "Statistikunderlagen: källa, uppdateringar, hämtningar och fel", "Inga värden ännu",
     "Förs av sekretariatet, 6 värden"),
    ("en", "Data and sources", "The datasets: source, updates, retrievals and failures", "No values yet",
     "Kept by the secretariat, 6 values"),
])
def test_the_data_page_says_what_its_table_is_and_where_each_datasets_values_come_from(request_context, shipped, lang,
                                                                                       heading, caption, empty, kept):
    from dashboard.pages import data
    from dashboard.state import read_state

    config = shipped[0]
    page = text_of(data.layout(lang=lang))
    # The navigation's link and the heading; the table's caption (and its region's name) say what the table is.
    assert page.count(f'"{heading}"') == 2 and caption in page
    table = data.datasets_table(config, shipped[1], read_state(config, {"lang": lang}))
    assert table.caption == caption
    status = {row["dataset"]: row["status_text"] for row in table.rows}
    # A hand-kept file with no values yet is not "from the source"; one with values is the secretariat's.
    assert status["development_capital"] == empty and status["accommodation_year"] == empty
    assert status["strategy_figures"] == kept
    assert status["population_kolada"].startswith("Ögonblicksbild" if lang == "sv" else "Snapshot")


def test_the_date_field_says_the_chosen_date_in_words(request_context):
    """A native date field shows the browser's format (08/29/2026 in an English browser) on a
    Swedish page: the page says the date in its own language beside it."""
    from dashboard.pages import overview

    page = text_of(overview.layout(strategy="norrbotten", since="2026-08-29"))
    assert "Valt datum: 29 augusti 2026. Fältet visar datumet i webbläsarens format." in page
    english = text_of(overview.layout(strategy="norrbotten", since="2026-08-29", lang="en"))
    assert "Chosen date: 29 August 2026. The field shows the date in your browser's format." in english


@pytest.mark.parametrize("lang, said", [
    ("en", "Employment rate, aged 20–64 2024: Blekinge County 80.9%, rank 13 of 21; Sweden 80.9%."),
    ("sv", "Sysselsättningsgrad 20–64 år 2024: Blekinge län 80,9 %, plats 13 av 21; riket 80,9 %."),
])
def test_the_compare_sentence_gives_swedens_value_with_its_unit(request_context, lang, said):
    from dashboard.pages import compare

    page = text_of(compare.layout(strategy="blekinge", indicator="employment_rate_20_64", period="2024", lang=lang))
    assert said.replace(" %", "\u00a0%") in page.replace(" %", "\u00a0%")


def test_a_comment_keeps_its_line_breaks_on_the_page(request_context, shipped):
    """The secretariat writes lists and paragraphs; the page keeps their line breaks (CSS
    pre-line on the comment's paragraph), as the reports do."""
    from dashboard.pages import indicator
    from ingest.commentary import add_comment
    from ingest.store import Store

    config, db = shipped
    text = "Tre punkter inför mötet:\n- första punkten\n- andra punkten"
    with Store(db) as store:
        add_comment(config, store, "norrbotten", text, "Anna Berg", indicator="grp_per_employed")
    page = indicator.layout(strategy="norrbotten", indicator="grp_per_employed")
    paragraphs = [c for c in _components(page) if getattr(c, "children", None) == text]
    assert [p.className for p in paragraphs] == ["comment-text"]
    css = (ROOT / "dashboard" / "assets" / "s3.css").read_text(encoding="utf-8")
    assert ".comment-text { white-space: pre-line; }" in css


def _components(node):
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _components(child)
