"""How the dashboard's files reach the browser: compressed, cached for a year where their URL
carries a version, plotly.js only on the pages with charts, and the URL written back only when
a control changed it (else the page would be drawn twice)."""

import gzip
import json
import re
from pathlib import Path

import dash
import pytest
from dash import dcc

from dashboard.app import app
from dashboard.serving import StaticBodies, page_has_charts

ROOT = Path(__file__).parent.parent


@pytest.fixture
def client(tmp_path):
    from ingest.config import load_config
    from ingest.run import run_offline
    from ingest.store import Store

    db = tmp_path / "s3.db"
    with Store(db) as store:
        run_offline(load_config(ROOT / "indicators.yml"), store, ROOT / "data" / "snapshot")
    app.server.config["S3_DB"] = str(db)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    return app.server.test_client()


def script_urls(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def test_scripts_and_styles_are_compressed_and_decompress_to_the_file(client):
    index = client.get("/").get_data(as_text=True)
    url = next(u for u in script_urls(index) if "dash_core_components.v" in u)
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 3
    css = client.get("/assets/bootstrap.min.css?m=1", headers={"Accept-Encoding": "gzip"})
    assert css.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(css.data) == (ROOT / "dashboard" / "assets" / "bootstrap.min.css").read_bytes()


def test_callback_responses_are_compressed_too(client):
    payload = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/data"},
                   {"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": ["_pages_location.pathname"], "state": [],
    }
    client.get("/")  # Dash sets up the page router on the first request
    response = client.post("/_dash-update-component", json=payload, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert "_pages_content" in json.loads(gzip.decompress(response.data))["response"]


def test_versioned_urls_are_cached_for_a_year_and_unversioned_ones_revalidated(client):
    versioned = client.get("/assets/s3.css?m=123")
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    unversioned = client.get("/assets/s3.css")
    assert "immutable" not in unversioned.headers.get("Cache-Control", "")
    index = client.get("/").get_data(as_text=True)
    suite = next(u for u in script_urls(index) if "_dash-component-suites" in u)
    assert "max-age=31536000" in client.get(suite).headers["Cache-Control"]
    assert "max-age" not in client.get("/").headers.get("Cache-Control", "")  # the page itself is never cached


def test_a_range_request_is_answered_uncompressed(client):
    response = client.get("/assets/s3.css?m=1", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-99"})
    assert response.status_code == 206 and "Content-Encoding" not in response.headers and len(response.data) == 100


def test_plotly_and_the_graph_chunk_are_loaded_only_by_the_pages_with_charts(client):
    for path, charts in (("/", False), ("/data", False), ("/indicator", True), ("/compare", True)):
        scripts = script_urls(client.get(path).get_data(as_text=True))
        assert any("plotly-basic.min.js" in s for s in scripts) == charts, path
        assert any("async-graph" in s for s in scripts) == charts, path
        assert not any("polyfill" in s or "dash_table" in s for s in scripts), path
    assert client.get("/assets/plotly-basic.min.js").status_code == 200


def _graphs(component):
    if isinstance(component, dcc.Graph):
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _graphs(child)


@pytest.mark.parametrize("params", [
    {"strategy": "norrbotten"}, {"strategy": "blekinge", "lang": "en"},
    {"strategy": "norrbotten", "indicator": "grp_per_inhabitant", "compare": "10"},
])
def test_every_page_that_draws_a_chart_is_registered_with_charts(client, params):
    """A page with a chart but without plotly.js would fetch Dash's own 4.8 MB bundle instead."""
    with app.server.test_request_context():
        for entry in dash.page_registry.values():
            has_graph = any(True for _ in _graphs(entry["layout"](**params)))
            assert not has_graph or page_has_charts(entry["path"]), entry["path"]


@pytest.mark.parametrize("params", [
    {"strategy": "norrbotten"}, {"strategy": "blekinge", "lang": "en"},
    {"strategy": "norrbotten", "indicator": "grp_per_inhabitant", "compare": "10"},
])
def test_no_page_uses_dash_table_whose_script_is_left_out(client, params):
    with app.server.test_request_context():
        for entry in dash.page_registry.values():
            names = {getattr(c, "_namespace", "") for c in _components(entry["layout"](**params))}
            assert "dash_table" not in names, entry["path"]


def _components(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _components(child)


def test_url_callbacks_write_the_url_only_when_a_control_changed_it():
    from dashboard.app import app
    from dashboard.pages import compare, indicator, overview

    with app.server.test_request_context("/"):
        _url_callbacks(compare, indicator, overview)


def _url_callbacks(compare, indicator, overview):
    current = {"strategy": "norrbotten", "region": "25", "since": "2026-01-01", "compare": "10,24", "period": "2021"}
    unchanged = [lambda: overview.choose_region_and_date("25", "2026-01-01", current),
                 lambda: indicator.update_url(["10", "24"], current),
                 lambda: indicator.update_url([], {"strategy": "norrbotten"}),
                 lambda: compare.choose_period("2021", current)]
    for call in unchanged:  # writing the same address back would draw the page a second time
        with pytest.raises(dash.exceptions.PreventUpdate):
            call()
    assert overview.choose_region_and_date("10", "2026-01-01", current) == \
        ("?strategy=norrbotten&lang=sv&region=10&indicator=natural_resource_value_added_share&period=2021&compare=24"
         "&since=2026-01-01")  # checked like any address: the chosen county is not compared with itself


def test_the_compressed_body_cache_keeps_only_static_files_and_a_bounded_number():
    cache = StaticBodies(size=2)
    cache.set("gzip;dynamic", b"x")
    assert cache.get("gzip;dynamic") is None
    for n in range(3):
        cache.set(f"gzip;static:/assets/a.js?m={n}", bytes([n]))
    assert cache.get("gzip;static:/assets/a.js?m=0") is None
    assert cache.get("gzip;static:/assets/a.js?m=2") == b"\x02"


def _content(layout_json: dict):
    """The children of the page container's content in a served layout."""
    stack = [layout_json]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            props = node.get("props", {})
            if props.get("id") == "_pages_content":
                return props.get("children")
            stack.extend(props.values())
        elif isinstance(node, list):
            stack.extend(node)
    raise AssertionError("no page container")


def test_the_first_layout_holds_the_page_that_fetches_it(client):
    page = "http://localhost/indicator?strategy=blekinge&indicator=population&lang=en"
    layout = client.get("/_dash-layout", headers={"Referer": page}).get_json()
    assert "Population" in json.dumps(_content(layout))
    location = next(c for c in _walk_json(layout) if c.get("props", {}).get("id") == "_pages_location")["props"]
    assert location["pathname"] == "/indicator"
    assert location["search"] == "?strategy=blekinge&indicator=population&lang=en"


@pytest.mark.parametrize("referrer", [None, "http://elsewhere.example/indicator?strategy=blekinge",
                                      "http://localhost/no-such-page", "http://localhost/indicator?strategy=blekinge&lang=en&since=a&since=b"])
def test_the_first_layout_is_the_empty_container_when_the_page_is_not_known_or_fails(client, referrer, monkeypatch):
    """Dash's router then draws the page (or the not-found page) as before."""
    from dashboard.pages import indicator

    if referrer and "since=a" in referrer:  # a page that cannot be drawn from the first layout
        def failing(**params):
            raise ValueError("bad state")
        entry = next(e for e in dash.page_registry.values() if e["module"] == indicator.__name__)
        monkeypatch.setitem(entry, "layout", failing)
    headers = {"Referer": referrer} if referrer else {}
    layout = client.get("/_dash-layout", headers=headers)
    assert layout.status_code == 200 and _content(layout.get_json()) is None


def _walk_json(node):
    if isinstance(node, dict):
        yield node
        for value in node.get("props", {}).values():
            yield from _walk_json(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_json(value)
