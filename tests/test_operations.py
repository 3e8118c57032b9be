"""The nightly, unattended ingest: locks, schedule, notifications, health, logs, deployment files."""

import configparser
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from werkzeug import Response

from ingest.config import load_config
from ingest.health import health
from ingest.lock import AlreadyRunning, IngestLock
from ingest.notify import message, send
from ingest.config import EmailNotification, Notifications, WebhookNotification
from ingest.run import run_ingest
from ingest.schedule import STOCKHOLM, due_datasets, next_run, overdue_datasets, run_forever
from tests.test_run import observations, write_config

ROOT = Path(__file__).parent.parent


def test_a_second_run_on_the_same_database_is_refused(tmp_path):
    db = tmp_path / "s3.db"
    with IngestLock(db):
        with pytest.raises(AlreadyRunning, match="another run is writing to this database \\(pid \\d+"):
            with IngestLock(db):
                pass
    with IngestLock(db):  # released: the next one gets it
        pass


def test_the_cli_exits_75_while_another_run_holds_the_lock(tmp_path, scb_v2):
    config = write_config(tmp_path / "indicators.yml", scb_v2.base_url)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from ingest.lock import IngestLock\n"
         "with IngestLock(sys.argv[1]):\n    print('locked', flush=True); time.sleep(30)", str(tmp_path / "s3.db")],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "ingest", "run", "--config", str(config), "--db", str(tmp_path / "s3.db"),
                           "--wait", "1"], capture_output=True, text=True)
    assert done.returncode == 75 and "another run is writing to this database" in done.stderr
    assert "waiting up to 1 s for it to finish" in done.stderr and "waited 1 s" in done.stderr
    assert time.monotonic() - started < 10  # a bounded wait
    # A crashed holder (SIGKILL) leaves its lock file, but the OS released the lock: taken over,
    # and the dead run is recorded as killed.
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (tmp_path / "s3.db.lock").read_text()
    done = subprocess.run([sys.executable, "-m", "ingest", "run", "--config", str(config), "--db", str(tmp_path / "s3.db")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    from ingest.store import Store

    with Store(tmp_path / "s3.db", readonly=True) as store:
        outcomes = [(r["command"], r["status"]) for r in store.db.query("SELECT * FROM operations ORDER BY id")]
        killed = next(store.db.query("SELECT message FROM operations WHERE status = 'killed'"))["message"]
    assert outcomes == [("run", "killed"), ("run", "ok")]
    assert f"pid {holder.pid} stopped without finishing" in killed


def config_with_cadence(tmp_path, scb_v2):
    path = write_config(tmp_path / "indicators.yml", scb_v2.base_url)
    path.write_text(path.read_text().replace("table: TAB638\n", "table: TAB638\n    refresh: daily\n", 1))
    return load_config(path)


def test_due_and_overdue_follow_each_datasets_cadence(tmp_path, scb_v2):
    config = config_with_cadence(tmp_path, scb_v2)  # population: daily; population_by_sex: monthly
    now = datetime(2026, 11, 22, 2, 30, tzinfo=timezone.utc)
    yesterday = (now - timedelta(days=1, minutes=-1)).isoformat()
    assert due_datasets(config, {"population": yesterday, "population_by_sex": yesterday}, now) == ["population"]
    assert due_datasets(config, {}, now) == ["population", "population_by_sex"]
    old = (now - timedelta(days=3)).isoformat()
    assert overdue_datasets(config, {"population": old, "population_by_sex": yesterday}, now) == [("population", old)]


def test_run_due_fetches_only_what_is_due(tmp_path, scb_v2):
    config_with_cadence(tmp_path, scb_v2)
    args = [sys.executable, "-m", "ingest", "run", "--due", "--config", str(tmp_path / "indicators.yml"), "--db", str(tmp_path / "s3.db")]
    first = subprocess.run(args, capture_output=True, text=True)
    assert "2 of 2 datasets are due" in first.stderr
    second = subprocess.run(args, capture_output=True, text=True)
    assert "0 of 2 datasets are due" in second.stderr and second.returncode == 0


def test_next_run_is_0230_stockholm_time_across_daylight_saving():
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
    assert next_run(summer) == datetime(2026, 7, 2, 0, 30, tzinfo=timezone.utc)  # CEST, UTC+2
    winter = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)
    assert next_run(winter) == datetime(2026, 12, 1, 1, 30, tzinfo=timezone.utc)  # CET, UTC+1
    before_switch = datetime(2026, 10, 24, 12, 0, tzinfo=timezone.utc)  # the night of 25 October
    assert next_run(before_switch).astimezone(STOCKHOLM).hour == 2


def test_the_scheduler_runs_the_job_daily_with_an_injected_clock():
    clock = {"now": datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)}
    ran = []

    def sleep(seconds):
        clock["now"] += timedelta(seconds=seconds)

    def job():
        ran.append(clock["now"].astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M"))
        return 0

    run_forever(job, now=lambda: clock["now"], sleep=sleep, runs=2)
    assert ran == ["2026-11-23 02:30", "2026-11-24 02:30"]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, msg):
            received.append(msg)

    import socket

    with socket.socket() as probe:  # aiosmtpd needs a concrete port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, received
    controller.stop()


