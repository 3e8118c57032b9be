"""How a page's address is answered before Dash serves its single-page app (which would answer
every path with its start page and 200), in the reader's language (``lang`` in the address):

- 404 and a page saying so for an address that leads nowhere: an unknown path, ``/404`` (the
  router's own not-found page), and a file under ``/assets/`` that is not there;
- 414 and a page saying so for an address longer than ``MAX_ADDRESS``: no page of the dashboard
  has one, and browsers do not send one back as the Referer (Chromium and Firefox cut a Referer
  over 4 kB to the bare origin), so the first layout (first_layout.py) could not read it and would
  show the start page in Swedish as though the address had asked for nothing;
- 503 and the maintenance text in both languages while the database is damaged, so that a
  monitor sees it (the pages themselves show the maintenance page too: ``components.guarded``).
"""

from __future__ import annotations

from html import escape

import dash
import flask
from werkzeug.exceptions import NotFound

from dashboard.i18n import LANGUAGES, number, t

# Dash's own routes and the app's assets: everything else must be a page.
INTERNAL = ("/_dash-", "/_reload-hash", "/_favicon.ico", "/assets/", "/favicon.ico")
# Characters of a page's path and query string. The longest address a page links to is under
# 400; with any plausible host in front the whole address stays well inside the 4 kB a browser
# sends back as the Referer.
MAX_ADDRESS = 2000
NOT_FOUND_PAGE = "not_found_404"  # the module of the page Dash's router draws for an unknown path


def plain_page(lang: str, title: str, sections: list[tuple[str, str, str]], back: bool = True) -> str:
    """A page without scripts: the title, then (language, heading, text) sections, and a link to
    the overview. Used where the app itself is not served."""
    body = "".join(f'<section lang="{code}"><h1>{escape(heading)}</h1><p>{escape(text)}</p></section>'
                   for code, heading, text in sections)
    link = (f'<p><a href="{dash.get_relative_path("/")}?lang={lang}">{escape(t("back_to_overview", lang))}</a></p>'
            if back else "")
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(title)} – '
            f'{escape(t("app_short", lang))}</title></head><body style="font-family:system-ui,sans-serif;'
            f'max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2937"><main>{body}{link}</main></body></html>')


def not_found_page(lang: str) -> str:
    return plain_page(lang, t("not_found_title", lang), [(lang, t("not_found_title", lang), t("not_found_text", lang))])


def too_long_page(lang: str) -> str:
    text = t("address_too_long_text", lang, limit=number(MAX_ADDRESS, 0, lang))
    return plain_page(lang, t("address_too_long_title", lang), [(lang, t("address_too_long_title", lang), text)])


def maintenance_page(lang: str) -> str:
    """The maintenance text in the reader's language first, then in the other."""
    order = [lang, *[code for code in LANGUAGES if code != lang]]
    return plain_page(lang, t("maintenance_title", lang),
                      [(code, t("maintenance_title", code), t("maintenance_text", code)) for code in order], back=False)


def _language() -> str:
    lang = flask.request.args.get("lang", "sv")
    return lang if lang in LANGUAGES else "sv"


def _address_length(request: flask.Request) -> int:
    return len(request.path.encode()) + (len(request.query_string) + 1 if request.query_string else 0)


def answer_page_addresses(app: dash.Dash) -> None:
    prefix = app.config.requests_pathname_prefix.rstrip("/")
    routes = app.config.routes_pathname_prefix
    page_rules = {routes, routes + "<path:path>"}  # Dash's index and its catch-all: the pages' addresses

    @app.server.before_request
    def _answer() -> flask.Response | None:
        from dashboard import context

        path = flask.request.path
        if prefix and path.startswith(prefix):
            path = path[len(prefix):] or "/"
        if path.startswith(INTERNAL) or path.startswith("/_"):
            return None
        rule = flask.request.url_rule
        if rule is not None and rule.rule not in page_rules:
            return None  # a route of the server's own (the login, Dash's routes), not a page address
        if _address_length(flask.request) > MAX_ADDRESS:
            return flask.Response(too_long_page(_language()), status=414, mimetype="text/html")
        known = {entry["path"].rstrip("/") for entry in dash.page_registry.values()
                 if entry["module"].split(".")[-1] != NOT_FOUND_PAGE}
        if path.rstrip("/") not in known and path != "/":
            return flask.Response(not_found_page(_language()), status=404, mimetype="text/html")
        if context.database_problems():
            return flask.Response(maintenance_page(_language()), status=503, mimetype="text/html",
                                  headers={"Retry-After": "300"})
        return None

    @app.server.errorhandler(NotFound)
    def _not_found(_error: NotFound) -> flask.Response:
        """Any other 404 of the server (a file under /assets/ that is not there, ``..`` in its name)."""
        return flask.Response(not_found_page(_language()), status=404, mimetype="text/html")
