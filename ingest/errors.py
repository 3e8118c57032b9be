"""Named exceptions of the ingest layer.

Each says what went wrong and, where it can, what to do next. They are turned into a
user-facing message in one place: :mod:`ingest.cli`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def did_you_mean(value: object, valid: "Iterable[str]") -> str:
    """`` (did you mean 'x'?)`` when ``value`` is a near miss of one of ``valid`` (a typo), else
    ``""``: the one way every message that refuses a name suggests the intended one."""
    import difflib

    if not isinstance(value, str) or not value:
        return ""
    candidates = [str(v) for v in valid]
    close = difflib.get_close_matches(value, candidates, n=1)
    if not close:  # a different case only ('Grp_County') is a near miss too
        close = [c for c in candidates if c.lower() == value.lower()][:1]
    return f" (did you mean {close[0]!r}?)" if close and close[0] != value else ""


class IngestError(Exception):
    """Base class of every error this package raises on purpose."""


@dataclass(frozen=True)
class ConfigProblem:
    """One problem in a configuration file, with where it is."""

    file: str
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        path = f" {self.path}:" if self.path else ""
        return f"{where}:{path} {self.message}"


class ConfigError(IngestError):
    """The configuration file has one or more problems (all are listed)."""

    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnknownPeriodError(IngestError):
    """A period code that none of the known period formats matches."""


class SelectionError(IngestError):
    """A dataset's selection does not fit the table's metadata."""


class QueryTooLargeError(IngestError):
    """A query exceeds the server's cell limit and cannot be split safely."""


class SourceError(IngestError):
    """A source answered with an error, or could not be reached."""


class SourceHTTPError(SourceError):
    """The source answered with an HTTP error status."""

    def __init__(self, status: int, url: str, title: str | None = None, detail: str | None = None):
        self.status = status
        self.url = url
        self.title = title
        self.detail = detail
        what = f"HTTP {status}"
        if title:
            what += f" {title!r}"
        if detail:
            what += f" ({detail})"
        super().__init__(f"{what} from {url}")


class ResponseFormatError(SourceError):
    """A response body is truncated, malformed or not in the expected shape."""


class StoreError(IngestError):
    """The store cannot be opened or written."""


class NoDatabase(StoreError):
    """There is no database file at the path given (a mistyped ``--db``); nothing was created."""


def no_database_message(db: "str | Path") -> str:
    """The one wording for a database that is not there, for every command that needs one to
    exist (``status``, ``health``, ``comment``, ``recompute``, ``snapshot``, a report)."""
    return (f"no database at {db}; check --db (default data/s3.db), or create it with `python -m ingest run` "
            "(`run --offline` without network)")


