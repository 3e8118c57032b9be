"""Load check: the dashboard under gunicorn with many readers, with and without an ingest.

Run:  pip install -e '.[bench]' && python benchmarks/bench_load.py [--requests 3000] [--clients 20]

Builds the national-scale benchmark store (see bench_dashboard.py; --db reuses one), then for
gunicorn with 2 and with 4 workers on loopback sends --requests requests from --clients
concurrent clients, three times: without an ingest, and while `python -m ingest run` writes a
200k-row hand-kept dataset into the same database over and over (each round revises every
row, as a revised national table would), first at the priority of the shell (S3_INGEST_NICE=0)
and then as it runs by default, as a batch job at lower CPU priority. The requests are what browsers send for page views:
the page, Dash's layout and dependencies, the page-content callback, the URL callback of the
pages' controls, and now and then a table download; scripts and styles are cached by the
browser for a year, so they are not repeated. Reports throughput, p50/p95/p99 and errors per
phase (and page views per second: a page view takes five requests where the page content comes
from a callback, three where the first layout holds it), and the ratio of p95 during the ingest
to p95 without (target: 0 errors, ratio <= 2).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_dashboard import build_store, download_payload, router_payload  # noqa: E402
from page_timing import _holds_content  # noqa: E402

INGEST_ROWS = 200_000
PAGE_VIEWS = [
    ("/", "?strategy=norrbotten"),
    ("/", "?strategy=blekinge&lang=en"),
    ("/indicator", "?strategy=norrbotten&indicator=grp_per_inhabitant&compare=10,24"),
    ("/indicator", "?strategy=blekinge&indicator=population&lang=en"),
    ("/compare", "?strategy=norrbotten&indicator=grp_per_inhabitant"),
    ("/compare", "?strategy=blekinge&indicator=population&lang=en"),
    ("/data", ""),
    ("/data", "?lang=en"),
]
URL_CALLBACK = {  # the pages' controls writing the URL, as they fire when a page is drawn ("no update")
    "/": {"overview-region": "25", "overview-since": "2026-01-01"},
    "/indicator": {"indicator-compare": ["10", "24"]},
    "/compare": {"compare-period": "2024"},
}
PAGE_STATE = {"strategy": "norrbotten", "region": "25", "since": "2026-01-01", "compare": "10,24", "period": "2024"}
# The compare page's county table as CSV, rebuilt by the server from the address.
DOWNLOAD = download_payload("?strategy=norrbotten&indicator=grp_per_inhabitant&period=2021")


def url_outputs(base: str) -> dict[str, dict]:
    """The URL callbacks (output ``url.search@<hash>``, inputs, state) by their first input
    component, as the browser learns them from Dash's dependencies."""
    return {
        callback["inputs"][0]["id"]: callback
        for callback in requests.get(base + "/_dash-dependencies", timeout=30).json()
        if callback["output"].startswith("url.search@")
    }


def page_view(session: requests.Session, base: str, path: str, search: str, outputs: dict[str, dict],
              timed: Callable[..., requests.Response]) -> None:
    """The requests of one page view (scripts and styles cached): the page, Dash's layout (its
    Referer is the page) and dependencies; when the layout does not hold the page's content, the
    page-content callback and then the URL callback that the page's controls fire."""
    timed("GET", path + search)
    layout = timed("GET", "/_dash-layout", headers={"Referer": base + path + search})
    timed("GET", "/_dash-dependencies")
    if layout is not None and _holds_content(layout.json()):
        return
    timed("POST", "/_dash-update-component", json=router_payload(path, search))
    if path in URL_CALLBACK:
        values = URL_CALLBACK[path]
        callback = outputs[next(iter(values))]
        timed("POST", "/_dash-update-component", json={
            "output": callback["output"], "outputs": {"id": "url", "property": callback["output"].removeprefix("url.")},
            "inputs": [{**item, "value": values[item["id"]]} for item in callback["inputs"]],
            "changedPropIds": [f"{item['id']}.{item['property']}" for item in callback["inputs"]],
            "state": [{**item, "value": PAGE_STATE} for item in callback["state"]],
        })


def mix(total: int, seed: int = 1) -> list:
    """Page views and ("download") table downloads, more than ``total`` requests' worth."""
    rng = random.Random(seed)
    out: list = []
    for _ in range(total):  # more than enough: a page view is at least three requests
        out.append(rng.choice(PAGE_VIEWS))
        if rng.random() < 0.1:
            out.append("download")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(db: Path, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "S3_DB": str(db), "S3_CONFIG": str(ROOT / "indicators.yml")}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "60",
         "dashboard.app:server"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        return _warmed_up(process, base, workers, log)
    except BaseException:
        process.kill()  # never leave a server behind
        raise


