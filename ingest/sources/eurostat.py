"""Eurostat's dissemination API: statistics 1.0, JSON-stat 2.0, for regional comparisons.

Quirks handled here: filters are repeated query parameters (``geo=SE332&geo=SE221``); our
county codes are accepted in ``geo`` and mapped to NUTS 3 (25 -> SE332, 00 -> SE); values come
as a sparse object; flags are kept as the status and their labels (``extension.status.label``)
stored with the dataset; HTTP 413 ("extraction too big") splits the request by ``geo``; foreign
regions keep their NUTS code and get a row in ``regions`` with the names Eurostat gives.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from ingest.codes import SWEDEN, region, region_from_nuts
from ingest.config import DatasetConfig, EurostatSourceConfig, label_in
from ingest.cube_rows import observations_from_cube
from ingest.errors import QueryTooLargeError, ResponseFormatError, SourceHTTPError
from ingest import jsonstat
from ingest.http import rate_limited_client
from ingest.sources.base import Fetched
from ingest.store import Observations

log = logging.getLogger(__name__)

TIME_PARAMETERS = ("time", "sinceTimePeriod", "untilTimePeriod", "lastTimePeriod", "geoLevel")
NUTS_LEVELS = {2: "country", 3: "nuts1", 4: "nuts2", 5: "nuts3"}


def nuts_for(code: str) -> str:
    """Our region codes as Eurostat geo codes: counties to NUTS 3, Sweden to SE; others as given."""
    if code == SWEDEN:
        return "SE"
    known = region(code)
    if known is not None and known.nuts_code:
        return known.nuts_code
    return code


def _level(code: str) -> str:
    return NUTS_LEVELS.get(len(code), "aggregate") if code[:2].isalpha() and "_" not in code else "aggregate"


class EurostatSource:
    def __init__(
        self,
        name: str,
        config: EurostatSourceConfig,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        **_: Any,
    ):
        self.name = name
        self.config = config
        self.http = rate_limited_client(config.requests_per_second, timeout=config.timeout, clock=clock, sleep=sleep)

    def source_updated(self, dataset: DatasetConfig) -> str | None:
        return None  # Eurostat updates twice a day; the content hash tells whether anything changed

    def _params(self, selection: dict[str, list[str]]) -> list[tuple[str, str]]:
        params = [("format", "JSON"), ("lang", self.config.language)]
        for key, values in selection.items():
            for value in values:
                params.append((key, nuts_for(value) if key == "geo" else value))
        return params

    def _request(self, url: str, selection: dict[str, list[str]]) -> list[tuple[str, bytes]]:
        """One response, or several when Eurostat answers 413 and the geo list can be halved."""
        try:
            response = self.http.get(url, params=self._params(selection))
            return [(response.url, response.content)]
        except SourceHTTPError as exc:
            if exc.status != 413:
                raise
            geo = selection.get("geo", [])
            if len(geo) < 2:
                raise QueryTooLargeError(
                    f"Eurostat refuses the extraction as too big ({exc}) and it cannot be split by geo; "
                    "narrow the selection (fewer units or a sinceTimePeriod)"
                ) from exc
            middle = len(geo) // 2
            log.info("%s: extraction too big; splitting %d geo codes in two", url, len(geo))
            return self._request(url, {**selection, "geo": geo[:middle]}) + self._request(
                url, {**selection, "geo": geo[middle:]}
            )

    def fetch(self, dataset_id: str, dataset: DatasetConfig, since: str | None = None) -> Fetched:
        url = f"{self.config.base_url}/statistics/1.0/data/{dataset.table}"
        digest = hashlib.sha256()
        parts, flag_labels, regions, labels, updated = [], {}, {}, None, None
        responses = self._request(url, dataset.selection)
        for request_url, content in responses:
            digest.update(content)
            try:
                cube = jsonstat.parse(content)
            except ResponseFormatError as exc:
                raise ResponseFormatError(f"{request_url}: {exc}") from exc
            if "geo" not in cube.ids or "time" not in cube.ids:
                raise ResponseFormatError(
                    f"{request_url}: expected dimensions geo and time, got {', '.join(cube.ids)}"
                )
            parts.append(observations_from_cube(cube, region_dim="geo", time_dim="time", region_code=region_from_nuts))
            flag_labels.update(((cube.extension.get("status") or {}).get("label")) or {})
            for code in cube.dimension("geo").codes:
                mapped = region_from_nuts(code)
                if region(mapped) is None:
                    name = cube.dimension("geo").labels.get(code, code)
                    regions[mapped] = {
                        "code": mapped, "level": _level(mapped), "parent": "", "name_sv": name,
                        "name_en": name, "nuts_code": code, "kolada_id": "",
                    }
            labels = labels or cube.label
            updated = max(filter(None, [updated, cube.updated]), default=None)
        meta = {
            "source": self.name,
            "source_kind": "eurostat",
            "table_id": dataset.table,
            "selection": dataset.selection,
            "label": label_in(dataset.label, "sv") or labels,
            "unit": dataset.unit,
            "source_updated": updated,
            "request_url": responses[0][0] + (f" (+{len(responses) - 1} more requests)" if len(responses) > 1 else ""),
            "content_hash": digest.hexdigest(),
            "metadata": {"flags": flag_labels, "requests": len(responses)},
            "provenance": f"Eurostat, dataset {dataset.table}",
        }
        return Fetched(Observations.concat(parts), meta, updated, regions=list(regions.values()) or None)

