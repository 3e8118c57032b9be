"""Benchmark: the structure measures (shares, location quotients, Krugman index, shift-share, twins)
on a national-scale store, against the nightly run they are part of.

Run:  python benchmarks/bench_structure.py [--years 30] [--repeats 3]

Builds a store with employment and value added by industry for Sweden, the 21 counties and the
290 municipalities, at the level of SNI divisions (88), for --years years (synthetic values, never
shown anywhere; about 1.6 million observations), then measures in the same run:

- writing those observations into the store (what the nightly ingest does with them: a lower bound
  of the nightly run, whose fetches over the network come on top);
- the whole indicator step (``compute_all``: every indicator of both strategies and the structure);
- the structure step alone (``compute_structure``) and its share of ingest + indicator step.
The target: the structure step under 5 % of the nightly run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators import sni  # noqa: E402
from indicators.compute import compute_all  # noqa: E402
from indicators.structure_tables import compute_structure  # noqa: E402
from ingest.codes import swedish_regions  # noqa: E402
from ingest.config import load_config  # noqa: E402
from ingest.run import run_offline  # noqa: E402
from ingest.store import Observations, Store  # noqa: E402

DIVISIONS = [f"{d:02d}" for d in range(1, 100) if sni._section_of(d)]


def observations(years: list[str], contents: str, rng) -> Observations:
    regions = [r.code for r in swedish_regions()]
    keys = [(r, y, d) for r in regions for y in years for d in DIVISIONS]
    dims = {d: json.dumps({"ContentsCode": contents, "Kon": "1+2", "SNI2007": d}, separators=(",", ":"), sort_keys=True)
            for d in DIVISIONS}
    return Observations(
        np.array([k[0] for k in keys], dtype=object), np.array([k[1] for k in keys], dtype=object),
        np.array([dims[k[2]] for k in keys], dtype=object), rng.uniform(1, 5000, len(keys)),
        np.full(len(keys), None, dtype=object))


def national_config(tmp: Path):
    """The shipped configuration with its structure measures pointed at the benchmark datasets."""
    text = (ROOT / "indicators.yml").read_text(encoding="utf-8")
    text = text.replace("      - {dataset: employed_by_industry_rams_2008, industry: SNI2007, end: 2018}\n", "")
    text = text.replace("      - {dataset: employed_by_industry_rams, industry: SNI2007, dims: {ContentsCode: \"00000544\"}, start: 2019, end: 2019}\n", "")
    text = text.replace("      - {dataset: employed_by_industry_bas, industry: SNI2007, month: 11, start: 2020,\n"
                        "         dims: {Kon: \"1+2\", Fodelseregion: \"tot\", ContentsCode: \"0000054D\"}}\n",
                        "      - {dataset: employed_by_industry_bas, industry: SNI2007, dims: {Kon: \"1+2\", ContentsCode: \"E\"}}\n")
    text = text.replace("      - {dataset: value_added_by_section, industry: SNI2007, dims: {ContentsCode: \"label:Förädlingsvärde, mnkr\"}, start: 2022}\n", "")
    text = text.replace("      - {dataset: value_added_by_industry, industry: SNI2007, dims: {ContentsCode: \"NV01095E\"}, end: 2021}\n",
                        "      - {dataset: value_added_by_industry, industry: SNI2007, dims: {Kon: \"1+2\", ContentsCode: \"V\"}}\n")
    path = tmp / "indicators.yml"
    path.write_text(text, encoding="utf-8")
    (tmp / "data").mkdir(exist_ok=True)
    (tmp / "data" / "manual").symlink_to(ROOT / "data" / "manual")
    return load_config(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    years = [str(y) for y in range(2024 - args.years + 1, 2025)]
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        config = national_config(tmp)
        employment, value_added = observations(years, "E", rng), observations(years, "V", rng)
        writes, everything, structure = [], [], []
        for repeat in range(args.repeats):
            db = tmp / f"s3-{repeat}.db"
            with Store(db) as store:
                run_offline(config, store, ROOT / "data" / "snapshot")
                started = time.perf_counter()
                store.write_dataset("employed_by_industry_bas", {"source": "scb"}, employment, "bench")
                store.write_dataset("value_added_by_industry", {"source": "scb"}, value_added, "bench")
                writes.append(time.perf_counter() - started)
                started = time.perf_counter()
                compute_all(config, store)
                everything.append(time.perf_counter() - started)
                started = time.perf_counter()
                result = compute_structure(config, store)
                structure.append(time.perf_counter() - started)
        rows = len(employment) + len(value_added)
        write, total, alone = (statistics.median(x) for x in (writes, everything, structure))
        print(f"national-scale store: {rows:,} industry observations ({len(DIVISIONS)} divisions x "
              f"{len(swedish_regions())} regions x {len(years)} years x 2 measures)")
        print(f"structure rows written: {len(result.values):,} values, {len(result.krugman):,} Krugman, "
              f"{len(result.specialisation):,} specialisation")
        print(f"ingest write of the observations (lower bound of the nightly run): {write:.2f} s")
        print(f"indicator step (compute_all, incl. structure):                    {total:.2f} s")
        print(f"structure step alone:                                             {alone:.2f} s")
        share = alone / (write + total)
        print(f"structure step / (ingest write + indicator step) = {share:.1%}  (target < 5 %: "
              f"{'met' if share < 0.05 else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
