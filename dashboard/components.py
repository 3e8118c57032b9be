"""Shared parts of every page: the frame (skip link, header, navigation from the page registry,
language switch, notices, snapshot banner, maintenance page), status badges, and accessible tables
whose CSV and Excel downloads are built on the server (``dashboard.downloads``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, dcc, html

from dashboard.downloads import TABLES, TableData, export_table
from dashboard.i18n import LANGUAGES, format_date, number, t


def href(path: str, **params: Any) -> str:
    """A link that carries the state in its query string (so every view can be bookmarked)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "", [])}, doseq=False)
    return dash.get_relative_path(path) + (f"?{query}" if query else "")


def page_title(nav_key: str | None):
    """The browser tab's title of a page, in the language of the address. Dash asks for it when it
    serves the page (the address is the request's) and after each page view in its router
    callback (the address is among the callback's inputs)."""
    import flask

    def title(**_path_variables: Any) -> str:
        search = ""
        try:
            inputs = dash.callback_context.inputs or {}
            search = next((v for k, v in inputs.items() if k.endswith(".search") and isinstance(v, str)), "")
        except Exception:  # not in a callback: the page itself is being served
            pass
        if not search and flask.has_request_context() and flask.request.path.endswith("/_dash-layout"):
            # The first layout holds the page (first_layout.py): its address is the Referer.
            search = urlsplit(flask.request.referrer or "").query
        if search:
            lang = (parse_qs(search.removeprefix("?")).get("lang") or [""])[0]
        else:
            lang = flask.request.args.get("lang", "") if flask.has_request_context() else ""
        lang = lang if lang in LANGUAGES else LANGUAGES[0]
        name = t(nav_key, lang) if nav_key else t("not_found_title", lang)
        return f"{name} – {t('app_short', lang)}"

    return title


def query_string(params: dict[str, Any]) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "", [])})


def indicator_menu(strategy, state, lang: str, path: str) -> html.Details:
    """Every indicator of the strategy, grouped by area, as links (keyboard and screen-reader friendly)."""
    groups = []
    for area_id, area in strategy.areas.items():
        if not area.indicators:
            continue
        links = [
            html.Li(html.A(ind.label.model_dump()[lang], href=href(path, **state.query(indicator=i)),
                           **({"aria-current": "page"} if i == state.indicator else {})))
            for i, ind in area.indicators.items()
        ]
        groups.append(html.Li([area.label.model_dump()[lang], html.Ul(links)]))
    return html.Details([html.Summary(t("choose_indicator", lang)), html.Ul(groups)], className="mb-3")


def frame(page: str, lang: str, state: dict[str, Any], content: list, banner: dict[str, Any] | None = None,
          notices: list | tuple = ()) -> html.Div:
    """The page around ``content``. ``notices`` (``state.Notice``s or i18n keys) are said above it,
    together with what the dashboard must say of its figures (computed with an older
    configuration); a damaged database shows the maintenance page instead of ``content``."""
    from dashboard import context
    from dashboard.auth import logout_form

    other = [code for code in LANGUAGES if code != lang][0]
    nav = []
    for entry in dash.page_registry.values():
        if entry.get("nav") is False:
            continue
        current = entry["module"].split(".")[-1] == page
        nav.append(
            dbc.NavItem(
                html.A(
                    t(entry["nav_key"], lang), href=href(entry["path"], **{**state, "lang": lang}),
                    className="nav-link", **({"aria-current": "page"} if current else {}),
                )
            )
        )
    this_path = next(e["path"] for e in dash.page_registry.values() if e["module"].split(".")[-1] == page)
    header = html.Header(
        dbc.Navbar(
            dbc.Container([
                html.Span(t("app_title", lang), className="navbar-brand"),
                html.Nav(dbc.Nav(nav, navbar=True), **{"aria-label": t("nav_label", lang)}),
                html.A(t("switch_language", lang), href=href(this_path, **{**state, "lang": other}),
                         className="nav-link", lang=other, id="language-switch"),
                *[form for form in (logout_form(lang),) if form is not None],
            ], fluid=True),
            className="s3-header", color="#0b3d6b", dark=True,
        )
    )
    said = [t(n, lang) if isinstance(n, str) else n.text(lang) for n in (*notices, *context.stale_notices())]
    alerts = [html.Div([html.P(text, className="mb-0") for text in said], className="alert alert-info page-notices",
                       id="page-notices", role="status")] if said else []
    if banner and banner.get("datasets"):
        said = t("snapshot_basis", lang, date=format_date(banner.get("created"), lang)) + " " + t("snapshot_banner", lang)
        alerts.append(dbc.Alert(said, color="warning", className="banner-snapshot", id="snapshot-banner"))
    return html.Div([
        html.A(t("skip_to_content", lang), href="#main", className="skip-link"),
        header,
        html.Main(dbc.Container(alerts + content, fluid=True, className="py-3"), id="main", tabIndex="-1"),
    ], lang=lang)


def maintenance(lang: str, reason: str = "damaged") -> html.Div:
    """What every page shows while the database is damaged (``reason`` "damaged": it must be
    restored) or cannot be read by the server (``"access"``: a setting at the server, not damage):
    no figures, and what is happening."""
    return html.Div([
        html.Header(dbc.Navbar(dbc.Container(html.Span(t("app_title", lang), className="navbar-brand"), fluid=True),
                               className="s3-header", color="#0b3d6b", dark=True)),
        html.Main(dbc.Container([
            html.H1(t("maintenance_title", lang)),
            dbc.Alert(t("maintenance_access_text" if reason == "access" else "maintenance_text", lang), color="danger",
                      id="maintenance"),
        ], className="py-3"), id="main"),
    ], lang=lang)


