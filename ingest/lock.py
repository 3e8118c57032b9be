"""One writer at a time: an exclusive lock beside the database, keyed on the database's real file.

The lock is an OS file lock (``flock``), so a crashed or killed writer's lock is released by the
operating system and the next writer takes over safely; the file itself only says who holds it
(pid, command, when), so that the next writer can say who it waits for and record a writer that
died holding it. The lock file sits beside the database's resolved path: the same database
reached through a symlink or another relative path is the same lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from ingest.errors import IngestError
from ingest.store import utc_now

LOCKED_EXIT_STATUS = 75  # EX_TEMPFAIL: another writer holds the lock; try again later
POLL_SECONDS = 0.2


class AlreadyRunning(IngestError):
    """Another writer holds the lock on this database (``holder``: its pid, command, started)."""

    def __init__(self, message: str, holder: dict[str, Any] | None = None):
        super().__init__(message)
        self.holder = holder or {}


def lock_path(db: str | Path) -> Path:
    """The lock file of a database: beside its real file, whatever path reached it."""
    real = Path(db).expanduser().resolve()
    return real.with_name(real.name + ".lock")


def _holder(text: str) -> dict[str, Any]:
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


class IngestLock:
    """``with IngestLock(db, command="run", wait=30):`` — waits up to ``wait`` seconds for the
    lock (telling ``on_wait`` once whom it waits for), then raises ``AlreadyRunning``.

    ``stale_holder`` is what a writer that died holding the lock had written (pid, command,
    started), or None: the caller records it as killed.
    """

    def __init__(self, db: str | Path, *, command: str = "run", wait: float = 0,
                 on_wait: Callable[[str], None] | None = None):
        self.path = lock_path(db)
        self.command = command
        self.wait = max(0.0, wait)
        self.on_wait = on_wait
        self.handle = None
        self.stale_holder: dict[str, Any] | None = None

    def _who(self, handle) -> dict[str, Any]:
        handle.seek(0)
        return _holder(handle.read().strip())

    def __enter__(self) -> "IngestLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                who = self._who(handle)
                what = (f"another {who.get('command', 'ingest')} is writing to this database (pid {who.get('pid', '?')}, "
                        f"started {who.get('started', '?')})")
                if time.monotonic() >= deadline:
                    handle.close()
                    waited = f"; waited {self.wait:g} s" if self.wait else ""
                    raise AlreadyRunning(
                        f"{what}{waited}; this {self.command} did nothing. Try again when it has finished "
                        "(or give --wait SECONDS to wait longer).", holder=who,
                    ) from exc
                if not told and self.on_wait:
                    self.on_wait(f"{what}; waiting up to {self.wait:g} s for it to finish")
                    told = True
                time.sleep(POLL_SECONDS)
        stale = self._who(handle)  # left by a writer that died: the OS released its lock
        self.stale_holder = stale or None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "command": self.command, "started": utc_now(),
                                 "took_over": bool(stale)}))
        handle.flush()
        self.handle = handle
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.handle:
            self.handle.seek(0)
            self.handle.truncate()
            self.handle.flush()
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None
