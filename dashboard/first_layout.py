"""The requested page inside Dash's first layout response, so the browser draws it without a
further round trip.

With Dash pages, the browser loads the scripts, fetches the layout (an empty page container),
and only then asks the page-routing callback for the page's content: a third request in a row,
after all the scripts have run. ``_dash-layout`` is fetched by the page itself, so its Referer
names the page; when it does, the page is rendered into the container here, with the location
already set to it, and Dash's router has nothing to do. When the Referer is missing (a browser
or proxy that strips it), names another site or an unknown page, or the page fails to render,
the container is sent empty as before and the router renders the page: the same content, one
round trip later.

A Referer that a browser cut to the bare origin cannot be told from the start page's own, so
such addresses never reach the app: an address over 4 kB (Chromium and Firefox cut the Referer
then) is longer than ``not_found.MAX_ADDRESS`` and answered 414 before the app is served.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import dash
import flask
from dash import dcc, html

log = logging.getLogger(__name__)

# Dash's own ids for the page container (dash.page_container): its router callback and title
# callback are bound to them.
LOCATION, CONTENT, STORE, DUMMY = "_pages_location", "_pages_content", "_pages_store", "_pages_dummy"


def page_container(app: dash.Dash) -> html.Div:
    """Dash's page container, with the page that fetches the layout already in it when known."""
    rendered = _requested_page(app)
    if rendered is None:
        return _container()
    location, content, title = rendered
    return _container(location, content, title)


def _container(location: dict[str, str] | None = None, content: Any = None, title: str | None = None) -> html.Div:
    return html.Div([
        dcc.Location(id=LOCATION, refresh="callback-nav", **(location or {})),
        html.Div(content, id=CONTENT, disable_n_clicks=True),
        dcc.Store(id=STORE, **({"data": {"title": title}} if title is not None else {})),
        html.Div(id=DUMMY, disable_n_clicks=True),
    ])


def _requested_page(app: dash.Dash) -> tuple[dict[str, str], Any, str] | None:
    """(location props, content, title) of the page whose script fetches this layout, or None."""
    if not flask.has_request_context() or not flask.request.path.endswith("/_dash-layout"):
        return None
    referrer = flask.request.referrer
    if not referrer:
        return None
    url = urlsplit(referrer)
    if url.netloc != flask.request.host:
        return None
    from dash._pages import _parse_query_string, _path_to_page  # Dash's own routing, as its router uses it

    try:
        path = app.strip_relative_path(url.path) or ""
    except dash.exceptions.UnsupportedRelativePath:  # a page of this host outside the app's prefix
        return None
    page, variables = _path_to_page(path)
    if not page:
        return None  # an unknown page: the router answers it (the not-found page)
    search = f"?{url.query}" if url.query else ""
    try:
        layout, title = page["layout"], page["title"]
        content = layout(**{**(variables or {}), **_parse_query_string(search)}) if callable(layout) else layout
        title = title(**(variables or {})) if callable(title) else title
    except Exception:  # the router will try again and report it as a callback error, as before
        log.exception("the page %s could not be rendered into the first layout", url.path)
        return None
    # Equal to the browser's location, so dcc.Location changes nothing and the router is not called.
    location = {"pathname": url.path, "search": search, "hash": "", "href": referrer.split("#")[0]}
    return location, content, title
