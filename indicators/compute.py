"""The indicator layer's nightly step: every strategy's indicator values and progress.

``compute_all(config, store)`` runs after every ingest and whenever indicators.yml changes; it
writes ``indicator_values`` (strategy, indicator, region, period, sex, value), ``progress`` (the
status and every number behind it; see ``indicators.assessment``), ``qualitative_assessments``
and the structure tables (``indicators.structure_tables``), all in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from datetime import date
from typing import Any

from indicators.assessment import Context, assess_indicator
from indicators.formulas import comparison_regions, evaluate, explain_empty, load_series, series_status
from indicators.model import Indicator
from indicators.structure_tables import compute_structure
from ingest.codes import SWEDEN
from ingest.config import Config
from ingest.errors import IngestError
from ingest.store import Store, utc_now

log = logging.getLogger(__name__)


class IndicatorError(IngestError):
    """An indicator's formula does not fit the stored data."""


def config_hash(config: Config) -> str:
    text = json.dumps({"strategies": {k: s.model_dump(mode="json") for k, s in config.strategies.items()},
                       "assessment": config.assessment.model_dump(mode="json"),
                       "datasets": {k: [b.model_dump(mode="json") for b in d.breaks] + [d.expected_lag_years]
                                    for k, d in config.datasets.items()}}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def data_version(store: Store) -> str:
    row = store.conn.execute("SELECT max(id) FROM ingest_runs").fetchone()
    return str(row[0] or 0)


def is_stale(config: Config, store: Store) -> bool:
    """Whether the indicator tables were computed from another configuration or older data."""
    stored = dict(store.conn.execute("SELECT key, value FROM meta WHERE key IN ('indicators_config', 'indicators_data')"))
    return stored.get("indicators_config") != config_hash(config) or stored.get("indicators_data") != data_version(store)


def deflator_index(config: Config, store: Store) -> dict[str, float] | None:
    """The configured price index by year (Sweden's), or None when none is configured or stored."""
    deflator = config.assessment.deflator
    if deflator is None:
        return None
    values = load_series(store, deflator.series, [SWEDEN])
    return {p[:4]: v for (_, p), v in values.items() if len(p) == 4} or None


def _context(config: Config, store: Store, indicator: Indicator, regions: list[str], today: date,
             index: dict[str, float] | None) -> Context:
    datasets = {s.dataset for s in indicator.formula.all_series()}
    breaks: dict[str, dict[str, str]] = {}
    for name in sorted(datasets):
        for b in config.datasets[name].breaks:
            breaks[b.period] = b.note.model_dump()
    for year in indicator.formula.splice_years():
        breaks.setdefault(str(year), indicator.formula.break_note.model_dump())
    flagged: dict[str, set[str]] = defaultdict(set)
    for series in indicator.formula.all_series():
        for region, period in series_status(store, series, regions, "b"):
            flagged[region].add(period)
    lags = [config.datasets[d].expected_lag_years for d in datasets if config.datasets[d].expected_lag_years is not None]
    return Context(config.assessment, today.year, max(lags) if lags else config.assessment.stale_after_years,
                   breaks, dict(flagged), index if indicator.prices == "current" else None,
                   config.assessment.deflator.series.dataset if config.assessment.deflator else None)


def _missing(store: Store, indicator: Indicator, regions: list[str]) -> dict[str, Any]:
    for series in indicator.formula.all_series():
        if not load_series(store, series, regions):
            return explain_empty(store, series)
    return {"code": "no_common_period", "detail": "the formula's series have no period in common"}


def compute_all(config: Config, store: Store, *, today: date | None = None) -> dict[str, list[str]]:
    """Recompute every strategy's indicator values, progress and qualitative items.

    Returns, per strategy, the indicators that have no data (with the reason, for the operator),
    which are listed as not available rather than failing the whole computation.
    """
    now = utc_now()
    today = today or date.today()
    index = deflator_index(config, store)
    missing: dict[str, list[str]] = defaultdict(list)
    value_rows, progress, qualitative = [], [], []
    computed: dict[tuple[str, str], dict[tuple[str, str], float]] = {}
    for strategy_id, strategy in config.strategies.items():
        for indicator_id, (area, indicator) in strategy.indicators().items():
            regions = comparison_regions(strategy, indicator)
            values = evaluate(store, indicator.formula, regions)
            computed[(strategy_id, indicator_id)] = values
            value_rows += [(strategy_id, indicator_id, r, p, "T", v) for (r, p), v in values.items()]
            if indicator.by_sex:
                for sex, code in (("K", indicator.by_sex.women), ("M", indicator.by_sex.men)):
                    split = evaluate(store, indicator.formula, regions, {indicator.by_sex.dimension: code})
                    value_rows += [(strategy_id, indicator_id, r, p, sex, v) for (r, p), v in split.items()]
            if indicator.municipal:
                municipal = load_series(store, indicator.municipal, _municipalities(strategy.region))
                value_rows += [(strategy_id, indicator_id, r, p, "T", v) for (r, p), v in municipal.items()]
            context = _context(config, store, indicator, regions, today, index)
            progress += assess_indicator(strategy_id, strategy, area, indicator_id, indicator, values, context, now)
            if not values:
                why = _missing(store, indicator, regions)
                missing[strategy_id].append(f"{indicator_id}: {why['detail']}")
                progress.append({
                    "strategy": strategy_id, "indicator": indicator_id, "area": area, "region": strategy.region,
                    "direction": indicator.direction, "status": "not_available", "reason_code": why["code"],
                    "reason": "no data: " + why["detail"], "computed_at": now, "flags": "[]",
                    "prices": indicator.prices,
                })
        for area_id, area in strategy.areas.items():
            for item_id, item in area.qualitative.items():
                for a in item.assessments:
                    qualitative.append({
                        "strategy": strategy_id, "area": area_id, "item": item_id, "label_sv": item.label.sv,
                        "label_en": item.label.en, "assessed": a.assessed, "value": a.value, "value_en": a.value_en,
                        "assessed_by": a.by, "source": a.source, "note": a.note, "note_en": a.note_en,
                    })
    structure = compute_structure(config, store, computed)
    with store.db.atomic():
        _record_status_changes(store, progress, now)
        store.conn.execute("DELETE FROM indicator_values")
        store.conn.execute("DELETE FROM progress")
        store.conn.execute("DELETE FROM qualitative_assessments")
        store.conn.executemany("INSERT OR REPLACE INTO indicator_values VALUES (?, ?, ?, ?, ?, ?)", value_rows)
        store.db["progress"].insert_all(progress, alter=False)
        store.db["qualitative_assessments"].insert_all(qualitative, alter=False)
        structure.write(store)
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


def _municipalities(county: str) -> list[str]:
    from ingest.codes import swedish_regions

    return [r.code for r in swedish_regions() if r.level == "municipality" and r.parent == county]


def _record_status_changes(store: Store, progress: list[dict[str, Any]], now: str) -> None:
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
