"""What every source adapter is and returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ingest.config import DatasetConfig
from ingest.store import Observations


@dataclass
class Fetched:
    """What a source returns for one dataset: the observations and their provenance."""

    observations: Observations
    meta: dict[str, Any]
    source_updated: str | None
    incremental: bool = False  # only what changed since the last fetch (Kolada's from_date)
    sources: list[dict[str, Any]] | None = None  # per-figure unit/source/citation/note, if any
    regions: list[dict[str, Any]] | None = None  # regions the store may not know (foreign NUTS)
    complete: bool = False  # the whole dataset (a hand-kept file): stored rows not in it are removed


class SourceAdapter(Protocol):
    def source_updated(self, dataset: DatasetConfig) -> str | None:
        """The source's own 'updated' date of the dataset, cheaply, or None if it has none."""

    def fetch(self, dataset_id: str, dataset: DatasetConfig, since: str | None = None) -> Fetched:
        """Every configured cell of the dataset, canonical, with provenance; ``since`` (an ISO
        date of the last successful fetch) lets a source send only what changed after it."""
