"""Figures as plain plotly dicts (a fraction of a millisecond to build, unlike go.Figure), and
the sentence that says in words what each chart shows.

Never colour alone: every series has its own line dash and marker symbol, and every chart comes
with a sentence and a table.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from dashboard.i18n import number, status_word, t
from indicators.progress import period_time

# Colour-blind-safe (Okabe–Ito), each paired with a dash and a marker.
STYLES = [
    {"color": "#0072B2", "dash": "solid", "symbol": "circle"},
    {"color": "#D55E00", "dash": "dash", "symbol": "square"},
    {"color": "#009E73", "dash": "dot", "symbol": "diamond"},
    {"color": "#CC79A7", "dash": "dashdot", "symbol": "triangle-up"},
    {"color": "#E69F00", "dash": "longdash", "symbol": "x"},
    {"color": "#56B4E9", "dash": "longdashdot", "symbol": "star"},
]
QUARTILE_COLOURS = {1: "#1a9850", 2: "#91cf60", 3: "#fc8d59", 4: "#d73027"}
QUARTILE_PATTERNS = {1: "", 2: "/", 3: ".", 4: "x"}
QUARTILE_LEGEND = {
    "sv": {1: "mörkgrön, hel (bäst)", 2: "ljusgrön, snedstreck", 3: "orange, prickar", 4: "röd, kryss"},
    "en": {1: "dark green, solid (best)", 2: "light green, hatched", 3: "orange, dotted", 4: "red, crossed"},
}
LAYOUT = {
    "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 14, "color": "#1f2937"},
    "plot_bgcolor": "#ffffff",
    "paper_bgcolor": "#ffffff",
    "legend": {"orientation": "h", "y": -0.2},
    "hovermode": "x unified",
}


def series_figure(
    series: dict[str, list[tuple[str, float]]],
    *,
    unit: str,
    lang: str,
    target_path: list[tuple[float, float]] | None = None,
    trend: list[tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """Lines of the region, Sweden and chosen counties; the path to the target and the trend."""
    data = []
    for i, (name, points) in enumerate(series.items()):
        style = STYLES[i % len(STYLES)]
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": name,
            "x": [period_time(p) for p, _ in points], "y": [v for _, v in points],
            "text": [p for p, _ in points],
            "hovertemplate": "%{text}: %{y:,.4~g}<extra>" + name + "</extra>",
            "line": {"color": style["color"], "dash": style["dash"], "width": 3 if i == 0 else 2},
            "marker": {"symbol": style["symbol"], "size": 8},
        })
    if target_path:
        data.append({
            "type": "scatter", "mode": "lines", "name": t("target_path", lang),
            "x": [x for x, _ in target_path], "y": [y for _, y in target_path],
            "line": {"color": "#111827", "dash": "dot", "width": 2},
        })
    if trend:
        data.append({
            "type": "scatter", "mode": "lines", "name": t("trend", lang),
            "x": [x for x, _ in trend], "y": [y for _, y in trend],
            "line": {"color": "#6b7280", "dash": "dash", "width": 2},
        })
    layout = {
        **LAYOUT,
        "yaxis": {"title": {"text": unit}, "gridcolor": "#e5e7eb", "zeroline": False},
        "xaxis": {"gridcolor": "#e5e7eb", "tickformat": "d"},
    }
    return {"data": data, "layout": layout}


def counties_figure(rows: list[dict[str, Any]], *, highlight: str, sweden: float | None, unit: str,
                    lang: str, direction: str) -> dict[str, Any]:
    """All counties sorted best first, coloured and patterned by quartile, Sweden marked."""
    ordered = sorted(rows, key=lambda r: r["value"], reverse=direction == "increase")
    names = [r["name"] for r in ordered]
    quartiles = [r["quartile"] for r in ordered]
    data = [{
        "type": "bar", "orientation": "h", "x": [r["value"] for r in ordered], "y": names,
        "marker": {
            "color": [QUARTILE_COLOURS[q] for q in quartiles],
            "pattern": {"shape": [QUARTILE_PATTERNS[q] for q in quartiles]},
            "line": {"color": ["#111827" if r["region"] == highlight else "rgba(0,0,0,0)" for r in ordered], "width": 3},
        },
        "customdata": [[q] for q in quartiles],
        "hovertemplate": "%{y}: %{x:,.4~g} (" + t("quartile", lang) + " %{customdata[0]})<extra></extra>",
        "name": unit,
    }]
    shapes, annotations = [], []
    largest = max((r["value"] for r in rows), default=0)
    if sweden is not None and abs(sweden) <= 1.5 * abs(largest):  # a national total is off the counties' scale
        shapes.append({"type": "line", "x0": sweden, "x1": sweden, "y0": -0.5, "y1": len(ordered) - 0.5,
                       "line": {"color": "#111827", "dash": "dash", "width": 2}})
        annotations.append({"x": sweden, "y": -0.6, "text": f"{t('sweden', lang)}: {number(sweden, 1 if abs(sweden) < 1000 else 0, lang)}",
                            "showarrow": False, "yanchor": "bottom", "font": {"size": 13}})
    layout = {
        **LAYOUT, "height": 620, "hovermode": "closest", "showlegend": False, "shapes": shapes,
        "annotations": annotations, "margin": {"l": 190, "r": 20, "t": 40, "b": 50},
        "yaxis": {"autorange": "reversed"}, "xaxis": {"title": {"text": unit}, "gridcolor": "#e5e7eb"},
    }
    return {"data": data, "layout": layout}


@lru_cache(maxsize=1)
def county_outlines() -> dict[str, Any]:
    """Simplified county borders shipped with the project (tools/county_outlines.py): no map service."""
    text = resources.files("dashboard").joinpath("data/county_outlines.json").read_text(encoding="utf-8")
    return json.loads(text)


def county_map(rows: list[dict[str, Any]], *, highlight: str, unit: str, lang: str) -> dict[str, Any]:
    """The counties as filled outlines, coloured and patterned by quartile: a plain x/y plot, so it
    needs neither plotly's geo module nor the map tiles it would fetch from a CDN."""
    outlines = county_outlines()["counties"]
    by_region = {r["region"]: r for r in rows}
    data = []
    squeeze = 0.47  # cos(62°): longitude degrees are shorter this far north
    for code, outline in outlines.items():
        row = by_region.get(code)
        xs, ys = [], []
        for ring in outline["rings"]:
            xs += [x * squeeze for x, _ in ring] + [None]
            ys += [y for _, y in ring] + [None]
        quartile = row["quartile"] if row else None
        text = (f"{row['name']}: {number(row['value'], 1, lang)} {unit} ({t('quartile', lang).lower()} {quartile})"
                if row else f"{outline['name']}: {t('no_data', lang).lower()}")
        data.append({
            "type": "scatter", "mode": "lines", "x": xs, "y": ys, "fill": "toself", "name": text,
            "fillcolor": QUARTILE_COLOURS.get(quartile, "#e5e7eb"),
            "fillpattern": {"shape": QUARTILE_PATTERNS.get(quartile, ""), "bgcolor": QUARTILE_COLOURS.get(quartile, "#e5e7eb"),
                            "fgcolor": "#1f2937", "fgopacity": 0.45, "size": 6},
            "line": {"color": "#111827" if code == highlight else "#ffffff", "width": 3 if code == highlight else 0.8},
            "hoveron": "fills", "hoverinfo": "name", "showlegend": False,
        })
    legend = [f"{t('quartile', lang)} {q}: {QUARTILE_LEGEND[lang][q]}" for q in (1, 2, 3, 4)]
    layout = {
        **LAYOUT, "height": 620, "hovermode": "closest", "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "xaxis": {"visible": False, "scaleanchor": "y", "scaleratio": 1}, "yaxis": {"visible": False},
        "annotations": [{"x": 0.02, "y": 0.98, "xref": "paper", "yref": "paper", "showarrow": False, "align": "left",
                         "text": "<br>".join(legend), "font": {"size": 12}}],
    }
    return {"data": data, "layout": layout}


