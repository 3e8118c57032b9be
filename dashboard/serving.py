"""How the dashboard's files reach the browser quickly: compressed, cached, and plotly.js only on
the pages that draw charts.

- Responses are compressed (zstd, brotli or gzip, whichever the browser takes) by Flask-Compress,
  a Flask extension on ``app.server``, so headers that other extensions add still apply. A static
  file (a script or a style) is compressed once per process and kept: its URL carries its version
  (Dash's fingerprint, ``?m=`` for assets), so the kept bytes are right for as long as the URL is.
- Those versioned URLs are cached by the browser for a year: a council member clicking from page
  to page downloads no script or style again.
- plotly.js (1.1 MB, a fifth of a second to parse and run) is loaded only by the pages registered
  with ``charts=True``; the overview and the data page start without it. Dash's babel polyfill
  and the unused dash_table bundle are left out on every page (see ``_page_scripts``).
"""

from __future__ import annotations

import pkgutil
import re
import threading
from collections import OrderedDict
from pathlib import Path

import dash
import flask
import plotly.io
from flask_compress import Compress

PLOTLY_ASSET = "plotly-basic.min.js"
ONE_YEAR = 31_536_000
_STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")
_VERSION_PARAMETERS = ("m", "v")
# Scripts every page goes without: the babel polyfill (for browsers a decade old) and dash_table
# (no page uses DataTable; a test keeps it so).
_UNUSED_SCRIPTS = re.compile(r'<script src="[^"]*/(deps/polyfill@|dash_table/bundle)[^"]*"></script>\s*')


class StaticBodies:
    """Flask-Compress's cache: the compressed bodies of static files, at most ``size`` of them
    (least recently used dropped first), so that made-up version parameters cannot fill memory.
    Keys of other responses (callbacks, pages) are never kept."""

    def __init__(self, size: int = 48):
        self.size = size
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def set(self, key: str, value: bytes) -> None:
        if not _cacheable_key(key):
            return
        with self._lock:
            self._bodies[key] = value
            self._bodies.move_to_end(key)
            while len(self._bodies) > self.size:
                self._bodies.popitem(last=False)


def _cache_key(request: flask.Request) -> str:
    if request.method == "GET" and _is_static(request.path):
        return "static:" + request.full_path
    return "dynamic"  # never kept: see StaticBodies.set


def _cacheable_key(key: str) -> bool:
    return key.partition(";")[2].startswith("static:")


def _is_static(path: str) -> bool:
    return path.startswith(_STATIC_PREFIXES)


def configure(app: dash.Dash) -> None:
    """Compression, caching headers and plotly.js per page, on a created app."""
    server = app.server
    server.config.update(
        COMPRESS_REGISTER=False,  # registered below, after a static file is read whole
        COMPRESS_STREAMS=False,  # streamed bodies (partial content) stay as they are
        COMPRESS_ALGORITHM=["zstd", "br", "gzip"],
        COMPRESS_BR_LEVEL=5,
        COMPRESS_CACHE_BACKEND=StaticBodies,
        COMPRESS_CACHE_KEY=_cache_key,
    )
    compress = Compress(server)
    # Plotly's orjson path first walks the whole response in Python to clean it; the standard
    # encoder is about 1.7x faster on our responses (plain lists and dicts, no numpy arrays).
    plotly.io.json.config.default_engine = "json"

    @server.after_request
    def compress_and_cache(response: flask.Response) -> flask.Response:
        request = flask.request
        if request.method == "GET" and _is_static(request.path) and response.status_code == 200:
            if any(request.args.get(p) for p in _VERSION_PARAMETERS) or "_dash-component-suites" in request.path:
                response.cache_control.no_cache = None  # Flask's default for files; the URL's version replaces it
                response.cache_control.public = True
                response.cache_control.max_age = ONE_YEAR
                response.cache_control.immutable = True
            if response.is_streamed:  # a file from the assets folder: read whole, so it is compressed once
                response.direct_passthrough = False
                response.set_data(response.get_data())
        return compress.after_request(response)

    # The app's icon also where browsers and monitors look for it without a link (Dash's catch-all
    # would otherwise answer /favicon.ico with the start page, as HTML).
    icon = pkgutil.get_data("dash", "favicon.ico")
    server.add_url_rule(app.config.routes_pathname_prefix + "favicon.ico", "favicon",
                        lambda: flask.Response(icon, mimetype="image/x-icon", headers={"Cache-Control": "public, max-age=86400"}))
    _page_scripts(app)


def _page_scripts(app: dash.Dash) -> None:
    """The index's scripts per page: without the babel polyfill (for browsers a decade old; every
    browser the dashboard supports runs Dash without it, and a tenth of a second goes to it) and
    without dash_table, and on the pages registered with ``charts=True`` with plotly.js and
    dcc.Graph's code chunk, so a chart is drawn without a further round trip (``dcc.Graph`` uses
    the global ``Plotly``)."""
    asset = Path(app.config.assets_folder) / PLOTLY_ASSET
    chart_scripts = [f"{app.get_asset_url(PLOTLY_ASSET)}?m={asset.stat().st_mtime}"]
    # Dash's own versioned URL of the chunk (served with a year's cache, unlike the chunk's own fetch).
    chart_scripts += app._collect_and_register_resources(  # noqa: SLF001  (Dash has no public helper for this)
        [{"relative_package_path": "dcc/async-graph.js", "namespace": "dash"}]
    )
    charts = "".join(f'<script src="{src}"></script>' for src in chart_scripts)
    interpolate = app.interpolate_index

    def interpolate_index(**parts: str) -> str:
        scripts = _UNUSED_SCRIPTS.sub("", parts["scripts"])
        if page_has_charts(app.strip_relative_path(flask.request.path) or ""):
            scripts += charts
        return interpolate(**{**parts, "scripts": scripts})

    app.interpolate_index = interpolate_index


def page_has_charts(path: str) -> bool:
    """Whether the page at ``path`` (without the leading slash) is registered with ``charts=True``."""
    path = path.strip("/")
    return any(entry["path"].strip("/") == path and entry.get("charts") for entry in dash.page_registry.values())
