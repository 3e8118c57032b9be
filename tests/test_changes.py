"""What changed since a date: the overview and the reports list the region on screen and Sweden
in the strategy's datasets, each value with what it is of in words; the data page lists all."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dashboard.app import app
from ingest.config import load_config
from tests.shipped import shipped_database

ROOT = Path(__file__).parent.parent
CONFIG = load_config(ROOT / "indicators.yml")
REVISED = [  # dataset, region, period, dims
    ("population_kolada", "10", "2024", {"gender": "T"}),
    ("population_kolada", "10", "2024", {"gender": "K"}),
    ("population_kolada", "00", "2024", {"gender": "T"}),
    ("population_kolada", "25", "2024", {"gender": "T"}),  # another county
    ("employment_rate_20_64", "10", "2024", {"gender": "T"}),
    ("gdp_nuts3", "10", "2022", {"freq": "A", "unit": "EUR_HAB"}),  # a dataset Blekinge's indicators do not use
    ("strategy_figures", "25", "2015", {"series": "tourism_work_units"}),
]


@pytest.fixture(scope="module")
def revised(tmp_path_factory):
    db = shipped_database(tmp_path_factory.mktemp("changes"), CONFIG)
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO observation_revisions (run_id, dataset, region, period, dims, change, old_value, new_value, "
            "changed_at) VALUES ('r', ?, ?, ?, ?, 'changed', 1.0, 2.0, '2026-11-20T05:00:00Z')",
            [(d, r, p, json.dumps(dims, separators=(",", ":"))) for d, r, p, dims in REVISED])
    return db


@pytest.fixture
def state_of(revised):
    from dashboard.state import read_state

    app.server.config["S3_DB"] = str(revised)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    with app.server.test_request_context():
        yield lambda **params: read_state(CONFIG, {"since": "2026-11-01", **params})


def cells(table):
    return [{label: row.get(key) for key, label in table.columns} for row in table.rows]


def test_the_overview_lists_the_region_on_screen_and_sweden_in_the_strategys_datasets(revised, state_of):
    from dashboard.pages import overview

    table = overview.changes_table(CONFIG, revised, state_of(strategy="blekinge"))
    rows = cells(table)
    assert {r["Region"] for r in rows} == {"Blekinge län", "Riket"}
    assert {r["Statistikunderlag"] for r in rows} == {"Invånare den 31 december (SCB)", "Sysselsättningsgrad 20–64 år, andel (%) (SCB, BAS)"}
    # What each value is of, in words: the two Blekinge rows of the same period are women, and all.
    population = [(r["Region"], r["Avser"]) for r in rows if r["Statistikunderlag"].startswith("Invånare")]
    assert sorted(population) == [("Blekinge län", "Kvinnor"), ("Blekinge län", "Kvinnor och män"), ("Riket", "Kvinnor och män")]
    assert not any("{" in str(value) for r in rows for value in r.values())
    assert table.caption == "Nya och reviderade värden för Blekinge län och riket i strategins statistik"
    other = cells(overview.changes_table(CONFIG, revised, state_of(strategy="blekinge", region="25", lang="en")))
    assert {r["Region"] for r in other} == {"Norrbotten County", "Sweden"}


def test_a_hand_kept_figure_is_named_by_the_strategys_words(revised, state_of):
    from dashboard.pages import overview

    rows = cells(overview.changes_table(CONFIG, revised, state_of(strategy="norrbotten")))
    assert {r["Region"] for r in rows} == {"Norrbottens län", "Riket"}
    assert "”gav 2015 upphov till 4 068 årsverken”" in [r["Avser"] for r in rows]
    assert all(r["Avser"] in ("", None, "”gav 2015 upphov till 4 068 årsverken”") for r in rows)  # no sex without K or M


def test_the_overviews_changes_are_a_stacked_table(revised, state_of):
    from dashboard.pages import overview

    page = json.dumps(overview.layout(strategy="blekinge", since="2026-11-01").to_plotly_json(),
                      default=lambda o: o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o), ensure_ascii=False)
    # (no status changed: that table is a sentence, and the values' table a stacked one)
    assert page.count("s3-table s3-table-stacked") == 1 and '"data-label": "Avser"' in page


def test_the_report_lists_what_the_overview_lists(revised, state_of):
    from dashboard.pages import overview
    from dashboard.report.content import build
    from dashboard.report.html_report import _changes

    report = build(CONFIG, revised, "blekinge", lang="en", since="2026-11-01")
    shown = cells(overview.changes_table(CONFIG, revised, state_of(strategy="blekinge", lang="en")))
    assert [(c["dataset"], c["detail"], c["region"]) for c in report.changes] == \
        [(r["Dataset"], r["Refers to"], r["Region"]) for r in shown]
    html = _changes(report)
    assert "<th scope=\"col\">Refers to</th>" in html or "Refers to" in html
    assert "Norrbotten" not in html and "Women" in html


def test_the_data_page_lists_every_dataset_and_region(revised, state_of):
    from dashboard.pages import data

    rows = cells(data.revisions_table(CONFIG, revised, state_of()))
    assert len(rows) == len(REVISED) and "Norrbottens län" in {r["Region"] for r in rows}
    assert "”gav 2015 upphov till 4 068 årsverken”" in [r["Avser"] for r in rows]


def test_changes_at_one_time_are_listed_by_dataset_region_and_newest_period_first(revised):
    """A run writes its revisions at one time: the newest 200 come from the index on changed_at
    (no sort of the whole run) and are then listed in the order a reader scans them."""
    from dashboard.queries import recent_revisions

    later = "2026-11-21T05:00:00Z"
    with sqlite3.connect(revised) as conn:
        conn.executemany(
            "INSERT INTO observation_revisions (run_id, dataset, region, period, dims, change, old_value, new_value, "
            "changed_at) VALUES ('r2', ?, ?, ?, '{}', 'added', NULL, 1.0, ?)",
            [("population_kolada", "25", "2019", later), ("cpi_annual", "00", "2020", later),
             ("population_kolada", "10", "2021", later), ("population_kolada", "10", "2023", later)])
    try:
        found = [(r["dataset"], r["region"], r["period"]) for r in recent_revisions(revised, "2026-11-21", limit=3)]
        # The limit keeps the last written (not population 25), listed by dataset, region and newest period.
        assert found == [("cpi_annual", "00", "2020"), ("population_kolada", "10", "2023"), ("population_kolada", "10", "2021")]
        every = [(r["dataset"], r["region"], r["period"]) for r in recent_revisions(revised, "2026-11-21")]
        assert every == [("cpi_annual", "00", "2020"), ("population_kolada", "10", "2023"),
                         ("population_kolada", "10", "2021"), ("population_kolada", "25", "2019")]
    finally:
        with sqlite3.connect(revised) as conn:
            conn.execute("DELETE FROM observation_revisions WHERE run_id = 'r2'")
