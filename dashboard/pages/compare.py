"""Compare: all 21 counties for one indicator and period, sorted, by quartile, Sweden marked; and
the county from the inside, its municipalities, where the source publishes them."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, figures, queries
from dashboard.components import frame, guarded, indicator_menu, page_title, query_string, table
from dashboard.downloads import TableData, table_source
from dashboard.i18n import number, t
from dashboard.provenance import retrieved_text, sources_text
from dashboard.state import Notice, posted, read_state
from indicators.progress import quartile, rank
from indicators.wording import rank_phrase, with_unit
from ingest.codes import SWEDEN, region_name, swedish_regions


def ranked_rows(values: dict[str, float], direction: str, lang: str) -> list[dict]:
    rows = []
    for code, value in values.items():
        position, of = rank(values, code, direction)
        rows.append({"region": code, "name": region_name(code, lang), "value": value, "rank": position,
                     "quartile": quartile(position, of)})
    return sorted(rows, key=lambda r: r["rank"])


def county_rows(config, db, state):
    """The counties' values for the period asked for (else the latest with enough counties to
    rank), ranked; with a notice when the period asked for has no values."""
    _, indicator = config.strategies[state.strategy].indicators()[state.indicator]
    periods = queries.indicator_periods(db, state.strategy, state.indicator)
    values = {}
    period = state.period if state.period in periods else None
    notices = []
    if state.period and period is None and periods:
        notices.append(Notice("notice_period_missing", {"value": state.period, "shown": periods[0],
                                                        "valid": ", ".join(periods[:12])}))
    if period is None and periods:  # the latest period with enough counties to rank, else the latest
        enough = config.assessment.min_counties_for_rank
        period = next((p for p in periods if _county_count(db, state, p) >= enough), periods[0])
    values = ({r["region"]: r["value"] for r in queries.county_values(db, state.strategy, state.indicator, period)}
              if period else {})
    rows = ranked_rows({r: v for r, v in values.items() if r != SWEDEN}, indicator.direction, state.lang)
    if len(rows) < config.assessment.min_counties_for_rank:
        for row in rows:  # a quartile of two or three counties says nothing
            row["quartile"] = None
    return rows, values, periods, period, notices


def _county_count(db, state, period: str) -> int:
    return len([r for r in queries.county_values(db, state.strategy, state.indicator, period) if r["region"] != SWEDEN])


def _meta(config, db, state, period, unit) -> dict[str, str]:
    lang = state.lang
    sources = queries.indicator_sources(config, db, state.strategy, state.indicator, state.lang)
    return {t("period", lang): period or "", t("unit", lang): unit, t("source", lang): sources_text(sources),
            t("fetched_at", lang): retrieved_text(sources)}


@table_source("compare_counties")
def counties_table(config, db, state, computed=None) -> TableData:
    lang = state.lang
    _, indicator = config.strategies[state.strategy].indicators()[state.indicator]
    rows, _, _, period, _ = computed or county_rows(config, db, state)
    label, unit = indicator.label.model_dump()[lang], indicator.unit.model_dump()[lang]
    return TableData(
        "compare_counties", f"compare_{state.indicator}_{period}", rows,
        [("rank", t("rank", lang)), ("name", t("region", lang)), ("value", unit), ("quartile", t("quartile", lang))],
        f"{t('counties_sorted', lang)}: {label}" + (f", {period}" if period else ""),
        decimals={"rank": 0, "quartile": 0, "value": indicator.decimals},
        meta=_meta(config, db, state, period, unit),
    )


def municipal_rows(db, state, indicator):
    """The region's municipalities for the indicator's latest period with municipal values:
    (rows, period, the county's value then, the municipality codes, the names without a value)."""
    county = state.region
    codes = [r.code for r in swedish_regions() if r.level == "municipality" and r.parent == county]
    found = queries.municipal_values(db, state.strategy, state.indicator, codes)
    if not found:
        return [], None, None, codes, []
    period = max(found)
    rows = ranked_rows(found[period], indicator.direction, state.lang)
    county_value = queries.county_values(db, state.strategy, state.indicator, period)
    reference = next((r["value"] for r in county_value if r["region"] == county), None)
    missing = [region_name(c, state.lang) for c in codes if c not in found[period]]
    return rows, period, reference, codes, missing


@table_source("compare_municipalities")
def municipalities_table(config, db, state, computed=None) -> TableData:
    lang = state.lang
    _, indicator = config.strategies[state.strategy].indicators()[state.indicator]
    rows, period, *_ = computed or municipal_rows(db, state, indicator)
    label, unit = indicator.label.model_dump()[lang], indicator.unit.model_dump()[lang]
    return TableData(
        "compare_municipalities", f"municipalities_{state.region}_{state.indicator}_{period}", rows,
        [("rank", t("rank_short", lang)), ("name", t("municipality", lang)), ("value", unit),
         ("quartile", t("quartile", lang))],
        f"{t('municipalities', lang)}: {label}" + (f", {period}" if period else ""),
        decimals={"rank": 0, "quartile": 0, "value": indicator.decimals},
        meta=_meta(config, db, state, period, unit),
    )


@guarded
def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params, db)
    lang = state.lang
    strategy = config.strategies[state.strategy]
    _, indicator = strategy.indicators()[state.indicator]
    computed = county_rows(config, db, state)
    rows, values, periods, period, notices = computed
    direction, decimals = indicator.direction, indicator.decimals
    label, unit = indicator.label.model_dump()[lang], indicator.unit.model_dump()[lang]
    own = next((r for r in rows if r["region"] == state.region), None)
    sweden = t("sweden", lang).lower() if lang == "sv" else t("sweden", lang)  # "riket" inside a sentence
    sentence = (
        f"{label} {period}: {region_name(state.region, lang)} "
        + (f"{with_unit(number(own['value'], decimals, lang), unit, lang)}, "
           + rank_phrase(own["rank"], len(rows), lang)
           if own else t("no_data", lang).lower())
        + (f"; {sweden} {with_unit(number(values[SWEDEN], decimals, lang), unit, lang)}." if SWEDEN in values else ".")
    ) if period else t("no_data", lang)
    enough = config.assessment.min_counties_for_rank
    colouring = direction if len(rows) >= enough else "none"  # no better/worse colours for a handful of counties
    caveat = t("rank_neutral" if direction == "none" else "rank_colour_caveat", lang)
    if rows and len(rows) < enough:
        caveat = t("few_counties", lang, count=len(rows), period=period, min=enough)
    elif period and not state.period and periods and period != periods[0]:
        caveat += " " + t("period_with_counties", lang, period=period, min=enough, later=periods[0])
    content = [
        dcc.Store(id="compare-state", data=state.query(period=period)),
        html.H1(f"{t('compare', lang)}: {label}"),
        indicator_menu(strategy, state, lang, "/compare"),
        html.Fieldset([
            html.Legend(t("choose_period", lang), className="h6"),
            dbc.RadioItems(id="compare-period", options=[{"label": p, "value": p} for p in periods], value=period, inline=True),
        ]) if periods else html.Div(),
        dbc.Row([
            dbc.Col(dcc.Graph(figure=figures.counties_figure(rows, highlight=state.region, sweden=values.get(SWEDEN),
                                                             unit=unit, lang=lang, direction=colouring, decimals=decimals),
                              config={"displaylogo": False}), lg=7),
            dbc.Col(dcc.Graph(figure=figures.county_map(rows, highlight=state.region, unit=unit, lang=lang,
                                                        decimals=decimals, direction=colouring),
                              config={"displaylogo": False, "scrollZoom": False}, id="compare-map"), lg=5),
        ]) if rows else html.P(t("no_data", lang)),
        html.P(sentence, className="chart-sentence"),
        html.P(caveat, className="small text-muted"),
        table(counties_table(config, db, state, computed), lang),
        _municipalities(config, db, state, indicator, label, unit),
    ]
    return frame("compare", lang, state.query(period=period), content, queries.snapshot_state(db),
                 notices=state.notices + notices)


