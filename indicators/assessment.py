"""The assessment of one indicator for every compared region: the status and every number behind
it, in real terms and relative to Sweden, with the base actually used, its sensitivity, the
breaks, volatility and staleness that qualify it, and rank, quartile and % of Sweden for the
period of the value shown. Pure: the values come in, the rows go out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from indicators.model import AssessmentSettings, Indicator, Strategy
from indicators.progress import (
    Point,
    assess,
    breaks_within,
    choose_base,
    deflate,
    is_stale,
    largest_annual_change,
    quartile,
    rank,
    relative_status,
    sensitivity,
    uncertain_because,
)
from ingest.codes import SWEDEN, county_codes

Values = dict[tuple[str, str], float]


@dataclass
class Context:
    """What the assessment of one indicator needs beyond its values."""

    settings: AssessmentSettings
    today_year: int
    lag_years: int
    breaks: dict[str, dict[str, str]] = field(default_factory=dict)          # period -> note {sv, en}
    flagged_breaks: dict[str, set[str]] = field(default_factory=dict)        # region -> periods the source flags b
    deflator: dict[str, float] | None = None                                 # year -> price index
    deflator_id: str | None = None


def _series(values: Values, region: str) -> list[tuple[str, float]]:
    return sorted(((p, v) for (r, p), v in values.items() if r == region), key=lambda pv: pv[0])


def _rank_period(by_period: dict[str, dict[str, float]], region: str, latest: str, least: int) -> str | None:
    """The latest period up to ``latest`` in which the region and at least ``least`` counties have a value."""
    counties = set(county_codes())
    for period in sorted(by_period, reverse=True):
        if period > latest:
            continue
        present = counties & set(by_period[period])
        if region in present and len(present) >= least:
            return period
    return None


def assess_indicator(strategy_id: str, strategy: Strategy, area: str, indicator_id: str, indicator: Indicator,
                     values: Values, context: Context, now: str) -> list[dict[str, Any]]:
    """One progress row per region that has values."""
    settings = context.settings
    base_year = indicator.baseline.year if indicator.baseline else strategy.base_year
    target = (indicator.target.value, indicator.target.year) if indicator.target else None
    thresholds = None if target else {**settings.thresholds, **(strategy.thresholds or {})}
    exceptional = list(settings.exceptional_years)
    by_period: dict[str, dict[str, float]] = defaultdict(dict)
    for (region, period), value in values.items():
        by_period[period][region] = value
    sweden = {p: r[SWEDEN] for p, r in by_period.items() if SWEDEN in r}
    deflating = indicator.prices == "current" and indicator.currency == "SEK" and bool(context.deflator)
    rows = []
    for region in sorted({r for r, _ in values}):
        nominal = _series(values, region)
        latest = Point.of(*nominal[-1])
        judged = nominal
        price_year = None
        if deflating:
            real, price_year = deflate(dict(nominal), context.deflator)
            judged = sorted(real.items())
        current = Point.of(*judged[-1]) if judged else None
        base = choose_base(judged, base_year, mode=settings.base, exceptional=exceptional,
                           before=current.period if current else None)
        result = assess(base, current, indicator.direction, target=target, thresholds=thresholds)
        nominal_result = assess(choose_base(nominal, base_year, mode=settings.base, exceptional=exceptional,
                                            before=latest.period), latest, indicator.direction,
                                target=target, thresholds=thresholds) if deflating else None
        alternatives = sensitivity(judged, current, base_year, indicator.direction, mode=settings.base,
                                   exceptional=exceptional, target=target, thresholds=thresholds,
                                   base=base) if current and base else []
        flags, notes = [], {}
        differing = uncertain_because(result.status, alternatives)
        if differing:
            flags.append("uncertain")
            notes["uncertain"] = differing
        window_start = base.periods[-1] if base else None
        if base and current:
            crossed = breaks_within(context.breaks, window_start, current.period)
            flagged = breaks_within(context.flagged_breaks.get(region, set()), window_start, current.period)
            if crossed or flagged:
                flags.append("break")
                notes["break"] = [{"period": p, "note": context.breaks.get(p)} for p in sorted(set(crossed) | set(flagged))]
            # Over the years the status and its alternatives rest on (the base year's ±2 and the mean around them).
            change = largest_annual_change(judged, min(base.periods[0], str(base_year - 3)), current.period)
            if change is not None and change > settings.volatility_bound:
                flags.append("volatile")
                notes["volatile"] = {"largest_annual_change": change, "bound": settings.volatility_bound}
        if is_stale(latest.period, context.today_year, context.lag_years):
            flags.append("stale")
            notes["stale"] = {"latest_year": int(latest.period[:4]), "lag_years": context.lag_years}
        row = {
            "strategy": strategy_id, "indicator": indicator_id, "area": area, "region": region,
            "direction": indicator.direction, **_numbers(result), "computed_at": now,
            "reason_code": result.code,
            # what is shown is the latest value as published; the judged series may be deflated
            "current_period": latest.period, "current_value": latest.value,
            "assessed_period": current.period if current else None,
            "assessed_value": current.value if current else None,
            "base_periods": json.dumps(list(base.periods)) if base else None,
            "sensitivity": json.dumps({a["base"]: a["status"] for a in alternatives}),
            "sensitivity_detail": json.dumps(alternatives),
            "flags": json.dumps(flags), "flag_notes": json.dumps(notes, ensure_ascii=False),
            "prices": ("deflated" if deflating else indicator.prices),
            "deflator": context.deflator_id if deflating else None,
            "price_year": price_year,
            "nominal_growth": nominal_result.observed_growth if nominal_result else None,
        }
        row["thresholds"] = json.dumps(result.thresholds or (thresholds or {}))
        if deflating and not judged:
            row.update(status="not_available", reason="no price index for the years of the series",
                       reason_code="no_price_index")
        row.update(_placing(by_period, region, latest, indicator.direction, settings.min_counties_for_rank))
        row.update(_against_sweden(nominal, sweden, latest, base_year, indicator, settings, region))
        rows.append(row)
    return rows


def _numbers(result) -> dict[str, Any]:
    numbers = result.as_dict()
    numbers.pop("code")
    return numbers


def _placing(by_period, region: str, latest: Point, direction: str, least: int) -> dict[str, Any]:
    """Rank and quartile for the period of the value shown, or the latest where enough counties have one."""
    placed = {"rank": None, "rank_of": None, "quartile": None, "rank_period": None}
    ranked = _rank_period(by_period, region, latest.period, least)
    if ranked:
        counties = {r: v for r, v in by_period[ranked].items() if r in set(county_codes())}
        position = rank(counties, region, direction)
        placed.update(rank=position[0], rank_of=position[1], quartile=quartile(*position), rank_period=ranked)
    return placed


def _against_sweden(nominal, sweden: dict[str, float], latest: Point, base_year: int, indicator: Indicator,
                    settings: AssessmentSettings, region: str) -> dict[str, Any]:
    """% of Sweden for the period of the value shown, and the trend of that percentage."""
    out: dict[str, Any] = {"sweden_value": None, "pct_of_sweden": None, "sweden_period": None, "relative": None}
    if region == SWEDEN:
        return out
    if sweden.get(latest.period):
        out.update(sweden_value=sweden[latest.period], pct_of_sweden=latest.value / sweden[latest.period] * 100,
                   sweden_period=latest.period)
    ratio = [(p, v / sweden[p] * 100) for p, v in nominal if sweden.get(p)]
    current = Point.of(*ratio[-1]) if ratio else None
    base = choose_base(ratio, base_year, mode=settings.base, exceptional=list(settings.exceptional_years),
                       before=current.period if current else None) if ratio else None
    out["relative"] = json.dumps(relative_status(base, current, indicator.direction, settings.relative_thresholds).as_dict())
    return out
