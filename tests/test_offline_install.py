"""An install that runs offline: loading the same snapshot again is not a fetch (nothing added,
nothing changed, the retrieval dates kept), a new snapshot brings its real changes, and `health`
says in one notice that the figures are the snapshot of a date until the first live run, which
fetches them."""

import csv
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.run import run_offline
from ingest.snapshot import read_manifest
from ingest.store import Store
from indicators.wording import format_date

ROOT = Path(__file__).parent.parent
SNAPSHOT = ROOT / "data" / "snapshot"
CREATED = read_manifest(SNAPSHOT)["created"]


def ingest(*args, cwd=ROOT, **kwargs):
    return subprocess.run([sys.executable, "-m", "ingest", *args], capture_output=True, text=True, cwd=cwd, **kwargs)


def test_an_offline_rerun_of_the_same_snapshot_adds_nothing_and_keeps_the_retrieval_dates(tmp_path):
    db = tmp_path / "s3.db"
    first = ingest("run", "--offline", "--db", str(db))
    assert first.returncode == 0, first.stderr
    snapshot = read_manifest(SNAPSHOT)["datasets"]
    for name, entry in snapshot.items():
        assert f"dataset={name} outcome=ok rows={entry['rows']} added={entry['rows']} changed=0" in first.stderr
    with Store(db, readonly=True) as store:
        before = dict(store.conn.execute("SELECT id, fetched_at FROM datasets"))
    again = ingest("run", "--offline", "--db", str(db))
    assert again.returncode == 0, again.stderr
    for name in snapshot:
        assert (f"dataset={name} outcome=unchanged rows=0 added=0 changed=0 removed=0" in again.stderr
                and "snapshot already loaded; nothing changed" in again.stderr), again.stderr
    assert re.search(r"run \S+: 0 updated, \d+ unchanged, 0 failed", again.stderr), again.stderr
    with Store(db, readonly=True) as store:
        assert dict(store.conn.execute("SELECT id, fetched_at FROM datasets")) == before
        assert {before[name] for name in snapshot} == {CREATED}  # the snapshot's own date, not the load's
        assert store.conn.execute("SELECT count(*) FROM observation_revisions").fetchone()[0] == 0
        second_run = store.conn.execute(
            "SELECT DISTINCT status FROM ingest_runs WHERE run_id = (SELECT max(run_id) FROM ingest_runs)").fetchall()
        assert second_run == [("unchanged",)]


def test_the_data_page_shows_the_snapshots_date_as_retrieved_after_any_number_of_offline_runs(tmp_path):
    from dashboard.app import app
    from dashboard.pages import data
    from dashboard.state import read_state

    config, db = load_config(ROOT / "indicators.yml"), tmp_path / "s3.db"
    with Store(db) as store:
        for _ in range(2):
            run_offline(config, store, SNAPSHOT)
    app.server.config.update(S3_DB=str(db), S3_CONFIG=str(ROOT / "indicators.yml"))
    with app.server.test_request_context():
        rows = {r["dataset"]: r for r in data.datasets_table(config, db, read_state(config, {})).rows}
    snapshot = rows["grp_per_inhabitant"]
    assert snapshot["kind"] == "Ögonblicksbild"
    assert snapshot["fetched_at"] == snapshot["last_success"] == format_date(CREATED, "sv")
    assert re.fullmatch(r"\d{1,2} [a-zåäö]+ \d{4}", snapshot["fetched_at"])  # a date: no invented time of day
    hand_kept = rows["strategy_figures"]
    assert " kl. " in hand_kept["fetched_at"] and " kl. " in hand_kept["last_success"]  # read by this run


def one_dataset_snapshot(folder: Path, name: str, created: str, edit=lambda rows: rows) -> None:
    """``folder`` as a snapshot of the shipped ``name`` alone, its rows edited by ``edit``."""
    manifest = read_manifest(SNAPSHOT)
    entry = manifest["datasets"][name]
    with (SNAPSHOT / entry["file"]).open(encoding="utf-8", newline="") as handle:
        rows = edit(list(csv.DictReader(handle)))
    folder.mkdir(exist_ok=True)
    with (folder / entry["file"]).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (folder / "manifest.json").write_text(json.dumps(
        {**manifest, "created": created, "datasets": {name: {**entry, "rows": len(rows)}}}))


