"""The ingest run: every configured dataset, each in its own transaction, failures recorded.

A failing dataset is recorded in ``ingest_runs`` with its reason and leaves its stored rows as
they were; the others go on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from datetime import datetime, timedelta
from typing import Any

from ingest.config import Config, DatasetConfig
from ingest.errors import IngestError
from ingest.sources import SourceAdapter, adapter_for
from ingest.store import Store, removal_note, utc_now

log = logging.getLogger(__name__)


@dataclass
class DatasetOutcome:
    dataset: str
    status: str  # ok | unchanged | failed
    rows: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    seconds: float = 0.0
    message: str = ""

    def log_line(self) -> str:
        """One structured line per dataset and run (key=value, for journald and grep)."""
        message = self.message.replace('"', "'")
        return (
            f"dataset={self.dataset} outcome={self.status} rows={self.rows} added={self.added} "
            f"changed={self.changed} removed={self.removed} duration={self.seconds:.2f}s"
            + (f' message="{message}"' if message else "")
        )


@dataclass
class RunReport:
    run_id: str
    outcomes: list[DatasetOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[DatasetOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def config_fingerprint(dataset: DatasetConfig) -> str:
    """Changes whenever the dataset's configuration does, so a changed selection is refetched."""
    text = json.dumps(dataset.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _stored_fingerprint(meta: dict[str, Any] | None) -> str | None:
    if not meta or not meta.get("metadata"):
        return None
    try:
        return json.loads(meta["metadata"]).get("config_fingerprint")
    except (TypeError, ValueError):
        return None


def incremental_since(stored: dict[str, Any] | None) -> str | None:
    """The day before the last fetch (ISO date): a margin for time zones and late commits."""
    if not stored or not stored.get("fetched_at"):
        return None
    fetched = datetime.fromisoformat(stored["fetched_at"])
    return (fetched.date() - timedelta(days=1)).isoformat()


def ingest_dataset(
    store: Store, run_id: str, dataset_id: str, dataset: DatasetConfig, adapter: SourceAdapter, *, force: bool
) -> DatasetOutcome:
    """Fetch and store one dataset; never raises for a source or data problem."""
    started_clock = time.perf_counter()
    started = utc_now()
    outcome = DatasetOutcome(dataset_id, "failed")
    source_updated = None
    recorded = False
    try:
        stored = store.dataset_meta(dataset_id)
        fingerprint = config_fingerprint(dataset)
        same_config = _stored_fingerprint(stored) == fingerprint
        current = not force and same_config and store.last_success(dataset_id) is not None
        if current:
            source_updated = adapter.source_updated(dataset)
            if source_updated and source_updated == stored.get("source_updated"):
                outcome.status = "unchanged"
                outcome.message = f"source not updated since {source_updated}; not fetched (--force fetches anyway)"
        if outcome.status != "unchanged":
            since = incremental_since(stored) if current else None
            fetched = adapter.fetch(dataset_id, dataset, since=since)
            source_updated = fetched.source_updated
            if fetched.incremental and len(fetched.observations) == 0:
                outcome.status = "unchanged"
                outcome.message = f"no data changed at the source since {since}"
            elif current and not fetched.incremental and fetched.meta.get("content_hash") == stored.get("content_hash"):
                outcome.status = "unchanged"
                outcome.message = "the response is identical to the stored one"
            else:
                meta = dict(fetched.meta)
                meta["metadata"] = {**meta.get("metadata", {}), "config_fingerprint": fingerprint}
                # The run's row goes in with the data, in one transaction: committed rows are
                # never rows the store has no record of (a full disk after the commit cannot
                # make health say "never fetched").
                record = {"run_id": run_id, "dataset": dataset_id, "started": started, "status": "ok",
                          "source_updated": source_updated}
                result = store.write_dataset(
                    dataset_id, meta, fetched.observations, run_id, sources=fetched.sources, regions=fetched.regions,
                    record=record, complete=fetched.complete,
                )
                outcome.status = "ok"
                outcome.rows, outcome.added, outcome.changed = result.rows, result.added, result.changed
                outcome.removed = result.removed
                outcome.message = removal_note(result.removed) if result.removed else ""
                recorded = True
    except IngestError as exc:
        outcome.status, outcome.message = "failed", str(exc)
    except Exception as exc:  # an unattended run records every failure and goes on
        log.exception("unexpected error in dataset %s", dataset_id)
        outcome.status, outcome.message = "failed", f"unexpected {type(exc).__name__}: {exc}"
    outcome.seconds = time.perf_counter() - started_clock
    if recorded:
        return outcome
    try:
        store.record_run(
            run_id,
            dataset_id,
            started,
            outcome.status,
            rows=(outcome.rows, outcome.added, outcome.changed),
            source_updated=source_updated,
            message=outcome.message,
        )
    except Exception as exc:  # the store itself failing (disk full, read-only file)
        log.error("could not record the %s run of %s in the store: %s", outcome.status, dataset_id, exc)
        if outcome.status == "unchanged":  # nothing was written; only the record is missing
            outcome.message += f" (not recorded: {exc})"
        else:
            outcome.message += f"; the failure could not be recorded either: {exc}"
    return outcome


def run_ingest(
    config: Config,
    store: Store,
    *,
    datasets: Iterable[str] | None = None,
    force: bool = False,
    on_outcome: Callable[[DatasetOutcome], None] | None = None,
    **injected: Any,
) -> RunReport:
    """Ingest the chosen datasets (all by default); see the module docstring."""
    chosen = list(datasets) if datasets else list(config.datasets)
    unknown = [d for d in chosen if d not in config.datasets]
    if unknown:
        raise IngestError(
            f"unknown dataset(s) {', '.join(unknown)} in {config.path}; "
            f"configured: {', '.join(config.datasets)}"
        )
    report = RunReport(store.new_run_id())
    adapters: dict[str, SourceAdapter] = {}
    for dataset_id in chosen:
        dataset = config.datasets[dataset_id]
        if dataset.source not in adapters:
            adapters[dataset.source] = adapter_for(
                dataset.source, config.sources[dataset.source], base_dir=config.path.parent, **injected
            )
        outcome = ingest_dataset(store, report.run_id, dataset_id, dataset, adapters[dataset.source], force=force)
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return report


OFFLINE_KINDS = ("csv",)  # sources read from local files: as good offline as online
SNAPSHOT_OUTCOMES = {"loaded": "snapshot loaded", "unchanged": "snapshot already loaded; nothing changed"}


def run_offline(config: Config, store: Store, snapshot_dir: Path, datasets: Iterable[str] | None = None,
                **injected: Any) -> RunReport:
    """No network: hand-kept files as usual, the shipped snapshot for the rest (only the named
    ``datasets``, when given).

    The snapshot goes only into datasets with no live data, so an offline run never replaces
    what a live run brought in.
    """
    from ingest.snapshot import load_snapshot

    chosen = list(datasets) if datasets else list(config.datasets)
    unknown = [d for d in chosen if d not in config.datasets]
    if unknown:
        raise IngestError(f"unknown dataset(s) {', '.join(unknown)} in {config.path}; configured: {', '.join(config.datasets)}")
    local = [d for d in chosen if config.sources[config.datasets[d].source].kind in OFFLINE_KINDS]
    report = run_ingest(config, store, datasets=local, **injected) if local else RunReport(store.new_run_id())
    others = [d for d in chosen if d not in local]
    if others:
        for dataset, outcome, written in load_snapshot(store, config, report.run_id, snapshot_dir, only=others):
            message = SNAPSHOT_OUTCOMES.get(outcome, f"snapshot {outcome}")
            if not written:
                report.outcomes.append(DatasetOutcome(dataset, "unchanged", message=message))
                continue
            if written.removed:
                message += f"; {removal_note(written.removed)}"
            report.outcomes.append(DatasetOutcome(dataset, "ok", rows=written.rows, added=written.added,
                                                  changed=written.changed, removed=written.removed, message=message))
    return report


def load_shipped_data(config: Config, db: Path, snapshot_dir: Path, *, wait: float = 30.0) -> bool:
    """Fill an empty or missing database from the shipped snapshot and hand-kept series, as a
    writer under the lock (``python -m dashboard serve``'s first start). Returns whether it did:
    a database that holds observations is left as it is."""
    from ingest.writing import recompute, writing

    def empty() -> bool:
        if not Path(db).is_file():
            return True
        with Store(db, readonly=True) as store:
            try:
                return store.observation_count() == 0
            except sqlite3.OperationalError:  # a file with no tables yet
                return True

    if not empty():
        return False
    with writing(db, "run", wait=wait) as (store, operation):
        if store.observation_count():  # filled by another process while this one waited
            return False
        log.info("the database %s is empty: loading the shipped snapshot and hand-kept series", db)
        report = run_offline(config, store, snapshot_dir)
        if report.failed:
            operation.fail(f"{len(report.failed)} dataset(s) failed: {', '.join(o.dataset for o in report.failed)}")
        recompute(config, store, operation)
    return True
