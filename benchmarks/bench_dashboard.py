"""Benchmark: the dashboard at national scale.

Run:  python benchmarks/bench_dashboard.py [--requests 300]

Builds a benchmark store (all 312 Swedish regions, the shipped strategies' indicators plus
filler indicators to about 60, 30 years each, a million observations; synthetic values, never
shown anywhere), then measures in the same run:

- the query for one indicator x 21 counties x 30 years (median), against a bare SELECT of the
  same rows (the floor);
- building the indicator chart as a plain figure dict, against go.Figure and px.line (baselines);
- every page's callback over HTTP on loopback (p50, p95 over --requests), against the floor of a
  static request to the same server;
- the time until a page is ready in headless Chromium (median and worst of 10 loads).
"""

from __future__ import annotations

import argparse
import json
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import figures, queries  # noqa: E402
from ingest.codes import county_codes, swedish_regions  # noqa: E402
from ingest.config import load_config  # noqa: E402
from indicators.compute import compute_all  # noqa: E402
from ingest.run import run_offline  # noqa: E402
from ingest.store import Store  # noqa: E402

YEARS = [str(y) for y in range(1995, 2025)]


def build_store(path: Path) -> None:
    config = load_config(ROOT / "indicators.yml")
    with Store(path) as store:
        run_offline(config, store, ROOT / "data" / "snapshot")
        compute_all(config, store)
        regions = [r.code for r in swedish_regions()]
        rng = np.random.default_rng(1)
        names = [(s, i) for s, strategy in config.strategies.items() for i in strategy.indicators()]
        names += [("filler", f"indicator_{n}") for n in range(60 - len(names))]
        rows = []
        for strategy, indicator in names:
            base = rng.uniform(10, 1000)
            for region in regions:
                for k, year in enumerate(YEARS):
                    rows.append((strategy, indicator, region, year, "T", base * (1 + 0.02 * k) * rng.uniform(0.9, 1.1)))
        with store.db.atomic():
            store.conn.execute("DELETE FROM indicator_values")
            store.conn.executemany("INSERT INTO indicator_values VALUES (?, ?, ?, ?, ?, ?)", rows)
            observations = [
                ("bench", region, year, json.dumps({"n": str(n)}), float(n), None)
                for n in range(110) for region in regions for year in YEARS
            ]
            store.conn.executemany("INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?)", observations)
        print(f"benchmark store: {len(rows):,} indicator values ({len(names)} indicators), "
              f"{store.observation_count():,} observations")


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def p(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000


def bench_query_and_figure(db: Path) -> None:
    counties = county_codes()
    query = lambda: queries.indicator_series(db, "norrbotten", "grp_per_inhabitant", counties)  # noqa: E731
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    marks = ",".join("?" * len(counties))
    floor = lambda: conn.execute(  # noqa: E731
        f"SELECT region, period, sex, value FROM indicator_values WHERE strategy = 'norrbotten' "
        f"AND indicator = 'grp_per_inhabitant' AND region IN ({marks})", counties).fetchall()
    ours, bare = timed(query, 200), timed(floor, 200)
    print(f"query 1 indicator x 21 counties x 30 years: {statistics.median(ours) * 1000:.2f} ms "
          f"(bare SELECT {statistics.median(bare) * 1000:.2f} ms; includes opening the store read-only)")
    rows = query()
    series = {r: [(x["period"], x["value"]) for x in rows if x["region"] == r] for r in counties}
    plain = timed(lambda: figures.series_figure(series, unit="u", lang="sv"), 200)
    import plotly.express as px
    import plotly.graph_objects as go

    def with_go():
        fig = go.Figure()
        for name, points in series.items():
            fig.add_trace(go.Scatter(x=[q for q, _ in points], y=[v for _, v in points], name=name, mode="lines+markers"))
        return fig

    import pandas as pd

    frame = pd.DataFrame(rows)
    graph_objects = timed(with_go, 30)
    express = timed(lambda: px.line(frame, x="period", y="value", color="region"), 30)
    m = statistics.median
    print(f"figure with 21 series: plain dict {m(plain) * 1000:.2f} ms; go.Figure {m(graph_objects) * 1000:.1f} ms "
          f"({m(graph_objects) / m(plain):.0f}x); px.line {m(express) * 1000:.1f} ms ({m(express) / m(plain):.0f}x)")


PAGES = {
    "overview": ("/", "?strategy=norrbotten"),
    "indicator": ("/indicator", "?strategy=norrbotten&indicator=grp_per_inhabitant&compare=10,24"),
    "compare": ("/compare", "?strategy=norrbotten&indicator=grp_per_inhabitant"),
    "data": ("/data", ""),
}


def router_payload(path: str, search: str) -> dict:
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }


def bench_http(db: Path, n: int) -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(Path(tempfile.gettempdir()) / "bench-dashboard.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--db", str(db), "--port", str(port)],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                requests.get(base + "/_dash-layout", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        session = requests.Session()
        floor = timed(lambda: session.get(base + "/_dash-layout").raise_for_status(), n)
        print(f"HTTP floor (GET /_dash-layout): p50 {p(floor, .5):.1f} ms, p95 {p(floor, .95):.1f} ms")
        for name, (path, search) in PAGES.items():
            payload = router_payload(path, search)
            post = lambda: session.post(base + "/_dash-update-component", json=payload).raise_for_status()  # noqa: E731
            post()
            times = timed(post, n)
            print(f"page callback {name:<10} over HTTP: p50 {p(times, .5):.1f} ms, p95 {p(times, .95):.1f} ms")
        download = {
            "output": '{"name":["MATCH"],"type":"download"}.data',
            "outputs": {"id": {"name": "x", "type": "download"}, "property": "data"},
            "inputs": [{"id": {"name": "x", "type": "download-csv"}, "property": "n_clicks", "value": 1},
                       {"id": {"name": "x", "type": "download-xlsx"}, "property": "n_clicks", "value": None}],
            "changedPropIds": ['{"name":"x","type":"download-csv"}.n_clicks'],
            "state": [{"id": {"name": "x", "type": "table-data"}, "property": "data",
                       "value": {"name": "x", "rows": [{"Region": str(i), "Värde": i * 1.5} for i in range(21)]}}],
        }
        times = timed(lambda: session.post(base + "/_dash-update-component", json=download).raise_for_status(), n)
        print(f"download callback (CSV, 21 rows) over HTTP: p50 {p(times, .5):.1f} ms, p95 {p(times, .95):.1f} ms")
        return base
    except Exception:
        server.kill()
        raise
    finally:
        bench_http.server = server


def bench_browser(base: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page()
        for name, selector in (("indicator", "#indicator-sentence"), ("overview", ".area-card")):
            path, search = PAGES[name]
            times = []
            for _ in range(10):
                start = time.perf_counter()
                page.goto(base + path + search)
                page.wait_for_selector(selector)
                times.append(time.perf_counter() - start)
            print(f"page ready in headless Chromium, {name}: median {statistics.median(times):.2f} s, worst {max(times):.2f} s")
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        build_store(db)
        bench_query_and_figure(db)
        base = bench_http(db, args.requests)
        try:
            bench_browser(base)
        finally:
            bench_http.server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
