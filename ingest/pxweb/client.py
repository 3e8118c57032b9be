"""A PxWeb client for PxWebApi 2.0 and the v1 API.

It reads the server's limits from its config, validates a selection against the table's
metadata before sending it, splits a query over the cell limit, throttles to the server's call
rate, and returns the decoded JSON-stat cubes with their provenance.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ingest import jsonstat
from ingest.errors import QueryTooLargeError, ResponseFormatError, SelectionError, SourceHTTPError
from ingest.http import HttpClient, SlidingWindowLimiter, parse_json
from ingest.pxweb.selection import parse_selection_items, resolve
from ingest.pxweb.split import cell_count, split_query

log = logging.getLogger(__name__)

TIME_NAMES = ("tid", "time", "år", "year")
CONTENTS_NAMES = ("contentscode", "tabellinnehåll")


@dataclass(frozen=True)
class Limits:
    max_cells: int
    max_calls: int
    window: float


# Used only when a server publishes no config; SCB's v1 published these (150,000 / 30 per 10 s),
# Tillväxtanalys publishes lower ones, so the fallback is the cautious of the two.
FALLBACK_LIMITS = Limits(max_cells=100_000, max_calls=10, window=10.0)


@dataclass
class Variable:
    code: str
    label: str
    values: list[str]
    value_labels: dict[str, str]
    elimination: bool
    is_time: bool
    is_contents: bool
    codelists: list[str] = field(default_factory=list)


@dataclass
class TableMetadata:
    table: str
    label: str | None
    updated: str | None
    variables: list[Variable]
    table_id: str | None = None

    def variable(self, code: str) -> Variable | None:
        for var in self.variables:
            if var.code.lower() == code.lower():
                return var
        return None


@dataclass
class FetchResult:
    cubes: list[jsonstat.Cube]
    urls: list[str]
    content_hash: str
    updated: str | None
    metadata: TableMetadata
    selection: dict[str, list[str]]


def _is_time(code: str, label: str | None, roles: dict[str, list[str]]) -> bool:
    return code in roles.get("time", []) or code.lower() in TIME_NAMES


def _is_contents(code: str, roles: dict[str, list[str]]) -> bool:
    return code in roles.get("metric", []) or code.lower() in CONTENTS_NAMES


def _too_large(exc: SourceHTTPError) -> bool:
    """PxWeb's ways of saying a query has too many cells (v2 400 with a title, 403, 413)."""
    return exc.status in (403, 413) or (exc.status == 400 and (exc.title or "").lower() == "too many cells selected")


def halve_query(query: dict[str, list[str]], order: list[str], exc: Exception) -> list[dict[str, list[str]]]:
    """Split ``query`` in two along the first splittable variable with more than one value."""
    for variable in order:
        values = query[variable]
        if len(values) > 1:
            middle = len(values) // 2
            return [{**query, variable: values[:middle]}, {**query, variable: values[middle:]}]
    raise QueryTooLargeError(
        f"the server refuses even {cell_count(query):,} cells ({exc}) and no splittable variable "
        "has more than one value left; select fewer values of the contents variable"
    )


