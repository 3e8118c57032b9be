"""Compare: all 21 counties for one indicator and period, sorted, by quartile, Sweden marked."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, figures, queries
from dashboard.components import frame, guarded, indicator_menu, query_string, table
from dashboard.downloads import TableData, table_source
from dashboard.i18n import number, t
from dashboard.provenance import retrieved_text, sources_text
from dashboard.state import Notice, read_state
from ingest.codes import SWEDEN, region_name
from indicators.progress import quartile, rank



def county_rows(config, db, state):
    """The counties' values for the period asked for (else the latest with most counties), ranked;
    with a notice when the period asked for has no values."""
    _, indicator = config.strategies[state.strategy].indicators()[state.indicator]
    periods = queries.indicator_periods(db, state.strategy, state.indicator)
    values = {}
    period = state.period if state.period in periods else None
    notices = []
    if state.period and period is None and periods:
        notices.append(Notice("notice_period_missing", {"value": state.period, "shown": periods[0],
                                                        "valid": ", ".join(periods[:12])}))
    for candidate in ([period] if period else periods):
        values = {r["region"]: r["value"] for r in queries.county_values(db, state.strategy, state.indicator, candidate)}
        if len([r for r in values if r != SWEDEN]) >= 15 or period:
            period = candidate
            break
    counties = {r: v for r, v in values.items() if r != SWEDEN}
    rows = []
    for code, value in counties.items():
        position, of = rank(counties, code, indicator.direction)
        rows.append({"region": code, "name": region_name(code, state.lang), "value": value, "rank": position,
                     "quartile": quartile(position, of)})
    rows.sort(key=lambda r: r["rank"])
    return rows, values, periods, period, notices


@table_source("compare_counties")
def counties_table(config, db, state, computed=None) -> TableData:
    lang = state.lang
    _, indicator = config.strategies[state.strategy].indicators()[state.indicator]
    rows, _, _, period, _ = computed or county_rows(config, db, state)
    label, unit = indicator.label.model_dump()[lang], indicator.unit.model_dump()[lang]
    sources = queries.indicator_sources(config, db, state.strategy, state.indicator)
    return TableData(
        "compare_counties", f"compare_{state.indicator}_{period}", rows,
        [("rank", t("rank", lang)), ("name", t("region", lang)), ("value", unit), ("quartile", t("quartile", lang))],
        f"{t('counties_sorted', lang)}: {label}, {period}",
        decimals={"rank": 0, "quartile": 0, "value": indicator.decimals},
        meta={t("period", lang): period or "", t("unit", lang): unit, t("source", lang): sources_text(sources),
              t("fetched_at", lang): retrieved_text(sources)},
    )


@guarded
def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params)
    lang = state.lang
    strategy = config.strategies[state.strategy]
    _, indicator = strategy.indicators()[state.indicator]
    computed = county_rows(config, db, state)
    rows, values, periods, period, notices = computed
    label, unit = indicator.label.model_dump()[lang], indicator.unit.model_dump()[lang]
    own = next((r for r in rows if r["region"] == state.region), None)
    sentence = (
        f"{label} {period}: {region_name(state.region, lang)} "
        + (f"{number(own['value'], indicator.decimals, lang)} {unit}, {t('rank', lang).lower()} {own['rank']}/{len(rows)}"
           if own else t("no_data", lang).lower())
        + (f"; {t('sweden', lang)} {number(values[SWEDEN], indicator.decimals, lang)}." if SWEDEN in values else ".")
    ) if period else t("no_data_offline", lang)
    content = [
        dcc.Store(id="compare-state", data=state.query(period=period)),
        html.H1(f"{t('compare', lang)}: {label}"),
        indicator_menu(strategy, state, lang, "/compare"),
        html.Fieldset([
            html.Legend(t("choose_period", lang), className="h6"),
            dbc.RadioItems(id="compare-period", options=[{"label": p, "value": p} for p in periods], value=period, inline=True),
        ]),
        dbc.Row([
            dbc.Col(dcc.Graph(figure=figures.counties_figure(rows, highlight=state.region, sweden=values.get(SWEDEN),
                                                             unit=unit, lang=lang, direction=indicator.direction),
                              config={"displaylogo": False}), lg=7),
            dbc.Col(dcc.Graph(figure=figures.county_map(rows, highlight=state.region, unit=unit, lang=lang),
                              config={"displaylogo": False, "scrollZoom": False}, id="compare-map"), lg=5),
        ]) if rows else html.P(t("no_data_offline", lang)),
        html.P(sentence, className="chart-sentence"),
        table(counties_table(config, db, state, computed), lang),
    ]
    return frame("compare", lang, state.query(period=period), content, queries.snapshot_state(db),
                 notices=state.notices + notices)


@callback(Output("url", "search", allow_duplicate=True), Input("compare-period", "value"), State("compare-state", "data"),
          prevent_initial_call=True)
def choose_period(period, current):
    """The chosen period goes into the URL (checked like any address). Dash also calls this when
    the page is drawn (its input is new to the page): the address then stays as the reader typed
    it, so that the page's notices about it stay true."""
    if isinstance(current, dict) and period == current.get("period"):
        raise dash.exceptions.PreventUpdate
    state = read_state(context.config(), {**(current if isinstance(current, dict) else {}), "period": period})
    return query_string(state.query())


dash.register_page(__name__, path="/compare", nav_key="compare", title="Jämför län – S3-uppföljning", order=2, layout=layout)
