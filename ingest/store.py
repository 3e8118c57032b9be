"""The SQLite store: schema, migrations and the transactional writes of the ingest.

Public tables (documented in the README): ``regions``, ``datasets``, ``observations``,
``observation_revisions``, ``ingest_runs``. The schema is built with sqlite-utils migrations;
the bulk write of observations uses one ``executemany`` in one transaction per dataset, which
is several times faster than sqlite-utils' ``insert_all`` defaults (see ``benchmarks/``).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from itertools import repeat
from pathlib import Path
from typing import Any
from urllib.request import pathname2url

import numpy as np
import sqlite_utils
from sqlite_utils.migrations import Migrations

from ingest.codes import swedish_regions
from ingest.errors import (
    DatabaseDamaged,
    DatabaseUnreadable,
    StoreError,
    is_damage,
    read_access_message,
    require_database,
    restore_advice,
)

log = logging.getLogger(__name__)

migrations = Migrations("s3-uppfoljning")

# Larger pages: fewer splits and less B-tree overhead for the bulk writes of the ingest.
PAGE_SIZE = 16384

# WITHOUT ROWID: the key is the row, so one B-tree instead of a table plus a primary-key index;
# bulk inserts run about 40 % faster on this schema (benchmarks/bench_ingest.py).
OBSERVATIONS_DDL = """
CREATE TABLE observations (
    dataset TEXT NOT NULL,
    region TEXT NOT NULL,
    period TEXT NOT NULL,
    dims TEXT NOT NULL DEFAULT '{}',
    value REAL,
    status TEXT,
    PRIMARY KEY (dataset, region, period, dims)
) WITHOUT ROWID
"""


@migrations()
def m001_core_tables(db: sqlite_utils.Database) -> None:
    db["regions"].create(
        {
            "code": str,
            "level": str,
            "parent": str,
            "name_sv": str,
            "name_en": str,
            "nuts_code": str,
            "kolada_id": str,
        },
        pk="code",
    )
    db["datasets"].create(
        {
            "id": str,
            "source": str,
            "source_kind": str,
            "table_id": str,
            "selection": str,
            "label": str,
            "unit": str,
            "source_updated": str,
            "fetched_at": str,
            "request_url": str,
            "content_hash": str,
            "metadata": str,
            "provenance": str,
        },
        pk="id",
    )
    db.execute(OBSERVATIONS_DDL)
    db["observation_revisions"].create(
        {
            "id": int,
            "run_id": str,
            "dataset": str,
            "region": str,
            "period": str,
            "dims": str,
            "change": str,
            "old_value": float,
            "new_value": float,
            "old_status": str,
            "new_status": str,
            "changed_at": str,
        },
        pk="id",
    )
    db["observation_revisions"].create_index(["dataset", "changed_at"])
    db["observation_revisions"].create_index(["changed_at"])
    db["ingest_runs"].create(
        {
            "id": int,
            "run_id": str,
            "dataset": str,
            "started": str,
            "finished": str,
            "status": str,
            "rows_written": int,
            "rows_added": int,
            "rows_changed": int,
            "source_updated": str,
            "message": str,
        },
        pk="id",
    )
    db["ingest_runs"].create_index(["dataset", "started"])
    db["ingest_runs"].create_index(["run_id"])


def sql_literal(text: str) -> str:
    """A string as an SQL literal."""
    return "'" + text.replace("'", "''") + "'"


@migrations()
def m002_observation_sources(db: sqlite_utils.Database) -> None:
    # Provenance per figure where it differs from the dataset's: hand-kept series and the
    # offline snapshot cite each figure on its own.
    db.execute(
        """
        CREATE TABLE observation_sources (
            dataset TEXT NOT NULL,
            region TEXT NOT NULL,
            period TEXT NOT NULL,
            dims TEXT NOT NULL,
            unit TEXT,
            source TEXT,
            citation TEXT,
            note TEXT,
            PRIMARY KEY (dataset, region, period, dims)
        ) WITHOUT ROWID
        """
    )


@migrations()
def m003_indicator_layer(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE indicator_values (
            strategy TEXT NOT NULL,
            indicator TEXT NOT NULL,
            region TEXT NOT NULL,
            period TEXT NOT NULL,
            sex TEXT NOT NULL DEFAULT 'T',
            value REAL NOT NULL,
            PRIMARY KEY (strategy, indicator, region, period, sex)
        ) WITHOUT ROWID
        """
    )
    db["progress"].create(
        {
            "strategy": str, "indicator": str, "area": str, "region": str, "status": str, "reason": str,
            "direction": str, "base_period": str, "base_value": float, "current_period": str,
            "current_value": float, "target_value": float, "target_year": int, "observed_growth": float,
            "required_growth": float, "ratio": float, "thresholds": str, "rank": int, "rank_of": int,
            "rank_period": str,
            "quartile": int, "sweden_value": float, "pct_of_sweden": float, "sensitivity": str,
            "computed_at": str,
        },
        pk=("strategy", "indicator", "region"),
    )
    db["qualitative_assessments"].create(
        {
            "strategy": str, "area": str, "item": str, "label_sv": str, "label_en": str, "assessed": str,
            "value": str, "assessed_by": str, "source": str, "note": str,
        },
        pk=("strategy", "area", "item", "assessed"),
    )
    db["meta"].create({"key": str, "value": str}, pk="key")