class PxWebClient:
    """Talks to one PxWeb server (``version`` 2 or 1)."""

    def __init__(
        self,
        base_url: str,
        *,
        version: int = 2,
        language: str | None = None,
        timeout: float = 60.0,
        config_url: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        http: HttpClient | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.version = version
        self.language = language
        self.config_url = config_url
        self.clock = clock
        self.sleep = sleep
        self.http = http or HttpClient(timeout=timeout, sleep=sleep)
        self._limits: Limits | None = None

    # -- server --------------------------------------------------------------------------

    def _params(self, **extra: Any) -> dict[str, Any]:
        params = {"lang": self.language} if self.language and self.version == 2 else {}
        params.update(extra)
        return params

    def _table_url(self, table: str) -> str:
        if self.version == 2:
            return f"{self.base_url}/tables/{quote(table, safe='')}"
        return f"{self.base_url}/{quote(table.strip('/'), safe='/')}"

    def limits(self) -> Limits:
        """The server's cell and call limits, read once from its config."""
        if self._limits is None:
            if self.version == 2:
                url = f"{self.base_url}/config"
            else:
                url = self.config_url or f"{self.base_url.rsplit('/', 1)[0]}/?config"
            try:
                body = parse_json(self.http.get(url))
            except (SourceHTTPError, ResponseFormatError) as exc:
                log.warning("no usable server config at %s (%s); using %s", url, exc, FALLBACK_LIMITS)
                self._limits = FALLBACK_LIMITS
            else:
                self._limits = self._limits_from(body)
            self.http.limiter = SlidingWindowLimiter(
                self._limits.max_calls, self._limits.window, clock=self.clock, sleep=self.sleep
            )
        return self._limits

    @staticmethod
    def _limits_from(body: dict[str, Any]) -> Limits:
        # v1 hosts publish maxCells and maxValues (SCB: 150,000 and 110,000): the lower one holds.
        published = [body.get(k) for k in ("maxDataCells", "maxCells", "maxValues") if body.get(k)]
        cells = min(int(c) for c in published) if published else None
        calls = body.get("maxCallsPerTimeWindow") or body.get("maxCalls")
        window = body.get("timeWindow")
        return Limits(
            max_cells=int(cells or FALLBACK_LIMITS.max_cells),
            max_calls=int(calls or FALLBACK_LIMITS.max_calls),
            window=float(window or FALLBACK_LIMITS.window),
        )

    def table_info(self, table: str) -> dict[str, Any] | None:
        """v2's ``/tables/{id}`` (label, ``updated``, first and last period); None on v1."""
        if self.version != 2:
            return None
        self.limits()
        return parse_json(self.http.get(self._table_url(table), params=self._params()))

    def resolve_table(self, table: str) -> str:
        """A v1 table path whose file name has a wildcard (``nystartade_*_lan.px``) found by
        listing its folder: hosts rename their files. The newest match wins."""
        folder, _, name = table.rstrip("/").rpartition("/")
        if self.version != 1 or not any(ch in name for ch in "*?"):
            return table
        self.limits()
        listing = parse_json(self.http.get(self._table_url(folder) if folder else self.base_url))
        tables = [i for i in listing if isinstance(i, dict) and i.get("type") == "t"] if isinstance(listing, list) else []
        matches = [i for i in tables if fnmatch.fnmatch(str(i.get("id")).lower(), name.lower())]
        if not matches:
            names = ", ".join(str(i.get("id")) for i in tables) or "none"
            raise SelectionError(f"no table matching {name!r} in {folder or 'the database root'}; its tables: {names}")
        chosen = max(matches, key=lambda i: (str(i.get("updated") or ""), str(i.get("id"))))
        found = f"{folder}/{chosen['id']}" if folder else str(chosen["id"])
        log.info("table %s resolved to %s", table, found)
        return found

    # -- metadata ------------------------------------------------------------------------

    def metadata(self, table: str, codelists: dict[str, str] | None = None) -> TableMetadata:
        self.limits()
        if self.version == 2:
            params = self._params(**{f"codelist[{v}]": c for v, c in (codelists or {}).items()})
            body = parse_json(self.http.get(f"{self._table_url(table)}/metadata", params=params))
            return self._metadata_v2(table, body)
        body = parse_json(self.http.get(self._table_url(table)))
        return self._metadata_v1(table, body)

    @staticmethod
    def _metadata_v2(table: str, body: dict[str, Any]) -> TableMetadata:
        cube = jsonstat.parse(body, values=False)
        roles = cube.role
        variables = []
        for dim in cube.dimensions:
            ext = dim.raw.get("extension") or {}
            variables.append(
                Variable(
                    code=dim.id,
                    label=dim.label or dim.id,
                    values=dim.codes,
                    value_labels=dim.labels,
                    elimination=bool(ext.get("elimination", False)),
                    is_time=_is_time(dim.id, dim.label, roles),
                    is_contents=_is_contents(dim.id, roles),
                    codelists=[c.get("id") for c in ext.get("codelists") or [] if c.get("id")],
                )
            )
        px = cube.extension.get("px") or {}
        return TableMetadata(table, cube.label, cube.updated, variables, px.get("tableid"))

    @staticmethod
    def _metadata_v1(table: str, body: dict[str, Any]) -> TableMetadata:
        if not isinstance(body, dict) or not isinstance(body.get("variables"), list):
            raise ResponseFormatError(f"the v1 metadata of {table} has no 'variables' list")
        variables = []
        for raw in body["variables"]:
            values = [str(v) for v in raw.get("values", [])]
            texts = raw.get("valueTexts") or values
            code = str(raw.get("code"))
            variables.append(
                Variable(
                    code=code,
                    label=raw.get("text") or code,
                    values=values,
                    value_labels=dict(zip(values, (str(t) for t in texts))),
                    elimination=bool(raw.get("elimination", False)),
                    is_time=bool(raw.get("time", False)) or code.lower() in TIME_NAMES,
                    is_contents=code.lower() in CONTENTS_NAMES,
                )
            )
        return TableMetadata(table, body.get("title"), None, variables)

    # -- selection -----------------------------------------------------------------------

    def resolve_selection(
        self, meta: TableMetadata, selection: dict[str, list[str]], codelists: dict[str, str] | None = None
    ) -> dict[str, list[str]]:
        """Validate ``selection`` against ``meta`` and resolve it to explicit value codes.

        Variables left out are eliminated (the table's own total); a variable the table cannot
        eliminate must be selected.
        """
        codelists = codelists or {}
        names = ", ".join(v.code for v in meta.variables)
        for variable in list(selection) + list(codelists):
            if meta.variable(variable) is None:
                raise SelectionError(f"table {meta.table} has no variable {variable!r}; its variables: {names}")
        for variable, codelist in codelists.items():
            var = meta.variable(variable)
            normalised = codelist.replace(":", "_")
            if var.codelists and normalised not in var.codelists:
                raise SelectionError(
                    f"variable {var.code!r} of {meta.table} has no codelist {codelist!r}; "
                    f"its codelists: {', '.join(var.codelists)}"
                )
        missing = [
            v for v in meta.variables
            if not v.elimination and not any(s.lower() == v.code.lower() for s in selection)
        ]
        if missing:
            details = "; ".join(
                f"{v.code} ({v.label}: e.g. {', '.join(v.values[:5])})" for v in missing
            )
            raise SelectionError(
                f"table {meta.table} cannot eliminate {', '.join(v.code for v in missing)}: "
                f"add them to the selection — {details}"
            )
        resolved: dict[str, list[str]] = {}
        for variable, items in selection.items():
            var = meta.variable(variable)
            aggregated_v1 = self.version == 1 and codelists.get(variable, "").startswith("agg")
            if aggregated_v1:
                # v1 publishes no values of an aggregation; take the codes as written.
                parsed = parse_selection_items(items)
                if any(p.kind != "code" for p in parsed):
                    raise SelectionError(
                        f"variable {var.code!r} uses the v1 aggregation {codelists[variable]!r}: "
                        "give its value codes explicitly"
                    )
                resolved[var.code] = [p.args[0] for p in parsed]
            else:
                resolved[var.code] = resolve(var.code, items, var.values, is_time=var.is_time)
        return resolved

    def split_order(self, meta: TableMetadata, resolved: dict[str, list[str]]) -> list[str]:
        """Variables a query may be split along: time, then region, then the rest; never contents."""
        order = [v.code for v in meta.variables if v.is_time and v.code in resolved]
        order += [v.code for v in meta.variables if v.code.lower() == "region" and v.code in resolved]
        order += [
            v.code for v in meta.variables
            if v.code in resolved and v.code not in order and not v.is_contents
        ]
        return order

    # -- data ----------------------------------------------------------------------------

    def _data_request(
        self, table: str, query: dict[str, list[str]], codelists: dict[str, str]
    ) -> tuple[str, bytes]:
        if self.version == 2:
            body = {
                "selection": [
                    {"variableCode": var, "valueCodes": codes}
                    | ({"codelist": codelists[var].replace(":", "_")} if var in codelists else {})
                    for var, codes in query.items()
                ]
            }
            url = f"{self._table_url(table)}/data"
            response = self.http.post(url, params=self._params(outputFormat="json-stat2"), json=body)
        else:
            body = {
                "query": [
                    {
                        "code": var,
                        "selection": {
                            "filter": codelists[var].replace("_", ":", 1) if var in codelists else "item",
                            "values": codes,
                        },
                    }
                    for var, codes in query.items()
                ],
                "response": {"format": "json-stat2"},
            }
            url = self._table_url(table)
            response = self.http.post(url, json=body)
        return response.url or url, response.content

    def fetch(
        self, table: str, selection: dict[str, list[str]], codelists: dict[str, str] | None = None
    ) -> FetchResult:
        """Fetch every cell of ``selection``: validated, split to the server's limit, decoded."""
        codelists = codelists or {}
        limits = self.limits()
        try:
            meta = self.metadata(table, codelists if self.version == 2 else None)
        except SourceHTTPError as exc:
            if exc.title != "Non-existent codelist":
                raise
            meta = self.metadata(table)  # to name the codelists the table does have
        resolved = self.resolve_selection(meta, selection, codelists)
        codelists = {meta.variable(v).code: c for v, c in codelists.items()}
        queries = split_query(resolved, limits.max_cells, self.split_order(meta, resolved))
        if len(queries) > 1:
            log.info(
                "%s: %s cells over the limit of %s; split into %d requests",
                table, f"{cell_count(resolved):,}", f"{limits.max_cells:,}", len(queries),
            )
        digest = hashlib.sha256()
        cubes, urls = [], []
        pending = list(queries)
        order = self.split_order(meta, resolved)
        while pending:
            query = pending.pop(0)
            try:
                url, content = self._data_request(table, query, codelists)
            except SourceHTTPError as exc:
                if not _too_large(exc):
                    raise
                # The server's real limit is below what its config says: halve and go on.
                pending[:0] = halve_query(query, order, exc)
                log.info("%s: the server refused %s cells (%s); halved", table, f"{cell_count(query):,}", exc.title)
                continue
            digest.update(content)
            try:
                cube = jsonstat.parse(content)
            except ResponseFormatError as exc:
                raise ResponseFormatError(f"{url}: {exc}") from exc
            cubes.append(cube)
            urls.append(url)
        updated = max((c.updated for c in cubes if c.updated), default=meta.updated)
        return FetchResult(cubes, urls, digest.hexdigest(), updated, meta, resolved)
