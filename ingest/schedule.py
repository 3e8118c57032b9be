"""When datasets are due, and when the nightly run comes: pure functions with injectable clocks."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from ingest.config import Config

log = logging.getLogger(__name__)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CADENCE = {
    "daily": timedelta(days=1),
    "weekly": timedelta(days=7),
    "monthly": timedelta(days=30),
    "quarterly": timedelta(days=91),
    "yearly": timedelta(days=365),
}
# A few hours' slack so a dataset fetched at 02:31 yesterday is due at 02:30 today.
SLACK = timedelta(hours=6)


def due_datasets(config: Config, last_success: dict[str, str | None], now: datetime) -> list[str]:
    """Datasets never fetched, or last fetched longer ago than their cadence allows."""
    due = []
    for name, dataset in config.datasets.items():
        when = last_success.get(name)
        if when is None or now - datetime.fromisoformat(when) >= CADENCE[dataset.refresh] - SLACK:
            due.append(name)
    return due


def overdue_datasets(config: Config, last_success: dict[str, str | None], now: datetime) -> list[tuple[str, str | None]]:
    """Datasets not updated for longer than twice their cadence: worth telling someone about."""
    late = []
    for name, dataset in config.datasets.items():
        when = last_success.get(name)
        if when is None or now - datetime.fromisoformat(when) > 2 * CADENCE[dataset.refresh]:
            late.append((name, when))
    return late


def next_run(now: datetime, at: str = "02:30", tz: ZoneInfo = STOCKHOLM) -> datetime:
    """The next time of day ``at`` in ``tz`` after ``now`` (daylight saving handled by zoneinfo)."""
    hour, minute = (int(x) for x in at.split(":"))
    local = now.astimezone(tz)
    candidate = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if candidate <= local:
        candidate = (local + timedelta(days=1)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return candidate.astimezone(timezone.utc)


def run_forever(
    job: Callable[[], int],
    *,
    at: str = "02:30",
    tz: ZoneInfo = STOCKHOLM,
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    sleep: Callable[[float], None] = time.sleep,
    runs: int | None = None,
) -> int:
    """Run ``job`` every day at ``at`` (``runs`` bounds the loop, for tests)."""
    done = 0
    while runs is None or done < runs:
        wake = next_run(now(), at, tz)
        log.info("next ingest at %s (%s)", wake.astimezone(tz).isoformat(timespec="minutes"), tz.key)
        while (remaining := (wake - now()).total_seconds()) > 0:
            sleep(min(remaining, 3600))
        status = job()
        log.info("scheduled ingest finished with exit status %d", status)
        done += 1
    return 0
