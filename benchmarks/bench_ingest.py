"""Benchmark: reading PxWeb JSON-stat 2.0 responses and storing them.

Run:  python benchmarks/bench_ingest.py [--repeats 3] [--sizes 150000 2000000]

Every variant is timed alternately in the same run on the same response and reported as a
median, with ratios against baselines measured in that run:

(a) reading   ingest.jsonstat.read  vs  pyjstat Dataset.read(...).write('dataframe')  vs  json.loads alone
(b) storing   parse + store into the indexed observations table (ingest)
              vs  pyjstat + sqlite-utils insert_all with its defaults
              vs  a bare executemany of the same rows, as they come, in one transaction into the
                  same table and page size (the floor)

Needs the bench extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ingest import jsonstat
from ingest.cube_rows import observations_from_cube
from ingest.store import OBSERVATIONS_DDL, PAGE_SIZE, Store


def pxweb_response(cells: int) -> bytes:
    """A response shaped like SCB's: Region, Alder, Kon, ContentsCode, Tid; nulls and a status block."""
    regions = ["00"] + [f"{i:02d}" for i in range(1, 26) if i not in (2, 11, 15, 16)]
    regions += [f"{i:04d}" for i in range(114, 114 + 290)]
    sexes, contents = ["TotSa", "1", "2"], ["000007SF"]
    years = [f"{y}M{m:02d}" for y in range(1990, 2030) for m in range(1, 13)]
    fixed = 3 * 1
    # Choose region, age and time sizes whose product with the fixed dims reaches `cells`.
    n_time = 24
    n_age = max(1, min(134, round(cells / (fixed * n_time * len(regions)))))
    n_region = max(1, min(len(regions), round(cells / (fixed * n_time * n_age))))
    n_time = max(1, round(cells / (fixed * n_age * n_region)))
    ages = ["TotSA"] + [str(a) for a in range(n_age - 1)]
    dims = {
        "Region": regions[:n_region],
        "Alder": ages,
        "Kon": sexes,
        "ContentsCode": contents,
        "Tid": years[:n_time],
    }
    size = [len(v) for v in dims.values()]
    n = math.prod(size)
    rng = np.random.default_rng(7)
    values = rng.integers(0, 500_000, n).astype(float).tolist()
    status = {}
    for i in range(0, n, 997):
        values[i] = None
        status[str(i)] = ".."
    doc = {
        "version": "2.0",
        "class": "dataset",
        "label": "Folkmängden per månad efter region, ålder och kön",
        "source": "SCB",
        "updated": "2026-06-08T06:00:00Z",
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "id": list(dims),
        "size": size,
        "dimension": {
            k: {"label": k.lower(), "category": {"index": {c: i for i, c in enumerate(v)}, "label": {c: c for c in v}},
                "extension": {"elimination": k == "Kon", "show": "value"}}
            for k, v in dims.items()
        },
        "extension": {"px": {"tableid": "TAB6471"}},
        "value": values,
        "status": status,
    }
    return json.dumps(doc).encode()


def timed(fn, setup=None) -> float:
    """Seconds that ``fn`` takes; ``setup``, if any, runs first and untimed, its result passed on."""
    state = setup() if setup else None
    start = time.perf_counter()
    fn(state) if setup else fn()
    return time.perf_counter() - start


def run_alternately(variants: dict, repeats: int) -> dict[str, float]:
    """Median seconds of each variant; a variant is a function or a (setup, function) pair."""
    times = {name: [] for name in variants}
    for _ in range(repeats):
        for name, variant in variants.items():
            times[name].append(timed(variant[1], variant[0]) if isinstance(variant, tuple) else timed(variant))
    return {name: statistics.median(t) for name, t in times.items()}


def bench_read(body: bytes, repeats: int) -> dict[str, float]:
    from pyjstat import pyjstat

    text = body.decode()
    return run_alternately(
        {
            "json.loads alone": lambda: json.loads(body),
            "ingest.jsonstat.read": lambda: jsonstat.read(body),
            "pyjstat": lambda: pyjstat.Dataset.read(text).write("dataframe"),
        },
        repeats,
    )


def bench_store(body: bytes, repeats: int, workdir: Path) -> tuple[dict[str, float], int]:
    import sqlite_utils
    from pyjstat import pyjstat

    counter = iter(range(10_000))
    n_rows = {}

    def fresh(name: str) -> Path:
        return workdir / f"{name}-{next(counter)}.db"

    def new_store():
        return Store(fresh("ours"))  # an existing store, as on a nightly run: schema not timed

    def ours(store):
        cube = jsonstat.parse(body)
        obs = observations_from_cube(cube, region_dim="Region", time_dim="Tid")
        store.write_dataset("bench", {"source": "bench"}, obs, "run")
        store.close()
        n_rows["n"] = len(obs)

    def new_sqlite_utils_db():
        db = sqlite_utils.Database(fresh("pyjstat"))
        db.execute(OBSERVATIONS_DDL)
        return db

    def pyjstat_sqlite_utils(db):
        frame = pyjstat.Dataset.read(body.decode()).write("dataframe", naming="id")
        others = [c for c in frame.columns if c not in ("Region", "Tid", "value")]
        records = (
            {
                "dataset": "bench",
                "region": r["Region"],
                "period": r["Tid"],
                "dims": json.dumps({k: r[k] for k in others}, sort_keys=True, separators=(",", ":")),
                "value": r["value"],
                "status": None,
            }
            for r in frame.to_dict("records")
        )
        db["observations"].insert_all(records)
        db.close()

    cube = jsonstat.parse(body)
    obs = observations_from_cube(cube, region_dim="Region", time_dim="Tid")
    rows = list(obs.rows("bench"))

    def new_floor_db():
        conn = sqlite3.connect(fresh("floor"), isolation_level=None)
        conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(OBSERVATIONS_DDL)
        return conn

    def floor(conn):
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        conn.close()

    medians = run_alternately(
        {
            "bare executemany (floor)": (new_floor_db, floor),
            "ingest parse + store": (new_store, ours),
            "pyjstat + sqlite-utils defaults": (new_sqlite_utils_db, pyjstat_sqlite_utils),
        },
        repeats,
    )
    return medians, n_rows["n"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[150_000, 2_000_000])
    args = parser.parse_args()
    for cells in args.sizes:
        body = pxweb_response(cells)
        n = len(jsonstat.parse(body).values)
        print(f"\n== {n:,} cells ({len(body) / 1e6:.1f} MB of JSON), median of {args.repeats} ==")
        read = bench_read(body, args.repeats)
        base = read["pyjstat"]
        for name, seconds in read.items():
            print(f"  read  {name:<34} {seconds:8.3f} s   {base / seconds:6.1f}x pyjstat   "
                  f"{seconds / read['json.loads alone']:5.2f}x json.loads")
        with tempfile.TemporaryDirectory() as tmp:
            stored, rows = bench_store(body, args.repeats, Path(tmp))
        base = stored["pyjstat + sqlite-utils defaults"]
        for name, seconds in stored.items():
            print(f"  store {name:<34} {seconds:8.3f} s   {base / seconds:6.1f}x pyjstat+sqlite-utils   "
                  f"{rows / seconds:>10,.0f} rows/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
