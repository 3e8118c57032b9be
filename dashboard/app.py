"""The Dash app. ``create_app(db, config)`` for one process; ``server`` for gunicorn
(``gunicorn dashboard.app:server``), configured by the environment: S3_DB and S3_CONFIG, and for
a shared server S3_USERS (or S3_TRUSTED_USER_HEADER), S3_SESSION_MINUTES, S3_SECURE_COOKIES,
S3_SECRET_KEY and S3_EXPORT_SLOTS (see ``dashboard.auth`` and ``dashboard.exports``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import dash
from dash import Input, Output, clientside_callback, dcc, html

from dashboard import first_layout, serving

# The largest request the server reads. A callback posts its inputs and state, a few kB; tables
# are never posted (downloads are built on the server), so anything near this is not a reader.
MAX_REQUEST_BYTES = 256 * 1024


def create_app(db: str | Path = "data/s3.db", config: str | Path = "indicators.yml",
               users: str | Path | None = None) -> dash.Dash:
    from dashboard.auth import Settings, install

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
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.server.config["S3_EXPORT_SLOTS"] = os.environ.get("S3_EXPORT_SLOTS")
    app.index_string = app.index_string.replace("<html>", '<html lang="sv">')
    from dashboard.pages import compare, data, indicator, method, not_found_404, overview, structure  # noqa: F401  (register the pages)

    from dashboard.not_found import answer_page_addresses

    answer_page_addresses(app)  # 404, 414 and 503 for page addresses, before the sign-in check
    # The pages' controls write the URL; "callback-nav" redraws the page content from the new URL
    # (the page registry's own location hears it) instead of reloading every script and style.
    # The first layout already holds the requested page (first_layout.py).
    app.layout = lambda: html.Div([dcc.Location(id="url", refresh="callback-nav"), dcc.Store(id="page-language"),
                                   first_layout.page_container(app)])
    # The page's language follows the URL (WCAG 3.1.1: the language of the page is set); the tab's
    # title does too, through each page's title function (``components.page_title``).
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
    settings = Settings.from_environment(users)
    app.server.config["S3_LOGIN"] = settings.login
    install(app.server, settings, app.csp_hashes)
    from dashboard import boundary

    boundary.install(app)  # after the sign-in check: a request without a session is refused for that
    return app


app = create_app(os.environ.get("S3_DB", "data/s3.db"), os.environ.get("S3_CONFIG", "indicators.yml"))
server = app.server
