"""One writer at a time, a checked database, an honest record: every writing command takes the
same lock on the database's real file, a damaged database is refused and reported, what happened
after a commit reads truthfully, and the dashboard never writes."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.lock import AlreadyRunning, IngestLock
from ingest.run import run_offline
from ingest.store import PAGE_SIZE, Store
from ingest.writing import DatabaseDamaged, writing

ROOT = Path(__file__).parent.parent
SNAPSHOT = ROOT / "data" / "snapshot"


def cli(*args, cwd=ROOT, **kwargs):
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd, **kwargs)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped data in a database, computed: (config, folder, db)."""
    folder = tmp_path_factory.mktemp("writers")
    done = cli("ingest", "run", "--offline", "--db", str(folder / "s3.db"))
    assert done.returncode == 0, done.stderr
    return load_config(ROOT / "indicators.yml"), folder, folder / "s3.db"


def copy_of(db: Path, folder: Path) -> Path:
    with Store(db) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target = folder / "copy.db"
    target.write_bytes(db.read_bytes())
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_lock_is_the_same_through_a_symlink(tmp_path):
    (tmp_path / "real").mkdir()
    db = tmp_path / "real" / "s3.db"
    (tmp_path / "link.db").symlink_to(db)
    with IngestLock(db):
        with pytest.raises(AlreadyRunning, match="another run is writing to this database"):
            with IngestLock(tmp_path / "link.db", command="comment"):
                pass
        with pytest.raises(AlreadyRunning):  # another spelling of the same path
            with IngestLock(tmp_path / "real" / ".." / "real" / "s3.db"):
                pass


