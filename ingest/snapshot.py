"""The offline snapshot: a dated, cited copy of real published figures that ships with the project.

Layout of ``data/snapshot/``: ``manifest.json`` (format, creation date, what it was built from,
and per dataset its file and row count) and one CSV per dataset with the columns
``region, period, dims, value, status, unit, source, citation, note``. Every row is one
published figure with its citation.

``load_snapshot`` puts it into the store through the same writer as a live fetch, with the
provenance "snapshot: <citation>, retrieved as published", and only into datasets that hold no
live data; a later live ingest replaces snapshot rows with the source's own (a revision row
where the value differs). A snapshot's figures were retrieved when it was built: its date is
their ``fetched_at``, and loading them is not a fetch (``ingest.health`` counts no snapshot
load as a success of the source). Loading the same snapshot again writes nothing and says so.
``export_snapshot`` writes a store's datasets back out in this layout, so a region with network
access can refresh what ships. It never replaces an existing snapshot (the shipped, curated one
in data/snapshot) with copies of itself: only live data replace it, unless ``force`` says so.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ingest.cells import safe_row
from ingest.config import Config, label_in
from ingest.errors import IngestError
from ingest.run import config_fingerprint
from ingest.store import Observations, Store, WriteResult, utc_now

log = logging.getLogger(__name__)

FORMAT = 1
COLUMNS = ("region", "period", "dims", "value", "status", "unit", "source", "citation", "note")
DEFAULT_DIRECTORY = Path("data/snapshot")


def snapshot_directory(config: Config) -> Path:
    """The snapshot's folder when none is given: data/snapshot beside the configuration file, as
    the hand-kept files' folder is, so that a command works from any working folder."""
    return config.path.parent / DEFAULT_DIRECTORY


class SnapshotError(IngestError):
    """The snapshot folder is missing, malformed or does not fit the configuration."""