def target_path(base: tuple[str, float], target: tuple[float, int]) -> list[tuple[float, float]]:
    """The required compound path from the base value to the target by the target year."""
    t0, v0 = period_time(base[0]), base[1]
    value, year = target
    if v0 <= 0 or value <= 0 or year <= t0:
        return []
    rate = (value / v0) ** (1 / (year - t0)) - 1
    return [(t0 + k, v0 * (1 + rate) ** k) for k in range(int(year - t0) + 1)]


def trend_line(current: tuple[str, float], growth: float | None, until: float) -> list[tuple[float, float]]:
    """The observed growth rate continued from the latest value to ``until``."""
    if growth is None:
        return []
    t1, v1 = period_time(current[0]), current[1]
    steps = max(int(until - t1), 0)
    return [(t1 + k, v1 * (1 + growth) ** k) for k in range(steps + 1)] if steps else []


def sentence(label: str, region: str, unit: str, points: list[tuple[str, float]], status: str, lang: str,
             decimals: int = 1) -> str:
    """What the chart shows, in words: development of the region and its status."""
    if not points:
        return f"{label}, {region}: {t('no_data', lang).lower()}."
    (p0, v0), (p1, v1) = points[0], points[-1]
    v0s, v1s = number(v0, decimals, lang), number(v1, decimals, lang)
    if len(points) == 1:
        verb = {"sv": f"var {v1s} {unit} år {p1}", "en": f"was {v1s} {unit} in {p1}"}[lang]
    elif v1 > v0:
        verb = {"sv": f"steg från {v0s} ({p0}) till {v1s} {unit} ({p1})", "en": f"rose from {v0s} ({p0}) to {v1s} {unit} ({p1})"}[lang]
    elif v1 < v0:
        verb = {"sv": f"sjönk från {v0s} ({p0}) till {v1s} {unit} ({p1})", "en": f"fell from {v0s} ({p0}) to {v1s} {unit} ({p1})"}[lang]
    else:
        verb = {"sv": f"var oförändrad, {v1s} {unit}, från {p0} till {p1}", "en": f"was unchanged at {v1s} {unit} from {p0} to {p1}"}[lang]
    connector = {"sv": " i ", "en": " in "}[lang]
    return f"{label}{connector}{region} {verb}; {t('status', lang).lower()}: {status_word(status, lang)}."
