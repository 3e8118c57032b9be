"""Figures as plain plotly dicts (a fraction of a millisecond to build, unlike go.Figure), and
the sentence that says in words what each chart shows.

Charts that do not mislead: integer year ticks without repeats, every trace in the legend, an
explicit empty state instead of empty axes, a zero baseline for levels, numbers in the reader's
language (Swedish: decimal comma, space between thousands, no "k"/"M"), the indicator's own
decimals, series breaks and the base period marked, and no line projected beyond the data (a path
is drawn only to a cited target). Never colour alone: every series has its own dash and marker,
and every chart comes with a sentence and a table.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

from dashboard.i18n import number, status_word, t
from indicators.progress import period_time
from indicators.wording import with_unit

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
# Without a direction the counties are placed, not judged: one neutral colour, patterns by quartile of size.
PLAIN_BAR = "#64748b"  # a value without a quartile (too few regions to rank)
NEUTRAL_COLOURS = {1: "#4b5563", 2: "#6b7280", 3: "#9ca3af", 4: "#d1d5db"}
SEPARATORS = {"sv": ", ", "en": ".,"}   # plotly's [decimal, thousands]
LAYOUT = {
    "margin": {"l": 70, "r": 20, "t": 30, "b": 50},
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 14, "color": "#1f2937"},
    "plot_bgcolor": "#ffffff",
    "paper_bgcolor": "#ffffff",
    "legend": {"orientation": "h", "y": -0.2},
    "hovermode": "x unified",
}


def value_format(decimals: int) -> str:
    """A d3 format with thousands separators and the indicator's decimals, never an SI suffix."""
    return f",.{decimals}f"


def axis_format(decimals: int) -> str:
    """An axis's tick format: at most the indicator's decimals, trailing zeros dropped (20, not 20,0)."""
    return f",.{decimals}~f"


def base_layout(lang: str) -> dict[str, Any]:
    return {**LAYOUT, "separators": SEPARATORS.get(lang, SEPARATORS["sv"])}


def empty_figure(lang: str, message: str | None = None) -> dict[str, Any]:
    """No data: say so in the chart's place instead of drawing empty axes."""
    return {"data": [], "layout": {
        **base_layout(lang), "height": 220, "xaxis": {"visible": False}, "yaxis": {"visible": False},
        "annotations": [{"text": message or t("no_data_chart", lang), "xref": "paper", "yref": "paper", "x": 0.5,
                         "y": 0.5, "showarrow": False, "font": {"size": 16, "color": "#374151"}}],
    }}


def year_ticks(xs: list[float]) -> dict[str, Any]:
    """Whole years only, at most about ten of them."""
    if not xs:
        return {}
    first, last = math.floor(min(xs)), math.ceil(max(xs))
    step = next(s for s in (1, 2, 5, 10, 20) if (last - first) / s <= 10)
    return {"tickmode": "linear", "tick0": first - first % step, "dtick": step, "tickformat": "d",
            "range": [first - 0.5, last + 0.5]}


def with_gaps(points: list[tuple[str, float]]) -> tuple[list, list, list]:
    """A line's x, y and hover text, broken where periods are missing: a gap wider than one and a
    half times the series' usual step (a year, or two for a series published every other year)
    gets no line across it, so the chart never draws values that were not published."""
    times = [period_time(p) for p, _ in points]
    steps = [b - a for a, b in zip(times, times[1:]) if b > a]
    usual = min(steps) if steps else 1.0
    xs, ys, texts = [], [], []
    for i, ((period, value), x) in enumerate(zip(points, times)):
        if i and x - times[i - 1] > 1.5 * usual:
            xs.append(None), ys.append(None), texts.append(None)
        xs.append(x), ys.append(value), texts.append(period)
    return xs, ys, texts


