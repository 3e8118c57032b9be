"""One ingest at a time: an exclusive lock next to the database.

The lock is an OS file lock (``flock``), so a crashed or killed run's lock is released by the
operating system and the next run takes over safely; the file itself only says who holds it.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from types import TracebackType

from ingest.errors import IngestError
from ingest.store import utc_now

LOCKED_EXIT_STATUS = 75  # EX_TEMPFAIL: another run holds the lock; try again later


class AlreadyRunning(IngestError):
    """Another ingest holds the lock on this database."""


class IngestLock:
    def __init__(self, db: str | Path):
        self.path = Path(str(db) + ".lock")
        self.handle = None

    def __enter__(self) -> "IngestLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "{}"
            handle.close()
            try:
                who = json.loads(holder)
            except ValueError:
                who = {}
            raise AlreadyRunning(
                f"another ingest is running on this database (pid {who.get('pid', '?')}, started "
                f"{who.get('started', '?')}); this run exits without doing anything"
            ) from exc
        handle.seek(0)
        stale = handle.read().strip()  # left by a run that crashed: the OS released its lock
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "started": utc_now(), "took_over": bool(stale)}))
        handle.flush()
        self.handle = handle
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.handle:
            self.handle.seek(0)
            self.handle.truncate()
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None
