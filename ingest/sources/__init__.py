"""The sources: one small module per kind, each turning a dataset into canonical observations.

The list of kinds is data (``ADAPTERS``); each source's quirks live in its own module.
"""

from __future__ import annotations

from typing import Any

from ingest.sources.base import Fetched, SourceAdapter
from ingest.sources.eurostat import EurostatSource
from ingest.sources.kolada import KoladaSource
from ingest.sources.manual_csv import ManualCsvSource
from ingest.sources.opendata_files import OpenDataFilesSource
from ingest.sources.pxweb import PxWebSource

ADAPTERS: dict[str, type] = {
    "pxweb": PxWebSource,
    "kolada": KoladaSource,
    "eurostat": EurostatSource,
    "tillvaxtverket": OpenDataFilesSource,
    "csv": ManualCsvSource,
}

__all__ = ["ADAPTERS", "Fetched", "SourceAdapter", "adapter_for"]


def adapter_for(name: str, config: Any, **injected: Any) -> SourceAdapter:
    """The adapter of a configured source (``clock``/``sleep`` may be injected for tests)."""
    return ADAPTERS[config.kind](name, config, **injected)
