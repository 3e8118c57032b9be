"""Where a request finds the configuration and the database: the Flask app's config, set once
when the app is created. The parsed configuration is memoised by file and modification time,
so every worker reloads it when indicators.yml changes and all agree; so is what the dashboard
must say about the database (damaged; figures computed with an older configuration), by the
database files' modification times, so that the check costs once per change, not per page."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from functools import lru_cache
from pathlib import Path

import flask

from ingest.config import Config, load_config
from ingest.errors import IngestError

log = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def _config(path: str, mtime: float) -> Config:
    return load_config(path)


def config() -> Config:
    path = Path(flask.current_app.config["S3_CONFIG"])
    return _config(str(path), path.stat().st_mtime)


def db() -> Path:
    return Path(flask.current_app.config["S3_DB"])


def _stamp(path: Path) -> tuple:
    """Changes whenever the database does (its file or its write-ahead log)."""
    found = []
    for file in (path, Path(f"{path}-wal")):
        try:
            stat = os.stat(file)
            found.append((stat.st_mtime_ns, stat.st_size, stat.st_ino))
        except FileNotFoundError:
            found.append(None)
    return tuple(found)


INTEGRITY_EVERY_SECONDS = 300


@lru_cache(maxsize=8)
def _checked(path: str, identity: tuple, period: int) -> tuple[tuple[str, ...], str | None]:
    """(damage found by quick_check, why the file cannot be read at all): never both."""
    from ingest.errors import DatabaseUnreadable
    from ingest.writing import database_problems

    try:
        problems = tuple(database_problems(path))
    except DatabaseUnreadable as exc:  # permissions: not damage, and not to be restored
        log.error("%s; the dashboard shows its maintenance page", exc)
        return (), str(exc)
    if problems:
        log.error("the database %s is damaged: %s; the dashboard shows its maintenance page", path, "; ".join(problems))
    return problems, None


def _check() -> tuple[tuple[str, ...], str | None]:
    path = db()
    try:
        stat = os.stat(path)
        identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    except FileNotFoundError:
        identity = None
    return _checked(str(path), identity, int(time.time() // INTEGRITY_EVERY_SECONDS))


def database_problems() -> tuple[str, ...]:
    """What is damaged in the database file; empty when it can be read. A database in a folder the
    dashboard may not write (a read-only mount) is read as it is, and is no problem here.

    SQLite's quick_check reads the whole file (0.1 s for a million observations), so a worker
    runs it when the database file itself changes (a restore, a checkpoint) and every five
    minutes, not at every write of an ingest into the write-ahead log; a page that meets a
    damaged page in between shows the maintenance page at once (``components.guarded``)."""
    return _check()[0]


def database_unreadable() -> str | None:
    """Why the dashboard's user cannot read the database file at all (permissions), or None."""
    return _check()[1]


@lru_cache(maxsize=8)
def _config_hash(path: str, mtime: float) -> str:
    from indicators.compute import config_hash

    return config_hash(_config(path, mtime))


@lru_cache(maxsize=8)
def _staleness(db_path: str, stamp: tuple, config_hash: str) -> tuple[str, ...]:
    from ingest.writing import read_only_connection

    try:
        conn = read_only_connection(db_path)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('indicators_config', 'indicators_data')"))
            runs = conn.execute("SELECT max(id) FROM ingest_runs").fetchone()[0]
        finally:
            conn.close()
    except (sqlite3.Error, IngestError):
        return ()
    found = []
    if meta.get("indicators_config") != config_hash:
        found.append("notice_stale_config")
    elif meta.get("indicators_data") != str(runs or 0):
        found.append("notice_stale_data")
    return tuple(found)


def stale_notices() -> tuple[str, ...]:
    """i18n keys of what the page must say because the indicator tables are older than the
    configuration or the data (the dashboard never recomputes them: ``ingest`` does)."""
    path = Path(flask.current_app.config["S3_CONFIG"])
    mtime = path.stat().st_mtime
    return _staleness(str(db()), _stamp(db()), _config_hash(str(path), mtime))