@migrations()
def m004_dataset_row_counts(db: sqlite_utils.Database) -> None:
    # Kept at write time, so that listing datasets never scans the observations.
    db["datasets"].add_column("observations", int)
    db.execute(
        "UPDATE datasets SET observations = (SELECT count(*) FROM observations o WHERE o.dataset = datasets.id)"
    )


@migrations()
def m005_status_changes(db: sqlite_utils.Database) -> None:
    # Every change of an indicator's status, so "what changed since the last meeting" can say so.
    db["status_changes"].create(
        {"id": int, "strategy": str, "indicator": str, "region": str, "old_status": str, "new_status": str,
         "changed_at": str},
        pk="id",
    )
    db["status_changes"].create_index(["changed_at"])


@migrations()
def m006_commentary(db: sqlite_utils.Database) -> None:
    # The secretariat's dated, signed commentary per indicator or area; never overwritten.
    db["commentary"].create(
        {"id": int, "strategy": str, "area": str, "indicator": str, "written_at": str, "author": str, "text": str},
        pk="id",
    )
    db["commentary"].create_index(["strategy", "indicator", "written_at"])


@migrations()
def m007_assessment(db: sqlite_utils.Database) -> None:
    # The assessment the council can trust: real terms, the base actually used, flags (uncertain,
    # volatile, stale, break) with their notes, the period of % of Sweden, and the relative status.
    for column, kind in (("reason_code", str), ("assessed_period", str), ("assessed_value", float),
                         ("base_periods", str), ("sensitivity_detail", str), ("flags", str), ("flag_notes", str),
                         ("prices", str), ("deflator", str), ("price_year", str), ("nominal_growth", float),
                         ("sweden_period", str), ("relative", str)):
        db["progress"].add_column(column, kind)
    db["qualitative_assessments"].add_column("value_en", str)
    db["qualitative_assessments"].add_column("note_en", str)


@migrations()
def m008_structure(db: sqlite_utils.Database) -> None:
    # The structure of the county economies (indicators.structure_tables): industry values,
    # shares and location quotients; the Krugman index; each area's specialisation; twin counties.
    db.execute(
        """
        CREATE TABLE structure_values (
            measure TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL, industry TEXT NOT NULL,
            value REAL, share REAL, lq REAL,
            PRIMARY KEY (measure, region, period, industry)
        ) WITHOUT ROWID
        """
    )
    db["krugman"].create({"measure": str, "region": str, "period": str, "value": float, "rank": int, "rank_of": int},
                         pk=("measure", "region", "period"))
    db["specialisation"].create(
        {"strategy": str, "area": str, "measure": str, "region": str, "period": str, "base_period": str,
         "share": float, "share_base": float, "lq": float, "lq_base": float, "national": float,
         "industry_mix": float, "regional": float, "change": float, "start": float, "end": float,
         "codes": str, "breaks": str, "reason": str, "reason_code": str, "reason_detail": str},
        pk=("strategy", "area", "measure", "region"),
    )
    db["twins"].create({"strategy": str, "region": str, "twin": str, "position": int, "distance": float,
                        "indicators": str}, pk=("strategy", "region", "twin"))


@migrations()
def m009_operations(db: sqlite_utils.Database) -> None:
    # How each writing command (run, comment, snapshot, recompute) ended, written after its own
    # work in a transaction of its own, so that a failure after the data were committed reads
    # truthfully; and a writer found dead holding the lock, as killed.
    db["operations"].create(
        {"id": int, "command": str, "pid": int, "started": str, "finished": str, "status": str, "message": str},
        pk="id",
    )
    db["operations"].create_index(["command", "id"])


