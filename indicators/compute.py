"""The indicator layer: formulas over stored series, values for every compared region, progress.

``compute_all(config, store)`` runs after every ingest and whenever indicators.yml changes; it
writes ``indicator_values`` (strategy, indicator, region, period, sex, value), ``progress`` (the
status and every number behind it, rank, quartile, % of Sweden, base-year sensitivity) and
``qualitative_assessments``, all in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from typing import Any

from ingest.codes import SWEDEN, county_codes, period_year
from ingest.config import Config
from ingest.cube_rows import dims_json
from ingest.errors import IngestError
from indicators.progress import WITHOUT_TARGET, assess, quartile, rank
from ingest.store import Store, utc_now
from indicators.model import Indicator, Series, Strategy

log = logging.getLogger(__name__)

Values = dict[tuple[str, str], float]  # (region, period) -> value


class IndicatorError(IngestError):
    """An indicator's formula does not fit the stored data."""


def comparison_regions(strategy: Strategy, indicator: Indicator) -> list[str]:
    comparison = indicator.comparison or strategy.comparison
    regions = ([SWEDEN] if comparison.sweden else []) + (county_codes() if comparison.counties else [])
    regions += [p for p in comparison.peers if p not in regions]
    if strategy.region not in regions:
        regions.append(strategy.region)
    return regions


def load_series(store: Store, series: Series, regions: list[str], override: dict[str, str] | None = None) -> Values:
    """Current values of a series: deleted and empty cells are not current values."""
    dims = dims_json({**series.dims, **(override or {})})
    marks = ",".join("?" * len(regions))
    rows = store.conn.execute(
        f"""
        SELECT region, period, value FROM observations
        WHERE dataset = ? AND dims = ? AND region IN ({marks}) AND value IS NOT NULL
          AND (status IS NULL OR status NOT LIKE 'deleted%') AND period != ''
        """,
        [series.dataset, dims, *regions],
    ).fetchall()
    return {(r, p): v for r, p, v in rows}


def _explain_empty(store: Store, series: Series) -> str:
    found = [d for (d,) in store.conn.execute("SELECT DISTINCT dims FROM observations WHERE dataset = ? LIMIT 8", [series.dataset])]
    if not found:
        return f"dataset {series.dataset!r} has no observations yet"
    return f"dataset {series.dataset!r} has no observations with dims {dims_json(series.dims)}; it has {', '.join(found)}"


def evaluate(store: Store, indicator: Indicator, regions: list[str], override: dict[str, str] | None = None) -> Values:
    """The indicator's values for ``regions`` (every period where its formula is defined)."""
    f = indicator.formula

    def get(series: Series) -> Values:
        return load_series(store, series, regions, override)

    if f.type == "value":
        return get(f.series)
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
    values = get(f.series)
    base = {region: v for (region, period), v in values.items() if period == str(f.base_year)}
    if f.type == "index":
        return {(r, p): v / base[r] * 100 for (r, p), v in values.items() if base.get(r)}
    return {(r, p): (v / base[r] - 1) * 100 for (r, p), v in values.items() if base.get(r)}


def _series_of(values: Values, region: str) -> list[tuple[str, float]]:
    return sorted(((p, v) for (r, p), v in values.items() if r == region), key=lambda pv: pv[0])


def _base_point(series: list[tuple[str, float]], base_year: int) -> tuple[str, float] | None:
    """The value in the base year, or the first after it (Open SDG's rule)."""
    return next(((p, v) for p, v in series if period_year(p) >= base_year), None)


MIN_COUNTIES_FOR_RANK = 15  # a rank among a handful of counties says little


def _rank_period(by_period: dict[str, dict[str, float]], region: str, latest: str) -> str | None:
    """The latest period up to ``latest`` in which the region and most counties have a value."""
    counties = set(county_codes())
    for period in sorted(by_period, reverse=True):
        if period > latest:
            continue
        present = counties & set(by_period[period])
        if region in present and len(present) >= MIN_COUNTIES_FOR_RANK:
            return period
    return None


def progress_rows(strategy_id: str, strategy: Strategy, area: str, indicator_id: str, indicator: Indicator,
                  values: Values, now: str) -> list[dict[str, Any]]:
    base_year = indicator.baseline.year if indicator.baseline else strategy.base_year
    target = (indicator.target.value, indicator.target.year) if indicator.target else None
    thresholds = strategy.thresholds if not target else None
    by_period: dict[str, dict[str, float]] = defaultdict(dict)
    for (region, period), value in values.items():
        by_period[period][region] = value
    rows = []
    for region in sorted({r for r, _ in values}):
        series = _series_of(values, region)
        current = series[-1] if series else None
        result = assess(_base_point(series, base_year), current, indicator.direction, target=target, thresholds=thresholds)
        sensitivity = {}
        for shift in (-2, -1, 1, 2):
            other = assess(_base_point(series, base_year + shift), current, indicator.direction, target=target, thresholds=thresholds)
            sensitivity[str(base_year + shift)] = other.status
        row = {
            "strategy": strategy_id, "indicator": indicator_id, "area": area, "region": region,
            "direction": indicator.direction, **result.as_dict(), "computed_at": now,
            "sensitivity": json.dumps(sensitivity),
        }
        row["thresholds"] = json.dumps(result.thresholds or (thresholds or WITHOUT_TARGET))
        row["rank"] = row["rank_of"] = row["quartile"] = row["sweden_value"] = row["pct_of_sweden"] = None
        row["rank_period"] = None
        if current:
            ranked = _rank_period(by_period, region, current[0])
            if ranked:
                counties = {r: v for r, v in by_period[ranked].items() if r in county_codes()}
                placed = rank(counties, region, indicator.direction)
                row["rank"], row["rank_of"] = placed
                row["quartile"] = quartile(*placed)
                row["rank_period"] = ranked
            sweden = by_period[current[0]].get(SWEDEN)
            if sweden:
                row["sweden_value"] = sweden
                row["pct_of_sweden"] = current[1] / sweden * 100
        rows.append(row)
    return rows


