"""Unknown addresses get a page saying so, in the reader's language, with HTTP status 404 (the
single-page app would otherwise answer every path with its start page and 200)."""

from __future__ import annotations

from html import escape

import dash
import flask

from dashboard.i18n import LANGUAGES, t

# Dash's own routes and the app's assets: everything else must be a page.
INTERNAL = ("/_dash-", "/_reload-hash", "/_favicon.ico", "/assets/", "/favicon.ico")


def not_found_page(lang: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(t("not_found_title", lang))} – '
            f'{escape(t("app_short", lang))}</title></head><body style="font-family:system-ui,sans-serif;'
            f'max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2937"><main><h1>{escape(t("not_found_title", lang))}</h1>'
            f'<p>{escape(t("not_found_text", lang))}</p><p><a href="{dash.get_relative_path("/")}?lang={lang}">'
            f'{escape(t("back_to_overview", lang))}</a></p></main></body></html>')


def refuse_unknown_paths(app: dash.Dash) -> None:
    prefix = app.config.requests_pathname_prefix.rstrip("/")

    @app.server.before_request
    def _refuse() -> flask.Response | None:
        path = flask.request.path
        if prefix and path.startswith(prefix):
            path = path[len(prefix):] or "/"
        if path.startswith(INTERNAL) or path.startswith("/_"):
            return None
        rule = flask.request.url_rule
        if rule is not None and rule.rule != "/<path:path>":
            return None  # a route of the server's own (the login, Dash's routes), not a page address
        known = {entry["path"] for entry in dash.page_registry.values()}
        if path.rstrip("/") in {k.rstrip("/") for k in known} or path == "/":
            return None
        lang = flask.request.args.get("lang", "sv")
        lang = lang if lang in LANGUAGES else "sv"
        return flask.Response(not_found_page(lang), status=404, mimetype="text/html")
