"""The sources: one small module per kind, each turning a dataset into canonical observations.

The list of kinds is data (``ADAPTERS``); each source's quirks live in its own module.
"""

from __future__ import annotations

from collections.abc import Callable
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


class SourceAdapter(Protocol):
    def source_updated(self, dataset: DatasetConfig) -> str | None:
        """The source's own 'updated' date of the dataset, cheaply, or None if it has none."""

    def fetch(self, dataset_id: str, dataset: DatasetConfig) -> Fetched:
        """Every configured cell of the dataset, canonical, with provenance."""


def adapter_for(name: str, config: Any, **injected: Any) -> SourceAdapter:
    """The adapter of a configured source (``clock``/``sleep`` may be injected for tests)."""
    factory: Callable[..., SourceAdapter] = ADAPTERS[config.kind]
    return factory(name, config, **injected)


def _pxweb(name: str, config: Any, **injected: Any) -> SourceAdapter:
    from ingest.sources.pxweb import PxWebSource

    return PxWebSource(name, config, **injected)


ADAPTERS: dict[str, Callable[..., SourceAdapter]] = {"pxweb": _pxweb}
