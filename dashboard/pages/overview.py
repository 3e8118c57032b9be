"""Overview: where a strategy stands, area by area; what changed since a chosen date."""

from __future__ import annotations

import logging
import time

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, exports, queries
from dashboard.components import frame, guarded, href, query_string, status_badge, table
from dashboard.downloads import TableData, table_source
from dashboard.i18n import number, reference_text, signed_percent, status_word, t
from dashboard.provenance import byline
from dashboard.report import FORMATS
from dashboard.state import read_state
from ingest.codes import county_codes, region_name

log = logging.getLogger(__name__)


@table_source("status_changes")
def status_changes_table(config, db, state) -> TableData:
    lang = state.lang
    labels = {i: ind.label.model_dump()[lang] for i, (_, ind) in config.strategies[state.strategy].indicators().items()}
    rows = [
        {**c, "indicator": labels.get(c["indicator"], c["indicator"]), "old_status": status_word(c["old_status"], lang),
         "new_status": status_word(c["new_status"], lang)}
        for c in queries.status_changes(db, state.strategy, state.region, state.since)
    ]
    return TableData("status_changes", f"status_changes_{state.strategy}_{state.region}", rows, [
        ("indicator", t("indicator", lang)), ("old_status", "−"), ("new_status", "+"), ("changed_at", t("computed_at", lang)),
    ], f"{t('changed_statuses', lang)}: {len(rows)}")


@table_source("changes")
def changes_table(config, db, state) -> TableData:
    lang = state.lang
    changes = queries.recent_revisions(db, state.since)
    return TableData("changes", f"changes_since_{state.since}", changes[:100], [
        ("dataset", t("dataset", lang)), ("region", t("region", lang)), ("period", t("period", lang)),
        ("change", t("status", lang)), ("old_value", "−"), ("new_value", "+"), ("changed_at", t("fetched_at", lang)),
    ], f"{t('new_periods', lang)} / {t('revised_values', lang)}: {len(changes)}")


@guarded
def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params)
    lang = state.lang
    data = queries.strategy_follow_up(config, db, state.strategy, state.region)
    banner = queries.snapshot_state(db)
    choices = html.Nav([
        html.A(config.strategies[s].label.model_dump()[lang], href=href("/", **{"strategy": s, "lang": lang}),
                 className="btn btn-outline-primary me-2" + (" active" if s == state.strategy else ""),
                 **({"aria-current": "page"} if s == state.strategy else {}))
        for s in config.strategies
    ], className="mb-3", **{"aria-label": t("strategy", lang)})
    cards = [_area_card(area, state, lang) for area in data["areas"]]
    regions = dbc.Select(
        id="overview-region", value=state.region,
        options=[{"label": region_name(c, lang), "value": c} for c in county_codes()],
    )
    since = dcc.Input(id="overview-since", type="date", value=state.since, className="form-control")
    content = [
        html.H1(f"{data['label'][lang]} – {data['region_name'][lang]}"),
        html.P([f"{data['document']}. {t('computed_at', lang)}: {data['computed_at'] or '–'}. ",
                f"{t('data_updated', lang)}: {queries.last_updated(db) or '–'}."]),
        choices,
        dcc.Store(id="overview-state", data=state.query()),
        dbc.Row([
            dbc.Col([html.Label(t("region", lang), htmlFor="overview-region", className="form-label"), regions], md=4),
            dbc.Col([html.Label(t("changed_since", lang), htmlFor="overview-since", className="form-label"), since], md=4),
        ], className="mb-3"),
        html.Div([
            html.Span(t("export_report", lang) + ":", id="overview-export-label", className="me-2 fw-semibold"),
            *[html.Button(t(f"format_{fmt}", lang), id=f"overview-export-{fmt}", type="button",
                          className="btn btn-outline-primary me-2", **{"aria-describedby": "overview-export-hint"})
              for fmt in FORMATS],
            dcc.Loading(dcc.Download(id="overview-export"), type="circle", parent_style={"display": "inline-block"}),
            dcc.Store(id="overview-export-job"),
            dcc.Interval(id="overview-export-poll", interval=exports.QUEUE_POLL_MS, disabled=True),
            html.Div(t("export_hint", lang), id="overview-export-hint", className="form-text"),
            html.Div(id="overview-export-status", role="status", className="form-text fw-semibold"),
            html.Div(id="overview-export-error", role="alert"),
        ], role="group", className="mb-3", **{"aria-labelledby": "overview-export-label"}),
        dbc.Row([dbc.Col(card, md=6, xl=4, className="mb-3") for card in cards]),
        html.H2(f"{t('changed_since', lang)} {state.since}"),
        table(status_changes_table(config, db, state), lang),
        table(changes_table(config, db, state), lang),
    ]
    return frame("overview", lang, state.query(), content, banner, notices=state.notices)


