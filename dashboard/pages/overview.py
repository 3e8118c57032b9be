"""Overview: where a strategy stands, area by area; what changed since a chosen date."""

from __future__ import annotations

import logging
import textwrap
import time

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, exports, queries
from dashboard.cards import (
    facts_line,
    qualitative_line,
    relative_badge,
    statement_block,
    status_badge,
    value_text,
    verdict_block,
)
from dashboard.components import frame, guarded, href, page_title, query_string, table
from dashboard.downloads import TableData, table_source
from dashboard.i18n import format_date, format_datetime, status_word, t
from indicators.wording import byline, specialisation_text
from dashboard.report import FORMATS
from dashboard.state import posted, read_state
from ingest.codes import county_codes, region_name

SHOWN_CHANGES = 100  # the latest new and revised values shown (the download has the same)

log = logging.getLogger(__name__)


@table_source("status_changes")
def status_changes_table(config, db, state) -> TableData:
    """Indicators whose status changed since the chosen date: before, after, when."""
    lang = state.lang
    labels = {i: ind.label.model_dump()[lang] for i, (_, ind) in config.strategies[state.strategy].indicators().items()}
    rows = [
        {**c, "indicator": labels.get(c["indicator"], c["indicator"]), "old_status": status_word(c["old_status"], lang),
         "new_status": status_word(c["new_status"], lang), "changed_at": format_datetime(c["changed_at"], lang)}
        for c in queries.status_changes(db, state.strategy, state.region, state.since)
    ]
    return TableData("status_changes", f"status_changes_{state.strategy}_{state.region}", rows, [
        ("indicator", t("indicator", lang)), ("old_status", t("status_before", lang)),
        ("new_status", t("status_after", lang)), ("changed_at", t("changed_at", lang)),
    ], t("changed_statuses", lang))


@table_source("changes")
def changes_table(config, db, state) -> TableData:
    """New and revised values since the chosen date (the latest hundred) of the region on screen and
    Sweden, in the datasets the strategy's follow-up uses."""
    lang = state.lang
    changes = queries.revision_rows(config, db, state.since, lang, strategy=state.strategy, region=state.region)
    caption = (t("revised_for", lang, region=region_name(state.region, lang))
               + (f" ({t('latest_n', lang, n=SHOWN_CHANGES)})" if len(changes) > SHOWN_CHANGES else ""))
    return TableData("changes", f"changes_since_{state.since}_{state.strategy}_{state.region}", changes[:SHOWN_CHANGES], [
        ("dataset", t("dataset", lang)), ("detail", t("revision_detail", lang)), ("region", t("region", lang)),
        ("period", t("period", lang)), ("change", t("change_kind", lang)), ("old_value", t("value_before", lang)), ("new_value", t("value_after", lang)),
        ("changed_at", t("fetched_at", lang)),
    ], caption)