@migrations()
def m010_removed_rows(db: sqlite_utils.Database) -> None:
    # A hand-kept file is the whole of its dataset: a row taken out of it is removed from the
    # observations, recorded in observation_revisions as change 'removed' (its old value and
    # status kept there), and counted in the run's row.
    db["ingest_runs"].add_column("rows_removed", int)


ACCESS_ERRORS = ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_AUTH")
_read_as_immutable: set[str] = set()


def is_access_error(exc: sqlite3.Error) -> bool:
    """SQLite could not open or write the file (permissions, a read-only file system): not damage."""
    return str(getattr(exc, "sqlite_errorname", "") or "").startswith(ACCESS_ERRORS)


def connect_read_only(path: str | Path, **kwargs: Any) -> sqlite3.Connection:
    """A connection that can neither write nor create the database (``mode=ro``).

    A database in WAL mode is read through its shared-memory file (``-shm``) beside it, which a
    reader creates when no writer has: in a folder the reader may not write (a read-only mount for
    the dashboard, a folder of another user) ``mode=ro`` then cannot open it. The file is then read
    as unchanging (``immutable=1``, no ``-shm`` needed): right for a database no ingest writes at
    that moment, since a writer leaves its ``-wal``/``-shm`` beside the file and ``mode=ro`` reads
    through them. A file the user may not read at all is ``DatabaseUnreadable``, never damage."""
    path = Path(path)
    require_database(path)
    real = path.resolve()
    uri = f"file:{pathname2url(str(real))}?mode=ro"
    for attempt in (uri, uri + "&immutable=1"):
        conn = sqlite3.connect(attempt, uri=True, **kwargs)
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            conn.close()
            if not is_access_error(exc):
                raise  # "file is not a database", "malformed": the callers say it is damaged
            if not os.access(real, os.R_OK) or os.access(real.parent, os.W_OK) or attempt != uri:
                raise DatabaseUnreadable(read_access_message(path, str(exc))) from exc
            continue
        if attempt != uri and str(real) not in _read_as_immutable:
            _read_as_immutable.add(str(real))
            log.info("the folder of %s is not writable: the database is read as an unchanging file (immutable)", path)
        return conn
    raise AssertionError("unreachable")


def removal_note(removed: int) -> str:
    """What a run says of the stored values a complete dataset (a hand-kept file) no longer has."""
    return (f"{removed} stored value(s) no longer in the file were removed from the current figures "
            "(kept in observation_revisions as 'removed')")


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Observations:
    """Canonical observations of one dataset, column-wise (numpy arrays of equal length)."""

    region: np.ndarray
    period: np.ndarray
    dims: np.ndarray
    value: np.ndarray
    status: np.ndarray
    key_ordered: bool = False  # already sorted by (region, period, dims)

    def __len__(self) -> int:
        return len(self.value)

    def rows(self, dataset: str | None = None) -> Iterator[tuple[Any, ...]]:
        """Row tuples, led by ``dataset`` unless it is None (then bound as an SQL literal)."""
        columns = [
            self.region.tolist(),
            self.period.tolist(),
            self.dims.tolist(),
            self.value.tolist(),
            self.status.tolist(),
        ]
        return zip(repeat(dataset), *columns) if dataset is not None else zip(*columns)

    def in_key_order(self) -> "Observations":
        """The rows sorted as the primary key (region, period, dims): appends to the B-tree
        instead of scattering inserts over it."""
        if self.key_ordered:
            return self
        import pandas as pd

        keys = [pd.factorize(getattr(self, f), sort=True)[0] for f in ("dims", "period", "region")]
        order = np.lexsort(keys)
        columns = {f: getattr(self, f)[order] for f in ("region", "period", "dims", "value", "status")}
        return replace(self, **columns, key_ordered=True)

    @staticmethod
    def concat(parts: list["Observations"]) -> "Observations":
        if len(parts) == 1:
            return parts[0]
        return Observations(
            *(np.concatenate([getattr(p, f) for p in parts]) for f in ("region", "period", "dims", "value", "status"))
        )  # split requests interleave keys: no longer in key order


@dataclass(frozen=True)
class WriteResult:
    rows: int
    added: int
    changed: int
    removed: int = 0


_COLUMNS = "dataset, region, period, dims, value, status"
_KEY_MATCH = "o.dataset = i.dataset AND o.region = i.region AND o.period = i.period AND o.dims = i.dims"