def series_figure(
    series: dict[str, list[tuple[str, float]]],
    *,
    unit: str,
    lang: str,
    decimals: int = 1,
    target_path: list[tuple[float, float]] | None = None,
    breaks: list[dict[str, Any]] | None = None,
    base: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Lines of the region, Sweden and chosen counties; the path to a cited target; the series
    breaks and the base period marked."""
    if not any(series.values()):
        return empty_figure(lang)
    data = []
    hover = value_format(decimals)
    for i, (name, points) in enumerate(series.items()):
        style = STYLES[i % len(STYLES)]
        xs, ys, texts = with_gaps(points)
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": name, "x": xs, "y": ys, "text": texts,
            "hovertemplate": "%{text}: %{y:" + hover + "}<extra>" + name + "</extra>",
            "line": {"color": style["color"], "dash": style["dash"], "width": 3 if i == 0 else 2},
            "marker": {"symbol": style["symbol"], "size": 9 if len(points) == 1 else 8},
        })
    if target_path:
        data.append({
            "type": "scatter", "mode": "lines", "name": t("target_path", lang),
            "x": [x for x, _ in target_path], "y": [y for _, y in target_path],
            "line": {"color": "#111827", "dash": "dot", "width": 2},
            "hovertemplate": "%{x:d}: %{y:" + hover + "}<extra>" + t("target_path", lang) + "</extra>",
        })
    xs = [x for trace in data for x in trace["x"] if x is not None]
    ys = [y for trace in data for y in trace["y"] if y is not None]
    shapes, annotations = _marks(breaks or [], base, lang)
    layout = {
        **base_layout(lang),
        "showlegend": True,
        "shapes": shapes,
        "annotations": annotations,
        "yaxis": {"title": {"text": unit}, "gridcolor": "#e5e7eb", "zeroline": True, "zerolinecolor": "#9ca3af",
                  "tickformat": axis_format(decimals if max(map(abs, ys), default=0) < 1000 else 0),
                  "rangemode": "tozero" if min(ys, default=0) >= 0 else "normal"},
        "xaxis": {"gridcolor": "#e5e7eb", **year_ticks(xs)},
    }
    return {"data": data, "layout": layout}


def _marks(breaks: list[dict[str, Any]], base: dict[str, Any] | None, lang: str) -> tuple[list, list]:
    """Vertical dashed lines at series breaks and a shaded band over the base period."""
    shapes, annotations = [], []
    for b in breaks:
        x = period_time(b["period"]) - 0.5
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
                       "line": {"color": "#7c2d12", "dash": "dash", "width": 1.5}})
        annotations.append({"x": x, "y": 1.02, "xref": "x", "yref": "paper", "showarrow": False, "xanchor": "left",
                            "text": t("series_break", lang), "font": {"size": 12, "color": "#7c2d12"}})
    if base and base.get("periods"):
        times = [period_time(p) for p in base["periods"]]
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": min(times) - 0.4, "x1": max(times) + 0.4,
                       "y0": 0, "y1": 1, "fillcolor": "#e0e7ff", "opacity": 0.45, "line": {"width": 0},
                       "layer": "below"})
        annotations.append({"x": sum(times) / len(times), "y": 0.02, "xref": "x", "yref": "paper", "showarrow": False,
                            "text": t("base_band", lang), "font": {"size": 12, "color": "#3730a3"}})
    return shapes, annotations


def counties_figure(rows: list[dict[str, Any]], *, highlight: str, sweden: float | None, unit: str,
                    lang: str, direction: str, decimals: int = 1, reference_label: str | None = None) -> dict[str, Any]:
    """All counties sorted (best first where the indicator has a direction, else largest first),
    coloured and patterned by quartile only where better and worse mean something; Sweden marked."""
    if not rows:
        return empty_figure(lang)
    ordered = sorted(rows, key=lambda r: r["value"], reverse=direction != "decrease")
    names = [r["name"] for r in ordered]
    quartiles = [r["quartile"] for r in ordered]
    colours = NEUTRAL_COLOURS if direction == "none" else QUARTILE_COLOURS
    data = [{
        "type": "bar", "orientation": "h", "x": [r["value"] for r in ordered], "y": names,
        "marker": {
            "color": [colours.get(q, PLAIN_BAR) for q in quartiles],
            "pattern": {"shape": [QUARTILE_PATTERNS.get(q, "") for q in quartiles]},
            "line": {"color": ["#111827" if r["region"] == highlight else "rgba(0,0,0,0)" for r in ordered], "width": 3},
        },
        "customdata": [[f" ({t('quartile', lang)} {q})" if q else ""] for q in quartiles],
        "hovertemplate": "%{y}: %{x:" + value_format(decimals) + "}%{customdata[0]}<extra></extra>",
        "name": unit,
    }]
    shapes, annotations = [], []
    largest = max((r["value"] for r in rows), default=0)
    if sweden is not None and abs(sweden) <= 1.5 * abs(largest):  # a national total is off the counties' scale
        shapes.append({"type": "line", "x0": sweden, "x1": sweden, "y0": -0.5, "y1": len(ordered) - 0.5,
                       "line": {"color": "#111827", "dash": "dash", "width": 2}})
        annotations.append({"x": sweden, "y": -0.6, "text": f"{reference_label or t('sweden', lang)}: {number(sweden, decimals, lang)}",
                            "showarrow": False, "yanchor": "bottom", "font": {"size": 13}})
    layout = {
        **base_layout(lang), "height": max(260, 26 * len(rows) + 100), "hovermode": "closest", "showlegend": False,
        "shapes": shapes, "annotations": annotations, "margin": {"l": 190, "r": 20, "t": 40, "b": 50},
        "yaxis": {"autorange": "reversed"},
        "xaxis": {"title": {"text": unit}, "gridcolor": "#e5e7eb", "tickformat": axis_format(0 if largest >= 1000 else decimals),
                  "rangemode": "tozero"},
    }
    return {"data": data, "layout": layout}


@lru_cache(maxsize=2)
def outlines(kind: str = "counties") -> dict[str, Any]:
    """Simplified borders shipped with the project (tools/county_outlines.py, tools/municipality_outlines.py):
    no map service."""
    name = "county_outlines.json" if kind == "counties" else "municipality_outlines.json"
    text = resources.files("dashboard").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return json.loads(text)


def county_outlines() -> dict[str, Any]:
    return outlines("counties")


def region_map(rows: list[dict[str, Any]], *, highlight: str | None, unit: str, lang: str, kind: str = "counties",
               decimals: int = 1, direction: str = "increase", only: set[str] | None = None) -> dict[str, Any]:
    """The regions as filled outlines, coloured and patterned by quartile: a plain x/y plot, so it
    needs neither plotly's geo module nor the map tiles it would fetch from a CDN."""
    shapes = outlines(kind)["counties" if kind == "counties" else "municipalities"]
    if only is not None:
        shapes = {code: outline for code, outline in shapes.items() if code in only}
    by_region = {r["region"]: r for r in rows}
    colours = NEUTRAL_COLOURS if direction == "none" else QUARTILE_COLOURS
    data = []
    squeeze = 0.47  # cos(62°): longitude degrees are shorter this far north
    for code, outline in shapes.items():
        row = by_region.get(code)
        xs, ys = [], []
        for ring in outline["rings"]:
            xs += [x * squeeze for x, _ in ring] + [None]
            ys += [y for _, y in ring] + [None]
        quartile = row["quartile"] if row else None
        text = (f"{row['name']}: {with_unit(number(row['value'], decimals, lang), unit, lang)}"
                + (f" ({t('quartile', lang).lower()} {quartile})" if quartile else "")
                if row else f"{outline['name']}: {t('no_data', lang).lower()}")
        data.append({
            "type": "scatter", "mode": "lines", "x": xs, "y": ys, "fill": "toself", "name": text,
            "fillcolor": colours.get(quartile, PLAIN_BAR if row else "#f3f4f6"),
            "fillpattern": {"shape": QUARTILE_PATTERNS.get(quartile, ""), "bgcolor": colours.get(quartile, PLAIN_BAR if row else "#f3f4f6"),
                            "fgcolor": "#1f2937", "fgopacity": 0.45, "size": 6},
            "line": {"color": "#111827" if code == highlight else "#ffffff", "width": 3 if code == highlight else 0.8},
            "hoveron": "fills", "hoverinfo": "name", "showlegend": False,
        })
    legend = [f"{t('quartile', lang)} {q}: {QUARTILE_LEGEND[lang][q]}" for q in (1, 2, 3, 4)] if direction != "none" else []
    layout = {
        **base_layout(lang), "height": 620, "hovermode": "closest", "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "xaxis": {"visible": False, "scaleanchor": "y", "scaleratio": 1}, "yaxis": {"visible": False},
        "annotations": [{"x": 0.02, "y": 0.98, "xref": "paper", "yref": "paper", "showarrow": False, "align": "left",
                         "text": "<br>".join(legend), "font": {"size": 12}}] if legend else [],
    }
    return {"data": data, "layout": layout}


def county_map(rows: list[dict[str, Any]], *, highlight: str, unit: str, lang: str, decimals: int = 1,
               direction: str = "increase") -> dict[str, Any]:
    return region_map(rows, highlight=highlight, unit=unit, lang=lang, decimals=decimals, direction=direction)


def target_path(base: tuple[str, float], target: tuple[float, int]) -> list[tuple[float, float]]:
    """The required compound path from the base value to a cited target by its year."""
    t0, v0 = period_time(base[0]), base[1]
    value, year = target
    if v0 <= 0 or value <= 0 or year <= t0:
        return []
    rate = (value / v0) ** (1 / (year - t0)) - 1
    return [(t0 + k, v0 * (1 + rate) ** k) for k in range(int(year - t0) + 1)]


def bar_figure(labels: list[str], values: list[float], *, unit: str, lang: str, decimals: int = 2,
               highlight: set[str] | None = None, reference: float | None = None,
               reference_label: str | None = None) -> dict[str, Any]:
    """Horizontal bars (industries by location quotient), highlighted ones patterned and outlined."""
    if not values:
        return empty_figure(lang)
    marked = highlight or set()
    data = [{
        "type": "bar", "orientation": "h", "x": values, "y": labels, "name": unit,
        "marker": {"color": ["#0072B2" if label in marked else "#9ca3af" for label in labels],
                   "pattern": {"shape": ["/" if label in marked else "" for label in labels]},
                   "line": {"color": ["#111827" if label in marked else "rgba(0,0,0,0)" for label in labels], "width": 2}},
        "hovertemplate": "%{y}: %{x:" + value_format(decimals) + "}<extra></extra>",
    }]
    shapes, annotations = [], []
    if reference is not None:
        shapes.append({"type": "line", "x0": reference, "x1": reference, "y0": -0.5, "y1": len(labels) - 0.5,
                       "line": {"color": "#111827", "dash": "dash", "width": 2}})
        annotations.append({"x": reference, "y": -0.6, "text": reference_label or "", "showarrow": False,
                            "yanchor": "bottom", "font": {"size": 13}})
    return {"data": data, "layout": {
        **base_layout(lang), "height": max(240, 30 * len(labels) + 100), "showlegend": False, "hovermode": "closest",
        "margin": {"l": 320, "r": 20, "t": 40, "b": 50}, "shapes": shapes, "annotations": annotations,
        "yaxis": {"autorange": "reversed"},
        "xaxis": {"title": {"text": unit}, "gridcolor": "#e5e7eb", "tickformat": axis_format(decimals), "rangemode": "tozero"},
    }}


def sentence(label: str, region: str, unit: str, points: list[tuple[str, float]], status: str | None, lang: str,
             decimals: int = 1, *, deflated: bool = False, who: str | None = None) -> str:
    """What the chart shows, in words: ``I Norrbottens län steg värdet från 497 (2018) till 648 tusen
    kronor per invånare (2021). Status: god utveckling.`` An indicator assessed in fixed prices is
    drawn in current prices, and the sentence says so (``… (2024) i löpande priser. Status i fasta
    priser: försämring.``); ``who`` narrows it (``För kvinnor i …``), and no status is said without one."""
    sv = lang == "sv"
    if not points:
        return f"{label}, {region}: {t('no_data', lang).lower()}."
    place = (f"{'För' if sv else 'For'} {who} {'i' if sv else 'in'} {region}" if who
             else f"{'I' if sv else 'In'} {region}")
    (p0, v0), (p1, v1) = points[0], points[-1]
    v0s, v1u = number(v0, decimals, lang), with_unit(number(v1, decimals, lang), unit, lang)
    prices = (" i löpande priser" if sv else " at current prices") if deflated else ""
    if len(points) == 1:
        said = f"{place} var värdet {v1u} år {p1}{prices}." if sv else f"{place} the value was {v1u} in {p1}{prices}."
    elif number(v1, decimals, lang) == v0s:
        said = (f"{place} var värdet oförändrat, {v1u}, från {p0} till {p1}{prices}." if sv
                else f"{place} the value was unchanged at {v1u} from {p0} to {p1}{prices}.")
    else:
        verb = ("steg" if v1 > v0 else "sjönk") if sv else ("rose" if v1 > v0 else "fell")
        said = (f"{place} {verb} värdet från {v0s} ({p0}) till {v1u} ({p1}){prices}." if sv
                else f"{place} the value {verb} from {v0s} ({p0}) to {v1u} ({p1}){prices}.")
    if status is None:
        return said
    return said + (f" Status{' i fasta priser' if deflated else ''}: {status_word(status, lang)}." if sv
                   else f" Status{' at fixed prices' if deflated else ''}: {status_word(status, lang)}.")
