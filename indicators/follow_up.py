"""The follow-up of a strategy as data: per area and indicator, the latest value, the status and
every number behind it, rank among the counties and % of Sweden; the strategy's statements beside
their measures; the structure of the economy; qualitative assessments; one verdict per area and
for the strategy. ``follow_up`` builds the documented JSON shape; the formatters print it.

JSON shape (stable; new keys may be added, none removed or renamed)::

    {"strategy", "label": {sv, en}, "region", "region_name", "strategy_region", "own_region",
     "document", "computed_at", "verdict": VERDICT,
     "twins": [{"region", "name": {sv, en}, "distance", "position"}], "twin_indicators": {id: period},
     "krugman": {"value", "period", "rank", "rank_of", "measure"} | null,
     "areas": [{"id", "kind", "label", "description", "verdict": VERDICT,
                "indicators": [{"id", "label", "unit", "percent", "direction", "direction_source", "description",
                                "status", "reason", "reason_code",
                                "flags": [uncertain | volatile | stale | break], "flag_notes": {...},
                                "prices": fixed | current | deflated | null, "deflator", "price_year",
                                "nominal_growth",
                                "latest": {"period", "value"} | null,
                                "base": {"period", "value", "periods": [...]} | null  (the base actually used),
                                "assessed": {"period", "value"} | null  (the end of the judged series),
                                "change_pct" (assessed against base, per cent; real when deflated) | null,
                                "change_points" (assessed minus base, in percentage points, for an indicator
                                                 measured in per cent: "percent" true) | null,
                                "target": {"value", "year", "source"} | null, "observed_growth", "required_growth",
                                "ratio", "thresholds", "rank", "rank_of", "rank_period", "quartile",
                                "sweden": {"value", "pct", "period"} | null,
                                "relative": {"status", "observed_growth", "base_period", "base_value",
                                             "current_period", "current_value", "reason"} | null,
                                "sensitivity": {base actually used: status}, "sensitivity_detail": [...],
                                "reference_figures": [{"label", "value", "unit", "unit_label": {sv, en},
                                                       "period", "source", "note"}],
                                "commentary": {"written_at", "author", "text"} | null}],
                "statements": [STATEMENT], "specialisation": SPECIALISATION | null,
                "commentary": {...} | null,
                "qualitative": [{"id", "label", "latest": {...}, "history": [{"assessed", "value", "value_en",
                                 "by", "source", "note"}]}]}]}

    VERDICT = {"total", "assessed", "by_status": {status: n}, "uncertain", "stale", "followed",
               "not_assessable", "no_data"}
    STATEMENT = {"quote": {sv, en}, "claim": {sv, en} | null, "figure": {"value", "period", "unit": {sv, en},
                 "source", "note"} | null, "indicator": id | null, "compare", "since",
                 "now": {"value", "period", "base_period", "base_value", "change_pct", "real_change_pct",
                         "rank", "rank_of", "rank_period", "sweden", "at_figure_year"} | null,
                 "differs": {sv, en} | null, "unmeasured": {sv, en} | null, "series"}
    SPECIALISATION = {"measure", "period", "base_period", "share", "lq", "lq_base",
                      "shift_share": {"national", "industry_mix", "regional", "change", "start", "end"} | null,
                      "breaks": [...], "reason", "industries": {sv, en}, "sni": [...], "other_measures": {...}}
"""

from __future__ import annotations

import json
from typing import Any

from indicators.commentary import comments, latest
from indicators.model import Statement, Strategy
from indicators.progress import verdict
from ingest.codes import region_name
from ingest.config import Config
from ingest.cube_rows import dims_json
from ingest.store import Store


