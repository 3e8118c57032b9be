"""Pages while reports are exported: eight PDF exports at once, with the export slots bounded
(2, the default) and effectively unbounded (8), against the same pages with no export running.

Each PDF export starts Chromium. The exports are asked for by eight threads here, through the
dashboard's own ``exports.export_report`` with the served app's export folder, so they share its
slots (file locks) exactly as the server's workers do; a request that finds every slot busy is
"queued" and asks again every 1.5 s, as the page does. Meanwhile a reader loads the indicator
page's content callback over HTTP in a loop.

    python benchmarks/bench_exports.py
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))
EXPORTS = 8
POLL = 1.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_body(search: str) -> dict:
    return {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/indicator"},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}


def read_pages(base: str, until: threading.Event, seconds: list[float]) -> None:
    body = page_body("?strategy=norrbotten&indicator=grp_per_inhabitant&compare=10,24")
    while not until.is_set():
        started = time.perf_counter()
        requests.post(base + "/_dash-update-component", json=body, timeout=120).raise_for_status()
        seconds.append(time.perf_counter() - started)
        time.sleep(0.1)


def burst(config, db: Path, folder: Path, slots: int) -> tuple[float, int]:
    from dashboard import exports

    done, queued = [], []

    def one(i: int) -> None:
        while True:
            result = exports.export_report(config, db, {"strategy": "norrbotten", "region": "25", "lang": "sv",
                                                        "since": f"2026-01-{i + 1:02d}"}, "pdf", slots=slots, folder=folder)
            if result.status != "queued":
                done.append(result.status)
                return
            queued.append(i)
            time.sleep(POLL)

    started = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(EXPORTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert done == ["file"] * EXPORTS, done
    return time.perf_counter() - started, len(queued)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    from ingest.config import load_config

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db, folder = tmp / "s3.db", tmp / "exports"
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--db", str(db), "--port", str(port)],
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**os.environ, "S3_EXPORT_DIR": str(folder)})
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    requests.get(base + "/", timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.25)
            config = load_config(ROOT / "indicators.yml")
            rows = []
            for label, slots in (("no export", 0), ("8 PDF exports, 2 slots", 2), ("8 PDF exports, 8 slots", 8)):
                seconds: list[float] = []
                stop = threading.Event()
                reader = threading.Thread(target=read_pages, args=(base, stop, seconds))
                reader.start()
                if slots:
                    total, queued = burst(config, db, folder / str(slots), slots)
                else:
                    time.sleep(10)
                    total, queued = 0.0, 0
                stop.set()
                reader.join()
                rows.append((label, len(seconds), statistics.median(seconds), percentile(seconds, 0.95), max(seconds),
                             total, queued))
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{'':26} {'pages':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'all 8 PDFs s':>13} {'queued answers':>15}")
    for label, n, p50, p95, worst, total, queued in rows:
        print(f"{label:26} {n:5d} {p50 * 1000:8.0f} {p95 * 1000:8.0f} {worst * 1000:8.0f} {total:13.1f} {queued:15d}")


if __name__ == "__main__":
    main()
