"""The state of the ingest, for people and for monitoring systems.

Only fetches from the sources count: a dataset that holds the shipped snapshot has never been
fetched (loading the snapshot is not a fetch), so it is due for the next live run and its loads
are no success here. An install that has only run offline (no dataset fetched from its source,
none failing) is healthy, with a notice that its figures are the snapshot of a date.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from ingest.config import Config
from ingest.schedule import overdue_datasets
from ingest.store import Store

# The datasets whose figures are the shipped snapshot's: every success recorded for them is a load.
SNAPSHOT_DATASETS = "SELECT id FROM datasets WHERE json_extract(metadata, '$.snapshot')"
SNAPSHOT_LOAD = f"status IN ('ok', 'unchanged') AND dataset IN ({SNAPSHOT_DATASETS})"


def last_successes(store: Store) -> dict[str, str | None]:
    """Each dataset's last successful fetch from its source."""
    rows = store.conn.execute(
        "SELECT dataset, max(finished) FROM ingest_runs WHERE status IN ('ok', 'unchanged') "
        f"AND NOT ({SNAPSHOT_LOAD}) GROUP BY dataset"
    ).fetchall()
    return dict(rows)


def health(config: Config, store: Store, now: datetime | None = None) -> dict[str, Any]:
    """Per dataset: last success, and whether its latest run failed; plus overdue datasets, and
    ``offline`` when nothing has been fetched from a source yet (see the module docstring)."""
    now = now or datetime.now(timezone.utc)
    success = last_successes(store)
    latest = {
        d: (status, finished, message)
        for d, status, finished, message in store.conn.execute(
            "SELECT dataset, status, finished, message FROM ingest_runs WHERE id IN "
            f"(SELECT max(id) FROM ingest_runs WHERE NOT ({SNAPSHOT_LOAD}) GROUP BY dataset)"
        )
    }
    failing = [(d, latest[d][2]) for d in config.datasets if d in latest and latest[d][0] == "failed"]
    overdue = overdue_datasets(config, success, now)
    snapshot = snapshot_dates(store)
    offline = offline_only(config, store, snapshot, failing)
    if offline:  # the notice says it: not one "overdue, never" per dataset
        overdue = [(d, w) for d, w in overdue if d not in offline["to_fetch"]]
    return {
        "checked_at": now.isoformat(timespec="seconds"),
        "healthy": not failing and not overdue,
        "failing": [{"dataset": d, "reason": r} for d, r in failing],
        "overdue": [{"dataset": d, "last_success": w, "refresh": config.datasets[d].refresh} for d, w in overdue],
        "offline": offline,
        "datasets": [
            {"dataset": d, "refresh": ds.refresh, "last_success": success.get(d),
             "latest_run": latest.get(d, (None,))[0], "snapshot": snapshot.get(d)}
            for d, ds in config.datasets.items()
        ],
    }


def snapshot_dates(store: Store) -> dict[str, str]:
    """The datasets whose figures are the shipped snapshot's, with the snapshot's date."""
    rows = store.conn.execute(f"SELECT id, metadata FROM datasets WHERE id IN ({SNAPSHOT_DATASETS})").fetchall()
    return {d: json.loads(m).get("snapshot_created") or "" for d, m in rows}


def offline_only(config: Config, store: Store, snapshot: dict[str, str],
                 failing: list[tuple[str, str]]) -> dict[str, Any] | None:
    """When the figures are the shipped snapshot and no dataset of a source has been fetched, nor
    has failed: the snapshot's date, and the datasets the first live run will fetch."""
    from ingest.run import OFFLINE_KINDS

    live = [d for d, ds in config.datasets.items() if config.sources[ds.source].kind not in OFFLINE_KINDS]
    fetched = {d for (d,) in store.conn.execute(f"SELECT id FROM datasets WHERE id NOT IN ({SNAPSHOT_DATASETS})")}
    if not snapshot or any(d in fetched for d in live) or any(d in live for d, _ in failing):
        return None
    return {
        "snapshot_created": max(snapshot.values()),
        "snapshot_datasets": sorted(d for d in snapshot if d in config.datasets),
        "to_fetch": live,
        "without_figures": [d for d in live if d not in snapshot],
        "next_step": "python -m ingest run",
    }


def offline_notice(offline: dict[str, Any], healthy: bool) -> str:
    """The one notice ``health`` gives an install that has only run offline."""
    missing = len(offline["without_figures"])
    return (f"offline only: the figures are the shipped snapshot of {offline['snapshot_created']}; no dataset has been "
            f"fetched from its source yet ({len(offline['to_fetch'])} to fetch"
            + (f", {missing} of them without any figures until then" if missing else "")
            + f"). The first live run, `{offline['next_step']}` (or the nightly `run --due`), fetches them"
            + ("; until then there is nothing to fix." if healthy else "."))