def _json(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


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
            {"assessed": r["assessed"], "value": r["value"], "value_en": r.get("value_en"), "by": r["assessed_by"],
             "source": r["source"], "note": r["note"], "note_en": r.get("note_en")}
        )
    computed = store.conn.execute("SELECT value FROM meta WHERE key = 'indicators_computed_at'").fetchone()
    notes = comments(store, strategy_id)
    own_progress = progress if region == strategy.region else {
        r["indicator"]: r for r in store.db.query(
            "SELECT * FROM progress WHERE strategy = ? AND region = ?", [strategy_id, strategy.region])
    }
    specialisation = _specialisation(store, strategy_id, region)
    areas = []
    for area_id, area in strategy.areas.items():
        indicators = [_indicator(store, indicator_id, indicator, progress.get(indicator_id, {}),
                                 latest(notes, area=area_id, indicator=indicator_id), area.statements, strategy)
                      for indicator_id, indicator in area.indicators.items()]
        statements = [_statement(store, strategy_id, s, own_progress.get(s.indicator, {}), strategy)
                      for s in area.statements]
        items = []
        for item_id, item in area.qualitative.items():
            history = qualitative.get((area_id, item_id), [])
            items.append({"id": item_id, "label": item.label.model_dump(), "latest": history[-1] if history else None,
                          "history": history})
        areas.append({
            "id": area_id, "kind": area.kind, "label": area.label.model_dump(),
            "description": area.description.model_dump() if area.description else None,
            "verdict": verdict(indicators),
            "indicators": indicators, "statements": statements,
            "specialisation": _area_specialisation(specialisation, area_id, area) if area.industries else None,
            "qualitative": items,
            "commentary": latest(notes, area=area_id, indicator=None),
        })
    whole = specialisation.get("whole_economy", {})
    return {
        "strategy": strategy_id,
        "label": strategy.label.model_dump(),
        "region": region,
        "region_name": {"sv": region_name(region, "sv"), "en": region_name(region, "en")},
        "strategy_region": strategy.region,
        "own_region": region == strategy.region,
        "document": strategy.document,
        "computed_at": computed[0] if computed else None,
        "verdict": verdict([i for a in areas for i in a["indicators"]]),
        "twins": _twins(store, strategy_id, region),
        "twin_indicators": _twin_indicators(store, strategy_id, region),
        "krugman": _krugman(store, region),
        "whole_economy": {m: _specialisation_object(row) for m, row in whole.items()} or None,
        "areas": areas,
    }


def _indicator(store: Store, indicator_id: str, indicator, p: dict[str, Any], commentary, statements: list[Statement],
               strategy: Strategy) -> dict[str, Any]:
    relative = _json(p.get("relative"), None)
    return {
        "id": indicator_id,
        "label": indicator.label.model_dump(),
        "unit": indicator.unit.model_dump(),
        "percent": indicator.percent,
        "direction": indicator.direction,
        "direction_source": indicator.direction_source,
        "decimals": indicator.decimals,
        "description": indicator.description.model_dump(),
        "status": p.get("status", "not_available"),
        "reason": p.get("reason") or ("no data for this region" if not p else None),
        "reason_code": p.get("reason_code") or (None if p else "no_region_data"),
        "flags": _json(p.get("flags"), []),
        "flag_notes": _json(p.get("flag_notes"), {}),
        "prices": p.get("prices") or indicator.prices,
        "deflator": p.get("deflator"),
        "price_year": p.get("price_year"),
        "nominal_growth": p.get("nominal_growth"),
        "latest": {"period": p["current_period"], "value": p["current_value"]} if p.get("current_period") else None,
        "base": ({"period": p["base_period"], "value": p["base_value"], "periods": _json(p.get("base_periods"), [])}
                 if p.get("base_period") else None),
        "assessed": ({"period": p["assessed_period"], "value": p["assessed_value"]}
                     if p.get("assessed_period") else None),
        "change_pct": change_pct(p),
        "change_points": change_points(p) if indicator.percent else None,
        "target": indicator.target.model_dump() if indicator.target else None,
        "observed_growth": p.get("observed_growth"),
        "required_growth": p.get("required_growth"),
        "ratio": p.get("ratio"),
        "thresholds": _json(p.get("thresholds"), None),
        "rank": p.get("rank"),
        "rank_of": p.get("rank_of"),
        "rank_period": p.get("rank_period"),
        "quartile": p.get("quartile"),
        "sweden": ({"value": p["sweden_value"], "pct": p["pct_of_sweden"], "period": p.get("sweden_period")}
                   if p.get("sweden_value") else None),
        "relative": relative,
        "sensitivity": _json(p.get("sensitivity"), {}),
        "sensitivity_detail": _json(p.get("sensitivity_detail"), []),
        "reference_figures": [_figure(store, s) for s in statements if s.indicator == indicator_id and s.figure],
        "commentary": commentary,
    }


def _change_ends(p: dict[str, Any]) -> tuple[float, float] | None:
    """The base value and the value at the end of the judged series that the status compares (none
    when they are the same period)."""
    end_value = p.get("assessed_value") if p.get("assessed_value") is not None else p.get("current_value")
    end_period = p.get("assessed_period") or p.get("current_period")
    if not p.get("base_value") or end_value is None or p.get("base_period") == end_period:
        return None
    return p["base_value"], end_value


def change_pct(p: dict[str, Any]) -> float | None:
    """Per cent change from the base to the end of the judged series (none when they are the same
    period); in fixed prices when the series is deflated."""
    ends = _change_ends(p)
    return None if ends is None else (ends[1] / ends[0] - 1) * 100


