"""Command line of the dashboard: ``serve``, ``report`` and ``adduser``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from dashboard.report import FORMATS
from ingest.cli import DEFAULT_DB
from ingest.config import DEFAULT_CONFIG, Config, load_config
from ingest import choices
from ingest.errors import IngestError, InvalidChoice, parse_quietly, run_command

log = logging.getLogger("dashboard")
FORMAT_NAMES = tuple(FORMATS)


def ensure_data(config_path: Path, db: Path) -> Config:
    """An empty or missing database is filled from the shipped data first (no network needed), by
    the ingest side under the writers' lock; the dashboard itself never writes. Returns the
    configuration read on the way."""
    from indicators.compute import is_stale
    from ingest.run import load_shipped_data
    from ingest.snapshot import snapshot_directory
    from ingest.store import Store
    from ingest.writing import database_problems

    config = load_config(config_path)
    if Path(db).is_file() and database_problems(db):
        log.error("the database %s is damaged; the dashboard shows its maintenance page (see `python -m ingest health`)", db)
        return config
    load_shipped_data(config, db, snapshot_directory(config))
    with Store(db, readonly=True) as store:
        if is_stale(config, store):
            log.warning("the indicators in %s were computed before the latest change of %s or of the data; the pages "
                        "say so until `python -m ingest recompute` (or the next run) computes them", db, config_path)
    return config


def cmd_serve(args: argparse.Namespace) -> int:
    if args.users is not None:
        from dashboard.auth import users_of

        users_of(args.users)  # a missing or malformed users file is said now, not at the first sign-in
    if not args.db.parent.is_dir():  # a mistyped --db never creates folders nor serves a new snapshot copy
        raise InvalidChoice(f"--db {args.db}: there is no folder {args.db.parent}; give the path of the database "
                            "(default data/s3.db), or create the folder first to start a new one there")
    if not args.db.exists():
        print(f"no database at {args.db}: a new one is made there from the shipped data", file=sys.stderr)
    ensure_data(args.config, args.db)
    os.environ["S3_DB"], os.environ["S3_CONFIG"] = str(args.db), str(args.config)
    if args.users is not None:
        os.environ["S3_USERS"] = str(args.users.resolve())
    if args.session_minutes is not None:
        os.environ["S3_SESSION_MINUTES"] = str(args.session_minutes)
    os.environ["S3_EXPORT_SLOTS"] = str(args.export_slots)
    from dashboard.app import app

    app.server.config["S3_DB"] = str(args.db.resolve())
    app.server.config["S3_CONFIG"] = str(args.config.resolve())
    login = " (sign-in required)" if app.server.config.get("S3_LOGIN") else ""
    print(f"S3-uppföljning: http://{args.host}:{args.port}/{login}", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def cmd_adduser(args: argparse.Namespace) -> int:
    from dashboard.auth import MIN_PASSWORD, add_user

    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"Password for {args.name} (at least {MIN_PASSWORD} characters): ")
        if getpass.getpass("Again: ") != password:
            raise IngestError("the two passwords differ; nothing was changed")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    new = add_user(args.users, args.name, password)
    print(f"{args.users}: {'added' if new else 'changed the password of'} {args.name}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from dashboard.report import write
    from dashboard.report.content import build
    from ingest.writing import require_sound_database

    config = load_config(args.config)
    strategy = choices.strategy(config, args.strategy)
    region = choices.county(args.region)
    # Everything that would stop the report is said before it is built (a PDF takes seconds).
    check_out(args.out, args.format or "pdf")
    fmt = args.format or (args.out.suffix.lstrip(".").lower() if args.out else "pdf")
    if fmt not in FORMAT_NAMES:
        raise InvalidChoice(f"cannot tell the format from {args.out}; give --format {'|'.join(FORMAT_NAMES)}")
    require_sound_database(args.db, "No report was written.")
    config = ensure_data(args.config, args.db)
    report = build(config, args.db, strategy, region=region, lang=args.lang, since=args.since)
    out = args.out or Path(f"{report.file_stem()}.{fmt}")
    try:
        write(report, fmt, out)
    except OSError as exc:  # the disk filled up, or the folder changed while the report was built
        raise IngestError(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(f"{out}: {len(report.summary)} indicators, {len(report.values)} values", file=sys.stderr)
    return 0


def check_out(out: Path | None, fmt: str) -> None:
    """Refuse an --out that cannot be written: a folder, or a file in a folder that is missing or
    not writable (without --out, the report goes into the current folder)."""
    folder = out.parent if out is not None else Path(".")
    if out is not None and out.is_dir():
        raise InvalidChoice(f"--out {out} is a folder; give a file name, e.g. --out {out / f'report.{fmt}'}")
    if not folder.is_dir():
        raise InvalidChoice(f"--out {out}: there is no folder {folder}; create it first or give another path")
    if not os.access(folder, os.W_OK | os.X_OK) or (out is not None and out.exists() and not os.access(out, os.W_OK)):
        raise InvalidChoice(f"--out {out or folder}: no permission to write there; give another path")


def port_argument(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; give a number from 1 to 65535, e.g. 8050")
    return port


def date_argument(text: str) -> str:
    try:
        return choices.iso_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _config_and_db(command: argparse.ArgumentParser) -> None:
    command.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="configuration file (default: %(default)s)")
    command.add_argument("--db", type=Path, default=DEFAULT_DB, help="SQLite database (default: %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard", description="The innovation council's dashboard.",
        epilog="Example:\n  python -m dashboard serve --port 8050", formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    serve = sub.add_parser(
        "serve", help="Serve the dashboard (fills an empty database from the shipped data first).",
        description="Serve the dashboard. An empty or missing database is first filled from the shipped "
        "snapshot and hand-kept series, so it works without network access.",
        epilog="Example:\n  python -m dashboard serve --db data/s3.db --config indicators.yml --port 8050",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _config_and_db(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=port_argument, default=8050, help="port (default: %(default)s)")
    serve.add_argument("--users", type=Path, metavar="FILE",
                       help="require sign-in with the users in FILE (see adduser); default: no sign-in")
    serve.add_argument("--session-minutes", type=float, metavar="N",
                       help="sign-in lasts N minutes (default: 480, or S3_SESSION_MINUTES)")
    serve.add_argument("--export-slots", type=int, default=int(os.environ.get("S3_EXPORT_SLOTS") or 2), metavar="N",
                       help="reports built at once; more wait in a queue (default: %(default)s, or S3_EXPORT_SLOTS)")
    serve.set_defaults(func=cmd_serve)
    adduser = sub.add_parser(
        "adduser", help="Add a user to a users file (or change a password); the password is read from standard input.",
        description="Add a user who may sign in to a dashboard served with --users FILE (or S3_USERS=FILE), or set a "
        "user's new password. The password (at least 10 characters) is read from standard input: typed twice on a "
        "terminal, or the first line of a pipe. The file keeps only a salted scrypt hash of it.",
        epilog="Example:\n  python -m dashboard adduser --users /etc/s3/users anna.berg",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    adduser.add_argument("--users", type=Path, required=True, metavar="FILE", help="the users file (created if missing)")
    adduser.add_argument("name", help="user name: letters, digits and . _ @ -")
    adduser.set_defaults(func=cmd_adduser)
    report = sub.add_parser(
        "report", help="Write a follow-up report (PDF, Word, Excel or HTML) from the store; no server needed.",
        description="Write a follow-up report of a strategy from the same figures the dashboard shows. "
        "pdf, docx and html: a cover, contents, a summary, what changed, and per indicator the chart, "
        "the status explained, the secretariat's commentary and the sources (charts and PDF need "
        "Chromium; set S3_CHROMIUM if it is not on PATH). xlsx: a summary sheet and every value behind it.",
        epilog="Examples:\n  python -m dashboard report --strategy norrbotten --out uppfoljning.pdf\n"
        "  python -m dashboard report --strategy blekinge --format docx --lang en --since 2026-09-01 --out report.docx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _config_and_db(report)
    report.add_argument("--strategy", required=True, metavar="ID",
                        help="the strategy to report on: its id in the configuration, e.g. norrbotten or blekinge")
    report.add_argument("--region", metavar="CODE", help="county code, as on the dashboard, e.g. 25 or 10 (default: the "
                                                         "strategy's own county); Sweden is the comparison in every report")
    report.add_argument("--format", choices=FORMAT_NAMES,
                        help="file format: %(choices)s (default: from --out's extension, else pdf)")
    report.add_argument("--lang", choices=("sv", "en"), default="sv",
                        help="language of the report: sv or en (default: %(default)s)")
    report.add_argument("--since", type=date_argument, metavar="YYYY-MM-DD",
                        help="list what changed since this date (default: 90 days ago)")
    report.add_argument("--out", type=Path, metavar="FILE",
                        help="file to write, in a folder that exists (default: uppfoljning-STRATEGY-REGION-DATE.FORMAT "
                        "in the current folder)")
    report.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parse_quietly(build_parser(), argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return run_command("python -m dashboard", args)
