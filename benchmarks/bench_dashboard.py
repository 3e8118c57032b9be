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
- the data page's queries as the revision history grows (four updates revising 200k rows each);
- the time until each page is ready in headless Chromium (median and worst of --loads loads,
  cold and warm), against the floor of a static page served by the same server, and a
  breakdown of one cold load of each (requests, bytes, script time, server wait, renders).
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
sys.path.insert(0, str(ROOT / "benchmarks"))

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


def download_payload(search: str, table: str = "compare_counties") -> dict:
    """A click on "Ladda ner CSV" under a page's table: the server rebuilds the table from the
    address on screen (``search``) and sends it as a file."""
    def button(kind: str, clicks: int | None) -> dict:
        return {"id": {"table": table, "type": kind}, "property": "n_clicks", "value": clicks}

    return {
        "output": '{"table":["MATCH"],"type":"download"}.data',
        "outputs": {"id": {"table": table, "type": "download"}, "property": "data"},
        "inputs": [button("download-csv", 1), button("download-csv-machine", None), button("download-xlsx", None)],
        "changedPropIds": [f'{{"table":"{table}","type":"download-csv"}}.n_clicks'],
        "state": [{"id": "url", "property": "search", "value": search}],
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


# The server of `python -m dashboard serve` (the same app object and werkzeug server), plus one
# static page: the floor a page load cannot beat on this server and browser.
SERVE_WITH_FLOOR = """
import os, sys
os.environ["S3_DB"], os.environ["S3_CONFIG"] = sys.argv[1], sys.argv[2]
from dashboard.app import app
FLOOR = ('<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Golv</title>'
         '<link rel="stylesheet" href="/assets/bootstrap.min.css"></head>'
         '<body><main class="container"><h1 id="floor">Golv</h1><p>En statisk sida.</p></main></body></html>')
app.server.add_url_rule("/bench-floor", "bench_floor", lambda: FLOOR)
app.run(host="127.0.0.1", port=int(sys.argv[3]), debug=False)
"""


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(Path(tempfile.gettempdir()) / "bench-dashboard.log", "wb")
    server = subprocess.Popen([sys.executable, "-c", SERVE_WITH_FLOOR, str(db), str(ROOT / "indicators.yml"), str(port)],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(base + "/bench-floor", timeout=1)
            return server, base
        except requests.ConnectionError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the dashboard did not start; see " + log.name)


def bench_http(base: str, n: int) -> None:
    session = requests.Session()
    floor = timed(lambda: session.get(base + "/_dash-layout").raise_for_status(), n)
    print(f"HTTP floor (GET /_dash-layout): p50 {p(floor, .5):.1f} ms, p95 {p(floor, .95):.1f} ms")
    for name, (path, search) in PAGES.items():
        payload = router_payload(path, search)
        post = lambda: session.post(base + "/_dash-update-component", json=payload).raise_for_status()  # noqa: E731
        post()
        times = timed(post, n)
        print(f"page callback {name:<10} over HTTP: p50 {p(times, .5):.1f} ms, p95 {p(times, .95):.1f} ms")
    download = download_payload(PAGES["compare"][1])
    times = timed(lambda: session.post(base + "/_dash-update-component", json=download).raise_for_status(), n)
    print(f"download callback (compare table as CSV, 21 counties) over HTTP: p50 {p(times, .5):.1f} ms, p95 {p(times, .95):.1f} ms")


# What "ready" waits for on each page (charts drawn as well, see benchmarks/page_timing.py).
READY = {
    "floor": ("/bench-floor", "", "#floor"),
    "overview": (*PAGES["overview"], ".area-card"),
    "indicator": (*PAGES["indicator"], "#indicator-sentence"),
    "compare": (*PAGES["compare"], ".chart-sentence"),
    "data": (*PAGES["data"], "table.s3-table"),
}
TARGET_MEDIAN, TARGET_WORST = 1.0, 2.0


def bench_browser(base: str, loads: int) -> bool:
    """Every page, Swedish, cold (a fresh context per load) and warm; then one cold load of each
    with its breakdown. True when every page meets the target (cold loads)."""

    from playwright.sync_api import sync_playwright

    from page_timing import CHROMIUM_ARGS, breakdown, summary, timings

    met = True
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, (path, search, selector) in READY.items():
            cold = timings(browser, base + path + search, selector, loads, cold=True)
            warm = timings(browser, base + path + search, selector, loads, cold=False)
            ok = statistics.median(cold) <= TARGET_MEDIAN and max(cold) <= TARGET_WORST
            met = met and (ok or name == "floor")
            print(f"page ready in headless Chromium, {name:<9}: cold {summary(cold)}; warm {summary(warm)}"
                  + ("" if name == "floor" else f"  [{'meets' if ok else 'MISSES'} the target]"))
        print("breakdown of one cold load:")
        for name, (path, search, selector) in READY.items():
            b = breakdown(browser, base + path + search, selector)
            print(f"  {name:<9} ready {b.ready:.2f} s; {b.documents} page load(s), {b.content_renders} content render(s) "
                  f"(router callbacks' server wait {', '.join(f'{w:.0f}' for w in b.content_wait_ms) or '–'} ms); "
                  f"{b.requests} requests, "
                  f"{b.transferred / 1e6:.2f} MB on the wire ({b.decoded / 1e6:.2f} MB decoded, "
                  f"{b.uncompressed_scripts / 1e6:.2f} MB of JS/CSS uncompressed); scripts loaded and run "
                  f"{b.scripts_done_ms:.0f} ms after navigation; main thread: script {b.script_ms:.0f} ms, "
                  f"busy {b.task_ms:.0f} ms; largest: " + ", ".join(f"{u} {s / 1e3:.0f} kB" for u, s in b.largest))
        browser.close()
    print(f"target (cold, every page): median <= {TARGET_MEDIAN} s, worst <= {TARGET_WORST} s: "
          + ("met" if met else "NOT met"))
    return met


def bench_data_page_history(db: Path, rounds: int = 4, rows: int = 200_000) -> None:
    """The data page's queries and whole page function as the revision history grows: after the
    first load of a 200k-row dataset and after each of ``rounds`` updates that revise every row.
    Its cost must not grow with the history."""
    import shutil

    from dashboard import context
    from dashboard.app import app
    from dashboard.pages import data
    from synthetic_ingest import update

    config = load_config(ROOT / "indicators.yml")
    work = db.with_name("history.db")
    shutil.copy(db, work)
    app.server.config.update(S3_DB=str(work), S3_CONFIG=str(ROOT / "indicators.yml"))
    first = None
    for round_ in range(rounds + 1):
        seconds = update(work, round_, rows)
        with app.server.test_request_context():
            context.config()
            queries_ms = statistics.median(timed(lambda: (queries.datasets_overview(config, work),
                                                           queries.recent_revisions(work, "2000-01-01")), 20)) * 1000
            page_ms = statistics.median(timed(data.layout, 10)) * 1000
        revisions = sqlite3.connect(work).execute("SELECT count(*) FROM observation_revisions").fetchone()[0]
        first = first or queries_ms
        print(f"data page after {'the first load' if round_ == 0 else f'update {round_}'} ({seconds:.1f} s; "
              f"{revisions:,} revisions): queries {queries_ms:.1f} ms ({queries_ms / first:.1f}x the first), "
              f"page function {page_ms:.1f} ms")
    work.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--loads", type=int, default=10, help="page loads per page, cold and warm (default: 10)")
    parser.add_argument("--history", action=argparse.BooleanOptionalAction, default=True,
                        help="measure the data page as the revision history grows (four 200k-row updates)")
    parser.add_argument("--db", type=Path, help="reuse this benchmark store (built there when missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if not db.exists():
            build_store(db)
        bench_query_and_figure(db)
        if args.history:
            bench_data_page_history(db)
        server, base = start_server(db)
        try:
            bench_http(base, args.requests)
            bench_browser(base, args.loads)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
