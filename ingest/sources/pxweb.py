"""PxWeb sources (SCB's PxWebApi 2.0 and v1 hosts): a dataset is a table and a selection."""

from __future__ import annotations

from typing import Any

from ingest.config import DatasetConfig, PxWebSourceConfig
from ingest.cube_rows import observations_from_cube
from ingest.errors import ResponseFormatError
from ingest.pxweb.client import FetchResult, PxWebClient
from ingest.sources.base import Fetched
from ingest.store import Observations


class PxWebSource:
    def __init__(self, name: str, config: PxWebSourceConfig, **injected: Any):
        self.name = name
        self.config = config
        self.client = PxWebClient(
            config.base_url,
            version=config.version,
            language=config.language,
            timeout=config.timeout,
            config_url=config.config_url,
            **injected,
        )

    def source_updated(self, dataset: DatasetConfig) -> str | None:
        info = self.client.table_info(dataset.table)
        return info.get("updated") if info else None

    def fetch(self, dataset_id: str, dataset: DatasetConfig, since: str | None = None) -> Fetched:
        result = self.client.fetch(dataset.table, dataset.selection, dataset.codelists)
        parts = [self._observations(result, cube, dataset) for cube in result.cubes]
        return Fetched(Observations.concat(parts), self._meta(result, dataset), result.updated)

    def _observations(self, result: FetchResult, cube, dataset: DatasetConfig) -> Observations:
        wanted = (dataset.region_variable or "Region").lower()
        region_dim = next((d for d in cube.ids if d.lower() == wanted), None)
        time_vars = {v.code for v in result.metadata.variables if v.is_time}
        time_dim = next((d for d in cube.ids if d in time_vars or d in cube.role.get("time", [])), None)
        if time_dim is None:
            raise ResponseFormatError(
                f"{dataset.table}: the response has no time dimension (dimensions: {', '.join(cube.ids)})"
            )
        return observations_from_cube(cube, region_dim=region_dim, time_dim=time_dim)

    def _meta(self, result: FetchResult, dataset: DatasetConfig) -> dict[str, Any]:
        first = result.cubes[0]
        units = {}
        for dim in first.dimensions:
            for code, unit in ((dim.raw.get("category") or {}).get("unit") or {}).items():
                units[code] = unit
        notes = first.raw.get("note") or []
        return {
            "source": self.name,
            "source_kind": "pxweb",
            "table_id": dataset.table,
            "selection": result.selection,
            "label": dataset.label or result.metadata.label or first.label,
            "unit": dataset.unit,
            "source_updated": result.updated,
            "request_url": result.urls[0] + (f" (+{len(result.urls) - 1} more requests)" if len(result.urls) > 1 else ""),
            "content_hash": result.content_hash,
            "metadata": {
                "api_version": self.config.version,
                "table_label": result.metadata.label,
                "v2_table_id": result.metadata.table_id or (first.extension.get("px") or {}).get("tableid"),
                "units": units,
                "notes": notes,
                "source_text": first.raw.get("source"),
                "requests": len(result.urls),
            },
            "provenance": f"{first.raw.get('source') or self.name}, {self.config.base_url}, table {dataset.table}",
        }