class Store:
    """The project's SQLite database. Writers use one transaction per dataset."""

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        try:
            if readonly:
                conn = connect_read_only(self.path, check_same_thread=False, isolation_level=None)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
                if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
                    conn.execute(f"PRAGMA page_size={PAGE_SIZE}")  # only takes effect on a new file
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
        except sqlite3.Error as exc:
            if is_damage(exc):
                raise DatabaseDamaged(restore_advice(self.path, [str(exc)])) from exc
            raise StoreError(f"cannot open the database {self.path}: {exc}") from exc
        self.db = sqlite_utils.Database(conn)
        if not readonly:
            self.migrate()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def migrate(self) -> None:
        migrations.apply(self.db)
        if self.db["regions"].count == 0:
            with self.db.atomic():
                self.db["regions"].insert_all(r.__dict__ for r in swedish_regions())

    # -- reading -------------------------------------------------------------------------

    def dataset_meta(self, dataset: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM datasets WHERE id = ?", [dataset]))
        return rows[0] if rows else None

    def last_success(self, dataset: str) -> dict[str, Any] | None:
        rows = list(
            self.db.query(
                "SELECT * FROM ingest_runs WHERE dataset = ? AND status IN ('ok', 'unchanged') "
                "ORDER BY id DESC LIMIT 1",
                [dataset],
            )
        )
        return rows[0] if rows else None

    def observation_count(self, dataset: str | None = None) -> int:
        if dataset is None:
            return self.conn.execute("SELECT count(*) FROM observations").fetchone()[0]
        return self.conn.execute("SELECT count(*) FROM observations WHERE dataset = ?", [dataset]).fetchone()[0]

    # -- writing -------------------------------------------------------------------------

    @staticmethod
    def new_run_id() -> str:
        return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]

    def record_run(
        self,
        run_id: str,
        dataset: str,
        started: str,
        status: str,
        *,
        rows: tuple[int, ...] = (0, 0, 0),
        source_updated: str | None = None,
        message: str = "",
    ) -> None:
        with self.db.atomic():
            self._insert_run(run_id, dataset, started, status, rows=rows, source_updated=source_updated, message=message)

    def _insert_run(self, run_id: str, dataset: str, started: str, status: str, *, rows: tuple[int, ...] = (0, 0, 0),
                    source_updated: str | None = None, message: str = "") -> None:
        """``rows``: written, added, changed and (optionally) removed."""
        self.db["ingest_runs"].insert(
            {
                "run_id": run_id,
                "dataset": dataset,
                "started": started,
                "finished": utc_now(),
                "status": status,
                "rows_written": rows[0],
                "rows_added": rows[1],
                "rows_changed": rows[2],
                "rows_removed": rows[3] if len(rows) > 3 else 0,
                "source_updated": source_updated,
                "message": message,
            }
        )

    def write_dataset(
        self,
        dataset: str,
        meta: dict[str, Any],
        observations: Observations,
        run_id: str,
        *,
        sources: list[dict[str, Any]] | None = None,
        regions: list[dict[str, Any]] | None = None,
        record: dict[str, Any] | None = None,
        complete: bool = False,
    ) -> WriteResult:
        """Upsert a dataset's observations and its provenance in one transaction.

        Rows the response does not contain are kept (a ``top(12)`` selection moves on; the
        older periods stay), unless ``complete``: the observations are then the whole dataset
        (a hand-kept file), and a stored row they do not contain is removed, with an
        ``observation_revisions`` row (change ``removed``, its old value and status), never
        silently. A value or status that differs from the stored one writes an
        ``observation_revisions`` row; so does a new row when the dataset had rows before.
        ``record`` (the keyword arguments of ``record_run`` but the counts) is the dataset's
        ``ingest_runs`` row, written in the same transaction: rows committed are never rows
        without their record.
        """
        now = utc_now()
        with self.db.atomic():
            had_rows = self.conn.execute(
                "SELECT 1 FROM observations WHERE dataset = ? LIMIT 1", [dataset]
            ).fetchone()
            if not had_rows:
                # The dataset id as a literal: one parameter fewer per row is ~10 % faster.
                self.conn.executemany(
                    f"INSERT INTO observations ({_COLUMNS}) VALUES ({sql_literal(dataset)}, ?, ?, ?, ?, ?)",
                    observations.in_key_order().rows(),
                )
                result = WriteResult(len(observations), len(observations), 0)
            else:
                result = self._merge(dataset, observations, run_id, now, keep_sources=sources is not None,
                                     complete=complete)
            if sources is not None:
                self.conn.execute("DELETE FROM observation_sources WHERE dataset = ?", [dataset])
                self.db["observation_sources"].insert_all(({"dataset": dataset, **s} for s in sources), batch_size=500)
            if regions:
                # Foreign regions (NUTS codes) that a source brings; Swedish ones are already here.
                self.db["regions"].insert_all(regions, pk="code", ignore=True)
            count = self.conn.execute("SELECT count(*) FROM observations WHERE dataset = ?", [dataset]).fetchone()[0]
            # A snapshot's figures were compiled when the snapshot was: its meta says when.
            row = {"id": dataset, "fetched_at": now, **meta, "observations": count}
            row = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v for k, v in row.items()}
            self.db["datasets"].upsert(row, pk="id", alter=False)
            if record is not None:
                if result.removed:
                    record = {**record, "message": "; ".join(
                        m for m in (record.get("message"), removal_note(result.removed)) if m)}
                self._insert_run(**record, rows=(result.rows, result.added, result.changed, result.removed))
        return result

    def _merge(
        self, dataset: str, observations: Observations, run_id: str, now: str, keep_sources: bool,
        complete: bool = False,
    ) -> WriteResult:
        conn = self.conn
        conn.execute("DROP TABLE IF EXISTS temp.incoming")
        conn.execute(
            "CREATE TEMP TABLE incoming (dataset TEXT, region TEXT, period TEXT, dims TEXT, "
            "value REAL, status TEXT, PRIMARY KEY (dataset, region, period, dims))"
        )
        conn.executemany(
            f"INSERT OR REPLACE INTO temp.incoming ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            observations.in_key_order().rows(dataset),
        )
        added = conn.execute(
            f"""
            INSERT INTO observation_revisions
                (run_id, dataset, region, period, dims, change, old_value, new_value,
                 old_status, new_status, changed_at)
            SELECT ?, i.dataset, i.region, i.period, i.dims, 'added', NULL, i.value, NULL, i.status, ?
            FROM temp.incoming i
            WHERE NOT EXISTS (SELECT 1 FROM observations o WHERE {_KEY_MATCH})
            """,
            [run_id, now],
        ).rowcount
        changed = conn.execute(
            f"""
            INSERT INTO observation_revisions
                (run_id, dataset, region, period, dims, change, old_value, new_value,
                 old_status, new_status, changed_at)
            SELECT ?, i.dataset, i.region, i.period, i.dims, 'changed', o.value, i.value,
                   o.status, i.status, ?
            FROM temp.incoming i JOIN observations o ON {_KEY_MATCH}
            WHERE o.value IS NOT i.value OR o.status IS NOT i.status
            """,
            [run_id, now],
        ).rowcount
        removed = 0
        if complete:
            gone = f"o.dataset = ? AND NOT EXISTS (SELECT 1 FROM temp.incoming i WHERE {_KEY_MATCH})"
            removed = conn.execute(
                f"""
                INSERT INTO observation_revisions
                    (run_id, dataset, region, period, dims, change, old_value, new_value,
                     old_status, new_status, changed_at)
                SELECT ?, o.dataset, o.region, o.period, o.dims, 'removed', o.value, NULL, o.status, NULL, ?
                FROM observations o WHERE {gone}
                """,
                [run_id, now, dataset],
            ).rowcount
            if removed:
                conn.execute(f"DELETE FROM observation_sources AS o WHERE {gone}", [dataset])
                conn.execute(f"DELETE FROM observations AS o WHERE {gone}", [dataset])
        if not keep_sources:
            # Figures that now come from the source itself no longer carry a snapshot citation.
            conn.execute(
                f"""
                DELETE FROM observation_sources AS o WHERE o.dataset = ? AND EXISTS
                    (SELECT 1 FROM temp.incoming i WHERE {_KEY_MATCH})
                """,
                [dataset],
            )
        conn.execute(
            f"""
            INSERT INTO observations ({_COLUMNS})
            SELECT {_COLUMNS} FROM temp.incoming WHERE true
            ON CONFLICT (dataset, region, period, dims) DO UPDATE
            SET value = excluded.value, status = excluded.status
            WHERE observations.value IS NOT excluded.value OR observations.status IS NOT excluded.status
            """
        )
        conn.execute("DROP TABLE temp.incoming")
        return WriteResult(len(observations), added, changed, removed)
