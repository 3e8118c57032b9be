"""Tillväxtverket's open-data files: guest nights by county, municipality, month and type.

The files are tab-separated Latin-1 text, re-published whole every month. Columns used:
``NIVA_NAMN`` (Riket / Län / Kommun), ``LAN_KOD``, ``KOMMUN_KOD``, ``AR``, ``MANAD_NUMMER``
(monthly files), ``ANLAGGNINGSTYP_NAMN``, ``LANDGRP_SVUTL_NAMN`` (country files) and the
measures (``ANTAL_GASTNATTER`` …). A dataset's ``table`` is the file name; its selection picks
``level``, ``region`` (our codes), ``measure`` (column names), ``year`` and the values of
``ANLAGGNINGSTYP_NAMN`` and ``LANDGRP_SVUTL_NAMN``.
"""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import numpy as np
import pandas as pd

from ingest.codes import SWEDEN
from ingest.config import DatasetConfig, OpenDataFilesSourceConfig, label_in
from ingest.cube_rows import dims_json
from ingest.errors import ResponseFormatError, SelectionError
from ingest.http import HttpClient
from ingest.sources.base import Fetched
from ingest.store import Observations

LEVELS = {"Riket": "country", "Län": "county", "Kommun": "municipality"}
REQUIRED = ("NIVA_NAMN", "LAN_KOD", "KOMMUN_KOD", "AR")
BREAKDOWNS = ("ANLAGGNINGSTYP_NAMN", "LANDGRP_SVUTL_NAMN")


def _iso(http_date: str | None) -> str | None:
    if not http_date:
        return None
    try:
        return parsedate_to_datetime(http_date).isoformat()
    except (TypeError, ValueError):
        return http_date


def _region_codes(frame: pd.DataFrame) -> pd.Series:
    level = frame["NIVA_NAMN"].str.strip()
    county = frame["LAN_KOD"].str.strip().str.zfill(2)
    municipality = frame["KOMMUN_KOD"].str.strip().str.zfill(4)
    codes = pd.Series(np.where(level == "Län", county, np.where(level == "Kommun", municipality, SWEDEN)), index=frame.index)
    unknown = sorted(set(level) - set(LEVELS))
    if unknown:
        raise ResponseFormatError(f"unknown NIVA_NAMN value(s) {unknown}; expected {', '.join(LEVELS)}")
    return codes


def _numbers(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Values and status: numbers parsed (spaces and decimal commas allowed), other text kept as status."""
    cleaned = text.fillna("").str.strip().str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    values = pd.to_numeric(cleaned.str.replace(",", ".", regex=False), errors="coerce").to_numpy(np.float64)
    status = np.where(np.isnan(values) & (cleaned != ""), cleaned, None).astype(object)
    return values, status


class OpenDataFilesSource:
    def __init__(
        self, name: str, config: OpenDataFilesSourceConfig, *, sleep: Callable[[float], None] = time.sleep, **_: Any
    ):
        self.name = name
        self.config = config
        self.http = HttpClient(timeout=config.timeout, sleep=sleep)

    def _url(self, dataset: DatasetConfig) -> str:
        return f"{self.config.base_url}/{dataset.table}"

    def source_updated(self, dataset: DatasetConfig) -> str | None:
        response = self.http.request("HEAD", self._url(dataset))
        return _iso(response.headers.get("Last-Modified"))

    def fetch(self, dataset_id: str, dataset: DatasetConfig, since: str | None = None) -> Fetched:
        url = self._url(dataset)
        response = self.http.get(url)
        try:
            frame = pd.read_csv(
                io.BytesIO(response.content), sep="\t", encoding=self.config.encoding, dtype=str, keep_default_na=False
            )
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise ResponseFormatError(f"{url}: not a tab-separated {self.config.encoding} file: {exc}") from exc
        frame.columns = [c.strip() for c in frame.columns]
        missing = [c for c in REQUIRED if c not in frame.columns]
        measures = dataset.selection.get("measure", ["ANTAL_GASTNATTER"])
        missing += [m for m in measures if m not in frame.columns]
        if missing:
            raise ResponseFormatError(
                f"{url}: the file has no column {', '.join(missing)} (its columns: {', '.join(frame.columns)}); "
                "the file layout may have changed"
            )
        frame = self._select(frame, dataset)
        regions = _region_codes(frame)
        year = frame["AR"].str.strip()
        period = year + "-" + frame["MANAD_NUMMER"].str.strip().str.zfill(2) if "MANAD_NUMMER" in frame else year
        breakdowns = [c for c in BREAKDOWNS if c in frame.columns]
        parts = []
        for measure in measures:
            values, status = _numbers(frame[measure])
            dims = [
                dims_json({"measure": measure, **dict(zip(breakdowns, combo))})
                for combo in (zip(*(frame[c].str.strip() for c in breakdowns)) if breakdowns else [()] * len(frame))
            ]
            parts.append(
                Observations(
                    regions.to_numpy(dtype=object), period.to_numpy(dtype=object),
                    np.array(dims, dtype=object), values, status,
                )
            )
        observations = Observations.concat(parts)
        keys = pd.DataFrame({"r": observations.region, "p": observations.period, "d": observations.dims})
        if keys.duplicated().any():
            raise ResponseFormatError(
                f"{url}: several rows share region, period and breakdown; select the breakdown columns "
                f"({', '.join(breakdowns)}) or check the file"
            )
        updated = _iso(response.headers.get("Last-Modified"))
        meta = {
            "source": self.name,
            "source_kind": "tillvaxtverket",
            "table_id": dataset.table,
            "selection": dataset.selection,
            "label": label_in(dataset.label, "sv") or dataset.table,
            "unit": dataset.unit,
            "source_updated": updated,
            "request_url": url,
            "content_hash": hashlib.sha256(response.content).hexdigest(),
            "metadata": {"columns": list(frame.columns), "rows_in_selection": int(len(frame))},
            "provenance": f"Tillväxtverket/SCB, inkvarteringsstatistik, open data file {dataset.table}",
        }
        return Fetched(observations, meta, updated)

    @staticmethod
    def _select(frame: pd.DataFrame, dataset: DatasetConfig) -> pd.DataFrame:
        selection = dataset.selection
        keep = pd.Series(True, index=frame.index)
        levels = selection.get("level", ["Riket", "Län"])
        bad = [lv for lv in levels if lv not in LEVELS]
        if bad:
            raise SelectionError(f"level {bad}: use {', '.join(LEVELS)}")
        keep &= frame["NIVA_NAMN"].str.strip().isin(levels)
        if "year" in selection and selection["year"] != ["*"]:
            keep &= frame["AR"].str.strip().isin(selection["year"])
        for column in BREAKDOWNS:
            wanted = selection.get(column)
            if wanted and wanted != ["*"] and column in frame.columns:
                keep &= frame[column].str.strip().isin(wanted)
        selected = frame[keep]
        if "region" in selection and selection["region"] != ["*"]:
            selected = selected[_region_codes(selected).isin(selection["region"])]
        return selected
