"""Formulas over stored series: an indicator's values for every compared region and period.

``evaluate`` reads observations (current values only: deleted and empty cells are not values)
and applies the indicator's formula: value, ratio, share, sum, per 1,000 inhabitants, index or
growth since a base year, a chain-linked index of annual volume changes, or a splice of formulas
over consecutive stretches of years (the RAMS years before 2020 and the BAS years from 2020, say).

A series picks its cells by dimension codes: a code, a list of codes (their sum, only where every
code has a value), ``*`` (the sum over every code of the dimension) or ``label:TEXT`` (the code
the source labels TEXT). ``month: 11`` takes a monthly source's November as its year.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from typing import Any

import orjson

from indicators.model import Formula, Indicator, Series, Strategy
from ingest.codes import SWEDEN, county_codes
from ingest.cube_rows import dims_json
from ingest.store import Store

Values = dict[tuple[str, str], float]  # (region, period) -> value


class LabelNotFound(LookupError):
    """A ``label:`` that none of the source's codes carries."""


def comparison_regions(strategy: Strategy, indicator: Indicator) -> list[str]:
    comparison = indicator.comparison or strategy.comparison
    regions = ([SWEDEN] if comparison.sweden else []) + (county_codes() if comparison.counties else [])
    regions += [p for p in comparison.peers if p not in regions]
    if strategy.region not in regions:
        regions.append(strategy.region)
    return regions


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip()


def value_labels(store: Store, dataset: str) -> dict[str, dict[str, str]]:
    """The labels of a dataset's codes per dimension, as its latest fetch stored them."""
    row = store.conn.execute("SELECT metadata FROM datasets WHERE id = ?", [dataset]).fetchone()
    meta = json.loads(row[0]) if row and row[0] else {}
    return meta.get("value_labels") or {}


def resolve(store: Store, dataset: str, dims: dict[str, Any]) -> dict[str, Any]:
    """``label:TEXT`` codes replaced by the source's code for TEXT (raises LabelNotFound)."""
    if not any(str(c).startswith("label:") for v in dims.values() for c in (v if isinstance(v, list) else [v])):
        return dims
    labels = value_labels(store, dataset)

    def code(dimension: str, item: str) -> str:
        if not item.startswith("label:"):
            return item
        wanted = [_normal(t) for t in item.removeprefix("label:").split("|")]
        known = labels.get(dimension, {})
        for value, label in known.items():
            if _normal(label) in wanted:
                return value
        raise LabelNotFound(f"dataset {dataset!r}, {dimension}: no code is labelled {item.removeprefix('label:')!r}"
                            + (f"; the labels are: {', '.join(known.values())}" if known else "; no labels stored yet"))

    return {d: [code(d, c) for c in v] if isinstance(v, list) else code(d, v) for d, v in dims.items()}


def load_series(store: Store, series: Series, regions: list[str], override: dict[str, str] | None = None) -> Values:
    """Current values of a series; lists and ``*`` are summed as the module says."""
    try:
        dims = resolve(store, series.dataset, {**series.dims, **(override or {})})
    except LabelNotFound:
        return {}
    listed = {d: v for d, v in dims.items() if isinstance(v, list)}
    starred = {d for d, v in dims.items() if v == "*"}
    fixed = {d: v for d, v in dims.items() if d not in listed and d not in starred}
    marks = ",".join("?" * len(regions))
    exact = not listed and not starred
    rows = store.conn.execute(
        f"""
        SELECT region, period, dims, value FROM observations
        WHERE dataset = ? AND region IN ({marks}) AND value IS NOT NULL {"AND dims = ?" if exact else ""}
          AND (status IS NULL OR status NOT LIKE 'deleted%') AND period != ''
        """,
        [series.dataset, *regions, *([dims_json(fixed)] if exact else [])],
    ).fetchall()
    wanted_keys = set(fixed) | set(listed) | starred
    needed = 1
    for codes in listed.values():
        needed *= len(codes)
    parts: dict[tuple[str, str], dict[tuple, float]] = defaultdict(dict)
    for region, period, text, value in rows:
        if series.month is not None:
            if len(period) != 7 or int(period[5:7]) != series.month:
                continue
            period = period[:4]
        cell = orjson.loads(text)
        if set(cell) != wanted_keys:
            continue
        if any(cell.get(d) != v for d, v in fixed.items()):
            continue
        if any(cell.get(d) not in codes for d, codes in listed.items()):
            continue
        key = tuple(cell.get(d) for d in sorted(listed) + sorted(starred))
        parts[(region, period)][key] = parts[(region, period)].get(key, 0.0) + value
    if not listed and not starred:
        return {k: next(iter(v.values())) for k, v in parts.items()}
    out: Values = {}
    for key, cells in parts.items():
        listed_combos = {c[: len(listed)] for c in cells}
        if len(listed_combos) == needed:
            out[key] = sum(cells.values())
    return out


