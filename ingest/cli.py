"""Command line of the ingest: a thin adapter over the library, the one place errors become messages.

Every command takes ``--config FILE`` (default ``indicators.yml``) and ``--db FILE`` (default
``data/s3.db``), so several configurations can live side by side.
"""

from __future__ import annotations

import argparse
import inspect
import json
import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import socket
from datetime import datetime, timezone

from ingest import choices
from ingest.config import DEFAULT_CONFIG, load_config, notifications_of, unused_datasets
from ingest.health import health, last_successes, offline_notice
from ingest.lock import AlreadyRunning
from ingest.notify import effective, lock_detail, message, run_failure, send, unit_detail
from ingest.schedule import due_datasets, overdue_datasets
from ingest.errors import (
    ConfigError,
    DatabaseDamaged,
    DatabaseNotWritable,
    DatabaseUnreadable,
    IngestError,
    InvalidChoice,
    parse_quietly,
    require_database,
    restore_advice,
    run_command,
    write_access_problem,
)
from ingest.run import DatasetOutcome, run_ingest, run_offline
from ingest.snapshot import export_snapshot, snapshot_directory
from ingest.store import Store
from ingest.commentary import MAX_AUTHOR, MAX_TEXT
from ingest.writing import DEFAULT_WAIT_SECONDS, database_problems, last_writes, recompute, require_sound_database, writing

DEFAULT_DB = Path("data/s3.db")
log = logging.getLogger("ingest")
# The ingest is a batch job: on a small server it shares the cores with the dashboard's workers,
# which answer people. At niceness 10 the kernel gives a busy worker about ten times its share.
# S3_INGEST_NICE sets another niceness (0: as the shell started it, e.g. on a machine of its own).
BATCH_NICENESS = 10


def run_as_batch_job() -> None:
    """Lower this process's CPU priority to S3_INGEST_NICE or BATCH_NICENESS (never raise it;
    idempotent, so the scheduler's nightly runs in one process do not push it further)."""
    wanted = os.environ.get("S3_INGEST_NICE", str(BATCH_NICENESS))
    if not wanted.isdigit() or not 0 <= int(wanted) <= 19:
        raise IngestError(f"S3_INGEST_NICE must be a niceness from 0 to 19, not {wanted!r}")
    try:
        if os.getpriority(os.PRIO_PROCESS, 0) < int(wanted):
            os.setpriority(os.PRIO_PROCESS, 0, int(wanted))
    except (AttributeError, OSError) as exc:  # no such call on this platform, or not allowed
        log.debug("running at normal priority: %s", exc)