def _warmed_up(process: subprocess.Popen, base: str, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    for _ in range(300):
        try:
            if requests.get(base + "/_dash-layout", timeout=30).status_code == 200:
                # Every worker answers once before measuring (imports, first-request set-up).
                outputs, session = url_outputs(base), requests.Session()

                def checked(method, path, **kwargs):
                    response = session.request(method, base + path, timeout=30, **kwargs)
                    if response.status_code >= 400:
                        raise RuntimeError(f"{method} {path} {kwargs}: {response.status_code}; see {log}")
                    return response

                for view in PAGE_VIEWS * workers:
                    page_view(session, base, *view, outputs, checked)
                return process, base
        except requests.ConnectionError:  # not listening yet
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start; see {log}")


class Ingest:
    """`python -m ingest run` writing a 200k-row hand-kept dataset, round after round, until stopped."""

    def __init__(self, db: Path, folder: Path, nice: str | None = None):
        self.db, self.folder = db, folder
        self.env = {**os.environ, **({"S3_INGEST_NICE": nice} if nice is not None else {})}
        (folder / "manual").mkdir(parents=True, exist_ok=True)
        self.config = folder / "ingest.yml"
        self.config.write_text(
            "sources:\n  manual: {kind: csv, directory: manual}\n"
            "datasets:\n  bench_ingest: {source: manual, table: bench.csv, label: Benchmark series, unit: per row}\n",
            encoding="utf-8",
        )
        self.rounds: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def write_csv(self, round_: int) -> None:
        from synthetic_ingest import YEARS

        from ingest.codes import swedish_regions

        regions = [r.code for r in swedish_regions()]
        series = [f"bench_{k:02d}" for k in range(-(-INGEST_ROWS // (len(regions) * len(YEARS))))]
        lines = ["series,region,period,value,unit,source,note"]
        for n, (name, region, year) in enumerate(itertools.product(series, regions, YEARS)):
            if n == INGEST_ROWS:
                break
            lines.append(f"{name},{region},{year},{n + round_ * 0.5},units,Benchmark,")
        (self.folder / "manual" / "bench.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def run_once(self, round_: int) -> float:
        self.write_csv(round_)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ingest", "run", "--config", str(self.config), "--db", str(self.db),
                        "--dataset", "bench_ingest", "--force"], cwd=ROOT, check=True, env=self.env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    def _loop(self) -> None:
        for round_ in itertools.count(1):
            if self._stop.is_set():
                return
            self.rounds.append(self.run_once(round_))

    def __enter__(self) -> "Ingest":
        self._thread.start()
        time.sleep(2)  # into the first round's write before the readers start
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def load(base: str, work: list, outputs: dict[str, dict], clients: int, total: int) -> dict:
    """The page views of ``work`` from ``clients`` concurrent clients, until ``total`` requests."""
    queue = iter(work)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    views = [0]

    def client() -> None:
        session = requests.Session()

        def timed(method: str, path: str, **kwargs) -> requests.Response | None:
            start = time.perf_counter()
            response = None
            try:
                response = session.request(method, base + path, timeout=60, **kwargs)
                ok, detail = response.status_code in (200, 204), f"{response.status_code} {path}"
            except requests.RequestException as exc:
                ok, detail = False, f"{type(exc).__name__} {path}"
            with lock:
                latencies.append(time.perf_counter() - start)
                if not ok:
                    errors.append(detail)
            return response if ok else None

        while True:
            with lock:
                view = next(queue, None) if len(latencies) < total else None
            if view is None:
                return
            if view == "download":
                timed("POST", "/_dash-update-component", json=DOWNLOAD)
            else:
                page_view(session, base, *view, outputs, timed)
                with lock:
                    views[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {"requests": len(latencies), "throughput": len(latencies) / wall, "views": views[0] / wall, "p50": pct(.5), "p95": pct(.95),
            "p99": pct(.99), "errors": len(errors), "first_errors": errors[:3]}


def report(label: str, r: dict) -> None:
    print(f"{label:<46} {r['throughput']:5.0f} req/s ({r['views']:4.1f} page views/s)  p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  "
          f"p99 {r['p99']:6.1f} ms  errors {r['errors']}" + (f" {r['first_errors']}" if r["errors"] else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000, help="requests per phase (default: %(default)s)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default: %(default)s)")
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 4], help="gunicorn workers (default: 2 4)")
    parser.add_argument("--db", type=Path, help="reuse this benchmark store (built there when missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "load.db"
        if args.db and not args.db.exists():
            build_store(args.db)
        if args.db:
            import shutil

            shutil.copy(args.db, db)  # the ingest writes into it; the given store stays as it was
        else:
            build_store(db)
        ingest = Ingest(db, folder)
        seconds = ingest.run_once(0)
        print(f"first load of the {INGEST_ROWS:,}-row dataset: {seconds:.1f} s; an update revising every row: "
              f"{ingest.run_once(1):.1f} s (alone, no readers)")
        for workers in args.workers:
            server, base = start_gunicorn(db, workers, folder / f"gunicorn-{workers}.log")
            try:
                work, outputs = mix(args.requests), url_outputs(base)
                quiet = load(base, work, outputs, args.clients, args.requests)
                report(f"gunicorn -w {workers}, no ingest", quiet)
                # The ingest as it runs (a batch job at lower CPU priority), and, for comparison,
                # at the priority of the shell that started it (S3_INGEST_NICE=0).
                for label, nice in (("ingest at normal priority", "0"), ("ingest as a batch job", None)):
                    with Ingest(db, folder, nice) as running:
                        busy = load(base, work, outputs, args.clients, args.requests)
                    report(f"gunicorn -w {workers}, {label}", busy)
                    rounds = (f"{len(running.rounds)} ({statistics.median(running.rounds):.1f} s each)"
                              if running.rounds else "none finished")
                    print(f"{'':<46} p95 during the ingest / without: {busy['p95'] / quiet['p95']:.2f}x "
                          f"(target <= 2); 200k-row ingest rounds meanwhile: {rounds}")
            finally:
                server.terminate()
                server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
