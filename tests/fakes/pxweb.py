"""A local PxWeb server (PxWebApi 2.0 or v1) for the tests, speaking SCB's wire format.

It serves ``/config`` (or ``?config``), table info, metadata and json-stat2 data computed from a
table definition, and answers errors the way SCB does: problem objects with SCB's titles
(``Non-existent value``, ``Missing selection for mandantory variable``, ``Too many cells
selected``), 500 with an empty body for a duplicate value code, 429 with ``Retry-After``.
Faults can be queued to answer the next matching request instead.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

Cell = dict[str, str]


@dataclass
class FakeVariable:
    code: str
    label: str
    values: list[str]
    labels: dict[str, str] = field(default_factory=dict)
    elimination: bool = False
    time: bool = False
    contents: bool = False
    codelists: dict[str, list[str]] = field(default_factory=dict)  # id -> values

    def label_of(self, code: str) -> str:
        return self.labels.get(code, code)


@dataclass
class FakeTable:
    id: str
    label: str
    variables: list[FakeVariable]
    value: Callable[[Cell], float | None]
    status: Callable[[Cell], str | None] = lambda cell: None
    updated: str = "2026-02-20T07:00:00Z"
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    v2_id: str | None = None
    notes: list[str] = field(default_factory=list)

    def variable(self, code: str) -> FakeVariable | None:
        return next((v for v in self.variables if v.code.lower() == code.lower()), None)


@dataclass
class Fault:
    kind: str  # "data", "metadata", "table", "config", "any"
    response: Callable[[], Response]
    times: int = 1


def problem(status: int, title: str, detail: str | None = None) -> Response:
    body = {"type": "Parameter error", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    return Response(json.dumps(body), status=status, content_type="application/problem+json")


class FakePxWeb:
    """Serve ``tables`` as a PxWeb server of ``version`` 2 or 1 on ``httpserver``."""

    def __init__(
        self,
        httpserver: HTTPServer,
        tables: list[FakeTable],
        *,
        version: int = 2,
        max_cells: int = 150_000,
        max_calls: int = 30,
        window: int = 10,
        prefix: str | None = None,
        advertised_max_cells: int | None = None,
    ):
        self.server = httpserver
        self.version = version
        self.tables = {t.id: t for t in tables}
        self.max_cells = max_cells  # enforced
        self.advertised_max_cells = advertised_max_cells or max_cells  # what /config says
        self.max_calls = max_calls
        self.window = window
        self.prefix = prefix or ("/api/v2" if version == 2 else "/api/v1/sv/ssd")
        self.faults: list[Fault] = []
        self.log: list[tuple[str, str, Any]] = []  # (kind, path, body or query)
        root = self.prefix if version == 2 else self.prefix.rsplit("/", 1)[0]
        httpserver.expect_request(re.compile(rf"^{re.escape(root)}(/.*)?$")).respond_with_handler(self.dispatch)

    @property
    def base_url(self) -> str:
        return self.server.url_for(self.prefix)

    def fail(self, kind: str, response: Callable[[], Response], times: int = 1) -> None:
        self.faults.append(Fault(kind, response, times))

    def requests_of(self, kind: str) -> list[tuple[str, str, Any]]:
        return [entry for entry in self.log if entry[0] == kind]

    # -- dispatch ------------------------------------------------------------------------

    def _kind(self, request: Request) -> tuple[str, str | None]:
        path = request.path
        if self.version == 2:
            if path == f"{self.prefix}/config":
                return "config", None
            match = re.match(rf"^{re.escape(self.prefix)}/tables/([^/]+)(/metadata|/data)?$", path)
            if match:
                return {None: "table", "/metadata": "metadata", "/data": "data"}[match.group(2)], match.group(1)
            return "unknown", None
        parent = self.prefix.rsplit("/", 1)[0]
        if path.rstrip("/") == parent and "config" in request.args:
            return "config", None
        if path.startswith(self.prefix + "/"):
            table = path[len(self.prefix) + 1 :]
            return ("data" if request.method == "POST" else "metadata"), table
        return "unknown", None

    def dispatch(self, request: Request) -> Response:
        kind, table_id = self._kind(request)
        body = request.get_json(silent=True) if request.method == "POST" else dict(request.args)
        self.log.append((kind, request.path, body))
        for fault in self.faults:
            if fault.times > 0 and fault.kind in (kind, "any"):
                fault.times -= 1
                return fault.response()
        if kind == "config":
            return self._config()
        table = self.tables.get(table_id or "")
        if table is None and kind == "metadata" and self.version == 1:
            listing = self._folder(table_id or "")
            if listing:
                return self._json(listing)
        if table is None:
            return problem(404, "Non-existent table")
        if kind == "table":
            return self._json(self._table_info(table))
        if kind == "metadata":
            body = self._metadata_v2(table, request) if self.version == 2 else self._metadata_v1(table)
            return body if isinstance(body, Response) else self._json(body)
        if kind == "data":
            return self._data(table, request)
        return problem(404, "Non-existent page")

    def _folder(self, folder: str) -> list[dict[str, Any]]:
        """v1: a GET on a folder lists its tables as [{id, type: "t", text, updated}]."""
        prefix = folder.rstrip("/") + "/" if folder else ""
        return [
            {"id": t.id[len(prefix):], "type": "t", "text": t.label, "updated": t.updated}
            for t in self.tables.values()
            if t.id.startswith(prefix) and "/" not in t.id[len(prefix):]
        ]

    @staticmethod
    def _json(body: Any) -> Response:
        return Response(json.dumps(body, ensure_ascii=False), content_type="application/json; charset=UTF-8")

    def _config(self) -> Response:
        if self.version == 2:
            return self._json(
                {
                    "apiVersion": "2.2.0",
                    "appVersion": "1.0.0",
                    "languages": [{"id": "en", "label": "English"}, {"id": "sv", "label": "Svenska"}],
                    "defaultLanguage": "sv",
                    "maxDataCells": self.advertised_max_cells,
                    "maxCallsPerTimeWindow": self.max_calls,
                    "timeWindow": self.window,
                    "license": "https://creativecommons.org/share-your-work/public-domain/cc0/",
                    "sourceReferences": [
                        {"language": "en", "text": "Source: Statistics Sweden"},
                        {"language": "sv", "text": "Källa: SCB"},
                    ],
                    "defaultDataFormat": "json-stat2",
                    "dataFormats": ["json-stat2", "csv", "px", "xlsx", "html", "json-px"],
                    "features": [{"id": "CORS", "params": [{"key": "enabled", "value": "True"}]}],
                }
            )
        return self._json(
            {"maxValues": self.advertised_max_cells, "maxCells": self.advertised_max_cells, "maxCalls": self.max_calls,
             "timeWindow": self.window, "CORS": True}
        )

    def _table_info(self, table: FakeTable) -> dict[str, Any]:
        time_var = next(v for v in table.variables if v.time)
        return {
            "language": "sv",
            "id": table.id,
            "label": table.label,
            "description": "",
            "sortCode": "01",
            "updated": table.updated,
            "firstPeriod": time_var.values[0],
            "lastPeriod": time_var.values[-1],
            "category": "public",
            "variableNames": [v.label for v in table.variables],
            "discontinued": None,
            "source": "SCB",
            "subjectCode": "BE",
            "timeUnit": "Annual",
            "paths": [[{"id": "BE", "label": "Befolkning", "sortCode": "BE"}]],
            "links": [{"rel": "self", "hreflang": "sv", "href": self.server.url_for(f"{self.prefix}/tables/{table.id}")}],
        }

    # -- metadata ------------------------------------------------------------------------

    def _values_of(self, var: FakeVariable, codelist: str | None) -> list[str] | Response:
        if not codelist:
            return var.values
        if codelist not in var.codelists:
            return problem(400, "Non-existent codelist")
        return var.codelists[codelist]

    def _metadata_v2(self, table: FakeTable, request: Request) -> Any:
        codelists = self._codelist_params(request.args)
        dims = {}
        for var in table.variables:
            values = self._values_of(var, codelists.get(var.code))
            if isinstance(values, Response):
                return values
            dims[var.code] = self._dimension(table, var, values, metadata=True)
        return self._dataset(table, [v.code for v in table.variables], dims, [], {})

    @staticmethod
    def _codelist_params(args: Any) -> dict[str, str]:
        found = {}
        for key, value in args.items():
            match = re.match(r"codelist\[(.+)\]", key, re.IGNORECASE)
            if match:
                found[match.group(1)] = value
        return found

    def _metadata_v1(self, table: FakeTable) -> dict[str, Any]:
        variables = []
        for var in table.variables:
            item: dict[str, Any] = {
                "code": var.code,
                "text": var.label,
                "values": var.values,
                "valueTexts": [var.label_of(c) for c in var.values],
            }
            if var.elimination:
                item["elimination"] = True
            if var.time:
                item["time"] = True
            variables.append(item)
        return {"title": table.label, "variables": variables}

    def _dimension(self, table: FakeTable, var: FakeVariable, values: list[str], metadata: bool) -> dict[str, Any]:
        category: dict[str, Any] = {
            "index": {c: i for i, c in enumerate(values)},
            "label": {c: var.label_of(c) for c in values},
        }
        extension: dict[str, Any] = {"elimination": var.elimination, "show": "value"}
        if var.contents:
            category["unit"] = {c: table.units.get(c, {"base": "antal", "decimals": 0}) for c in values}
            extension["refperiod"] = {c: "31 december respektive år" for c in values}
        if metadata:
            extension["codelists"] = [
                {"id": cid, "label": cid, "type": "Valueset", "links": []} for cid in var.codelists
            ]
        return {"label": var.label, "category": category, "extension": extension}

    def _dataset(self, table, ids, dims, values, status) -> dict[str, Any]:
        time_var = next(v.code for v in table.variables if v.time)
        contents = [v.code for v in table.variables if v.contents]
        body: dict[str, Any] = {
            "version": "2.0",
            "class": "dataset",
            "label": table.label,
            "source": "SCB",
            "updated": table.updated,
            "note": table.notes,
            "role": {"time": [time_var], "metric": contents},
            "id": ids,
            "size": [len(dims[i]["category"]["index"]) for i in ids],
            "dimension": dims,
            "extension": {
                "px": {"infofile": "BE0101", "tableid": table.v2_id or table.id, "decimals": 0,
                       "official-statistics": True, "language": "sv", "matrix": table.v2_id or table.id},
                "contact": [{"name": "Statistikservice", "organization": "SCB", "mail": "information@scb.se"}],
            },
            "value": values,
        }
        if status:
            body["status"] = status
        return body

    # -- data ----------------------------------------------------------------------------

    def _selection(self, table: FakeTable, request: Request) -> dict[str, tuple[list[str], str | None]] | Response:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return problem(400, "Illegal selection expression")
        picked: dict[str, tuple[list[str], str | None]] = {}
        if self.version == 2:
            if request.args.get("outputFormat", "json-stat2") != "json-stat2":
                return problem(400, "Unsupported output format")
            items = [(i["variableCode"], i["valueCodes"], i.get("codelist")) for i in body.get("selection", [])]
        else:
            if (body.get("response") or {}).get("format") != "json-stat2":
                return problem(400, "Unsupported output format")
            items = []
            for q in body.get("query", []):
                flt = q["selection"]["filter"]
                codelist = flt.replace(":", "_", 1) if flt.startswith(("vs:", "agg:")) else None
                if flt not in ("item",) and codelist is None:
                    return problem(400, "Illegal selection expression")
                items.append((q["code"], q["selection"]["values"], codelist))
        for code, values, codelist in items:
            var = table.variable(code)
            if var is None:
                return problem(400, "Non-existent variable")
            if len(set(values)) != len(values):
                return Response(b"", status=500)  # SCB answers a duplicate code so
            allowed = self._values_of(var, codelist)
            if isinstance(allowed, Response):
                return allowed
            lowered = {c.lower(): c for c in allowed}
            if any(v.lower() not in lowered for v in values):
                return problem(400, "Non-existent value")
            picked[var.code] = ([lowered[v.lower()] for v in values], codelist)
        for var in table.variables:
            if var.code not in picked and not var.elimination:
                return problem(400, "Missing selection for mandantory variable")
        return picked

    def _data(self, table: FakeTable, request: Request) -> Response:
        picked = self._selection(table, request)
        if isinstance(picked, Response):
            return picked
        ids = [v.code for v in table.variables if v.code in picked]
        cells = math.prod(len(picked[i][0]) for i in ids)
        if cells > self.max_cells:
            if self.version == 1:
                return Response(b"", status=403)
            return problem(400, "Too many cells selected", f"{cells} cells selected, max is {self.max_cells}")
        dims = {}
        for code in ids:
            var = table.variable(code)
            dims[code] = self._dimension(table, var, picked[code][0], metadata=False)
        values, status = [], {}
        for i, combo in enumerate(product(*(picked[c][0] for c in ids))):
            cell = dict(zip(ids, combo))
            symbol = table.status(cell)
            if symbol:
                status[str(i)] = symbol
                values.append(None)
            else:
                values.append(table.value(cell))
        return self._json(self._dataset(table, ids, dims, values, status))