def require_database(db: "str | Path") -> None:
    """Raise ``NoDatabase`` (exit status 1, one sentence) unless ``db`` is a database file. Call it
    before anything that would open ``db`` for writing: SQLite would create a new, empty file."""
    try:
        found = Path(db).is_file()
    except PermissionError as exc:  # a folder on the way the user may not enter
        raise DatabaseUnreadable(read_access_message(db, exc.strerror or "permission denied")) from exc
    if not found:
        raise NoDatabase(no_database_message(db))


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _read_only_filesystem(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _existing_folder(path: Path) -> Path:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


class DatabaseDamaged(StoreError):
    """The database fails SQLite's integrity check (or is not a database); nothing is written into it."""


def restore_advice(db: "str | Path", problems: list[str]) -> str:
    """The one wording for a damaged database: what is wrong and how to restore it."""
    return (
        f"the database {db} is damaged ({'; '.join(problems[:2])}). Restore it from the latest "
        f"backup: stop the dashboard, copy the backup over {db} and delete {db}-wal and {db}-shm beside it. Without a "
        f"backup, move {db} aside and rebuild: `python -m ingest run --offline`, then `python -m ingest run`."
    )


DAMAGE_ERRORS = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def is_damage(exc: Exception) -> bool:
    """An SQLite error that means the file itself is damaged or is not a database."""
    return str(getattr(exc, "sqlite_errorname", "") or "").startswith(DAMAGE_ERRORS)


class DatabaseNotWritable(StoreError):
    """The database or its folder cannot be written (a read-only file system, or permissions):
    not damage. Nothing was written."""


class DatabaseUnreadable(StoreError):
    """The database file cannot be read (permissions): not damage."""


def write_access_problem(db: "str | Path") -> str | None:
    """Why a writing command cannot write ``db`` (its folder or file read-only, by mount or by
    permission), in one paragraph that says it is not damage and what to do; None when it can.

    SQLite in WAL mode writes two files beside the database (``-wal`` and ``-shm``) and the
    writers' lock is a third (``.lock``): the folder must be writable, not only the file."""
    path = Path(db).expanduser().resolve()
    folder = path.parent if path.parent.exists() else _existing_folder(path)
    user = _user()
    if not os.access(folder, os.W_OK):
        why = (f"its folder {folder} is on a read-only file system" if _read_only_filesystem(folder)
               else f"user {user} may not write in its folder {folder} (permission denied)")
        fix = ("mount it read-write for the ingest" if _read_only_filesystem(folder)
               else f"give {user} write permission on {folder} (or run the command as the user who owns it)")
    elif path.exists() and not os.access(path, os.W_OK):
        why = f"user {user} may not write the file (permission denied)"
        fix = f"give {user} write permission on {path} (or run the command as the user who owns it)"
    else:
        return None
    return (f"cannot write the database {db}: {why}. The database is not damaged. Every command that writes (run, "
            f"comment, snapshot, recompute) needs write access to the database and its folder, where SQLite keeps its "
            f"write-ahead log ({path.name}-wal, {path.name}-shm) and the writers keep their lock ({path.name}.lock): "
            f"{fix}. Reading (status, health, the dashboard, reports) works on a read-only folder.")


def read_access_message(db: "str | Path", detail: str = "") -> str:
    """The database exists but cannot be read (permissions): say so, never that it is damaged."""
    user = _user()
    said = f" ({detail})" if detail else ""
    return (f"cannot read the database {db}: user {user} may not open it{said}. The database is not damaged: give "
            f"{user} read permission on {db} and its folder (or run the command as a user who has it).")


class InvalidChoice(IngestError):
    """A command-line value that is not one of the valid ones; the message lists them (exit status 2)."""


USAGE_EXIT_STATUS = 2  # as argparse exits for a malformed command line


BROKEN_PIPE_EXIT_STATUS = 141  # as a program stopped by SIGPIPE: the reader (`| head`) stopped reading


def _discard_stdout() -> None:
    """After the reader of a pipe went away: send what is still buffered nowhere, so that Python's
    flush at exit has nothing to complain about."""
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (already replaced): nothing to do
        pass


def parse_quietly(parser, argv):
    """``parser.parse_args(argv)``, its ``--help`` flushed here: a reader that stopped reading
    (``| head``) ends the command quietly (exit status 141), not with a BrokenPipeError."""
    import sys

    try:
        return parser.parse_args(argv)
    except SystemExit:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _discard_stdout()
            raise SystemExit(BROKEN_PIPE_EXIT_STATUS) from None
        raise
    except BrokenPipeError:
        _discard_stdout()
        raise SystemExit(BROKEN_PIPE_EXIT_STATUS) from None


def run_command(program: str, args) -> int:
    """Run a command-line command (``args.func``) and turn what it raises into a message on
    stderr and an exit status: 1 for bad configuration or a failure, 2 for a refused value (as
    argparse), 75 when another writer holds the lock, 141 (quietly) when the reader of the output
    stopped reading (``| head``). One rule for ``ingest`` and ``dashboard``."""
    import errno
    import sqlite3
    import sys

    from ingest.lock import LOCKED_EXIT_STATUS, AlreadyRunning

    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe is met here, inside the handler, not at exit
        return status
    except BrokenPipeError:
        _discard_stdout()
        return BROKEN_PIPE_EXIT_STATUS
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {args.config}; fix them and run the command again.", file=sys.stderr)
        return 1
    except InvalidChoice as exc:
        print(f"{program} {args.command}: error: {exc}", file=sys.stderr)
        return USAGE_EXIT_STATUS
    except AlreadyRunning as exc:
        print(f"error: {exc}", file=sys.stderr)
        return LOCKED_EXIT_STATUS
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # met where no command checked first: said, not a traceback
        db = getattr(args, "db", None) or "the database"
        if is_damage(exc):
            said = restore_advice(db, [str(exc)])
        elif str(getattr(exc, "sqlite_errorname", "")).startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY")):
            said = (f"cannot open or write the database {db} ({exc}). The database is not damaged: check that this user "
                    "may read it and may write in its folder (SQLite keeps its -wal and -shm files there)")
        elif str(exc).startswith("no such table"):
            said = (f"the database {db} does not hold this project's tables ({exc}): is --db the right file? A new "
                    "database is filled by `python -m ingest run` (`run --offline` without network)")
        else:
            raise
        print(f"error: {said}", file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        print(f"error: {exc.filename or 'a file'}: {(exc.strerror or str(exc)).lower()}", file=sys.stderr)
        return 1
