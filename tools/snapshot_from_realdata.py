"""Build data/snapshot/ from cited published figures.

Run:  python tools/snapshot_from_realdata.py [--figures data/realdata/figures.csv] [--out data/snapshot]

``data/realdata/figures.csv`` is the project's collection of real published figures, one per row
with its citation (``data/realdata/SOURCES.md`` says where each came from and how it was checked;
``tools/realdata_extracts.csv`` adds figures transcribed from the same collection's page extracts). Only figures whose definition matches a configured
dataset go in (RULES: indicator and unit as published -> dataset, dims and why it matches); the
rest are left out and counted, with the reason, in the README written beside the snapshot:
a total is not a rate, a share is not an amount, another age band or population is another
statistic. An exact unit conversion (SEK -> thousand SEK) is not an estimate and is applied.
Where two publications give the same figure, the source's own (Kolada, SCB) wins over a
compilation; figures marked suspect at source are left out.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.codes import region  # noqa: E402
from ingest.config import load_config  # noqa: E402
from ingest.cube_rows import dims_json  # noqa: E402
from ingest.snapshot import COLUMNS, FORMAT  # noqa: E402

GENDER = {"": "T", "T": "T", "K": "K", "M": "M"}


@dataclass(frozen=True)
class Rule:
    dataset: str
    why: str
    dims: dict[str, str] | None = None       # fixed dims; None: Kolada's gender from the row's sex
    factor: float = 1.0                      # an exact unit conversion
    preference: int = 0                      # higher wins when two figures share a key


# (indicator in figures.csv, unit exactly as published) -> the dataset whose statistic it is.
RULES: dict[tuple[str, str], Rule] = {
    ("population", "persons (31 December)"): Rule(
        "population_kolada", "Kolada N01951 is SCB's population on 31 December, by sex"),
    ("employment_rate_20_64", '% of population aged 20-64, sysselsättningsgrad BAS ("Sysselsättningsgrad 20–64 år (BAS)"; '
                              "file label 'syssgrad_bas'; not comparable with RAMS)"): Rule(
        "employment_rate_20_64", "Kolada N02267 is SCB BAS's employment rate 20-64 (TAB3200), as in the compilation"),
    ("employment_rate_20_64", "% of night population aged 20-64 (förvärvsfrekvens, SCB BAS)"): Rule(
        "employment_rate_20_64", "the same BAS employment rate 20-64, published by Regionfakta", preference=-1),
    ("employment_rate_20_64", '% of population aged 20-64, förvärvsfrekvens RAMS ("Förvärvsfrekvens 20–64 år (RAMS)": '
                              "employed in November; 2019-2021 RAMS-based transition series; file label 'forvfrekv_rams'; "
                              "not comparable with BAS)"): Rule(
        "employment_rate_rams", "Kolada N00914 is SCB RAMS's share of 20-64-year-olds in employment (förvärvsfrekvens); "
                                "the compilation rounds to one decimal", preference=-1),
    ("employment_rate_20_64", "% of population aged 20-64 (gainfully employed, RAMS)"): Rule(
        "employment_rate_rams", "these rows are Kolada N00914 itself"),
    ("grp_per_inhabitant", "thousand SEK per inhabitant (current prices)"): Rule(
        "grp_per_inhabitant", "Kolada N03700 is SCB's GRP, thousand SEK per inhabitant, current prices"),
    ("grp_per_inhabitant", "SEK per inhabitant (current prices)"): Rule(
        "grp_per_inhabitant", "the same GRP per inhabitant published in SEK: divided by 1,000 (exact)", factor=0.001,
        preference=-1),
    ("grp_per_inhabitant", "SEK per inhabitant (current prices; given in the text rounded to whole thousand kronor)"): Rule(
        "grp_per_inhabitant", "the same GRP per inhabitant, given to the whole thousand kronor: in thousands (exact)",
        factor=0.001, preference=-1),
    ("grp_per_employed", "thousand SEK per employed person (current prices)"): Rule(
        "grp_per_employed", "Kolada N03701 is SCB's GRP, thousand SEK per employed person, current prices"),
    ("grp_per_employed", "SEK per employed person (current prices; given in the text rounded to whole thousand kronor)"): Rule(
        "grp_per_employed", "the same GRP per employed person, given to the whole thousand kronor: in thousands (exact)",
        factor=0.001, preference=-1),
    ("grp_per_inhabitant_municipal", "thousand SEK per inhabitant (current prices)"): Rule(
        "grp_per_inhabitant_municipal", "Kolada N03702 is SCB's GRP of the municipality, thousand SEK per inhabitant"),
    ("grp_per_employed_municipal", "thousand SEK per employed person (current prices)"): Rule(
        "grp_per_employed_municipal", "Kolada N03703 is SCB's GRP of the municipality, thousand SEK per employed person"),
    ("new_enterprises_per_1000", "new enterprises per 1,000 inhabitants aged 16-64"): Rule(
        "new_enterprises_per_1000", "Kolada N00999 is Tillväxtanalys' new enterprises per 1,000 inhabitants 16-64"),
    ("business_rd_expenditure", "SEK per inhabitant"): Rule(
        "business_rd_per_inhabitant", "these rows are Kolada N85085 itself"),
    ("public_rd_per_inhabitant", "SEK per inhabitant"): Rule(
        "public_rd_per_inhabitant", "these rows are Kolada N85086 itself"),
    ("university_rd_per_inhabitant", "SEK per inhabitant"): Rule(
        "university_rd_per_inhabitant", "these rows are Kolada N85087 itself"),
    ("ghg_per_inhabitant", "tonnes CO2-eq per inhabitant"): Rule(
        "ghg_per_inhabitant", "Kolada N00401 is territorial greenhouse-gas emissions, tonnes CO2-eq per inhabitant"),
    ("post_secondary_share", '% of population aged 25-64 ("Eftergymnasial utbildning, 25–64 år": post-secondary of any '
                             "length, incl. forskarutbildning; file label 'utb_eftergymn')"): Rule(
        "post_secondary_education_25_64", "Kolada N01982 is the share of 25-64-year-olds with post-secondary education of "
                                          "any length (SCB UF0506), as in the compilation (rounded)", preference=-1),
    ("post_secondary_share", "% of population aged 25-64 with post-secondary education of any length, incl. "
                             "forskarutbildning (Kolada N01982)"): Rule(
        "post_secondary_education_25_64", "these rows are Kolada N01982 itself"),
    ("cpi_annual_mean", "index 1980=100 (KPI, fastställda tal, annual mean)"): Rule(
        "cpi_annual", "SCB TAB4352 is KPI, fastställda årsmedeltal, 1980=100", dims={"ContentsCode": "000000KL"}),
    ("grp_eur_per_inhabitant", "EUR per inhabitant, current market prices (Eurostat unit EUR_HAB)"): Rule(
        "gdp_nuts3", "these rows are Eurostat nama_10r_3gdp, unit EUR_HAB (bulk file of 2023-02-21)",
        dims={"freq": "A", "unit": "EUR_HAB"}),
}

# Figures their collection marks suspect at source (SOURCES.md): left out whatever the rule.
SUSPECT = {
    ("grp_per_employed", "00", "2016", "norran.se"): "a newspaper's national GRP per employed person for 2016: "
    "+13 % in a year while the largest county rose 1.8 % (SOURCES.md marks it suspect at source)",
}

# Left out on purpose, with the reason a reader of the snapshot README needs.
WHY_NOT = {
    "post_secondary_3y_share": "3 years or more of post-secondary education: another statistic than any length (N01982)",
    "value_added_share_by_industry": "shares (%) of business-sector value added; the configured datasets hold amounts "
                                     "(million SEK), and a share is not an amount",
    "grp_million_sek": "GRP in million SEK (Eurostat MIO_NAC): no dataset holds GRP in million SEK",
    "public_sector_share": "a third-party aggregator's sector shares (state incl. state-owned companies) and AKU's "
                           "employees 20-64: other populations and definitions than SCB's employed by workplace sector",
    "employed_by_industry": "NUTS 2 areas, a county's grouped sections by residence or AKU thousands: not the county "
                            "tables by workplace the structure measures use",
    "guest_nights_per_inhabitant": "total guest nights (the dataset holds them per type of accommodation) or an "
                                   "approximate, preliminary secondary figure",
}


def _dims(rule: Rule, row: dict[str, str]) -> str:
    return dims_json(rule.dims if rule.dims is not None else {"gender": GENDER[row["sex"]]})


def _value(rule: Rule, text: str) -> str:
    if rule.factor == 1.0:
        return text
    value = float(text) * rule.factor
    return str(int(value)) if value.is_integer() else repr(round(value, 6))


def build(figures: list[Path], out: Path) -> dict[str, Counter]:
    config = load_config(ROOT / "indicators.yml")
    candidates: dict[tuple[str, str, str, str], tuple[int, list[str]]] = {}
    left_out: Counter = Counter()
    superseded: Counter = Counter()
    for path in figures:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                reason = _leave_out(row)
                if reason:
                    left_out[reason] += 1
                    continue
                rule = RULES[(row["indicator"], row["unit"])]
                if rule.dataset not in config.datasets:
                    raise SystemExit(f"rule maps to {rule.dataset}, which indicators.yml does not have")
                dims = _dims(rule, row)
                key = (rule.dataset, row["region_code"], row["period"], dims)
                entry = [row["region_code"], row["period"], dims, _value(rule, row["value"]), "", row["unit"],
                         row["source"], row["citation"], "" if rule.factor == 1.0 else
                         f"published as {row['value']} {row['unit'].split(' (')[0]}; converted exactly"]
                if key in candidates:
                    kept, old = candidates[key]
                    if rule.preference == kept and old[3] != entry[3]:
                        raise SystemExit(f"{rule.dataset} {key[1:3]}: two publications of equal standing disagree "
                                         f"({old[3]} and {entry[3]}); say which is the source's own")
                    superseded[f"{rule.dataset}: a second publication of a figure already in"] += 1
                    if rule.preference <= kept:
                        continue
                candidates[key] = (rule.preference, entry)
    kept: dict[str, list[list[str]]] = {}
    for (dataset, *_), (_, entry) in candidates.items():
        kept.setdefault(dataset, []).append(entry)
    _write(out, kept, config)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    write_readme(out, manifest, left_out, superseded)
    return {"kept": Counter({d: len(r) for d, r in kept.items()}), "left_out": left_out, "superseded": superseded}


def _leave_out(row: dict[str, str]) -> str | None:
    for (indicator, code, period, marker), why in SUSPECT.items():
        if (row["indicator"], row["region_code"], row["period"]) == (indicator, code, period) and marker in row["citation"]:
            return f"{indicator} {code} {period}: {why}"
    rule = RULES.get((row["indicator"], row["unit"]))
    if rule is None:
        why = WHY_NOT.get(row["indicator"], "no dataset with this definition")
        return f"{row['indicator']} in '{row['unit']}': {why}"
    if row["breakdown"]:
        return f"{row['indicator']} with breakdown '{row['breakdown']}': the dataset has no such breakdown"
    if region(row["region_code"]) is None:
        return f"{row['indicator']} for {row['region_code']}: a NUTS 2 area, not a county"
    return None


def _write(out: Path, kept: dict[str, list[list[str]]], config) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.csv"):
        old.unlink()
    manifest = {
        "format": FORMAT,
        "created": date.today().isoformat(),
        "built_from": "published figures, each with its citation (data/realdata/figures.csv and "
                      "tools/realdata_extracts.csv); only those whose definition matches a configured dataset "
                      "(tools/snapshot_from_realdata.py)",
        "datasets": {},
    }
    for dataset, rows in sorted(kept.items()):
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        with (out / f"{dataset}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(rows)
        manifest["datasets"][dataset] = {"file": f"{dataset}.csv", "rows": len(rows), "table": config.datasets[dataset].table}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_readme(out: Path, manifest: dict, left_out: Counter, superseded: Counter) -> None:
    why: dict[str, list[str]] = {}
    for rule in RULES.values():
        why.setdefault(rule.dataset, [])
        if rule.why not in why[rule.dataset]:
            why[rule.dataset].append(rule.why)
    lines = [
        "# The offline snapshot",
        "",
        f"Built {manifest['created']} by `tools/snapshot_from_realdata.py` from published figures, each of which",
        "cites where it was published (`data/realdata/figures.csv`, described in `data/realdata/SOURCES.md`, and",
        "`tools/realdata_extracts.csv`).",
        "A figure goes in only when its definition matches a dataset of `indicators.yml`:",
        "",
        "| dataset | rows | why the published figure is this dataset's statistic |",
        "|---|---|---|",
    ]
    for dataset, entry in manifest["datasets"].items():
        lines.append(f"| `{dataset}` | {entry['rows']} | {'; '.join(why[dataset])} |")
    lines += [
        "",
        "Kolada N01982 is post-secondary education of any length (shorter than three years, three years or more, and",
        "research training): the KPI's own fetch script says so, and its county values equal the compilation's",
        "`utb_eftergymn` (any length) to one decimal, not its `utb_eftergymn_3ar`.",
        "",
        "Where two publications give the same figure (same dataset, region, year and sex), one is kept: the source's own",
        "(Kolada, SCB) before a compilation that rounds it (count of figures not kept twice):",
        "",
    ]
    lines += [f"- {reason}: {count}" for reason, count in sorted(superseded.items())] or ["- none"]
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
    parser.add_argument("--figures", type=Path, default=ROOT / "data" / "realdata" / "figures.csv",
                        help="the collection of cited published figures (default: %(default)s)")
    parser.add_argument("--extracts", type=Path, default=ROOT / "tools" / "realdata_extracts.csv")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "snapshot")
    args = parser.parse_args()
    counts = build([args.figures, args.extracts], args.out)
    for dataset, n in sorted(counts["kept"].items()):
        print(f"{dataset}: {n} figures")
    print(f"left out: {sum(counts['left_out'].values())} figures; not kept twice: "
          f"{sum(counts['superseded'].values())} (see {args.out / 'README.md'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
