"""Command line of the dashboard: ``serve`` and ``report``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from dashboard.report import FORMATS
from ingest.cli import DEFAULT_DB
from ingest.config import DEFAULT_CONFIG, Config, load_config
from ingest.errors import ConfigError, IngestError

log = logging.getLogger("dashboard")
FORMAT_NAMES = tuple(FORMATS)


def ensure_data(config_path: Path, db: Path) -> Config:
    """An empty or missing database is filled from the shipped data first (no network needed);
    returns the configuration read on the way."""
    from indicators.compute import compute_all, is_stale
    from ingest.run import run_offline
    from ingest.snapshot import snapshot_directory
    from ingest.store import Store

    config = load_config(config_path)
    with Store(db) as store:
        if store.observation_count() == 0:
            log.info("the database %s is empty: loading the shipped snapshot and hand-kept series", db)
            run_offline(config, store, snapshot_directory(config))
        if is_stale(config, store):
            compute_all(config, store)
    return config


def cmd_serve(args: argparse.Namespace) -> int:
    ensure_data(args.config, args.db)
    os.environ["S3_DB"], os.environ["S3_CONFIG"] = str(args.db), str(args.config)
    from dashboard.app import app

    app.server.config["S3_DB"] = str(args.db.resolve())
    app.server.config["S3_CONFIG"] = str(args.config.resolve())
    print(f"S3-uppföljning: http://{args.host}:{args.port}/", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from dashboard.report import write
    from dashboard.report.content import build

    config = ensure_data(args.config, args.db)
    if args.strategy not in config.strategies:
        raise IngestError(f"unknown strategy {args.strategy!r}; configured: {', '.join(config.strategies)}")
    fmt = args.format or (args.out.suffix.lstrip(".").lower() if args.out else "pdf")
    if fmt not in FORMAT_NAMES:
        raise IngestError(f"cannot tell the format from {args.out}; give --format {'|'.join(FORMAT_NAMES)}")
    report = build(config, args.db, args.strategy, region=args.region, lang=args.lang, since=args.since)
    out = write(report, fmt, args.out or Path(f"{report.file_stem()}.{fmt}"))
    print(f"{out}: {len(report.summary)} indicators, {len(report.values)} values", file=sys.stderr)
    return 0


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
    serve.add_argument("--port", type=int, default=8050, help="port (default: %(default)s)")
    serve.set_defaults(func=cmd_serve)
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
    report.add_argument("--strategy", required=True)
    report.add_argument("--region", help="region code (default: the strategy's own)")
    report.add_argument("--format", choices=FORMAT_NAMES, help="default: from --out's extension, else pdf")
    report.add_argument("--lang", choices=("sv", "en"), default="sv")
    report.add_argument("--since", help="list what changed since this date (default: 90 days ago)")
    report.add_argument("--out", type=Path, help="file to write (default: uppfoljning-STRATEGY-REGION-DATE.FORMAT)")
    report.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