def test_a_run_through_a_symlink_waits_for_the_run_on_the_real_file_and_says_so(shipped, tmp_path):
    _, _, db = shipped
    work = copy_of(db, tmp_path)
    (tmp_path / "link.db").symlink_to(work)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from ingest.lock import IngestLock\n"
         "with IngestLock(sys.argv[1]):\n    print('locked', flush=True); time.sleep(30)", str(work)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        done = cli("ingest", "run", "--offline", "--db", str(tmp_path / "link.db"), "--wait", "0.5")
        assert done.returncode == 75 and "another run is writing to this database" in done.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_comment_during_an_ingest_waits_with_a_message_not_a_raw_database_locked(shipped, tmp_path):
    _, _, db = shipped
    work = copy_of(db, tmp_path)
    holder = subprocess.Popen(  # an ingest holding the lock until told to finish
        [sys.executable, "-c", "import sys; from ingest.lock import IngestLock\n"
         "with IngestLock(sys.argv[1]):\n    print('locked', flush=True); sys.stdin.readline()", str(work)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    comment = subprocess.Popen(
        [sys.executable, "-m", "ingest", "comment", "--db", str(work), "--strategy", "norrbotten", "--indicator", "population",
         "--author", "Anna Berg", "--text", "Skrivet under en inläsning.", "--wait", "60"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    waiting = comment.stderr.readline()
    assert "another run is writing to this database" in waiting and "waiting up to 60 s" in waiting
    holder.communicate("done\n", timeout=10)  # the ingest finishes; the comment goes in
    out, err = comment.communicate(timeout=60)
    assert comment.returncode == 0, err
    assert "comment saved on population" in out and "database is locked" not in waiting + err
    with Store(work, readonly=True) as store:
        assert store.db["commentary"].count == 1
        assert [r["status"] for r in store.db.query("SELECT status FROM operations WHERE command = 'comment'")] == ["ok"]


def test_a_page_corrupted_database_is_refused_by_run_reported_by_health_and_shown_as_maintenance(shipped, tmp_path):
    _, _, db = shipped
    work = copy_of(db, tmp_path)
    with open(work, "r+b") as handle:  # overwrite the insides of three pages
        for page in (3, 4, 5):
            handle.seek(page * PAGE_SIZE + 100)
            handle.write(b"\xde\xad\xbe\xef" * 1000)
    damaged = sha256(work)
    done = cli("ingest", "run", "--offline", "--db", str(work))
    assert done.returncode == 1 and f"the database {work} is damaged" in done.stderr
    assert "Restore it from the latest backup" in done.stderr and "This run wrote nothing." in done.stderr
    assert sha256(work) == damaged  # not written into
    health = cli("ingest", "health", "--db", str(work))
    assert health.returncode == 1 and "DAMAGED" in health.stdout and "Restore it from the latest backup" in health.stdout
    with pytest.raises(DatabaseDamaged):
        with writing(work, "comment"):
            pass
    from dashboard.app import app
    from dashboard.pages import overview

    app.server.config["S3_DB"] = str(work)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    with app.server.test_request_context():
        page = str(overview.layout(strategy="norrbotten").to_plotly_json())
    assert "Tillfälligt ur drift" in page and "Norrbottens smarta" not in page
    assert sha256(work) == damaged


def test_health_never_creates_a_database_or_its_folder(tmp_path):
    done = cli("ingest", "health", "--db", str(tmp_path / "nowhere" / "s3.db"))
    assert done.returncode == 1 and "no database at" in done.stderr
    assert not (tmp_path / "nowhere").exists()


def test_a_full_disk_after_the_data_commit_reads_committed_recompute_failed(shipped, tmp_path):
    from ingest.health import health
    from ingest.writing import recompute

    config, _, _ = shipped
    db = tmp_path / "s3.db"
    with writing(db, "run") as (store, operation):
        run_offline(config, store, SNAPSHOT)  # each dataset commits with its own run record
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")  # and now the disk is full
        recompute(config, store, operation)
    assert operation.status == "failed"
    assert operation.message.startswith("committed, recompute failed: database or disk is full")
    with Store(db, readonly=True) as store:
        recorded = list(store.db.query("SELECT command, status, message FROM operations"))
        state = health(config, store)
        snapshot = store.conn.execute("SELECT count(*) FROM ingest_runs WHERE status = 'ok'").fetchone()[0]
    assert recorded == [{"command": "run", "status": "failed", "message": operation.message}]
    assert snapshot >= 7  # the committed datasets have their record: health does not say "never"
    done = [d for d in state["datasets"] if d["latest_run"] == "ok" or d["snapshot"]]
    assert len(done) == snapshot and all(d["last_success"] or d["snapshot"] for d in done)
    assert not {d["dataset"] for d in done} & {o["dataset"] for o in state["overdue"]}


def test_recompute_is_a_writing_command_under_the_lock(shipped, tmp_path):
    _, _, db = shipped
    work = copy_of(db, tmp_path)
    done = cli("ingest", "recompute", "--db", str(work))
    assert done.returncode == 0, done.stderr
    with Store(work, readonly=True) as store:
        assert next(store.db.query("SELECT status FROM operations WHERE command = 'recompute'"))["status"] == "ok"
    assert cli("ingest", "recompute", "--db", str(tmp_path / "none.db")).returncode == 1
    assert not (tmp_path / "none.db").exists()


def test_the_dashboard_never_writes_the_database_even_when_the_configuration_changed(shipped, tmp_path):
    """serve with an indicators.yml whose strategies changed: the pages say the figures are older
    than the configuration, every page and an export are served, and the file is unchanged."""
    import base64

    _, _, db = shipped
    work = copy_of(db, tmp_path)
    config = tmp_path / "indicators.yml"
    config.write_text((ROOT / "indicators.yml").read_text(encoding="utf-8").replace(
        "base_year: 2019", "base_year: 2018", 1), encoding="utf-8")
    (tmp_path / "data").symlink_to(ROOT / "data")
    before = sha256(work)
    from dashboard.app import app

    app.server.config["S3_DB"] = str(work)
    app.server.config["S3_CONFIG"] = str(config)
    client = app.server.test_client()
    for path in ("/", "/indicator", "/compare", "/data"):
        assert client.get(path).status_code == 200
    from dashboard.pages import compare, data, indicator, overview

    with app.server.test_request_context():
        pages = [str(p.layout(strategy="norrbotten").to_plotly_json()) for p in (overview, indicator, compare, data)]
    assert all("Siffrorna har beräknats enligt en äldre version av uppföljningens indikatorer och regler" in p for p in pages)
    from dashboard import exports

    loaded = load_config(config)
    result = exports.export_report(loaded, work, {"strategy": "norrbotten", "region": "25", "lang": "sv"}, "xlsx",
                                   slots=2, folder=tmp_path / "exports")
    assert result.status == "file" and base64.b64encode(result.content)
    assert sha256(work) == before
    assert not Path(f"{work}-wal").exists() or Path(f"{work}-wal").stat().st_size == 0


def test_serve_fills_only_an_empty_database_and_never_recomputes_a_stale_one(shipped, tmp_path, caplog):
    from dashboard.cli import ensure_data

    _, _, db = shipped
    work = copy_of(db, tmp_path)
    config = tmp_path / "indicators.yml"
    config.write_text((ROOT / "indicators.yml").read_text(encoding="utf-8").replace("base_year: 2019", "base_year: 2018", 1),
                      encoding="utf-8")
    before = sha256(work)
    ensure_data(config, work)
    assert sha256(work) == before and "python -m ingest recompute" in caplog.text
    empty = tmp_path / "new" / "s3.db"
    ensure_data(ROOT / "indicators.yml", empty)  # the first start: filled by the ingest side, under the lock
    with Store(empty, readonly=True) as store:
        assert store.observation_count() > 0
        assert [r["command"] for r in store.db.query("SELECT command FROM operations")] == ["run"]


def test_status_during_an_ingest_reads_without_waiting_and_never_says_database_is_locked(shipped, tmp_path):
    _, _, db = shipped
    work = copy_of(db, tmp_path)
    holder = subprocess.Popen(  # an ingest holding the lock (and a write transaction open) until told to finish
        [sys.executable, "-c", "import sys, sqlite3; from ingest.lock import IngestLock\n"
         "with IngestLock(sys.argv[1]):\n"
         "    conn = sqlite3.connect(sys.argv[1]); conn.execute('BEGIN IMMEDIATE')\n"
         "    conn.execute(\"INSERT INTO meta VALUES ('x', 'y')\")\n"
         "    print('locked', flush=True); sys.stdin.readline(); conn.rollback()", str(work)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        done = cli("ingest", "status", "--db", str(work), "--strategy", "norrbotten", "--format", "csv", "--wait", "0")
        assert done.returncode == 0, done.stderr
        assert "database is locked" not in done.stderr and "grp_per_inhabitant" in done.stdout
    finally:
        holder.communicate("done\n", timeout=10)


@pytest.mark.parametrize("damage", ["random bytes", "truncated", "pages overwritten"])
def test_a_report_from_a_damaged_database_is_refused_in_the_ingests_words(shipped, tmp_path, damage):
    _, _, db = shipped
    work = copy_of(db, tmp_path)
    if damage == "random bytes":
        work.write_bytes(bytes(range(256)) * 64)
    elif damage == "truncated":
        work.write_bytes(work.read_bytes()[: work.stat().st_size // 3])
    else:
        with open(work, "r+b") as handle:
            for page in (3, 4, 5):
                handle.seek(page * PAGE_SIZE + 100)
                handle.write(b"\xde\xad\xbe\xef" * 1000)
    damaged = sha256(work)
    done = cli("dashboard", "report", "--db", str(work), "--strategy", "norrbotten", "--out", str(tmp_path / "r.xlsx"))
    said = done.stderr.strip().splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr and len(said) == 1, done.stderr
    assert said[0].startswith(f"error: the database {work} is damaged (") and "Restore it from the latest backup" in said[0]
    assert said[0].endswith("No report was written.") and not (tmp_path / "r.xlsx").exists() and sha256(work) == damaged


def test_a_report_from_a_missing_database_is_refused_as_status_refuses_it(tmp_path):
    missing = tmp_path / "nowhere" / "s3.db"
    report = cli("dashboard", "report", "--db", str(missing), "--strategy", "norrbotten", "--out", str(tmp_path / "r.xlsx"))
    status = cli("ingest", "status", "--db", str(missing), "--strategy", "norrbotten")
    assert report.returncode == status.returncode == 1
    assert report.stderr == status.stderr == (f"error: no database at {missing}; check --db (default data/s3.db), or create it with "
                                             "`python -m ingest run` (`run --offline` without network)\n")
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "r.xlsx").exists()  # never created nor filled from the snapshot
