"""What the server accepts from a browser before any page or callback code runs.

A callback request (``POST /_dash-update-component``) must have the shape Dash's renderer sends
for a callback the app has: an object naming a registered server callback as its ``output``,
with as many inputs and states as that callback declares, each for the declared property, and
outputs, changed-property ids and (for Dash's page router) a location of text. Anything else is
not a reader's request: it is answered 400 with one warning line in the log, never a server
error with a traceback. The values inside a well-formed request are checked by the callbacks
themselves, through ``state.posted``, which raises the same ``MalformedInput``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import dash
import flask
from dash._utils import stringify_id  # how the renderer names a dict id in changedPropIds

from dashboard.state import MalformedInput
from ingest.choices import shown

log = logging.getLogger(__name__)

# Dash's page router reads these properties of its location as text (dash/_pages.py).
ROUTER_LOCATION = "_pages_location"
LOCATION_TEXT = ("pathname", "search", "hash", "href")
ID_VALUES = (str, int, float, bool)  # the values of a pattern-matching id's keys


def install(app: dash.Dash) -> None:
    """The callback check and the 400 answer for ``MalformedInput``, on a created app (after the
    sign-in check, so that a request without a session is refused for that first)."""
    server = app.server
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"

    @server.before_request
    def check_callback_request() -> None:
        request = flask.request
        if request.method == "POST" and request.path == endpoint:
            try:
                body = request.get_json(silent=True)
            except RecursionError:  # JSON nested deeper than Python parses: no callback sends it
                raise MalformedInput("the body is nested too deeply") from None
            problem = callback_problem(app, body)
            if problem:
                raise MalformedInput(problem)

    @server.errorhandler(MalformedInput)
    def refuse(error: MalformedInput) -> flask.Response:
        log.warning("refused a malformed request %s %s from %s: %s", flask.request.method, flask.request.path,
                    flask.request.remote_addr, error)
        return flask.Response(f"Bad request: {error}\n", status=400, mimetype="text/plain")


def callback_problem(app: dash.Dash, body: Any) -> str | None:
    """What makes ``body`` something other than a callback request of this app, or None."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    entry = app.callback_map.get(output) if isinstance(output, str) else None
    if entry is None or "callback" not in entry:  # unknown, or a callback run in the browser
        return f"no server callback has the output {shown(output)}"
    prefix = app.config.requests_pathname_prefix.rstrip("/") or "/"  # what Dash's router requires
    for key in ("inputs", "state"):
        problem = _dependencies(body.get(key, []), entry.get(key) or [], key, prefix)
        if problem:
            return problem
    problem = _outputs(body.get("outputs"), output)
    if problem:
        return problem
    changed = body.get("changedPropIds", [])
    posted_ids = {f"{stringify_id(one['id'])}.{one['property']}"
                  for item in body.get("inputs", []) for one in (item if isinstance(item, list) else [item])}
    if not isinstance(changed, list) or any(not isinstance(c, str) or c not in posted_ids for c in changed):
        return "changedPropIds names a property that is not among the inputs"
    return None


def _dependencies(posted: Any, declared: list[dict[str, Any]], key: str, prefix: str) -> str | None:
    """The posted inputs (or states) against the callback's declared ones: count, id, property, and
    the router's location as text (its pathname inside the app's ``prefix``, as Dash requires)."""
    if not isinstance(posted, list) or len(posted) != len(declared):
        count = len(posted) if isinstance(posted, list) else "no list of"
        return f"{key}: {count} given, the callback has {len(declared)}"
    for item, spec in zip(posted, declared):
        # A wildcard (ALL, ALLSMALLER) dependency posts a list of the matching components.
        for one in item if isinstance(item, list) and _is_pattern(spec["id"]) else [item]:
            if (not isinstance(one, dict) or one.get("property") != spec["property"]
                    or not _same_id(one.get("id"), spec["id"])):
                return f"{key}: {shown(one)} is not {spec['id']}.{spec['property']}"
            if one.get("id") == ROUTER_LOCATION and spec["property"] in LOCATION_TEXT:
                value = one.get("value")
                if not isinstance(value, str) and (value is not None or spec["property"] == "pathname"):
                    return f"{key}: the location's {spec['property']} is {type(value).__name__}, not text"
                if spec["property"] == "pathname" and not value.startswith(prefix):
                    return f"{key}: the location's pathname {shown(value)} is not inside {prefix}"
    return None


def _outputs(posted: Any, output: str) -> str | None:
    """One output object, or a list of as many as the callback's outputs (``..a.b...c.d..``)."""
    count = len(output.strip(".").split("...")) if output.startswith("..") else 1
    items = posted if isinstance(posted, list) and output.startswith("..") else [posted]
    if len(items) != count or any(not isinstance(o, dict) or not isinstance(o.get("property"), str)
                                  or not _id_shape(o.get("id")) for o in items):
        return f"outputs: not the callback's {count} output(s)"
    return None


def _is_pattern(spec_id: str) -> bool:
    return spec_id.startswith("{")


def _same_id(posted: Any, spec_id: str) -> bool:
    """A plain id is the declared one; a pattern-matching id has the declared keys, each a plain value."""
    if not _is_pattern(spec_id):
        return posted == spec_id
    return _id_shape(posted) and isinstance(posted, dict) and set(posted) == set(json.loads(spec_id))


def _id_shape(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, ID_VALUES) for k, v in value.items())