def config_hash(config: Config) -> str:
    text = json.dumps({k: s.model_dump(mode="json") for k, s in config.strategies.items()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def data_version(store: Store) -> str:
    row = store.conn.execute("SELECT max(id) FROM ingest_runs").fetchone()
    return str(row[0] or 0)


def is_stale(config: Config, store: Store) -> bool:
    stored = dict(store.conn.execute("SELECT key, value FROM meta WHERE key IN ('indicators_config', 'indicators_data')"))
    return stored.get("indicators_config") != config_hash(config) or stored.get("indicators_data") != data_version(store)


def compute_all(config: Config, store: Store) -> dict[str, list[str]]:
    """Recompute every strategy's indicator values, progress and qualitative items.

    Returns, per strategy, the indicators that have no data (with the reason), which are listed
    as not available rather than failing the whole computation.
    """
    now = utc_now()
    missing: dict[str, list[str]] = defaultdict(list)
    value_rows, progress, qualitative = [], [], []
    for strategy_id, strategy in config.strategies.items():
        for indicator_id, (area, indicator) in strategy.indicators().items():
            regions = comparison_regions(strategy, indicator)
            values = evaluate(store, indicator, regions)
            if not values:
                for series in indicator.formula.all_series():
                    if not load_series(store, series, regions):
                        missing[strategy_id].append(f"{indicator_id}: {_explain_empty(store, series)}")
                        break
                else:
                    missing[strategy_id].append(f"{indicator_id}: the formula's series have no period in common")
            value_rows += [
                (strategy_id, indicator_id, r, p, "T", v) for (r, p), v in values.items()
            ]
            if indicator.by_sex:
                for sex, code in (("K", indicator.by_sex.women), ("M", indicator.by_sex.men)):
                    split = evaluate(store, indicator, regions, {indicator.by_sex.dimension: code})
                    value_rows += [(strategy_id, indicator_id, r, p, sex, v) for (r, p), v in split.items()]
            progress += progress_rows(strategy_id, strategy, area, indicator_id, indicator, values, now)
            if not values:
                progress.append({
                    "strategy": strategy_id, "indicator": indicator_id, "area": area, "region": strategy.region,
                    "direction": indicator.direction, "status": "not_available",
                    "reason": "no data: " + missing[strategy_id][-1].split(": ", 1)[1], "computed_at": now,
                })
        for area_id, area in strategy.areas.items():
            for item_id, item in area.qualitative.items():
                for a in item.assessments:
                    qualitative.append({
                        "strategy": strategy_id, "area": area_id, "item": item_id, "label_sv": item.label.sv,
                        "label_en": item.label.en, "assessed": a.assessed, "value": a.value,
                        "assessed_by": a.by, "source": a.source, "note": a.note,
                    })
    with store.db.atomic():
        before = {
            (s, i, r): status
            for s, i, r, status in store.conn.execute("SELECT strategy, indicator, region, status FROM progress")
        }
        changes = [
            {"strategy": p["strategy"], "indicator": p["indicator"], "region": p["region"],
             "old_status": before[(p["strategy"], p["indicator"], p["region"])], "new_status": p["status"], "changed_at": now}
            for p in progress
            if (p["strategy"], p["indicator"], p["region"]) in before
            and before[(p["strategy"], p["indicator"], p["region"])] != p["status"]
        ]
        store.db["status_changes"].insert_all(changes, alter=False)
        store.conn.execute("DELETE FROM indicator_values")
        store.conn.execute("DELETE FROM progress")
        store.conn.execute("DELETE FROM qualitative_assessments")
        store.conn.executemany("INSERT INTO indicator_values VALUES (?, ?, ?, ?, ?, ?)", value_rows)
        store.db["progress"].insert_all(progress, alter=False)
        store.db["qualitative_assessments"].insert_all(qualitative, alter=False)
        store.db["meta"].upsert_all(
            [{"key": "indicators_config", "value": config_hash(config)},
             {"key": "indicators_data", "value": data_version(store)},
             {"key": "indicators_computed_at", "value": now}],
            pk="key",
        )
    for strategy_id, reasons in missing.items():
        for reason in reasons:
            log.info("%s: no data for %s", strategy_id, reason)
    return dict(missing)
