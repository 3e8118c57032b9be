"""Every command that writes the database goes through ``writing``: one writer at a time, a
database checked before anything is written, and an honest record of how the command ended.

- The lock (``ingest.lock``) is keyed on the database's real file; a writer waits a bounded time
  for it, saying whom it waits for.
- ``PRAGMA quick_check`` runs before the first write: a damaged database is refused with a
  message saying how to restore it, never written into.
- The command's outcome goes into ``operations`` in a transaction of its own, after its work
  (a run whose data were committed but whose recompute failed reads "committed, recompute
  failed: …"); a writer found dead holding the lock is recorded as killed.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import (  # noqa: F401  (DatabaseDamaged, restore_advice: this module's names too)
    DatabaseDamaged,
    DatabaseNotWritable,
    DatabaseUnreadable,
    IngestError,
    StoreError,
    is_damage,
    read_access_message,
    require_database,
    restore_advice,
    write_access_problem,
)
from ingest.lock import IngestLock
from ingest.store import Store, connect_read_only, is_access_error, utc_now

log = logging.getLogger(__name__)

DEFAULT_WAIT_SECONDS = 30.0
MAX_INTEGRITY_PROBLEMS = 5


@dataclass
class Operation:
    """How a writing command is going: ``fail`` it with a message; ``writing`` records it."""

    command: str
    started: str = field(default_factory=utc_now)
    status: str = "ok"
    message: str = ""

    def fail(self, message: str) -> None:
        self.status = "failed"
        self.message = "; ".join(m for m in (self.message, message) if m)


def read_only_connection(db: str | Path) -> sqlite3.Connection:
    """A connection that cannot write or create the file (``mode=ro``; ``immutable`` in a folder
    the reader may not write: see ``ingest.store.connect_read_only``)."""
    return connect_read_only(db, check_same_thread=False)


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong (empty when the database is sound)."""
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA quick_check({MAX_INTEGRITY_PROBLEMS})").fetchall()]
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        if is_access_error(exc):
            raise  # not damage: the caller says what it is
        return [str(exc)]
    if rows == ["ok"]:
        return []
    lines = [line.strip() for row in rows for line in str(row).splitlines()]
    return [line for line in lines if line and not line.startswith("***")][:MAX_INTEGRITY_PROBLEMS]


def database_problems(db: str | Path) -> list[str]:
    """The integrity problems of the database file at ``db``: empty when it is sound (read-only;
    never creates it). Only damage is a problem here: a missing file raises ``NoDatabase``, a file
    the user may not read ``DatabaseUnreadable``, and a folder the user may not write is no
    problem for reading (see ``read_only_connection``)."""
    try:
        conn = read_only_connection(db)
        try:
            return integrity_problems(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_damage(exc):
            return [str(exc)]
        if is_access_error(exc):
            raise DatabaseUnreadable(read_access_message(db, str(exc))) from exc
        raise StoreError(f"cannot read the database {db}: {exc}") from exc


def require_sound_database(db: str | Path, consequence: str = "") -> None:
    """Refuse, before anything is read or written, a database that is not there (``NoDatabase``:
    a mistyped --db is never created) or is damaged (``DatabaseDamaged``, with how to restore it
    and ``consequence``, e.g. "No report was written.")."""
    require_database(db)
    problems = database_problems(db)
    if problems:
        raise DatabaseDamaged(f"{restore_advice(db, problems)} {consequence}".rstrip())


def require_writable(db: str | Path, command: str) -> None:
    """``DatabaseNotWritable`` (with what to do) when ``db`` or its folder cannot be written."""
    problem = write_access_problem(db)
    if problem:
        raise DatabaseNotWritable(f"{problem} This {command} wrote nothing.")


@contextmanager
def writing(db: str | Path, command: str, *, wait: float = DEFAULT_WAIT_SECONDS,
            on_wait: Callable[[str], None] | None = None) -> Iterator[tuple[Store, Operation]]:
    """``with writing(db, "comment") as (store, operation): …`` — see the module docstring."""
    require_writable(db, command)  # a read-only folder is said as such, never as damage
    with IngestLock(db, command=command, wait=wait, on_wait=on_wait) as lock:
        if Path(db).exists():
            require_sound_database(db, f"This {command} wrote nothing.")
        operation = Operation(command)
        with Store(db) as store:
            if lock.stale_holder:
                _record_killed(store, lock.stale_holder)
            try:
                yield store, operation
            except BaseException as exc:
                operation.fail(f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc))
                record(store, operation)
                raise
            record(store, operation)


def record(store: Store, operation: Operation) -> None:
    """The command's outcome, in its own transaction; a store that cannot take it is logged."""
    try:
        with store.db.atomic():
            store.db["operations"].insert({
                "command": operation.command, "pid": os.getpid(), "started": operation.started, "finished": utc_now(),
                "status": operation.status, "message": operation.message,
            })
    except sqlite3.Error as exc:
        log.error("could not record that %s ended %s (%s): %s", operation.command, operation.status,
                  operation.message or "no message", exc)


def _record_killed(store: Store, holder: dict[str, Any]) -> None:
    record(store, Operation(
        command=str(holder.get("command") or "run"), started=str(holder.get("started") or ""), status="killed",
        message=f"pid {holder.get('pid', '?')} stopped without finishing (killed or crashed); its lock was "
                f"taken over at {utc_now()}",
    ))
    log.warning("the previous %s (pid %s, started %s) died holding the lock; recorded as killed",
                holder.get("command", "run"), holder.get("pid", "?"), holder.get("started", "?"))


def recompute(config: Any, store: Store, operation: Operation, *, after_commit: bool = True) -> None:
    """The indicator tables from the store's data; a failure is the operation's, never a lost
    commit (``after_commit``: the data before it are already safe)."""
    from indicators.compute import compute_all

    if not config.strategies:
        return
    try:
        compute_all(config, store)
    except (sqlite3.Error, IngestError, ArithmeticError, ValueError) as exc:
        log.error("recomputing the indicators failed: %s", exc)
        operation.fail(f"committed, recompute failed: {exc}" if after_commit else f"recompute failed: {exc}")


def last_writes(store: Store) -> dict[str, Any]:
    """The latest outcome of each writing command (for ``ingest health``)."""
    if "operations" not in store.db.table_names():
        return {}
    rows = store.db.query(
        "SELECT command, status, started, finished, message FROM operations WHERE id IN "
        "(SELECT max(id) FROM operations GROUP BY command) ORDER BY command"
    )
    return {r.pop("command"): r for r in rows}