def test_failures_are_sent_by_email_and_webhook(smtp_server, httpserver):
    controller, received = smtp_server
    httpserver.expect_request("/hook", method="POST").respond_with_json({"ok": True})
    notifications = Notifications(
        email=EmailNotification(smtp_host="127.0.0.1", smtp_port=controller.port, sender="s3@region.se",
                                recipients=["it@region.se"]),
        webhook=WebhookNotification(url=httpserver.url_for("/hook")),
    )
    note = message("run-1", [("grp_county", "HTTP 503 from https://…")], [("guest_nights_month", None)], "host1")
    assert send(notifications, note) == []
    mail = received[0]
    assert mail["Subject"] == "S3 ingest: 1 failed, 1 overdue" and mail["To"] == "it@region.se"
    assert "grp_county: HTTP 503" in mail.get_payload()
    body = json.loads(httpserver.log[0][0].data)
    assert body["text"].startswith("S3 follow-up ingest run-1 on host1") and body["failures"][0]["dataset"] == "grp_county"


def test_a_broken_notification_channel_is_reported_not_raised(httpserver):
    httpserver.expect_request("/hook").respond_with_data("down", status=500)
    problems = send(Notifications(webhook=WebhookNotification(url=httpserver.url_for("/hook"))), message("r", [("x", "y")], [], "h"))
    assert len(problems) == 1 and "500" in problems[0]


