"""PxWeb sources (SCB's PxWebApi 2.0 and v1 hosts): a dataset is a table and a selection."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from ingest.config import DatasetConfig, PxWebSourceConfig, label_in
from ingest.cube_rows import observations_from_cube
from ingest.codes import SWEDEN
from ingest.errors import ResponseFormatError, SelectionError
from ingest.pxweb.client import FetchResult, PxWebClient
from ingest.sources.base import Fetched
from ingest.store import Observations


def region_code_from_label(label: str) -> str:
    """'25 Norrbottens län' -> '25'; 'Riket' / 'Hela riket' / 'Sverige' -> '00'."""
    text = label.strip()
    match = re.match(r"^(\d{2}|\d{4})\b", text)
    if match:
        return match.group(1)
    if text.lower() in ("riket", "hela riket", "sverige", "sweden", "totalt"):
        return SWEDEN
    raise ResponseFormatError(f"region label {label!r} does not start with a county or municipality code")


class PxWebSource:
    def __init__(
        self,
        name: str,
        config: PxWebSourceConfig,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        **_: Any,
    ):
        self.name = name
        self.config = config
        self.client = PxWebClient(
            config.base_url,
            version=config.version,
            language=config.language,
            timeout=config.timeout,
            config_url=config.config_url,
            clock=clock,
            sleep=sleep,
        )

    def source_updated(self, dataset: DatasetConfig) -> str | None:
        info = self.client.table_info(dataset.table)
        return info.get("updated") if info else None

    def fetch(self, dataset_id: str, dataset: DatasetConfig, since: str | None = None) -> Fetched:
        table = self.client.resolve_table(dataset.table)
        selection = dataset.selection
        if dataset.region_codes_from_labels:
            selection = self._codes_to_running_numbers(table, dataset)
        result = self.client.fetch(table, selection, dataset.codelists)
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
        region_code = (lambda code: code)
        if dataset.region_codes_from_labels and region_dim is not None:
            labels = cube.dimension(region_dim).labels
            region_code = lambda code: region_code_from_label(labels.get(code, code))  # noqa: E731
        return observations_from_cube(cube, region_dim=region_dim, time_dim=time_dim, region_code=region_code)

    def _region_variable(self, meta, dataset: DatasetConfig):
        wanted = (dataset.region_variable or "Region").lower()
        return next((v for v in meta.variables if v.code.lower() == wanted), None)

    def _codes_to_running_numbers(self, table: str, dataset: DatasetConfig) -> dict[str, list[str]]:
        """Translate our region codes in the selection into the host's running numbers."""
        meta = self.client.metadata(table)
        var = self._region_variable(meta, dataset)
        if var is None or var.code not in dataset.selection:
            return dataset.selection
        by_code = {region_code_from_label(var.value_labels.get(v, v)): v for v in var.values}
        translated = []
        for item in dataset.selection[var.code]:
            if item in by_code:
                translated.append(by_code[item])
            elif item == "*" or not item.isdigit():
                translated.append(item)
            else:
                raise SelectionError(
                    f"{table}: no region labelled {item!r}; its regions: "
                    + ", ".join(sorted(k for k in by_code))
                )
        return {**dataset.selection, var.code: translated}

    def _meta(self, result: FetchResult, dataset: DatasetConfig) -> dict[str, Any]:
        first = result.cubes[0]
        units = {}
        for dim in first.dimensions:
            for code, unit in ((dim.raw.get("category") or {}).get("unit") or {}).items():
                units[code] = unit
        notes = first.raw.get("note") or []
        # The labels of the kept codes (an industry's name, a sector's), for pages that name them;
        # the region and time dimensions are named by our own vocabularies.
        value_labels = {
            dim.id: dict(list(dim.labels.items())[:2000]) for dim in first.dimensions
            if dim.id.lower() not in ((dataset.region_variable or "region").lower(), "tid") and dim.labels
        }
        return {
            "source": self.name,
            "source_kind": "pxweb",
            "table_id": dataset.table,
            "selection": result.selection,
            "label": label_in(dataset.label, "sv") or result.metadata.label or first.label,
            "unit": dataset.unit,
            "source_updated": result.updated,
            "request_url": result.urls[0] + (f" (+{len(result.urls) - 1} more requests)" if len(result.urls) > 1 else ""),
            "content_hash": result.content_hash,
            "metadata": {
                "api_version": self.config.version,
                "table_label": result.metadata.label,
                "v2_table_id": result.metadata.table_id or (first.extension.get("px") or {}).get("tableid"),
                "units": units,
                "value_labels": value_labels,
                "notes": notes,
                "source_text": first.raw.get("source"),
                "requests": len(result.urls),
            },
            "provenance": f"{first.raw.get('source') or self.name}, {self.config.base_url}, table {dataset.table}",
        }