def series_status(store: Store, series: Series, regions: list[str], flag: str) -> set[tuple[str, str]]:
    """(region, period) of a series' cells whose source status carries ``flag`` (Eurostat's ``b``)."""
    rows = store.conn.execute(
        f"SELECT region, period, status FROM observations WHERE dataset = ? "
        f"AND region IN ({','.join('?' * len(regions))}) AND status IS NOT NULL AND status != ''",
        [series.dataset, *regions],
    ).fetchall()
    found = set()
    for region, period, status in rows:
        if flag in re.split(r"[\s,]+", status):
            found.add((region, period[:4] if series.month else period))
    return found


def explain_empty(store: Store, series: Series) -> dict[str, Any]:
    """Why a series has no values: for the operator (dataset, dims) and, as a code, for readers."""
    found = [d for (d,) in store.conn.execute("SELECT DISTINCT dims FROM observations WHERE dataset = ? LIMIT 8", [series.dataset])]
    if not found:
        return {"code": "no_observations", "dataset": series.dataset,
                "detail": f"dataset {series.dataset!r} has no observations yet"}
    try:
        resolve(store, series.dataset, dict(series.dims))
    except LabelNotFound as exc:
        return {"code": "no_match", "dataset": series.dataset, "detail": str(exc)}
    sexes = {v for k, v in series.dims.items() if k in ("gender", "Kon")}
    code = "no_breakdown" if sexes - {"T", "1+2", "*"} else "no_match"
    row = store.conn.execute("SELECT metadata FROM datasets WHERE id = ?", [series.dataset]).fetchone()
    if row and row[0] and json.loads(row[0]).get("snapshot"):
        code = "not_in_snapshot"  # the source has it; the bundled snapshot of published figures does not
    return {"code": code, "dataset": series.dataset,
            "detail": f"dataset {series.dataset!r} has no observations with dims "
                      f"{json.dumps(series.dims, ensure_ascii=False, sort_keys=True)}; it has {', '.join(found)}"}


def chain(changes: dict[str, float], base_year: int) -> dict[str, float]:
    """An index (base year = 100) from annual percentage changes (each year's change on the year
    before), over the unbroken run of years around the base year."""
    years = {int(p): v for p, v in changes.items() if len(p) == 4}
    index = {base_year: 100.0}
    year = base_year
    while year + 1 in years:
        index[year + 1] = index[year] * (1 + years[year + 1] / 100)
        year += 1
    year = base_year
    while year in years:
        index[year - 1] = index[year] / (1 + years[year] / 100)
        year -= 1
    return {str(y): v for y, v in sorted(index.items())} if len(index) > 1 else {}


def evaluate(store: Store, formula: Formula, regions: list[str], override: dict[str, str] | None = None) -> Values:
    """The formula's values for ``regions`` (every period where it is defined)."""
    f = formula

    def get(series: Series) -> Values:
        return load_series(store, series, regions, override)

    if f.type == "value":
        values = get(f.series)
        return {k: v * f.scale for k, v in values.items()} if f.scale is not None else values
    if f.type in ("ratio", "share"):
        numerator, denominator = get(f.numerator), get(f.denominator)
        scale = f.scale if f.scale is not None else (100.0 if f.type == "share" else 1.0)
        return {k: v / denominator[k] * scale for k, v in numerator.items() if denominator.get(k)}
    if f.type == "sum":
        parts = [get(term) for term in f.terms]
        keys = set.intersection(*(set(p) for p in parts))
        return {k: sum(p[k] for p in parts) for k in keys}
    if f.type == "per_1000":
        values, population = get(f.series), get(f.population)
        return {k: v / population[k] * 1000 for k, v in values.items() if population.get(k)}
    if f.type == "splice":
        joined: Values = {}
        for part in f.parts:
            for (r, p), v in evaluate(store, part.formula, regions, override).items():
                year = int(p[:4])
                if (part.start is None or year >= part.start) and (part.end is None or year <= part.end):
                    joined[(r, p)] = v
        return joined
    values = get(f.series)
    if f.type == "chain_index":
        out: Values = {}
        for region in {r for r, _ in values}:
            own = {p: v for (r, p), v in values.items() if r == region}
            out.update({(region, p): v for p, v in chain(own, f.base_year).items()})
        return out
    base = {region: v for (region, period), v in values.items() if period == str(f.base_year)}
    if f.type == "index":
        return {(r, p): v / base[r] * 100 for (r, p), v in values.items() if base.get(r)}
    return {(r, p): (v / base[r] - 1) * 100 for (r, p), v in values.items() if base.get(r)}
