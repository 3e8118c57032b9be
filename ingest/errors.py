"""Named exceptions of the ingest layer.

Each says what went wrong and, where it can, what to do next. They are turned into a
user-facing message in one place: :mod:`ingest.cli`.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    """No database file where --db points: every command that reads one refuses it in these words
    (a mistyped path is never created, nor filled from the shipped data)."""

    def __init__(self, path) -> None:
        self.path = path
        super().__init__(f"no database at {path}; create it with `python -m ingest run` (or `run --offline`)")


class InvalidChoice(IngestError):
    """A command-line value that is not one of the valid ones; the message lists them (exit status 2)."""


USAGE_EXIT_STATUS = 2  # as argparse exits for a malformed command line


def run_command(program: str, args) -> int:
    """Run a command-line command (``args.func``) and turn what it raises into a message on
    stderr and an exit status: 1 for bad configuration or a failure, 2 for a refused value (as
    argparse), 75 when another writer holds the lock. One rule for ``ingest`` and ``dashboard``."""
    import sys

    from ingest.lock import LOCKED_EXIT_STATUS, AlreadyRunning

    try:
        return args.func(args)
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
