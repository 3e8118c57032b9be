"""The Dash app. ``create_app(db, config)`` for one process; ``server`` for gunicorn
(``gunicorn dashboard.app:server``), configured by S3_DB and S3_CONFIG in the environment."""

from __future__ import annotations

import os
import re
from pathlib import Path

import dash
from dash import Input, Output, clientside_callback, dcc, html

from dashboard import first_layout, serving


def create_app(db: str | Path = "data/s3.db", config: str | Path = "indicators.yml") -> dash.Dash:
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",  # the pages are imported below under their package name, once
        assets_folder=str(Path(__file__).parent / "assets"),
        assets_ignore=re.escape(serving.PLOTLY_ASSET),  # loaded only by the pages with charts (serving.py)
        title="S3-uppföljning",
        suppress_callback_exceptions=True,
        serve_locally=True,
    )
    app.server.config["S3_DB"] = str(Path(db).resolve())
    app.server.config["S3_CONFIG"] = str(Path(config).resolve())
    app.index_string = app.index_string.replace("<html>", '<html lang="sv">')
    from dashboard.pages import compare, data, indicator, overview  # noqa: F401  (register the pages)

    # The pages' controls write the URL; "callback-nav" redraws the page content from the new URL
    # (the page registry's own location hears it) instead of reloading every script and style.
    # The first layout already holds the requested page (first_layout.py).
    app.layout = lambda: html.Div([dcc.Location(id="url", refresh="callback-nav"), dcc.Store(id="page-language"),
                                   first_layout.page_container(app)])
    # The page's language follows the URL (WCAG 3.1.1: the language of the page is set).
    clientside_callback(
        """function(search) {
            const lang = new URLSearchParams(search || "").get("lang") === "en" ? "en" : "sv";
            document.documentElement.lang = lang;
            return lang;
        }""",
        Output("page-language", "data"),
        Input("url", "search"),
    )
    serving.configure(app)
    return app


app = create_app(os.environ.get("S3_DB", "data/s3.db"), os.environ.get("S3_CONFIG", "indicators.yml"))
server = app.server