def test_the_cli_notifies_the_webhook_from_the_environment_when_a_dataset_fails(tmp_path, scb_v2, httpserver):
    from tests.fakes.pxweb import problem

    scb_v2.fail("data", lambda: problem(400, "Non-existent value"), times=10)
    httpserver.expect_request("/teams", method="POST").respond_with_json({})
    config = write_config(tmp_path / "indicators.yml", scb_v2.base_url)
    env = {**os.environ, "S3_WEBHOOK_URL": httpserver.url_for("/teams")}
    done = subprocess.run([sys.executable, "-m", "ingest", "run", "--config", str(config), "--db", str(tmp_path / "s3.db")],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 1
    hooks = [json.loads(r.data) for r, _ in httpserver.log if r.path == "/teams"]
    assert hooks and {f["dataset"] for f in hooks[0]["failures"]} == {"population", "population_by_sex"}


def test_health_says_what_is_wrong_and_exits_non_zero(tmp_path, scb_v2, store, clock):
    config = config_with_cadence(tmp_path, scb_v2)
    run_ingest(config, store, clock=clock, sleep=clock.sleep)
    state = health(config, store)
    assert state["healthy"] is True
    later = datetime.now(timezone.utc) + timedelta(days=3)
    assert [o["dataset"] for o in health(config, store, later)["overdue"]] == ["population"]
    scb_v2.fail("data", lambda: Response("", status=500), times=10)
    run_ingest(config, store, force=True, clock=clock, sleep=clock.sleep)
    done = subprocess.run([sys.executable, "-m", "ingest", "health", "--config", str(tmp_path / "indicators.yml"),
                           "--db", str(tmp_path / "s3.db"), "--format", "json"], capture_output=True, text=True)
    assert done.returncode == 1
    assert {f["dataset"] for f in json.loads(done.stdout)["failing"]} == {"population", "population_by_sex"}


@pytest.mark.parametrize("before", [True, False], ids=["before the command", "after the command"])
def test_one_structured_log_line_per_dataset_goes_to_the_log_file(tmp_path, scb_v2, before):
    config = write_config(tmp_path / "indicators.yml", scb_v2.base_url)
    log = tmp_path / "ingest.log"
    options = ["--log-file", str(log)]
    command = ["run", "--config", str(config), "--db", str(tmp_path / "s3.db")]
    done = subprocess.run([sys.executable, "-m", "ingest", *(options + command if before else command + options)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = [line for line in log.read_text().splitlines() if "dataset=" in line]
    assert len(lines) == 2 and all("outcome=ok" in line and "duration=" in line for line in lines)


@pytest.mark.parametrize("args", [
    ["-v", "check"], ["check", "-v"], ["--verbose", "check"], ["check", "--verbose"],
])
def test_verbose_is_taken_before_or_after_the_command(args):
    from ingest.cli import build_parser

    assert build_parser().parse_args(args).verbose is True
    assert build_parser().parse_args(["check"]).verbose is False


def test_a_log_file_given_before_the_command_is_kept_when_none_is_given_after_it():
    from ingest.cli import build_parser

    assert str(build_parser().parse_args(["--log-file", "a.log", "check"]).log_file) == "a.log"
    assert str(build_parser().parse_args(["--log-file", "a.log", "check", "--log-file", "b.log"]).log_file) == "b.log"
    assert build_parser().parse_args(["check"]).log_file is None


def test_a_log_file_that_cannot_be_written_is_said_without_a_traceback(tmp_path):
    log = tmp_path / "no such folder" / "ingest.log"
    done = subprocess.run([sys.executable, "-m", "ingest", "check", "--log-file", str(log),
                           "--config", str(ROOT / "indicators.yml")], capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: cannot write the log file {log}: no such file or directory; give --log-file "
                                  "a file in a folder this user may write")


def test_the_scheduled_run_logs_to_the_schedules_log_file(tmp_path, scb_v2, monkeypatch):
    """schedule --log-file: the nightly run's own lines reach the file too (each run sets the log
    up again)."""
    import ingest.schedule
    from ingest.cli import main

    config = write_config(tmp_path / "indicators.yml", scb_v2.base_url)
    log = tmp_path / "s3-ingest.log"
    statuses = []
    monkeypatch.setattr(ingest.schedule, "run_forever", lambda job, at: statuses.append(job()) or 0)
    monkeypatch.setenv("S3_INGEST_NICE", "0")
    assert main(["schedule", "--at", "02:30", "--log-file", str(log), "--config", str(config),
                 "--db", str(tmp_path / "s3.db")]) == 0
    assert statuses == [0]
    lines = [line for line in log.read_text().splitlines() if "dataset=" in line]
    assert len(lines) == 2 and all("outcome=ok" in line for line in lines)


def test_the_systemd_units_and_cron_line_are_well_formed():
    for name, sections in (("s3-ingest.service", {"Unit", "Service"}), ("s3-ingest.timer", {"Unit", "Timer", "Install"})):
        parser = configparser.ConfigParser(strict=True, interpolation=None)
        parser.optionxform = str
        parser.read(ROOT / "deploy" / "systemd" / name)
        assert set(parser.sections()) == sections
    service = configparser.ConfigParser(interpolation=None)
    service.optionxform = str
    service.read(ROOT / "deploy" / "systemd" / "s3-ingest.service")
    assert "-m ingest run --due" in service["Service"]["ExecStart"] and service["Service"]["SuccessExitStatus"] == "75"
    timer = configparser.ConfigParser(interpolation=None)
    timer.optionxform = str
    timer.read(ROOT / "deploy" / "systemd" / "s3-ingest.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 02:30:00 Europe/Stockholm"
    cron = [line for line in (ROOT / "deploy" / "cron.txt").read_text().splitlines() if line and not line.startswith("#")]
    schedule_line = next(line for line in cron if "ingest" in line)
    assert schedule_line.split()[:5] == ["30", "2", "*", "*", "*"]


# --- faults: the database and what readers see --------------------------------------------

def test_a_renamed_variable_at_the_source_fails_clearly_and_keeps_the_data(tmp_path, scb_v2, population_table, store, clock):
    config = load_config(write_config(tmp_path / "indicators.yml", scb_v2.base_url))
    run_ingest(config, store, clock=clock, sleep=clock.sleep)
    before = observations(store, "population")
    population_table.variables[2].code = "Innehall"  # SCB renamed ContentsCode
    population_table.updated = "2026-05-01T06:00:00Z"
    report = run_ingest(config, store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "failed"
    assert "has no variable 'ContentsCode'; its variables: Region, Kon, Innehall, Tid" in report.outcomes[0].message
    assert observations(store, "population") == before


def test_a_full_disk_fails_the_dataset_and_keeps_the_data(tmp_path, scb_v2, store, clock, httpserver):
    from tests.test_pxweb_client import big_table
    from tests.fakes.pxweb import FakePxWeb

    config = load_config(write_config(tmp_path / "indicators.yml", scb_v2.base_url))
    run_ingest(config, store, datasets=["population"], clock=clock, sleep=clock.sleep)
    before = observations(store, "population")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk is all but full
    big = FakePxWeb(httpserver, [big_table()], prefix="/big/api/v2")
    path = tmp_path / "big.yml"
    path.write_text(textwrap.dedent(f"""
        sources:
          scb: {{kind: pxweb, base_url: "{big.base_url}"}}
        datasets:
          big: {{source: scb, table: TAB9, selection: {{Region: ["*"], ContentsCode: ["*"], Tid: ["*"]}}}}
    """))
    report = run_ingest(load_config(path), store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "failed" and "full" in report.outcomes[0].message
    assert observations(store, "population") == before
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.observation_count("big") == 0


def test_readers_see_consistent_data_while_an_ingest_writes(tmp_path, store):
    from ingest.store import Store
    import numpy as np
    from ingest.store import Observations

    n = 200_000
    obs = Observations(np.array(["25"] * n, dtype=object), np.array([str(1900 + i % 100) for i in range(n)], dtype=object),
                       np.array(['{"i":"%d"}' % i for i in range(n)], dtype=object), np.full(n, 1.0),
                       np.full(n, None, dtype=object))
    errors, counts = [], []
    done = threading.Event()

    def read():
        with Store(tmp_path / "s3.db", readonly=True) as reader:
            while not done.is_set():
                try:
                    counts.append(reader.conn.execute("SELECT count(*) FROM observations").fetchone()[0])
                except Exception as exc:  # any error a reader meets is a failure of this test
                    errors.append(exc)
                time.sleep(0.005)

    thread = threading.Thread(target=read)
    thread.start()
    store.write_dataset("big", {"source": "t"}, obs, "run")
    done.set()
    thread.join()
    assert errors == []
    assert set(counts) <= {0, n} and counts  # never a half-written dataset


def _slow():
    time.sleep(0.6)
    return Response("{}", content_type="application/json")


FAULTS = {
    "429-storm": (lambda: Response("", status=429, headers={"Retry-After": "1"}), "HTTP 429"),
    "500": (lambda: Response("", status=500), "HTTP 500"),
    "503": (lambda: Response("", status=503), "HTTP 503"),
    "timeout": (_slow, "Timeout"),
    "truncated": (lambda: Response('{"version":"2.0","class":"dataset","id":["Re', content_type="application/json"), "truncated"),
    "malformed": (lambda: Response("<html>Service unavailable</html>", content_type="text/html"), "not valid JSON"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_after_every_fault_the_store_is_intact_the_failure_recorded_and_the_next_run_succeeds(
    fault, tmp_path, scb_v2, population_table, store, clock
):
    path = write_config(tmp_path / "indicators.yml", scb_v2.base_url)
    path.write_text(path.read_text().replace("language: sv}", "language: sv, timeout: 0.2}"))
    config = load_config(path)
    run_ingest(config, store, clock=clock, sleep=clock.sleep)
    before = observations(store, "population")
    response, reason = FAULTS[fault]
    scb_v2.fail("data", response, times=100)
    report = run_ingest(config, store, datasets=["population"], force=True, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "failed" and reason in report.outcomes[0].message
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert observations(store, "population") == before
    recorded = store.conn.execute("SELECT status, message FROM ingest_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert recorded[0] == "failed" and reason in recorded[1]
    scb_v2.faults.clear()
    again = run_ingest(config, store, datasets=["population"], force=True, clock=clock, sleep=clock.sleep)
    assert again.outcomes[0].status == "ok"