def test_a_newer_snapshot_brings_exactly_its_changes(tmp_path, store):
    config = load_config(ROOT / "indicators.yml")
    folder = tmp_path / "snapshot"
    one_dataset_snapshot(folder, "grp_per_inhabitant", "2026-01-15")
    (loaded,) = run_offline(config, store, folder, datasets=["grp_per_inhabitant"]).outcomes
    assert (loaded.status, loaded.added, loaded.changed) == ("ok", loaded.rows, 0)

    def newer(rows):
        revised, dropped = rows[1], rows[2]
        revised["value"] = str(float(revised["value"]) + 1)
        added = {**rows[0], "period": "2031", "value": "123.5"}
        return [r for r in rows if r is not dropped] + [added]

    one_dataset_snapshot(folder, "grp_per_inhabitant", "2027-03-01", newer)
    (reloaded,) = run_offline(config, store, folder, datasets=["grp_per_inhabitant"]).outcomes
    assert (reloaded.status, reloaded.added, reloaded.changed, reloaded.removed) == ("ok", 1, 1, 1)
    changes = sorted(c for (c,) in store.conn.execute("SELECT change FROM observation_revisions"))
    assert changes == ["added", "changed", "removed"]
    assert store.dataset_meta("grp_per_inhabitant")["fetched_at"] == "2027-03-01"
    uncited = store.conn.execute(
        "SELECT count(*) FROM observations o WHERE dataset = 'grp_per_inhabitant' AND NOT EXISTS (SELECT 1 FROM "
        "observation_sources s WHERE s.dataset = o.dataset AND s.region = o.region AND s.period = o.period "
        "AND s.dims = o.dims)").fetchone()[0]
    assert uncited == 0  # every figure keeps its citation; the dropped one is gone, not left bare
    (same,) = run_offline(config, store, folder, datasets=["grp_per_inhabitant"]).outcomes
    assert (same.status, same.added, same.changed, same.removed) == ("unchanged", 0, 0, 0)
    dataset = config.datasets["grp_per_inhabitant"]  # a changed configuration is loaded anew, figures unchanged
    config.datasets["grp_per_inhabitant"] = dataset.model_copy(update={"unit": "kronor per invånare"})
    (reconfigured,) = run_offline(config, store, folder, datasets=["grp_per_inhabitant"]).outcomes
    assert (reconfigured.status, reconfigured.added, reconfigured.changed) == ("ok", 0, 0)
    assert store.dataset_meta("grp_per_inhabitant")["unit"] == "kronor per invånare"


@pytest.fixture
def offline_site(tmp_path, httpserver):
    """An install with a network source (a local Kolada that answers 500, as a broken network
    would) and the shipped snapshot of one of its two datasets; a hand-kept series too."""
    httpserver.expect_request(re.compile("/kolada/.*")).respond_with_data("down", status=500)
    (tmp_path / "data" / "manual").mkdir(parents=True)
    (tmp_path / "data" / "manual" / "figures.csv").write_text(
        "series,region,period,value,unit,source,note\nwork_units,25,2015,4068,annual work units,S3 kortversion,\n")
    one_dataset_snapshot(tmp_path / "data" / "snapshot", "grp_per_inhabitant", CREATED)
    (tmp_path / "indicators.yml").write_text(textwrap.dedent(f"""
        sources:
          kolada: {{kind: kolada, base_url: "{httpserver.url_for('/kolada')}"}}
          manual: {{kind: csv, directory: data/manual}}
        datasets:
          grp_per_inhabitant: {{source: kolada, table: N03700, selection: {{municipality: ["25"]}}}}
          grp_per_employed: {{source: kolada, table: N03701, selection: {{municipality: ["25"]}}}}
          figures: {{source: manual, table: figures.csv}}
    """))
    return tmp_path


def site_command(site: Path, *args: str) -> subprocess.CompletedProcess:
    return ingest(*args, "--config", str(site / "indicators.yml"), "--db", str(site / "s3.db"), cwd=site)


def test_health_on_an_offline_only_install_says_so_once_and_is_ok_until_a_live_run_fails(offline_site):
    assert site_command(offline_site, "run", "--offline").returncode == 0
    done = site_command(offline_site, "health")
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    assert lines[0].startswith("OK (checked ") and len(lines) == 2, done.stdout
    assert lines[1] == (f"  offline only: the figures are the shipped snapshot of {CREATED}; no dataset has been fetched "
                        "from its source yet (2 to fetch, 1 of them without any figures until then). The first live run, "
                        "`python -m ingest run` (or the nightly `run --due`), fetches them; until then there is nothing to fix.")
    state = json.loads(site_command(offline_site, "health", "--format", "json").stdout)
    assert state["healthy"] is True and state["overdue"] == []
    assert state["offline"]["snapshot_created"] == CREATED
    assert state["offline"]["to_fetch"] == ["grp_per_inhabitant", "grp_per_employed"]
    assert site_command(offline_site, "run", "--offline").returncode == 0  # a second offline run changes nothing here
    assert site_command(offline_site, "health").returncode == 0

    nightly = site_command(offline_site, "run", "--due")  # the snapshot's dataset is due: it was never fetched
    assert "2 of 3 datasets are due: grp_per_inhabitant, grp_per_employed" in nightly.stderr, nightly.stderr
    assert nightly.returncode == 1
    failed = site_command(offline_site, "health")
    assert failed.returncode == 1 and failed.stdout.startswith("PROBLEMS")
    assert "  failing grp_per_inhabitant: " in failed.stdout and "offline only" not in failed.stdout
    assert site_command(offline_site, "run", "--offline").returncode == 0
    assert site_command(offline_site, "health").returncode == 1  # an offline run does not hide the failed fetch


def test_health_after_a_live_fetch_says_overdue_datasets_as_before(offline_site):
    """Once a dataset has been fetched from its source, the install is live: a dataset never
    fetched is overdue again, and the snapshot notice is gone."""
    assert site_command(offline_site, "run", "--offline").returncode == 0
    with Store(offline_site / "s3.db") as store:  # as a successful live fetch of one dataset leaves it
        store.conn.execute("UPDATE datasets SET metadata = '{}' WHERE id = 'grp_per_inhabitant'")
        store.record_run("live", "grp_per_inhabitant", "2026-11-27T02:30:00+00:00", "ok")
    done = site_command(offline_site, "health")
    assert done.returncode == 1 and "offline only" not in done.stdout
    assert "  overdue grp_per_employed (monthly): last success never" in done.stdout
    assert "grp_per_inhabitant" not in done.stdout
