import sqlite3

import numpy as np
import pytest

from ingest.store import Observations, Store


def obs(rows):
    """rows: list of (region, period, dims, value, status)."""
    cols = list(zip(*rows))
    return Observations(
        np.array(cols[0], dtype=object),
        np.array(cols[1], dtype=object),
        np.array(cols[2], dtype=object),
        np.array([np.nan if v is None else v for v in cols[3]], dtype=np.float64),
        np.array(cols[4], dtype=object),
    )


META = {"source": "scb", "source_kind": "pxweb", "table_id": "TAB638", "source_updated": "2026-02-20T07:00:00Z"}


def stored(store, dataset="pop"):
    return store.conn.execute(
        "SELECT region, period, dims, value, status FROM observations WHERE dataset = ? ORDER BY region, period, dims",
        [dataset],
    ).fetchall()


def test_a_new_store_has_every_swedish_region_and_uses_wal(store):
    assert store.db["regions"].count == 312
    assert store.conn.execute("SELECT name_sv, name_en, nuts_code, kolada_id FROM regions WHERE code = '25'").fetchone() == (
        "Norrbottens län", "Norrbotten County", "SE332", "0025"
    )
    assert store.conn.execute("SELECT count(*) FROM regions WHERE level = 'municipality'").fetchone()[0] == 290
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"regions", "datasets", "observations", "observation_revisions", "ingest_runs"} <= set(store.db.table_names())


def test_migrations_are_applied_once(tmp_path):
    Store(tmp_path / "s3.db").close()
    with Store(tmp_path / "s3.db") as again:
        names = [r["name"] for r in again.db["_sqlite_migrations"].rows]
        assert names == ["m001_core_tables", "m002_observation_sources", "m003_indicator_layer", "m004_dataset_row_counts",
                         "m005_status_changes", "m006_commentary", "m007_assessment", "m008_structure", "m009_operations",
                         "m010_removed_rows"]
        assert again.db["regions"].count == 312


def test_first_write_stores_values_status_and_provenance(store):
    result = store.write_dataset("pop", META, obs([("25", "2019", "{}", 250093.0, None), ("25", "2020", "{}", None, "..")]), "run1")
    assert (result.rows, result.added, result.changed) == (2, 2, 0)
    assert stored(store) == [("25", "2019", "{}", 250093.0, None), ("25", "2020", "{}", None, "..")]
    meta = store.dataset_meta("pop")
    assert meta["source_updated"] == "2026-02-20T07:00:00Z" and meta["fetched_at"]
    assert store.db["observation_revisions"].count == 0  # a first load is not a revision


def test_changed_values_and_statuses_write_revisions_and_new_periods_are_added(store):
    store.write_dataset("pop", META, obs([("25", "2019", "{}", 250093.0, None), ("25", "2020", "{}", None, "..")]), "run1")
    result = store.write_dataset(
        "pop", META,
        obs([("25", "2019", "{}", 250100.0, None), ("25", "2020", "{}", 249614.0, None), ("25", "2021", "{}", 249693.0, None)]),
        "run2",
    )
    assert (result.added, result.changed) == (1, 2)
    revisions = store.conn.execute(
        "SELECT run_id, period, change, old_value, new_value, old_status, new_status FROM observation_revisions ORDER BY period"
    ).fetchall()
    assert revisions == [
        ("run2", "2019", "changed", 250093.0, 250100.0, None, None),
        ("run2", "2020", "changed", None, 249614.0, "..", None),
        ("run2", "2021", "added", None, 249693.0, None, None),
    ]
    assert stored(store)[0] == ("25", "2019", "{}", 250100.0, None)


def test_an_unchanged_rewrite_writes_no_revision(store):
    rows = [("25", "2019", "{}", 250093.0, None)]
    store.write_dataset("pop", META, obs(rows), "run1")
    result = store.write_dataset("pop", META, obs(rows), "run2")
    assert (result.added, result.changed) == (0, 0)
    assert store.db["observation_revisions"].count == 0


def test_rows_missing_from_a_new_response_are_kept(store):
    store.write_dataset("pop", META, obs([("25", "2018", "{}", 250497.0, None), ("25", "2019", "{}", 250093.0, None)]), "r1")
    store.write_dataset("pop", META, obs([("25", "2019", "{}", 250093.0, None)]), "r2")
    assert [r[1] for r in stored(store)] == ["2018", "2019"]


def test_a_failure_during_the_write_leaves_the_previous_rows_intact(store):
    store.write_dataset("pop", META, obs([("25", "2019", "{}", 250093.0, None)]), "r1")

    class Exploding(Observations):
        def rows(self, dataset):
            yield (dataset, "25", "2019", "{}", 1.0, None)
            raise RuntimeError("connection lost mid-parse")

    bad = Exploding(*[getattr(obs([("25", "2019", "{}", 1.0, None)]), f) for f in ("region", "period", "dims", "value", "status")])
    with pytest.raises(RuntimeError):
        store.write_dataset("pop", {**META, "source_updated": "new"}, bad, "r2")
    assert stored(store) == [("25", "2019", "{}", 250093.0, None)]
    assert store.dataset_meta("pop")["source_updated"] == META["source_updated"]
    assert store.db["observation_revisions"].count == 0


def test_a_read_only_store_cannot_write(tmp_path):
    Store(tmp_path / "s3.db").close()
    with Store(tmp_path / "s3.db", readonly=True) as ro:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            ro.conn.execute("DELETE FROM regions")


def test_a_complete_write_removes_what_the_dataset_no_longer_has_and_records_it(store):
    store.write_dataset("pop", META, obs([("25", "2018", "{}", 250497.0, None), ("25", "2019", "{}", None, "..")]), "r1")
    result = store.write_dataset("pop", META, obs([("25", "2019", "{}", None, "..")]), "r2", complete=True,
                                 record={"run_id": "r2", "dataset": "pop", "started": "2026-01-01T00:00:00+00:00",
                                         "status": "ok"})
    assert (result.added, result.changed, result.removed) == (0, 0, 1)
    assert [r[1] for r in stored(store)] == ["2019"]
    assert store.conn.execute(
        "SELECT run_id, period, change, old_value, new_value, old_status, new_status FROM observation_revisions"
    ).fetchall() == [("r2", "2018", "removed", 250497.0, None, None, None)]
    assert store.conn.execute("SELECT rows_removed FROM ingest_runs").fetchone()[0] == 1
