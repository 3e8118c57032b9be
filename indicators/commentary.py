"""The secretariat's commentary as read by the follow-up, the dashboard and the reports (the
``ingest comment`` command writes it; see ``ingest.commentary``)."""

from __future__ import annotations

from typing import Any

from ingest.store import Store


def comments(store: Store, strategy: str) -> list[dict[str, Any]]:
    """Every comment of a strategy, oldest first."""
    return list(store.db.query("SELECT * FROM commentary WHERE strategy = ? ORDER BY written_at, id", [strategy]))


def latest(rows: list[dict[str, Any]], *, area: str, indicator: str | None) -> dict[str, Any] | None:
    found = [r for r in rows if r["area"] == area and r["indicator"] == indicator]
    return found[-1] if found else None