@guarded
def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params, db)
    lang = state.lang
    data = queries.strategy_follow_up(config, db, state.strategy, state.region)
    banner = queries.snapshot_state(db)
    choices = html.Nav([
        html.A(config.strategies[s].label.model_dump()[lang], href=href("/", **{"strategy": s, "lang": lang}),
                 className="btn btn-outline-primary me-2" + (" active" if s == state.strategy else ""),
                 **({"aria-current": "page"} if s == state.strategy else {}))
        for s in config.strategies
    ], className="mb-3", **{"aria-label": t("strategy", lang)})
    own_region = region_name(data["strategy_region"], lang)
    cards = [_area_card(area, state, lang, data["own_region"]) for area in data["areas"]]
    regions = dbc.Select(
        id="overview-region", value=state.region,
        options=[{"label": region_name(c, lang), "value": c} for c in county_codes()],
    )
    since = dcc.Input(id="overview-since", type="date", value=state.since, className="form-control")
    other_region = [] if data["own_region"] else [
        dbc.Alert(t("own_figures_other_region", lang, region=own_region), color="info", className="mb-3")]
    content = [
        html.H1(f"{data['label'][lang]} – {data['region_name'][lang]}"),
        # The strategy document's title is Swedish whatever the page's language (WCAG 3.1.2).
        html.P([html.Span(data["document"], **({"lang": "sv"} if lang != "sv" else {})), ". ",
                _data_line(db, data, banner, lang)]),
        choices,
        dcc.Store(id="overview-state", data=state.query()),
        dbc.Row([
            dbc.Col([html.Label(t("region", lang), htmlFor="overview-region", className="form-label"), regions], md=4),
            # A native date field shows the date in the browser's format (08/29/2026 in an English
            # browser), whatever the page's language: the chosen date is also said in words.
            dbc.Col([html.Label(t("changed_since", lang), htmlFor="overview-since", className="form-label"), since,
                     html.Div(t("since_hint", lang, date=format_date(state.since, lang)), id="overview-since-hint",
                              className="form-text")], md=4),
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
        *other_region,
        html.Section([verdict_block(data["verdict"], lang),
                      html.P(html.A(t("methods_title", lang), href=href("/method", lang=lang)), className="small mb-0")],
                     className="verdict-box mb-3", **{"aria-label": t("verdict", lang)}),
        dbc.Row([dbc.Col(card, md=6, xl=4, className="mb-3") for card in cards]),
        html.H2(f"{t('changed_since', lang)} {format_date(state.since, lang)}"),
        *_changes_section(config, db, state),
    ]
    return frame("overview", lang, state.query(), content, banner, notices=state.notices)


def _data_line(db, data, banner, lang):
    """When the figures were computed, and how old the sources' figures are (or that they are the snapshot)."""
    parts = [t("computed_line", lang, when=format_datetime(data["computed_at"], lang))]
    if banner.get("datasets"):
        parts.append(t("snapshot_line", lang, date=format_date(banner.get("created"), lang)))
    else:
        parts.append(t("sources_updated_line", lang, when=format_date(queries.sources_updated(db), lang)))
    return " ".join(parts)


def _changes_section(config, db, state):
    """What changed since the chosen date: the changed statuses and the new and revised values,
    or, when nothing changed, that nothing did (a reassurance, not missing data)."""
    lang = state.lang
    nothing = t("no_changes", lang, since=format_date(state.since, lang))
    tables = [status_changes_table(config, db, state), changes_table(config, db, state)]
    if not any(data.rows for data in tables):
        return [html.P(nothing, className="no-changes")]
    return [table(data, lang, empty=nothing, stacked=True) for data in tables]  # stacked: a card per row on a phone


def _area_card(area, state, lang, own_region):
    items = [verdict_block(area["verdict"], lang, heading=False)] if area["indicators"] else []
    for ind in area["indicators"]:
        relative = relative_badge(ind.get("relative"), lang)
        items.append(html.Div([
            html.H3(html.A(ind["label"][lang], href=href("/indicator", **state.query(indicator=ind["id"]))),
                    className="h6 mb-1"),
            status_badge(ind["status"], lang, ind["flags"], (ind["latest"] or {}).get("period")),
            html.Div(value_text(ind, lang), className="indicator-value"),
            html.Div(facts_line(ind, lang), className="text-muted small"),
            *([html.Div(relative, className="small")] if relative else []),
            *([_indicator_comment(ind["commentary"], lang)] if own_region and ind.get("commentary") else []),
        ], className="indicator-row"))
    if own_region:
        items += [statement_block(s, area["indicators"], lang) for s in area["statements"]]
    spec = specialisation_text(area.get("specialisation"), lang)
    if spec:
        items.append(html.P([html.Strong(t("specialisation", lang) + ": "), spec,
                             " ", html.A(t("structure", lang), href=href("/structure", **state.query(indicator=None)))],
                            className="small mb-1 specialisation-line"))
    qualitative = [q for q in area["qualitative"] if q["latest"]]
    if own_region and qualitative:
        items.append(html.Div([html.Div(t("qualitative", lang), className="small fw-semibold"),
                               html.Ul([html.Li(qualitative_line(q, lang)) for q in qualitative],
                                       className="small mb-1 text-muted qualitative-list")]))
    if own_region and area["commentary"]:  # the secretariat writes of its own region
        items.append(_comment(area["commentary"], lang))
    return dbc.Card(dbc.CardBody([html.H2(area["label"][lang]), *items]), className="area-card h-100")


def _comment(note, lang):
    """The secretariat's latest comment on an area, with who wrote it and when."""
    return html.Figure([
        html.Blockquote(html.P(note["text"], className="mb-1 comment-text"), className="blockquote fs-6 mb-0"),
        html.Figcaption(f"{t('commentary', lang)}: {byline(note, lang)}", className="blockquote-footer mt-1 mb-0"),
    ], className="area-commentary mt-2")


COMMENT_CHARS = 160  # of an indicator's comment on the area card; the indicator page shows it whole


def _indicator_comment(note, lang):
    """The secretariat's latest comment on an indicator, shortened, with who wrote it and when."""
    return html.P([html.Span(f"{t('commentary', lang)}: ", className="fw-semibold"),
                   textwrap.shorten(note["text"], COMMENT_CHARS, placeholder=" …"),
                   html.Span(f" ({byline(note, lang)})", className="text-muted")],
                  className="small mb-1 indicator-commentary")


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
    for clicks in clicks_and_state[:-1]:
        posted(clicks, "number", "n_clicks")
    fmt = str(dash.ctx.triggered_id or "").removeprefix("overview-export-")
    if fmt not in FORMATS:
        raise dash.exceptions.PreventUpdate
    state = read_state(context.config(), posted(clicks_and_state[-1], "mapping", "overview-state.data"))
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
    posted(_ticks, "number", "n_intervals")
    job = posted(current, "mapping", "the export job") or posted(job, "mapping", "the export job")
    if not job or posted(job.get("fmt"), "text", "the export job's format") not in FORMATS:
        raise dash.exceptions.PreventUpdate
    asked = posted(job.get("asked"), "number", "the export job's time") or 0
    config = context.config()
    state = read_state(config, posted(job.get("query"), "mapping", "the export job's address"))
    lang = state.lang
    result = exports.export_report(config, context.db(), state.query(), job["fmt"],
                                   slots=exports.slot_count(dash.get_app().server.config.get("S3_EXPORT_SLOTS")))
    if result.status == "file":
        download = dcc.send_bytes(result.content, result.filename, type=FORMATS[job["fmt"]][2])
        return download, None, None, True, None
    if result.status == "queued":
        if time.time() - asked > exports.QUEUE_GIVE_UP_SECONDS:
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
    region, since = posted(region, "text", "overview-region.value"), posted(since, "text", "overview-since.value")
    current = posted(current, "mapping", "overview-state.data") or {}
    if current and (region, since) == (current.get("region"), current.get("since")):
        raise dash.exceptions.PreventUpdate
    config = context.config()
    state = read_state(config, {**current, "region": region, "since": since})
    return query_string(state.query())


dash.register_page(__name__, path="/", nav_key="overview", title=page_title("overview"), order=0, layout=layout)
