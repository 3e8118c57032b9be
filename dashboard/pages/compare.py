"""Compare: all 21 counties for one indicator and period, sorted, by quartile, Sweden marked."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, figures, queries
from dashboard.components import changed_query, frame, indicator_menu, table
from dashboard.i18n import number, t
from dashboard.state import read_state
from ingest.codes import SWEDEN, region_name
from indicators.progress import quartile, rank



def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params)
    lang = state.lang
    strategy = config.strategies[state.strategy]
    _, indicator = strategy.indicators()[state.indicator]
    periods = queries.indicator_periods(db, state.strategy, state.indicator)
    values = {}
    period = state.period if state.period in periods else None
    for candidate in ([period] if period else periods):
        values = {r["region"]: r["value"] for r in queries.county_values(db, state.strategy, state.indicator, candidate)}
        if len([r for r in values if r != SWEDEN]) >= 15 or period:
            period = candidate
            break
    counties = {r: v for r, v in values.items() if r != SWEDEN}
    rows = []
    for code, value in counties.items():
        position, of = rank(counties, code, indicator.direction)
        rows.append({"region": code, "name": region_name(code, lang), "value": value, "rank": position, "quartile": quartile(position, of)})
    rows.sort(key=lambda r: r["rank"])
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
        table(f"compare_{state.indicator}_{period}", rows,
              [("rank", t("rank", lang)), ("name", t("region", lang)), ("value", unit), ("quartile", t("quartile", lang))],
              lang, caption=f"{t('counties_sorted', lang)}: {label}, {period}"),
    ]
    return frame("compare", lang, state.query(period=period), content, queries.snapshot_state(db))


@callback(Output("url", "search", allow_duplicate=True), Input("compare-period", "value"), State("compare-state", "data"),
          prevent_initial_call=True)
def choose_period(period, current):
    """The chosen period goes into the URL."""
    return changed_query(current, period=period)


dash.register_page(__name__, path="/compare", nav_key="compare", title="Jämför län – S3-uppföljning", order=2, layout=layout,
                   charts=True)
