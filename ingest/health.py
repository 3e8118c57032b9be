"""The state of the ingest, for people and for monitoring systems."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ingest.config import Config
from ingest.schedule import overdue_datasets
from ingest.store import Store


def last_successes(store: Store) -> dict[str, str | None]:
    rows = store.conn.execute(
        "SELECT dataset, max(finished) FROM ingest_runs WHERE status IN ('ok', 'unchanged') GROUP BY dataset"
    ).fetchall()
    return dict(rows)


def health(config: Config, store: Store, now: datetime | None = None) -> dict[str, Any]:
    """Per dataset: last success, and whether its latest run failed; plus overdue datasets."""
    now = now or datetime.now(timezone.utc)
    success = last_successes(store)
    latest = {
        d: (status, finished, message)
        for d, status, finished, message in store.conn.execute(
            "SELECT dataset, status, finished, message FROM ingest_runs WHERE id IN "
            "(SELECT max(id) FROM ingest_runs GROUP BY dataset)"
        )
    }
    failing = [(d, latest[d][2]) for d in config.datasets if d in latest and latest[d][0] == "failed"]
    overdue = overdue_datasets(config, success, now)
    return {
        "checked_at": now.isoformat(timespec="seconds"),
        "healthy": not failing and not overdue,
        "failing": [{"dataset": d, "reason": r} for d, r in failing],
        "overdue": [{"dataset": d, "last_success": w, "refresh": config.datasets[d].refresh} for d, w in overdue],
        "datasets": [
            {"dataset": d, "refresh": ds.refresh, "last_success": success.get(d),
             "latest_run": latest.get(d, (None,))[0]}
            for d, ds in config.datasets.items()
        ],
    }