@dataclass
class SnapshotDataset:
    dataset: str
    rows: list[dict[str, str]]


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SnapshotError(f"no snapshot at {directory} (no manifest.json); build one with `python -m ingest snapshot`") from exc
    except ValueError as exc:
        raise SnapshotError(f"{path}: not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("datasets"), dict):
        raise SnapshotError(f"{path}: not a snapshot manifest of format {FORMAT}")
    return manifest


def read_dataset(directory: Path, name: str, entry: dict[str, Any]) -> SnapshotDataset:
    path = directory / Path(str(entry.get("file", ""))).name  # never a file outside the folder
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise SnapshotError(f"{path}:1: the header must be {','.join(COLUMNS)}")
            rows = list(reader)
        except csv.Error as exc:
            raise SnapshotError(f"{path}:{reader.line_num}: {exc}") from exc
    for line, row in enumerate(rows, start=2):
        if not row["citation"]:
            raise SnapshotError(f"{path}:{line}: a snapshot figure without a citation")
        try:
            finite = not row["value"] or math.isfinite(float(row["value"]))
        except (TypeError, ValueError):
            finite = False
        if not finite:
            raise SnapshotError(f"{path}:{line}: value {row['value']!r} is not a finite number")
    if len(rows) != entry.get("rows"):
        raise SnapshotError(f"{path}: {len(rows)} rows, but the manifest says {entry.get('rows')}")
    return SnapshotDataset(name, rows)


def _observations(rows: list[dict[str, str]]) -> Observations:
    return Observations(
        np.array([r["region"] for r in rows], dtype=object),
        np.array([r["period"] for r in rows], dtype=object),
        np.array([r["dims"] for r in rows], dtype=object),
        np.array([float(r["value"]) if r["value"] else math.nan for r in rows], dtype=np.float64),
        np.array([r["status"] or None for r in rows], dtype=object),
    )


def has_live_data(store: Store, dataset: str) -> bool:
    meta = store.dataset_meta(dataset)
    return bool(meta) and not json.loads(meta.get("metadata") or "{}").get("snapshot", False)


def _loaded(store: Store, dataset: str) -> tuple[str | None, str | None, str | None]:
    """The date, the file's hash and the dataset's configuration (its fingerprint) of the
    snapshot a dataset holds; all None when it holds none."""
    meta = store.dataset_meta(dataset) or {}
    details = json.loads(meta.get("metadata") or "{}")
    if not details.get("snapshot"):
        return None, None, None
    return details.get("snapshot_created"), meta.get("content_hash"), details.get("snapshot_config")


def load_snapshot(store: Store, config: Config, run_id: str, directory: Path = DEFAULT_DIRECTORY,
                  only: list[str] | None = None) -> list[tuple[str, str, WriteResult | None]]:
    """Load every snapshot dataset (of ``only``, when given) that the configuration has and the
    store holds no live data of. Returns (dataset, outcome, what was written) for each: the
    outcome ``loaded``, ``unchanged`` (this snapshot is already in the store: nothing written)
    or ``skipped: …`` (nothing written either)."""
    manifest = read_manifest(directory)
    created = manifest.get("created")
    outcomes: list[tuple[str, str, WriteResult | None]] = []
    for name, entry in manifest["datasets"].items():
        if only is not None and name not in only:
            continue
        started = utc_now()
        if name not in config.datasets:
            log.warning("snapshot dataset %s is not in %s; not loaded", name, config.path)
            outcomes.append((name, "skipped: not in the configuration", None))
            continue
        if has_live_data(store, name):
            outcomes.append((name, "skipped: the store has live data", None))
            continue
        digest = hashlib.sha256((directory / Path(str(entry.get("file", ""))).name).read_bytes()).hexdigest()
        # Not the live fetch's "config_fingerprint": that would make the first live run incremental.
        configured = config_fingerprint(config.datasets[name])
        if _loaded(store, name) == (created, digest, configured):
            store.record_run(run_id, name, started, "unchanged",
                             message=f"offline snapshot of {created}: already loaded, nothing changed")
            outcomes.append((name, "unchanged", None))
            continue
        snapshot = read_dataset(directory, name, entry)
        dataset = config.datasets[name]
        sources = [
            {
                "region": r["region"], "period": r["period"], "dims": r["dims"], "unit": r["unit"] or dataset.unit,
                "source": r["source"], "citation": f"snapshot: {r['citation']}, retrieved as published",
                "note": r["note"] or None,
            }
            for r in snapshot.rows
        ]
        meta = {
            "source": dataset.source,
            "source_kind": config.sources[dataset.source].kind,
            "table_id": dataset.table,
            "selection": dataset.selection,
            "label": label_in(dataset.label, "sv") or None,
            "unit": dataset.unit,
            "source_updated": None,
            "fetched_at": created,  # when the snapshot's figures were retrieved, not when they were loaded
            "request_url": str(directory / entry["file"]),
            "content_hash": digest,
            "metadata": {"snapshot": True, "snapshot_created": created, "built_from": manifest.get("built_from"),
                         "snapshot_config": configured},
            "provenance": f"snapshot of {created}: published figures, each with its citation",
        }
        record = {"run_id": run_id, "dataset": name, "started": started, "status": "ok",
                  "message": f"offline snapshot of {created}"}
        # The snapshot is the whole of a dataset it fills: a figure a newer snapshot no longer has
        # is removed (kept in observation_revisions), never left without its citation.
        result = store.write_dataset(name, meta, _observations(snapshot.rows), run_id, sources=sources, record=record,
                                     complete=True)
        outcomes.append((name, "loaded", result))
    return outcomes


def _fetched(config: Config) -> list[str]:
    """The datasets fetched from a source: hand-kept ones are read from their files, not fetched."""
    from ingest.run import OFFLINE_KINDS

    return [name for name, dataset in config.datasets.items() if config.sources[dataset.source].kind not in OFFLINE_KINDS]


def not_live(store: Store, config: Config, directory: Path) -> list[str]:
    """The fetched datasets that an export into ``directory`` would write, or would drop from the
    snapshot already there, without live data: those the store holds only as a snapshot's
    figures (loaded by ``run --offline``), and those of the snapshot there it does not hold."""
    try:
        shipped = set(read_manifest(directory)["datasets"])
    except SnapshotError:
        shipped = set()
    return [name for name in _fetched(config)
            if (name in shipped or store.dataset_meta(name)) and not has_live_data(store, name)]


def _refusal(store: Store, config: Config, directory: Path, missing: list[str]) -> str:
    created = read_manifest(directory).get("created")
    if any(has_live_data(store, name) for name in _fetched(config)):
        lacking = (f"the store has no live data for {len(missing)} of its datasets ({', '.join(missing)}: only figures "
                   "loaded from a snapshot by `run --offline`, or none)")
    else:
        lacking = "the store holds no live data: its figures were loaded from a snapshot (`run --offline`)"
    return (
        f"not written: {directory} holds a snapshot{f' (built {created})' if created else ''}, and {lacking}. "
        "Writing would replace that snapshot's files and manifest with copies of its own figures (numbers "
        "reformatted, the citation of what it was built from lost). Fetch live data first (`python -m ingest run`, "
        f"with network), give --out FOLDER to write a snapshot elsewhere, or give --force to overwrite {directory} "
        "anyway."
    )


def export_snapshot(store: Store, config: Config, directory: Path, *, built_from: str,
                    force: bool = False) -> dict[str, Any]:
    """Write the store's configured datasets as a snapshot (rows with their citations).

    A folder that already holds a snapshot (the shipped, curated one in data/snapshot) is
    replaced only when the store has live data for every fetched dataset written or in it; else
    ``SnapshotError`` says which lack it, and nothing is written. ``force`` overwrites it anyway.
    """
    if (directory / "manifest.json").exists() and not force:
        missing = not_live(store, config, directory)
        if missing:
            raise SnapshotError(_refusal(store, config, directory, missing))
    directory.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "format": FORMAT, "created": date.today().isoformat(), "built_from": built_from, "datasets": {},
    }
    for name in config.datasets:
        meta = store.dataset_meta(name)
        if not meta:
            continue
        rows = store.conn.execute(
            """
            SELECT o.region, o.period, o.dims, o.value, o.status, s.unit, s.source, s.citation, s.note
            FROM observations o LEFT JOIN observation_sources s
              ON s.dataset = o.dataset AND s.region = o.region AND s.period = o.period AND s.dims = o.dims
            WHERE o.dataset = ? ORDER BY o.region, o.period, o.dims
            """,
            [name],
        ).fetchall()
        default = (
            f"{meta.get('provenance')}; {meta.get('request_url')}; source updated {meta.get('source_updated')}; "
            f"retrieved {meta.get('fetched_at')}"
        )
        path = directory / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            for region, period, dims, value, status, unit, source, citation, note in rows:
                citation = (citation or default).removeprefix("snapshot: ").removesuffix(", retrieved as published")
                writer.writerow(safe_row([
                    region, period, dims, "" if value is None else repr(value), status or "",
                    unit or meta.get("unit") or "", source or meta.get("source") or "", citation, note or "",
                ]))
        manifest["datasets"][name] = {"file": path.name, "rows": len(rows), "table": meta.get("table_id")}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest
