"""Indicator: the region's series against Sweden and chosen counties, the target path and the
trend, the status with the numbers behind it, rank, breakdown by sex, values, sources."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, figures, queries
from dashboard.components import changed_query, frame, href, indicator_menu, status_badge, table
from dashboard.i18n import number, status_word, t
from dashboard.indicator_chart import indicator_chart
from dashboard.provenance import byline, source_details
from dashboard.state import read_state
from ingest.codes import SWEDEN, county_codes, region_name
from indicators.wording import explain as explain_status



def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params)
    lang = state.lang
    strategy = config.strategies[state.strategy]
    area_id, indicator = strategy.indicators()[state.indicator]
    regions = [state.region, SWEDEN, *state.compare]
    chart = indicator_chart(config, db, state.strategy, state.indicator, state.region, state.compare, lang)
    rows, progress = chart.rows, chart.progress
    label, unit = indicator.label.model_dump()[lang], indicator.unit.model_dump()[lang]
    # Native checkboxes and links rather than dropdowns: keyboard and screen readers know them.
    picker = html.Fieldset([
        html.Legend(t("compare_with", lang), className="h6"),
        dbc.Checklist(
            id="indicator-compare",
            options=[{"label": region_name(c, lang), "value": c} for c in county_codes() if c != state.region],
            value=state.compare, inline=True,
        ),
    ])
    choose = indicator_menu(strategy, state, lang, "/indicator")
    value_rows, columns = values_table(rows, regions, state.region, lang)
    content = [
        dcc.Store(id="indicator-state", data=state.query()),
        html.P(html.A("← " + t("overview", lang), href=href("/", **state.query(indicator=None)))),
        html.H1(label),
        html.P(strategy.areas[area_id].label.model_dump()[lang], className="lead"),
        choose,
        picker,
        dbc.Row([
            dbc.Col([
                dcc.Graph(id="indicator-chart", figure=chart.figure, config={"displaylogo": False},
                          style={"height": "460px"}),
                html.P(chart.sentence, className="chart-sentence", id="indicator-sentence"),
            ], lg=8),
            dbc.Col(_numbers(progress, indicator, lang), lg=4),
        ]),
        _by_sex(rows, state, label, unit, lang),
        _commentary(db, state, lang),
        html.H2(t("what_it_measures", lang)),
        html.P(indicator.description.model_dump()[lang]),
        html.H2(t("table", lang)),
        table(f"{state.strategy}_{state.indicator}", value_rows, columns, lang, caption=f"{label} ({unit})"),
        html.H2(t("sources", lang)),
        html.Ul([html.Li(_source(s, lang)) for s in queries.indicator_sources(config, db, state.strategy, state.indicator)]),
    ]
    return frame("indicator", lang, state.query(), content, queries.snapshot_state(db))


def _commentary(db, state, lang):
    """The secretariat's latest comment on this indicator, with who wrote it and when."""
    note = queries.latest_comment(db, state.strategy, state.indicator)
    if not note:
        return html.Div()
    return html.Section([
        html.H2(t("commentary", lang)),
        html.Blockquote(html.P(note["text"]), className="blockquote"),
        html.P(byline(note), className="small text-muted"),
    ])


def values_table(rows, regions, own, lang):
    """The chart's values as a table: a row per period, a column per region (and women and men
    of the region where the data split by sex)."""
    columns = [("period", t("period", lang))]
    keys = [(code, "T") for code in regions] + [(own, "K"), (own, "M")]
    by_period: dict[str, dict] = {}
    present = set()
    for r in rows:
        key = (r["region"], r["sex"])
        if key in keys:
            by_period.setdefault(r["period"], {"period": r["period"]})[f"{key[0]}_{key[1]}"] = r["value"]
            present.add(key)
    for code, sex in keys:
        if (code, sex) in present:
            name = region_name(code, lang)
            columns.append((f"{code}_{sex}", name if sex == "T" else f"{name}, {t('women' if sex == 'K' else 'men', lang).lower()}"))
    return [by_period[p] for p in sorted(by_period)], columns


def _numbers(p, indicator, lang):
    status = p.get("status", "not_available")
    items = [html.Dt(t("status", lang)), html.Dd(status_badge(status, lang))]

    def add(key, text):
        items.extend([html.Dt(t(key, lang) if key in ("latest", "baseline", "target", "rank") else key), html.Dd(text)])

    if p.get("current_period"):
        add("latest", f"{number(p['current_value'], indicator.decimals, lang)} ({p['current_period']})")
    if p.get("base_period"):
        add("baseline", f"{number(p['base_value'], indicator.decimals, lang)} ({p['base_period']})")
    if indicator.target:
        add("target", f"{number(indicator.target.value, indicator.decimals, lang)} ({indicator.target.year})")
    if p.get("rank"):
        add("rank", f"{p['rank']} / {p['rank_of']} ({p['rank_period']}), {t('quartile', lang).lower()} {p['quartile']}")
    if p.get("pct_of_sweden"):
        items.extend([html.Dt(t("sweden", lang)), html.Dd(f"{number(p['sweden_value'], indicator.decimals, lang)}; "
                                                         f"{number(p['pct_of_sweden'], 0, lang)} % {t('of_sweden', lang)}")])
    explain = [html.P(explain_status({**p, "direction": indicator.direction}, lang), className="small")]
    if p.get("observed_growth") is not None:
        growth = f"{number(p['observed_growth'] * 100, 2, lang)} %/år" if lang == "sv" else f"{p['observed_growth']:.2%}/yr"
        explain.insert(0, html.P(("Observerad årlig tillväxt: " if lang == "sv" else "Observed annual growth: ") + growth, className="small"))
    sensitivity = p.get("sensitivity")
    if sensitivity:
        import json

        explain.append(html.P(t("sensitivity", lang) + ": " + ", ".join(
            f"{y}: {status_word(s, lang)}" for y, s in json.loads(sensitivity).items()), className="small"))
    direction = t("direction_increase" if indicator.direction == "increase" else "direction_decrease", lang)
    return dbc.Card(dbc.CardBody([
        html.H2(t("how_assessed", lang), className="h5"), html.Dl(items, className="numbers"),
        html.P(direction, className="small"), *explain,
    ]))


def _by_sex(rows, state, label, unit, lang):
    split = {sex: [(r["period"], r["value"]) for r in rows if r["region"] == state.region and r["sex"] == sex] for sex in ("K", "M")}
    if not split["K"] and not split["M"]:
        return html.Div()
    series = {t("women", lang): split["K"], t("men", lang): split["M"]}
    return html.Div([
        html.H2(t("by_sex", lang)),
        dcc.Graph(figure=figures.series_figure({k: v for k, v in series.items() if v}, unit=unit, lang=lang),
                  config={"displaylogo": False}, style={"height": "360px"}),
        html.P(" ".join(figures.sentence(f"{label} ({name.lower()})", region_name(state.region, lang), unit, pts, "not_available", lang).split(";")[0] + "."
                        for name, pts in series.items() if pts), className="chart-sentence"),
    ])


def _source(s, lang):
    return [html.Strong(s["label"] or s["dataset"]), " — ", source_details(s, lang)]


@callback(
    Output("url", "search", allow_duplicate=True),
    Input("indicator-compare", "value"),
    State("indicator-state", "data"),
    prevent_initial_call=True,
)
def update_url(compare, current):
    """The chosen counties go into the URL, which redraws the page (and can be bookmarked)."""
    return changed_query(current, compare=",".join(compare or []) or None)


dash.register_page(__name__, path="/indicator", nav_key="indicator", title="Indikator – S3-uppföljning", order=1, layout=layout,
                   charts=True)
