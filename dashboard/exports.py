"""Reports exported from the overview: a bounded number built at a time, the rest queued, and a
finished report kept so that the next click on the same report is instant.

- At most ``slots`` reports are built at once per server, counted across every gunicorn worker
  by OS file locks (``slot-N.lock`` in the export folder): a PDF or Word report starts Chromium,
  and eight at once stalled every page for half a minute. A request that finds every slot taken
  does not wait in the worker; it answers "queued" at once and the page asks again.
- A finished report is cached by what it depends on: strategy, region, language, "since",
  format, the report's date and the data's version (the last ingest run, the last computation,
  the last comment, the configuration). Anything else changed makes a new key.
- An error is said without the server's paths (the log has the full story).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from dashboard.i18n import t
from ingest.config import Config
from ingest.writing import read_only_connection

log = logging.getLogger(__name__)

DEFAULT_SLOTS = 2
CACHED_REPORTS = 40        # the cache keeps the newest this many reports
QUEUE_POLL_MS = 1500       # how often a queued page asks again
QUEUE_GIVE_UP_SECONDS = 600


@dataclass
class Export:
    """What an export request got: a file, a place in the queue, or a reason it failed."""

    status: str                      # "file" | "queued" | "failed"
    filename: str = ""
    content: bytes = b""
    message: str = ""


def export_folder(db: Path) -> Path:
    """The folder of one database's slots and cached reports (shared by the server's workers)."""
    configured = os.environ.get("S3_EXPORT_DIR")
    if configured:
        return Path(configured)
    digest = hashlib.sha256(str(Path(db).resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"s3-exports-{os.getuid()}-{digest}"


def slot_count(configured: Any = None) -> int:
    """How many reports may be built at once: the app's setting, else S3_EXPORT_SLOTS, else 2."""
    value = configured if configured is not None else os.environ.get("S3_EXPORT_SLOTS", DEFAULT_SLOTS)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return DEFAULT_SLOTS


@contextmanager
def free_slot(folder: Path, slots: int) -> Iterator[int | None]:
    """A building slot, held while the block runs; None when every slot is taken (never waits)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(slots):
        handle = (folder / f"slot-{number}.lock").open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield number
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        return
    yield None


def data_version(db: Path, config: Config) -> list[Any]:
    """What a report's content depends on besides its request; cheap (a few indexed reads)."""
    conn = read_only_connection(db)
    try:
        runs = conn.execute("SELECT max(id) FROM ingest_runs").fetchone()[0]
        computed = conn.execute("SELECT value FROM meta WHERE key = 'indicators_computed_at'").fetchone()
        comments = conn.execute("SELECT max(id) FROM commentary").fetchone()[0]
    finally:
        conn.close()
    stat = config.path.stat()
    return [runs, computed[0] if computed else None, comments, stat.st_mtime_ns, stat.st_size]


def cache_key(config: Config, db: Path, query: dict[str, Any], fmt: str) -> str:
    wanted = [query.get(k) for k in ("strategy", "region", "lang", "since")]
    text = json.dumps([wanted, fmt, date.today().isoformat(), data_version(db, config)], default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _cached(folder: Path, key: str) -> Path | None:
    found = folder / "cache" / key
    files = list(found.iterdir()) if found.is_dir() else []
    return files[0] if files else None


def _keep(folder: Path, key: str, built: Path) -> Path:
    """Put a built report into the cache (atomically) and drop the oldest beyond the bound."""
    cache = folder / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=cache, prefix=".new-"))
    shutil.copy2(built, staging / built.name)
    try:
        os.rename(staging, cache / key)
    except OSError:  # another worker cached the same report first
        shutil.rmtree(staging, ignore_errors=True)
    entries = sorted((p for p in cache.iterdir() if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
    for old in entries[:-CACHED_REPORTS]:
        shutil.rmtree(old, ignore_errors=True)
    return _cached(folder, key) or built


def public_reason(exc: BaseException) -> str:
    """An error's own words without the server's file paths, bounded."""
    text = re.sub(r"(?:[A-Za-z]:)?(?:/[^\s'\":]+){2,}", "…", str(exc)) or type(exc).__name__
    return text[:200]


def export_report(config: Config, db: Path, query: dict[str, Any], fmt: str, *, slots: int,
                  folder: Path | None = None) -> Export:
    """The report for a checked state (``ViewState.query()``) as a file, from the cache or built
    in a free slot; else "queued"."""
    import dashboard.report
    from dashboard.report.browser import BrowserError
    from dashboard.report.content import build

    lang = query.get("lang", "sv")
    folder = folder or export_folder(db)
    try:
        key = cache_key(config, db, query, fmt)
    except (sqlite3.Error, OSError) as exc:
        log.exception("cannot read the data version of %s", db)
        return Export("failed", message=f"{t('export_failed', lang)}: {public_reason(exc)}")
    cached = _cached(folder, key)
    if cached:
        return Export("file", cached.name, cached.read_bytes())
    with free_slot(folder, slots) as slot:
        if slot is None:
            return Export("queued", message=t("export_queued", lang, busy=slots))
        cached = _cached(folder, key)  # built by another request while this one waited for a slot
        if cached:
            return Export("file", cached.name, cached.read_bytes())
        try:
            report = build(config, db, query["strategy"], region=query.get("region"), lang=lang, since=query.get("since"))
            with tempfile.TemporaryDirectory() as tmp:
                path = dashboard.report.write(report, fmt, Path(tmp) / f"{report.file_stem()}.{fmt}")
                kept = _keep(folder, key, path)
                return Export("file", kept.name, kept.read_bytes())
        except BrowserError:
            log.exception("no browser for the %s report", fmt)
            return Export("failed", message=t("export_no_browser", lang))
        except Exception as exc:  # never a silent button: the reader sees it failed, the log says why
            log.exception("the %s report of %s could not be written", fmt, query.get("strategy"))
            return Export("failed", message=f"{t('export_failed', lang)}: {public_reason(exc)}")