def guarded(page_layout):
    """A page's layout, or the maintenance page when the database cannot be read as it should."""
    import functools
    import logging
    import sqlite3

    from dashboard import context
    from ingest.errors import StoreError

    @functools.wraps(page_layout)
    def layout(**params):
        lang = params.get("lang") if params.get("lang") in LANGUAGES else "sv"
        if context.database_problems():
            return maintenance(lang)
        if context.database_unreadable():
            return maintenance(lang, "access")
        try:
            return page_layout(**params)
        except (sqlite3.DatabaseError, StoreError):
            logging.getLogger(__name__).exception("a page could not read the database")
            return maintenance(lang)

    return layout


def table(data: "TableData", lang: str, empty: str | None = None, *,
          cells: dict[str, Callable[[dict[str, Any]], Any]] | None = None, stacked: bool = False) -> html.Div:
    """A real HTML table (caption, header cells with scope) with CSV and Excel downloads of exactly
    these rows and columns. The downloads are built on the server from the page's state (the
    address), by the builder registered under ``data.kind``: the browser never posts a table.
    ``empty`` says why a table has no rows (else that there are no values yet).

    ``cells`` draws a column's cells from the row (the download keeps the row's plain value).
    ``stacked`` tables wrap long values and, on a narrow screen, show each row as a card with the
    column names beside the values; their explicit roles keep them a table for screen readers
    when CSS changes how they are displayed."""
    if not data.rows:  # no empty grid and no downloads of nothing: say so under the table's caption
        return html.Div([html.P(data.caption, className="fw-semibold mb-1"),
                         html.P(empty or t("no_data_chart", lang), className="text-muted")], className="mb-3 table-empty")
    cells = cells or {}
    decimals = data.column_decimals()
    roles = (lambda role: {"role": role}) if stacked else (lambda role: {})
    head = html.Thead(html.Tr([html.Th(label, scope="col", **roles("columnheader")) for _, label in data.columns],
                              **roles("row")), **roles("rowgroup"))
    body = html.Tbody([
        html.Tr([
            html.Td(cells[key](row) if key in cells else _cell(row.get(key), decimals.get(key), lang),
                    **({"data-label": label, "role": "cell"} if stacked else {}))
            for key, label in data.columns
        ], **roles("row"))
        for row in data.rows
    ], **roles("rowgroup"))
    button = {"type": "button", "className": "btn btn-outline-secondary btn-sm me-2",
              "aria-describedby": f"{data.kind}-download-hint"}
    return html.Div([
        # A scrollable region is focusable, so a keyboard can scroll it (WCAG 2.1.1).
        html.Div(
            html.Table([html.Caption(data.caption), head, body], **roles("table"),
                       className="table table-striped table-hover s3-table" + (" s3-table-stacked" if stacked else "")),
            className="table-responsive", tabIndex="0", role="region", **{"aria-label": data.caption},
        ),
        html.Div([
            html.Button(t("download_csv", lang), id={"type": "download-csv", "table": data.kind}, **button),
            html.Button(t("download_csv_machine", lang), id={"type": "download-csv-machine", "table": data.kind}, **button),
            html.Button(t("download_xlsx", lang), id={"type": "download-xlsx", "table": data.kind}, **button),
            dcc.Download(id={"type": "download", "table": data.kind}),
            html.Div(t("download_csv_hint", lang), id=f"{data.kind}-download-hint", className="form-text"),
        ], className="mb-3"),
    ])


def _cell(value: Any, decimals: int | None, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value, decimals if decimals is not None else 0, lang)
    return str(value)


@callback(
    Output({"type": "download", "table": MATCH}, "data"),
    Input({"type": "download-csv", "table": MATCH}, "n_clicks"),
    Input({"type": "download-csv-machine", "table": MATCH}, "n_clicks"),
    Input({"type": "download-xlsx", "table": MATCH}, "n_clicks"),
    State("url", "search"),
    prevent_initial_call=True,
)
def download_table(csv_clicks, machine_clicks, xlsx_clicks, search: str | None) -> dict[str, Any]:
    """The table of the page at the address on screen, rebuilt on the server and sent as a file."""
    from dashboard import context
    from dashboard.state import posted, read_state

    for clicks in (csv_clicks, machine_clicks, xlsx_clicks):
        posted(clicks, "number", "n_clicks")
    search = posted(search, "text", "url.search")
    triggered = posted(dash.ctx.triggered_id, "mapping", "the button") or {}
    builder = TABLES.get(posted(triggered.get("table"), "text", "the table"))
    flavour = {"download-csv": "csv", "download-csv-machine": "csv-machine", "download-xlsx": "xlsx"}.get(triggered.get("type"))
    if builder is None or flavour is None:
        raise dash.exceptions.PreventUpdate
    config = context.config()
    state = read_state(config, query_params(search), context.db())
    return export_table(builder(config, context.db(), state), flavour, state.lang)


def query_params(search: str | None) -> dict[str, Any]:
    """A query string as the pages receive it (a repeated key gives a list); bounded, because a
    callback's posted address is as untrusted as the address bar."""
    from urllib.parse import parse_qs

    text = (search or "").removeprefix("?")[:MAX_QUERY]
    return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(text, keep_blank_values=True).items()}


MAX_QUERY = 4000  # characters of a query string read by a callback; a full state is under 300
