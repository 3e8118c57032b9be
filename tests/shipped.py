"""The database a fresh install has: the shipped snapshot loaded offline and the follow-up
computed, in a folder of the test's own (tests that change it get their own copy)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parent.parent


def shipped_database(folder: Path, config=None) -> Path:
    from indicators.compute import compute_all
    from ingest.config import load_config
    from ingest.run import run_offline
    from ingest.store import Store

    config = config or load_config(ROOT / "indicators.yml")
    db = folder / "s3.db"
    with Store(db) as store:
        run_offline(config, store, ROOT / "data" / "snapshot")
        compute_all(config, store)
    return db
