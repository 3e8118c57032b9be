"""Crafted callback requests are refused with 400 and one warning line, never a server error.

The bodies in fixtures/callback_bodies.json are what Chromium posted for each server callback
of the dashboard (the browser test ``test_the_callback_bodies_the_tests_use_are_what_the_browser_sends``
checks that they still are); each test changes one thing in one of them."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

import pytest

from dashboard.app import app
from tests.shipped import shipped_database

ROOT = Path(__file__).parent.parent
BODIES = json.loads((Path(__file__).parent / "fixtures" / "callback_bodies.json").read_text(encoding="utf-8"))
ENDPOINT = "/_dash-update-component"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return shipped_database(tmp_path_factory.mktemp("boundary"))


@pytest.fixture
def client(database):
    app.server.config["S3_DB"] = str(database)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    client = app.server.test_client()
    client.get("/")  # Dash registers its page router at the first request
    return client


def body(name, change=None):
    found = copy.deepcopy(BODIES[name])
    if change:
        change(found)
    return found


def value(where, index, new):
    def change(found):
        found[where][index]["value"] = new
    return change


def job(new):
    def change(found):
        found["inputs"][0]["value"] = found["state"][0]["value"] = new
    return change


@pytest.mark.parametrize("name", ["indicator_compare", "router", "download", "compare_period", "overview_region_and_date",
                                  "ask_for_report"])
def test_the_bodies_the_browser_sends_are_answered(client, name):
    answer = client.post(ENDPOINT, json=body(name))
    assert answer.status_code in (200, 204), answer.get_data(as_text=True)[:300]


MALFORMED = {
    "the address as a number": ("download", value("state", 0, 42)),
    "the address as a list": ("download", value("state", 0, ["a"])),
    "the state left out": ("download", lambda b: b.pop("state")),
    "a changed property that is not an input": ("download", lambda b: b.update(changedPropIds=["{bad.n_clicks"])),
    "a click count as text": ("download", value("inputs", 0, "1")),
    "outputs that are not the callback's": ("download", lambda b: b.update(outputs=5)),
    "a pattern id holding a list": ("download", lambda b: b["inputs"][0]["id"].update(table=["x"])),
    "counties with None and an object": ("indicator_compare", value("inputs", 0, ["99", "<x>", None, {"a": 1}])),
    "counties as one text": ("indicator_compare", value("inputs", 0, "01,02")),
    "a page state that is a list": ("indicator_compare", value("state", 0, [1, 2])),
    "the router's pathname as a number": ("router", value("inputs", 0, 123)),
    "the router's pathname missing": ("router", value("inputs", 0, None)),
    "the router's search as a list": ("router", value("inputs", 1, ["?a", "b"])),
    "the router's search as an object": ("router", value("inputs", 1, {"strategy": "x"})),
    "an input of another component": ("router", lambda b: b["inputs"][0].update(id="url")),
    "an unknown output": ("indicator_compare", lambda b: b.update(output="nope.children")),
    "an output computed in the browser": ("indicator_compare", lambda b: b.update(output="page-language.data")),
    "a period as a list": ("compare_period", value("inputs", 0, ["2021"])),
    "a region as a number": ("overview_region_and_date", value("inputs", 0, 25)),
    "a report state as text": ("ask_for_report", value("state", 0, "x")),
    "an export job's time as text": ("make_report", job({"fmt": "xlsx", "query": {}, "asked": "x"})),
    "an export job's format as a list": ("make_report", job({"fmt": ["a"], "query": {}, "asked": 1})),
    "an export job's address as a list": ("make_report", job({"fmt": "xlsx", "query": ["a"], "asked": 1})),
    "an export job as text": ("make_report", job("../../etc/passwd")),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_callback_request_is_refused_with_400_and_one_warning_line(client, caplog, case):
    name, change = MALFORMED[case]
    with caplog.at_level(logging.INFO):
        answer = client.post(ENDPOINT, json=body(name, change))
    assert answer.status_code == 400, answer.get_data(as_text=True)[:300]
    assert answer.get_data(as_text=True).startswith("Bad request: ")
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.levelname, r.name) for r in warnings] == [("WARNING", "dashboard.boundary")]
    assert warnings[0].exc_info is None and "\n" not in warnings[0].getMessage()


@pytest.mark.parametrize("raw", ["[1, 2]", "\"text\"", "{bad json", "null", "[" * 100_000 + "]" * 100_000,
                                 '{"output": ' + "[" * 100_000 + "]" * 100_000 + "}"])
def test_a_body_that_is_not_a_json_object_is_refused_with_400(client, raw):
    answer = client.post(ENDPOINT, data=raw, content_type="application/json")
    assert answer.status_code == 400


ODD_VALUES = [42, 4.5, True, "x", "", ["a"], [None], [{"a": 1}], {"a": 1}, {"strategy": ["en"]}, None]


@pytest.mark.parametrize("name", ["indicator_compare", "router", "download", "compare_period", "overview_region_and_date",
                                  "ask_for_report"])
def test_no_odd_value_in_any_input_or_state_gives_a_server_error(client, caplog, name):
    slots = [(where, i) for where in ("inputs", "state") for i in range(len(BODIES[name].get(where, [])))]
    for where, index in slots:
        for odd in ODD_VALUES:
            answer = client.post(ENDPOINT, json=body(name, value(where, index, odd)))
            assert answer.status_code in (200, 204, 400), (where, index, odd, answer.get_data(as_text=True)[:300])
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_the_benchmarks_requests_are_ones_the_server_answers(client):
    """The benchmarks post a page's router callback and a table download as the browser does; a
    request the boundary refuses would measure a 400 instead of the page (as happened once)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_dashboard import PAGES, download_payload, router_payload
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    for path, search in PAGES.values():
        assert client.post(ENDPOINT, json=router_payload(path, search)).status_code == 200, path
    download = client.post(ENDPOINT, json=download_payload(PAGES["compare"][1]))
    assert download.status_code == 200
    sent = download.get_json()["response"]["{\"table\":\"compare_counties\",\"type\":\"download\"}"]["data"]
    assert sent["filename"].endswith(".csv") and "Norrbottens län" in sent["content"]