def _area_card(area, state, lang):
    items = []
    for ind in area["indicators"]:
        latest = ind["latest"]
        value = (f"{number(latest['value'], ind['decimals'], lang)} {ind['unit'][lang]} ({latest['period']})"
                 if latest else t("no_data_offline", lang))
        change = ""
        if ind["change_pct"] is not None:
            change = f"{t('change', lang)} ({ind['base']['period']}): {signed_percent(ind['change_pct'], lang)}"
        rank = f"{t('rank', lang)}: {ind['rank']}/{ind['rank_of']} ({ind['rank_period']})" if ind["rank"] else ""
        items.append(html.Div([
            html.H3(html.A(ind["label"][lang], href=href("/indicator", **state.query(indicator=ind["id"]))),
                    className="h6 mb-1"),
            status_badge(ind["status"], lang),
            html.Div(value, className="indicator-value"),
            html.Div(" · ".join(x for x in (change, rank) if x), className="text-muted small"),
        ], className="indicator-row"))
    for ref in [r for ind in area["indicators"] for r in ind["reference_figures"]]:
        items.append(html.P(f"◆ {reference_text(ref, lang)}", className="small mb-1"))
    for item in area["qualitative"]:
        if item["latest"]:
            items.append(html.P(f"{item['label'][lang]}: {item['latest']['value']} ({item['latest']['assessed']})",
                                className="small mb-1 text-muted"))
    note = area["commentary"]
    if note:
        items.append(html.Figure([
            html.Blockquote(html.P(note["text"], className="mb-1"), className="blockquote fs-6 mb-0"),
            html.Figcaption(f"{t('commentary', lang)}: {byline(note)}",
                            className="blockquote-footer mt-1 mb-0"),
        ], className="area-commentary mt-2"))
    return dbc.Card(dbc.CardBody([html.H2(area["label"][lang]), *items]), className="area-card h-100")


@callback(
    Output("overview-export-job", "data"),
    Output("overview-export-status", "children"),
    Output("overview-export-error", "children"),
    *[Input(f"overview-export-{fmt}", "n_clicks") for fmt in FORMATS],
    State("overview-state", "data"),
    prevent_initial_call=True,
)
def ask_for_report(*clicks_and_state):
    """A click asks for a report of the state on screen (checked again: a posted state is the
    browser's word); ``make_report`` then builds or queues it."""
    fmt = str(dash.ctx.triggered_id or "").removeprefix("overview-export-")
    if fmt not in FORMATS:
        raise dash.exceptions.PreventUpdate
    state = read_state(context.config(), clicks_and_state[-1])
    return {"fmt": fmt, "query": state.query(), "asked": time.time()}, t("export_building", state.lang), None


@callback(
    Output("overview-export", "data"),
    Output("overview-export-status", "children", allow_duplicate=True),
    Output("overview-export-error", "children", allow_duplicate=True),
    Output("overview-export-poll", "disabled"),
    Output("overview-export-job", "data", allow_duplicate=True),
    Input("overview-export-job", "data"),
    Input("overview-export-poll", "n_intervals"),
    State("overview-export-job", "data"),
    prevent_initial_call=True,
)
def make_report(job, _ticks, current):
    """The same report files as `python -m dashboard report`: from the cache, built in a free
    slot, or "queued" (the page asks again until a slot is free)."""
    job = current or job
    if not isinstance(job, dict) or job.get("fmt") not in FORMATS:
        raise dash.exceptions.PreventUpdate
    config = context.config()
    state = read_state(config, job.get("query"))
    lang = state.lang
    result = exports.export_report(config, context.db(), state.query(), job["fmt"],
                                   slots=exports.slot_count(dash.get_app().server.config.get("S3_EXPORT_SLOTS")))
    if result.status == "file":
        download = dcc.send_bytes(result.content, result.filename, type=FORMATS[job["fmt"]][2])
        return download, None, None, True, None
    if result.status == "queued":
        if time.time() - float(job.get("asked") or 0) > exports.QUEUE_GIVE_UP_SECONDS:
            return dash.no_update, None, dbc.Alert(t("export_gave_up", lang), color="warning", className="mt-2 mb-0"), True, None
        return dash.no_update, result.message, None, False, dash.no_update
    return dash.no_update, None, dbc.Alert(result.message, color="danger", className="mt-2 mb-0"), True, None


@callback(
    Output("url", "search", allow_duplicate=True),
    Input("overview-region", "value"),
    Input("overview-since", "value"),
    State("overview-state", "data"),
    prevent_initial_call=True,
)
def choose_region_and_date(region, since, current):
    """The chosen region and date go into the URL (checked like any address). When the page is
    drawn (Dash calls this then too) the address stays as the reader typed it."""
    if isinstance(current, dict) and (region, since) == (current.get("region"), current.get("since")):
        raise dash.exceptions.PreventUpdate
    config = context.config()
    state = read_state(config, {**(current if isinstance(current, dict) else {}), "region": region, "since": since})
    return query_string(state.query())


dash.register_page(__name__, path="/", nav_key="overview", title="Översikt – S3-uppföljning", order=0, layout=layout)
