"""Shared parts of every page: the frame (skip link, header, navigation from the page registry,
language switch, snapshot banner), status badges, accessible tables with CSV/Excel downloads."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import MATCH, Input, Output, State, callback, dcc, html

from dashboard.i18n import LANGUAGES, number, status_symbol, status_word, t


def href(path: str, **params: Any) -> str:
    """A link that carries the state in its query string (so every view can be bookmarked)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "", [])}, doseq=False)
    return dash.get_relative_path(path) + (f"?{query}" if query else "")


def query_string(params: dict[str, Any]) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "", [])})


def changed_query(current: dict[str, Any], **changes: Any) -> Any:
    """The query string of ``current`` with ``changes``, or ``dash.no_update`` when they change
    nothing. A page's inputs fire once when the page is drawn (their output, the URL, is outside
    the page); writing the same state back would draw the page a second time."""
    if all((current.get(key) or None) == (value or None) for key, value in changes.items()):
        return dash.no_update
    return query_string({**current, **changes})


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


def status_badge(status: str, lang: str) -> html.Span:
    """Status as symbol and word, coloured as a third cue (never colour alone)."""
    return html.Span(
        [html.Span(status_symbol(status), **{"aria-hidden": "true"}), status_word(status, lang)],
        className=f"status status-{status}",
    )


def frame(page: str, lang: str, state: dict[str, Any], content: list, banner: dict[str, Any] | None = None) -> html.Div:
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
            ], fluid=True),
            className="s3-header", color="#0b3d6b", dark=True,
        )
    )
    notices = []
    if banner and banner.get("datasets"):
        notices.append(dbc.Alert(t("snapshot_banner", lang, date=banner.get("created")), color="warning",
                                 className="banner-snapshot", id="snapshot-banner"))
    return html.Div([
        html.A(t("skip_to_content", lang), href="#main", className="skip-link"),
        header,
        html.Main(dbc.Container(notices + content, fluid=True, className="py-3"), id="main", tabIndex="-1"),
    ], lang=lang)


def table(
    name: str, rows: list[dict[str, Any]], columns: list[tuple[str, str]], lang: str, caption: str, *,
    cells: dict[str, Callable[[dict[str, Any]], Any]] | None = None, stacked: bool = False,
) -> html.Div:
    """A real HTML table (caption, header cells with scope) with CSV and Excel downloads of exactly
    these rows and columns.

    ``cells`` draws a column's cells from the row (the download keeps the row's plain value).
    ``stacked`` tables wrap long values and, on a narrow screen, show each row as a card with the
    column names beside the values; their explicit roles keep them a table for screen readers
    when CSS changes how they are displayed."""
    cells = cells or {}
    roles = (lambda role: {"role": role}) if stacked else (lambda role: {})
    head = html.Thead(html.Tr([html.Th(label, scope="col", **roles("columnheader")) for _, label in columns], **roles("row")),
                      **roles("rowgroup"))
    body = html.Tbody([
        html.Tr([
            html.Td(cells[key](row) if key in cells else _cell(row.get(key), lang),
                    **({"data-label": label, "role": "cell"} if stacked else {}))
            for key, label in columns
        ], **roles("row"))
        for row in rows
    ], **roles("rowgroup"))
    shown = [{label: row.get(key) for key, label in columns} for row in rows]
    return html.Div([
        # A scrollable region is focusable, so a keyboard can scroll it (WCAG 2.1.1).
        html.Div(
            html.Table([html.Caption(caption), head, body], **roles("table"),
                       className="table table-striped table-hover s3-table" + (" s3-table-stacked" if stacked else "")),
            className="table-responsive", tabIndex="0", role="region", **{"aria-label": caption},
        ),
        dcc.Store(id={"type": "table-data", "name": name}, data={"rows": shown, "name": name}),
        html.Div([
            dbc.Button(t("download_csv", lang), id={"type": "download-csv", "name": name}, color="secondary",
                       outline=True, size="sm", className="me-2"),
            dbc.Button(t("download_xlsx", lang), id={"type": "download-xlsx", "name": name}, color="secondary",
                       outline=True, size="sm"),
            dcc.Download(id={"type": "download", "name": name}),
        ], className="mb-3"),
    ])


def _cell(value: Any, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        decimals = 0 if value.is_integer() or abs(value) >= 1000 else 2 if abs(value) >= 1 else 4
        return number(value, decimals, lang)
    return str(value)


def export_rows(data: dict[str, Any], kind: str) -> dict[str, Any]:
    """The download of a table as shown: CSV (UTF-8 with BOM, for Excel) or an xlsx workbook."""
    frame = pd.DataFrame(data["rows"])
    if kind == "csv":
        return {"content": "\ufeff" + frame.to_csv(index=False), "filename": f"{data['name']}.csv", "type": "text/csv"}
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=data["name"][:31])
        writer.sheets[data["name"][:31]].freeze_panes = "A2"
    return dcc.send_bytes(buffer.getvalue(), f"{data['name']}.xlsx")


@callback(
    Output({"type": "download", "name": MATCH}, "data"),
    Input({"type": "download-csv", "name": MATCH}, "n_clicks"),
    Input({"type": "download-xlsx", "name": MATCH}, "n_clicks"),
    State({"type": "table-data", "name": MATCH}, "data"),
    prevent_initial_call=True,
)
def download_table(csv_clicks: int | None, xlsx_clicks: int | None, data: dict[str, Any]) -> dict[str, Any]:
    kind = "xlsx" if dash.ctx.triggered_id and dash.ctx.triggered_id.get("type") == "download-xlsx" else "csv"
    return export_rows(data, kind)