def change_points(p: dict[str, Any]) -> float | None:
    """The change of a value in per cent from the base to the end of the judged series, in
    percentage points (40,4 % against a base of 36,6 % is +3,8), from the same two values as the
    status and ``change_pct``."""
    ends = _change_ends(p)
    return None if ends is None else ends[1] - ends[0]


def _figure(store: Store, statement: Statement) -> dict[str, Any]:
    """The strategy's own figure (a hand-kept row with its citation)."""
    figure = statement.figure
    row = store.conn.execute(
        """
        SELECT o.period, o.value, s.unit, s.source, s.note FROM observations o
        LEFT JOIN observation_sources s USING (dataset, region, period, dims)
        WHERE o.dataset = ? AND o.region = ? AND o.dims = ?
        ORDER BY o.period DESC LIMIT 1
        """,
        [figure.dataset, figure.region, dims_json({"series": figure.series})],
    ).fetchone()
    base = {"label": statement.quote.model_dump(), "series": figure.series, "region": figure.region,
            "unit_label": figure.unit.model_dump(), "text": figure.text.model_dump() if figure.text else None}
    if row is None:
        return {**base, "value": None, "unit": None, "period": None, "source": None, "note": None,
                "missing": f"dataset {figure.dataset}, series {figure.series}"}
    period, value, unit, source, note = row
    return {**base, "value": value, "unit": unit, "period": period or None, "source": source, "note": note}


def _statement(store: Store, strategy_id: str, statement: Statement, p: dict[str, Any],
               strategy: Strategy) -> dict[str, Any]:
    figure = _figure(store, statement) if statement.figure else None
    now = None
    if statement.indicator and p.get("current_period"):
        now = {"value": p["current_value"], "period": p["current_period"], "rank": p.get("rank"),
               "rank_of": p.get("rank_of"), "rank_period": p.get("rank_period"),
               "sweden": p.get("sweden_value"), "sweden_period": p.get("sweden_period")}
        if figure and figure.get("period"):
            now["at_figure_year"] = _value_at(store, strategy_id, strategy.region, statement.indicator, figure["period"])
        if statement.compare == "change_since":
            now.update(_change_since(store, strategy_id, strategy.region, statement.indicator, statement.since, p))
    if statement.series and not statement.indicator:
        now = _series_now(store, statement.series, strategy.region)
    return {
        "quote": statement.quote.model_dump(), "claim": statement.claim.model_dump() if statement.claim else None,
        "figure": figure, "indicator": statement.indicator, "compare": statement.compare, "since": statement.since,
        "now": now, "differs": statement.differs.model_dump() if statement.differs else None,
        "unmeasured": statement.unmeasured.model_dump() if statement.unmeasured else None,
        "series": statement.series, "series_unit": statement.series_unit.model_dump() if statement.series_unit else None,
    }


def _series_now(store: Store, dataset: str, region: str) -> dict[str, Any] | None:
    """A hand-kept series beside a statement no public statistic measures, once the secretariat
    has entered it: the region's latest value, with its unit as entered, and its rank among the
    counties that period (1 = the largest value)."""
    from indicators.progress import rank
    from ingest.codes import county_codes

    latest = store.conn.execute(
        "SELECT period FROM observations WHERE dataset = ? AND region = ? ORDER BY period DESC LIMIT 1", [dataset, region],
    ).fetchone()
    if latest is None:
        return None
    period = latest[0]
    rows = store.conn.execute(
        "SELECT o.region, o.value, s.unit FROM observations o LEFT JOIN observation_sources s "
        "USING (dataset, region, period, dims) WHERE o.dataset = ? AND o.period = ? AND o.value IS NOT NULL",
        [dataset, period],
    ).fetchall()
    counties = set(county_codes())
    values = {r: v for r, v, _ in rows if r in counties}
    unit = next((u for r, _, u in rows if r == region), None)
    if region not in values:
        return None
    position, of = rank(values, region, "increase")
    return {"value": values[region], "period": period, "unit_text": unit or "", "rank": position if of >= 2 else None,
            "rank_of": of, "rank_period": period, "sweden": None, "series": dataset}


def _value_at(store: Store, strategy_id: str, region: str, indicator: str, period: str) -> float | None:
    row = store.conn.execute(
        "SELECT value FROM indicator_values WHERE strategy = ? AND indicator = ? AND region = ? AND period = ? "
        "AND sex = 'T'", [strategy_id, indicator, region, period],
    ).fetchone()
    return row[0] if row else None


