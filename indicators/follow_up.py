"""The follow-up of a strategy as data: per area and indicator, the latest value, the status and
every number behind it, rank among the counties and % of Sweden; reference figures and
qualitative assessments. ``follow_up`` builds the documented JSON shape; the formatters print it.

JSON shape (stable; new keys may be added, none removed or renamed)::

    {"strategy", "label": {sv, en}, "region", "region_name", "document", "computed_at",
     "areas": [{"id", "kind", "label", "description",
                "indicators": [{"id", "label", "unit", "direction", "description", "status", "reason",
                                "latest": {"period", "value"} | null, "base": {"period", "value"} | null,
                                "change_pct" (latest against base, per cent) | null,
                                "target": {"value", "year"} | null, "observed_growth", "required_growth",
                                "ratio", "thresholds", "rank", "rank_of", "rank_period", "quartile",
                                "sweden": {"value", "pct"} | null, "sensitivity": {year: status},
                                "reference_figures": [{"label", "value", "unit", "unit_label": {sv, en},
                                                       "period", "source", "note"}],
                                "commentary": {"written_at", "author", "text"} | null}],
                "commentary": {...} | null,
                "qualitative": [{"id", "label", "latest": {...}, "history": [{"assessed", "value", "by", "source", "note"}]}]}]}
"""

from __future__ import annotations

import json
from typing import Any

from indicators.commentary import comments, latest
from ingest.codes import region_name
from ingest.config import Config
from ingest.cube_rows import dims_json
from ingest.store import Store


def follow_up(config: Config, store: Store, strategy_id: str, region: str | None = None) -> dict[str, Any]:
    strategy = config.strategies[strategy_id]
    region = region or strategy.region
    progress = {
        r["indicator"]: r for r in store.db.query(
            "SELECT * FROM progress WHERE strategy = ? AND region = ?", [strategy_id, region]
        )
    }
    qualitative: dict[tuple[str, str], list[dict]] = {}
    for r in store.db.query(
        "SELECT * FROM qualitative_assessments WHERE strategy = ? ORDER BY assessed", [strategy_id]
    ):
        qualitative.setdefault((r["area"], r["item"]), []).append(
            {"assessed": r["assessed"], "value": r["value"], "by": r["assessed_by"], "source": r["source"], "note": r["note"]}
        )
    computed = store.conn.execute("SELECT value FROM meta WHERE key = 'indicators_computed_at'").fetchone()
    notes = comments(store, strategy_id)
    areas = []
    for area_id, area in strategy.areas.items():
        indicators = []
        for indicator_id, indicator in area.indicators.items():
            p = progress.get(indicator_id, {})
            indicators.append({
                "id": indicator_id,
                "label": indicator.label.model_dump(),
                "unit": indicator.unit.model_dump(),
                "direction": indicator.direction,
                "decimals": indicator.decimals,
                "description": indicator.description.model_dump(),
                "status": p.get("status", "not_available"),
                "reason": p.get("reason") or ("no data for this region" if not p else None),
                "latest": {"period": p["current_period"], "value": p["current_value"]} if p.get("current_period") else None,
                "base": {"period": p["base_period"], "value": p["base_value"]} if p.get("base_period") else None,
                "change_pct": change_pct(p),
                "target": indicator.target.model_dump() if indicator.target else None,
                "observed_growth": p.get("observed_growth"),
                "required_growth": p.get("required_growth"),
                "ratio": p.get("ratio"),
                "thresholds": json.loads(p["thresholds"]) if p.get("thresholds") else None,
                "rank": p.get("rank"),
                "rank_of": p.get("rank_of"),
                "rank_period": p.get("rank_period"),
                "quartile": p.get("quartile"),
                "sweden": {"value": p["sweden_value"], "pct": p["pct_of_sweden"]} if p.get("sweden_value") else None,
                "sensitivity": json.loads(p["sensitivity"]) if p.get("sensitivity") else {},
                "reference_figures": [_reference(store, figure) for figure in indicator.reference_figures],
                "commentary": latest(notes, area=area_id, indicator=indicator_id),
            })
        items = []
        for item_id, item in area.qualitative.items():
            history = qualitative.get((area_id, item_id), [])
            items.append({"id": item_id, "label": item.label.model_dump(), "latest": history[-1] if history else None, "history": history})
        areas.append({
            "id": area_id, "kind": area.kind, "label": area.label.model_dump(),
            "description": area.description.model_dump() if area.description else None,
            "indicators": indicators, "qualitative": items,
            "commentary": latest(notes, area=area_id, indicator=None),
        })
    return {
        "strategy": strategy_id,
        "label": strategy.label.model_dump(),
        "region": region,
        "region_name": {"sv": region_name(region, "sv"), "en": region_name(region, "en")},
        "document": strategy.document,
        "computed_at": computed[0] if computed else None,
        "areas": areas,
    }


def change_pct(p: dict[str, Any]) -> float | None:
    """Per cent change from the base period to the latest one (none when they are the same period)."""
    if not p.get("base_value") or p.get("current_value") is None or p.get("base_period") == p.get("current_period"):
        return None
    return (p["current_value"] / p["base_value"] - 1) * 100


def _reference(store: Store, figure) -> dict[str, Any]:
    row = store.conn.execute(
        """
        SELECT o.period, o.value, s.unit, s.source, s.note FROM observations o
        LEFT JOIN observation_sources s USING (dataset, region, period, dims)
        WHERE o.dataset = ? AND o.region = ? AND o.dims = ?
        ORDER BY o.period DESC LIMIT 1
        """,
        [figure.dataset, figure.region, dims_json({"series": figure.series})],
    ).fetchone()
    base = {"label": figure.label.model_dump(), "series": figure.series, "region": figure.region}
    if row is None:
        return {**base, "value": None, "unit": None, "unit_label": None, "period": None, "source": None,
                "note": f"not in the store: run `python -m ingest run` (dataset {figure.dataset})"}
    period, value, unit, source, note = row
    unit_label = figure.unit.model_dump() if figure.unit else {"sv": unit or "", "en": unit or ""}
    return {**base, "value": value, "unit": unit, "unit_label": unit_label, "period": period or None, "source": source,
            "note": note}