def _municipalities(config, db, state, indicator, label, unit):
    lang, county = state.lang, state.region
    heading = html.H2(f"{t('municipalities', lang)}: {region_name(county, lang)}")
    computed = municipal_rows(db, state, indicator)
    rows, period, reference, codes, missing = computed
    if not rows:
        return html.Section([heading, html.P(t("municipalities_none", lang))])
    note = t("municipalities_missing", lang, names=", ".join(missing)) if missing else ""
    return html.Section([
        heading,
        html.P(t("municipalities_period", lang, period=period, count=len(rows), of=len(codes)) + (" " + note if note else ""),
               className="small text-muted"),
        dbc.Row([
            dbc.Col(dcc.Graph(figure=figures.counties_figure(rows, highlight="", sweden=reference, unit=unit, lang=lang,
                                                             direction=indicator.direction, decimals=indicator.decimals,
                                                             reference_label=region_name(county, lang)),
                              config={"displaylogo": False}, id="compare-municipal-bars"), lg=7),
            dbc.Col(dcc.Graph(figure=figures.region_map(rows, highlight=None, unit=unit, lang=lang, kind="municipalities",
                                                        decimals=indicator.decimals, direction=indicator.direction,
                                                        only=set(codes)),
                              config={"displaylogo": False, "scrollZoom": False}, id="compare-municipal-map"), lg=5),
        ]),
        html.P(t("county_line", lang, county=region_name(county, lang),
                 value=number(reference, indicator.decimals, lang) if reference is not None else "–"),
               className="small"),
        table(municipalities_table(config, db, state, computed), lang),
    ], className="mt-4")


@callback(Output("url", "search", allow_duplicate=True), Input("compare-period", "value"), State("compare-state", "data"),
          prevent_initial_call=True)
def choose_period(period, current):
    """The chosen period goes into the URL (checked like any address). Dash also calls this when
    the page is drawn (its input is new to the page): the address then stays as the reader typed
    it, so that the page's notices about it stay true."""
    period, current = posted(period, "text", "compare-period.value"), posted(current, "mapping", "compare-state.data") or {}
    if current and period == current.get("period"):
        raise dash.exceptions.PreventUpdate
    state = read_state(context.config(), {**current, "period": period})
    return query_string(state.query())


dash.register_page(__name__, path="/compare", nav_key="compare", title=page_title("compare"), order=2, layout=layout,
                   charts=True)
