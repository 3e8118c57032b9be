"""The nightly run tells IT about every failure, not only failed datasets: a broken
indicators.yml, a damaged database, a lock held too long, a crash; systemd's OnFailure= reaches
IT for what the run cannot report itself; cron mails only the failing run's own output."""

import configparser
import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ingest.store import PAGE_SIZE
from tests.test_database_access import open_folder, run_as_other_user  # noqa: F401  (a fixture)

ROOT = Path(__file__).parent.parent
SYSTEMD = ROOT / "deploy" / "systemd"

MANUAL_CONFIG = """
sources:
  manual: {kind: csv, directory: data/manual}
datasets:
  strategy_figures: {source: manual, table: strategy_figures.csv}
"""
FIGURES = ("series,region,period,value,unit,source,note\n"
           "tourism_work_units,25,2015,4068,annual work units,\"Region Norrbotten, S3 kortversion\",\n")


@pytest.fixture
def site(tmp_path):
    """A configuration with one hand-kept dataset (no network needed), as installed."""
    (tmp_path / "data" / "manual").mkdir(parents=True)
    (tmp_path / "data" / "manual" / "strategy_figures.csv").write_text(FIGURES)
    (tmp_path / "indicators.yml").write_text(textwrap.dedent(MANUAL_CONFIG))
    return tmp_path


@pytest.fixture
def hook(httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_json({})

    def received():
        return [json.loads(request.data) for request, _ in httpserver.log if request.path == "/hook"]

    received.url = httpserver.url_for("/hook")
    return received


def nightly(site, hook_url, *extra, env=None):
    return subprocess.run(
        [sys.executable, "-m", "ingest", "run", "--due", "--config", str(site / "indicators.yml"),
         "--db", str(site / "data" / "s3.db"), *extra],
        capture_output=True, text=True, cwd=site, env={**os.environ, "S3_WEBHOOK_URL": hook_url, **(env or {})},
    )


def test_a_broken_indicators_yml_is_told_through_the_environment_webhook(site, hook):
    (site / "indicators.yml").write_text(MANUAL_CONFIG.replace("  strategy_figures:", "\tstrategy_figures:"))
    done = nightly(site, hook.url)
    assert done.returncode == 1 and "a tab character; indent with spaces" in done.stderr
    (note,) = hook()
    assert note["subject"] == "S3 ingest: the configuration has errors; nothing was fetched"
    assert note["error"]["kind"] == "config" and "indicators.yml:" in note["text"]
    assert "python -m ingest run --due" in note["text"] and "The stored data are unchanged." in note["text"]


def test_a_configuration_error_is_told_by_the_files_own_webhook_too(site, hook):
    (site / "indicators.yml").write_text(textwrap.dedent(MANUAL_CONFIG) + f"notifications: {{webhook: {{url: \"{hook.url}\"}}}}\n"
                                         + "assessment: {no_such_setting: 1}\n")
    done = subprocess.run([sys.executable, "-m", "ingest", "run", "--due", "--config", str(site / "indicators.yml"),
                           "--db", str(site / "s3.db")], capture_output=True, text=True, cwd=site,
                          env={k: v for k, v in os.environ.items() if not k.startswith("S3_")})
    assert done.returncode == 1 and "no_such_setting" in done.stderr
    (note,) = hook()
    assert note["error"]["kind"] == "config" and "no_such_setting" in note["text"]


def test_a_damaged_database_is_told(site, hook):
    assert nightly(site, hook.url).returncode == 0
    db = site / "data" / "s3.db"
    with open(db, "r+b") as handle:  # overwrite the insides of every page but the first
        for page in range(1, db.stat().st_size // PAGE_SIZE):
            handle.seek(page * PAGE_SIZE + 100)
            handle.write(b"\xde\xad\xbe\xef" * 1000)
    done = nightly(site, hook.url, "--force")
    assert done.returncode == 1 and "is damaged" in done.stderr
    (note,) = hook()
    assert note["subject"] == "S3 ingest: the database is damaged; nothing was fetched"
    assert "Restore it from the latest backup" in note["text"]


def test_a_database_the_run_may_not_write_is_told_as_access_not_damage(site, hook, open_folder):
    installed = open_folder / "site"
    shutil.copytree(site, installed)
    for path in (installed, *installed.rglob("*")):  # as installed: every user may read it
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert nightly(installed, hook.url).returncode == 0
    prefix = run_as_other_user()
    folder = installed / "data"
    folder.chmod(0o755 if prefix else 0o555)  # readable, not writable by the user who runs the night's job
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "ingest", "run", "--due", "--force", "--config", str(installed / "indicators.yml"),
             "--db", str(folder / "s3.db")],
            capture_output=True, text=True, cwd=installed, env={**os.environ, "S3_WEBHOOK_URL": hook.url})
    finally:
        folder.chmod(0o755)
    assert done.returncode == 1 and "cannot write the database" in done.stderr, done.stderr
    (note,) = hook()
    assert note["subject"] == "S3 ingest: the database cannot be written; nothing was fetched"
    assert note["error"]["kind"] == "access" and "The database is not damaged." in note["text"]
    assert "damaged;" not in note["subject"]