def cmd_check(args: argparse.Namespace) -> int:
    """Check indicators.yml and the hand-kept CSV files; print every problem with its place.

    Exits 0 when the file is valid and 1 when it has problems.

    Example:
      python -m ingest check --config indicators.yml
    """
    from ingest.sources.manual_csv import check_files

    config = load_config(args.config)
    problems = check_files(config)
    for problem in problems:
        print(problem, file=sys.stderr)
    for name in unused_datasets(config):
        print(f"{args.config}: warning: dataset {name!r} feeds no indicator, statement, structure measure or "
              "deflator; use it or remove it", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the hand-kept files; fix them and run the command again.", file=sys.stderr)
        return 1
    print(f"{args.config}: OK ({len(config.sources)} sources, {len(config.datasets)} datasets)")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Fetch every dataset (or the ones named) from its source into the store.

    A dataset whose source reports no update since its last successful fetch is skipped, and
    the run says so (--force fetches it anyway). A failing dataset is recorded with its reason,
    keeps its stored data, and does not stop the others; the exit status is 1 if any failed.

    --offline needs no network: it reads the hand-kept files and loads the shipped snapshot of
    published figures (data/snapshot beside the configuration file) into every dataset that has
    no live data yet.

    Every failure is told to the configured notification channels (indicators.yml's
    notifications, or S3_WEBHOOK_URL and S3_SMTP_* from the environment, which work even when
    the configuration cannot be read): failed datasets, and a run that cannot go through at
    all: indicators.yml with errors, a damaged database or one that cannot be written, a
    crash, and, for the nightly --due run, another run holding the lock (exit status 75).

    Example:
      python -m ingest run --config indicators.yml --db data/s3.db --dataset grp_county
    """
    config = None
    try:
        config = load_config(args.config)
        run_as_batch_job()
        choices.datasets(config, args.dataset)
        with writing(args.db, "run", wait=args.wait, on_wait=_waiting) as (store, operation):
            return _run_locked(args, config, store, operation)
    except InvalidChoice:  # a mistyped --dataset: the person at the terminal is told
        raise
    except AlreadyRunning as exc:
        if args.due:  # the nightly run did nothing: say so, and whether the holder seems to hang
            _tell(args, config, "locked", lock_detail(str(exc), exc.holder, socket.gethostname()))
        raise
    except ConfigError as exc:
        _tell(args, None, "config", "\n".join(str(p) for p in exc.problems))
        raise
    except DatabaseDamaged as exc:
        _tell(args, config, "damaged", str(exc))
        raise
    except (DatabaseNotWritable, DatabaseUnreadable) as exc:
        _tell(args, config, "access", str(exc))
        raise
    except IngestError as exc:  # the snapshot folder, S3_INGEST_NICE …: said by the run, told to IT
        _tell(args, config, "failed", str(exc))
        raise
    except Exception as exc:  # a crash: told, then raised as ever (its traceback goes to the log)
        _tell(args, config, "crash", f"{type(exc).__name__}: {exc}\n(the traceback is in the run's log: "
                                     "journalctl -u s3-ingest, or the cron job's output)")
        raise


def _tell(args: argparse.Namespace, config, kind: str, detail: str) -> None:
    """Tell IT that this run failed as a whole (never raises: the run's own error comes first)."""
    try:
        notifications = config.notifications if config is not None else notifications_of(args.config)
        command = " ".join(["python -m ingest run", *(["--due"] if args.due else []),
                            *(["--offline"] if args.offline else []), "--config", str(args.config), "--db", str(args.db)])
        send(effective(notifications), run_failure(kind, detail, socket.gethostname(), command=command))
    except Exception as exc:  # noqa: BLE001 — a broken channel is logged by send; anything else here too
        log.error("could not notify about the failed run: %s", exc)


def _waiting(message: str) -> None:
    print(message, file=sys.stderr)


def _run_locked(args: argparse.Namespace, config, store: Store, operation) -> int:
    chosen = args.dataset or list(config.datasets)
    if args.due:
        chosen = [d for d in due_datasets(config, last_successes(store), datetime.now(timezone.utc)) if d in chosen]
        log.info("%d of %d datasets are due: %s", len(chosen), len(config.datasets), ", ".join(chosen) or "none")
    progress = _progress(len(chosen))
    if args.offline:
        report = run_offline(config, store, args.snapshot or snapshot_directory(config), datasets=args.dataset)
        for outcome in report.outcomes:
            log.log(_level(outcome), outcome.log_line())
    else:
        report = run_ingest(config, store, datasets=chosen, force=args.force, on_outcome=progress)
    failed = report.failed
    if failed:
        operation.fail(f"{len(failed)} dataset(s) failed: {', '.join(o.dataset for o in failed)}")
    recompute(config, store, operation)
    overdue = overdue_datasets(config, last_successes(store), datetime.now(timezone.utc)) if args.due else []
    counts = {s: sum(o.status == s for o in report.outcomes) for s in ("ok", "unchanged", "failed")}
    summary = f"run {report.run_id}: {counts['ok']} updated, {counts['unchanged']} unchanged, {counts['failed']} failed"
    removed = [o for o in report.outcomes if o.removed]
    if removed:
        summary += (f"; {sum(o.removed for o in removed)} stored value(s) removed, no longer in their hand-kept file "
                    f"({', '.join(f'{o.dataset}: {o.removed}' for o in removed)}; kept in observation_revisions)")
    print(summary, file=sys.stderr)
    for outcome in failed:
        print(f"  FAILED {outcome.dataset}: {outcome.message}", file=sys.stderr)
    if "recompute failed" in operation.message:
        print(f"  {operation.message}; run `python -m ingest recompute` when the cause is fixed", file=sys.stderr)
    problems = [part for part in operation.message.split("; ") if "recompute failed" in part]
    if failed or overdue or problems:
        note = message(report.run_id, [(o.dataset, o.message) for o in failed], overdue, socket.gethostname(), problems)
        send(effective(config.notifications), note)
    return 1 if operation.status != "ok" else 0


def cmd_recompute(args: argparse.Namespace) -> int:
    """Recompute the indicator tables (values, statuses, ranks) from the stored data.

    `run` does this after every fetch; run it yourself after changing indicators.yml's
    strategies (the dashboard then says its figures were computed with an older configuration).
    Takes the same lock as every writing command.

    Example:
      python -m ingest recompute --config indicators.yml --db data/s3.db
    """
    config = load_config(args.config)
    require_database(args.db)
    with writing(args.db, "recompute", wait=args.wait, on_wait=_waiting) as (store, operation):
        recompute(config, store, operation, after_commit=False)
    if operation.status != "ok":
        print(f"error: {operation.message}", file=sys.stderr)
        return 1
    print(f"{args.db}: indicators recomputed for {len(config.strategies)} strategies", file=sys.stderr)
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """Print the state of the ingest and the database; exit 1 if anything is wrong.

    Says which datasets fail or are overdue, whether the database is damaged, whether it cannot
    be read or written (permissions, a read-only file system: not damage), and whether the last
    writing command (run, comment, snapshot, recompute) was killed or failed.

    For monitoring systems (Nagios-style checks, systemd's OnFailure=, a cron MAILTO): exit 0
    when the database passes SQLite's quick_check and this user may write it and its folder,
    every dataset's latest run succeeded, none is overdue for its cadence and the last writing
    command finished. Reads only: never creates the database or its folder.

    An install that has only run offline (its figures the shipped snapshot, no dataset fetched
    from its source and none failing) is healthy: one notice says so, of which date, and that
    the first live run (`python -m ingest run`) fetches the figures.

    Example:
      python -m ingest health --db data/s3.db --format json
    """
    config = load_config(args.config)
    require_database(args.db)  # read-only: never creates the database or its folder
    unreadable = None
    try:
        problems = database_problems(args.db)
    except DatabaseUnreadable as exc:  # permissions: not damage
        problems, unreadable = [], str(exc)
    empty = {"checked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "failing": [], "overdue": [],
             "datasets": []}
    if problems or unreadable:
        state, writes = empty, {}
    else:
        with Store(args.db, readonly=True) as store:
            state, writes = health(config, store), last_writes(store)
    not_writable = write_access_problem(args.db)
    killed = {c: w for c, w in writes.items() if w["status"] in ("killed", "failed")}
    state.update({"integrity": problems or (["unknown"] if unreadable else ["ok"]), "last_writes": writes,
                  "access": unreadable or not_writable})
    state["healthy"] = (not problems and not unreadable and not not_writable and not killed and not state["failing"]
                        and not state["overdue"])
    if args.format == "json":
        print(json.dumps(state, ensure_ascii=False, indent=2))
    else:
        print("OK" if state["healthy"] else "PROBLEMS", f"(checked {state['checked_at']})")
        if state.get("offline"):
            print(f"  {offline_notice(state['offline'], state['healthy'])}")
        for item in state["failing"]:
            print(f"  failing {item['dataset']}: {item['reason']}")
        for item in state["overdue"]:
            print(f"  overdue {item['dataset']} ({item['refresh']}): last success {item['last_success'] or 'never'}")
        if problems:
            print(f"  DAMAGED: {restore_advice(args.db, problems)}")
        if unreadable:
            print(f"  UNREADABLE: {unreadable}")
        elif not_writable:
            print(f"  NOT WRITABLE: {not_writable}")
        for command, write in killed.items():
            print(f"  last {command} {write['status']} (started {write['started']}): {write['message']}")
    return 0 if state["healthy"] else 1


def cmd_schedule(args: argparse.Namespace) -> int:
    """Stay running and ingest what is due every day at a set time (Europe/Stockholm).

    For hosts with neither cron nor systemd. Each run is `python -m ingest run --due`, with its
    lock, logs and notifications.

    Example:
      python -m ingest schedule --at 02:30 --log-file /var/log/s3-ingest.log
    """
    from ingest.schedule import run_forever

    def job() -> int:  # the run logs where this command logs (main sets the log up again)
        logged = ["--log-file", str(args.log_file)] if args.log_file else []
        return main(["run", "--due", "--config", str(args.config), "--db", str(args.db), *logged,
                     *(["--verbose"] if args.verbose else [])])

    return run_forever(job, at=args.at)


def cmd_notify_failure(args: argparse.Namespace) -> int:
    """Tell IT that the nightly job failed, by the configured notification channels (for systemd's
    OnFailure=).

    deploy/systemd/s3-ingest.service runs it through s3-ingest-notify@.service when the unit
    fails. A run that exited with status 1 has already told IT itself (the datasets that failed,
    a broken indicators.yml, a damaged database, a crash it could report), so with systemd's
    MONITOR_SERVICE_RESULT=exit-code and MONITOR_EXIT_STATUS=1 nothing more is sent; anything
    else (killed, timed out, out of memory, another exit status) is. The channels are
    indicators.yml's notifications (read on their own, so a typo elsewhere in the file does not
    silence them) and S3_WEBHOOK_URL / S3_SMTP_* from the environment.

    Example:
      python -m ingest notify-failure --unit s3-ingest --config indicators.yml
    """
    result = os.environ.get("MONITOR_SERVICE_RESULT")
    status = os.environ.get("MONITOR_EXIT_STATUS")
    if result == "exit-code" and status == "1" and not args.always:
        print(f"{args.unit} exited with status 1: the run has told IT itself; nothing more sent", file=sys.stderr)
        return 0
    detail = unit_detail(args.unit, os.environ, socket.gethostname())
    notifications = effective(notifications_of(args.config))
    if not notifications.webhook and not notifications.email:
        raise IngestError("no notification channel is configured: set S3_WEBHOOK_URL (or S3_SMTP_HOST and "
                          f"S3_SMTP_TO) for the unit, or notifications: in {args.config}")
    problems = send(notifications, run_failure("unit", detail, socket.gethostname(), command=f"systemd unit {args.unit}"))
    if problems:
        raise IngestError(f"could not tell IT that {args.unit} failed: {'; '.join(problems)}")
    print(f"told IT that {args.unit} failed", file=sys.stderr)
    return 0


def cmd_describe(args: argparse.Namespace) -> int:
    """Show a PxWeb table's variables and value codes, to write a dataset's selection.

    Example:
      python -m ingest describe --source scb TAB638
    """
    from ingest.pxweb.describe import describe_table
    from ingest.sources import adapter_for

    config = load_config(args.config)
    if args.source not in config.sources:
        raise IngestError(f"unknown source {args.source!r}; defined sources: {', '.join(config.sources)}")
    client = adapter_for(args.source, config.sources[args.source]).client
    meta = client.metadata(args.table)
    print(describe_table(meta, info=client.table_info(args.table), limit=None if args.all else 12))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Print a strategy's follow-up: per area and indicator the latest value, the status and the
    numbers behind it, rank among the counties and % of Sweden.

    The indicators are recomputed first (under the writers' lock) when indicators.yml or the
    data changed since the last computation. --format json gives the stable shape documented in
    indicators/follow_up.py.

    Example:
      python -m ingest status --strategy norrbotten --format table
    """
    from indicators.compute import is_stale
    from indicators.follow_up import follow_up
    from indicators.formats import as_csv, as_table

    config = load_config(args.config)
    strategy = choices.strategy(config, args.strategy)
    region = choices.region(config, strategy, args.region)
    require_sound_database(args.db)  # a damaged file is said as `run` says it, not as a traceback
    with Store(args.db, readonly=True) as store:
        stale = is_stale(config, store)
    cannot_write = write_access_problem(args.db) if stale else None
    if cannot_write:
        print(f"warning: the indicators were computed before the latest change of {args.config} or of the data and "
              f"cannot be recomputed here: {cannot_write} The figures below are from the last computation.",
              file=sys.stderr)
    elif stale:
        with writing(args.db, "recompute", wait=args.wait, on_wait=_waiting) as (store, operation):
            recompute(config, store, operation, after_commit=False)
        if operation.status != "ok":
            print(f"warning: {operation.message}; the figures below are from the last computation", file=sys.stderr)
    with Store(args.db, readonly=True) as store:
        data = follow_up(config, store, strategy, region)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print(as_csv(data, args.lang), end="")
    else:
        print(as_table(data, args.lang), end="")
    return 0


def cmd_comment(args: argparse.Namespace) -> int:
    """Write the secretariat's commentary on an indicator or an area (kept with its history),
    or list a strategy's commentary with --list.

    A comment is plain text of at most {max_text} characters (an author at most {max_author}):
    line breaks are kept, other control characters are refused, and direction overrides
    (U+202A–U+202E, U+2066–U+2069) are removed so that no text reads backwards.

    Example:
      python -m ingest comment --strategy norrbotten --indicator grp_per_inhabitant --author "Anna Berg" --text "Gruvnäringen drev ökningen 2021."
    """
    from ingest.commentary import add_comment, printable
    from indicators.commentary import comments

    config = load_config(args.config)
    strategy = choices.strategy(config, args.strategy)
    if args.list:
        with Store(args.db, readonly=True) as store:
            for row in comments(store, strategy):
                target = row["indicator"] or f"area {row['area']}"
                print(printable(f"{row['written_at']} {row['author']} on {target}: {row['text']}"))
        return 0
    if args.indicator:
        choices.indicator(config, strategy, args.indicator)
    elif args.area:
        choices.area(config, strategy, args.area)
    if not args.text or not args.author:
        raise IngestError("give --text and --author (or --list)")
    require_database(args.db)  # a mistyped --db must not create a new, empty database for the comment
    with writing(args.db, "comment", wait=args.wait, on_wait=_waiting) as (store, _):
        row = add_comment(config, store, strategy, args.text, args.author, area=args.area, indicator=args.indicator)
    print(f"comment saved on {row['indicator'] or 'area ' + row['area']} ({row['written_at']})")
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    """Write the store's datasets as an offline snapshot (a CSV per dataset and a manifest).

    Run it after a live `python -m ingest run` to refresh what ships in data/snapshot; every
    row carries its citation (source, table, the source's updated date, retrieval time).
    A folder that already holds a snapshot (by default the shipped one) is replaced only by live
    data: when the store holds only figures loaded from a snapshot (`run --offline`) for any of
    its datasets, nothing is written; give --out FOLDER, or --force to overwrite it anyway.
    Takes the writers' lock, so the snapshot is never half of a run.

    Example:
      python -m ingest snapshot --db data/s3.db --out data/snapshot
    """
    config = load_config(args.config)
    require_database(args.db)
    if args.out is not None and not args.out.parent.is_dir():  # a mistyped --out never makes a tree of folders
        raise InvalidChoice(f"--out {args.out}: there is no folder {args.out.parent}; create it first or give another path")
    out = args.out or snapshot_directory(config)
    with writing(args.db, "snapshot", wait=args.wait, on_wait=_waiting) as (store, _):
        manifest = export_snapshot(store, config, out, built_from=f"python -m ingest snapshot from {args.db}",
                                   force=args.force)
    total = sum(entry["rows"] for entry in manifest["datasets"].values())
    print(f"{out}: {len(manifest['datasets'])} datasets, {total:,} figures")
    return 0


def _progress(total: int) -> Callable[[DatasetOutcome], None]:
    """A progress bar on a terminal; plain structured log lines otherwise."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="dataset", file=sys.stderr)

        def update(outcome: DatasetOutcome) -> None:
            bar.set_postfix_str(f"{outcome.dataset}: {outcome.status}")
            bar.update(1)
            if bar.n >= total:
                bar.close()

        return update

    def line(outcome: DatasetOutcome) -> None:
        log.log(_level(outcome), outcome.log_line())

    return line


def _level(outcome: DatasetOutcome) -> int:
    """A failure is an error; stored values removed (a hand-kept row deleted) are worth a warning."""
    return logging.ERROR if outcome.status == "failed" else logging.WARNING if outcome.removed else logging.INFO


COMMANDS: list[tuple[str, Callable[[argparse.Namespace], int]]] = [
    ("check", cmd_check),
    ("run", cmd_run),
    ("health", cmd_health),
    ("schedule", cmd_schedule),
    ("notify-failure", cmd_notify_failure),
    ("describe", cmd_describe),
    ("snapshot", cmd_snapshot),
    ("status", cmd_status),
    ("comment", cmd_comment),
    ("recompute", cmd_recompute),
]
WRITING = ("run", "comment", "snapshot", "recompute", "status")  # status recomputes stale indicators


def first_sentence(doc: str) -> str:
    """A command's one-line help: the first sentence of its docstring, however many lines it spans."""
    paragraph = " ".join(inspect.cleandoc(doc).split("\n\n")[0].split())
    match = re.match(r"(.+?[.!?])(?=\s+[A-Z(`]|$)", paragraph)
    return match.group(1) if match else paragraph


def global_options(parser: argparse.ArgumentParser, *, default: object = None) -> argparse.ArgumentParser:
    """The options every command takes, before or after its name (``python -m ingest --log-file F
    run`` and ``python -m ingest run --log-file F`` alike). After the name they are the command's
    own with ``default=argparse.SUPPRESS``, so that leaving them out there keeps what was given
    before it."""
    parser.add_argument("-v", "--verbose", action="store_true", default=False if default is None else default,
                        help="log debug detail")
    parser.add_argument("--log-file", type=Path, default=default, metavar="FILE",
                        help="also write the log lines to this file")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Public statistics into the S3 follow-up store (SCB, Kolada, Eurostat, …).",
        epilog="Example:\n  python -m ingest run\n\nRun 'python -m ingest COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    global_options(parser)
    after_the_name = global_options(argparse.ArgumentParser(add_help=False), default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, func in COMMANDS:
        doc = inspect.cleandoc(func.__doc__ or "").format(max_text=MAX_TEXT, max_author=MAX_AUTHOR)
        description, _, example = doc.partition("Example:")
        command = sub.add_parser(
            name,
            help=first_sentence(doc).replace("%", "%%"),  # argparse formats help with %
            description=description.strip(),
            epilog="Example:" + example.rstrip() if example else None,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[after_the_name],
        )
        command.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="configuration file (default: %(default)s)")
        command.add_argument("--db", type=Path, default=DEFAULT_DB, help="SQLite database (default: %(default)s)")
        command.set_defaults(func=func)
        if name in WRITING:
            command.add_argument("--wait", type=float, default=DEFAULT_WAIT_SECONDS, metavar="SECONDS",
                                 help="how long to wait for another writer to finish (default: %(default)g)")
        if name == "run":
            command.add_argument("--dataset", action="append", metavar="ID", help="only this dataset (repeatable)")
            command.add_argument("--force", action="store_true", help="fetch even when the source reports no update")
            command.add_argument("--due", action="store_true", help="only datasets due by their refresh cadence")
            command.add_argument("--offline", action="store_true", help="no network: hand-kept files and the shipped snapshot")
            command.add_argument("--snapshot", type=Path, help="snapshot folder (default: data/snapshot beside the configuration file)")
        if name == "health":
            command.add_argument("--format", choices=("text", "json"), default="text")
        if name == "notify-failure":
            command.add_argument("--unit", default="s3-ingest", help="the failed systemd unit (default: %(default)s)")
            command.add_argument("--always", action="store_true",
                                 help="send even when the run exited with status 1 (it has told IT itself)")
        if name == "schedule":
            command.add_argument("--at", default="02:30", help="time of day, Europe/Stockholm (default: %(default)s)")
        if name == "comment":
            command.add_argument("--strategy", required=True, help="a strategy id from the configuration")
            target = command.add_mutually_exclusive_group()  # a comment is on one indicator or one area
            target.add_argument("--indicator", help="an indicator id of the strategy")
            target.add_argument("--area", help="an area id (when the comment is on a whole area)")
            command.add_argument("--author", help="who writes it")
            command.add_argument("--text", help="the comment")
            command.add_argument("--list", action="store_true", help="print the strategy's commentary")
        if name == "status":
            command.add_argument("--strategy", required=True, help="a strategy id from the configuration")
            command.add_argument("--region", help="region code (default: the strategy's own region)")
            command.add_argument("--format", choices=("table", "json", "csv"), default="table")
            command.add_argument("--lang", choices=("sv", "en"), default="sv")
        if name == "snapshot":
            command.add_argument("--out", type=Path, help="folder to write (default: data/snapshot beside the configuration file)")
            command.add_argument("--force", action="store_true",
                                 help="overwrite a snapshot in the folder even with figures that are not live")
        if name == "describe":
            command.add_argument("--source", required=True, help="a source name from the configuration")
            command.add_argument("table", help="table id (v2) or table path (v1)")
            command.add_argument("--all", action="store_true", help="list every value, not the first 12")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parse_quietly(build_parser(), argv)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if args.log_file:
        try:
            handlers.append(logging.FileHandler(args.log_file, encoding="utf-8"))
        except OSError as exc:  # a folder that is not there, or not this user's to write
            print(f"error: cannot write the log file {args.log_file}: {(exc.strerror or str(exc)).lower()}; give "
                  "--log-file a file in a folder this user may write (or leave it out: the log goes to stderr)",
                  file=sys.stderr)
            return 1
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    return run_command("python -m ingest", args)
