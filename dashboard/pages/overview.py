"""Overview: where a strategy stands, area by area; what changed since a chosen date."""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, queries
from dashboard.components import changed_query, frame, href, status_badge, table
from dashboard.i18n import number, reference_text, signed_percent, status_word, t
from dashboard.provenance import byline
from dashboard.report import FORMATS
from dashboard.state import read_state
from ingest.codes import county_codes, region_name

log = logging.getLogger(__name__)


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
    changes = queries.recent_revisions(db, state.since)
    labels = {i: ind.label.model_dump()[lang] for i, (_, ind) in config.strategies[state.strategy].indicators().items()}
    statuses = [
        {**c, "indicator": labels.get(c["indicator"], c["indicator"]), "old_status": status_word(c["old_status"], lang),
         "new_status": status_word(c["new_status"], lang)}
        for c in queries.status_changes(db, state.strategy, state.region, state.since)
    ]
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
            html.Div(t("export_hint", lang), id="overview-export-hint", className="form-text"),
            html.Div(id="overview-export-error", role="alert"),
        ], role="group", className="mb-3", **{"aria-labelledby": "overview-export-label"}),
        dbc.Row([dbc.Col(card, md=6, xl=4, className="mb-3") for card in cards]),
        html.H2(f"{t('changed_since', lang)} {state.since}"),
        table("status_changes", statuses, [
            ("indicator", t("indicator", lang)), ("old_status", "−"), ("new_status", "+"), ("changed_at", t("computed_at", lang)),
        ], lang, caption=f"{t('changed_statuses', lang)}: {len(statuses)}"),
        table("changes", changes[:100], [
            ("dataset", t("dataset", lang)), ("region", t("region", lang)), ("period", t("period", lang)),
            ("change", t("status", lang)), ("old_value", "−"), ("new_value", "+"), ("changed_at", t("fetched_at", lang)),
        ], lang, caption=f"{t('new_periods', lang)} / {t('revised_values', lang)}: {len(changes)}"),
    ]
    return frame("overview", lang, state.query(), content, banner)


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
    Output("overview-export", "data"),
    Output("overview-export-error", "children"),
    *[Input(f"overview-export-{fmt}", "n_clicks") for fmt in FORMATS],
    State("overview-state", "data"),
    prevent_initial_call=True,
)
def export_report(*clicks_and_state):
    """The same report files as `python -m dashboard report`, for the state on screen."""
    import tempfile
    from pathlib import Path

    from dashboard.report import write
    from dashboard.report.browser import BrowserError
    from dashboard.report.content import build

    current = clicks_and_state[-1]
    fmt = dash.ctx.triggered_id.removeprefix("overview-export-")
    config, db = context.config(), context.db()
    report = build(config, db, current["strategy"], region=current.get("region"), lang=current.get("lang", "sv"),
                   since=current.get("since"))
    with tempfile.TemporaryDirectory() as tmp:
        try:
            path = write(report, fmt, Path(tmp) / f"{report.file_stem()}.{fmt}")
        except BrowserError as exc:  # no Chromium on the server: say so where the button was pressed
            return dash.no_update, dbc.Alert(str(exc), color="warning", className="mt-2 mb-0")
        except Exception as exc:  # never a silent button: the reader sees it failed, the log says why
            log.exception("the %s report of %s could not be written", fmt, current["strategy"])
            return dash.no_update, dbc.Alert(f"{t('export_failed', current.get('lang', 'sv'))}: {exc}", color="danger",
                                             className="mt-2 mb-0")
        return dcc.send_bytes(path.read_bytes(), path.name, type=FORMATS[fmt][2]), None


@callback(
    Output("url", "search", allow_duplicate=True),
    Input("overview-region", "value"),
    Input("overview-since", "value"),
    State("overview-state", "data"),
    prevent_initial_call=True,
)
def choose_region_and_date(region, since, current):
    """The chosen region and date go into the URL."""
    return changed_query(current, region=region, since=since)


dash.register_page(__name__, path="/", nav_key="overview", title="Översikt – S3-uppföljning", order=0, layout=layout)
