"""Indicator: the region's series against Sweden and chosen counties, the target path and the
trend, the status with the numbers behind it, rank, breakdown by sex, values, sources."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, figures, queries
from dashboard.cards import relative_badge, statement_block, status_badge, sweden_text, value_text
from dashboard.components import frame, guarded, href, indicator_menu, page_title, query_string, table
from dashboard.downloads import TableData, table_source
from dashboard.i18n import number, status_word, t
from dashboard.indicator_chart import indicator_chart
from dashboard.provenance import retrieved_text, source_details, sources_text
from dashboard.state import posted, read_state
from ingest.codes import SWEDEN, county_codes, region_name
from indicators.wording import explain as explain_status
from indicators.wording import byline, change_cell, rank_text, relative_text, with_unit



@guarded
def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params, db)
    lang = state.lang
    strategy = config.strategies[state.strategy]
    area_id, indicator = strategy.indicators()[state.indicator]
    regions = [state.region, SWEDEN, *state.compare]
    chart = indicator_chart(config, db, state.strategy, state.indicator, state.region, state.compare, lang)
    rows = chart.rows
    data = queries.strategy_follow_up(config, db, state.strategy, state.region)
    area = next(a for a in data["areas"] if a["id"] == area_id)
    ind = next(i for i in area["indicators"] if i["id"] == state.indicator)
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
    sources = queries.indicator_sources(config, db, state.strategy, state.indicator, lang)
    statements = [s for s in area["statements"] if s.get("indicator") == state.indicator] if data["own_region"] else []
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
                *[statement_block(st, area["indicators"], lang) for st in statements],
            ], lg=8),
            dbc.Col(_numbers(ind, indicator, lang), lg=4),
        ]),
        _by_sex(rows, state, label, unit, indicator, lang),
        _commentary(db, state, lang),
        html.H2(t("what_it_measures", lang)),
        html.P(indicator.description.model_dump()[lang]),
        html.H2(t("table", lang)),
        table(_values_data(indicator, rows, regions, state, sources), lang),
        html.H2(t("sources", lang)),
        html.Ul([html.Li(_source(s, lang)) for s in sources]),
    ]
    return frame("indicator", lang, state.query(), content, queries.snapshot_state(db), notices=state.notices)


@table_source("indicator_values")
def values_download(config, db, state) -> TableData:
    """The values table of the indicator page (for its downloads)."""
    _, indicator = config.strategies[state.strategy].indicators()[state.indicator]
    regions = [state.region, SWEDEN, *state.compare]
    rows = queries.indicator_series(db, state.strategy, state.indicator, regions)
    return _values_data(indicator, rows, regions, state, queries.indicator_sources(config, db, state.strategy, state.indicator))


def _values_data(indicator, rows, regions, state, sources) -> TableData:
    lang = state.lang
    label, unit = indicator.label.model_dump()[lang], indicator.unit.model_dump()[lang]
    value_rows, columns = values_table(rows, regions, state.region, lang)
    return TableData(
        "indicator_values", f"{state.strategy}_{state.indicator}_{state.region}", value_rows, columns, f"{label} ({unit})",
        decimals={key: indicator.decimals for key, _ in columns if key != "period"},
        meta={t("unit", lang): unit, t("source", lang): sources_text(sources), t("fetched_at", lang): retrieved_text(sources)},
    )


def _commentary(db, state, lang):
    """The secretariat's latest comment on this indicator, with who wrote it and when."""
    note = queries.latest_comment(db, state.strategy, state.indicator)
    if not note:
        return html.Div()
    return html.Section([
        html.H2(t("commentary", lang)),
        html.Blockquote(html.P(note["text"], className="comment-text"), className="blockquote"),
        html.P(byline(note, lang), className="small text-muted"),
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


def _numbers(ind, indicator, lang):
    """The status and every number behind it, in words a council member can check."""
    items = [html.Dt(t("status", lang)),
             html.Dd(status_badge(ind["status"], lang, ind["flags"], (ind["latest"] or {}).get("period")))]

    def add(key, text):
        items.extend([html.Dt(t(key, lang)), html.Dd(text)])

    if ind["latest"]:
        add("latest", value_text(ind, lang))
    unit = ind["unit"][lang]

    def amount(value):
        return with_unit(number(value, indicator.decimals, lang), unit, lang)

    prices = f", {t('fixed_prices_of', lang, year=ind['price_year'])}" if ind["prices"] == "deflated" else ""
    if ind["base"]:
        periods = ind["base"].get("periods") or []
        when = f"{t('mean_of', lang)} {ind['base']['period']}" if len(periods) > 1 else ind["base"]["period"]
        add("baseline", f"{amount(ind['base']['value'])} ({when}{prices})")
    if prices and ind.get("assessed"):  # the base and the end of the judged series in the same prices
        add("assessed_value", f"{amount(ind['assessed']['value'])} ({ind['assessed']['period']}{prices})")
    if change_cell(ind, lang):
        add("change", change_cell(ind, lang))
    if indicator.target:
        add("target", f"{number(indicator.target.value, indicator.decimals, lang)} ({indicator.target.year}); "
                      f"{indicator.target.source}")
    if ind["rank"]:
        add("rank", f"{rank_text(ind, lang)}, {t('quartile', lang).lower()} {ind['quartile']}")
    if ind["sweden"]:
        add("sweden", f"{amount(ind['sweden']['value'])} ({ind['sweden']['period']}); "
                      f"{sweden_text(ind, lang)}")
    relative = relative_badge(ind.get("relative"), lang)
    if relative:
        add("relative", relative)
    explanation = [html.P(explain_status(ind, lang, indicator.decimals), className="small")]
    against = relative_text(ind, lang)
    if against:
        explanation.append(html.P(against, className="small"))
    if ind["sensitivity_detail"]:
        explanation.append(html.P(t("sensitivity", lang) + ": " + "; ".join(
            f"{a['base']}: {status_word(a['status'], lang)}" for a in ind["sensitivity_detail"]), className="small"))
    direction = [t(f"direction_{indicator.direction}", lang)]
    if indicator.direction_source:  # the strategy's own words, marked as Swedish on an English page
        # The citation has its own quotation marks: set apart by style, not by a second pair.
        direction += [f" ({t('direction_source', lang).lower()}: ",
                      html.Cite(indicator.direction_source, lang="sv"), ")"]
    return dbc.Card(dbc.CardBody([
        html.H2(t("how_assessed", lang), className="h5"), html.Dl(items, className="numbers"),
        html.P(direction, className="small"), *explanation,
        html.P(html.A(t("methods_title", lang), href=href("/method", lang=lang)), className="small mb-0"),
    ]))


def _by_sex(rows, state, label, unit, indicator, lang):
    if not indicator.by_sex:
        return html.Div()
    split = {sex: [(r["period"], r["value"]) for r in rows if r["region"] == state.region and r["sex"] == sex] for sex in ("K", "M")}
    if not split["K"] and not split["M"]:
        return html.Div([html.H2(t("by_sex", lang)), html.P(t("women_men_missing", lang))])
    series = {t("women", lang): split["K"], t("men", lang): split["M"]}
    return html.Div([
        html.H2(t("by_sex", lang)),
        dcc.Graph(figure=figures.series_figure({k: v for k, v in series.items() if v}, unit=unit, lang=lang,
                                               decimals=indicator.decimals),
                  config={"displaylogo": False}, style={"height": "360px"}),
        html.P(" ".join(figures.sentence(label, region_name(state.region, lang), unit, pts, None, lang, indicator.decimals,
                                         who=name.lower())
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
    """The chosen counties go into the URL, which redraws the page (and can be bookmarked); the
    posted list is checked like any address (known counties, each once). When the page is drawn
    (Dash calls this then too) the address stays as the reader typed it."""
    compare = posted(compare, "texts", "indicator-compare.value") or []
    current = posted(current, "mapping", "indicator-state.data") or {}
    if current and ",".join(compare) == (current.get("compare") or ""):
        raise dash.exceptions.PreventUpdate
    state = read_state(context.config(), {**current, "compare": ",".join(compare) or None})
    return query_string(state.query())


dash.register_page(__name__, path="/indicator", nav_key="indicator", title=page_title("indicator"), order=1, layout=layout,
                   charts=True)
