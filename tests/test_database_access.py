"""A database that cannot be read or written is said as such, never as damage; a damaged one the
same way by every command; a missing one is never created by a mistyped --db; and output into a
closed pipe ends quietly.

The read-only folder is a real one: a read-only bind mount in a mount namespace of its own
(``unshare``), as IT would mount the data folder for the dashboard; a folder the user may not
write is a real one too (as ``nobody`` when the tests run as root)."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ingest.store import PAGE_SIZE, Store

ROOT = Path(__file__).parent.parent
PYTHON = sys.executable


def cli(*args, cwd=ROOT, **kwargs):
    return subprocess.run([PYTHON, "-m", *args], capture_output=True, text=True, cwd=cwd, **kwargs)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped data in a database (checkpointed: one file), computed."""
    folder = tmp_path_factory.mktemp("access")
    db = folder / "s3.db"
    done = cli("ingest", "run", "--offline", "--db", str(db))
    assert done.returncode == 0, done.stderr
    with Store(db) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def copy_to(db: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "s3.db"
    shutil.copy(db, target)
    return target


def in_read_only_mount(folder: Path, script: str) -> subprocess.CompletedProcess:
    """Run ``script`` (sh) where ``folder`` is mounted read-only (its own mount namespace)."""
    wrapped = f"mount --bind -o ro {folder} {folder} && {script}"
    return subprocess.run(["unshare", "-rm", "sh", "-c", wrapped], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def mounts_work(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probe")
    if shutil.which("unshare") is None or in_read_only_mount(folder, f"! touch {folder}/x").returncode != 0:
        pytest.skip("no read-only bind mounts here (unshare -rm not allowed)")


def test_a_read_only_folder_is_read_by_status_and_said_plainly_by_health_run_and_comment(shipped, tmp_path, mounts_work):
    folder = tmp_path / "ro"
    db = copy_to(shipped, folder)
    run = f"{PYTHON} -m"
    said = in_read_only_mount(folder, textwrap.dedent(f"""
        {run} ingest health --db {db}; echo "health=$?"
        {run} ingest status --strategy norrbotten --db {db} --format csv; echo "status=$?"
        {run} ingest comment --strategy norrbotten --indicator population --author A --text t --db {db}; echo "comment=$?"
        {run} ingest run --offline --db {db}; echo "run=$?"
        {run} ingest comment --strategy norrbotten --list --db {db}; echo "list=$?"
    """))
    out = said.stdout + said.stderr
    assert "DAMAGED" not in out and "is damaged" not in out and "Traceback" not in out, out
    assert "health=1" in out and "NOT WRITABLE: cannot write the database" in out
    assert f"its folder {folder} is on a read-only file system. The database is not damaged." in out
    assert "s3.db-wal, s3.db-shm" in out  # why the folder, not only the file, must be writable
    assert "status=0" in out and "grp_per_inhabitant" in out  # readers work on a read-only folder
    assert "comment=1" in out and "This comment wrote nothing." in out
    assert "run=1" in out and "This run wrote nothing." in out
    assert "list=0" in out
    assert sorted(p.name for p in folder.iterdir()) == ["s3.db"]  # nothing was written or created


def test_the_dashboard_and_a_report_read_a_database_in_a_read_only_folder(shipped, tmp_path, mounts_work):
    folder = tmp_path / "ro"
    db = copy_to(shipped, folder)
    page = tmp_path / "page.py"
    page.write_text(textwrap.dedent(f"""
        from dashboard.app import app
        from dashboard.pages import overview
        app.server.config["S3_DB"] = {str(db)!r}
        app.server.config["S3_CONFIG"] = {str(ROOT / "indicators.yml")!r}
        with app.server.test_request_context():
            text = str(overview.layout(strategy="norrbotten").to_plotly_json())
        print("maintenance" if "Tillfälligt ur drift" in text else "figures" if "Norrbottens smarta" in text else text[:500])
    """))
    said = in_read_only_mount(folder, f"{PYTHON} {page} && {PYTHON} -m dashboard report --strategy norrbotten "
                                      f"--format xlsx --db {db} --out {tmp_path / 'r.xlsx'}")
    assert said.returncode == 0, said.stderr
    assert said.stdout.split()[-1] == "figures"
    assert (tmp_path / "r.xlsx").stat().st_size > 0


def run_as_other_user() -> list[str]:
    """A prefix that runs a command as a user other than the folder's owner (root: as nobody)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to run as another user")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def open_folder():
    """A folder every user may enter (pytest's own are its owner's only)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="s3-access-") as name:
        Path(name).chmod(0o755)
        yield Path(name)


def test_a_folder_or_file_the_user_may_not_use_is_said_as_permissions_never_as_damage(shipped, open_folder):
    folder = open_folder / "theirs"
    db = copy_to(shipped, folder)
    folder.chmod(0o555 if os.geteuid() != 0 else 0o755)  # readable, not writable by the user who runs the command
    prefix = run_as_other_user()
    try:
        health = subprocess.run([*prefix, PYTHON, "-m", "ingest", "health", "--db", str(db)], capture_output=True,
                                text=True, cwd=ROOT)
        assert health.returncode == 1 and "DAMAGED" not in health.stdout
        assert f"may not write in its folder {folder} (permission denied). The database is not damaged." in health.stdout
        status = subprocess.run([*prefix, PYTHON, "-m", "ingest", "status", "--strategy", "norrbotten", "--db", str(db)],
                                capture_output=True, text=True, cwd=ROOT)
        assert status.returncode == 0 and "Norrbottens län" in status.stdout, status.stderr
        db.chmod(0o600 if prefix else 0o000)  # and now the file itself may not be read
        for command in (["health"], ["status", "--strategy", "norrbotten"]):
            done = subprocess.run([*prefix, PYTHON, "-m", "ingest", *command, "--db", str(db)], capture_output=True,
                                  text=True, cwd=ROOT)
            out = done.stdout + done.stderr
            assert done.returncode == 1 and "Traceback" not in out and "damaged (" not in out, out
            assert f"cannot read the database {db}: user " in out and "The database is not damaged" in out
        page = open_folder / "page.py"
        page.write_text(textwrap.dedent(f"""
            from dashboard.app import app
            from dashboard.pages import overview
            app.server.config["S3_DB"] = {str(db)!r}
            app.server.config["S3_CONFIG"] = {str(ROOT / "indicators.yml")!r}
            with app.server.test_request_context():
                print(str(overview.layout(strategy="norrbotten").to_plotly_json()))
        """))
        shown = subprocess.run([*prefix, PYTHON, str(page)], capture_output=True, text=True, cwd=ROOT)
        assert "Tillfälligt ur drift" in shown.stdout, shown.stderr
        assert "servern saknar behörighet" in shown.stdout and "behöver återställas" not in shown.stdout
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def damaged_copies(shipped: Path, folder: Path) -> list[Path]:
    pages = copy_to(shipped, folder / "pages")
    with open(pages, "r+b") as handle:  # overwrite the insides of three pages
        for page in (3, 4, 5):
            handle.seek(page * PAGE_SIZE + 100)
            handle.write(b"\xde\xad\xbe\xef" * 1000)
    text = folder / "notes.db"
    text.write_text("not a database at all, but the minutes of a meeting\n" * 40)
    return [pages, text]


def test_status_says_a_damaged_or_non_sqlite_file_is_damaged_as_run_does(shipped, tmp_path):
    for db in damaged_copies(shipped, tmp_path):
        status = cli("ingest", "status", "--strategy", "norrbotten", "--db", str(db))
        run = cli("ingest", "run", "--offline", "--db", str(db))
        assert status.returncode == 1 and "Traceback" not in status.stderr, status.stderr
        assert f"the database {db} is damaged" in status.stderr and "Restore it from the latest backup" in status.stderr
        advice = run.stderr.split("error: ")[-1].split(" This run wrote nothing.")[0]
        assert advice in status.stderr  # the same words as run's


def test_a_comment_is_refused_on_a_missing_database_and_creates_nothing(tmp_path):
    missing = tmp_path / "it" / "missing3.db"
    done = cli("ingest", "comment", "--strategy", "norrbotten", "--indicator", "population", "--author", "a",
               "--text", "b", "--db", str(missing))
    assert done.returncode == 1 and done.stderr.startswith(f"error: no database at {missing}; check --db")
    assert not missing.exists() and not missing.parent.exists()
    status = cli("ingest", "status", "--strategy", "norrbotten", "--db", str(missing))
    assert status.stderr == done.stderr  # one wording (ingest.errors.no_database_message)


def closed_pipe_run(*args) -> subprocess.CompletedProcess:
    """Run with stdout a pipe nobody reads any more (as `| head -3` after its three lines)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([PYTHON, "-m", *args], stdout=write, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    finally:
        os.close(write)


def test_output_into_a_closed_pipe_ends_quietly(shipped):
    for args in (("ingest", "health", "--format", "json", "--db", str(shipped)),
                 ("ingest", "status", "--strategy", "norrbotten", "--db", str(shipped)),
                 ("ingest", "--help"), ("dashboard", "report", "--help")):
        done = closed_pipe_run(*args)
        assert "BrokenPipeError" not in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
        assert done.returncode in (0, 141), (args, done.returncode)
