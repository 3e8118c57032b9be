"""One indicator's chart as the dashboard and the reports show it: the region, Sweden and chosen
counties, the path to a cited target, the base period and any series break, with the sentence that says it in words.

The indicator page and every report draw from here, so a chart in a PDF is the chart on screen.
No line is projected beyond the data: a path is drawn only to a target the strategy cites.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard import figures, queries
from dashboard.i18n import t
from ingest.codes import SWEDEN, region_name
from indicators.progress import deflate
from ingest.config import Config


@dataclass
class IndicatorChart:
    figure: dict[str, Any]
    rows: list[dict[str, Any]]          # every stored value of the regions asked for (all sexes)
    series: dict[str, list[tuple[str, float]]]   # what the chart draws, by region name
    own: list[tuple[str, float]]        # the region's own series (both sexes together)
    progress: dict[str, Any]
    status: str
    sentence: str
    alt: str                            # a text alternative for the chart as an image


def indicator_chart(config: Config, db: Path, strategy: str, indicator_id: str, region: str,
                    compare: list[str], lang: str) -> IndicatorChart:
    _, indicator = config.strategies[strategy].indicators()[indicator_id]
    regions = [region, SWEDEN, *compare]
    rows = queries.indicator_series(db, strategy, indicator_id, regions)
    progress = queries.progress_of(db, strategy, indicator_id, region) or {}
    label, unit = indicator.label.model_dump()[lang], indicator.unit.model_dump()[lang]
    series: dict[str, list[tuple[str, float]]] = {}
    for code in regions:
        points = [(r["period"], r["value"]) for r in rows if r["region"] == code and r["sex"] == "T"]
        if points:
            series[region_name(code, lang)] = points
    own = series.get(region_name(region, lang), [])
    deflated = progress.get("prices") == "deflated"
    if deflated and own:
        # The status is judged in fixed prices: draw the region in them too, beside current prices.
        fixed, year = deflate(dict(own), queries.price_index(config, db) or {})
        if fixed:
            name = region_name(region, lang)
            series = {name: own, f"{name}, {t('fixed_prices_of', lang, year=year)}": sorted(fixed.items()),
                      **{k: v for k, v in series.items() if k != name}}
    sweden = series.get(region_name(SWEDEN, lang))
    others = [abs(v) for pts in series.values() if pts is not sweden for _, v in pts]
    if sweden and own and others and abs(sweden[-1][1]) > 3 * max(others):
        del series[region_name(SWEDEN, lang)]  # a national total is off the regions' scale; its value is given beside
    path = []
    if progress.get("base_period") and indicator.target and progress.get("prices") != "deflated":
        path = figures.target_path((progress["base_period"].split("–")[-1], progress["base_value"]),
                                   (indicator.target.value, indicator.target.year))
    status = progress.get("status", "not_available")
    sentence = figures.sentence(label, region_name(region, lang), unit,
                                [p for p in own if p[0] >= (progress.get("base_period") or "")[:4]], status, lang,
                                indicator.decimals, deflated=deflated)
    notes = json.loads(progress.get("flag_notes") or "{}")
    breaks = notes.get("break") or []
    base = {"periods": json.loads(progress.get("base_periods") or "[]")}
    figure = figures.series_figure(series, unit=unit, lang=lang, decimals=indicator.decimals, target_path=path,
                                   breaks=breaks, base=base if own else None)
    drawn = list(series) + [t("target_path", lang)] * bool(path)
    span = f"{own[0][0]}–{own[-1][0]}" if own else ""
    alt = (f"{t('chart', lang)}: {label} ({unit}) {span}. {t('lines', lang)}: {', '.join(drawn)}. {sentence}"
           if drawn else sentence)
    return IndicatorChart(figure, rows, series, own, progress, status, sentence, alt)
