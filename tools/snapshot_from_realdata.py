"""Build data/snapshot/ from a compilation of cited published figures (a figures.csv kept outside
this repository, one published figure per row with its citation).

Run:  python tools/snapshot_from_realdata.py --figures FIGURES.csv [--out data/snapshot]

Only figures whose definition matches a configured dataset exactly go in (RULES: indicator and
unit as published -> dataset); everything else is left out and counted in the README it writes,
never bent to fit: a total is not a rate, thousand SEK are not SEK, a share with another age band
or another population is another statistic.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.codes import region  # noqa: E402
from ingest.config import load_config  # noqa: E402
from ingest.cube_rows import dims_json  # noqa: E402
from ingest.snapshot import COLUMNS, FORMAT  # noqa: E402

# (indicator in figures.csv, unit exactly as published) -> dataset in indicators.yml, and why it matches.
RULES: dict[tuple[str, str], tuple[str, str]] = {
    ("population", "persons (31 December)"): (
        "population_kolada", "Kolada N01951 is SCB's population on 31 December, by sex"),
    ("employment_rate_20_64", "% of night population aged 20-64 (förvärvsfrekvens, SCB BAS)"): (
        "employment_rate_20_64", "Kolada N02267 is SCB BAS employment rate 20-64 by residence"),
    ("grp_per_inhabitant", "thousand SEK per inhabitant (current prices)"): (
        "grp_per_inhabitant", "Kolada N03700 is SCB's GRP, thousand SEK per inhabitant, current prices"),
    ("grp_per_employed", "thousand SEK per employed person (current prices)"): (
        "grp_per_employed", "Kolada N03701 is SCB's GRP, thousand SEK per employed person, current prices"),
    ("new_enterprises_per_1000", "new enterprises per 1,000 inhabitants aged 16-64"): (
        "new_enterprises_per_1000", "Kolada N00999 is Tillväxtanalys' new enterprises per 1,000 inhabitants 16-64"),
    ("business_rd_expenditure", "SEK per inhabitant"): (
        "business_rd_per_inhabitant", "these rows are Kolada N85085 itself"),
    ("ghg_per_inhabitant", "tonnes CO2-eq per inhabitant"): (
        "ghg_per_inhabitant", "Kolada N00401 is territorial greenhouse-gas emissions, tonnes CO2-eq per inhabitant"),
}
GENDER = {"": "T", "T": "T", "K": "K", "M": "M"}


def build(figures: Path, out: Path) -> dict[str, Counter]:
    config = load_config(ROOT / "indicators.yml")
    kept: dict[str, list[list[str]]] = {}
    left_out: Counter = Counter()
    with figures.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rule = RULES.get((row["indicator"], row["unit"]))
            if rule is None:
                left_out[f"{row['indicator']} in '{row['unit']}': no dataset with this definition"] += 1
                continue
            dataset = rule[0]
            if dataset not in config.datasets:
                raise SystemExit(f"rule maps to {dataset}, which indicators.yml does not have")
            if row["breakdown"]:
                left_out[f"{row['indicator']} with breakdown '{row['breakdown']}': the dataset has no such breakdown"] += 1
                continue
            if region(row["region_code"]) is None:
                left_out[f"{row['indicator']} for {row['region_code']}: a NUTS 2 area, not a county"] += 1
                continue
            dims = dims_json({"gender": GENDER[row["sex"]]})
            kept.setdefault(dataset, []).append(
                [row["region_code"], row["period"], dims, row["value"], "", row["unit"], row["source"], row["citation"], ""]
            )
    out.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": FORMAT,
        "created": date.today().isoformat(),
        "built_from": "a compilation of published figures, each with its citation; "
        "only those whose definition matches a configured dataset exactly (tools/snapshot_from_realdata.py)",
        "datasets": {},
    }
    for dataset, rows in sorted(kept.items()):
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        keys = [(r[0], r[1], r[2]) for r in rows]
        if len(set(keys)) != len(keys):
            raise SystemExit(f"{dataset}: two published figures for the same region, period and sex")
        with (out / f"{dataset}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(rows)
        manifest["datasets"][dataset] = {
            "file": f"{dataset}.csv", "rows": len(rows), "table": config.datasets[dataset].table,
        }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_readme(out, manifest, left_out)
    return {"kept": Counter({d: len(r) for d, r in kept.items()}), "left_out": left_out}


def write_readme(out: Path, manifest: dict, left_out: Counter) -> None:
    lines = [
        "# The offline snapshot",
        "",
        f"Built {manifest['created']} by `tools/snapshot_from_realdata.py` from a compilation of published",
        "figures (kept outside this repository), each of which cites where it was published. A figure goes",
        "in only when its definition matches a dataset of `indicators.yml` exactly:",
        "",
        "| dataset | rows | why the published figure is this dataset's statistic |",
        "|---|---|---|",
    ]
    why = {dataset: reason for dataset, reason in RULES.values()}
    for dataset, entry in manifest["datasets"].items():
        lines.append(f"| `{dataset}` | {entry['rows']} | {why[dataset]} |")
    lines += [
        "",
        "Left out, not bent to fit (count of figures):",
        "",
    ]
    lines += [f"- {reason}: {count}" for reason, count in sorted(left_out.items())]
    lines += [
        "",
        "`python -m ingest run --offline` loads it (only into datasets with no live data); a live",
        "`python -m ingest run` replaces it with the sources' own figures. `python -m ingest snapshot",
        "--out data/snapshot` writes a new snapshot from a live store.",
        "",
    ]
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--figures", type=Path, default=ROOT.parent / "shared" / "realdata" / "figures.csv")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "snapshot")
    args = parser.parse_args()
    counts = build(args.figures, args.out)
    for dataset, n in sorted(counts["kept"].items()):
        print(f"{dataset}: {n} figures")
    print(f"left out: {sum(counts['left_out'].values())} figures (see {args.out / 'README.md'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
