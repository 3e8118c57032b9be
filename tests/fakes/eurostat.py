"""A local Eurostat dissemination API (statistics 1.0): JSON-stat 2.0 as Eurostat sends it.

Sparse ``value`` and ``status`` objects keyed by the flat index, ``updated`` with an offset,
``extension.status.label`` for the flags, and 413 when an extraction is too big.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from itertools import product
from typing import Any, Callable

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

FLAGS = {"p": "provisional", "e": "estimated", "b": "break in time series", "c": "confidential"}


@dataclass
class EurostatTable:
    code: str
    label: str
    dims: dict[str, dict[str, str]]  # dim id -> {code: label}, in order; must include geo and time
    value: Callable[[dict[str, str]], tuple[float | None, str | None]]
    updated: str = "2026-02-06T23:00:00+0100"


@dataclass
class FakeEurostat:
    server: HTTPServer
    tables: dict[str, EurostatTable] = field(default_factory=dict)
    max_cells: int = 10_000
    log: list[list[tuple[str, str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server.expect_request(re.compile(r"^/eurostat/api/dissemination/.*")).respond_with_handler(self.dispatch)

    @property
    def base_url(self) -> str:
        return self.server.url_for("/eurostat/api/dissemination")

    def dispatch(self, request: Request) -> Response:
        match = re.match(r"^/eurostat/api/dissemination/statistics/1\.0/data/([^/]+)$", request.path)
        params = list(request.args.items(multi=True))
        self.log.append(params)
        table = self.tables.get(match.group(1)) if match else None
        if table is None:
            return self._error(404, "Dataset not found")
        picked: dict[str, list[str]] = {}
        for key, value in params:
            if key in table.dims:
                picked.setdefault(key, []).append(value.upper())
        since = request.args.get("sinceTimePeriod")
        ids = list(table.dims)
        chosen = {}
        for dim in ids:
            codes = [c for c in table.dims[dim] if dim not in picked or c.upper() in picked[dim]]
            if dim == "time" and since:
                codes = [c for c in codes if c >= since]
            chosen[dim] = codes
        cells = math.prod(len(v) for v in chosen.values())
        if cells > self.max_cells:
            return self._error(413, f"EXTRACTION_TOO_BIG: The requested extraction is too big, estimated {cells} rows, max authorised is {self.max_cells}")
        values, status = {}, {}
        for i, combo in enumerate(product(*(chosen[d] for d in ids))):
            value, flag = table.value(dict(zip(ids, combo)))
            if value is not None:
                values[str(i)] = value
            if flag:
                status[str(i)] = flag
        body: dict[str, Any] = {
            "version": "2.0",
            "class": "dataset",
            "label": table.label,
            "source": "ESTAT",
            "updated": table.updated,
            "value": values,
            "status": status,
            "id": ids,
            "size": [len(chosen[d]) for d in ids],
            "dimension": {
                d: {"label": d, "category": {"index": {c: j for j, c in enumerate(chosen[d])},
                                              "label": {c: table.dims[d][c] for c in chosen[d]}}}
                for d in ids
            },
            "extension": {
                "lang": "EN", "id": table.code.upper(), "agencyId": "ESTAT", "version": "1.0",
                "annotation": [{"type": "UPDATE_DATA", "date": table.updated}],
                "status": {"label": FLAGS},
            },
        }
        return Response(json.dumps(body), content_type="application/json")

    @staticmethod
    def _error(status: int, label: str) -> Response:
        body = {"error": [{"status": status, "id": status, "label": label}]}
        return Response(json.dumps(body), status=status, content_type="application/json")
