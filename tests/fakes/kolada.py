"""A local Kolada v3 server: KPI metadata and paged data in Kolada's wire format.

Data: ``{"values": [{"kpi", "municipality", "period", "values": [{"gender", "count", "status",
"value"}]}], "count": n, "next_url": ...}``; at most 25 ids per path segment (more is a 400, as
a too-long request is at Kolada); ``from_date`` returns only rows updated after it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


@dataclass
class KoladaRow:
    kpi: str
    municipality: str
    period: int
    values: list[dict[str, Any]]
    updated: str = "2025-01-01"
    isdeleted: bool | None = None


@dataclass
class FakeKolada:
    server: HTTPServer
    kpis: dict[str, dict[str, Any]] = field(default_factory=dict)
    rows: list[KoladaRow] = field(default_factory=list)
    page_size_cap: int = 5000
    faults: list[tuple[str, Any, int]] = field(default_factory=list)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    use_next_page_key: bool = False

    def __post_init__(self) -> None:
        self.server.expect_request(re.compile(r"^/v3/.*")).respond_with_handler(self.dispatch)

    @property
    def base_url(self) -> str:
        return self.server.url_for("/v3")

    def fail(self, kind: str, response, times: int = 1) -> None:
        self.faults.append([kind, response, times])

    def dispatch(self, request: Request) -> Response:
        path = request.path
        kind = "data" if path.startswith("/v3/data/") else "kpi" if path.startswith("/v3/kpi") else "other"
        self.log.append((path, dict(request.args)))
        for fault in self.faults:
            if fault[2] > 0 and fault[0] in (kind, "any"):
                fault[2] -= 1
                return fault[1]()
        if kind == "kpi":
            ids = path.removeprefix("/v3/kpi").strip("/").split(",") if path != "/v3/kpi" else list(self.kpis)
            values = [self.kpis[i] for i in ids if i in self.kpis]
            return self._json({"values": values, "count": len(values)})
        if kind == "data":
            return self._data(request)
        return Response(json.dumps({"error": "Not found"}), status=404, content_type="application/json")

    @staticmethod
    def _json(body: Any) -> Response:
        return Response(json.dumps(body, ensure_ascii=False), content_type="application/json")

    def _data(self, request: Request) -> Response:
        segments = dict(re.findall(r"(kpi|municipality|year)/([^/]+)", request.path))
        picked = {k: v.split(",") for k, v in segments.items()}
        if any(len(v) > 25 for v in picked.values()):
            return Response(json.dumps({"error": "Too many ids"}), status=400, content_type="application/json")
        since = request.args.get("from_date")
        matches = [
            r for r in self.rows
            if r.kpi in picked.get("kpi", [r.kpi])
            and r.municipality in picked.get("municipality", [r.municipality])
            and str(r.period) in picked.get("year", [str(r.period)])
            and (since is None or r.updated > since)
        ]
        per_page = min(int(request.args.get("per_page", 5000)), self.page_size_cap)
        page = int(request.args.get("page", 1))
        chunk = matches[(page - 1) * per_page : page * per_page]
        body: dict[str, Any] = {"values": [], "count": len(chunk)}
        for r in chunk:
            item = {"kpi": r.kpi, "municipality": r.municipality, "period": r.period, "values": r.values}
            if r.isdeleted is not None:
                item["isdeleted"] = r.isdeleted
            body["values"].append(item)
        if page * per_page < len(matches):
            query = f"page={page + 1}&per_page={per_page}" + (f"&from_date={since}" if since else "")
            link = self.server.url_for(request.path) + "?" + query
            body["next_page" if self.use_next_page_key else "next_url"] = link
        elif not self.use_next_page_key:
            body["next_url"] = None
        return self._json(body)