def with_a_live_dataset(site: Path) -> None:
    """``site``'s configuration with a dataset of a network source too (the snapshot's business)."""
    (site / "indicators.yml").write_text(textwrap.dedent(MANUAL_CONFIG).replace("datasets:\n", (
        "  scb: {kind: pxweb, base_url: \"http://127.0.0.1:9/api/v2\"}\ndatasets:\n"
        "  population: {source: scb, table: TAB638, selection: {Region: [\"25\"]}}\n")))


def test_a_run_stopped_by_an_error_of_its_own_is_told(site, hook):
    with_a_live_dataset(site)
    done = nightly(site, hook.url, "--offline", "--snapshot", str(site / "no-snapshot-here"))
    assert done.returncode == 1 and "no snapshot at" in done.stderr and "Traceback" not in done.stderr
    (note,) = hook()
    assert note["subject"] == "S3 ingest: the run stopped with an error" and note["error"]["kind"] == "failed"
    assert f"no snapshot at {site / 'no-snapshot-here'}" in note["text"] and "--offline" in note["text"]


def hold_lock(db: Path, started: datetime) -> subprocess.Popen:
    """Another run holding the lock since ``started`` (as the lock file says)."""
    script = textwrap.dedent("""
        import fcntl, json, sys
        handle = open(sys.argv[1] + ".lock", "a+")
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0); handle.truncate()
        handle.write(json.dumps({"pid": 4242, "command": "run", "started": sys.argv[2]})); handle.flush()
        print("locked", flush=True)
        sys.stdin.readline()
    """)
    holder = subprocess.Popen([sys.executable, "-c", script, str(db), started.isoformat(timespec="seconds")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


@pytest.mark.parametrize("hours, said", [
    (1, "If this message comes again on the next night, the run holding the lock (pid 4242) has probably hung."),
    (30, "The lock has been held for 30 hours"),
])
def test_a_nightly_run_that_meets_a_held_lock_exits_75_and_says_so(site, hook, hours, said):
    db = site / "data" / "s3.db"
    holder = hold_lock(db, datetime.now(timezone.utc) - timedelta(hours=hours))
    try:
        done = nightly(site, hook.url, "--wait", "0")
    finally:
        holder.communicate("done\n", timeout=10)
    assert done.returncode == 75
    (note,) = hook()
    assert note["error"]["kind"] == "locked" and said in note["text"]
    if hours > 24:
        assert "across more than one night" in note["text"] and "`ps -p 4242`" in note["text"]


def test_a_manual_run_that_meets_the_lock_is_told_at_the_terminal_only(site, hook):
    holder = hold_lock(site / "data" / "s3.db", datetime.now(timezone.utc))
    try:
        done = subprocess.run([sys.executable, "-m", "ingest", "run", "--config", str(site / "indicators.yml"), "--db",
                               str(site / "data" / "s3.db"), "--wait", "0"], capture_output=True, text=True,
                              env={**os.environ, "S3_WEBHOOK_URL": hook.url})
    finally:
        holder.communicate("done\n", timeout=10)
    assert done.returncode == 75 and hook() == []


def test_a_crash_is_told_and_still_shows_its_traceback(site, hook):
    with_a_live_dataset(site)
    snapshot = site / "snapshot"  # its manifest names a file that is not there: nothing on the way catches that
    snapshot.mkdir()
    (snapshot / "manifest.json").write_text(json.dumps(
        {"format": 1, "created": "2026-01-01", "built_from": "test",
         "datasets": {"population": {"file": "population.csv", "rows": 1}}}))
    done = nightly(site, hook.url, "--offline", "--snapshot", str(snapshot))
    assert done.returncode == 1 and "Traceback" in done.stderr and "FileNotFoundError" in done.stderr
    (note,) = hook()
    assert note["subject"] == "S3 ingest: the run crashed" and "FileNotFoundError" in note["text"]


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str
    parser.read(SYSTEMD / name)
    return parser


def test_the_service_has_an_on_failure_unit_that_runs_the_notify_command():
    service = unit("s3-ingest.service")
    assert service["Unit"]["OnFailure"] == "s3-ingest-notify@%N.service"
    assert service["Service"]["EnvironmentFile"] == "-/etc/s3-uppfoljning/notify.env"
    notify = unit("s3-ingest-notify@.service")
    assert set(notify.sections()) == {"Unit", "Service"}
    assert notify["Service"]["Type"] == "oneshot" and notify["Service"]["User"] == service["Service"]["User"]
    assert notify["Service"]["EnvironmentFile"] == service["Service"]["EnvironmentFile"]
    assert "-m ingest notify-failure --unit %i" in notify["Service"]["ExecStart"]


def notify_unit_command(site: Path, instance: str) -> list[str]:
    """The template's ExecStart as systemd would run it for ``instance`` (in ``site``)."""
    line = unit("s3-ingest-notify@.service")["Service"]["ExecStart"].replace("%i", instance)
    words = line.split()
    assert words[0] == "/opt/s3-uppfoljning/.venv/bin/python"
    return [sys.executable, *words[1:]]


@pytest.mark.parametrize("monitor, sent", [
    ({"MONITOR_SERVICE_RESULT": "timeout", "MONITOR_EXIT_CODE": "killed", "MONITOR_EXIT_STATUS": "TERM"}, True),
    ({"MONITOR_SERVICE_RESULT": "oom-kill", "MONITOR_EXIT_CODE": "killed", "MONITOR_EXIT_STATUS": "KILL"}, True),
    ({"MONITOR_SERVICE_RESULT": "exit-code", "MONITOR_EXIT_CODE": "exited", "MONITOR_EXIT_STATUS": "2"}, True),
    ({}, True),  # a systemd that does not say how the unit ended
    ({"MONITOR_SERVICE_RESULT": "exit-code", "MONITOR_EXIT_CODE": "exited", "MONITOR_EXIT_STATUS": "1"}, False),
])
def test_the_on_failure_unit_tells_it_what_the_run_could_not_report_itself(site, hook, monitor, sent):
    (site / "indicators.yml").write_text("this: [is: not, valid")  # even with a broken configuration
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "MONITOR_"))}
    done = subprocess.run(notify_unit_command(site, "s3-ingest"), capture_output=True, text=True, cwd=site,
                          env={**env, "S3_WEBHOOK_URL": hook.url, **monitor})
    assert done.returncode == 0, done.stderr
    notes = hook()
    if not sent:
        assert notes == [] and "told IT itself" in done.stderr
        return
    (note,) = notes
    assert note["subject"] == "S3 ingest: the nightly job failed" and note["error"]["kind"] == "unit"
    assert "journalctl -u s3-ingest" in note["text"]
    if monitor:
        assert f"result {monitor['MONITOR_SERVICE_RESULT']}" in note["text"]