def _change_since(store: Store, strategy_id: str, region: str, indicator: str, since: int,
                  p: dict[str, Any]) -> dict[str, Any]:
    """The change of the indicator since the strategy's year, in current prices and, where the
    series is deflated, in fixed prices too."""
    start = _value_at(store, strategy_id, region, indicator, str(since))
    out: dict[str, Any] = {"base_period": str(since), "base_value": start, "change_pct": None, "real_change_pct": None}
    if start and p.get("current_value") is not None:
        out["change_pct"] = (p["current_value"] / start - 1) * 100
        if p.get("prices") == "deflated":
            index = dict(store.conn.execute(
                "SELECT substr(period, 1, 4), value FROM observations WHERE dataset = ? AND region = '00' "
                "AND value IS NOT NULL", [p.get("deflator")]).fetchall())
            year = p["current_period"][:4]
            if index.get(year) and index.get(str(since)):
                out["real_change_pct"] = ((p["current_value"] / index[year]) / (start / index[str(since)]) - 1) * 100
    return out


def _specialisation(store: Store, strategy_id: str, region: str) -> dict[str, dict[str, dict[str, Any]]]:
    """area -> measure -> specialisation row of the region."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for row in store.db.query("SELECT * FROM specialisation WHERE strategy = ? AND region = ?", [strategy_id, region]):
        found.setdefault(row["area"], {})[row["measure"]] = row
    return found


def _specialisation_object(row: dict[str, Any]) -> dict[str, Any]:
    shift = None
    if row.get("national") is not None:
        shift = {k: row[k] for k in ("national", "industry_mix", "regional", "change", "start", "end")}
    return {"measure": row["measure"], "period": row["period"], "base_period": row["base_period"],
            "share": row["share"], "lq": row["lq"], "lq_base": row["lq_base"], "shift_share": shift,
            "breaks": _json(row.get("breaks"), []), "codes": _json(row.get("codes"), []), "reason": row["reason"],
            "reason_code": row.get("reason_code"), "reason_detail": _json(row.get("reason_detail"), [])}


def _area_specialisation(found: dict, area_id: str, area) -> dict[str, Any]:
    measures = found.get(area_id, {})
    industries = {"industries": area.industries.label.model_dump(), "sni": list(area.industries.sni)}
    if not measures:
        return {"measure": None, "period": None, "base_period": None, "share": None, "lq": None, "lq_base": None,
                "shift_share": None, "breaks": [], "codes": [], "other_measures": {},
                "reason": "no industry figures in the store", "reason_code": "no_figures", "reason_detail": [],
                **industries}
    primary = "employment" if "employment" in measures else sorted(measures)[0]
    main = _specialisation_object(measures[primary])
    main["other_measures"] = {m: _specialisation_object(r) for m, r in measures.items() if m != primary}
    return {**main, **industries}


def _twins(store: Store, strategy_id: str, region: str) -> list[dict[str, Any]]:
    rows = store.conn.execute("SELECT twin, distance, position FROM twins WHERE strategy = ? AND region = ? "
                              "ORDER BY position", [strategy_id, region]).fetchall()
    return [{"region": t, "name": {"sv": region_name(t, "sv"), "en": region_name(t, "en")}, "distance": d,
             "position": n} for t, d, n in rows]


def _twin_indicators(store: Store, strategy_id: str, region: str) -> dict[str, str]:
    row = store.conn.execute("SELECT indicators FROM twins WHERE strategy = ? AND region = ? LIMIT 1",
                             [strategy_id, region]).fetchone()
    return json.loads(row[0]) if row else {}


def _krugman(store: Store, region: str) -> dict[str, Any] | None:
    row = store.conn.execute(
        "SELECT measure, period, value, rank, rank_of FROM krugman WHERE region = ? AND measure = "
        "(SELECT measure FROM krugman WHERE region = ? ORDER BY measure = 'employment' DESC LIMIT 1) "
        "ORDER BY period DESC LIMIT 1", [region, region]).fetchone()
    if row is None:
        return None
    measure, period, value, position, of = row
    return {"measure": measure, "period": period, "value": value, "rank": position, "rank_of": of}


def krugman_series(store: Store, region: str, measure: str = "employment") -> list[dict[str, Any]]:
    """The Krugman index of a county over time (for the specialisation profile)."""
    return [dict(zip(("period", "value", "rank", "rank_of"), r)) for r in store.conn.execute(
        "SELECT period, value, rank, rank_of FROM krugman WHERE region = ? AND measure = ? ORDER BY period",
        [region, measure])]
