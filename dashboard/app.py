"""The Dash app. ``create_app(db, config)`` for one process; ``server`` for gunicorn
(``gunicorn dashboard.app:server``), configured by the environment: S3_DB and S3_CONFIG, and for
a shared server S3_USERS (or S3_TRUSTED_USER_HEADER), S3_SESSION_MINUTES, S3_SECURE_COOKIES,
S3_SECRET_KEY and S3_EXPORT_SLOTS (see ``dashboard.auth`` and ``dashboard.exports``)."""

from __future__ import annotations

import os
from pathlib import Path

import dash
from dash import Input, Output, State, clientside_callback, dcc, html

def page_titles() -> dict[str, dict[str, str]]:
    """The browser tab's title of every page in both languages."""
    from dashboard.i18n import LANGUAGES, t

    titles = {entry["path"]: {lang: f"{t(entry['nav_key'], lang)} – {t('app_short', lang)}" for lang in LANGUAGES}
              for entry in dash.page_registry.values() if entry.get("nav_key")}
    titles["404"] = {lang: f"{t('not_found_title', lang)} – {t('app_short', lang)}" for lang in LANGUAGES}
    return titles


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

    from dashboard.not_found import refuse_unknown_paths

    refuse_unknown_paths(app)
    app.layout = html.Div([dcc.Location(id="url"), dcc.Store(id="page-language"),
                           dcc.Store(id="page-titles", data=page_titles()), dash.page_container])
    # The page's language follows the URL (WCAG 3.1.1: the language of the page is set), and so does
    # the tab's title (after Dash's own title update, which knows no language).
    clientside_callback(
        r"""function(search, pathname, titles) {
            const lang = new URLSearchParams(search || "").get("lang") === "en" ? "en" : "sv";
            document.documentElement.lang = lang;
            const path = (pathname || "/").replace(/\/+$/, "") || "/";
            const title = (titles[path] || titles["404"])[lang];
            setTimeout(function() { document.title = title; }, 0);
            return lang;
        }""",
        Output("page-language", "data"),
        Input("url", "search"),
        Input("url", "pathname"),
        State("page-titles", "data"),
    )
    settings = Settings.from_environment(users)
    app.server.config["S3_LOGIN"] = settings.login
    install(app.server, settings, app.csp_hashes)
    return app


app = create_app(os.environ.get("S3_DB", "data/s3.db"), os.environ.get("S3_CONFIG", "indicators.yml"))
server = app.server