def test_the_on_failure_unit_without_any_channel_fails_loudly(site):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "MONITOR_"))}
    done = subprocess.run(notify_unit_command(site, "s3-ingest"), capture_output=True, text=True, cwd=site, env=env)
    assert done.returncode == 1 and "no notification channel is configured: set S3_WEBHOOK_URL" in done.stderr


def cron_command(site: Path) -> str:
    line = next(line for line in (ROOT / "deploy" / "cron.txt").read_text().splitlines()
                if line and not line.startswith("#") and "ingest" in line)
    command = " ".join(line.split()[5:])
    return command.replace("/opt/s3-uppfoljning", str(site)).replace(".venv/bin/python", sys.executable)


def test_the_cron_job_mails_only_the_failing_runs_own_output_and_its_log_does_not_grow(site):
    env = {k: v for k, v in os.environ.items() if not k.startswith("S3_")}
    first = subprocess.run(["sh", "-c", cron_command(site)], capture_output=True, text=True, env=env)
    assert first.returncode == 0 and first.stdout == "" and first.stderr == ""  # cron mails nothing
    log = site / "data" / "ingest-last-run.log"
    assert "dataset=strategy_figures outcome=ok" in log.read_text()
    for _ in range(3):  # night after night: one night's lines, never the history
        subprocess.run(["sh", "-c", cron_command(site)], capture_output=True, text=True, env=env)
        assert log.read_text().count("datasets are due") == 1
    (site / "indicators.yml").write_text(MANUAL_CONFIG.replace("  strategy_figures:", "\tstrategy_figures:"))
    failed = subprocess.run(["sh", "-c", cron_command(site)], capture_output=True, text=True, env=env)
    mailed = failed.stdout + failed.stderr
    assert "a tab character; indent with spaces" in mailed and "outcome=ok" not in mailed  # only this run's output
    assert [p.name for p in (site / "data").iterdir() if p.suffix == ".log"] == ["ingest-last-run.log"]
