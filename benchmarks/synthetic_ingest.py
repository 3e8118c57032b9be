"""A large synthetic update through the ingest's own writer, for the benchmarks: a dataset of
``rows`` observations (all 312 regions, 30 years, as many breakdowns as it takes) whose every
value changes from one round to the next, so each round after the first writes ``rows``
revisions, as a revised national table would. Values are synthetic and never shown."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ingest.codes import swedish_regions
from ingest.store import Observations, Store, utc_now

DATASET = "bench_ingest"
YEARS = [str(y) for y in range(1995, 2025)]


def observations(rows: int, round_: int) -> Observations:
    regions = sorted(r.code for r in swedish_regions())
    per_dims = len(regions) * len(YEARS)
    n_dims = -(-rows // per_dims)
    dims = sorted(json.dumps({"n": f"{k:03d}"}, separators=(",", ":")) for k in range(n_dims))
    region = np.repeat(np.array(regions, dtype=object), len(YEARS) * n_dims)[:rows]
    period = np.tile(np.repeat(np.array(YEARS, dtype=object), n_dims), len(regions))[:rows]
    dim = np.tile(np.array(dims, dtype=object), len(regions) * len(YEARS))[:rows]
    value = np.arange(rows, dtype=float) + round_ * 0.5
    return Observations(region=region, period=period, dims=dim, value=value,
                        status=np.full(rows, None, dtype=object), key_ordered=True)


def update(db: Path, round_: int, rows: int = 200_000) -> float:
    """One round: the dataset written in one transaction and its run recorded, as `ingest run`
    does. Returns the seconds it took."""
    start = time.perf_counter()
    started = utc_now()
    with Store(db) as store:
        run_id = store.new_run_id()
        meta = {"source": "bench", "source_kind": "pxweb", "table_id": "BENCH", "label": "Benchmark dataset"}
        result = store.write_dataset(DATASET, meta, observations(rows, round_), run_id)
        store.record_run(run_id, DATASET, started, "ok", rows=(result.rows, result.added, result.changed))
    return time.perf_counter() - start
