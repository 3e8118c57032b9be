"""Kolada v3 (RKA): one KPI per dataset, for Sweden, counties and municipalities.

Quirks handled here: at most 25 ids per path segment (larger requests are chunked), paging by
``next_url`` (``next_page`` accepted too) at up to 5,000 rows, ``from_date`` for incremental
updates, the gender split T/K/M kept as the ``gender`` dimension, ``isdeleted`` rows recorded
with status ``deleted`` (never shown as current values), regions ``00LL`` mapped to ``LL`` and
``0000`` to ``00``, and a self-imposed 5 requests per second.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import numpy as np

from ingest.codes import SWEDEN, canonical_period, county_codes, kolada_id, region_from_kolada
from ingest.config import DatasetConfig, KoladaSourceConfig, label_in
from ingest.cube_rows import dims_json
from ingest.errors import ResponseFormatError, SelectionError
from ingest.http import parse_json, rate_limited_client
from ingest.sources.base import Fetched
from ingest.store import Observations

log = logging.getLogger(__name__)

MAX_IDS_PER_SEGMENT = 25
GENDERS = ("T", "K", "M")
DELETED = "deleted"


def chunks(items: list[str], size: int = MAX_IDS_PER_SEGMENT) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def expand_years(items: list[str]) -> list[str]:
    """Years from codes and ``range(a,b)``/``from(a)``; ``*`` (all years) gives an empty list."""
    years: list[str] = []
    for item in items:
        text = item.strip()
        if text == "*":
            return []
        if text.startswith("range(") and text.endswith(")"):
            first, last = (int(x) for x in text[6:-1].split(","))
            years += [str(y) for y in range(first, last + 1)]
        elif text.startswith("from(") and text.endswith(")"):
            years += [str(y) for y in range(int(text[5:-1]), time.gmtime().tm_year + 1)]
        elif text.isdigit() and len(text) == 4:
            years.append(text)
        else:
            raise SelectionError(f"Kolada year {item!r}: write a year (2020), range(2010,2024), from(2010) or *")
    return sorted(set(years))


def expand_regions(items: list[str]) -> list[str]:
    """Our region codes (``*`` = Sweden and the 21 counties) as Kolada ids (25 -> 0025)."""
    codes: list[str] = []
    for item in items:
        codes += [SWEDEN, *county_codes()] if item == "*" else [item]
    return [kolada_id(code) for code in dict.fromkeys(codes)]


class KoladaSource:
    def __init__(
        self,
        name: str,
        config: KoladaSourceConfig,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        **_: Any,
    ):
        self.name = name
        self.config = config
        self.http = rate_limited_client(config.requests_per_second, timeout=config.timeout, clock=clock, sleep=sleep)

    # -- metadata ------------------------------------------------------------------------

    def kpi_metadata(self, kpi: str) -> dict[str, Any]:
        body = parse_json(self.http.get(f"{self.config.base_url}/kpi/{quote(kpi)}"))
        values = body.get("values") if isinstance(body, dict) else None
        if not values:
            raise SelectionError(f"Kolada has no KPI {kpi!r} (GET /kpi/{kpi} returned none)")
        return values[0]

    def source_updated(self, dataset: DatasetConfig) -> str | None:
        # Kolada revises data without moving the KPI's publication date; the incremental
        # from_date fetch is the cheap check instead.
        return None

    # -- data ----------------------------------------------------------------------------

    def urls(self, dataset: DatasetConfig) -> list[str]:
        """The data URLs of a dataset: KPI x chunks of at most 25 regions x 25 years."""
        regions = expand_regions(dataset.selection.get("municipality", ["*"]))
        years = expand_years(dataset.selection.get("year", ["*"]))
        base = f"{self.config.base_url}/data/kpi/{quote(dataset.table)}"
        urls = []
        for region_chunk in chunks(regions):
            path = f"{base}/municipality/{','.join(region_chunk)}"
            if years:
                urls += [f"{path}/year/{','.join(year_chunk)}" for year_chunk in chunks(years)]
            else:
                urls.append(path)
        return urls

    def pages(self, url: str, since: str | None) -> Iterator[dict[str, Any]]:
        params: dict[str, Any] | None = {"per_page": self.config.per_page, "page": 1}
        if since:
            params["from_date"] = since
        next_url: str | None = url
        while next_url:
            body = parse_json(self.http.get(next_url, params=params))
            if not isinstance(body, dict) or not isinstance(body.get("values"), list):
                raise ResponseFormatError(f"{next_url}: a Kolada page has no 'values' list")
            yield body
            next_url = body.get("next_url") or body.get("next_page") or None
            params = None  # next_url carries the paging parameters itself

    def fetch(self, dataset_id: str, dataset: DatasetConfig, since: str | None = None) -> Fetched:
        kpi = self.kpi_metadata(dataset.table)
        genders = set(dataset.selection.get("gender", list(GENDERS)))
        unknown = genders - set(GENDERS)
        if unknown:
            raise SelectionError(f"Kolada gender {sorted(unknown)}: use T (total), K (women) or M (men)")
        digest = hashlib.sha256()
        region, period, dims, value, status = [], [], [], [], []
        urls = self.urls(dataset)
        for url in urls:
            for page in self.pages(url, since):
                digest.update(repr(page["values"]).encode())
                for item in page["values"]:
                    self._rows(item, genders, region, period, dims, value, status)
        observations = Observations(
            np.array(region, dtype=object),
            np.array(period, dtype=object),
            np.array(dims, dtype=object),
            np.array(value, dtype=np.float64),
            np.array(status, dtype=object),
        )
        meta = {
            "source": self.name,
            "source_kind": "kolada",
            "table_id": dataset.table,
            "selection": dataset.selection,
            "label": label_in(dataset.label, "sv") or kpi.get("title"),
            "unit": dataset.unit,
            "source_updated": kpi.get("publication_date"),
            "request_url": urls[0] + (f" (+{len(urls) - 1} more requests)" if len(urls) > 1 else ""),
            "content_hash": digest.hexdigest(),
            "metadata": {
                "kpi": {
                    key: kpi.get(key)
                    for key in (
                        "id", "title", "description", "is_divided_by_gender", "municipality_type",
                        "publication_date", "prel_publication_date", "publ_period", "operating_area",
                        "auspice", "perspective",
                    )
                },
                "incremental_since": since,
                "requests": len(urls),
            },
            "provenance": f"Kolada (RKA), KPI {dataset.table}: {kpi.get('title')}",
        }
        return Fetched(observations, meta, kpi.get("publication_date"), incremental=since is not None)

    @staticmethod
    def _rows(item: dict[str, Any], genders: set[str], region, period, dims, value, status) -> None:
        try:
            code = region_from_kolada(str(item["municipality"]))
            year = canonical_period(str(item["period"]))
            cells = item["values"]
        except (KeyError, TypeError) as exc:
            raise ResponseFormatError(f"a Kolada data row lacks {exc}: {str(item)[:200]}") from exc
        item_deleted = bool(item.get("isdeleted"))
        for cell in cells:
            gender = cell.get("gender")
            if gender not in genders:
                continue
            raw = cell.get("value")
            symbol = cell.get("status") or None
            if item_deleted or cell.get("isdeleted"):
                symbol = DELETED if not symbol else f"{DELETED}: {symbol}"
            region.append(code)
            period.append(year)
            dims.append(dims_json({"gender": gender}))
            value.append(float(raw) if raw is not None else math.nan)
            status.append(symbol)
